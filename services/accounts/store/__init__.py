"""The accounts store: one narrow interface, SQLite (embedded default) or MongoDB behind it.

An account is a dict: username, display_name, roles (list), categories (list, or None for all),
password_hash, disabled (bool), token_version (int), created_at, updated_at, password_changed_at
(ISO 8601 strings, Vietnam time). An audit entry: id (int, increasing), at, user, action,
target, request_id, ip, detail (a dict or None).

    ping(), close()
    create_user(account) → account                  UsernameTaken
    get_user(username) → account | None
    list_users(offset, limit) → (accounts, total)   by username
    update_user(username, changes, bump_version=False) → account | None
        `changes`: any of display_name, roles, categories, disabled, password_hash, updated_at,
        password_changed_at; bump_version adds one to token_version (ending the account's tokens).
        LastActiveAdmin, and nothing changed, when it would leave no active admin.
    replace_password_hash(username, old_hash, new_hash) → bool
        only if the hash is still `old_hash` (a rehash at sign-in never undoes a password change)
    active_admin_count() → int
    add_audit(entry) → entry with its id             append-only: nothing updates or deletes one
    audit_entries(user=None, action=None, target=None, offset=0, limit=20) → (entries, total)
        newest first
    revoke_token(token_id, expires_at) → None        one token ended before its time (a sign-out);
        `expires_at` (epoch seconds) is when it would have ended anyway: kept until then
    token_revoked(token_id) → bool
"""

import os

ACCOUNT_FIELDS = (
    "display_name",
    "roles",
    "categories",
    "disabled",
    "password_hash",
    "updated_at",
    "password_changed_at",
)


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoAccountStore

        return MongoAccountStore(config["MONGO_URL"])
    from .sqlite import SqliteAccountStore

    return SqliteAccountStore(os.path.join(config["DATA_DIR"], "accounts.sqlite3"))


def is_active_admin(account):
    return account is not None and not account["disabled"] and "admin" in account["roles"]
