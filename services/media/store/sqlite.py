"""Media metadata in the embedded SQLite database."""

import json
import os

from portal_common import sqlite

from . import AlbumMissing, OrderMismatch

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS albums (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, cover_image_id TEXT,
        created_at TEXT NOT NULL, sort_key INTEGER NOT NULL, event_date TEXT)""",
    "CREATE INDEX IF NOT EXISTS albums_newest ON albums (sort_key DESC)",
    """CREATE TABLE IF NOT EXISTS images (
        id TEXT PRIMARY KEY, album_id TEXT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
        position INTEGER NOT NULL, title TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
        content_type TEXT NOT NULL, size INTEGER NOT NULL, checksum TEXT NOT NULL,
        created_at TEXT NOT NULL, keys TEXT NOT NULL, alt TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS images_in_album ON images (album_id, position)",
    """CREATE TABLE IF NOT EXISTS videos (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        duration REAL, checksum TEXT NOT NULL, created_at TEXT NOT NULL, sort_key INTEGER NOT NULL,
        key TEXT NOT NULL, poster_key TEXT, width INTEGER, height INTEGER, event_date TEXT,
        frame_key TEXT, sources TEXT NOT NULL DEFAULT '[]')""",
    "CREATE INDEX IF NOT EXISTS videos_newest ON videos (sort_key DESC)",
    """CREATE TABLE IF NOT EXISTS objects (
        key TEXT PRIMARY KEY, owner_id TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        checksum TEXT NOT NULL, created_at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS objects_by_owner ON objects (owner_id)",
)
# Columns added after the first release (in SCHEMA too): a database made before them gets them
# when this process first opens it.
ADDED_COLUMNS = {
    "albums": (("event_date", "TEXT"),),
    "images": (("alt", "TEXT NOT NULL DEFAULT ''"),),
    "videos": (
        ("width", "INTEGER"),
        ("height", "INTEGER"),
        ("event_date", "TEXT"),
        ("frame_key", "TEXT"),
        ("sources", "TEXT NOT NULL DEFAULT '[]'"),
    ),
}
VIDEO_FIELDS = (
    "id",
    "title",
    "content_type",
    "size",
    "duration",
    "checksum",
    "created_at",
    "sort_key",
    "key",
    "poster_key",
    "width",
    "height",
    "event_date",
    "frame_key",
    "sources",
)
_migrated = set()


def _add_missing_columns(conn, path):
    key = (os.getpid(), os.path.abspath(path))
    if key in _migrated:
        return
    with sqlite.transaction(conn):
        for table, columns in ADDED_COLUMNS.items():
            present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns:
                if name not in present:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
    _migrated.add(key)


_ALBUM = "SELECT a.*, (SELECT COUNT(*) FROM images i WHERE i.album_id = a.id) AS image_count FROM albums a"


def _image(row):
    if row is None:
        return None
    image = dict(row)
    image["keys"] = json.loads(image["keys"])
    return image


def _row(row):
    return None if row is None else dict(row)


def _video(row):
    if row is None:
        return None
    video = dict(row)
    video["sources"] = json.loads(video["sources"] or "[]")
    return video


def _assignments(conn, table, record_id, changes):
    """UPDATE `table` SET the `changes` (names checked by the caller); the number of rows hit."""
    if not changes:
        return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE id = ?", (record_id,)).fetchone()[0]
    assignments = ", ".join(f"{name} = ?" for name in changes)
    return conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*changes.values(), record_id)).rowcount


class SqliteMediaStore(sqlite.ThreadConnectionStore):
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)
        _add_missing_columns(self.conn, path)

    # albums
    def add_album(self, album):
        self.conn.execute(
            "INSERT INTO albums (id, title, cover_image_id, created_at, sort_key, event_date)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                album["id"],
                album["title"],
                album.get("cover_image_id"),
                album["created_at"],
                album["sort_key"],
                album.get("event_date"),
            ),
        )

    def get_album(self, album_id):
        return _row(self.conn.execute(_ALBUM + " WHERE a.id = ?", (album_id,)).fetchone())

    def list_albums(self, offset, limit):
        rows = self.conn.execute(
            _ALBUM + " ORDER BY a.sort_key DESC, a.id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        total = self.conn.execute("SELECT COUNT(*) FROM albums").fetchone()[0]
        return [dict(row) for row in rows], total

    def update_album(self, album_id, changes):
        """`changes` may hold title, cover_image_id and event_date; False when the album is missing."""
        allowed = {name: changes[name] for name in ("title", "cover_image_id", "event_date") if name in changes}
        return _assignments(self.conn, "albums", album_id, allowed) == 1

    def delete_album(self, album_id):
        """Removes the album, its images and their object rows; None when missing, else the keys."""
        with sqlite.transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM albums WHERE id = ?", (album_id,)).fetchone() is None:
                return None
            owners = [row[0] for row in self.conn.execute("SELECT id FROM images WHERE album_id = ?", (album_id,))]
            keys = self._drop_objects(owners)
            self.conn.execute("DELETE FROM images WHERE album_id = ?", (album_id,))
            self.conn.execute("DELETE FROM albums WHERE id = ?", (album_id,))
        return keys

    def set_image_order(self, album_id, image_ids):
        with sqlite.transaction(self.conn):
            present = {row[0] for row in self.conn.execute("SELECT id FROM images WHERE album_id = ?", (album_id,))}
            if len(image_ids) != len(present) or set(image_ids) != present:
                raise OrderMismatch(album_id)
            for position, image_id in enumerate(image_ids, start=1):
                self.conn.execute("UPDATE images SET position = ? WHERE id = ?", (position, image_id))

    # images
    def add_image(self, image, objects):
        """Registers the image (appended after the album's last) and its objects in one step."""
        with sqlite.transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM albums WHERE id = ?", (image["album_id"],)).fetchone() is None:
                raise AlbumMissing(image["album_id"])
            position = self.conn.execute(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM images WHERE album_id = ?", (image["album_id"],)
            ).fetchone()[0]
            image = {**image, "position": position}
            self.conn.execute(
                "INSERT INTO images"
                " (id, album_id, position, title, width, height, content_type, size, checksum, created_at, keys, alt)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    image["id"],
                    image["album_id"],
                    position,
                    image["title"],
                    image["width"],
                    image["height"],
                    image["content_type"],
                    image["size"],
                    image["checksum"],
                    image["created_at"],
                    json.dumps(image["keys"]),
                    image.get("alt", ""),
                ),
            )
            self._add_objects(objects)
        return image

    def get_image(self, image_id):
        return _image(self.conn.execute("SELECT * FROM images WHERE id = ?", (image_id,)).fetchone())

    def list_images(self, album_id):
        rows = self.conn.execute("SELECT * FROM images WHERE album_id = ? ORDER BY position, created_at", (album_id,))
        return [_image(row) for row in rows]

    def first_image(self, album_id):
        row = self.conn.execute(
            "SELECT * FROM images WHERE album_id = ? ORDER BY position LIMIT 1", (album_id,)
        ).fetchone()
        return _image(row)

    def update_image(self, image_id, changes):
        """`changes` may hold title and alt; False when the image is missing."""
        allowed = {name: changes[name] for name in ("title", "alt") if name in changes}
        return _assignments(self.conn, "images", image_id, allowed) == 1

    def delete_image(self, image_id):
        with sqlite.transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM images WHERE id = ?", (image_id,)).fetchone() is None:
                return None
            keys = self._drop_objects([image_id])
            self.conn.execute("DELETE FROM images WHERE id = ?", (image_id,))
            self.conn.execute("UPDATE albums SET cover_image_id = NULL WHERE cover_image_id = ?", (image_id,))
        return keys

    # videos
    def add_video(self, video, objects):
        row = {name: video.get(name) for name in VIDEO_FIELDS}
        row["sources"] = json.dumps(video.get("sources") or [])
        with sqlite.transaction(self.conn):
            self.conn.execute(
                f"INSERT INTO videos ({', '.join(VIDEO_FIELDS)}) VALUES ({', '.join('?' for _ in VIDEO_FIELDS)})",
                tuple(row.values()),
            )
            self._add_objects(objects)
        return self.get_video(video["id"])

    def update_video(self, video_id, changes, objects=(), dropped_keys=()):
        """Sets `changes` (title, event_date, poster_key, frame_key, width, height, duration,
        sources, key, content_type, size, checksum), registers `objects` and forgets the object
        rows of `dropped_keys`, in one transaction; False when the video is missing."""
        allowed = {name: changes[name] for name in VIDEO_FIELDS[1:] if name in changes}
        if "sources" in allowed:
            allowed["sources"] = json.dumps(allowed["sources"])
        with sqlite.transaction(self.conn):
            if _assignments(self.conn, "videos", video_id, allowed) != 1:
                return False
            self._add_objects(objects)
            self.conn.executemany("DELETE FROM objects WHERE key = ?", [(key,) for key in dropped_keys])
        return True

    def get_video(self, video_id):
        return _video(self.conn.execute("SELECT * FROM videos WHERE id = ?", (video_id,)).fetchone())

    def list_videos(self, offset, limit):
        rows = self.conn.execute(
            "SELECT * FROM videos ORDER BY sort_key DESC, id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        total = self.conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0]
        return [_video(row) for row in rows], total

    def delete_video(self, video_id):
        with sqlite.transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM videos WHERE id = ?", (video_id,)).fetchone() is None:
                return None
            keys = self._drop_objects([video_id])
            self.conn.execute("DELETE FROM videos WHERE id = ?", (video_id,))
        return keys

    # objects
    def get_object(self, key):
        return _row(self.conn.execute("SELECT * FROM objects WHERE key = ?", (key,)).fetchone())

    def count_objects(self):
        return self.conn.execute("SELECT COUNT(*) FROM objects").fetchone()[0]

    def _add_objects(self, objects):
        self.conn.executemany(
            "INSERT INTO objects (key, owner_id, content_type, size, checksum, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(o["key"], o["owner_id"], o["content_type"], o["size"], o["checksum"], o["created_at"]) for o in objects],
        )

    def _drop_objects(self, owner_ids):
        keys = []
        for owner in owner_ids:
            keys += [row[0] for row in self.conn.execute("SELECT key FROM objects WHERE owner_id = ?", (owner,))]
            self.conn.execute("DELETE FROM objects WHERE owner_id = ?", (owner,))
        return keys

    # backups (services/media/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store; every column of the table goes, so a column
    # added later is carried without a change here
    def export_records(self, kind):
        table = BACKUP_TABLES[kind]
        for row in self.conn.execute(f"SELECT * FROM {table} ORDER BY {BACKUP_ORDER[kind]}"):
            record = dict(row)
            for name in BACKUP_JSON_COLUMNS.intersection(record):
                record[name] = json.loads(record[name]) if record[name] is not None else None
            yield record

    def import_records(self, kind, records):
        table = BACKUP_TABLES[kind]
        columns = {row["name"] for row in self.conn.execute(f"PRAGMA table_info({table})")}
        with sqlite.transaction(self.conn):
            for record in records:
                unknown = set(record) - columns
                if unknown:
                    raise ValueError(f"{table} has no columns {sorted(unknown)}")
                values = [
                    json.dumps(value) if name in BACKUP_JSON_COLUMNS and value is not None else value
                    for name, value in record.items()
                ]
                self.conn.execute(
                    f"INSERT INTO {table} ({', '.join(record)}) VALUES ({', '.join('?' for _ in record)})", values
                )


# Backups: the table of each record kind, in the order they go back (albums before their images),
# how each is read out, and the columns that hold JSON.
BACKUP_TABLES = {"albums": "albums", "images": "images", "videos": "videos", "objects": "objects"}
BACKUP_ORDER = {
    "albums": "sort_key, id",
    "images": "album_id, position, id",
    "videos": "sort_key, id",
    "objects": "key",
}
BACKUP_JSON_COLUMNS = {"keys", "sources"}
