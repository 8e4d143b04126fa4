"""The media store: one narrow interface, SQLite (embedded default) or MongoDB behind it.

Records are plain dicts (ids are made by the service, times are ISO 8601 strings):
- album:  id, title, cover_image_id, created_at, sort_key; read back with image_count
- image:  id, album_id, title, position, width, height, content_type, size, checksum, created_at,
          keys {"original", "thumb", "large"}
- video:  id, title, content_type, size, duration, checksum, created_at, sort_key, key, poster_key
- object: key, owner_id, content_type, size, checksum, created_at — every stored object is
          registered here with its owner, so bytes are served only for committed uploads and a
          delete knows every key to remove.

Methods that delete return the object keys the caller must then remove from object storage.
"""

import os


class AlbumMissing(LookupError):
    """The album an image was meant for does not exist (or was deleted meanwhile)."""


class OrderMismatch(ValueError):
    """An order list that is not exactly the album's images."""


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoMediaStore

        return MongoMediaStore(config["MONGO_URL"])
    from .sqlite import SqliteMediaStore

    return SqliteMediaStore(os.path.join(config["DATA_DIR"], "media.sqlite3"))
