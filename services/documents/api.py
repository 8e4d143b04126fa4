"""The documents service's JSON API (the contract's "Văn bản"). Reads are public; writes are
the editors' and admins' (staff_required("editor"), or the machine token ADMIN_TOKEN), each
recorded in the audit log (portal_common.audited_writes) and bumping the content version."""

from flask import Blueprint, jsonify, request

from portal_common.auth import staff_required
from portal_common.document_vocabulary import STATUSES
from portal_common.errors import ApiError
from portal_common.json_body import json_object, refuse_lone_surrogates
from portal_common.pagination import page_args, page_body
from portal_common.store import get_store
from portal_common.text_fields import clean_text

from . import catalog, fields, statuses
from .folding import number_key, unique_words
from .serializers import document_json, link_json
from .store import Query
from .uploads import parse_upload

bp = Blueprint("documents_api", __name__, url_prefix="/api/v1")

# The contract's "Văn bản": editors and admins write documents.
editor_required = staff_required("editor")
QUERY_MAX = 200
FILTER_MAX = 200
MAX_QUERY_WORDS = 12


def _filter(name):
    value = request.args.get(name)
    if value is None or value.strip() == "":
        return None
    refuse_lone_surrogates(value, name)
    value = clean_text(value, one_line=True).strip()
    if len(value) > FILTER_MAX:
        raise ApiError(400, f"Bộ lọc '{name}' quá dài.", field=name)
    return value


def _query():
    q = _filter("q") or ""
    if len(q) > QUERY_MAX:
        raise ApiError(400, f"Từ khóa tìm kiếm tối đa {QUERY_MAX} ký tự.", field="q")
    year = _filter("year")
    if year is not None:
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            raise ApiError(400, "Năm phải là 4 chữ số, ví dụ 2024.", field="year")
        year = int(year)
    status = _filter("status")
    if status is not None and status not in STATUSES:
        raise ApiError(400, f"Tình trạng phải là một trong: {', '.join(STATUSES)}.", field="status")
    key = number_key(q)
    return Query(
        today=statuses.today(),
        # One character would match nearly every số ký hiệu; from two on it narrows.
        number_key=key if len(key) >= 2 else "",
        words=tuple(unique_words(q)[:MAX_QUERY_WORDS]),
        type=_filter("type"),
        issuer=_filter("issuer"),
        field=_filter("field"),
        year=year,
        status=status,
    )


def _detail(record):
    today = statuses.today()
    store = get_store()
    body = document_json(record, today)
    body["related_documents"] = [link_json(other, today) for other in store.get_many(record["related"])]
    body["replaces_documents"] = [link_json(other, today) for other in store.get_many(record["replaces"])]
    replacing = [other for other in store.referring_to(record["id"]) if record["id"] in other["replaces"]]
    body["replaced_by"] = [link_json(other, today) for other in replacing]
    return body


@bp.get("/documents")
def list_documents():
    page, per_page = page_args()
    query = _query()
    records, total = get_store().search(query, (page - 1) * per_page, per_page)
    return jsonify(page_body([document_json(record, query.today) for record in records], page, per_page, total))


@bp.get("/documents/facets")
def facets():
    """The filters' values in use, for the filter form."""
    return jsonify({**get_store().facets(), "statuses": list(STATUSES)})


@bp.get("/documents/<document_id>")
def get_document(document_id):
    record = get_store().get(document_id)
    if record is None:
        raise ApiError(404, "Không tìm thấy văn bản.")
    return jsonify(_detail(record))


@bp.post("/documents")
@editor_required
def create_document():
    upload = parse_upload()
    try:
        record = catalog.create(fields.from_form(upload.fields), upload.parts())
    finally:
        upload.close()
    return jsonify(_detail(record)), 201


@bp.patch("/documents/<document_id>")
@editor_required
def update_document(document_id):
    changes = fields.from_json(json_object())
    return jsonify(_detail(catalog.update(document_id, changes)))


@bp.delete("/documents/<document_id>")
@editor_required
def delete_document(document_id):
    catalog.delete(document_id)
    return "", 204


@bp.post("/documents/<document_id>/files")
@editor_required
def add_files(document_id):
    upload = parse_upload()
    try:
        record = catalog.add_files(document_id, upload.parts())
    finally:
        upload.close()
    return jsonify(_detail(record)), 201


@bp.delete("/documents/<document_id>/files/<int:n>")
@editor_required
def delete_file(document_id, n):
    return jsonify(_detail(catalog.remove_file(document_id, n)))
