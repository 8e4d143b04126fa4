"""Objects in MinIO or any S3-compatible server through the minio SDK.

Uploads of unknown length go up as multipart in 10 MiB parts, so a 500 MB video never sits in
memory; reads ask the server for the byte range and pass its stream on."""

import threading
from datetime import timedelta
from urllib.parse import urlsplit

from minio import Minio
from minio.error import S3Error

from .base import CHUNK, ObjectInfo, ObjectNotFound, ObjectStore, validate_key

PART_SIZE = 10 * 1024 * 1024
_MISSING = {"NoSuchKey", "NoSuchObject", "NoSuchBucket"}


def _client(endpoint, access_key, secret_key, secure, region=None):
    # The SDK takes "host:port"; accept a URL too, since ops often paste one.
    if "://" in endpoint:
        parts = urlsplit(endpoint)
        endpoint, secure = parts.netloc, parts.scheme == "https"
    return Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region)


class S3ObjectStore(ObjectStore):
    def __init__(self, endpoint, access_key, secret_key, bucket, secure=False, public_endpoint=None):
        self.bucket = bucket
        self.client = _client(endpoint, access_key, secret_key, secure, region="us-east-1")
        # Presigned URLs are signed for the host the browser will use (MinIO published to the
        # internet), which can differ from the one the service reaches inside the network.
        self.public_client = (
            _client(public_endpoint, access_key, secret_key, secure, region="us-east-1")
            if public_endpoint
            else self.client
        )
        self._bucket_ready = False
        self._lock = threading.Lock()

    def _ensure_bucket(self):
        if self._bucket_ready:
            return
        with self._lock:
            if not self._bucket_ready:
                if not self.client.bucket_exists(self.bucket):
                    try:
                        self.client.make_bucket(self.bucket)
                    except S3Error as error:  # another worker made it first
                        if error.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                            raise
                self._bucket_ready = True

    def put(self, key, stream, content_type, length=None):
        validate_key(key)
        self._ensure_bucket()
        self.client.put_object(
            self.bucket,
            key,
            stream,
            length=-1 if length is None else length,
            content_type=content_type,
            part_size=PART_SIZE,
            # The SDK's default (3 parallel parts) reads parts ahead into memory: a 200 MB upload
            # grew a worker by 50 MB. One part at a time keeps it near one part.
            num_parallel_uploads=1,
        )
        return self.stat(key)

    def stat(self, key):
        validate_key(key)
        try:
            found = self.client.stat_object(self.bucket, key)
        except S3Error as error:
            if error.code in _MISSING:
                raise ObjectNotFound(key) from None
            raise
        return ObjectInfo(key, found.size, (found.etag or "").strip('"'), found.content_type)

    def read(self, key, start=0, end=None):
        validate_key(key)
        length = 0 if end is None else end - start + 1
        try:
            response = self.client.get_object(self.bucket, key, offset=start, length=length)
        except S3Error as error:
            if error.code in _MISSING:
                raise ObjectNotFound(key) from None
            raise
        return self._chunks(response)

    @staticmethod
    def _chunks(response):
        try:
            yield from response.stream(CHUNK)
        finally:
            response.close()
            response.release_conn()

    def delete(self, key):
        validate_key(key)
        self._ensure_bucket()
        self.client.remove_object(self.bucket, key)

    def presigned_get_url(self, key, expires_seconds=3600, response_headers=None):
        validate_key(key)
        return self.public_client.presigned_get_object(
            self.bucket, key, expires=timedelta(seconds=expires_seconds), response_headers=response_headers
        )

    def check(self):
        self._ensure_bucket()
        return {"backend": "s3", "bucket": self.bucket}
