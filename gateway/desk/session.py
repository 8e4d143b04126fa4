"""The desk's session: who is signed in, for how long, and the guard on every desk view.

Flask-Login keeps the member in Flask's signed session cookie (key DESK_SECRET_KEY), which
carries the staff token the accounts service issued at sign-in (POST /api/v1/auth/token). The
cookie is the desk's alone: its path is /quan-tri/, so browsers never send it to a public page,
and the session interface neither reads nor writes it anywhere else (the page cache and the
public pages can never depend on it). HttpOnly, SameSite=Lax, Secure behind TLS.

Every desk request asks the accounts service whether the token is still good
(staff_tokens.check_with_accounts, one short call whose valid answer is kept a second), so a
disabled account, a changed password or a role taken away ends the session within that second;
the roles shown and checked are the account's as it is now. The session also ends after
DESK_IDLE_TIMEOUT seconds without a request, and DESK_ABSOLUTE_TIMEOUT after the sign-in, never
later than the token's own expiry.

    @bp.get("/bai-viet")
    @route_policy(cache=cache_life.DESK)
    @desk_page("editor", "approver")      # none named: any signed-in staff member
    def articles(): ...

    current_member().display_name, member_headers()  # → {"Authorization": "Bearer …"}
"""

import functools
import time
from dataclasses import dataclass, field

from flask import current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, login_user, logout_user

from portal_common import staff_tokens
from portal_common.auth import has_role
from portal_common.errors import CODES, ApiError
from portal_common.timefmt import parse_iso

from .wants_json import wants_json

DESK_ROOT = "/quan-tri/"
COOKIE_NAME = "portal_desk"
# What the session cookie holds besides Flask-Login's own keys.
TOKEN_KEY = "desk_token"
SIGNED_IN_KEY = "desk_signed_in_at"
SEEN_KEY = "desk_seen_at"
ENDS_KEY = "desk_ends_at"
ENDED_MESSAGES = {
    "idle": "Phiên làm việc đã kết thúc vì lâu không thao tác. Vui lòng đăng nhập lại.",
    "expired": "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
    "revoked": "Tài khoản đã bị khóa, đổi mật khẩu hoặc đổi quyền. Vui lòng đăng nhập lại.",
    "invalid": "Phiên làm việc không hợp lệ. Vui lòng đăng nhập lại.",
}
FORBIDDEN_MESSAGE = "Tài khoản của bạn không có quyền mở trang này."

login_manager = LoginManager()


@dataclass
class Member:
    """The signed-in staff member, as the accounts service knows the account now."""

    username: str
    display_name: str
    roles: list
    token: str = field(repr=False)
    categories: list = None

    # What Flask-Login asks of a user object.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self):
        return self.username

    def holds(self, *roles):
        """True when the member holds one of `roles` (admin holds every role; none named: True)."""
        return not roles or has_role({"roles": self.roles}, *roles)


def is_desk_path(path):
    return path == DESK_ROOT.rstrip("/") or path.startswith(DESK_ROOT)


class DeskSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, on the desk's paths only: anywhere else a request has an
    empty session that is never saved, so no public answer carries Set-Cookie or Vary: Cookie."""

    def open_session(self, app, request):
        if not is_desk_path(request.path):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not is_desk_path(request.path):
            return
        super().save_session(app, session, response)


def current_member():
    """The signed-in member (a Member), or None."""
    member = current_user._get_current_object()
    return member if isinstance(member, Member) else None


def member_headers():
    """The Authorization header for a call to a service on the signed-in member's behalf: the
    service checks the role itself and audits the member by name."""
    member = current_member()
    if member is None:
        raise ApiError(401, ENDED_MESSAGES["invalid"])
    return {"Authorization": f"Bearer {member.token}"}


def _timeouts():
    return current_app.config["DESK_IDLE_TIMEOUT"], current_app.config["DESK_ABSOLUTE_TIMEOUT"]


def start_session(answer):
    """Sign the member in from the accounts service's sign-in answer {"token", "expires_at",
    "user"}. A new session each time: nothing of a session before the sign-in is kept."""
    now = time.time()
    _, absolute = _timeouts()
    token_ends = parse_iso(answer["expires_at"]).timestamp()
    user = answer["user"]
    session.clear()
    session.permanent = True
    session[TOKEN_KEY] = answer["token"]
    session[SIGNED_IN_KEY] = now
    session[SEEN_KEY] = now
    session[ENDS_KEY] = min(now + absolute, token_ends)
    member = Member(
        user["username"], user.get("display_name") or user["username"], list(user["roles"]), answer["token"]
    )
    login_user(member)
    return member


def end_session(reason=None):
    """Sign out: the cookie is emptied (the browser drops it). With a `reason`, the sign-in page
    says why."""
    logout_user()
    session.clear()
    if reason:
        flash(ENDED_MESSAGES.get(reason, ENDED_MESSAGES["invalid"]), "warning")


@login_manager.user_loader
def _load_member(username):
    token = session.get(TOKEN_KEY)
    if not token:
        return None
    now = time.time()
    idle, _ = _timeouts()
    if now - session.get(SEEN_KEY, 0) > idle:
        return _ended("idle")
    if now >= session.get(ENDS_KEY, 0):
        return _ended("expired")
    try:
        user = staff_tokens.check_with_accounts(current_app.config["ACCOUNTS_URL"], token, _check_timeout())
    except staff_tokens.InvalidStaffToken as error:
        return _ended(error.reason)
    except staff_tokens.AccountsUnavailable:
        raise ApiError(503, "Không kiểm tra được tài khoản lúc này. Vui lòng thử lại sau ít phút.") from None
    if user["username"] != username:
        return _ended("invalid")
    session[SEEN_KEY] = now
    return Member(
        user["username"], user.get("display_name") or username, list(user["roles"]), token, user.get("categories")
    )


def _check_timeout():
    return (current_app.config["BACKEND_CONNECT_TIMEOUT"], current_app.config["BACKEND_READ_TIMEOUT"])


def _ended(reason):
    """Inside the loader (Flask-Login's logout_user would load the member again): empty the
    session, say why on the sign-in page; the request goes on as an anonymous visitor's."""
    session.clear()
    flash(ENDED_MESSAGES.get(reason, ENDED_MESSAGES["invalid"]), "warning")
    return None


def sign_in_url():
    target = request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
    return url_for("desk_signin.sign_in_form", next=target)


def render_desk_error(status, message, headers=None):
    """The desk's own error page (its layout, the member's navigation)."""
    body = render_template("desk/error.html", status=status, message=message)
    return body, status, headers or {}


def _json_refusal(status, message):
    response = jsonify(error={"code": CODES.get(status, "error"), "message": message})
    response.status_code = status
    return response


def desk_page(*roles):
    """Guard a desk view: not signed in → the sign-in page (back here after); signed in without
    any of `roles` (admin holds every role) → a friendly 403 page. No roles: any staff member."""

    def guard(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            member = current_member()
            if member is None:
                if wants_json():  # the desk's scripts: a refusal they can read, not the sign-in page
                    return _json_refusal(401, ENDED_MESSAGES["expired"])
                return redirect(sign_in_url())
            if not member.holds(*roles):
                return (
                    _json_refusal(403, FORBIDDEN_MESSAGE) if wants_json() else render_desk_error(403, FORBIDDEN_MESSAGE)
                )
            answer = view(*args, **kwargs)
            # A desk page is never kept by anyone: a section the page could not fetch (the preview's
            # sidebar) must not turn it into a briefly public answer (compose.py's partial pages).
            g.pop("partial_backends", None)
            return answer

        # What every guarded view says of itself (portal_common.auth), for the proofs that list
        # the writes and who may make them; desk_roles: guarded by the desk's session.
        guarded.admin_required = True
        guarded.required_roles = roles
        guarded.desk_roles = roles
        return guarded

    return guard


def init_app(app):
    """The session cookie's settings, the session interface and Flask-Login."""
    base = app.config.get("PUBLIC_BASE_URL") or ""
    app.session_interface = DeskSessionInterface()
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_PATH=DESK_ROOT,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=base.startswith("https://") or app.config["DESK_COOKIE_SECURE"],
        # The cookie's own life: the absolute timeout (each session also stops at its own).
        PERMANENT_SESSION_LIFETIME=app.config["DESK_ABSOLUTE_TIMEOUT"],
        # Flask-Login's remember-me cookie is never used: a session ends with its timeouts.
        REMEMBER_COOKIE_PATH=DESK_ROOT,
    )
    login_manager.init_app(app)
    login_manager.session_protection = None  # the idle and absolute timeouts, and the account check, end it
