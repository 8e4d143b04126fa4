"""The documents store: one narrow interface, SQLite (embedded default) or MongoDB behind it.

A record is a plain dict (ids made by the service, dates ISO `YYYY-MM-DD`, times ISO 8601):
    id, number, number_key, type, issuer, signer, issued_on, effective_on, expires_on, field,
    summary, related [ids], replaces [ids], files [{n, name, key, size, content_type, checksum,
    created_at, text}], words [folded words for search], year, starts_on, ends_on,
    created_at, updated_at, sort_key, revision, next_file
`starts_on`/`ends_on` bound the days in force (statuses.py); `number_key` is the folded số ký hiệu.

A search (`Query`) matches when the folded số ký hiệu contains `number_key`, or the record holds
every one of `words`; number matches come first, then the newest `issued_on`.
`update(id, revision, changes)` writes only when the record is still at `revision` (two editors,
or two uploads, never overwrite each other's files): False when it moved or is gone."""

import os
from dataclasses import dataclass


class DuplicateNumber(ValueError):
    """Another document already has this số ký hiệu."""


@dataclass(frozen=True)
class Query:
    today: str
    number_key: str = ""
    words: tuple = ()
    type: str = None
    issuer: str = None
    field: str = None
    year: int = None
    status: str = None

    @property
    def searching(self):
        return bool(self.number_key or self.words)


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoDocumentStore

        return MongoDocumentStore(config["MONGO_URL"])
    from .sqlite import SqliteDocumentStore

    return SqliteDocumentStore(os.path.join(config["DATA_DIR"], "documents.sqlite3"))
