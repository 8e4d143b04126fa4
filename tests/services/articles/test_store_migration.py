"""Articles stored before the workflow (a `make run` data folder, a production database) keep
working: the SQLite file gets the new columns on first open, MongoDB documents a version and a
key; they read as version 1 with no owner, and their first save keeps their state as revision 1."""

import sqlite3
import uuid

import pymongo

from services.articles import create_app

from .conftest import ADMIN, nowhere

OLD_SQLITE_SCHEMA = (
    "CREATE TABLE categories (slug TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL)",
    "INSERT INTO categories VALUES ('van-phong', 'Văn phòng', 1)",
    """CREATE TABLE articles (
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
        cover TEXT)""",
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO articles VALUES (1, 'bai-cu', 'Bài cũ', 'van-phong', 'Tóm tắt', '<p>Cũ</p>', 'T.T.T',"
    " 'published', 1551142800, 1551142800, 1551142800, NULL)",
    "INSERT INTO articles_fts (rowid, title, text) VALUES (1, 'bai cu', 'tom tat cu')",
)
LEGACY_DOC = {
    "slug": "bai-cu",
    "title": "Bài cũ",
    "category": "van-phong",
    "summary": "Tóm tắt",
    "body_html": "<p>Cũ</p>",
    "author": "T.T.T",
    "status": "published",
    "published_ts": 1551142800,
    "created_ts": 1551142800,
    "updated_ts": 1551142800,
    "cover": None,
    "title_words": ["bai", "cu"],
    "words": ["bai", "cu", "tom", "tat"],
}


def _works_after_the_upgrade(app):
    client = app.test_client()
    before = client.get("/api/v1/articles/bai-cu", headers=ADMIN).get_json()
    assert (before["title"], before["version"], before["owner"], before["pending_revision"]) == (
        "Bài cũ",
        1,
        None,
        None,
    )
    assert client.get("/api/v1/articles?q=bai+cu").get_json()["total"] == 1
    edited = client.patch("/api/v1/articles/bai-cu", json={"title": "Bài cũ đã sửa"}, headers=ADMIN)
    assert edited.status_code == 200 and edited.get_json()["version"] == 2
    history = client.get("/api/v1/articles/bai-cu/revisions", headers=ADMIN).get_json()["items"]
    assert [(item["id"], item["title"]) for item in history] == [(2, "Bài cũ đã sửa"), (1, "Bài cũ")]
    assert client.get("/api/v1/articles?q=da+sua").get_json()["total"] == 1


def test_an_sqlite_file_from_before_the_workflow(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "articles.sqlite3") as conn:
        for statement in OLD_SQLITE_SCHEMA:
            conn.execute(statement)
    app = create_app({"DATA_DIR": str(data), "ADMIN_TOKEN": ADMIN["Authorization"][7:], "ACCOUNTS_URL": nowhere()})
    _works_after_the_upgrade(app)
    with sqlite3.connect(data / "articles.sqlite3") as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    assert {"owner", "version", "review", "pending"} <= columns


def test_mongodb_documents_from_before_the_workflow(tmp_path, mongo_server):
    url = mongo_server.url(f"m{uuid.uuid4().hex[:12]}")
    raw = pymongo.MongoClient(url)
    try:
        raw.get_default_database().articles.insert_one(dict(LEGACY_DOC))
        config = {"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": ADMIN["Authorization"][7:], "MONGO_URL": url}
        app = create_app({**config, "ACCOUNTS_URL": nowhere()})
        _works_after_the_upgrade(app)
        # One written by an older process after this one prepared the database: given its key
        # and version at its first save.
        raw.get_default_database().articles.insert_one({**LEGACY_DOC, "slug": "bai-cu-2"})
        client = app.test_client()
        assert client.get("/api/v1/articles/bai-cu-2", headers=ADMIN).get_json()["version"] == 1
        assert client.patch("/api/v1/articles/bai-cu-2", json={"title": "Hai"}, headers=ADMIN).status_code == 200
        assert client.get("/api/v1/articles/bai-cu-2/revisions", headers=ADMIN).get_json()["total"] == 2
    finally:
        from portal_common.mongo import close_all

        close_all()
        raw.drop_database(raw.get_default_database().name)
        raw.close()
