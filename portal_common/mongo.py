"""MongoDB clients, one pooled client per process and URL.

A client must not cross a fork (gunicorn forks workers), so the cache is keyed by process id.
"""

import os
import threading

import pymongo

_clients = {}
_lock = threading.Lock()


def client_for(url):
    key = (os.getpid(), url)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = pymongo.MongoClient(
                    url,
                    serverSelectionTimeoutMS=int(os.environ.get("MONGO_TIMEOUT_MS", "3000")),
                    connectTimeoutMS=3000,
                    tz_aware=True,
                    appname="portal",
                )
                _clients[key] = client
    return client


def database_for(url, default_name="portal"):
    client = client_for(url)
    try:
        return client.get_default_database()
    except pymongo.errors.ConfigurationError:
        return client[default_name]


def close_all():
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


_prepared = set()
_prepare_lock = threading.Lock()


def prepare_once(store_name, url, prepare):
    """Run `prepare()` (a store's indexes, seeds, migrations) once per process, database and
    store: every request opens its store, and only the first in a process pays for this."""
    key = (os.getpid(), url, store_name)
    if key in _prepared:
        return
    with _prepare_lock:
        if key in _prepared:
            return
        prepare()
        _prepared.add(key)


class PooledMongoStore:
    """What every service's MongoDB store does alike (its own __init__ sets `self.db`, from
    database_for): ping answers readiness, close leaves the client open (shared by the process
    and pooled)."""

    def ping(self):
        self.db.command("ping")
        return {"backend": "mongo"}

    def close(self):
        pass
