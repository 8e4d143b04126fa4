"""Every successful write of a guarded route recorded in the audit log, written once for every
service that owns write routes:

    from portal_common import audited_writes
    audited_writes.init_app(app)          # in the service's create_app

After a POST, PUT, PATCH or DELETE answered 2xx by a view that portal_common.auth guards
(`staff_required`, `admin_required`: the view carries `admin_required = True`), one entry goes to
the accounts service's audit log (portal_common.audit.record): the action is the endpoint's
name (`media_api.create_album`, `exams_api.put_results`), the target the path, the detail the
method, the status and, when the answer is a JSON object with an `id`, that id (what a POST
created). Who did it is the caller portal_common.auth found (g.staff), the request id and the
client address come from the request. A refused or failed write records nothing here (sign-in
failures are the accounts service's own entries).

A write worth its own entry besides (an exam's publication time) calls audit.record itself with
an action of its own. Recording never fails the write: audit.record catches and logs everything,
and so does this hook."""

import logging

from flask import current_app, g, request

from . import audit

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def is_guarded(app, endpoint):
    return bool(getattr(app.view_functions.get(endpoint), "admin_required", False))


def _detail(response):
    detail = {"method": request.method, "status": response.status_code}
    if response.is_json and not response.is_streamed:
        body = response.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("id"), (str, int)):
            detail["id"] = body["id"]
    return detail


def record_write(response):
    """The after_request hook: record `response`'s write when it is one, and succeeded."""
    try:
        if request.method not in WRITE_METHODS or not 200 <= response.status_code < 300:
            return response
        if request.endpoint is None or not is_guarded(current_app, request.endpoint):
            return response
        staff = g.get("staff")
        audit.record(request.endpoint, request.path, _detail(response), user=staff["username"] if staff else None)
    except Exception:  # the write has succeeded: its answer goes out whatever happens here
        log.warning("audit of a write failed", exc_info=True)
    return response


def init_app(app):
    app.after_request(record_write)
    app.extensions["audited_writes"] = True
