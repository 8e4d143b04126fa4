"""`make restore BACKUP=<archive>`: the archive back into whatever storage the environment selects
(SQLite and files under DATA_DIR, or MongoDB with MONGO_URL and S3 with S3_ENDPOINT), through
each service's store seam.

Nothing is written before the whole archive has been read and checked: its own .sha256 file
when beside it, every member's sha256, size and record count against the manifest, and (when
encrypted) age's authentication of every byte. A target that holds data is refused unless
`--force` / RESTORE_FORCE=1 (then SQLite files and objects are moved aside, not deleted, and the
services' MongoDB collections are dropped)."""

import contextlib
import datetime
import fnmatch
import hashlib
import os
import shutil

from portal_common import sqlite
from portal_common.config import common_settings, env_str
from portal_common.mongo import database_for
from portal_common.objects import FileObjectStore, S3ObjectStore

from . import archive, content_versions
from .encryption import decrypting, is_encrypted
from .errors import NOT_EMPTY, PASSPHRASE, BackupError, damaged
from .registry import BY_NAME, SERVICES


@contextlib.contextmanager
def opened(path, passphrase):
    if is_encrypted(path):
        if not passphrase:
            raise BackupError("Bản sao lưu này được mã hóa: hãy đặt BACKUP_PASSPHRASE.", PASSPHRASE)
        with decrypting(path, passphrase) as stream:
            yield stream
    else:
        with open(path, "rb") as stream:
            yield stream


def check_sidecar(path):
    """The archive's own sha256 file (written beside it by `make backup`), when it came along."""
    sidecar = path + ".sha256"
    if not os.path.exists(sidecar):
        return False
    with open(sidecar) as kept:
        expected = kept.read().split()[:1]
    digest = hashlib.sha256()
    with open(path, "rb") as found:
        while chunk := found.read(1024 * 1024):
            digest.update(chunk)
    if expected != [digest.hexdigest()]:
        raise damaged(f"sha256 của cả tệp khác {os.path.basename(sidecar)}")
    return True


def verify(path, passphrase):
    """Every check, no write: the manifest of a whole, unchanged archive."""
    if not os.path.isfile(path):
        raise BackupError(f"Không thấy tệp sao lưu: {path}")
    check_sidecar(path)
    with opened(path, passphrase) as stream:
        manifest = archive.verify(stream)
    unknown = set(manifest.get("services", {})) - set(BY_NAME)
    if unknown:
        raise damaged(f"dịch vụ không có trong bản cài đặt này: {', '.join(sorted(unknown))}")
    counted = {}
    for entry in manifest["members"]:
        found = archive.records_member(entry["name"])
        if found:
            counted[found] = counted.get(found, 0) + entry["records"]
    for service, part in manifest["services"].items():
        for kind, count in part.get("counts", {}).items():
            if counted.get((service, kind), 0) != count:
                raise damaged(f"số bản ghi {service}/{kind} khác bản kê")
    return manifest


def _object_files(root):
    for _folder, _dirs, files in os.walk(root):
        if files:
            return True
    return False


def _has_objects(objects):
    if isinstance(objects, S3ObjectStore):
        client = objects.client
        if not client.bucket_exists(objects.bucket):
            return False
        return next(iter(client.list_objects(objects.bucket, recursive=True)), None) is not None
    if isinstance(objects, FileObjectStore):
        return _object_files(objects.root)
    raise TypeError(f"unknown object store {objects!r}")


def occupied(module, config):
    """What of the service's target already holds data: ["records"], ["objects"], both or none."""
    found = []
    live = os.path.join(config["DATA_DIR"], module.SQLITE_FILE)
    if config.get("MONGO_URL") or os.path.exists(live):
        store = module.open_store(config)
        try:
            if module.has_records(store):
                found.append("records")
        finally:
            store.close()
    if not module.HOLDS_OBJECTS:
        return found
    if not config.get("S3_ENDPOINT"):  # files under DATA_DIR/objects, looked at without making the folder
        if _object_files(os.path.join(config["DATA_DIR"], "objects")):
            found.append("objects")
    elif _has_objects(module.object_store(config)):
        found.append("objects")
    return found


def clear(module, config, aside):
    """--force: the service's data moved out of the way (SQLite files, object files) or dropped
    (its MongoDB collections). Objects in S3 are left: the archive's overwrite the same keys."""
    if config.get("MONGO_URL"):
        db = database_for(config["MONGO_URL"])
        patterns = [pattern for names in module.MONGO_COLLECTIONS.values() for pattern in names]
        for name in db.list_collection_names():
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
                db.drop_collection(name)
    else:
        for suffix in ("", "-wal", "-shm"):
            path = os.path.join(config["DATA_DIR"], module.SQLITE_FILE + suffix)
            if os.path.exists(path):
                os.makedirs(aside, exist_ok=True)
                shutil.move(path, os.path.join(aside, module.SQLITE_FILE + suffix))
    objects_dir = os.path.join(config["DATA_DIR"], "objects")
    if module.HOLDS_OBJECTS and not config.get("S3_ENDPOINT") and os.path.isdir(objects_dir):
        os.makedirs(aside, exist_ok=True)
        shutil.move(objects_dir, os.path.join(aside, "objects"))


def _restore_items(path, passphrase, manifest, stores, objects):
    content_types = {entry["name"]: entry.get("content_type") for entry in manifest["members"]}
    sizes = {entry["name"]: entry["size"] for entry in manifest["members"]}
    restored = {name: {"records": 0, "objects": 0} for name in stores}
    with opened(path, passphrase) as stream:
        for item in archive.read(stream):
            if item[0] == "records":
                _, service, kind, records = item
                module = BY_NAME[service]
                if kind not in module.KINDS:
                    raise damaged(f"loại bản ghi lạ: {service}/{kind}")
                counted = _Counted(records)
                module.import_records(stores[service], kind, counted)
                restored[service]["records"] += counted.count
            else:
                _, service, key, reader = item
                if objects.get(service) is None:
                    raise damaged(f"dịch vụ {service} không giữ đối tượng")
                name = f"objects/{service}/{key}"
                objects[service].put(key, reader, content_types[name] or "application/octet-stream", length=sizes[name])
                restored[service]["objects"] += 1
    return restored


class _Counted:
    def __init__(self, records):
        self.records, self.count = iter(records), 0

    def __iter__(self):
        return self

    def __next__(self):
        record = next(self.records)
        self.count += 1
        return record


def restore(path, force=False):
    """Returns (manifest, restored counts per service, folder data was moved aside into or None)."""
    passphrase = env_str("BACKUP_PASSPHRASE")
    path = os.path.abspath(path)
    manifest = verify(path, passphrase)
    configs = {module.SERVICE: module.config() for module in SERVICES}
    busy = {name: found for name, config in configs.items() if (found := occupied(BY_NAME[name], config))}
    aside = None
    if busy:
        listed = "; ".join(f"{name}: {', '.join(found)}" for name, found in busy.items())
        if not force:
            raise BackupError(
                f"Nơi khôi phục đã có dữ liệu ({listed}). Khôi phục chỉ vào nơi trống; để thay thế dữ liệu đang có, "
                "dừng cổng thông tin và chạy lại với --force (hoặc RESTORE_FORCE=1).",
                NOT_EMPTY,
            )
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = os.path.join(common_settings()["DATA_DIR"], f"replaced-by-restore-{stamp}")
        for name in busy:
            clear(BY_NAME[name], configs[name], aside)
        sqlite.forget_schemas()  # the moved files' schemas must be made again
    stores = {name: BY_NAME[name].open_store(config) for name, config in configs.items()}
    objects = {name: BY_NAME[name].object_store(config) for name, config in configs.items()}
    try:
        restored = _restore_items(path, passphrase, manifest, stores, objects)
    finally:
        for store in stores.values():
            store.close()
    content_versions.raise_above(common_settings(), manifest.get("content_versions", {}))
    return manifest, restored, aside
