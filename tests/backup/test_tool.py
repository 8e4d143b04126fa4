"""The backup tool in-process, on real SQLite files: where archives go, how many are kept, the
content versions after a restore, and archives whose manifest no longer matches them."""

import io
import json
import os
import tarfile

import pytest

from portal_common import content_version, sqlite
from tools.backup import errors
from tools.backup.create import backup_dir, create
from tools.backup.registry import BY_NAME
from tools.backup.restore import restore


@pytest.fixture
def portal_dirs(tmp_path, monkeypatch):
    """A data folder with one account and one audit entry, and the tool's environment."""
    data_dir = tmp_path / "var"
    for name in ("MONGO_URL", "S3_ENDPOINT", "BACKUP_PASSPHRASE", "BACKUP_KEEP", "RESTORE_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    store = BY_NAME["accounts"].open_store({"DATA_DIR": str(data_dir)})
    try:
        store.add_audit({"at": "2025-03-01T08:00:00+07:00", "user": "admin", "action": "sign_in", "detail": None})
    finally:
        store.close()
    yield data_dir
    sqlite.forget_schemas()


def test_archives_go_beside_the_data_folder_unless_told(tmp_path, monkeypatch):
    monkeypatch.delenv("BACKUP_DIR", raising=False)
    assert backup_dir(str(tmp_path / "var")) == str(tmp_path / "backups")
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "elsewhere"))
    assert backup_dir(str(tmp_path / "var")) == str(tmp_path / "elsewhere")


def test_only_the_newest_backup_keep_archives_are_kept(portal_dirs, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKUP_KEEP", "2")
    made = [create()[0] for _ in range(3)]  # within a second or two: -2, -3 suffixes sort after
    kept = sorted(name for name in os.listdir(tmp_path / "backups") if not name.startswith("."))
    assert sorted(os.path.basename(path) for path in made[1:]) == sorted(n for n in kept if n.endswith(".tar.gz"))
    assert len(kept) == 4  # two archives and their .sha256
    assert not os.path.exists(made[0]) and not os.path.exists(made[0] + ".sha256")


def test_content_versions_end_higher_than_the_archives_and_the_targets(portal_dirs, tmp_path, monkeypatch):
    config = {"DATA_DIR": str(portal_dirs)}
    for _ in range(3):
        content_version.bump(config, "articles")
    archive, manifest, _ = create()
    assert manifest["content_versions"]["articles"] == 3
    target = tmp_path / "target"
    for _ in range(7):  # a target whose gateways have seen more changes than the archive holds
        content_version.bump({"DATA_DIR": str(target)}, "articles")
    monkeypatch.setenv("DATA_DIR", str(target))
    restore(archive)
    assert content_version.current({"DATA_DIR": str(target)}, "articles") == 8
    assert content_version.current({"DATA_DIR": str(target)}, "media") == 1


def _rewritten(archive, target, change):
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    "change",
    [
        lambda manifest: manifest["services"]["accounts"]["counts"].update(audit=2),
        lambda manifest: manifest["members"].pop(),
        lambda manifest: manifest.update(format="something-else/1"),
    ],
    ids=["counts", "members", "format"],
)
def test_an_archive_that_disagrees_with_its_manifest_is_refused(portal_dirs, tmp_path, monkeypatch, change):
    archive, _, _ = create()
    edited = tmp_path / "edited.tar.gz"
    _rewritten(archive, edited, change)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "target"))
    with pytest.raises(errors.BackupError) as refused:
        restore(str(edited))
    assert refused.value.code == errors.DAMAGED
    assert not os.path.exists(tmp_path / "target")


def test_a_restore_onto_data_is_refused_unless_forced_and_then_keeps_the_old_data_aside(portal_dirs, monkeypatch):
    archive, _, _ = create()
    with pytest.raises(errors.BackupError) as refused:
        restore(archive)
    assert refused.value.code == errors.NOT_EMPTY and "--force" in refused.value.message
    _, restored, aside = restore(archive, force=True)
    assert restored["accounts"]["records"] == 1
    assert os.path.exists(os.path.join(aside, "accounts.sqlite3"))
    store = BY_NAME["accounts"].open_store({"DATA_DIR": str(portal_dirs)})
    try:
        assert store.audit_entries()[1] == 1
    finally:
        store.close()
