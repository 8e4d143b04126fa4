"""What the API does with documents across the two stores: a document's record built from its
fields and files, attached files checked (type from the bytes, size, zip bombs), their text read
for search, their bytes put in object storage under keys made here, and the days in force kept
true when a replacement is written or removed. A failed upload leaves no object behind."""

import logging
import os
import time
import uuid

from flask import current_app

from portal_common.document_vocabulary import FILE_NAME_MAX
from portal_common.errors import ApiError
from portal_common.store import get_store
from portal_common.text_fields import clean_text
from portal_common.timefmt import now, to_iso
from portal_common.uploads import HashingReader, file_size

from . import sniffing, statuses
from .fields import check_dates
from .folding import number_key, unique_words
from .objects import get_objects
from .pdf_text import extract_text
from .store import DuplicateNumber
from .uploads import too_large

log = logging.getLogger(__name__)
RETRIES = 8


def new_id():
    return uuid.uuid4().hex


def _duplicate(number):
    return ApiError(409, f"Đã có văn bản số ký hiệu “{number}”.", field="number")


def _file_name(given, kind, n):
    """The name a clerk downloads: the uploaded file's own (Vietnamese kept), on one line, with the
    extension of what the bytes are; "van-ban-<n>.<ext>" when it gave none."""
    base = os.path.basename((given or "").replace("\\", "/"))
    base = clean_text(base, one_line=True).strip().strip(".")
    stem, _, extension = base.rpartition(".")
    if not stem or extension.lower() not in {t.extension for t in sniffing.TYPES}:
        stem = base
    stem = stem[: FILE_NAME_MAX - 6].strip() or f"van-ban-{n}"
    return f"{stem}.{kind.extension}"


class FileWriter:
    """Checks and stores attached files, remembering their keys so `rollback()` removes them."""

    def __init__(self, document_id):
        self.document_id = document_id
        self.written = []

    def add(self, part, n):
        config = current_app.config
        stream = part.stream
        size = file_size(stream)
        if size > config["DOCUMENTS_MAX_FILE_BYTES"]:
            raise too_large(config["DOCUMENTS_MAX_FILE_BYTES"])
        if size == 0:
            raise ApiError(400, "Tệp gửi lên rỗng.", field="file")
        kind = sniffing.sniff(
            stream,
            {
                "max_unzipped": config["DOCUMENTS_MAX_UNZIPPED_BYTES"],
                "max_ratio": config["DOCUMENTS_MAX_ZIP_RATIO"],
                "max_entries": config["DOCUMENTS_MAX_ZIP_ENTRIES"],
            },
        )
        text = ""
        if kind is sniffing.PDF:
            text = extract_text(stream, config["DOCUMENTS_MAX_TEXT_PAGES"], config["DOCUMENTS_MAX_TEXT_CHARS"])
        key = f"documents/{self.document_id}/{uuid.uuid4().hex}.{kind.extension}"
        reader = HashingReader(stream)
        self.written.append(key)
        get_objects().put(key, reader, kind.content_type, size)
        return {
            "n": n,
            "name": _file_name(part.filename, kind, n),
            "key": key,
            "size": reader.size,
            "content_type": kind.content_type,
            "checksum": reader.hexdigest(),
            "created_at": to_iso(now()),
            "text": text,
        }

    def rollback(self):
        remove_objects(self.written)


def words_of(record):
    return unique_words(
        record["number"],
        record["type"],
        record["issuer"],
        record.get("signer") or "",
        record.get("field") or "",
        record["summary"],
        *(file.get("text", "") for file in record["files"]),
    )


def _derived(record):
    """The fields computed from the others, for the store's indexes and filters."""
    return {
        "number_key": number_key(record["number"]),
        "year": int(record["issued_on"][:4]),
        "starts_on": statuses.starts_on(record),
        "words": words_of(record),
    }


def _check_links(values, document_id=None):
    store = get_store()
    for name in ("related", "replaces"):
        ids = values.get(name) or []
        if document_id in ids:
            raise ApiError(400, "Văn bản không thể liên quan hay thay thế chính nó.", field=name)
        found = {record["id"] for record in store.get_many(ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise ApiError(400, f"Không tìm thấy văn bản mã {missing[0]}.", field=name)


def create(values, parts):
    if not parts:
        raise ApiError(400, "Cần ít nhất một tệp văn bản (trường 'file').", field="file")
    check_dates(values)
    _check_links(values)
    document_id = new_id()
    writer = FileWriter(document_id)
    stamp = to_iso(now())
    try:
        files = [writer.add(part, n) for n, part in enumerate(parts, start=1)]
        record = {
            **values,
            "id": document_id,
            "files": files,
            "created_at": stamp,
            "updated_at": stamp,
            "sort_key": time.time_ns(),
            "revision": 1,
            "next_file": len(files) + 1,
            "ends_on": None,
        }
        record.update(_derived(record))
        record["ends_on"] = _ends_on(record)
        get_store().add(record)
    except DuplicateNumber:
        writer.rollback()
        raise _duplicate(values["number"]) from None
    except BaseException:
        writer.rollback()
        raise
    refresh_ends(values.get("replaces") or [])
    return get_store().get(document_id)


def _found(document_id):
    record = get_store().get(document_id)
    if record is None:
        raise ApiError(404, "Không tìm thấy văn bản.")
    return record


def _write(document_id, change):
    """Apply `change(record)` → changes, retrying when another write moved the record meanwhile."""
    for _ in range(RETRIES):
        record = _found(document_id)
        changes = change(record)
        merged = {**record, **changes}
        changes.update(_derived(merged))
        merged.update(changes)
        changes["ends_on"] = _ends_on(merged)
        changes["updated_at"] = to_iso(now())
        try:
            if get_store().update(document_id, record["revision"], changes):
                return record, get_store().get(document_id)
        except DuplicateNumber:
            raise _duplicate(changes["number"]) from None
    raise ApiError(409, "Văn bản đang được sửa cùng lúc; vui lòng thử lại.")


def update(document_id, changes):
    if not changes:
        return _found(document_id)

    def change(record):
        check_dates({**record, **changes})
        _check_links(changes, document_id)
        return dict(changes)

    before, after = _write(document_id, change)
    refresh_ends(set(before["replaces"]) | set(after["replaces"]))
    return after


def add_files(document_id, parts):
    if not parts:
        raise ApiError(400, "Thiếu tệp trong trường 'file' (multipart/form-data).", field="file")
    _found(document_id)
    writer = FileWriter(document_id)
    try:
        stored = [writer.add(part, 0) for part in parts]

        def change(record):
            files = list(record["files"])
            for offset, file in enumerate(stored):
                files.append({**file, "n": record["next_file"] + offset})
            return {"files": files, "next_file": record["next_file"] + len(stored)}

        _, after = _write(document_id, change)
    except BaseException:
        writer.rollback()
        raise
    return after


def remove_file(document_id, n):
    removed = []

    def change(record):
        kept = [file for file in record["files"] if file["n"] != n]
        if len(kept) == len(record["files"]):
            raise ApiError(404, "Không tìm thấy tệp này của văn bản.")
        if not kept:
            raise ApiError(409, "Văn bản phải còn ít nhất một tệp; hãy thêm tệp mới trước khi xóa tệp này.")
        removed[:] = [file["key"] for file in record["files"] if file["n"] == n]
        return {"files": kept}

    _, after = _write(document_id, change)
    remove_objects(removed)
    return after


def delete(document_id):
    record = get_store().delete(document_id)
    if record is None:
        raise ApiError(404, "Không tìm thấy văn bản.")
    for other in get_store().referring_to(document_id):
        _unlink(other["id"], document_id)
    refresh_ends(record["replaces"])
    remove_objects([file["key"] for file in record["files"]])


def _unlink(document_id, gone_id):
    def change(record):
        return {name: [i for i in record[name] if i != gone_id] for name in ("related", "replaces")}

    try:
        _write(document_id, change)
    except ApiError as error:  # deleted meanwhile: nothing left to unlink
        if error.status != 404:
            raise


def _replacement_starts(document_id):
    return [
        statuses.starts_on(other)
        for other in get_store().referring_to(document_id)
        if document_id in other["replaces"] and other["id"] != document_id
    ]


def _ends_on(record):
    return statuses.ends_on(record, _replacement_starts(record["id"]))


def refresh_ends(document_ids):
    """Recompute the last day in force of the documents replaced (or no longer replaced)."""
    store = get_store()
    for document_id in document_ids:
        for _ in range(RETRIES):
            record = store.get(document_id)
            if record is None:
                break
            ends = _ends_on(record)
            if ends == record.get("ends_on") or store.update(document_id, record["revision"], {"ends_on": ends}):
                break


def remove_objects(keys):
    """Remove bytes nothing points at any more; a key that cannot be removed now is only wasted
    space, so it is logged, not raised."""
    for key in keys or ():
        try:
            get_objects().delete(key)
        except Exception:
            log.exception("could not remove object", extra={"fields": {"key": key}})
