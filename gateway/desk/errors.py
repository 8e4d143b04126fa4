"""Errors inside the desk: its own page (the desk's layout and navigation) instead of the public
one, JSON for the desk's scripts, and back to the sign-in page when a service says the member's
token is no longer good."""

from flask import jsonify, redirect
from werkzeug.exceptions import HTTPException

from portal_common.errors import ApiError, message_for

from .session import end_session, render_desk_error, sign_in_url
from .wants_json import wants_json


def _answer(status, message, headers=None, code=None):
    if wants_json():
        response = jsonify(error={"code": code or "error", "message": message})
        response.status_code = status
        response.headers.update(headers or {})
        return response
    return render_desk_error(status, message, headers)


def on_api_error(error):
    if error.status == 401:  # the token was refused by a service: the session is over
        end_session("revoked")
        if not wants_json():
            return redirect(sign_in_url())
    return _answer(error.status, error.message, error.headers, error.code)


def on_http_error(error):
    headers = {}
    if error.code == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return _answer(error.code, message_for(error), headers)


def install(blueprint):
    """Call before the blueprint is registered (once: a blueprint is a module's, shared by every
    app made in the process)."""
    if ApiError in blueprint.error_handler_spec[None][None]:
        return
    blueprint.register_error_handler(ApiError, on_api_error)
    blueprint.register_error_handler(HTTPException, on_http_error)
