"""The audit log's entries: this service's own (sign-ins, account changes), written straight to
its store, and those other services post (POST /api/v1/audit, portal_common.audit).

Each entry: id, at (Vietnam time, set here: no caller can date an entry), user (who did it: a
username, "ADMIN_TOKEN" for the machine token, null for an anonymous failed sign-in), action,
target, request_id, ip (the client address as this process judged it, behind trusted proxies the
visitor's), detail (a small JSON object, or null). Never a password or a hash."""

from flask import has_request_context, request

from portal_common import timefmt
from portal_common.request_id import current_request_id
from portal_common.store import get_store

SIGN_IN = "auth.sign_in"
SIGN_IN_FAILED = "auth.sign_in_failed"
SIGN_OUT = "auth.sign_out"
LOCKED_OUT = "auth.locked_out"
USER_CREATED = "user.create"
ROLES_CHANGED = "user.roles"
CATEGORIES_CHANGED = "user.categories"
NAME_CHANGED = "user.display_name"
PASSWORD_CHANGED = "user.password"
DISABLED = "user.disable"
ENABLED = "user.enable"
OWN_ACTIONS = (
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    LOCKED_OUT,
    USER_CREATED,
    ROLES_CHANGED,
    CATEGORIES_CHANGED,
    NAME_CHANGED,
    PASSWORD_CHANGED,
    DISABLED,
    ENABLED,
)


FROM_REQUEST = object()


def record(action, target, user=None, detail=None, request_id=FROM_REQUEST, ip=FROM_REQUEST):
    """Append one entry; the request id and client address are the current request's unless given."""
    entry = {
        "at": timefmt.to_iso(timefmt.now()),
        "user": user,
        "action": action,
        "target": target,
        "request_id": current_request_id() if request_id is FROM_REQUEST else request_id,
        "ip": (request.remote_addr if has_request_context() else None) if ip is FROM_REQUEST else ip,
        "detail": detail,
    }
    return get_store().add_audit(entry)


def public(entry):
    return {name: entry.get(name) for name in ("id", "at", "user", "action", "target", "request_id", "ip", "detail")}
