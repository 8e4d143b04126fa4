"""The embedded document store's engine: SQLite from the standard library.

WAL mode lets several gunicorn workers read while one writes; busy_timeout makes a writer wait
for another instead of failing. synchronous=NORMAL in WAL mode keeps every committed transaction
through a killed process (only an OS crash may lose the last ones).
"""
import contextlib
import os
import sqlite3
import threading

_schema_ready = set()
_schema_lock = threading.Lock()


def connect(path, schema=()):
    """Open a connection; the first open of `path` in a process applies `schema` (idempotent DDL)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    key = os.path.abspath(path)
    if key not in _schema_ready:
        with _schema_lock:
            if key not in _schema_ready:
                conn.execute("PRAGMA journal_mode = WAL")
                with transaction(conn):
                    for statement in schema:
                        conn.execute(statement)
                _schema_ready.add(key)
    return conn


@contextlib.contextmanager
def transaction(conn, immediate=True):
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: all of a write or none of it."""
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def forget_schemas():
    """Tests that delete database files call this so the next open recreates the schema."""
    with _schema_lock:
        _schema_ready.clear()
