"""The users API, for admins (an account with the role admin) and the machine token:

    GET   /api/v1/users?page=&per_page=     accounts by username, never a hash
    POST  /api/v1/users                     {"username", "password", "display_name", "roles"[, "categories"]} → 201
    GET   /api/v1/users/<username>
    PATCH /api/v1/users/<username>          any of roles, display_name, password, disabled, categories

The last active admin cannot be demoted or disabled (409, code last_admin)."""

from flask import Blueprint, g, jsonify

from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.pagination import page_args, page_body
from portal_common.route_policy import blueprint_policy
from portal_common.store import get_store

from . import accounts, validation
from .access import admin_only

bp = blueprint_policy(Blueprint("accounts_users", __name__, url_prefix="/api/v1"), cache="no-store")


def _account_or_404(username):
    account = get_store().get_user(username) if validation.valid_username(username) else None
    if account is None:
        raise ApiError(404, f"Không có tài khoản '{username[:60]}'.")
    return account


@bp.get("/users")
@admin_only
def list_users():
    page, per_page = page_args()
    found, total = get_store().list_users((page - 1) * per_page, per_page)
    return jsonify(page_body([accounts.public(account) for account in found], page, per_page, total))


@bp.post("/users")
@admin_only
def create_user():
    fields = validation.create_body(json_object())
    created = accounts.create(fields, g.actor)
    response = jsonify(accounts.public(created))
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/users/{created['username']}"
    return response


@bp.get("/users/<username>")
@admin_only
def get_user(username):
    return jsonify(accounts.public(_account_or_404(username)))


@bp.patch("/users/<username>")
@admin_only
def update_user(username):
    _account_or_404(username)
    fields = validation.update_body(json_object())
    return jsonify(accounts.public(accounts.update(username, fields, g.actor)))
