"""The exams store's contract, on every document backend (SQLite, MongoDB over the wire, real
MongoDB when MONGO_TEST_URL is set): import, lookup, list, stats, atomic replacement, a rejected
file changing nothing, the publication time (published_at) kept, changed and read with lookups,
and exams stored before that field existed read as published."""

import json
import os
import sqlite3

import pymongo
import pytest
from bson import Binary

from portal_common.store import get_store
from services.exams import create_app, packing
from services.exams.importer import import_results
from services.exams.subjects import SUBJECTS

from .conftest import ADMIN, fixture_bytes


@pytest.fixture
def client(any_app):
    return any_app.test_client()


def put(client, exam_id, name, query=""):
    return client.put(f"/api/v1/exams/{exam_id}/results{query}", data=fixture_bytes(name), headers=ADMIN)


def test_import_lookup_list_and_stats(client):
    assert put(client, "thpt-2025", "national_2025.csv", "?name=Kỳ thi 2025").status_code == 200
    assert put(client, "ct2006-2024", "ct2006_official.csv").status_code == 200
    result = client.get("/api/v1/exams/thpt-2025/results/03028916").json
    assert result["scores"]["ngoai_ngu"] == 4.2 and result["blocks"]["A00"] == 20.75
    assert client.get("/api/v1/exams/thpt-2025/results/01018512").status_code == 404
    assert client.get("/api/v1/exams/ct2006-2024/results/01018512").json["blocks"]["D04"] == 19.5
    items = client.get("/api/v1/exams").json["items"]
    assert [(exam["id"], exam["candidates"], exam["name"]) for exam in items] == [
        ("thpt-2025", 5, "Kỳ thi 2025"),
        ("ct2006-2024", 5, "ct2006-2024"),
    ]
    stats = client.get("/api/v1/exams/thpt-2025/stats").json
    assert stats["subjects"]["toan"]["count"] == 4 and stats["subjects"]["toan"]["median"] == 5.85


def test_reimport_replaces_and_drops_the_old_generation(any_app, client):
    put(client, "thpt-2025", "national_2025.csv")
    put(client, "thpt-2025", "ct2006_official.csv")
    put(client, "thpt-2025", "lower_ascii.csv")
    assert client.get("/api/v1/exams/thpt-2025/results/44000001").status_code == 200
    assert client.get("/api/v1/exams/thpt-2025/results/01018512").status_code == 404
    assert client.get("/api/v1/exams/thpt-2025").json["candidates"] == 4
    with any_app.app_context():
        assert _result_tables(get_store()) == 1


def test_rejected_import_leaves_no_half_written_generation(any_app, client):
    put(client, "thpt-2025", "national_2025.csv")
    bad = b"SBD,TOAN\n" + b"12345678,5\n" + b"abc,6\n" * 3 + b"\x1f"  # valid rows, then a broken tail
    with any_app.app_context():
        store = get_store()
        with pytest.raises(ConnectionResetError):
            import_results(store, "thpt-2025", _Failing(bad))
        assert _result_tables(store) == 1
        assert packing.unpack(store.lookup("thpt-2025", 3000001)[1])[0]["toan"] == 450


class _Failing:
    """A client that hangs up half way through its upload."""

    def __init__(self, data):
        self.data = data

    def read(self, size=-1):
        if not self.data:
            raise ConnectionResetError("client went away")
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


def _result_tables(store):
    if hasattr(store, "conn"):
        rows = store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'results_%'")
        return rows.fetchone()[0]
    return len([name for name in store.db.list_collection_names() if name.startswith("exam_results_")])


HOUR = "2026-07-16T08:00:00+07:00"


def test_published_at_is_kept_changed_and_read_with_each_lookup(any_app, client):
    put(client, "thpt-2025", "national_2025.csv")
    with any_app.app_context():
        store = get_store()
        assert store.exam("thpt-2025")["published_at"] is None
        assert store.lookup("thpt-2025", 3028916).published_at is None
        changed = store.update_exam("thpt-2025", {"published_at": HOUR})
        assert changed["published_at"] == HOUR and changed["candidates"] == 5
        found = store.lookup("thpt-2025", 3028916)
        assert found.exam_found and found.packed is not None and found.published_at == HOUR
        assert tuple(store.lookup("thpt-2025", 99999999))[:3] == (True, None, HOUR)
        assert tuple(store.lookup("khong-co", 3028916)) == (False, None, None, None)
        assert [exam["published_at"] for exam in store.exams()] == [HOUR]
        assert store.update_exam("khong-co", {"published_at": HOUR}) is None
        assert store.update_exam("thpt-2025", {}) == changed
    # A re-import without a time keeps the embargo; one with a time sets it.
    put(client, "thpt-2025", "ct2006_official.csv")
    assert client.get("/api/v1/exams/thpt-2025").json["published_at"] == HOUR
    put(client, "thpt-2025", "national_2025.csv", "?published_at=2026-07-17T08:00:00%2B07:00")
    assert client.get("/api/v1/exams/thpt-2025").json["published_at"] == "2026-07-17T08:00:00+07:00"
    with any_app.app_context():
        store = get_store()
        renamed = store.update_exam("thpt-2025", {"name": "Kỳ thi", "year": 2024, "published_at": None})
        assert (renamed["name"], renamed["year"], renamed["published_at"]) == ("Kỳ thi", 2024, None)
        assert store.exam("thpt-2025") == renamed


def _old_sqlite_database(data_dir, row):
    """exams.sqlite3 as the service wrote it before published_at: no such column."""
    os.makedirs(data_dir, exist_ok=True)
    conn = sqlite3.connect(os.path.join(data_dir, "exams.sqlite3"))
    conn.executescript(
        """CREATE TABLE exams (id TEXT PRIMARY KEY, name TEXT NOT NULL, year INTEGER NOT NULL,
               candidates INTEGER NOT NULL, subjects TEXT NOT NULL, stats TEXT NOT NULL,
               generation INTEGER NOT NULL, imported_at TEXT NOT NULL);
           CREATE TABLE generations (id INTEGER PRIMARY KEY AUTOINCREMENT, exam_id TEXT NOT NULL);
           INSERT INTO generations (exam_id) VALUES ('thpt-2024');
           CREATE TABLE results_1 (sbd INTEGER PRIMARY KEY, p BLOB NOT NULL);"""
    )
    conn.execute(
        "INSERT INTO exams VALUES ('thpt-2024', 'Kỳ thi 2024', 2024, 1, ?, ?, 1, '2024-07-01T08:00:00+07:00')",
        (json.dumps(["toan"]), json.dumps({"candidates": 1, "subjects": {}, "blocks": {}})),
    )
    conn.execute("INSERT INTO results_1 VALUES (12345678, ?)", (row,))
    conn.commit()
    conn.close()


def _old_mongo_documents(url, row):
    database = pymongo.MongoClient(url).get_default_database()
    database.exams.insert_one(
        {
            "_id": "thpt-2024",
            "name": "Kỳ thi 2024",
            "year": 2024,
            "candidates": 1,
            "subjects": ["toan"],
            "stats": {"candidates": 1, "subjects": {}, "blocks": {}},
            "generation": 1,
            "imported_at": "2024-07-01T08:00:00+07:00",
        }
    )
    database.exam_generations.insert_one({"_id": 1, "exam": "thpt-2024"})
    database.exam_results_1.insert_one({"_id": 12345678, "p": Binary(row)})
    database.client.close()


def test_exams_stored_before_published_at_existed_read_as_published(backend_config):
    row = packing.pack_values(*([850] + [packing.NOT_TAKEN] * (len(SUBJECTS) - 1)), 0)
    if backend_config.get("MONGO_URL"):
        _old_mongo_documents(backend_config["MONGO_URL"], row)
    else:
        _old_sqlite_database(backend_config["DATA_DIR"], row)
    client = create_app(backend_config).test_client()
    assert client.get("/api/v1/exams/thpt-2024").json["published_at"] is None
    assert client.get("/api/v1/exams/thpt-2024/results/12345678").json["scores"] == {"toan": 8.5}
    assert client.get("/api/v1/exams/thpt-2024/stats").status_code == 200
    # And they take one from now on.
    response = client.patch(
        "/api/v1/exams/thpt-2024", json={"published_at": "2099-01-01T00:00:00+07:00"}, headers=ADMIN
    )
    assert response.status_code == 200 and response.json["published_at"] == "2099-01-01T00:00:00+07:00"
    assert client.get("/api/v1/exams/thpt-2024/results/12345678").json["error"]["code"] == "not_published"


def _job(job_id, exam_id, created_at, state="queued"):
    return {
        "job": job_id,
        "exam": exam_id,
        "state": state,
        "rows": 0,
        "imported": 0,
        "rejected": [],
        "rejected_total": 0,
        "started_at": None,
        "finished_at": None,
        "created_at": created_at,
        "reason": None,
        "user": "khao-thi",
        "url": f"/api/v1/exams/{exam_id}/imports/{job_id}",
        "heartbeat_at": 1.0,
    }


def test_import_jobs_are_kept_changed_only_in_the_states_named_and_listed(any_app):
    with any_app.app_context():
        store = get_store()
        store.create_job(_job("a1", "thpt-2025", "2026-07-01T08:00:00+07:00"))
        store.create_job(_job("b2", "thpt-2024", "2026-07-01T09:00:00+07:00"))
        store.create_job(_job("c3", "thpt-2025", "2026-07-01T10:00:00+07:00"))
        assert store.job("a1") == _job("a1", "thpt-2025", "2026-07-01T08:00:00+07:00")
        assert store.job("khong-co") is None
        running = store.update_job("a1", {"state": "running", "rows": 50_000}, states=("queued", "running"))
        assert (running["state"], running["rows"], running["user"]) == ("running", 50_000, "khao-thi")
        rejected = [{"line": 7, "reason": "số báo danh 'abc' không phải 8 chữ số"}]
        done = store.update_job("a1", {"state": "done", "rejected": rejected, "rejected_total": 1}, states=("running",))
        assert store.job("a1") == done and done["rejected"] == rejected
        # A finished job is not turned back (a stale heartbeat, a late progress report).
        assert store.update_job("a1", {"state": "failed"}, states=("queued", "running")) is None
        assert store.job("a1")["state"] == "done"
        assert store.update_job("khong-co", {"rows": 1}) is None
        assert [job["job"] for job in store.jobs()] == ["c3", "b2", "a1"]
        assert [job["job"] for job in store.jobs("thpt-2025")] == ["c3", "a1"]
        assert [job["job"] for job in store.jobs(limit=1)] == ["c3"]


def test_percentile_tables_belong_to_their_generation_and_go_with_it(any_app, client):
    put(client, "thpt-2025", "national_2025.csv")
    with any_app.app_context():
        store = get_store()
        first = store.lookup("thpt-2025", 3028916)
        assert first.generation is not None and store.ranks(first.generation)
    put(client, "thpt-2025", "ct2006_official.csv")
    with any_app.app_context():
        store = get_store()
        second = store.lookup("thpt-2025", 1018512)
        assert second.generation != first.generation
        assert store.ranks(first.generation) is None and store.ranks(second.generation)
