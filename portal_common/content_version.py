"""A service's content version: an opaque string that changes whenever the content it serves
changes, so the gateway (polling GET /api/v1/content-version) can drop its cached answers in
every worker and every replica at once. The answer also says it in a header (VERSION_HEADER): the
edge asks for it in a subrequest and keys the answers it keeps by it (deploy/edge/render.py), and
nginx reads a subrequest's headers, not its body.

The version is a counter kept in storage every worker and replica share, bumped after each
successful write over HTTP (an after_request hook) and by the CLI commands that write. A service
whose content also changes with no write (articles scheduled to go public) gives `init_app` an
`extra` function whose string is appended, e.g. the latest publication time already passed.

The counter lives behind one narrow interface (`current(service)`, `bump(service)`, `close()`):
SQLite in DATA_DIR/content-version.sqlite3 by default, MongoDB's `content_versions` collection
when MONGO_URL is set, chosen as each service's `open_store(config)` chooses."""

import logging
import os

import pymongo
from flask import Blueprint, current_app, jsonify, request

from . import sqlite
from .mongo import database_for
from .route_policy import route_policy

log = logging.getLogger(__name__)

ROUTE = "/api/v1/content-version"
VERSION_HEADER = "X-Content-Version"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SQLITE_FILE = "content-version.sqlite3"
SQLITE_SCHEMA = ("CREATE TABLE IF NOT EXISTS content_version (service TEXT PRIMARY KEY, counter INTEGER NOT NULL)",)

# For each service's OpenAPI document (services/*/openapi.py adds it to its paths).
OPENAPI_PATHS = {
    ROUTE: {
        "get": {
            "summary": (
                "An opaque version that changes whenever this service's content changes (for the gateway's caches)"
            ),
            "responses": {
                "200": {
                    "description": "OK (Cache-Control: no-store)",
                    "headers": {VERSION_HEADER: {"description": "the same version", "schema": {"type": "string"}}},
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["version"],
                                "properties": {"version": {"type": "string"}},
                            }
                        }
                    },
                }
            },
        }
    }
}


class SqliteContentVersions:
    """Counters in a small SQLite file of their own: a bump is one short IMMEDIATE transaction, so
    concurrent workers and threads queue on the file's write lock and none is lost."""

    def __init__(self, path):
        self.conn = sqlite.thread_connection(path, SQLITE_SCHEMA)

    def current(self, service):
        row = self.conn.execute("SELECT counter FROM content_version WHERE service = ?", (service,)).fetchone()
        return row["counter"] if row else 0

    def bump(self, service):
        with sqlite.transaction(self.conn):
            self.conn.execute(
                "INSERT INTO content_version (service, counter) VALUES (?, 1) "
                "ON CONFLICT (service) DO UPDATE SET counter = counter + 1",
                (service,),
            )
            return self.current(service)

    def close(self):
        sqlite.release(self.conn)


class MongoContentVersions:
    """Counters as documents {_id: service, counter: n}; `$inc` with upsert is atomic on the server."""

    def __init__(self, url):
        self.collection = database_for(url).content_versions

    def current(self, service):
        doc = self.collection.find_one({"_id": service}, {"counter": 1})
        return doc["counter"] if doc else 0

    def bump(self, service):
        def increment():
            return self.collection.find_one_and_update(
                {"_id": service}, {"$inc": {"counter": 1}}, upsert=True, return_document=pymongo.ReturnDocument.AFTER
            )

        try:
            doc = increment()
        except pymongo.errors.DuplicateKeyError:
            # Two first bumps at once may both try to insert; the loser's retry finds the document.
            doc = increment()
        return doc["counter"]

    def close(self):
        pass  # the client is shared by the process and pooled


def open_versions(config):
    if config.get("MONGO_URL"):
        return MongoContentVersions(config["MONGO_URL"])
    return SqliteContentVersions(os.path.join(config["DATA_DIR"], SQLITE_FILE))


def _config(app_or_config):
    return getattr(app_or_config, "config", app_or_config)


def bump(app_or_config, service_name):
    """Count one change of `service_name`'s content; returns the new counter."""
    versions = open_versions(_config(app_or_config))
    try:
        return versions.bump(service_name)
    finally:
        versions.close()


def current(app_or_config, service_name):
    """`service_name`'s counter, 0 when it was never bumped."""
    versions = open_versions(_config(app_or_config))
    try:
        return versions.current(service_name)
    finally:
        versions.close()


def init_app(app, extra=None):
    """Serve GET /api/v1/content-version and bump the version after every successful write.
    `extra()`, called while serving that route, returns a string appended to the version."""
    service_name = app.config["SERVICE_NAME"]
    bp = Blueprint("content_version", __name__)

    @bp.get(ROUTE)
    @route_policy(cache="no-store", access_log=False)
    def content_version():
        version = str(current(current_app, service_name))
        if extra is not None:
            version += "." + extra()
        response = jsonify(version=version)
        response.headers["Cache-Control"] = "no-store"
        response.headers[VERSION_HEADER] = version
        return response

    app.register_blueprint(bp)

    @app.after_request
    def bump_after_write(response):
        # after_request runs once the view has committed and before the answer is sent, so a
        # caller that reads back its own write finds the new version already in place.
        if request.method in WRITE_METHODS and response.status_code < 400:
            try:
                bump(current_app, service_name)
            except Exception:  # the write succeeded; the gateway keeps old answers until the next change or their TTL
                log.exception(
                    "content version not bumped after a write",
                    extra={"fields": {"service": service_name, "path": request.path}},
                )
        return response
