"""The audit log, for admins: /quan-tri/nhat-ky/, newest first, filtered by user, action and
target (each an exact match, as the accounts service filters), fifty entries a page."""

import json

from flask import Blueprint, render_template, request

from portal_common.account_vocabulary import AUDIT_FILTER_MAX_CHARS as FILTER_MAX_CHARS
from portal_common.route_policy import route_policy

from .. import cache_life
from . import accounts_service
from .session import desk_page

bp = Blueprint("desk_audit", __name__, url_prefix="/quan-tri/nhat-ky")

FILTERS = (("user", "Người thực hiện"), ("action", "Thao tác"), ("target", "Đối tượng"))
PER_PAGE = 50


def detail_text(detail):
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""


@bp.get("/")
@route_policy(cache=cache_life.DESK)
@desk_page("admin")
def audit_log():
    filters = {
        name: request.args.get(name, "").strip()[:FILTER_MAX_CHARS]
        for name, _ in FILTERS
        if request.args.get(name, "").strip()
    }
    text = request.args.get("page", "1")
    page = int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 100_000 else 1
    found = accounts_service.audit(filters, page, PER_PAGE)
    return render_template(
        "desk/audit/list.html", found=found, filters=filters, labels=FILTERS, detail_text=detail_text
    )
