"""Articles in the embedded SQLite database.

Search uses an FTS5 table holding the *folded* words (see text.py), so "đ" → "d" matches the same
way as in MongoDB; ranking is done in SQL with the same rule as the Mongo store: more query words
in the title first, then newest, then slug.

Revisions are rows of `article_revisions`, keyed by the article's row id (which a slug change
leaves alone) and the revision's number. A save is one IMMEDIATE transaction: the version is
compared, the article changed and its revision written under the database's write lock, so of
two saves on one version the second sees the first's and is refused (VersionConflict).

Databases made before the workflow get its columns on first open (`_migrate`)."""

import json
import os
import sqlite3
import threading

from portal_common import sqlite

from . import FIELDS, with_defaults
from .categories import SEED
from .errors import SlugTaken, VersionConflict
from .sections_sqlite import SCHEMA as SECTIONS_SCHEMA
from .sections_sqlite import SectionsSqlite

JSON_FIELDS = ("review", "pending")
# Columns added after the first release, with what existing rows get.
ADDED_COLUMNS = (
    ("owner", "TEXT"),
    ("version", "INTEGER NOT NULL DEFAULT 1"),
    ("review", "TEXT"),
    ("pending", "TEXT"),
)
REVISION_RECORD = ("display_name", "action", "comment", "restored_from", "fields")
_migrated = set()
_migrate_lock = threading.Lock()

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS categories (slug TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS articles (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        category TEXT NOT NULL REFERENCES categories(slug),
        summary TEXT NOT NULL,
        body_html TEXT NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL,
        published_ts INTEGER NOT NULL,
        created_ts INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL,
        cover TEXT,
        owner TEXT,
        version INTEGER NOT NULL DEFAULT 1,
        review TEXT,
        pending TEXT)""",
    # record: the JSON of the rest of the revision (REVISION_RECORD: who by name, what, the fields)
    """CREATE TABLE IF NOT EXISTS article_revisions (
        article_id INTEGER NOT NULL,
        id INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        user TEXT,
        title TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (article_id, id))""",
    "CREATE INDEX IF NOT EXISTS articles_public ON articles(status, published_ts DESC, slug)",
    "CREATE INDEX IF NOT EXISTS articles_by_category ON articles(category, status, published_ts DESC, slug)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts"
    " USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')",
) + tuple(
    f"INSERT OR IGNORE INTO categories (slug, name, position) VALUES ('{slug}', '{name}', {order})"
    for slug, name, order in SEED
)

# The site settings, static pages and questions (sections_sqlite.py).
SCHEMA += SECTIONS_SCHEMA
_COLUMNS = ", ".join("a." + name for name in FIELDS)
_PUBLIC = "a.status = 'published' AND a.published_ts <= :now"
_ORDER = "a.published_ts DESC, a.slug ASC"
# The desk's lists: (which articles each view holds, in which order), store.STAFF_VIEWS.
_RECENT = "a.updated_ts DESC, a.slug ASC"
_STAFF_VIEWS = {
    "draft": ("a.status = 'draft' AND a.review IS NULL", _RECENT),
    "returned": ("a.status = 'draft' AND a.review IS NOT NULL", _RECENT),
    "pending": ("(a.status = 'pending' OR (a.status = 'published' AND a.pending IS NOT NULL))", _RECENT),
    "scheduled": ("a.status = 'published' AND a.published_ts > :now", "a.published_ts ASC, a.slug ASC"),
    "published": (_PUBLIC, _ORDER),
    "all": ("1 = 1", _RECENT),
}


def _doc(row):
    doc = {name: row[name] for name in FIELDS}
    for name in JSON_FIELDS:
        doc[name] = json.loads(doc[name]) if doc[name] else None
    return doc


def _column_value(name, value):
    if name in JSON_FIELDS:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def _revision_row(revision):
    record = {name: revision.get(name) for name in REVISION_RECORD}
    return revision["ts"], revision.get("user"), revision["title"], json.dumps(record, ensure_ascii=False)


def _migrate(conn, path):
    """Add the workflow's columns to an articles table made before them (once per process and
    file; under the write lock, so two workers starting together add each column once)."""
    key = (os.getpid(), os.path.abspath(path))
    if key in _migrated:
        return
    with _migrate_lock:
        if key in _migrated:
            return
        with sqlite.transaction(conn):
            present = {row["name"] for row in conn.execute("PRAGMA table_info(articles)")}
            for name, declaration in ADDED_COLUMNS:
                if name not in present:
                    conn.execute(f"ALTER TABLE articles ADD COLUMN {name} {declaration}")
        _migrated.add(key)


def _fts_terms(words, column=None):
    # Words are runs of letters and digits (text.words), so quoting them is always safe.
    terms = " ".join(f'"{word}"' for word in words)
    return f"{column} : ({terms})" if column else terms


class SqliteArticleStore(SectionsSqlite, sqlite.ThreadConnectionStore):
    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SCHEMA)
        _migrate(self.conn, path)

    # categories
    def categories(self):
        rows = self.conn.execute("SELECT slug, name, position FROM categories ORDER BY position, slug")
        return [{"slug": row["slug"], "name": row["name"], "order": row["position"]} for row in rows]

    def category(self, slug):
        row = self.conn.execute("SELECT slug, name, position FROM categories WHERE slug = ?", (slug,)).fetchone()
        return {"slug": row["slug"], "name": row["name"], "order": row["position"]} if row else None

    # one article
    def get(self, slug):
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM articles a WHERE a.slug = ?", (slug,)).fetchone()
        return _doc(row) if row else None

    def slug_taken(self, slug):
        return self.conn.execute("SELECT 1 FROM articles WHERE slug = ?", (slug,)).fetchone() is not None

    def insert(self, doc, search, revision=None):
        """`search` = {"title": folded title words, "text": folded words of summary and body};
        `revision`, when given, is kept as revision 1."""
        doc = with_defaults(doc)
        try:
            with sqlite.transaction(self.conn):
                cursor = self.conn.execute(
                    f"INSERT INTO articles ({', '.join(FIELDS)}) VALUES ({', '.join('?' for _ in FIELDS)})",
                    [_column_value(name, doc[name]) for name in FIELDS],
                )
                self._index(cursor.lastrowid, search)
                if revision is not None:
                    self._keep_revision(cursor.lastrowid, doc["version"], revision)
        except sqlite3.IntegrityError as error:
            if "slug" in str(error):
                raise SlugTaken(doc["slug"]) from None
            raise
        return self.get(doc["slug"])

    def save(self, slug, version, changes, search, revision, baseline=None, replaces=False):
        changes = {name: value for name, value in changes.items() if name != "version"}
        try:
            with sqlite.transaction(self.conn):
                row = self.conn.execute("SELECT id, version FROM articles WHERE slug = ?", (slug,)).fetchone()
                if row is None:
                    return None
                if row["version"] != version:
                    raise VersionConflict(self.get(slug))
                if baseline is not None:
                    self._keep_revision(row["id"], version, baseline, if_absent=True)
                sets = ", ".join(f"{name} = ?" for name in changes)
                values = [_column_value(name, value) for name, value in changes.items()]
                self.conn.execute(
                    f"UPDATE articles SET {sets + ', ' if sets else ''}version = ? WHERE id = ?",
                    [*values, version + 1, row["id"]],
                )
                if search is not None:
                    self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (row["id"],))
                    self._index(row["id"], search)
                self._keep_revision(row["id"], version + 1, revision)
                if replaces:  # the revision this save supersedes (an autosave) leaves the history
                    self.conn.execute(
                        "DELETE FROM article_revisions WHERE article_id = ? AND id = ?", (row["id"], version)
                    )
        except sqlite3.IntegrityError as error:
            if "slug" in str(error):
                raise SlugTaken(changes.get("slug")) from None
            raise
        return self.get(changes.get("slug", slug))

    def delete(self, slug, version=None):
        with sqlite.transaction(self.conn):
            row = self.conn.execute("SELECT id, version FROM articles WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                return False
            if version is not None and row["version"] != version:
                raise VersionConflict(self.get(slug))
            self.conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (row["id"],))
            self.conn.execute("DELETE FROM article_revisions WHERE article_id = ?", (row["id"],))
            self.conn.execute("DELETE FROM articles WHERE id = ?", (row["id"],))
        return True

    # revisions
    def _keep_revision(self, article_id, number, revision, if_absent=False):
        verb = "INSERT OR IGNORE" if if_absent else "INSERT"
        self.conn.execute(
            f"{verb} INTO article_revisions (article_id, id, ts, user, title, record) VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, number, *_revision_row(revision)),
        )

    def _article_id(self, slug):
        row = self.conn.execute("SELECT id FROM articles WHERE slug = ?", (slug,)).fetchone()
        return row["id"] if row else None

    def revisions(self, slug, offset=0, limit=20):
        article_id = self._article_id(slug)
        if article_id is None:
            return None
        rows = self.conn.execute(
            "SELECT id, ts, user, title FROM article_revisions WHERE article_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (article_id, limit, offset),
        ).fetchall()
        total = self.conn.execute(
            "SELECT count(*) FROM article_revisions WHERE article_id = ?", (article_id,)
        ).fetchone()[0]
        return [dict(row) for row in rows], total

    def revision(self, slug, revision_id):
        row = self.conn.execute(
            "SELECT r.id, r.ts, r.user, r.title, r.record FROM article_revisions r"
            " JOIN articles a ON a.id = r.article_id WHERE a.slug = ? AND r.id = ?",
            (slug, revision_id),
        ).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        return {"id": row["id"], "ts": row["ts"], "user": row["user"], "title": row["title"], **record}

    def _index(self, rowid, search):
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (rowid, " ".join(search["title"]), " ".join(search["text"])),
        )

    # lists: each returns (docs, total)
    def _page(self, where, params, offset, limit, order=_ORDER):
        total = self.conn.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM articles a WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
        return [_doc(row) for row in rows], total

    def list_public(self, now, category=None, offset=0, limit=20):
        where, params = _PUBLIC, {"now": now}
        if category:
            where += " AND a.category = :category"
            params["category"] = category
        return self._page(where, params, offset, limit)

    def related(self, article, now, offset=0, limit=10):
        where = (
            f"{_PUBLIC} AND a.category = :category AND "
            "(a.published_ts < :ts OR (a.published_ts = :ts AND a.slug > :slug))"
        )
        params = {"now": now, "category": article["category"], "ts": article["published_ts"], "slug": article["slug"]}
        return self._page(where, params, offset, limit)

    def search(self, query_words, now, category=None, offset=0, limit=20):
        # "id IN (full-text match)" rather than a JOIN: with a JOIN the planner may walk every
        # public article and ask the FTS index once per row (seconds on 10,000 articles).
        where = f"{_PUBLIC} AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match)"
        params = {"now": now, "match": _fts_terms(query_words)}
        if category:
            where += " AND a.category = :category"
            params["category"] = category
        hits = []
        for index, word in enumerate(query_words):
            params[f"w{index}"] = _fts_terms([word], "title")
            hits.append(f"(a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :w{index}))")
        return self._page(where, params, offset, limit, order=f"({' + '.join(hits)}) DESC, {_ORDER}")

    def latest_published_at(self, now):
        """The newest publication time (epoch seconds) among articles public at `now`, None when
        there are none; one step down the articles_public index."""
        row = self.conn.execute(
            f"SELECT a.published_ts FROM articles a WHERE {_PUBLIC} ORDER BY a.published_ts DESC LIMIT 1", {"now": now}
        ).fetchone()
        return row[0] if row else None

    def index_entries(self, now, offset=0, limit=1000):
        rows = self.conn.execute(
            f"SELECT a.slug, a.category, a.published_ts, a.updated_ts FROM articles a WHERE {_PUBLIC} "
            f"ORDER BY {_ORDER} LIMIT :limit OFFSET :offset",
            {"now": now, "limit": limit, "offset": offset},
        ).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM articles a WHERE {_PUBLIC}", {"now": now}).fetchone()[0]
        return [dict(row) for row in rows], total

    # the desk's lists (store.STAFF_VIEWS)
    def staff_list(self, view, now, owner=None, offset=0, limit=20):
        where, order = _STAFF_VIEWS[view]
        params = {"now": now}
        if owner is not None:
            where += " AND a.owner = :owner"
            params["owner"] = owner
        return self._page(where, params, offset, limit, order=order)

    # backups (services/articles/backup.py): every record of a kind in a store-neutral form, and
    # the same records put back into an empty store
    def export_records(self, kind):
        if kind == "categories":
            yield from self.categories()
        elif kind == "articles":
            for row in self.conn.execute(f"SELECT {_COLUMNS} FROM articles a ORDER BY a.id"):
                yield _doc(row)
        elif kind == "revisions":
            rows = self.conn.execute(
                "SELECT a.slug, r.id, r.ts, r.user, r.title, r.record FROM article_revisions r"
                " JOIN articles a ON a.id = r.article_id ORDER BY r.article_id, r.id"
            )
            for row in rows:
                fields = {"id": row["id"], "ts": row["ts"], "user": row["user"], "title": row["title"]}
                yield {"article": row["slug"], **fields, **json.loads(row["record"])}
        else:  # the sections' kinds (sections_*.py)
            yield from self.export_section_records(kind)

    def import_records(self, kind, records):
        """`records` of one kind as export_records gives them; an article also carries `search`
        (its folded words, as `insert` takes them). One transaction per record kind."""
        if kind not in ("categories", "articles", "revisions"):  # the sections' kinds (sections_*.py)
            return self.import_section_records(kind, records)
        with sqlite.transaction(self.conn):
            for record in records:
                if kind == "categories":
                    self.conn.execute(
                        "INSERT INTO categories (slug, name, position) VALUES (?, ?, ?)"
                        " ON CONFLICT (slug) DO UPDATE SET name = excluded.name, position = excluded.position",
                        (record["slug"], record["name"], record["order"]),
                    )
                elif kind == "articles":
                    doc = with_defaults({name: record[name] for name in FIELDS if name in record})
                    cursor = self.conn.execute(
                        f"INSERT INTO articles ({', '.join(FIELDS)}) VALUES ({', '.join('?' for _ in FIELDS)})",
                        [_column_value(name, doc[name]) for name in FIELDS],
                    )
                    self._index(cursor.lastrowid, record["search"])
                elif kind == "revisions":
                    article_id = self._article_id(record["article"])
                    if article_id is not None:
                        self._keep_revision(article_id, record["id"], record)
                else:
                    raise ValueError(f"unknown record kind {kind!r}")
