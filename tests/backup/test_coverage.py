"""Nothing is silently left out of a backup: every service with a store has its backup module,
every SQLite table and MongoDB collection the services make is carried by one of its record
kinds, and each store's export_records / import_records give back exactly what they took, from
SQLite to MongoDB and back (the archive's records are store-neutral)."""

import fnmatch
import importlib.util
import json
import os
import sqlite3
import uuid
from importlib import import_module

import pytest

from portal_common import content_version, sqlite
from portal_common.mongo import database_for
from tools.backup.registry import BY_NAME, SERVICES
from tools.processes import ROOT
from tools.run_portal import load_demo_content

SERVICES_DIR = os.path.join(ROOT, "services")


def _add_account_records(config):
    store = BY_NAME["accounts"].open_store(config)
    try:
        store.create_user(
            {
                "username": "kiem.tra",
                "display_name": "Kiểm Tra",
                "roles": ["editor"],
                "categories": None,
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
                "disabled": False,
                "created_at": "2025-01-02T08:00:00+07:00",
                "updated_at": "2025-01-02T08:00:00+07:00",
                "password_changed_at": "2025-01-02T08:00:00+07:00",
            }
        )
        store.add_audit({"at": "2025-01-02T08:00:01+07:00", "user": "kiem.tra", "action": "sign_in", "detail": None})
        store.revoke_token("a-signed-out-token", 4102444800)  # a sign-out; its token would end in 2100
    finally:
        store.close()


def _fill(config):
    """The demo content of every service that has one (`make run`'s, and any service's demo not
    yet loaded there), and an account with an audit entry."""
    extra = {name: value for name, value in config.items() if name != "DATA_DIR"}
    lines = load_demo_content(config["DATA_DIR"], "coverage-token", extra_config=extra)
    for module in SERVICES:
        if any(line.startswith(module.SERVICE) for line in lines):
            continue
        package = import_module(f"services.{module.SERVICE}")
        if importlib.util.find_spec(f"services.{module.SERVICE}.demo") is None:
            continue
        app = package.create_app({**config, "ADMIN_TOKEN": "coverage-token", "TESTING": True})
        with app.app_context():
            import_module(f"services.{module.SERVICE}.demo").load_demo(app)
    _add_account_records(config)
    for module in SERVICES:  # every table a store makes, with content or not
        module.open_store(config).close()


@pytest.fixture(scope="module")
def sqlite_portal(tmp_path_factory):
    config = {"DATA_DIR": str(tmp_path_factory.mktemp("coverage-sqlite"))}
    _fill(config)
    return config


@pytest.fixture(scope="module")
def mongo_portal(tmp_path_factory, mongo_server):
    data_dir = str(tmp_path_factory.mktemp("coverage-mongo"))
    config = {"DATA_DIR": data_dir, "MONGO_URL": mongo_server.url(f"coverage_{uuid.uuid4().hex[:8]}")}
    _fill(config)
    return config


def _covered(name, patterns):
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def test_every_service_with_a_store_has_a_backup_module():
    with_store = {name for name in os.listdir(SERVICES_DIR) if os.path.isdir(os.path.join(SERVICES_DIR, name, "store"))}
    assert with_store == set(BY_NAME), "a service's data is not in backups (tools/backup/registry.py)"


def test_every_sqlite_database_and_table_is_carried(sqlite_portal):
    data_dir = sqlite_portal["DATA_DIR"]
    known = {module.SQLITE_FILE for module in SERVICES} | {content_version.SQLITE_FILE}
    databases = {name for name in os.listdir(data_dir) if name.endswith(".sqlite3")}
    assert databases <= known, f"databases no backup reads: {sorted(databases - known)}"
    for module in SERVICES:
        path = os.path.join(data_dir, module.SQLITE_FILE)
        assert os.path.exists(path), f"{module.SERVICE}: the demo content made no database"
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        patterns = [pattern for tables in module.SQLITE_TABLES.values() for pattern in tables]
        assert set(module.SQLITE_TABLES) == set(module.KINDS)
        left_out = [
            name
            for name, _sql in rows
            if not name.startswith("sqlite_")
            and not any(name.startswith(table + "_") for table in virtual)  # FTS5's own tables
            and not _covered(name, patterns)
        ]
        assert left_out == [], f"{module.SERVICE}: tables no record kind carries (services/{module.SERVICE}/backup.py)"


def test_every_mongodb_collection_is_carried(mongo_portal):
    db = database_for(mongo_portal["MONGO_URL"])
    patterns = [pattern for module in SERVICES for names in module.MONGO_COLLECTIONS.values() for pattern in names]
    patterns.append("content_versions")  # tools/backup/content_versions.py
    for module in SERVICES:
        assert set(module.MONGO_COLLECTIONS) == set(module.KINDS)
    left_out = [name for name in db.list_collection_names() if not _covered(name, patterns)]
    assert left_out == [], "collections no record kind carries (services/<service>/backup.py)"


def _records(module, config):
    store = module.open_store(config)
    try:
        return {
            kind: sorted(
                json.dumps(record, sort_keys=True, default=lambda value: bytes(value).hex(), ensure_ascii=False)
                for record in module.export_records(store, kind)
            )
            for kind in module.KINDS
        }
    finally:
        store.close()


def _import(module, config, records):
    from tools.backup.records import decode, encode

    store = module.open_store(config)
    try:
        for kind in module.KINDS:
            source = _records_of(module, records, kind)
            module.import_records(store, kind, (decode(encode(record)) for record in source))
    finally:
        store.close()


def _records_of(module, config, kind):
    store = module.open_store(config)
    try:
        yield from module.export_records(store, kind)
    finally:
        store.close()


@pytest.mark.parametrize("service", sorted(BY_NAME))
def test_records_go_from_sqlite_to_mongodb_and_back_unchanged(service, sqlite_portal, mongo_server, tmp_path):
    module = BY_NAME[service]
    original = _records(module, sqlite_portal)
    assert any(original.values()), f"{service}: the demo content gave nothing to compare"
    in_mongo = {"DATA_DIR": str(tmp_path / "m"), "MONGO_URL": mongo_server.url(f"trip_{uuid.uuid4().hex[:8]}")}
    _import(module, in_mongo, sqlite_portal)
    assert _records(module, in_mongo) == original
    back = {"DATA_DIR": str(tmp_path / "s")}
    _import(module, back, in_mongo)
    sqlite.forget_schemas()
    assert _records(module, back) == original
