"""Every refused upload stores nothing: no metadata rows and no object in the bucket or folder,
on every document backend × every object backend. A failure midway removes what was written."""

import io
import os

import pytest
from PIL import Image

from services.media import create_app

from .conftest import AUTH, make_album, stored_keys, stored_rows, upload_image, upload_video
from .images import SVG_WITH_SCRIPT, jpeg, png, png_bomb


def other_format(name):
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, name)
    return out.getvalue()


def assert_nothing_stored(app):
    assert stored_keys(app) == set()
    assert stored_rows(app) == (0, 0, 0)


@pytest.mark.parametrize(
    "name,data,status",
    [
        ("text under an image name", b"Xin chao, toi khong phai la anh.\n" * 20, 415),
        ("svg with a script", SVG_WITH_SCRIPT, 415),
        ("empty file", b"", 415),
        ("a video as an image", b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64, 415),
        ("bmp, a real image of a type we do not take", other_format("BMP"), 415),
        ("tiff", other_format("TIFF"), 415),
        ("truncated jpeg", jpeg(800, 600)[:1500], 422),
        ("truncated png", png(300, 300)[:200], 422),
        ("decompression bomb", png_bomb(), 422),
    ],
)
def test_refused_images_store_nothing(any_app, any_client, name, data, status):
    album_id = make_album(any_client)
    response = upload_image(any_client, album_id, data, filename="anh.jpg", content_type="image/jpeg")
    assert response.status_code == status, (name, response.json)
    assert response.json["error"]["field"] == "file"
    assert_nothing_stored(any_app)


def test_image_over_the_cap_is_413(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": "test-admin-token", "MEDIA_MAX_IMAGE_BYTES": 50_000})
    client = app.test_client()
    album_id = make_album(client)
    big = jpeg(64, 48) + os.urandom(60_000)  # trailing bytes after a valid JPEG
    assert upload_image(client, album_id, big).status_code == 413
    assert upload_image(client, album_id, jpeg()).status_code == 201


def test_video_over_the_cap_is_413_and_leaves_nothing(any_app, any_client):
    any_app.config["MEDIA_MAX_VIDEO_BYTES"] = 100_000
    any_app.config["MEDIA_MAX_IMAGE_BYTES"] = 10_000
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + os.urandom(200_000)
    response = upload_video(any_client, mp4)
    assert response.status_code == 413
    assert_nothing_stored(any_app)
    assert not [
        name for name in os.listdir(os.path.join(any_app.config["DATA_DIR"], "tmp")) if not name.startswith(".")
    ]


@pytest.mark.parametrize(
    "name,data",
    [
        ("jpeg", jpeg()),
        ("heif image in an ftyp box", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64),
        ("ebml that is not webm", b"\x1a\x45\xdf\xa3\x88\x42\x82\x85matro" + b"\x00" * 64),
        ("empty", b""),
    ],
)
def test_refused_videos_store_nothing(any_app, any_client, name, data):
    response = upload_video(any_client, data)
    assert response.status_code == 415, name
    assert_nothing_stored(any_app)


def test_bad_poster_refuses_the_whole_video(any_app, any_client, shared_data):
    with open(os.path.join(shared_data, "media", "webm.webm"), "rb") as handle:
        webm = handle.read()
    response = upload_video(any_client, webm, poster=SVG_WITH_SCRIPT)
    assert response.status_code == 415 and response.json["error"]["field"] == "poster"
    assert_nothing_stored(any_app)


@pytest.mark.parametrize(
    "form",
    [
        {"upload": (io.BytesIO(jpeg()), "a.jpg")},  # the file under another field name
        {"file": "not a file, a text field"},
        {"file[]": (io.BytesIO(jpeg()), "a.jpg"), "title": "x"},
        {"title": "no file at all"},
    ],
)
def test_odd_field_names_are_400_and_store_nothing(app, client, form):
    album_id = make_album(client)
    response = client.post(
        f"/api/v1/albums/{album_id}/images", data=form, headers=AUTH, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and response.json["error"]["field"] == "file"
    assert_nothing_stored(app)


def test_two_files_in_one_field_are_400(app, client):
    album_id = make_album(client)
    form = {"file": [(io.BytesIO(jpeg()), "a.jpg"), (io.BytesIO(jpeg()), "b.jpg")]}
    response = client.post(
        f"/api/v1/albums/{album_id}/images", data=form, headers=AUTH, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert_nothing_stored(app)


@pytest.mark.parametrize(
    "filename", ["../../../../etc/passwd", "/abs/path.jpg", "..\\..\\win.jpg", "a\x00b.jpg", "ảnh đẹp.jpg", ""]
)
def test_client_file_names_never_become_keys(app, client, filename):
    album_id = make_album(client)
    response = upload_image(client, album_id, jpeg(), filename=filename or "x")
    assert response.status_code == 201
    image_id = response.json["id"]
    assert stored_keys(app) == {
        f"images/{image_id}/original.jpg",
        f"images/{image_id}/thumb.webp",
        f"images/{image_id}/large.webp",
    }
    assert not os.path.exists(os.path.join(app.config["DATA_DIR"], "passwd"))


def test_not_multipart_is_415(app, client):
    album_id = make_album(client)
    response = client.post(
        f"/api/v1/albums/{album_id}/images", data=jpeg(), headers={**AUTH, "Content-Type": "image/jpeg"}
    )
    assert response.status_code == 415
    assert_nothing_stored(app)


def test_upload_into_a_missing_album_is_404(app, client):
    assert upload_image(client, "no-such-album", jpeg()).status_code == 404
    assert_nothing_stored(app)


class FailingObjects:
    """The real object store, failing on the n-th put (a storage outage midway through)."""

    def __init__(self, real, fail_on):
        self.real, self.fail_on, self.puts = real, fail_on, 0

    def put(self, key, stream, content_type, length=None):
        self.puts += 1
        if self.puts == self.fail_on:
            stream.read(1000)  # part of the bytes went out before the failure
            raise ConnectionError("storage went away")
        return self.real.put(key, stream, content_type, length)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.parametrize("fail_on", [1, 2, 3])
def test_a_storage_failure_midway_leaves_no_orphan(any_app, any_client, fail_on):
    album_id = make_album(any_client)
    real = any_app.extensions["media_objects"]
    any_app.extensions["media_objects"] = FailingObjects(real, fail_on)
    response = upload_image(any_client, album_id, jpeg())
    assert response.status_code == 500
    any_app.extensions["media_objects"] = real
    assert_nothing_stored(any_app)


def test_a_metadata_failure_after_the_bytes_leaves_no_orphan(any_app, any_client, monkeypatch):
    from portal_common import store as store_seam

    album_id = make_album(any_client)
    real_open = any_app.extensions["open_store"]

    def open_failing(config):
        store = real_open(config)

        def add_image(image, objects):
            raise RuntimeError("database went away")

        store.add_image = add_image
        return store

    any_app.extensions["open_store"] = open_failing
    assert upload_image(any_client, album_id, jpeg()).status_code == 500
    any_app.extensions["open_store"] = real_open
    assert_nothing_stored(any_app)
    assert store_seam  # the seam the app opens its store through


def test_writes_need_the_token(app, client):
    assert client.post("/api/v1/albums", json={"title": "x"}).status_code == 401
    assert (
        client.post("/api/v1/albums", json={"title": "x"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    )
    album_id = make_album(client)
    form = {"file": (io.BytesIO(jpeg()), "a.jpg")}
    assert (
        client.post(f"/api/v1/albums/{album_id}/images", data=form, content_type="multipart/form-data").status_code
        == 401
    )
    assert client.post("/api/v1/videos", data={"title": "x"}, content_type="multipart/form-data").status_code == 401
    assert_nothing_stored(app)
