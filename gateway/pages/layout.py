"""Data every page's layout shows (menu of categories, sidebar blocks), fetched beside the page's
own content in one parallel round, and the error page."""

from flask import render_template

from portal_common.errors import ApiError

from ..compose import fetch_parallel
from ..exams import client as exams
from ..media import client as media
from ..news import client as news


def layout_calls():
    return {
        "categories": news.categories,
        "sidebar_photos": media.latest_photos,
        "sidebar_video": media.latest_video,
        "sidebar_exams": exams.exam_list,
    }


def sections_with_layout(calls, with_layout=True):
    """The page's own `calls` and (unless it has no layout, like a print view) the layout's, in
    one parallel round. A 4xx of the page's content stays in its section for the page to judge
    (the lookup page shows it beside the form)."""
    return fetch_parallel({**(layout_calls() if with_layout else {}), **calls})


def sections_or_error_page(calls, with_layout=True):
    """sections_with_layout, with a 4xx of the page's own content (an unknown article or album, a
    page past the last) raised to the friendly error page."""
    sections = sections_with_layout(calls, with_layout)
    for name in calls:
        if isinstance(sections[name].value, ApiError):
            raise sections[name].value
    return sections


def render_error_page(status, message, headers=None):
    titles = {404: "Không tìm thấy trang", 429: "Quá nhiều yêu cầu", 413: "Tệp quá lớn"}
    title = titles.get(status, "Có lỗi xảy ra" if status >= 500 else "Yêu cầu không hợp lệ")
    body = render_template("error.html", s={}, status=status, title=title, message=message)
    return body, status, headers or {}
