"""The archive: a gzip-compressed tar written and read as a stream (never whole in memory, nor
seeked), its members

    records/<service>/<kind>/<000001>.jsonl   JSON lines, at most CHUNK_BYTES each
    objects/<service>/<key>                    an object's bytes
    manifest.json                              last: what is in it, with every member's sha256

A reader checks every member against the manifest (names, sizes, sha256, record counts) in a
first pass over the whole stream; only then is anything restored, in a second pass."""

import contextlib
import hashlib
import io
import json
import re
import tarfile
import time
import zlib

from . import records as jsonl
from .errors import damaged

FORMAT = "portal-backup/1"
MANIFEST = "manifest.json"
CHUNK_BYTES = 4 * 1024 * 1024
READ_CHUNK = 256 * 1024
_RECORDS = re.compile(r"^records/([a-z][a-z0-9_]*)/([a-z][a-z0-9_]*)/(\d{6})\.jsonl$")
_OBJECTS = re.compile(r"^objects/([a-z][a-z0-9_]*)/([a-z0-9][a-z0-9._\-]*(?:/[a-z0-9][a-z0-9._\-]*)*)$")


def records_member(name):
    """(service, kind) of a records member's name, else None."""
    found = _RECORDS.match(name)
    return (found.group(1), found.group(2)) if found else None


def object_member(name):
    """(service, key) of an object member's name, else None."""
    found = _OBJECTS.match(name)
    return (found.group(1), found.group(2)) if found and ".." not in name else None


class _Hashing:
    """A read-only stream that hashes what passes through it."""

    def __init__(self, chunks):
        self.chunks = iter(chunks)
        self.pending = b""
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        while size < 0 or len(self.pending) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.pending += chunk
        data, self.pending = (self.pending, b"") if size < 0 else (self.pending[:size], self.pending[size:])
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    def __init__(self, out):
        self.tar = tarfile.open(fileobj=out, mode="w|gz", format=tarfile.PAX_FORMAT)
        self.members = []
        self.counts = {}  # (service, kind) → records

    def _info(self, name, size):
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o600
        return info

    def add_records(self, service, kind, records):
        """Every record of one kind, in members of at most CHUNK_BYTES; returns how many."""
        buffer, count, number, total = io.BytesIO(), 0, 0, 0
        for record in records:
            buffer.write(jsonl.encode(record))
            count += 1
            if buffer.tell() >= CHUNK_BYTES:
                number += 1
                self._add_chunk(service, kind, number, buffer.getvalue(), count)
                total += count
                buffer, count = io.BytesIO(), 0
        if count or number == 0:
            number += 1
            self._add_chunk(service, kind, number, buffer.getvalue(), count)
            total += count
        self.counts[(service, kind)] = total
        return total

    def _add_chunk(self, service, kind, number, data, count):
        name = f"records/{service}/{kind}/{number:06d}.jsonl"
        self.tar.addfile(self._info(name, len(data)), io.BytesIO(data))
        self.members.append(
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "records": count}
        )

    def add_object(self, service, key, size, content_type, chunks):
        """An object streamed from its store; `size` from its stat (the store keeps objects immutable)."""
        name = f"objects/{service}/{key}"
        stream = _Hashing(chunks)
        self.tar.addfile(self._info(name, size), stream)
        member = {"name": name, "size": size, "sha256": stream.digest.hexdigest(), "key": key}
        self.members.append({**member, "content_type": content_type})
        return member

    def abandon(self):
        """A failed backup: the stream closed while its file is still open (the file is removed)."""
        with contextlib.suppress(Exception):
            self.tar.close()

    def finish(self, manifest):
        manifest = {"format": FORMAT, **manifest, "members": self.members}
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        self.tar.addfile(self._info(MANIFEST, len(data)), io.BytesIO(data))
        self.tar.close()
        return manifest


def _members(tar):
    try:
        yield from tar
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise damaged(f"không đọc được tệp lưu trữ: {error}") from None


def _read_all(handle):
    try:
        while True:
            chunk = handle.read(READ_CHUNK)
            if not chunk:
                return
            yield chunk
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise damaged(f"không đọc được tệp lưu trữ: {error}") from None


def open_stream(stream):
    try:
        return tarfile.open(fileobj=stream, mode="r|gz")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise damaged(f"không phải tệp tar.gz: {error}") from None


def verify(stream):
    """First pass: every member read and checked against the manifest; returns the manifest.
    Raises BackupError (DAMAGED) on anything missing, extra, changed or cut."""
    seen, manifest = [], None
    with open_stream(stream) as tar:
        for member in _members(tar):
            if manifest is not None:
                raise damaged(f"có thành phần sau bản kê: {member.name}")
            if not member.isfile():
                raise damaged(f"thành phần không phải tệp: {member.name}")
            if member.name == MANIFEST:
                data = b"".join(_read_all(tar.extractfile(member)))
                try:
                    manifest = json.loads(data)
                except ValueError:
                    raise damaged("bản kê không đọc được") from None
                continue
            if not (records_member(member.name) or object_member(member.name)):
                raise damaged(f"thành phần lạ: {member.name}")
            digest, size, lines = hashlib.sha256(), 0, 0
            for chunk in _read_all(tar.extractfile(member)):
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
            seen.append({"name": member.name, "size": size, "sha256": digest.hexdigest(), "lines": lines})
    if manifest is None:
        raise damaged("thiếu bản kê (tệp bị cắt?)")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise damaged("bản kê không phải của bản sao lưu cổng thông tin")
    listed = manifest.get("members")
    if not isinstance(listed, list) or not all(isinstance(entry, dict) for entry in listed):
        raise damaged("bản kê không có danh sách thành phần")
    if not isinstance(manifest.get("services"), dict):
        raise damaged("bản kê không có danh sách dịch vụ")
    if [entry.get("name") for entry in listed] != [entry["name"] for entry in seen]:
        raise damaged("danh sách thành phần khác bản kê")
    for entry, found in zip(listed, seen, strict=True):
        if entry.get("sha256") != found["sha256"] or entry.get("size") != found["size"]:
            raise damaged(f"mã kiểm tra sha256 sai: {found['name']}")
        if records_member(found["name"]) and entry.get("records") != found["lines"]:
            raise damaged(f"số bản ghi sai: {found['name']}")
    return manifest


class _Peekable:
    def __init__(self, iterator):
        self.iterator, self.ahead = iterator, []

    def peek(self):
        if not self.ahead:
            self.ahead.append(next(self.iterator, None))
        return self.ahead[0]

    def __iter__(self):
        return self

    def __next__(self):
        found = self.ahead.pop() if self.ahead else next(self.iterator, None)
        if found is None:
            raise StopIteration
        return found


def read(stream):
    """Second pass (after `verify`): yields ("records", service, kind, records) with `records` an
    iterator over every member of that kind, or ("object", service, key, reader) with a reader
    of its bytes. Each must be consumed before the next is asked for."""
    with open_stream(stream) as tar:
        members = _Peekable(_members(tar))
        for member in members:
            if member.name == MANIFEST:
                continue
            found = records_member(member.name)
            if found is None:
                yield ("object", *object_member(member.name), tar.extractfile(member))
                continue
            group = _Group(tar, members, member, found)
            yield ("records", *found, group)
            if any(True for _ in group):
                raise RuntimeError(f"the records of {found} were not all restored")


class _Group:
    """The records of consecutive members of one (service, kind)."""

    def __init__(self, tar, members, first, key):
        self.tar, self.members, self.first, self.key = tar, members, first, key
        self.records = self._records()

    def __iter__(self):
        return self.records

    def _records(self):
        member = self.first
        while True:
            pending = b""
            for chunk in _read_all(self.tar.extractfile(member)):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    yield jsonl.decode(line)
            following = self.members.peek()
            if following is None or records_member(following.name) != self.key:
                return
            member = next(self.members)
