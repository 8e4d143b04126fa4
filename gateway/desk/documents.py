"""The desk's "Văn bản" (editors and admins): the documents listed and searched, a new document
written with its files (one upload with a progress bar), its fields edited (related and replaced
documents named by their số ký hiệu, as a clerk knows them), a file added or removed, the document
deleted.

Every change is a call to the documents service on the member's behalf (calls.desk_call with the
member's token), so the service checks the role itself and its audit log names the member. The
uploads come from the browser as XMLHttpRequest (the desk's upload script, static/desk/media.js:
`.upload-form`) to a desk URL here, and stream on to the service through gateway/uploads.py; the
service's refusals (type, size, zip bombs, a missing field) come back as JSON, shown beside the
file. Everything else works without JavaScript: plain forms, then back to the page with a
message."""

import re
from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, request, url_for

from portal_common.document_vocabulary import FIELD_MAX_CHARS, STATUS_LABELS, USUAL_TYPES
from portal_common.route_policy import route_policy

from .. import cache_life
from ..documents import presenting  # noqa: F401  (the template filters the pages share)
from ..uploads import forward_upload
from .calls import desk_call, desk_json
from .session import desk_page, member_headers

bp = Blueprint("desk_documents", __name__, url_prefix="/quan-tri")

EDITORS = ("editor",)
PER_PAGE = 50
TEXT_FIELDS = ("number", "type", "issuer", "signer", "field", "summary")
DATE_FIELDS = ("issued_on", "effective_on", "expires_on")
OPTIONAL = ("signer", "field", "effective_on", "expires_on")
_APART = re.compile(r"[\n,;]+")


def _q(value):
    return quote(value, safe="")


def _one(document_id):
    return f"/api/v1/documents/{_q(document_id)}"


def _form_text(name):
    return (request.form.get(name) or "").strip()


def _refused(reply, fallback):
    message = reply.body.get("error", {}).get("message") if isinstance(reply.body, dict) else None
    flash(message or fallback, "error")


def _comparable(number):
    return re.sub(r"\s+", "", number).casefold()


def _ids_of(numbers_text, label):
    """The ids of the documents named by their số ký hiệu (one a line, or apart by commas); None
    (and a flashed message) when one is not found."""
    ids = []
    for number in (part.strip() for part in _APART.split(numbers_text or "")):
        if not number:
            continue
        found = desk_json("documents", "GET", "/api/v1/documents", params={"q": number, "per_page": 5})["items"]
        match = next((item for item in found if _comparable(item["number"]) == _comparable(number)), None)
        if match is None and found and len(found) == 1:
            match = found[0]  # typed loosely ("142 KH BGDDT"): the one document it finds
        if match is None:
            flash(f"{label}: không tìm thấy văn bản số “{number}”.", "error")
            return None
        ids.append(match["id"])
    return ids


def _numbers_of(links):
    return "\n".join(link["number"] for link in links)


@bp.get("/van-ban")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def documents():
    q = request.args.get("q", "").strip()[:200]
    page = request.args.get("page", "1")
    params = {"page": page, "per_page": PER_PAGE, **({"q": q} if q else {})}
    reply = desk_call("documents", "GET", "/api/v1/documents", params=params)
    if not reply.ok:
        _refused(reply, "Không tải được danh sách văn bản.")
        body = {"items": [], "total": 0}
    else:
        body = reply.body
    return render_template(
        "desk/documents/list.html",
        documents=body["items"],
        total=body["total"],
        q=q,
        usual_types=USUAL_TYPES,
        limits=FIELD_MAX_CHARS,
        labels=STATUS_LABELS,
    )


@bp.post("/van-ban")
@desk_page(*EDITORS)
def create_document():
    """The new document's fields and files, from the desk's upload script (a progress bar),
    streamed on to the service; its answer — the document, or its refusal — comes back."""
    return forward_upload("documents", "POST", "/api/v1/documents", extra_headers=member_headers())


@bp.get("/van-ban/<document_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def document(document_id):
    found = desk_json("documents", "GET", _one(document_id))
    return render_template(
        "desk/documents/document.html",
        document=found,
        related_numbers=_numbers_of(found["related_documents"]),
        replaces_numbers=_numbers_of(found["replaces_documents"]),
        usual_types=USUAL_TYPES,
        limits=FIELD_MAX_CHARS,
    )


@bp.post("/van-ban/<document_id>/sua")
@desk_page(*EDITORS)
def update_document(document_id):
    back = url_for(".document", document_id=document_id)
    changes = {name: _form_text(name) for name in (*TEXT_FIELDS, *DATE_FIELDS)}
    for name in OPTIONAL:
        changes[name] = changes[name] or None
    related = _ids_of(_form_text("related"), "Văn bản liên quan")
    replaces = _ids_of(_form_text("replaces"), "Văn bản bị thay thế")
    if related is None or replaces is None:
        return redirect(back)
    changes.update(related=related, replaces=replaces)
    reply = desk_call("documents", "PATCH", _one(document_id), json=changes)
    if reply.ok:
        flash("Đã lưu văn bản.", "success")
    else:
        _refused(reply, "Không lưu được văn bản.")
    return redirect(back)


@bp.post("/van-ban/<document_id>/tep")
@desk_page(*EDITORS)
def add_files(document_id):
    return forward_upload("documents", "POST", _one(document_id) + "/files", extra_headers=member_headers())


@bp.post("/van-ban/<document_id>/tep/<int:n>/xoa")
@desk_page(*EDITORS)
def delete_file(document_id, n):
    reply = desk_call("documents", "DELETE", f"{_one(document_id)}/files/{n}")
    if reply.ok:
        flash("Đã xóa tệp.", "success")
    else:
        _refused(reply, "Không xóa được tệp.")
    return redirect(url_for(".document", document_id=document_id))


@bp.post("/van-ban/<document_id>/xoa")
@desk_page(*EDITORS)
def delete_document(document_id):
    reply = desk_call("documents", "DELETE", _one(document_id))
    if not reply.ok:
        _refused(reply, "Không xóa được văn bản.")
        return redirect(url_for(".document", document_id=document_id))
    flash("Đã xóa văn bản và các tệp của nó.", "success")
    return redirect(url_for(".documents"))
