"""Sign-in, the revocation check other services call, one's own password, and the roles.

    POST /api/v1/auth/token     {"username", "password"} → {"token", "expires_at", "user"}
    DELETE /api/v1/auth/token   (staff token) sign out: that token ends now → 204
    GET  /api/v1/auth/check     (staff token) → {"user"} while the token is still good, else 401
    POST /api/v1/auth/password  (staff token) {"current_password", "new_password"} → a new token
    GET  /api/v1/roles          the roles and their Vietnamese names

A sign-in answers one message for an unknown account, a wrong password and a disabled account,
and does the same work for each: the store is asked, argon2 verifies (against a dummy hash when
there is no account), the failure is counted and recorded."""

from flask import Blueprint, current_app, jsonify, request

from portal_common import staff_tokens, timefmt
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.route_policy import route_policy
from portal_common.store import get_store

from . import accounts, audit_log
from .access import CHALLENGE, own_token, signed_in
from .throttle import name_key
from .validation import valid_username

bp = Blueprint("accounts_auth", __name__, url_prefix="/api/v1")

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def _strings(body, names):
    for name in body:
        if name not in names:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    for name in names:
        if not isinstance(body.get(name), str):
            raise ApiError(400, f"Cần trường '{name}' (chuỗi).", field=name)
    return [body[name] for name in names]


def _token_answer(account):
    token, expires_at = staff_tokens.issue(
        current_app.config["AUTH_SIGNING_KEY"], account, current_app.config["ACCESS_TOKEN_HOURS"]
    )
    response = jsonify(token=token, expires_at=timefmt.to_iso(expires_at), user=accounts.signed_in(account))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _throttle():
    return current_app.extensions["signin_throttle"]


@bp.post("/auth/token")
def sign_in():
    username, password = _strings(json_object(), ("username", "password"))
    address = request.remote_addr
    counted_as = name_key(username)
    _throttle().check(address, counted_as)
    wanted = username.strip().lower()
    known = valid_username(wanted)
    account = get_store().get_user(wanted) if known else None
    checker = accounts.passwords()
    if account is None:
        right, reason = checker.verify_unknown(password), "unknown_user"
    else:
        right = checker.verify(account["password_hash"], password)
        reason = "wrong_password" if not right else ("disabled" if account["disabled"] else None)
    if reason is not None:
        locked = _throttle().failed(address, counted_as)
        target = wanted if known else None
        audit_log.record(audit_log.SIGN_IN_FAILED, target, detail={"reason": reason})
        for scope in locked:
            seconds = current_app.config["SIGNIN_LOCKOUT_SECONDS"]
            audit_log.record(audit_log.LOCKED_OUT, target, detail={"scope": scope, "seconds": seconds})
        raise ApiError(401, WRONG_CREDENTIALS, headers=CHALLENGE)
    _throttle().succeeded(address, counted_as)
    detail = None
    if checker.needs_rehash(account["password_hash"]):
        # New argon2 parameters: the password is at hand only now, at sign-in.
        if get_store().replace_password_hash(wanted, account["password_hash"], checker.hash(password)):
            detail = {"rehashed": True}
    audit_log.record(audit_log.SIGN_IN, wanted, user=wanted, detail=detail)
    return _token_answer(account)


@bp.delete("/auth/token")
@signed_in
def sign_out():
    # Only this token ends (the staff member's other sessions go on), kept refused until it
    # would have expired anyway; the desk calls this when someone signs out.
    claims, account = own_token()
    get_store().revoke_token(claims["jti"], claims["exp"])
    audit_log.record(audit_log.SIGN_OUT, account["username"], user=account["username"])
    return "", 204


@bp.get("/auth/check")
@route_policy(cache="no-store")
def check():
    _, account = own_token()
    return jsonify(user=accounts.checked(account))


@bp.post("/auth/password")
@signed_in
def change_password():
    _, account = own_token()
    current, new = _strings(json_object(), ("current_password", "new_password"))
    address = request.remote_addr
    _throttle().check(address, account["username"])
    if not accounts.passwords().verify(account["password_hash"], current):
        _throttle().failed(address, account["username"])
        audit_log.record(
            audit_log.SIGN_IN_FAILED,
            account["username"],
            user=account["username"],
            detail={"reason": "wrong_password", "during": "password_change"},
        )
        raise ApiError(422, "Mật khẩu hiện tại không đúng.", field="current_password")
    _throttle().succeeded(address, account["username"])
    return _token_answer(accounts.change_own_password(account, new))


@bp.get("/roles")
@route_policy(cache="public, max-age=3600")
def roles():
    return jsonify(items=[{"key": key, "name": name} for key, name in staff_tokens.ROLES.items()])
