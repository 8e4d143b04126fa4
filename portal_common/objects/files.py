"""Objects as files under DATA_DIR/objects, written atomically (temp file, fsync, rename) so a
crash never leaves a half object under its real name."""

import hashlib
import json
import os
import tempfile

from .base import CHUNK, ObjectInfo, ObjectNotFound, ObjectStore, validate_key


class FileObjectStore(ObjectStore):
    def __init__(self, root):
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)

    def _path(self, key):
        validate_key(key)
        path = os.path.abspath(os.path.join(self.root, key))
        if not path.startswith(self.root + os.sep):
            raise ValueError(f"invalid object key {key!r}")
        return path

    def put(self, key, stream, content_type, length=None):
        path = self._path(key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        digest = hashlib.md5(usedforsecurity=False)
        size = 0
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            meta = {"size": size, "etag": digest.hexdigest(), "content_type": content_type}
            self._write_meta(path, meta)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return ObjectInfo(key, size, meta["etag"], content_type)

    def _write_meta(self, path, meta):
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".meta-")
        with os.fdopen(fd, "w") as out:
            json.dump(meta, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path + ".meta.json")

    def stat(self, key):
        path = self._path(key)
        try:
            with open(path + ".meta.json") as meta_file:
                meta = json.load(meta_file)
            size = os.path.getsize(path)
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        return ObjectInfo(key, size, meta["etag"], meta["content_type"])

    def read(self, key, start=0, end=None):
        path = self._path(key)
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            raise ObjectNotFound(key) from None
        return self._chunks(handle, start, end)

    @staticmethod
    def _chunks(handle, start, end):
        with handle:
            handle.seek(start)
            remaining = None if end is None else end - start + 1
            while remaining is None or remaining > 0:
                chunk = handle.read(CHUNK if remaining is None else min(CHUNK, remaining))
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def delete(self, key):
        path = self._path(key)
        for name in (path, path + ".meta.json"):
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass

    def check(self):
        if not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not writable")
        return {"backend": "files"}
