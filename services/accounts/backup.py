"""The accounts service's part of a backup (tools/backup): the staff accounts (with their
password hashes, roles and token versions, so sign-ins and tokens go on working), the whole
audit log with its entry ids, and the tokens ended by a sign-out (a restore must not bring one
back to life), read and written through the store seam."""

from .settings import settings
from .store import open_store

SERVICE = "accounts"
SQLITE_FILE = "accounts.sqlite3"
# Whether the service keeps objects (bytes) besides its records.
HOLDS_OBJECTS = False
KINDS = ("users", "audit", "revoked_tokens")
# What each kind carries, by store (tests/backup/test_coverage.py).
SQLITE_TABLES = {"users": ("users",), "audit": ("audit",), "revoked_tokens": ("revoked_tokens",)}
MONGO_COLLECTIONS = {
    "users": ("accounts",),
    "audit": ("audit_log", "accounts_counters"),
    "revoked_tokens": ("revoked_tokens",),
}


def has_records(store):
    return store.list_users(0, 1)[1] > 0 or store.audit_entries(limit=1)[1] > 0


# Read by tools/backup/service_part.py.
__all__ = ["open_store", "settings"]
