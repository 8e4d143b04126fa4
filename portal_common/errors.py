"""JSON errors in the contract's shape: {"error": {"code", "message"}} with the fitting status.

Every error a process answers goes through here, so no caller ever sees an HTML error page from a
service and no unexpected exception leaks a stack trace.
"""

import logging
from urllib.parse import urlsplit

from flask import jsonify, request
from markupsafe import escape
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
    412: "precondition_failed",
    413: "payload_too_large",
    408: "request_timeout",
    414: "uri_too_long",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    422: "unprocessable_entity",
    428: "precondition_required",
    429: "too_many_requests",
    431: "headers_too_large",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
    504: "timeout",
}


# What werkzeug says in English for its own errors, said to our visitors in Vietnamese. A view
# that raises with its own description keeps it.
MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập hoặc mã quản trị.",
    403: "Không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy địa chỉ này.",
    405: "Địa chỉ này không nhận phương thức {method}.",
    408: "Dữ liệu gửi lên ngừng đến quá lâu; yêu cầu đã bị hủy.",
    411: "Cần cho biết độ dài dữ liệu (Content-Length).",
    413: "Dữ liệu gửi lên quá lớn.",
    414: "Địa chỉ quá dài.",
    415: "Kiểu dữ liệu gửi lên không được hỗ trợ.",
    416: "Khoảng dữ liệu yêu cầu không hợp lệ.",
    429: "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
    431: "Tiêu đề yêu cầu quá lớn.",
}


def message_for(error):
    """The visitor's message for a werkzeug HTTPException. Ours are Vietnamese (never plain ASCII);
    werkzeug's own ("The requested URL was not found…", "Failed to decode JSON object") are
    replaced by the Vietnamese one for their status."""
    own = error.description or ""
    if not own.isascii():
        return own
    template = MESSAGES.get(error.code)
    return template.format(method=request.method) if template else (own or error.name)


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
        message = message_for(error)
        if wants_html():
            return html_renderer(error.code, message, headers)
        return _respond(ApiError(error.code, message, headers=headers))

    @app.after_request
    def routing_redirect_in_our_words(response):
        """werkzeug's own redirect to the slashed URL (308) has an English page and an absolute
        Location made from the request's Host: say it in Vietnamese, and point to the path only,
        which no forged Host can change."""
        if response.status_code not in (301, 308) or b"Redirecting..." not in response.get_data():
            return response
        target = urlsplit(response.headers["Location"])
        location = target.path + (f"?{target.query}" if target.query else "")
        response.headers["Location"] = location
        if wants_html():
            response.set_data(
                f'<!doctype html><meta charset="utf-8"><title>Trang đã chuyển</title>'
                f'<p>Trang đã chuyển sang <a href="{escape(location)}">{escape(location)}</a>.</p>'
            )
            response.content_type = "text/html; charset=utf-8"
        else:
            response.set_data(jsonify(location=location).get_data())
            response.content_type = "application/json"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error):
        log.exception("unhandled error")
        message = "Lỗi máy chủ. Vui lòng thử lại sau."
        if wants_html():
            return html_renderer(500, message, {})
        return _respond(ApiError(500, message))
