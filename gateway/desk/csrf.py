"""CSRF protection of the desk (Flask-WTF): every unsafe request to a desk blueprint carries the
session's token, as the form field `csrf_token` (templates) or the header X-CSRFToken (the
desk's JavaScript, from <meta name="csrf-token"> in desk/base.html).

Only the desk is checked: it is the one part of the gateway a browser's cookie signs in to. The
JSON API authenticates with a bearer token, which a browser never adds on its own, so a forged
cross-site request cannot act as anyone there (and its writes come from scripts with no token
to send). A refusal is a friendly Vietnamese 400 page (or JSON for the desk's scripts)."""

from flask import current_app, jsonify, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from .session import render_desk_error
from .wants_json import wants_json

REFUSED_MESSAGE = (
    "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ, nên yêu cầu không được thực hiện. Vui lòng tải lại trang rồi thử lại."
)


class DeskCSRF(CSRFProtect):
    def _get_csrf_token(self):
        # The header first: an upload's body is streamed on to a service (gateway/uploads.py),
        # and looking for the field in its form would read the whole body into memory first.
        for header in current_app.config["WTF_CSRF_HEADERS"]:
            if request.headers.get(header):
                return request.headers[header]
        return super()._get_csrf_token()


csrf = DeskCSRF()


def init_app(app, desk_blueprints):
    """Check every unsafe request to one of `desk_blueprints` (names)."""
    # A desk page may stay open for hours: the token lives as long as the session (which has its
    # own idle and absolute timeouts), not Flask-WTF's default hour.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # checked below, for the desk only
    csrf.init_app(app)

    @app.before_request
    def desk_csrf():
        if request.blueprint in desk_blueprints and app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()

    @app.errorhandler(CSRFError)
    def refused(error):
        if wants_json():
            response = jsonify(error={"code": "csrf_failed", "message": REFUSED_MESSAGE})
            response.status_code = 400
            return response
        return render_desk_error(400, REFUSED_MESSAGE)
