"""The embedded store's engine: several processes (gunicorn workers) writing the same file at
once lose nothing and see no 'database is locked'; a failed transaction leaves nothing behind."""

import multiprocessing

import pytest

from portal_common import sqlite

SCHEMA = ("CREATE TABLE IF NOT EXISTS hits (worker INTEGER, n INTEGER, PRIMARY KEY (worker, n))",)


def _writer(path, worker, count):
    conn = sqlite.connect(path, SCHEMA)
    for n in range(count):
        with sqlite.transaction(conn):
            conn.execute("INSERT INTO hits VALUES (?, ?)", (worker, n))
    conn.close()


def test_concurrent_writers_from_several_processes(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    sqlite.connect(path, SCHEMA).close()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(path, worker, 150)) for worker in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    conn = sqlite.connect(path, SCHEMA)
    assert conn.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == 600
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_transaction_is_rolled_back(tmp_path):
    conn = sqlite.connect(str(tmp_path / "t.sqlite3"), SCHEMA)
    with pytest.raises(RuntimeError):
        with sqlite.transaction(conn):
            conn.execute("INSERT INTO hits VALUES (1, 1)")
            raise RuntimeError("half way")
    assert conn.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == 0


def test_data_survives_reopening(tmp_path):
    path = str(tmp_path / "p.sqlite3")
    conn = sqlite.connect(path, SCHEMA)
    with sqlite.transaction(conn):
        conn.execute("INSERT INTO hits VALUES (7, 7)")
    conn.close()
    sqlite.forget_schemas()
    assert sqlite.connect(path, SCHEMA).execute("SELECT worker FROM hits").fetchone()[0] == 7
