"""The embedded document store's engine: SQLite from the standard library.

WAL mode lets several gunicorn workers read while one writes; busy_timeout makes a writer wait
for another instead of failing. synchronous=NORMAL in WAL mode keeps every committed transaction
through a killed process (only an OS crash may lose the last ones).
"""

import contextlib
import os
import sqlite3
import threading
from collections import OrderedDict

_schema_ready = set()
_schema_lock = threading.Lock()
_kept = threading.local()
KEPT_PER_THREAD = 8


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


def thread_connection(path, schema=()):
    """A connection kept for this thread and database between requests: opening one (file, WAL
    index, PRAGMAs) costs more than most reads it serves. gunicorn's threads live long and serve
    one request at a time, so a connection is never shared between threads; a forked worker makes
    its own (keyed by pid). Give it back with `release` when the request ends."""
    key = (os.getpid(), os.path.abspath(path))
    kept = getattr(_kept, "connections", None)
    if kept is None:
        kept = _kept.connections = OrderedDict()
    conn = kept.get(key)
    if conn is None:
        conn = kept[key] = connect(path, schema)
        while len(kept) > KEPT_PER_THREAD:  # tests open many databases from one thread
            kept.popitem(last=False)[1].close()
    kept.move_to_end(key)
    return conn


def release(conn):
    """End of request: a connection left inside a transaction by an error must not carry it over."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


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
    """Tests that delete database files call this so the next open recreates the schema (and
    this thread's kept connections are closed)."""
    with _schema_lock:
        _schema_ready.clear()
    for conn in getattr(_kept, "connections", {}).values():
        conn.close()
    _kept.connections = OrderedDict()


class ThreadConnectionStore:
    """What every service's SQLite store does alike (its own __init__ sets `self.conn`, from
    thread_connection): ping answers readiness, close hands the connection back (release)."""

    def ping(self):
        self.conn.execute("SELECT 1")
        return {"backend": "sqlite"}

    def close(self):
        release(self.conn)
