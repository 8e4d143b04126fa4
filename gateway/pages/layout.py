"""Data every page's layout shows (menu of categories, the site settings of its header and
footer, sidebar blocks), fetched beside the page's own content in one parallel round, and the
error page. The site settings come through the backend's answer cache like any articles data
(emptied by the content version); when the articles service is down the header falls back to
SITE_NAME and the footer to the portal's own links, and the page is still served."""

import logging

from flask import g, has_request_context, render_template

from portal_common.errors import ApiError

from ..compose import fetch_parallel
from ..exams import client as exams
from ..media import client as media
from ..news import client as news
from ..sections import client as sections

log = logging.getLogger(__name__)

ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền truy cập",
    404: "Không tìm thấy trang",
    405: "Không thực hiện được yêu cầu",
    413: "Tệp quá lớn",
    414: "Địa chỉ quá dài",
    429: "Quá nhiều yêu cầu",
    503: "Dịch vụ tạm thời gián đoạn",
}


def layout_calls():
    return {
        "categories": news.categories,
        # The header's name, province and logo, the footer's contacts (the site settings).
        "site": sections.site_settings,
        "sidebar_photos": media.latest_photos,
        "sidebar_video": media.latest_video,
        "sidebar_exams": exams.exam_list,
    }


def sections_with_layout(calls, with_layout=True):
    """The page's own `calls` and (unless it has no layout, like a print view) the layout's, in
    one parallel round. A 4xx of the page's content stays in its section for the page to judge
    (the lookup page shows it beside the form). The layout's sections are kept for the request,
    so that an error page raised after them shows the same menu without asking again."""
    sections = fetch_parallel({**(layout_calls() if with_layout else {}), **calls})
    if with_layout:
        g.layout_sections = {name: sections[name] for name in layout_calls()}
    return sections


def sections_or_error_page(calls, with_layout=True):
    """sections_with_layout, with a 4xx of the page's own content (an unknown article or album, a
    page past the last) raised to the friendly error page."""
    sections = sections_with_layout(calls, with_layout)
    for name in calls:
        if isinstance(sections[name].value, ApiError):
            raise sections[name].value
    return sections


def error_page_sections():
    """The menu's categories for an error page: those the page's view already fetched, else
    fetched now. Never a reason for the error page itself to fail: a dead or broken articles
    service leaves the menu with its fixed items, and the error page does not count as a
    degraded page (its own status already keeps it out of every cache)."""
    if not has_request_context():
        return {}
    kept = g.get("layout_sections")
    if kept is not None:
        return {"categories": kept["categories"], "site": kept["site"]}
    partial_before = set(g.get("partial_backends", ()))
    try:
        return fetch_parallel({"categories": news.categories, "site": sections.site_settings})
    except Exception:  # whatever the menu's fetch does, the error page is served
        log.warning("error page: the menu's categories could not be fetched", exc_info=True)
        return {}
    finally:
        if partial_before:
            g.partial_backends = partial_before
        else:
            g.pop("partial_backends", None)


def render_error_page(status, message, headers=None):
    title = ERROR_TITLES.get(status, "Có lỗi xảy ra" if status >= 500 else "Yêu cầu không hợp lệ")
    body = render_template(
        "error.html", s=error_page_sections(), status=status, title=title, message=message, nav_current=None
    )
    return body, status, headers or {}
