"""The static pages every Sở GD&ĐT portal carries: "Giới thiệu" (chức năng, nhiệm vụ; cơ cấu tổ
chức; Ban Giám đốc), "Liên hệ" and the English page. Each is structured data — the units and the
leaders are lists of records, so pages and the desk render them as they need — with rich text
only where prose is wanted (cleaned by the service's sanitizer).

A page has published content (what readers see) and may have a draft. Writers save: a
contributor only as a draft; an editor or an approver (and admin, the machine token) may also
publish, which puts the content in place and drops the draft. Each save moves the page's version
(its ETag); a save naming an older one in If-Match is refused with 412.

    GET /api/v1/pages/<key>          the published page (404 until one is published)
    GET /api/v1/pages/<key>/edit     writers: {"status", "published", "draft", "version", …}
    PUT /api/v1/pages/<key>          writers: {"status": "draft" | "published", "content": {…}}"""

from flask import Blueprint, g, jsonify, request

from portal_common import audit, timefmt
from portal_common.auth import has_role, staff_required
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.sections_vocabulary import PAGE_FIELDS, PAGE_STATUSES
from portal_common.store import get_store

from . import workflow
from .articles import now_ts
from .section_fields import check_object
from .store.errors import VersionConflict

bp = Blueprint("site_pages", __name__, url_prefix="/api/v1")

PUBLISHERS = ("editor", "approver")
STATUSES = PAGE_STATUSES

PAGES = PAGE_FIELDS


def _known(key):
    if key not in PAGES:
        raise ApiError(404, f"Không có trang '{key}'.")
    return PAGES[key]


def _record_key(key):
    return f"page:{key}"


def _at(ts):
    return None if ts is None else timefmt.to_iso(timefmt.from_epoch(ts))


def _stored(key):
    found = get_store().site_record(_record_key(key))
    if found is None:
        return {"published": None, "draft": None, "published_ts": None, "updated_by": None}, 0, None
    return found["record"], found["version"], found["updated_ts"]


def save(key, status, content, staff=None, version=None):
    """Save `content` (checked) of page `key` as a draft or published; the stored page after it.
    `staff` None: the demo loader (no audit)."""
    record, _, _ = _stored(key)
    ts = now_ts()
    if status == "published":
        record = {**record, "published": content, "draft": None, "published_ts": ts}
    else:
        record = {**record, "draft": content}
    record["updated_by"] = workflow.user_of(staff)
    try:
        saved = get_store().save_site_record(_record_key(key), record, ts, version)
    except VersionConflict as error:
        raise ApiError(
            412,
            "Trang đã có người lưu sau khi bạn mở. Hãy tải lại trang, xem bản mới rồi sửa lại.",
            code="precondition_failed",
            headers={"ETag": workflow.etag(error.current["version"])},
            extra={"current_version": error.current["version"]},
        ) from None
    if staff is not None:
        audit.record(f"page.{status}", key, {"title": content["title"], "version": saved["version"]})
    return saved


def public(key, record, updated_ts):
    return {"key": key, **record["published"], "published_at": _at(record.get("published_ts") or updated_ts)}


@bp.get("/pages/<key>")
def get_page(key):
    _known(key)
    record, version, updated_ts = _stored(key)
    if record["published"] is None:
        raise ApiError(404, "Trang này chưa được đăng.")
    return jsonify(public(key, record, updated_ts))


def _edit_answer(key):
    record, version, updated_ts = _stored(key)
    response = jsonify(
        {
            "key": key,
            "status": "draft" if record["draft"] is not None else ("published" if record["published"] else "draft"),
            "published": record["published"],
            "draft": record["draft"],
            "version": version,
            "updated_at": _at(updated_ts),
            "updated_by": record.get("updated_by"),
        }
    )
    response.set_etag(str(version))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/pages/<key>/edit")
@staff_required(*workflow.WRITERS)
def edit_page(key):
    _known(key)
    return _edit_answer(key)


def _version_named():
    header = request.headers.get("If-Match")
    if header is None:
        return None
    try:
        matches_any, versions = workflow.parse_if_match(header)
    except ValueError:
        raise ApiError(400, 'If-Match phải có dạng "<phiên bản>" (giá trị ETag của trang).', field="If-Match") from None
    if matches_any:
        return None
    if len(versions) != 1 or versions[0] is None:
        raise ApiError(400, 'If-Match phải nêu đúng một phiên bản, dạng "<phiên bản>".', field="If-Match")
    return versions[0]


@bp.put("/pages/<key>")
@staff_required(*workflow.WRITERS)
def put_page(key):
    fields = _known(key)
    body = json_object()
    for name in body:
        if name not in ("status", "content"):
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    status = body.get("status", "draft")
    if status not in STATUSES:
        raise ApiError(422, "Trường 'status' phải là 'draft' hoặc 'published'.", field="status")
    if "content" not in body:
        raise ApiError(400, "Thiếu trường 'content'.", field="content")
    content = check_object(body["content"], fields, partial=False)
    if status == "published" and not has_role(g.staff, *PUBLISHERS):
        raise ApiError(403, "Cộng tác viên chỉ được lưu nháp; biên tập viên sẽ đăng trang.")
    save(key, status, content, g.staff, _version_named())
    return _edit_answer(key)
