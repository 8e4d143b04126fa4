"""The per-request storage seam, as in Flask's tutorial: a service's store is opened on first use
in a request, kept in `g`, and closed on teardown. Each service passes its own `open_store(config)`
that returns its narrow store (SQLite-backed or MongoDB-backed) with `ping()` and `close()`."""

from flask import current_app, g

from .health import add_readiness_check


def init_app(app, open_store):
    app.extensions["open_store"] = open_store
    app.teardown_appcontext(close_store)
    add_readiness_check(app, "storage", lambda: get_store().ping())


def get_store():
    if "store" not in g:
        g.store = current_app.extensions["open_store"](current_app.config)
    return g.store


def close_store(error=None):
    store = g.pop("store", None)
    if store is not None:
        store.close()
