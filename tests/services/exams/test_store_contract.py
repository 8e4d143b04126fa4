"""The exams store's contract, on every document backend (SQLite, MongoDB over the wire, real
MongoDB when MONGO_TEST_URL is set): import, lookup, list, stats, atomic replacement, a rejected
file changing nothing."""

import pytest

from portal_common.store import get_store
from services.exams import packing
from services.exams.importer import import_results

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
