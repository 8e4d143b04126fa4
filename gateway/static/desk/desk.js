/* The desk's shared script (every desk page loads it, deferred). Requests from desk scripts carry
   the session's CSRF token in the header X-CSRFToken, read from <meta name="csrf-token">, and ask
   for JSON; the member's staff token never reaches JavaScript (it stays in the HttpOnly cookie).

     Desk.fetch(url, {method: "POST", json: {...}})  → a fetch Promise
     Desk.upload(url, body, {method, headers, onprogress(loaded, total)})  → Promise of
       {status, body} (XMLHttpRequest, for upload.onprogress; body parsed as JSON when it is) */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function deskFetch(url, options) {
    options = options || {};
    var headers = Object.assign({ "X-CSRFToken": csrfToken(), Accept: "application/json" }, options.headers || {});
    var sent = { method: options.method || "GET", headers: headers, credentials: "same-origin" };
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      sent.body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      sent.body = options.body;
    }
    return fetch(url, sent);
  }

  function deskUpload(url, body, options) {
    options = options || {};
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(options.method || "POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      Object.keys(options.headers || {}).forEach(function (name) {
        xhr.setRequestHeader(name, options.headers[name]);
      });
      if (options.onprogress) {
        xhr.upload.onprogress = function (event) {
          options.onprogress(event.loaded, event.lengthComputable ? event.total : null);
        };
      }
      xhr.onload = function () {
        var parsed = null;
        try { parsed = JSON.parse(xhr.responseText); } catch (error) { parsed = null; }
        resolve({ status: xhr.status, body: parsed });
      };
      xhr.onerror = function () { reject(new Error("Mất kết nối khi tải lên.")); };
      xhr.send(body);
    });
  }

  /* A confirm() before forms that cannot be undone: <form data-confirm="Xóa tài khoản?">. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  window.Desk = { fetch: deskFetch, upload: deskUpload, csrfToken: csrfToken };
})();
