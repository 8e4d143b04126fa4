"""What every object store offers. Keys are made by the services (content hashes, ids), never
taken from a client's file name; validate_key refuses anything that could escape a folder."""

import re
from dataclasses import dataclass

CHUNK = 256 * 1024
_KEY = re.compile(r"^[a-z0-9][a-z0-9._\-]*(/[a-z0-9][a-z0-9._\-]*)*$")


class ObjectNotFound(KeyError):
    pass


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    etag: str
    content_type: str


def validate_key(key):
    if not isinstance(key, str) or len(key) > 512 or ".." in key or not _KEY.match(key):
        raise ValueError(f"invalid object key {key!r}")
    return key


class ObjectStore:
    """Interface. `put` streams from a file-like object (never the whole object in memory);
    `read` yields chunks of bytes [start, end] inclusive; both close what they open."""

    def put(self, key, stream, content_type, length=None):  # -> ObjectInfo
        raise NotImplementedError

    def stat(self, key):  # -> ObjectInfo, or raises ObjectNotFound
        raise NotImplementedError

    def read(self, key, start=0, end=None):  # -> iterator of bytes
        raise NotImplementedError

    def delete(self, key):  # missing keys are fine
        raise NotImplementedError

    def presigned_get_url(self, key, expires_seconds=3600, response_headers=None):  # -> str or None
        return None

    def check(self):  # readiness: raises when the store cannot be used
        raise NotImplementedError
