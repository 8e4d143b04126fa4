"""The desk's home, /quan-tri/: what is waiting for the signed-in member — their drafts, what was
returned to them (with the approver's comment), what awaits approval ("Chờ duyệt", for
approvers), what is scheduled, what was published lately — and "Viết bài mới"."""

from flask import Blueprint, render_template

from portal_common.route_policy import route_policy

from .. import cache_life
from ..backends import BackendError
from . import article_service
from .articles import WRITERS, category_names, status_label
from .session import current_member, desk_page

bp = Blueprint("desk_dashboard", __name__, url_prefix="/quan-tri")

SHOWN = 10


UNAVAILABLE = "Chưa tải được danh sách này lúc này; vui lòng tải lại trang sau ít phút."


def _listed(view, owner, per_page=SHOWN):
    """One section's list, or None when the articles service cannot give it now (the rest of
    the dashboard is still shown)."""
    try:
        return article_service.staff_list(view, owner, 1, per_page)
    except BackendError:
        return None


def _sections(member):
    """(key, heading, list answer or None, empty text, show the review) of the member's sections."""
    mine = member.username
    sections = [
        ("returned", "Bị trả lại cho tôi", _listed("returned", mine), "Không có bài nào bị trả lại.", True),
        ("draft", "Bản nháp của tôi", _listed("draft", mine), "Chưa có bản nháp nào.", False),
    ]
    if member.holds("approver"):
        sections.insert(0, ("pending", "Chờ duyệt", _listed("pending", None), "Không có bài nào chờ duyệt.", False))
    else:
        sections.append(
            ("pending", "Tôi đã gửi duyệt", _listed("pending", mine), "Không có bài nào đang chờ duyệt.", False)
        )
    sections.append(("scheduled", "Hẹn giờ đăng", _listed("scheduled", None), "Không có bài nào hẹn giờ đăng.", False))
    sections.append(("published", "Mới đăng", _listed("published", None, 5), "Chưa có bài nào được đăng.", False))
    return sections


def _names():
    try:
        return category_names()
    except BackendError:
        return {}


@bp.get("/")
@route_policy(cache=cache_life.DESK)
@desk_page()
def dashboard():
    member = current_member()
    writes = member.holds(*WRITERS)
    return render_template(
        "desk/dashboard.html",
        writes=writes,
        sections=_sections(member) if writes else [],
        names=_names() if writes else {},
        unavailable=UNAVAILABLE,
        status_label=status_label,
    )
