"""`make backup`: one archive of every service's records and objects, made while the portal runs.

SQLite: each database is first copied with SQLite's online backup API (`Connection.backup`) into
a snapshot beside the archive: one consistent state of that database, taken while its workers go
on writing; the records are then read from the snapshot through the service's own store.
MongoDB: the records are read through the store seam collection by collection (each document as
it was when read; see docs/backups.md, "Consistency"). Objects are found through the records
and copied with their sha256. The archive is written as a stream into a hidden partial file,
fsynced and renamed: an archive under its real name is always whole."""

import contextlib
import datetime
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile

from portal_common import sqlite
from portal_common.config import common_settings, env_int, env_str
from portal_common.objects import ObjectNotFound

from . import content_versions
from .archive import ArchiveWriter
from .encryption import encrypting
from .errors import BackupError
from .registry import SERVICES

ARCHIVE_NAME = re.compile(r"^portal-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz(?:\.enc)?$")
DEFAULT_KEEP = 14


def backup_dir(data_dir):
    """BACKUP_DIR, else `backups/` beside DATA_DIR: never inside it, so a restore's empty
    DATA_DIR and a wiped disk folder are not the archives' folder."""
    return os.path.abspath(env_str("BACKUP_DIR") or os.path.join(os.path.dirname(os.path.abspath(data_dir)), "backups"))


def snapshot(live_path, copy_path):
    """A consistent copy of a live SQLite database (WAL included) by the online backup API."""
    source = sqlite3.connect(f"file:{live_path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(copy_path)
    try:
        source.execute("PRAGMA busy_timeout = 30000")
        source.backup(target)
    finally:
        target.close()
        source.close()


@contextlib.contextmanager
def source_store(module, config, staging):
    """The store records are read from: a snapshot of the SQLite database, or MongoDB itself.
    None when the embedded database was never made (the service has no records yet)."""
    if config.get("MONGO_URL"):
        store = module.open_store(config)
    else:
        live = os.path.join(config["DATA_DIR"], module.SQLITE_FILE)
        if not os.path.exists(live):
            yield None
            return
        folder = os.path.join(staging, module.SERVICE)
        os.makedirs(folder)
        snapshot(live, os.path.join(folder, module.SQLITE_FILE))
        store = module.open_store({**config, "DATA_DIR": folder})
    try:
        yield store
    finally:
        store.close()


def _archive_path(folder, encrypted):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".tar.gz.enc" if encrypted else ".tar.gz"
    path, number = os.path.join(folder, f"portal-backup-{stamp}{suffix}"), 1
    while os.path.exists(path):
        number += 1
        path = os.path.join(folder, f"portal-backup-{stamp}-{number}{suffix}")
    return path


def _backup_service(writer, module, staging):
    config = module.config()
    counts, keys = {}, []
    with source_store(module, config, staging) as store:
        for kind in module.KINDS:
            records = () if store is None else module.export_records(store, kind)

            def noted(records=records, kind=kind):
                for record in records:
                    keys.extend(module.object_keys(kind, record))
                    yield record

            counts[kind] = writer.add_records(module.SERVICE, kind, noted())
    part = {"store": "mongo" if config.get("MONGO_URL") else "sqlite", "counts": counts}
    objects = module.object_store(config)
    if objects is not None:
        copied, gone = 0, []
        for key in keys:
            try:
                info = objects.stat(key)
            except ObjectNotFound:  # deleted, with its record, since the snapshot was taken
                gone.append(key)
                continue
            writer.add_object(module.SERVICE, key, info.size, info.content_type, objects.read(key))
            copied += 1
        part["objects"] = {"backend": objects.check()["backend"], "count": copied, "gone": gone}
    return part


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as archive:
        while chunk := archive.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def prune(folder, keep):
    """Keep the newest `keep` archives (names sort by time), with their .sha256 files."""

    def made(name):  # a second archive within one second is "-2", after the first
        found = ARCHIVE_NAME.match(name)
        return found.group(1), int(found.group(2) or 1)

    archives = sorted((name for name in os.listdir(folder) if ARCHIVE_NAME.match(name)), key=made)
    removed = archives[: max(0, len(archives) - keep)]
    for name in removed:
        for path in (os.path.join(folder, name), os.path.join(folder, name + ".sha256")):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    return removed


def create():
    """Make one archive; returns (path, manifest, pruned names)."""
    base = common_settings()
    folder = backup_dir(base["DATA_DIR"])
    keep = env_int("BACKUP_KEEP", DEFAULT_KEEP)
    if keep < 1:
        raise BackupError("BACKUP_KEEP phải từ 1 trở lên.")
    passphrase = env_str("BACKUP_PASSPHRASE")
    os.makedirs(folder, exist_ok=True)
    path = _archive_path(folder, bool(passphrase))
    partial = os.path.join(folder, "." + os.path.basename(path) + ".partial")
    staging = tempfile.mkdtemp(dir=folder, prefix=".snapshot-")
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    try:
        with open(partial, "xb") as out:
            os.chmod(partial, 0o600)  # personal data and embargoed results
            with encrypting(out, passphrase) if passphrase else contextlib.nullcontext(out) as sink:
                writer = ArchiveWriter(sink)
                try:
                    services = {module.SERVICE: _backup_service(writer, module, staging) for module in SERVICES}
                    manifest = writer.finish(
                        {
                            "created_at": started,
                            "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                            "encrypted": bool(passphrase),
                            "services": services,
                            # Read last: at least as high as any write the archive holds.
                            "content_versions": content_versions.read(base, [module.SERVICE for module in SERVICES]),
                        }
                    )
                except BaseException:
                    writer.abandon()
                    raise
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
        with open(path + ".sha256", "w") as sidecar:
            sidecar.write(f"{_sha256_of(path)}  {os.path.basename(path)}\n")
    finally:
        sqlite.forget_schemas()  # closes this thread's connections to the snapshots
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
    return path, manifest, prune(folder, keep)
