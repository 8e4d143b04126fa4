"""X-Request-ID: read from the caller or made here, kept in `g`, returned on the response,
forwarded by the gateway, and written into every log line of the request."""

import logging
import re
import time
import uuid

from flask import current_app, g, has_request_context, request

from .route_policy import policy_for

HEADER = "X-Request-ID"
# A caller's id is accepted when it is short and plain; anything else would let a client inject
# text into our logs, so it is replaced by a fresh one.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")

access_log = logging.getLogger("portal.access")


def current_request_id():
    if has_request_context():
        return getattr(g, "request_id", None)
    return None


def outgoing_headers():
    """Headers to send on a call made while serving this request."""
    request_id = current_request_id()
    return {HEADER: request_id} if request_id else {}


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):  # log_request passes it outside a Flask request
            record.request_id = current_request_id()
        return True


def accepted_request_id(offered):
    """The caller's id when it is acceptable, else a fresh one."""
    return offered if offered and _ACCEPTABLE.match(offered) else uuid.uuid4().hex


def log_request(request_id, method, path, route, status, started, client=None, **extra):
    """The one access log line of a request (also written by the gateway's page cache, which
    answers before Flask sees the request). `client` is the caller's address as this process
    judged it (behind trusted proxies, the visitor's), so refused attempts can be traced."""
    duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
    fields = {
        "method": method,
        "path": path,
        "route": route,
        "status": status,
        "duration_ms": duration_ms,
        "client": client,
        **extra,
    }
    access_log.info("request", extra={"fields": fields, "request_id": request_id})


def init_app(app):
    @app.before_request
    def take_request_id():
        g.request_id = accepted_request_id(request.headers.get(HEADER))
        g.request_started = time.perf_counter()
        g.log_extra = {}

    @app.after_request
    def give_request_id(response):
        request_id = getattr(g, "request_id", None)
        if request_id:
            response.headers[HEADER] = request_id
        # Routes machines poll many times a second (health, content version) would drown the log.
        if not policy_for(current_app, request.endpoint).access_log:
            return response
        route = request.url_rule.rule if request.url_rule else None
        log_request(
            request_id,
            request.method,
            request.path,
            route,
            response.status_code,
            getattr(g, "request_started", None),
            client=request.remote_addr,
            **getattr(g, "log_extra", {}),
        )
        return response
