"""Accounts: what the users API and the first-start command do with them, each change recorded
in the audit log. A change of password, of roles or of categories, and a disable, move the
account's token version: its tokens stop working at once (a token carries its roles, so a role
taken away must not outlive it), and its owner signs in again."""

import logging
import os

from flask import current_app

from portal_common import timefmt
from portal_common.errors import ApiError
from portal_common.store import get_store

from . import audit_log
from .store.errors import LastActiveAdmin, UsernameTaken

log = logging.getLogger(__name__)
ADMIN_USERNAME = "admin"
# Where versions before the contract's "only its hash is kept" wrote the generated password:
# removed when that password changes, so an upgraded portal keeps no stale plaintext.
LEGACY_ADMIN_PASSWORD_FILE = "admin-password"


def public(account):
    """An account as the users API shows it: never its hash."""
    return {
        "username": account["username"],
        "display_name": account["display_name"],
        "roles": list(account["roles"]),
        "categories": account["categories"],
        "disabled": account["disabled"],
        "created_at": account["created_at"],
        "updated_at": account["updated_at"],
        "password_changed_at": account["password_changed_at"],
    }


def signed_in(account):
    """The contract's `user` of a sign-in answer."""
    return {"username": account["username"], "display_name": account["display_name"], "roles": list(account["roles"])}


def checked(account):
    """The `user` of GET /api/v1/auth/check: what other services authorise a write by."""
    return {**signed_in(account), "categories": account["categories"]}


def passwords():
    return current_app.extensions["passwords"]


def acceptable_password(password, username, field="password"):
    problem = passwords().problem(password, username)
    if problem:
        raise ApiError(422, problem, field=field)


def _now():
    return timefmt.to_iso(timefmt.now())


def create(fields, actor, via=None):
    """A new account from checked `fields` (validation.create_body); 409 when the name is taken.
    `via` names what made it when no one signed in did (the first-start command)."""
    acceptable_password(fields["password"], fields["username"])
    now = _now()
    account = {
        "username": fields["username"],
        "display_name": fields["display_name"],
        "roles": fields["roles"],
        "categories": fields.get("categories"),
        "password_hash": passwords().hash(fields["password"]),
        "disabled": False,
        "token_version": 1,
        "created_at": now,
        "updated_at": now,
        "password_changed_at": now,
    }
    try:
        created = get_store().create_user(account)
    except UsernameTaken:
        raise ApiError(409, f"Đã có tài khoản '{fields['username']}'.", field="username") from None
    detail = {"roles": created["roles"], "categories": created["categories"], "display_name": created["display_name"]}
    if via:
        detail["via"] = via
    audit_log.record(audit_log.USER_CREATED, created["username"], user=actor, detail=detail)
    return created


def update(username, fields, actor):
    """Apply checked `fields` (validation.update_body) to `username`'s account: 404 when there is
    none, 409 when the change would leave no active admin (nothing changed then)."""
    store = get_store()
    account = store.get_user(username)
    if account is None:
        raise ApiError(404, f"Không có tài khoản '{username}'.")
    now = _now()
    changes, events, bump = {}, [], False
    for name, action in (("roles", audit_log.ROLES_CHANGED), ("categories", audit_log.CATEGORIES_CHANGED)):
        if name in fields and fields[name] != account[name]:
            changes[name] = fields[name]
            events.append((action, {"from": account[name], "to": fields[name]}))
            bump = True
    if "display_name" in fields and fields["display_name"] != account["display_name"]:
        changes["display_name"] = fields["display_name"]
        events.append((audit_log.NAME_CHANGED, {"from": account["display_name"], "to": fields["display_name"]}))
    if "password" in fields:
        acceptable_password(fields["password"], username)
        changes["password_hash"] = passwords().hash(fields["password"])
        changes["password_changed_at"] = now
        events.append((audit_log.PASSWORD_CHANGED, None))
        bump = True
    if "disabled" in fields and fields["disabled"] != account["disabled"]:
        changes["disabled"] = fields["disabled"]
        events.append((audit_log.DISABLED if fields["disabled"] else audit_log.ENABLED, None))
        bump = bump or fields["disabled"]
    if not changes:
        return account
    changes["updated_at"] = now
    try:
        updated = store.update_user(username, changes, bump_version=bump)
    except LastActiveAdmin:
        raise ApiError(
            409,
            "Không thể bỏ quyền quản trị hoặc khóa quản trị viên cuối cùng đang hoạt động.",
            code="last_admin",
        ) from None
    if updated is None:  # deleted meanwhile (no route deletes accounts today)
        raise ApiError(404, f"Không có tài khoản '{username}'.")
    for action, detail in events:
        audit_log.record(action, username, user=actor, detail=detail)
    if "password" in fields:
        forget_first_password(username)
    return updated


def change_own_password(account, new_password):
    """A signed-in account's own new password (its current one already checked)."""
    acceptable_password(new_password, account["username"], field="new_password")
    now = _now()
    updated = get_store().update_user(
        account["username"],
        {"password_hash": passwords().hash(new_password), "password_changed_at": now, "updated_at": now},
        bump_version=True,
    )
    if updated is None:
        raise ApiError(404, f"Không có tài khoản '{account['username']}'.")
    audit_log.record(audit_log.PASSWORD_CHANGED, account["username"], user=account["username"], detail={"own": True})
    forget_first_password(account["username"])
    return updated


def forget_first_password(username):
    """The generated first password kept in DATA_DIR is no longer the password once it changes:
    a stale plaintext file is worse than none."""
    if username != ADMIN_USERNAME:
        return
    path = os.path.join(current_app.config["DATA_DIR"], LEGACY_ADMIN_PASSWORD_FILE)
    try:
        os.remove(path)
        log.info("first admin password file removed: the password was changed", extra={"fields": {"path": path}})
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("could not remove the first admin password file", exc_info=True, extra={"fields": {"path": path}})
