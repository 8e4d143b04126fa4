/* "Quay lại" (a[data-back]): back in the reader's history when they came from this site (page 3
   of the category, a search, a related article), else the link's own address (the article's
   category). Without JavaScript the link alone works. Loaded by every page (CSP: 'self'). */
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-back]") : null;
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; /* a new tab: the link */
  var cameFromHere = false;
  try {
    cameFromHere = document.referrer !== "" && new URL(document.referrer).origin === window.location.origin;
  } catch (error) {
    cameFromHere = false;
  }
  if (cameFromHere && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
