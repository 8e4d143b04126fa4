"""The sections' part of the SQLite articles store (a mixin of SqliteArticleStore): the site
settings and the static pages as versioned records, the logo as a small file, and the public's
questions (Hỏi đáp) with their folded words in an FTS5 table, as articles have theirs.

    site_record(key)                        → {"record", "version", "updated_ts"} or None
    save_site_record(key, record, ts, version=None)
                                            → the saved record at version + 1; VersionConflict when
                                              `version` (0: none yet) is not the current one
    site_file(key) / site_file_info(key) (no bytes) / save_site_file(key, file) / delete_site_file(key)
                                            file: {"content_type", "etag", "width", "height",
                                              "data", "updated_ts"}
    question(id), insert_question(doc, words), update_question(id, changes, words),
    delete_question(id), list_questions(status, words, offset, limit) → (docs, total),
    purge_questions(asked_before)           → (deleted, emails erased)

`words` are a question's folded words (text.unique_words), all of which a search must match."""

import json

from portal_common import sqlite

from .errors import VersionConflict

SCHEMA = (
    # record: the JSON of a settings object or a page (its draft and its published content).
    """CREATE TABLE IF NOT EXISTS site_records (
        key TEXT PRIMARY KEY,
        record TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS site_files (
        key TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        etag TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        data BLOB NOT NULL,
        updated_ts INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        email TEXT,
        title TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT,
        status TEXT NOT NULL,
        asked_ts INTEGER NOT NULL,
        answered_ts INTEGER,
        answered_by TEXT)""",
    "CREATE INDEX IF NOT EXISTS questions_listed ON questions(status, answered_ts DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS questions_by_age ON questions(asked_ts)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS questions_fts USING fts5(words, tokenize = 'unicode61 remove_diacritics 2')",
)
QUESTION_FIELDS = (
    "id",
    "name",
    "email",
    "title",
    "question",
    "answer",
    "status",
    "asked_ts",
    "answered_ts",
    "answered_by",
)
_ORDER = {"answered": "answered_ts DESC, id DESC", "pending": "asked_ts ASC, id ASC"}


def _match(words):
    # Words are runs of letters and digits (text.words), so quoting them is always safe.
    return " ".join(f'"{word}"' for word in words)


class SectionsSqlite:
    # -- versioned records: the settings, each static page ----------------------------------
    def site_record(self, key):
        row = self.conn.execute("SELECT record, version, updated_ts FROM site_records WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return {"record": json.loads(row["record"]), "version": row["version"], "updated_ts": row["updated_ts"]}

    def save_site_record(self, key, record, updated_ts, version=None):
        text = json.dumps(record, ensure_ascii=False)
        with sqlite.transaction(self.conn):
            row = self.conn.execute("SELECT version FROM site_records WHERE key = ?", (key,)).fetchone()
            current = row["version"] if row else 0
            if version is not None and version != current:
                raise VersionConflict(self.site_record(key) or {"version": current})
            if row is None:
                self.conn.execute(
                    "INSERT INTO site_records (key, record, version, updated_ts) VALUES (?, ?, 1, ?)",
                    (key, text, updated_ts),
                )
            else:
                self.conn.execute(
                    "UPDATE site_records SET record = ?, version = version + 1, updated_ts = ? WHERE key = ?",
                    (text, updated_ts, key),
                )
        return self.site_record(key)

    # -- small files: the logo ---------------------------------------------------------------
    def site_file(self, key):
        row = self.conn.execute(
            "SELECT content_type, etag, width, height, data, updated_ts FROM site_files WHERE key = ?", (key,)
        ).fetchone()
        return {**dict(row), "data": bytes(row["data"])} if row else None

    def site_file_info(self, key):
        """site_file without its bytes (for the settings' answer, read with every page)."""
        row = self.conn.execute(
            "SELECT content_type, etag, width, height, updated_ts FROM site_files WHERE key = ?", (key,)
        ).fetchone()
        return dict(row) if row else None

    def save_site_file(self, key, file):
        with sqlite.transaction(self.conn):
            self.conn.execute(
                "INSERT INTO site_files (key, content_type, etag, width, height, data, updated_ts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET content_type = excluded.content_type,"
                " etag = excluded.etag, width = excluded.width, height = excluded.height, data = excluded.data,"
                " updated_ts = excluded.updated_ts",
                (
                    key,
                    file["content_type"],
                    file["etag"],
                    file["width"],
                    file["height"],
                    file["data"],
                    file["updated_ts"],
                ),
            )

    def delete_site_file(self, key):
        with sqlite.transaction(self.conn):
            return self.conn.execute("DELETE FROM site_files WHERE key = ?", (key,)).rowcount > 0

    # -- questions -----------------------------------------------------------------------------
    def _question_row(self, question_id):
        return self.conn.execute(
            f"SELECT {', '.join(QUESTION_FIELDS)} FROM questions WHERE id = ?", (question_id,)
        ).fetchone()

    def question(self, question_id):
        row = self._question_row(question_id)
        return dict(row) if row else None

    def insert_question(self, doc, words):
        names = [name for name in QUESTION_FIELDS if name != "id"]
        with sqlite.transaction(self.conn):
            cursor = self.conn.execute(
                f"INSERT INTO questions ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                [doc.get(name) for name in names],
            )
            self.conn.execute(
                "INSERT INTO questions_fts (rowid, words) VALUES (?, ?)", (cursor.lastrowid, " ".join(words))
            )
        return self.question(cursor.lastrowid)

    def update_question(self, question_id, changes, words):
        sets = ", ".join(f"{name} = ?" for name in changes)
        with sqlite.transaction(self.conn):
            updated = self.conn.execute(
                f"UPDATE questions SET {sets} WHERE id = ?", [*changes.values(), question_id]
            ).rowcount
            if not updated:
                return None
            self.conn.execute("DELETE FROM questions_fts WHERE rowid = ?", (question_id,))
            self.conn.execute("INSERT INTO questions_fts (rowid, words) VALUES (?, ?)", (question_id, " ".join(words)))
        return self.question(question_id)

    def delete_question(self, question_id):
        with sqlite.transaction(self.conn):
            self.conn.execute("DELETE FROM questions_fts WHERE rowid = ?", (question_id,))
            return self.conn.execute("DELETE FROM questions WHERE id = ?", (question_id,)).rowcount > 0

    def list_questions(self, status, words=(), offset=0, limit=20):
        where, params = "status = :status", {"status": status}
        if words:
            where += " AND id IN (SELECT rowid FROM questions_fts WHERE questions_fts MATCH :match)"
            params["match"] = _match(words)
        total = self.conn.execute(f"SELECT count(*) FROM questions WHERE {where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {', '.join(QUESTION_FIELDS)} FROM questions WHERE {where} ORDER BY {_ORDER[status]}"
            " LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
        return [dict(row) for row in rows], total

    def purge_questions(self, asked_before):
        """Unanswered questions asked before `asked_before` deleted, and every older asker's
        email erased: (deleted, emails erased)."""
        with sqlite.transaction(self.conn):
            self.conn.execute(
                "DELETE FROM questions_fts WHERE rowid IN"
                " (SELECT id FROM questions WHERE status = 'pending' AND asked_ts < ?)",
                (asked_before,),
            )
            deleted = self.conn.execute(
                "DELETE FROM questions WHERE status = 'pending' AND asked_ts < ?", (asked_before,)
            ).rowcount
            erased = self.conn.execute(
                "UPDATE questions SET email = NULL WHERE asked_ts < ? AND email IS NOT NULL", (asked_before,)
            ).rowcount
        return deleted, erased

    # -- backups (services/articles/backup.py): the sections' records, store-neutral -------------
    def export_section_records(self, kind):
        if kind == "site_records":
            for row in self.conn.execute("SELECT key, record, version, updated_ts FROM site_records ORDER BY key"):
                yield {**dict(row), "record": json.loads(row["record"])}
        elif kind == "site_files":
            for row in self.conn.execute("SELECT key FROM site_files ORDER BY key").fetchall():
                yield {"key": row["key"], **self.site_file(row["key"])}
        elif kind == "questions":
            for row in self.conn.execute(f"SELECT {', '.join(QUESTION_FIELDS)} FROM questions ORDER BY id"):
                yield dict(row)
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_section_records(self, kind, records):
        """As exported; a question also carries `words` (its folded words, as insert_question takes them)."""
        for record in records:
            if kind == "site_records":
                with sqlite.transaction(self.conn):
                    self.conn.execute(
                        "INSERT INTO site_records (key, record, version, updated_ts) VALUES (?, ?, ?, ?)",
                        (
                            record["key"],
                            json.dumps(record["record"], ensure_ascii=False),
                            record["version"],
                            record["updated_ts"],
                        ),
                    )
            elif kind == "site_files":
                self.save_site_file(record["key"], {name: value for name, value in record.items() if name != "key"})
            elif kind == "questions":
                with sqlite.transaction(self.conn):
                    self.conn.execute(
                        f"INSERT INTO questions ({', '.join(QUESTION_FIELDS)})"
                        f" VALUES ({', '.join('?' for _ in QUESTION_FIELDS)})",
                        [record.get(name) for name in QUESTION_FIELDS],
                    )
                    self.conn.execute(
                        "INSERT INTO questions_fts (rowid, words) VALUES (?, ?)",
                        (record["id"], " ".join(record["words"])),
                    )
            else:
                raise ValueError(f"unknown record kind {kind!r}")
