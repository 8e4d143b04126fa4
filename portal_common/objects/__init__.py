"""The object storage seam: S3 (MinIO in production) through the minio SDK, or files under
DATA_DIR. Both keep the same narrow interface (see base.ObjectStore) and pass one contract suite."""

from .base import ObjectInfo, ObjectNotFound, ObjectStore, validate_key
from .files import FileObjectStore
from .s3 import S3ObjectStore


def object_store_from_config(config):
    if config.get("S3_ENDPOINT"):
        return S3ObjectStore(
            endpoint=config["S3_ENDPOINT"],
            access_key=config.get("S3_ACCESS_KEY"),
            secret_key=config.get("S3_SECRET_KEY"),
            bucket=config.get("S3_BUCKET") or "portal-media",
            secure=bool(config.get("S3_SECURE")),
            public_endpoint=config.get("S3_PUBLIC_ENDPOINT"),
        )
    import os

    return FileObjectStore(os.path.join(config["DATA_DIR"], "objects"))


__all__ = [
    "FileObjectStore",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "S3ObjectStore",
    "object_store_from_config",
    "validate_key",
]
