"""The audit log over HTTP: append-only, with no route to change or remove an entry.

POST /api/v1/audit   (machine token only) {"action", "target", "user", "request_id", "client", "detail"}
                     → 201 and the entry; other services record their writes here
                     (portal_common.audit). "ip" is taken for "client" too.
GET  /api/v1/audit?user=&action=&target=&page=&per_page=   (admin) newest first"""

import ipaddress
import json
import re

from flask import Blueprint, jsonify, request

from portal_common.account_vocabulary import (
    AUDIT_ACTION_PATTERN,
    AUDIT_FILTER_MAX_CHARS,
    AUDIT_MAX_CHARS,
    AUDIT_REQUEST_ID_PATTERN,
)
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.pagination import page_args, page_body
from portal_common.request_id import current_request_id
from portal_common.route_policy import blueprint_policy
from portal_common.store import get_store
from portal_common.text_fields import clean_text

from . import audit_log
from .access import admin_only, machine_only

bp = blueprint_policy(Blueprint("accounts_audit", __name__, url_prefix="/api/v1"), cache="no-store")

ACTION = re.compile(AUDIT_ACTION_PATTERN)
REQUEST_ID = re.compile(AUDIT_REQUEST_ID_PATTERN)
ACCEPTED = ("action", "target", "user", "request_id", "client", "ip", "detail")
MAX_CHARS = AUDIT_MAX_CHARS
MAX_DETAIL_BYTES = 8 * 1024
FILTER_MAX_CHARS = AUDIT_FILTER_MAX_CHARS


def _optional_text(body, name):
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"Trường '{name}' phải là chuỗi hoặc null.", field=name)
    value = clean_text(value).strip()
    if len(value) > MAX_CHARS[name]:
        raise ApiError(422, f"Trường '{name}' dài quá {MAX_CHARS[name]} ký tự.", field=name)
    return value or None


def _entry(body):
    for name in body:
        if name not in ACCEPTED:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    action = body.get("action")
    if not isinstance(action, str):
        raise ApiError(400, "Cần trường 'action' (chuỗi).", field="action")
    if not ACTION.fullmatch(action):
        raise ApiError(
            422, "Trường 'action' gồm chữ thường không dấu, số và . _ : - (tối đa 64 ký tự).", field="action"
        )
    request_id = body.get("request_id")
    if request_id is not None and (not isinstance(request_id, str) or not REQUEST_ID.fullmatch(request_id)):
        raise ApiError(422, "Trường 'request_id' không hợp lệ.", field="request_id")
    client_field = "client" if body.get("client") is not None else "ip"
    client = body.get(client_field)
    if client is not None:
        try:
            client = str(ipaddress.ip_address(client)) if isinstance(client, str) else None
        except ValueError:
            client = None
        if client is None:
            raise ApiError(422, f"Trường '{client_field}' phải là một địa chỉ IP.", field=client_field)
    detail = body.get("detail")
    if detail is not None:
        if not isinstance(detail, dict):
            raise ApiError(400, "Trường 'detail' phải là một đối tượng JSON hoặc null.", field="detail")
        if len(json.dumps(detail, ensure_ascii=False).encode("utf-8")) > MAX_DETAIL_BYTES:
            raise ApiError(422, f"Trường 'detail' lớn quá {MAX_DETAIL_BYTES // 1024} KiB.", field="detail")
    return {
        "action": action,
        "target": _optional_text(body, "target"),
        "user": _optional_text(body, "user"),
        # The calling service forwards the request id it serves (X-Request-ID) when the body has none.
        "request_id": request_id or current_request_id(),
        "ip": client,
        "detail": detail,
    }


def _filter(name):
    value = request.args.get(name)
    if value is None or value == "":
        return None
    if len(value) > FILTER_MAX_CHARS:
        raise ApiError(400, f"'{name}' dài quá {FILTER_MAX_CHARS} ký tự.", field=name)
    return value


@bp.post("/audit")
@machine_only
def add_entry():
    entry = _entry(json_object())
    # `ip` is the visitor's address the calling service saw, never this caller's (a service).
    recorded = audit_log.record(
        entry["action"],
        entry["target"],
        user=entry["user"],
        detail=entry["detail"],
        request_id=entry["request_id"],
        ip=entry["ip"],
    )
    response = jsonify(audit_log.public(recorded))
    response.status_code = 201
    return response


@bp.get("/audit")
@admin_only
def list_entries():
    page, per_page = page_args()
    filters = {name: _filter(name) for name in ("user", "action", "target")}
    found, total = get_store().audit_entries(offset=(page - 1) * per_page, limit=per_page, **filters)
    return jsonify(page_body([audit_log.public(entry) for entry in found], page, per_page, total))
