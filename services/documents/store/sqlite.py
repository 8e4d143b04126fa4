"""Documents in the embedded SQLite database: one row per document (its lists as JSON) and its
folded search words in a table of their own, indexed by word."""

import json
import sqlite3

from portal_common import sqlite

from . import DuplicateNumber

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS documents (
        id TEXT PRIMARY KEY, number TEXT NOT NULL, number_key TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
        issuer TEXT NOT NULL, signer TEXT, issued_on TEXT NOT NULL, effective_on TEXT, expires_on TEXT,
        field TEXT, summary TEXT NOT NULL, related TEXT NOT NULL, replaces TEXT NOT NULL, files TEXT NOT NULL,
        year INTEGER NOT NULL, starts_on TEXT NOT NULL, ends_on TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, sort_key INTEGER NOT NULL, revision INTEGER NOT NULL, next_file INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS documents_newest ON documents (issued_on DESC, sort_key DESC)",
    """CREATE TABLE IF NOT EXISTS document_words (
        word TEXT NOT NULL, document_id TEXT NOT NULL, PRIMARY KEY (word, document_id)) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS document_words_of ON document_words (document_id)",
)
COLUMNS = (
    "id number number_key type issuer signer issued_on effective_on expires_on field summary related replaces "
    "files year starts_on ends_on created_at updated_at sort_key revision next_file"
).split()
LISTS = ("related", "replaces", "files")
ORDER = "issued_on DESC, sort_key DESC, id"


def _record(row, words=None):
    if row is None:
        return None
    record = dict(row)
    for name in LISTS:
        record[name] = json.loads(record[name])
    if words is not None:
        record["words"] = words
    return record


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SqliteDocumentStore(sqlite.ThreadConnectionStore):
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)

    def _values(self, record):
        return tuple(json.dumps(record[name]) if name in LISTS else record.get(name) for name in COLUMNS)

    def add(self, record):
        try:
            with sqlite.transaction(self.conn):
                self.conn.execute(
                    f"INSERT INTO documents ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    self._values(record),
                )
                self._index(record["id"], record["words"])
        except sqlite3.IntegrityError:
            raise DuplicateNumber(record["number"]) from None

    def get(self, document_id):
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return None
        words = [r[0] for r in self.conn.execute("SELECT word FROM document_words WHERE document_id = ?", (row["id"],))]
        return _record(row, words)

    def get_many(self, ids):
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self.conn.execute(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY {ORDER}", tuple(ids))
        return [_record(row) for row in rows]

    def update(self, document_id, revision, changes):
        words = changes.get("words")
        changes = {name: value for name, value in changes.items() if name in COLUMNS and name != "id"}
        assignments = ", ".join(f"{name} = ?" for name in changes)
        values = [json.dumps(v) if name in LISTS else v for name, v in changes.items()]
        try:
            with sqlite.transaction(self.conn):
                cursor = self.conn.execute(
                    f"UPDATE documents SET {assignments}, revision = revision + 1 WHERE id = ? AND revision = ?",
                    (*values, document_id, revision),
                )
                if cursor.rowcount != 1:
                    return False
                if words is not None:
                    self.conn.execute("DELETE FROM document_words WHERE document_id = ?", (document_id,))
                    self._index(document_id, words)
        except sqlite3.IntegrityError:
            raise DuplicateNumber(changes.get("number")) from None
        return True

    def delete(self, document_id):
        """Removes the document; its record (None when missing), whose file keys the caller removes."""
        with sqlite.transaction(self.conn):
            record = self.get(document_id)
            if record is None:
                return None
            self.conn.execute("DELETE FROM document_words WHERE document_id = ?", (document_id,))
            self.conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
        return record

    def referring_to(self, document_id):
        """The documents whose `related` or `replaces` name `document_id`."""
        pattern = _like(json.dumps(document_id))
        rows = self.conn.execute(
            f"SELECT * FROM documents WHERE related LIKE ? ESCAPE '\\' OR replaces LIKE ? ESCAPE '\\' ORDER BY {ORDER}",
            (pattern, pattern),
        )
        return [_record(row) for row in rows]

    def search(self, query, offset, limit):
        where, params = ["1 = 1"], {"today": query.today}
        for name in ("type", "issuer", "field", "year"):
            if getattr(query, name) is not None:
                where.append(f"{name} = :{name}")
                params[name] = getattr(query, name)
        if query.status == "in_force":
            where.append("starts_on <= :today AND (ends_on IS NULL OR ends_on >= :today)")
        elif query.status == "not_yet":
            where.append("starts_on > :today")
        elif query.status == "expired":
            where.append("starts_on <= :today AND ends_on IS NOT NULL AND ends_on < :today")
        order = ORDER
        if query.searching:
            matches = []
            number_match = None
            if query.number_key:
                params["number_like"] = _like(query.number_key)
                number_match = "(number_key LIKE :number_like ESCAPE '\\')"
                matches.append(number_match)
            if query.words:
                marks = ", ".join(f":w{i}" for i in range(len(query.words)))
                params.update({f"w{i}": word for i, word in enumerate(query.words)})
                params["word_count"] = len(query.words)
                matches.append(
                    f"id IN (SELECT document_id FROM document_words WHERE word IN ({marks})"
                    " GROUP BY document_id HAVING COUNT(*) = :word_count)"
                )
            where.append("(" + " OR ".join(matches) + ")")
            # Số ký hiệu matches first; without a number there is nothing to rank by (and a bare
            # integer in ORDER BY would name a column to SQLite).
            order = f"{number_match} DESC, {ORDER}" if query.number_key else ORDER
        condition = " AND ".join(where)
        rows = self.conn.execute(
            f"SELECT * FROM documents WHERE {condition} ORDER BY {order} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
        total = self.conn.execute(f"SELECT COUNT(*) FROM documents WHERE {condition}", params).fetchone()[0]
        return [_record(row) for row in rows], total

    def facets(self):
        """The values in use: types, issuers, fields (sorted) and years (newest first)."""

        def distinct(column, order="ASC"):
            rows = self.conn.execute(
                f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL ORDER BY {column} {order}"
            )
            return [row[0] for row in rows]

        return {
            "types": distinct("type"),
            "issuers": distinct("issuer"),
            "fields": distinct("field"),
            "years": distinct("year", "DESC"),
        }

    def count(self):
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    # backups (services/documents/backup.py): every record in a store-neutral form (its lists
    # decoded, its search words with it, sorted), and the same records put back into an empty store
    def export_records(self, kind):
        if kind != "documents":
            raise ValueError(f"no record kind {kind!r}")
        for row in self.conn.execute("SELECT * FROM documents ORDER BY sort_key, id").fetchall():
            words = self.conn.execute(
                "SELECT word FROM document_words WHERE document_id = ? ORDER BY word", (row["id"],)
            )
            yield _record(row, [word for (word,) in words])

    def import_records(self, kind, records):
        if kind != "documents":
            raise ValueError(f"no record kind {kind!r}")
        for record in records:
            unknown = set(record) - set(COLUMNS) - {"words"}
            if unknown:
                raise ValueError(f"documents have no fields {sorted(unknown)}")
            self.add({**record, "words": record.get("words") or []})

    def _index(self, document_id, words):
        self.conn.executemany(
            "INSERT OR IGNORE INTO document_words (word, document_id) VALUES (?, ?)",
            [(word, document_id) for word in words],
        )
