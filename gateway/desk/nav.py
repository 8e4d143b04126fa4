"""The desk's navigation: one entry per area, shown to the members whose roles open it. A new
area appends its entry to DESK_NAV (one additive edit)."""

from typing import NamedTuple

from flask import current_app, request


class NavEntry(NamedTuple):
    label: str  # what staff read, in Vietnamese
    endpoint: str  # the area's page, for url_for
    roles: tuple = ()  # who sees it (admin sees all); empty: every staff member


DESK_NAV = [
    NavEntry("Tổng quan", "desk_dashboard.dashboard", ()),
    NavEntry("Bài viết", "desk_articles.article_list", ("contributor", "editor", "approver")),
    NavEntry("Tài khoản", "desk_accounts.account_list", ("admin",)),
    NavEntry("Nhật ký", "desk_audit.audit_log", ("admin",)),
    NavEntry("Hình ảnh", "desk_media.albums", ("editor",)),
    NavEntry("Video", "desk_media.videos", ("editor",)),
    NavEntry("Kết quả thi", "desk_exams.exams", ("exam_officer",)),
    NavEntry("Trang giới thiệu", "desk_sections.pages", ("contributor", "editor", "approver")),
    NavEntry("Hỏi đáp", "desk_sections.questions", ("editor", "approver")),
    NavEntry("Cài đặt trang", "desk_sections.settings", ("admin",)),
    NavEntry("Văn bản", "desk_documents.documents", ("editor",)),
]


def entries_for(member):
    """(entry, is_current) for the entries `member` may open, in order."""
    if member is None:
        return []
    here = request.blueprint
    shown = []
    for entry in DESK_NAV:
        if entry.endpoint not in current_app.view_functions or not member.holds(*entry.roles):
            continue
        shown.append((entry, entry.endpoint.partition(".")[0] == here))
    return shown
