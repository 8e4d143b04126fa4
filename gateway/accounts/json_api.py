"""The accounts API (/api/v1) in the contract's shapes, passed on to the accounts service as
sent: the service checks every body, every token against the account as it is now, and every
role. The gateway adds what only it can: a per-address limit on sign-ins before any reaches the
service (RATE_LIMIT_SIGN_IN; each costs an argon2 hash there), and the visitor's address in
X-Forwarded-For (proxy.client_headers), which the service's throttling counts failures by.

Writes that need a token are refused here first without one (`signed_in_required`), so no
unauthenticated body reaches the service; sign-in needs none. Never offered: POST
/api/v1/audit, the services' own way into the audit log (machine token only). Nothing here is
cached (CACHE_TTL_ACCOUNTS is 0, the blueprint's answers are no-store)."""

from urllib.parse import quote

from flask import request

from portal_common.auth import signed_in_required
from portal_common.route_policy import route_policy

from .. import cache_life
from ..proxy import forward_json, query_args
from . import api


def _passed_on(method, path, params=None):
    body = request.get_data() if method != "GET" else None
    headers = {"Content-Type": request.content_type or "application/json"} if body is not None else None
    return forward_json("accounts", method, path, params=params, body=body, headers=headers, ttl=0)


def _user_path(username):
    return f"/api/v1/users/{quote(username, safe='')}"


@api.post("/auth/token")
@route_policy(limit="sign-in")
def sign_in():
    return _passed_on("POST", "/api/v1/auth/token")


@api.delete("/auth/token")
@signed_in_required
def sign_out():
    return _passed_on("DELETE", "/api/v1/auth/token")


@api.post("/auth/password")
@signed_in_required
def change_password():
    return _passed_on("POST", "/api/v1/auth/password")


@api.get("/auth/check")
def check():
    return _passed_on("GET", "/api/v1/auth/check")


@api.get("/roles")
@route_policy(cache=cache_life.PUBLISHED)
def roles():
    return _passed_on("GET", "/api/v1/roles")


@api.get("/users")
def users():
    return _passed_on("GET", "/api/v1/users", query_args("page", "per_page"))


@api.post("/users")
@signed_in_required
def create_user():
    return _passed_on("POST", "/api/v1/users")


@api.get("/users/<username>")
def user(username):
    return _passed_on("GET", _user_path(username))


@api.patch("/users/<username>")
@signed_in_required
def update_user(username):
    return _passed_on("PATCH", _user_path(username))


@api.get("/audit")
def audit():
    return _passed_on("GET", "/api/v1/audit", query_args("user", "action", "target", "page", "per_page"))
