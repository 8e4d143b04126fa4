"""gunicorn's own refusals (a malformed request line, a URI or headers too large, an unknown
transfer coding) in the portal's shape: they come before any app sees the request, so gunicorn
wrote them as English HTML without our headers, on /api/ too. Installed from the gunicorn config
(portal_common/gunicorn_conf.py), in the master before the workers fork.

The request may not even have a path, so the answer is the one shape every caller can read: the
contract's JSON error with a Vietnamese message, `no-store`, and headers that keep a browser from
doing anything with it but show it."""

import json

from gunicorn import util

MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    403: ("forbidden", "Yêu cầu bị từ chối."),
    414: ("uri_too_long", "Địa chỉ quá dài."),
    417: ("expectation_failed", "Máy chủ không đáp ứng được yêu cầu Expect."),
    431: ("headers_too_large", "Tiêu đề yêu cầu quá lớn."),
    500: ("internal_error", "Lỗi máy chủ. Vui lòng thử lại sau."),
    501: ("not_implemented", "Kiểu truyền dữ liệu này không được hỗ trợ."),
}
HEADERS = (
    ("Content-Type", "application/json; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Frame-Options", "DENY"),
    ("Connection", "close"),
)
REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    414: "URI Too Long",
    417: "Expectation Failed",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
}


def error_bytes(status):
    code, message = MESSAGES.get(status, ("error", "Yêu cầu không hợp lệ."))
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}"]
    head += [f"{name}: {value}" for name, value in HEADERS]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def write_error(sock, status_int, reason, mesg):
    util.write_nonblock(sock, error_bytes(status_int))


def install():
    util.write_error = write_error
