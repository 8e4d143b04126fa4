"""Accounts and the audit log in the embedded SQLite database.

An account change that could remove the last active admin is checked and written in one
IMMEDIATE transaction, so two admins demoting each other at once cannot both succeed. The audit
table refuses UPDATE and DELETE by trigger: append-only even for a bug in this code."""

import json
import sqlite3
import time

from portal_common import sqlite

from . import ACCOUNT_FIELDS, is_active_admin
from .errors import LastActiveAdmin, UsernameTaken

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        categories TEXT,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        token_version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user TEXT,
        action TEXT NOT NULL,
        target TEXT,
        request_id TEXT,
        ip TEXT,
        detail TEXT
    )""",
    # Tokens ended before their time (a sign-out), by their jti, until they would have expired.
    "CREATE TABLE IF NOT EXISTS revoked_tokens (token_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS audit_by_user ON audit (user, id)",
    "CREATE INDEX IF NOT EXISTS audit_by_action ON audit (action, id)",
    "CREATE INDEX IF NOT EXISTS audit_by_target ON audit (target, id)",
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
)
USER_COLUMNS = (
    "username, display_name, roles, categories, password_hash, disabled, token_version, created_at, updated_at, "
    "password_changed_at"
)
AUDIT_COLUMNS = "id, at, user, action, target, request_id, ip, detail"
AUDIT_FIELDS = ("at", "user", "action", "target", "request_id", "ip")
ACTIVE_ADMINS = (
    "SELECT count(*) FROM users WHERE disabled = 0 "
    "AND EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'admin')"
)


def _account(row):
    return {
        "username": row["username"],
        "display_name": row["display_name"],
        "roles": json.loads(row["roles"]),
        "categories": json.loads(row["categories"]) if row["categories"] is not None else None,
        "password_hash": row["password_hash"],
        "disabled": bool(row["disabled"]),
        "token_version": row["token_version"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "password_changed_at": row["password_changed_at"],
    }


def _column_value(name, value):
    if name == "roles":
        return json.dumps(list(value))
    if name == "categories":
        return None if value is None else json.dumps(list(value))
    if name == "disabled":
        return 1 if value else 0
    return value


def _entry(row):
    return {
        "id": row["id"],
        "at": row["at"],
        "user": row["user"],
        "action": row["action"],
        "target": row["target"],
        "request_id": row["request_id"],
        "ip": row["ip"],
        "detail": json.loads(row["detail"]) if row["detail"] is not None else None,
    }


class SqliteAccountStore(sqlite.ThreadConnectionStore):
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)

    # accounts
    def create_user(self, account):
        values = {name: _column_value(name, account.get(name)) for name in ACCOUNT_FIELDS}
        try:
            with sqlite.transaction(self.conn):
                self.conn.execute(
                    f"INSERT INTO users ({USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        account["username"],
                        values["display_name"],
                        values["roles"],
                        values["categories"],
                        values["password_hash"],
                        values["disabled"],
                        int(account.get("token_version", 1)),
                        account["created_at"],
                        values["updated_at"],
                        values["password_changed_at"],
                    ),
                )
        except sqlite3.IntegrityError:
            raise UsernameTaken(account["username"]) from None
        return self.get_user(account["username"])

    def get_user(self, username):
        row = self.conn.execute(f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,)).fetchone()
        return _account(row) if row else None

    def list_users(self, offset, limit):
        total = self.conn.execute("SELECT count(*) FROM users").fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {USER_COLUMNS} FROM users ORDER BY username LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [_account(row) for row in rows], total

    def update_user(self, username, changes, bump_version=False):
        unknown = set(changes) - set(ACCOUNT_FIELDS)
        if unknown:
            raise ValueError(f"not account fields: {sorted(unknown)}")
        conn = self.conn
        with sqlite.transaction(conn):
            row = conn.execute(f"SELECT {USER_COLUMNS} FROM users WHERE username = ?", (username,)).fetchone()
            if row is None:
                return None
            before = _account(row)
            after = {**before, **changes}
            if is_active_admin(before) and not is_active_admin(after):
                if conn.execute(ACTIVE_ADMINS).fetchone()[0] <= 1:
                    raise LastActiveAdmin(username)
            sets = [f"{name} = ?" for name in changes]
            values = [_column_value(name, value) for name, value in changes.items()]
            if bump_version:
                sets.append("token_version = token_version + 1")
            if sets:
                conn.execute(f"UPDATE users SET {', '.join(sets)} WHERE username = ?", (*values, username))
        return self.get_user(username)

    def replace_password_hash(self, username, old_hash, new_hash):
        with sqlite.transaction(self.conn):
            cursor = self.conn.execute(
                "UPDATE users SET password_hash = ? WHERE username = ? AND password_hash = ?",
                (new_hash, username, old_hash),
            )
        return cursor.rowcount == 1

    def active_admin_count(self):
        return self.conn.execute(ACTIVE_ADMINS).fetchone()[0]

    # tokens ended by a sign-out
    def revoke_token(self, token_id, expires_at):
        with sqlite.transaction(self.conn):
            self.conn.execute("DELETE FROM revoked_tokens WHERE expires_at < ?", (int(time.time()),))
            self.conn.execute(
                "INSERT OR REPLACE INTO revoked_tokens (token_id, expires_at) VALUES (?, ?)",
                (token_id, int(expires_at)),
            )

    def token_revoked(self, token_id):
        row = self.conn.execute("SELECT 1 FROM revoked_tokens WHERE token_id = ?", (token_id,)).fetchone()
        return row is not None

    # the audit log
    def add_audit(self, entry):
        detail = entry.get("detail")
        with sqlite.transaction(self.conn):
            entry_id = self.conn.execute(
                "INSERT INTO audit (at, user, action, target, request_id, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry["at"],
                    entry.get("user"),
                    entry["action"],
                    entry.get("target"),
                    entry.get("request_id"),
                    entry.get("ip"),
                    None if detail is None else json.dumps(detail, ensure_ascii=False, separators=(",", ":")),
                ),
            ).lastrowid
        return {"id": entry_id, **{name: entry.get(name) for name in AUDIT_FIELDS}, "detail": detail}

    def audit_entries(self, user=None, action=None, target=None, offset=0, limit=20):
        where, args = [], []
        for column, value in (("user", user), ("action", action), ("target", target)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = self.conn.execute(f"SELECT count(*) FROM audit {clause}", args).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {AUDIT_COLUMNS} FROM audit {clause} ORDER BY id DESC LIMIT ? OFFSET ?", (*args, limit, offset)
        ).fetchall()
        return [_entry(row) for row in rows], total

    # backups (services/accounts/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store (audit entries keep their ids)
    def export_records(self, kind):
        if kind == "users":
            for row in self.conn.execute(f"SELECT {USER_COLUMNS} FROM users ORDER BY username"):
                yield _account(row)
        elif kind == "audit":
            for row in self.conn.execute(f"SELECT {AUDIT_COLUMNS} FROM audit ORDER BY id"):
                yield _entry(row)
        elif kind == "revoked_tokens":
            for row in self.conn.execute("SELECT token_id, expires_at FROM revoked_tokens ORDER BY token_id"):
                yield {"token_id": row["token_id"], "expires_at": row["expires_at"]}
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_records(self, kind, records):
        if kind == "users":
            for account in records:
                self.create_user(account)
        elif kind == "audit":
            with sqlite.transaction(self.conn):
                for entry in records:
                    detail = entry.get("detail")
                    self.conn.execute(
                        f"INSERT INTO audit ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            entry["id"],
                            *(entry.get(name) for name in AUDIT_FIELDS),
                            None if detail is None else json.dumps(detail, ensure_ascii=False, separators=(",", ":")),
                        ),
                    )
        elif kind == "revoked_tokens":
            for record in records:
                self.revoke_token(record["token_id"], record["expires_at"])
        else:
            raise ValueError(f"unknown record kind {kind!r}")
