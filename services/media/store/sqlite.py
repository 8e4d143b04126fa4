"""Media metadata in the embedded SQLite database."""

import json

from portal_common import sqlite

from . import AlbumMissing, OrderMismatch

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS albums (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, cover_image_id TEXT,
        created_at TEXT NOT NULL, sort_key INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS albums_newest ON albums (sort_key DESC)",
    """CREATE TABLE IF NOT EXISTS images (
        id TEXT PRIMARY KEY, album_id TEXT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
        position INTEGER NOT NULL, title TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
        content_type TEXT NOT NULL, size INTEGER NOT NULL, checksum TEXT NOT NULL,
        created_at TEXT NOT NULL, keys TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS images_in_album ON images (album_id, position)",
    """CREATE TABLE IF NOT EXISTS videos (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        duration REAL, checksum TEXT NOT NULL, created_at TEXT NOT NULL, sort_key INTEGER NOT NULL,
        key TEXT NOT NULL, poster_key TEXT)""",
    "CREATE INDEX IF NOT EXISTS videos_newest ON videos (sort_key DESC)",
    """CREATE TABLE IF NOT EXISTS objects (
        key TEXT PRIMARY KEY, owner_id TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,
        checksum TEXT NOT NULL, created_at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS objects_by_owner ON objects (owner_id)",
)

_ALBUM = "SELECT a.*, (SELECT COUNT(*) FROM images i WHERE i.album_id = a.id) AS image_count FROM albums a"


def _image(row):
    if row is None:
        return None
    image = dict(row)
    image["keys"] = json.loads(image["keys"])
    return image


def _row(row):
    return None if row is None else dict(row)


class SqliteMediaStore:
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)

    def ping(self):
        self.conn.execute("SELECT 1")
        return {"backend": "sqlite"}

    def close(self):
        sqlite.release(self.conn)

    # albums
    def add_album(self, album):
        self.conn.execute(
            "INSERT INTO albums (id, title, cover_image_id, created_at, sort_key) VALUES (?, ?, ?, ?, ?)",
            (album["id"], album["title"], album.get("cover_image_id"), album["created_at"], album["sort_key"]),
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
        """`changes` may hold title and cover_image_id; False when the album is missing."""
        allowed = {name: changes[name] for name in ("title", "cover_image_id") if name in changes}
        if not allowed:
            return self.get_album(album_id) is not None
        assignments = ", ".join(f"{name} = ?" for name in allowed)
        cursor = self.conn.execute(f"UPDATE albums SET {assignments} WHERE id = ?", (*allowed.values(), album_id))
        return cursor.rowcount == 1

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
                " (id, album_id, position, title, width, height, content_type, size, checksum, created_at, keys)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        with sqlite.transaction(self.conn):
            self.conn.execute(
                "INSERT INTO videos"
                " (id, title, content_type, size, duration, checksum, created_at, sort_key, key, poster_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(
                    video[name]
                    for name in (
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
                    )
                ),
            )
            self._add_objects(objects)
        return video

    def get_video(self, video_id):
        return _row(self.conn.execute("SELECT * FROM videos WHERE id = ?", (video_id,)).fetchone())

    def list_videos(self, offset, limit):
        rows = self.conn.execute(
            "SELECT * FROM videos ORDER BY sort_key DESC, id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        total = self.conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0]
        return [dict(row) for row in rows], total

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
