"""What every service's part of a backup does alike (tools/backup/service_part.py), and that a
module's own version of it wins: records pass through the store unchanged, a service holding
objects gets the object store its settings name, a record names no object unless the module
says which."""

import types

from portal_common.objects import FileObjectStore
from tools.backup.registry import BY_NAME
from tools.backup.service_part import ServicePart


class _Store:
    def __init__(self):
        self.imported = []

    def export_records(self, kind):
        return iter([{"kind": kind}])

    def import_records(self, kind, records):
        self.imported.append((kind, list(records)))


def _module(**own):
    return types.SimpleNamespace(SERVICE="thu", HOLDS_OBJECTS=False, settings=lambda: {"THU": "1"}, **own)


def test_what_a_module_leaves_out_is_done_alike():
    part, store = ServicePart(_module()), _Store()
    assert part.SERVICE == "thu"
    assert part.config()["THU"] == "1" and "DATA_DIR" in part.config()
    assert list(part.export_records(store, "a")) == [{"kind": "a"}]
    part.import_records(store, "a", iter([{"x": 1}]))
    assert store.imported == [("a", [{"x": 1}])]
    assert part.object_store(part.config()) is None
    assert part.object_keys("a", {"key": "k"}) == ()


def test_a_modules_own_version_wins():
    part = ServicePart(_module(object_keys=lambda kind, record: (record["key"],), import_records=print))
    assert part.object_keys("a", {"key": "k"}) == ("k",)
    assert part.import_records is print


def test_services_holding_objects_get_the_store_their_settings_name(tmp_path, monkeypatch):
    monkeypatch.delenv("S3_ENDPOINT", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for name in ("media", "documents"):
        part = BY_NAME[name]
        assert isinstance(part.object_store(part.config()), FileObjectStore), name
    for name in ("accounts", "articles", "exams"):
        assert BY_NAME[name].object_store(BY_NAME[name].config()) is None, name
    assert BY_NAME["media"].object_keys("objects", {"key": "k"}) == ("k",)
    assert BY_NAME["documents"].object_keys("documents", {"files": [{"key": "a"}, {"key": "b"}]}) == ("a", "b")
