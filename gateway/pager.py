"""The pager every news list shows, as on the old portal: "Trang đầu", "Trang trước" (past the
first page), a window of at most 5 page numbers around the current one, "Trang sau" (before the
last page), "Trang cuối". Built here once for news, albums and videos; the `pager` macro in templates/news/macros.html
draws it."""

from dataclasses import dataclass

WINDOW = 5


@dataclass(frozen=True)
class PagerLink:
    label: str
    url: str
    current: bool = False
    rel: str = None


def page_window(current, pages, size=WINDOW):
    first = max(1, min(current - size // 2, pages - size + 1))
    return range(first, min(pages, first + size - 1) + 1)


def pager(current, pages, url):
    """Links for page `current` of `pages`; `url(n)` gives page n's address. No pager for one page."""
    if pages <= 1:
        return []
    links = [PagerLink("Trang đầu", url(1))]
    if current > 1:
        links.append(PagerLink("Trang trước", url(current - 1), rel="prev"))
    links.extend(PagerLink(str(n), url(n), current=n == current) for n in page_window(current, pages))
    if current < pages:
        links.append(PagerLink("Trang sau", url(current + 1), rel="next"))
    links.append(PagerLink("Trang cuối", url(pages)))
    return links
