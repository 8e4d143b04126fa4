"""Signing in to the desk and out: /quan-tri/dang-nhap, /quan-tri/dang-xuat (which ends the
session's token at the accounts service too).

The username and password go to the accounts service's sign-in (POST /api/v1/auth/token) with
the visitor's address in X-Forwarded-For, so its throttling (failures per account and address,
per address) applies as to the API; the gateway first counts the attempt against its own sign-in
limit (route_policy limit "sign-in", RATE_LIMIT_SIGN_IN), the same allowance as the API's."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for

from portal_common.errors import ApiError
from portal_common.route_policy import route_policy

from .. import cache_life
from .calls import desk_call
from .session import DESK_ROOT, current_member, end_session, start_session

bp = Blueprint("desk_signin", __name__, url_prefix="/quan-tri")
log = logging.getLogger(__name__)

USERNAME_MAX = 100
PASSWORD_MAX = 1024
MISSING = "Vui lòng nhập tên đăng nhập và mật khẩu."


def _end_token():
    """The session's token ends at the accounts service too (DELETE /api/v1/auth/token): the
    session is a signed cookie, so a copy taken before the sign-out would otherwise still open the
    desk until the token's expiry. With the service down the cookie is still emptied, and the
    token ends at its expiry."""
    try:
        reply = desk_call("accounts", "DELETE", "/api/v1/auth/token")
    except ApiError:
        log.warning("the accounts service could not end the token at sign-out", exc_info=True)
        return
    if not reply.ok and reply.status != 401:  # 401: it had already ended
        log.warning("the accounts service refused to end the token at sign-out: %s", reply.status)


def _next_target():
    """Where to go after signing in: a desk path named by ?next= (never another site)."""
    target = request.values.get("next", "")
    if target.startswith(DESK_ROOT) and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("desk_dashboard.dashboard")


def _form(status=200, message=None, username="", headers=None):
    body = render_template("desk/signin.html", message=message, username=username, next=_next_target())
    return body, status, headers or {}


@bp.get("/dang-nhap")
@route_policy(cache=cache_life.DESK)
def sign_in_form():
    if current_member() is not None:
        return redirect(_next_target())
    return _form()


@bp.post("/dang-nhap")
@route_policy(limit="sign-in")
def sign_in():
    username = request.form.get("username", "").strip()[:USERNAME_MAX]
    password = request.form.get("password", "")
    if not username or not password or len(password) > PASSWORD_MAX:
        return _form(400, MISSING, username)
    reply = desk_call(
        "accounts", "POST", "/api/v1/auth/token", json={"username": username, "password": password}, as_member=False
    )
    if reply.status == 200:
        start_session(reply.body)
        return redirect(_next_target())
    headers = {"Retry-After": reply.headers["Retry-After"]} if "Retry-After" in reply.headers else None
    return _form(reply.status, reply.error().message, username, headers)


@bp.post("/dang-xuat")
def sign_out():
    if current_member() is not None:
        _end_token()
    end_session()
    flash("Bạn đã đăng xuất.", "success")
    return redirect(url_for("desk_signin.sign_in_form"))
