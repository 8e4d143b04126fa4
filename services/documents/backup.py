"""The documents service's part of a backup (tools/backup): every văn bản with its fields, its
links to other documents, its files' records and search words, read and written through the
store seam, and the attached files themselves from the service's object store (files under
DATA_DIR/objects, or S3 in DOCUMENTS_S3_BUCKET)."""

from .settings import settings
from .store import open_store

SERVICE = "documents"
SQLITE_FILE = "documents.sqlite3"
# Whether the service keeps objects (bytes) besides its records: the restore checks they are empty.
HOLDS_OBJECTS = True
KINDS = ("documents",)
# What each kind carries, by store (tests/backup/test_coverage.py).
SQLITE_TABLES = {"documents": ("documents", "document_words")}
MONGO_COLLECTIONS = {"documents": ("documents",)}


def has_records(store):
    return next(iter(store.export_records("documents")), None) is not None


def object_keys(kind, record):
    return tuple(attached["key"] for attached in record.get("files", ()))


# Read by tools/backup/service_part.py.
__all__ = ["open_store", "settings"]
