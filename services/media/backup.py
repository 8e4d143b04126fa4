"""The media service's part of a backup (tools/backup): albums, images, videos and the
registry of stored objects, read and written through the store seam, and the objects
themselves (originals, variants, posters) found through that registry in the service's object
store (files under DATA_DIR/objects, or S3)."""

from .settings import settings
from .store import open_store

SERVICE = "media"
SQLITE_FILE = "media.sqlite3"
# Whether the service keeps objects (bytes) besides its records: the restore checks they are empty.
HOLDS_OBJECTS = True
# Albums before their images; the registry of objects last.
KINDS = ("albums", "images", "videos", "objects")
# What each kind carries, by store (tests/backup/test_coverage.py).
SQLITE_TABLES = {"albums": ("albums",), "images": ("images",), "videos": ("videos",), "objects": ("objects",)}
MONGO_COLLECTIONS = {
    "albums": ("media_albums",),
    "images": ("media_images",),
    "videos": ("media_videos",),
    "objects": ("media_objects",),
}


def has_records(store):
    return any(next(iter(store.export_records(kind)), None) is not None for kind in KINDS)


def object_keys(kind, record):
    """Every stored object is registered in the `objects` kind (see store/__init__.py)."""
    return (record["key"],) if kind == "objects" else ()


# Read by tools/backup/service_part.py.
__all__ = ["open_store", "settings"]
