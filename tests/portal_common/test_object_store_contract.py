"""The object store contract, run on files under DATA_DIR and on a real S3 server (SeaweedFS)."""

import hashlib
import io
import os

import pytest
import requests

from portal_common.objects import ObjectNotFound, object_store_from_config


@pytest.fixture
def store(objects_config, tmp_path):
    return object_store_from_config({"DATA_DIR": str(tmp_path), **objects_config})


def _payload(size):
    return os.urandom(size)


def test_put_then_stat_and_read_whole(store):
    data = _payload(700_000)
    info = store.put("images/ab/original.jpg", io.BytesIO(data), "image/jpeg")
    assert info.size == len(data)
    stat = store.stat("images/ab/original.jpg")
    assert (stat.size, stat.content_type) == (len(data), "image/jpeg")
    assert stat.etag
    assert b"".join(store.read("images/ab/original.jpg")) == data


def test_unknown_length_upload_streams_in_parts(store):
    # 23 MB of unknown length: the S3 store must go multipart (10 MiB parts), not buffer it whole.
    data = _payload(23 * 1024 * 1024)
    store.put("videos/big.mp4", io.BytesIO(data), "video/mp4")
    assert store.stat("videos/big.mp4").size == len(data)
    assert hashlib.sha256(b"".join(store.read("videos/big.mp4"))).digest() == hashlib.sha256(data).digest()


@pytest.mark.parametrize("start,end", [(0, 0), (1, 99), (65_535, 70_000), (299_990, 299_999), (123, None)])
def test_range_reads_are_byte_exact(store, start, end):
    data = _payload(300_000)
    store.put("v/range.bin", io.BytesIO(data), "application/octet-stream")
    expected = data[start:] if end is None else data[start : end + 1]
    assert b"".join(store.read("v/range.bin", start, end)) == expected


def test_missing_object(store):
    with pytest.raises(ObjectNotFound):
        store.stat("nope/missing.bin")
    with pytest.raises(ObjectNotFound):
        list(store.read("nope/missing.bin"))


def test_delete_is_idempotent(store):
    store.put("x/one.txt", io.BytesIO(b"1"), "text/plain")
    store.delete("x/one.txt")
    store.delete("x/one.txt")
    with pytest.raises(ObjectNotFound):
        store.stat("x/one.txt")


@pytest.mark.parametrize("key", ["../etc/passwd", "a/../../b", "/abs", "UPPER", "a//b", "", "a/.hidden"])
def test_keys_that_could_escape_are_refused(store, key):
    with pytest.raises(ValueError):
        store.put(key, io.BytesIO(b"x"), "text/plain")


def test_overwrite_replaces(store):
    store.put("k/v", io.BytesIO(b"old"), "text/plain")
    store.put("k/v", io.BytesIO(b"newer"), "text/plain")
    assert b"".join(store.read("k/v")) == b"newer"


def test_check_reports_ready(store):
    assert store.check()["backend"] in {"files", "s3"}


def test_presigned_url_serves_ranges_and_rejects_tampering(s3_server):
    store = object_store_from_config({"DATA_DIR": "/unused", **s3_server.config("presign-test")})
    data = _payload(10_000)
    store.put("p/clip.webm", io.BytesIO(data), "video/webm")
    url = store.presigned_get_url("p/clip.webm", 60)
    whole = requests.get(url, timeout=5)
    assert whole.status_code == 200 and whole.content == data
    part = requests.get(url, headers={"Range": "bytes=100-199"}, timeout=5)
    assert part.status_code == 206 and part.content == data[100:200]
    tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert requests.get(tampered, timeout=5).status_code == 403


def test_wrong_secret_is_rejected(s3_server):
    config = s3_server.config("secret-test")
    config["S3_SECRET_KEY"] = "not-the-secret"
    store = object_store_from_config({"DATA_DIR": "/unused", **config})
    with pytest.raises(Exception) as raised:
        store.put("a/b", io.BytesIO(b"x"), "text/plain")
    assert (
        "SignatureDoesNotMatch" in str(raised.value)
        or "AccessDenied" in str(raised.value)
        or "InvalidAccessKeyId" in str(raised.value)
    )
