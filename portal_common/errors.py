"""JSON errors in the contract's shape: {"error": {"code", "message"}} with the fitting status.

Every error a process answers goes through here, so no caller ever sees an HTML error page from a
service and no unexpected exception leaks a stack trace.
"""

import logging

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    422: "unprocessable_entity",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "timeout",
}


class ApiError(Exception):
    """An error meant for the caller. `field` names the offending input where there is one."""

    def __init__(self, status, message, code=None, field=None, headers=None, extra=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.field = field
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self):
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        error.update(self.extra)
        return {"error": error}


def _respond(error):
    response = jsonify(error.body())
    response.status_code = error.status
    for name, value in error.headers.items():
        response.headers[name] = value
    return response


def init_app(app, html_renderer=None):
    """Register the handlers. `html_renderer(status, message)` renders a page for browsers
    (the gateway's pages); without it every error is JSON."""

    def wants_html():
        return html_renderer is not None and not request.path.startswith("/api/")

    @app.errorhandler(ApiError)
    def handle_api_error(error):
        if wants_html():
            return html_renderer(error.status, error.message, error.headers)
        return _respond(error)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error):
        headers = {}
        if error.code == 405 and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        if error.code == 429 and getattr(error, "retry_after", None):
            headers["Retry-After"] = str(error.retry_after)
        # Extensions that answer with their own response: keep its Retry-After.
        if error.response is not None:
            for name in ("Retry-After",):
                if name in error.response.headers:
                    headers[name] = error.response.headers[name]
        message = error.description or error.name
        if wants_html():
            return html_renderer(error.code, message, headers)
        return _respond(ApiError(error.code, message, headers=headers))

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        log.exception("unhandled error")
        message = "Lỗi máy chủ. Vui lòng thử lại sau."
        if wants_html():
            return html_renderer(500, message, {})
        return _respond(ApiError(500, message))
