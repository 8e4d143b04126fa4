"""Accounts and the audit log in MongoDB.

`accounts` holds one document per account ({_id: username, …}); `audit_log` one per entry, its
_id a counter from `accounts_counters` (so entries sort newest first by _id, as in SQLite).

The last active admin: a change is written (one atomic single-document update, which returns the
document as it was), then the active admins are counted; if none is left, the change is undone
and refused. Two admins demoting each other at once both see the count after both writes: at
worst both are refused, never both accepted."""

import datetime

import pymongo

from portal_common.mongo import PooledMongoStore, database_for, prepare_once

from . import ACCOUNT_FIELDS, is_active_admin
from .errors import LastActiveAdmin, UsernameTaken

ACTIVE_ADMINS = {"roles": "admin", "disabled": False}


def _account(doc):
    return {
        "username": doc["_id"],
        "display_name": doc["display_name"],
        "roles": list(doc["roles"]),
        "categories": list(doc["categories"]) if doc.get("categories") is not None else None,
        "password_hash": doc["password_hash"],
        "disabled": bool(doc["disabled"]),
        "token_version": int(doc["token_version"]),
        "created_at": doc["created_at"],
        "updated_at": doc["updated_at"],
        "password_changed_at": doc["password_changed_at"],
    }


def _entry(doc):
    return {
        "id": int(doc["_id"]),
        "at": doc["at"],
        "user": doc.get("user"),
        "action": doc["action"],
        "target": doc.get("target"),
        "request_id": doc.get("request_id"),
        "ip": doc.get("ip"),
        "detail": doc.get("detail"),
    }


class MongoAccountStore(PooledMongoStore):
    def __init__(self, url):
        self.db = database_for(url)
        self.accounts = self.db.accounts
        self.audit = self.db.audit_log
        self.counters = self.db.accounts_counters
        self.revoked = self.db.revoked_tokens
        prepare_once("accounts", url, self._prepare)

    def _prepare(self):
        """Indexes."""
        self.accounts.create_index([("roles", 1), ("disabled", 1)])
        for field in ("user", "action", "target"):
            self.audit.create_index(field)
        # MongoDB drops a revoked token once it would have expired anyway.
        self.revoked.create_index("expires", expireAfterSeconds=0)

    # accounts
    def create_user(self, account):
        doc = {"_id": account["username"], **{name: account.get(name) for name in ACCOUNT_FIELDS}}
        doc["disabled"] = bool(doc["disabled"])
        doc["token_version"] = int(account.get("token_version", 1))
        doc["created_at"] = account["created_at"]
        try:
            self.accounts.insert_one(doc)
        except pymongo.errors.DuplicateKeyError:
            raise UsernameTaken(account["username"]) from None
        return self.get_user(account["username"])

    def get_user(self, username):
        doc = self.accounts.find_one({"_id": username})
        return _account(doc) if doc else None

    def list_users(self, offset, limit):
        total = self.accounts.count_documents({})
        docs = self.accounts.find({}).sort([("_id", pymongo.ASCENDING)]).skip(offset).limit(limit)
        return [_account(doc) for doc in docs], total

    def update_user(self, username, changes, bump_version=False):
        unknown = set(changes) - set(ACCOUNT_FIELDS)
        if unknown:
            raise ValueError(f"not account fields: {sorted(unknown)}")
        update = {}
        if changes:
            update["$set"] = dict(changes)
        if bump_version:
            update["$inc"] = {"token_version": 1}
        if not update:
            return self.get_user(username)
        before_doc = self.accounts.find_one_and_update(
            {"_id": username}, update, return_document=pymongo.ReturnDocument.BEFORE
        )
        if before_doc is None:
            return None
        before = _account(before_doc)
        if is_active_admin(before) and not is_active_admin({**before, **changes}):
            if self.accounts.count_documents(ACTIVE_ADMINS) == 0:
                undo = {name: before_doc.get(name) for name in changes}
                undo["token_version"] = before_doc["token_version"]
                self.accounts.update_one({"_id": username}, {"$set": undo})
                raise LastActiveAdmin(username)
        return self.get_user(username)

    def replace_password_hash(self, username, old_hash, new_hash):
        result = self.accounts.update_one(
            {"_id": username, "password_hash": old_hash}, {"$set": {"password_hash": new_hash}}
        )
        return result.modified_count == 1

    def active_admin_count(self):
        return self.accounts.count_documents(ACTIVE_ADMINS)

    # tokens ended by a sign-out
    def revoke_token(self, token_id, expires_at):
        expires = datetime.datetime.fromtimestamp(int(expires_at), datetime.timezone.utc)
        self.revoked.update_one(
            {"_id": token_id}, {"$set": {"expires_at": int(expires_at), "expires": expires}}, upsert=True
        )

    def token_revoked(self, token_id):
        return self.revoked.find_one({"_id": token_id}, {"_id": 1}) is not None

    # the audit log
    def _next_id(self):
        def increment():
            return self.counters.find_one_and_update(
                {"_id": "audit"}, {"$inc": {"n": 1}}, upsert=True, return_document=pymongo.ReturnDocument.AFTER
            )

        try:
            doc = increment()
        except pymongo.errors.DuplicateKeyError:
            # Two first entries at once may both try to insert the counter; the loser's retry finds it.
            doc = increment()
        return int(doc["n"])

    def add_audit(self, entry):
        doc = {
            "_id": self._next_id(),
            **{name: entry.get(name) for name in ("at", "user", "action", "target", "request_id", "ip", "detail")},
        }
        self.audit.insert_one(doc)
        return _entry(doc)

    def audit_entries(self, user=None, action=None, target=None, offset=0, limit=20):
        query = {
            name: value for name, value in (("user", user), ("action", action), ("target", target)) if value is not None
        }
        total = self.audit.count_documents(query)
        docs = self.audit.find(query).sort([("_id", pymongo.DESCENDING)]).skip(offset).limit(limit)
        return [_entry(doc) for doc in docs], total

    # backups (services/accounts/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store (audit entries keep their ids)
    def export_records(self, kind):
        if kind == "users":
            for doc in self.accounts.find({}).sort([("_id", pymongo.ASCENDING)]):
                yield _account(doc)
        elif kind == "audit":
            for doc in self.audit.find({}).sort([("_id", pymongo.ASCENDING)]):
                yield _entry(doc)
        elif kind == "revoked_tokens":
            for doc in self.revoked.find({}).sort([("_id", pymongo.ASCENDING)]):
                yield {"token_id": doc["_id"], "expires_at": int(doc["expires_at"])}
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_records(self, kind, records):
        if kind == "users":
            for account in records:
                self.create_user(account)
        elif kind == "audit":
            last = 0
            for entry in records:
                fields = ("at", "user", "action", "target", "request_id", "ip", "detail")
                self.audit.insert_one({"_id": int(entry["id"]), **{name: entry.get(name) for name in fields}})
                last = max(last, int(entry["id"]))
            # New entries continue after the restored ones.
            self.counters.update_one({"_id": "audit"}, {"$max": {"n": last}}, upsert=True)
        elif kind == "revoked_tokens":
            for record in records:
                self.revoke_token(record["token_id"], record["expires_at"])
        else:
            raise ValueError(f"unknown record kind {kind!r}")
