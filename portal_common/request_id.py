"""X-Request-ID: read from the caller or made here, kept in `g`, returned on the response,
forwarded by the gateway, and written into every log line of the request."""
import logging
import re
import time
import uuid

from flask import g, has_request_context, request

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
        record.request_id = current_request_id()
        return True


def init_app(app):
    @app.before_request
    def take_request_id():
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if _ACCEPTABLE.match(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()
        g.log_extra = {}

    @app.after_request
    def give_request_id(response):
        request_id = getattr(g, "request_id", None)
        if request_id:
            response.headers[HEADER] = request_id
        started = getattr(g, "request_started", None)
        duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
        route = request.url_rule.rule if request.url_rule else None
        access_log.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    **getattr(g, "log_extra", {}),
                }
            },
        )
        return response
