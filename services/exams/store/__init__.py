"""The exams store: one narrow interface, SQLite (embedded default) or MongoDB behind it."""
import os
import threading

_local = threading.local()


def open_store(config):
    if config.get("MONGO_URL"):
        from .mongo import MongoExamStore

        return MongoExamStore(config["MONGO_URL"])
    return _thread_sqlite_store(os.path.join(config["DATA_DIR"], "exams.sqlite3"))


def _thread_sqlite_store(path):
    """One SQLite connection per thread and database, kept between requests: opening one (and its
    PRAGMAs) costs more than a lookup itself. gunicorn's threads live long; a connection is never
    shared between threads, and a fork gets its own (keyed by pid)."""
    from .sqlite import SqliteExamStore

    key = (os.getpid(), path)
    stores = getattr(_local, "stores", None)
    if stores is None:
        stores = _local.stores = {}
    store = stores.get(key)
    if store is None:
        store = stores[key] = SqliteExamStore(path, keep_open=True)
    return store
