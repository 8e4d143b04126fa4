"""The audit log's client: a service records each of its writes in the accounts service's
append-only log (POST /api/v1/audit, with the machine token ADMIN_TOKEN).

    from portal_common import audit
    ...
    article = store.insert(...)
    audit.record("article.create", article["slug"], {"title": article["title"]})

Call it after the write has succeeded. It never fails the write that calls it: when the accounts
service cannot be reached, or refuses, the entry is logged (with the request id) and the call
returns False. It waits at most AUDIT_TIMEOUT (connect, then read) for the accounts service.

Who did it (`user`): by default the account named by the request's bearer token (a staff token
verified with AUTH_SIGNING_KEY), or "ADMIN_TOKEN" when the request carried the machine token.
The request id and the client address (request.remote_addr, which behind trusted proxies is the
visitor's) come from the request being served."""

import json
import logging

import requests
from flask import current_app, has_app_context, has_request_context, request

from . import staff_tokens
from .config import env_str
from .request_id import current_request_id, outgoing_headers

log = logging.getLogger(__name__)

AUDIT_PATH = "/api/v1/audit"
DEFAULT_ACCOUNTS_URL = "http://127.0.0.1:8004"
MACHINE_USER = "ADMIN_TOKEN"  # never a username: those are lower-case
DEFAULT_TIMEOUT = (0.5, 2.0)


def _setting(name, default=None):
    if has_app_context():
        value = current_app.config.get(name)
        if value not in (None, ""):
            return value
    return env_str(name, default)


def _timeout():
    """(connect, read) seconds: AUDIT_TIMEOUT bounds the read, the connect takes at most 0.5 s."""
    configured = _setting("AUDIT_TIMEOUT")
    try:
        seconds = float(configured)
    except (TypeError, ValueError):
        return DEFAULT_TIMEOUT
    return (min(0.5, seconds), seconds)


def acting_user():
    """Who the current request acts as: the staff token's username, "ADMIN_TOKEN" for the machine
    token, None outside a request or for a token that is neither."""
    if not has_request_context():
        return None
    token = staff_tokens.bearer_token(request.headers.get("Authorization"))
    if token is None:
        return None
    if staff_tokens.is_machine_token(token, _setting("ADMIN_TOKEN")):
        return MACHINE_USER
    try:
        return staff_tokens.verify(_setting("AUTH_SIGNING_KEY"), token)["sub"]
    except (staff_tokens.InvalidStaffToken, ValueError):
        return None


def record(action, target, detail=None, user=None):
    """Record `action` (e.g. "article.publish") on `target` (e.g. the slug), with an optional
    JSON-able `detail`, in the accounts service's audit log. True when it was recorded; never
    raises."""
    try:
        entry = {
            "action": action,
            "target": None if target is None else str(target),
            "user": user if user is not None else acting_user(),
            "request_id": current_request_id(),
            "client": request.remote_addr if has_request_context() else None,
            "detail": detail,
        }
        token = _setting("ADMIN_TOKEN")
        if not token:
            log.warning("audit entry not recorded: ADMIN_TOKEN is not set", extra={"fields": _fields(entry)})
            return False
        url = str(_setting("ACCOUNTS_URL", DEFAULT_ACCOUNTS_URL)).rstrip("/") + AUDIT_PATH
        body = json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8")
        response = staff_tokens.http_session().post(
            url,
            data=body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                **outgoing_headers(),
            },
            timeout=_timeout(),
        )
        if response.status_code != 201:
            log.warning(
                "audit entry refused by the accounts service",
                extra={"fields": {**_fields(entry), "status": response.status_code, "answer": response.text[:300]}},
            )
            return False
        return True
    except requests.RequestException as error:  # unreachable or too slow: one line says so
        log.warning(
            "audit entry not recorded: the accounts service could not be reached",
            extra={"fields": {**_fields(entry), "error": type(error).__name__}},
        )
        return False
    except Exception:  # the write it belongs to has succeeded: keep the entry in the log instead
        try:
            fields = _fields({"action": action, "target": target, "user": user})
        except Exception:
            fields = {}
        log.warning("audit entry not recorded", exc_info=True, extra={"fields": fields})
        return False


def _fields(entry):
    """What the log line keeps of an entry that did not reach the audit log (never its detail's
    secrets: callers must not put any there, but the log keeps only the names anyway)."""
    return {
        "audit_action": entry.get("action"),
        "audit_target": None if entry.get("target") is None else str(entry.get("target"))[:200],
        "audit_user": entry.get("user"),
    }
