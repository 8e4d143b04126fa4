"""Exams in the embedded SQLite database.

Each import writes a fresh table `results_<generation>` (SBD as the integer primary key, the
packed row as a blob); one short transaction then points the exam at it, and the old table is
dropped. A lookup reads the pointer and the row inside one read transaction: WAL gives it one
snapshot, so it sees the old import or the new, never a mix, even while the old table is dropped.

`published_at` (NULL: published) came after the first databases were made: a database without
the column gets it the first time this process opens it (`_add_publication_column`).

A generation's percentile tables (ranks.py) are a row of `ranks`, written in the transaction that
switches the exam to it and dropped with it. Import jobs are rows of `import_jobs`: the job as a
JSON document, with its exam, state and creation time as columns for the lists.
"""

import json
import os
import threading

from portal_common import sqlite

from . import Lookup, restore_records

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS exams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        year INTEGER NOT NULL,
        candidates INTEGER NOT NULL,
        subjects TEXT NOT NULL,
        stats TEXT NOT NULL,
        generation INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        published_at TEXT
    )""",
    # One row per results table, so tables left by an interrupted import can be found and dropped.
    """CREATE TABLE IF NOT EXISTS generations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        exam_id TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS generations_exam ON generations (exam_id)",
    "CREATE TABLE IF NOT EXISTS ranks (generation INTEGER PRIMARY KEY, data BLOB NOT NULL)",
    """CREATE TABLE IF NOT EXISTS import_jobs (
        id TEXT PRIMARY KEY,
        exam_id TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        doc TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS import_jobs_created ON import_jobs (created_at)",
)
EXAM_COLUMNS = "id, name, year, candidates, subjects, imported_at, published_at"
UPDATABLE = ("name", "year", "published_at")
# Database files this process has checked for the column (one per DATA_DIR, not per request).
_columns_checked = set()
_columns_lock = threading.Lock()


def _table(generation):
    return f"results_{int(generation)}"


def _exam(row):
    return {
        "id": row["id"],
        "name": row["name"],
        "year": row["year"],
        "candidates": row["candidates"],
        "subjects": json.loads(row["subjects"]),
        "imported_at": row["imported_at"],
        "published_at": row["published_at"],
    }


def _add_publication_column(conn, path):
    key = os.path.abspath(path)
    if key in _columns_checked:
        return
    with _columns_lock:
        if key in _columns_checked:
            return
        # IMMEDIATE: two workers starting at once must not both add it.
        with sqlite.transaction(conn):
            columns = {row["name"] for row in conn.execute("PRAGMA table_info(exams)")}
            if "published_at" not in columns:
                conn.execute("ALTER TABLE exams ADD COLUMN published_at TEXT")
        _columns_checked.add(key)


class SqliteExamStore:
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)
        _add_publication_column(self.conn, path)

    def ping(self):
        self.conn.execute("SELECT 1")
        return {"backend": "sqlite"}

    def close(self):
        sqlite.release(self.conn)

    def exams(self):
        rows = self.conn.execute(f"SELECT {EXAM_COLUMNS} FROM exams ORDER BY year DESC, id")
        return [_exam(row) for row in rows]

    def exam(self, exam_id):
        row = self.conn.execute(f"SELECT {EXAM_COLUMNS} FROM exams WHERE id = ?", (exam_id,)).fetchone()
        return _exam(row) if row else None

    def stats(self, exam_id):
        row = self.conn.execute("SELECT stats FROM exams WHERE id = ?", (exam_id,)).fetchone()
        return json.loads(row["stats"]) if row else None

    def lookup(self, exam_id, sbd):
        """A Lookup: whether the exam exists, the packed row or None, the exam's published_at."""
        conn = self.conn
        conn.execute("BEGIN")
        try:
            row = conn.execute("SELECT generation, published_at FROM exams WHERE id = ?", (exam_id,)).fetchone()
            if row is None:
                return Lookup(False, None, None)
            found = conn.execute(f"SELECT p FROM {_table(row[0])} WHERE sbd = ?", (sbd,)).fetchone()
            return Lookup(True, bytes(found[0]) if found else None, row[1], row[0])
        finally:
            conn.execute("COMMIT")

    def ranks(self, generation):
        """The percentile tables of `generation` (bytes), None when it has none or is gone."""
        row = self.conn.execute("SELECT data FROM ranks WHERE generation = ?", (generation,)).fetchone()
        return bytes(row[0]) if row else None

    def create_job(self, job):
        with sqlite.transaction(self.conn):
            self.conn.execute(
                "INSERT INTO import_jobs (id, exam_id, state, created_at, doc) VALUES (?, ?, ?, ?, ?)",
                (job["job"], job["exam"], job["state"], job["created_at"], _job_json(job)),
            )

    def job(self, job_id):
        row = self.conn.execute("SELECT doc FROM import_jobs WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def update_job(self, job_id, changes, states=None):
        """Set `changes` on the job, only while its state is one of `states` (None: any). → the
        job after, or None when there is no such job or its state was not one of them."""
        with sqlite.transaction(self.conn):
            job = self.job(job_id)
            if job is None or (states is not None and job["state"] not in states):
                return None
            job.update(changes)
            self.conn.execute(
                "UPDATE import_jobs SET state = ?, doc = ? WHERE id = ?", (job["state"], _job_json(job), job_id)
            )
        return job

    def jobs(self, exam_id=None, limit=20):
        """The latest jobs, newest first (of one exam when `exam_id` is given)."""
        where, args = ("WHERE exam_id = ?", (exam_id,)) if exam_id else ("", ())
        rows = self.conn.execute(
            f"SELECT doc FROM import_jobs {where} ORDER BY created_at DESC, rowid DESC LIMIT ?", (*args, limit)
        )
        return [json.loads(row[0]) for row in rows]

    def update_exam(self, exam_id, changes):
        """Set some of name, year, published_at; the exam after, or None when there is none."""
        columns = [column for column in UPDATABLE if column in changes]
        assignments = ", ".join(f"{column} = ?" for column in columns)
        with sqlite.transaction(self.conn):
            if columns:
                values = [changes[column] for column in columns]
                self.conn.execute(f"UPDATE exams SET {assignments} WHERE id = ?", (*values, exam_id))
            exam = self.exam(exam_id)
        return exam

    # backups (services/exams/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store through the importer's own loader
    def export_records(self, kind):
        if kind == "exams":
            rows = self.conn.execute(f"SELECT {EXAM_COLUMNS}, stats, generation FROM exams ORDER BY id").fetchall()
            for row in rows:
                yield {**_exam(row), "stats": json.loads(row["stats"]), "ranks": self.ranks(row["generation"])}
        elif kind == "jobs":
            for row in self.conn.execute("SELECT doc FROM import_jobs ORDER BY created_at, id"):
                yield json.loads(row["doc"])
        elif kind == "results":
            # One read transaction: each exam's rows come from the generation it points at.
            self.conn.execute("BEGIN")
            try:
                pointers = self.conn.execute("SELECT id, generation FROM exams ORDER BY id").fetchall()
                for exam_id, generation in pointers:
                    for sbd, packed in self.conn.execute(f"SELECT sbd, p FROM {_table(generation)} ORDER BY sbd"):
                        yield {"exam": exam_id, "sbd": sbd, "p": bytes(packed)}
            finally:
                self.conn.execute("COMMIT")
        else:
            raise ValueError(f"unknown record kind {kind!r}")

    def import_records(self, kind, records):
        """Exams first (each made with no results yet), then results grouped by exam: each exam's
        go into a fresh generation that is then made active, as an import does."""
        restore_records(self, kind, records)

    def begin_import(self, exam_id):
        return _Loader(self.conn, exam_id)


def _job_json(job):
    return json.dumps(job, ensure_ascii=False, separators=(",", ":"))


class _Loader:
    def __init__(self, conn, exam_id):
        self.conn = conn
        self.exam_id = exam_id
        with sqlite.transaction(conn):
            self.generation = conn.execute("INSERT INTO generations (exam_id) VALUES (?)", (exam_id,)).lastrowid
            conn.execute(f"CREATE TABLE {_table(self.generation)} (sbd INTEGER PRIMARY KEY, p BLOB NOT NULL)")
        self.insert = f"INSERT INTO {_table(self.generation)} (sbd, p) VALUES (?, ?)"

    def add(self, rows):
        """`rows`: a list of (sbd, packed). One transaction per batch: the write lock is held only
        while a batch goes in, and the table is invisible until commit() switches to it."""
        with sqlite.transaction(self.conn):
            self.conn.executemany(self.insert, rows)

    def commit(self, meta):
        """Point the exam at this generation with `meta`; its published_at only when `meta` has
        one (an import without one must not undo an embargo set while it ran)."""
        conn = self.conn
        publication = ", published_at = excluded.published_at" if "published_at" in meta else ""
        with sqlite.transaction(conn):
            if meta.get("ranks") is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO ranks (generation, data) VALUES (?, ?)", (self.generation, meta["ranks"])
                )
            conn.execute(
                f"""INSERT INTO exams (id, name, year, candidates, subjects, stats, generation, imported_at,
                     published_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET name = excluded.name, year = excluded.year,
                     candidates = excluded.candidates, subjects = excluded.subjects,
                     stats = excluded.stats, generation = excluded.generation,
                     imported_at = excluded.imported_at{publication}""",
                (
                    self.exam_id,
                    meta["name"],
                    meta["year"],
                    meta["candidates"],
                    json.dumps(meta["subjects"]),
                    json.dumps(meta["stats"], ensure_ascii=False, separators=(",", ":")),
                    self.generation,
                    meta["imported_at"],
                    meta.get("published_at"),
                ),
            )
        self._drop_older()

    def abort(self):
        conn = self.conn
        with sqlite.transaction(conn):
            conn.execute(f"DROP TABLE IF EXISTS {_table(self.generation)}")
            conn.execute("DELETE FROM ranks WHERE generation = ?", (self.generation,))
            conn.execute("DELETE FROM generations WHERE id = ?", (self.generation,))

    def _drop_older(self):
        """Drop this exam's tables older than the one just made active: the previous import's and
        any left by an interrupted one. Newer ones belong to an import still running."""
        conn = self.conn
        with sqlite.transaction(conn):
            older = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM generations WHERE exam_id = ? AND id < ?", (self.exam_id, self.generation)
                )
            ]
            for generation in older:
                conn.execute(f"DROP TABLE IF EXISTS {_table(generation)}")
                conn.execute("DELETE FROM ranks WHERE generation = ?", (generation,))
                conn.execute("DELETE FROM generations WHERE id = ?", (generation,))
