"""Images on every document backend × every object backend (SQLite, MongoDB wire; files, S3):
upload, variants, byte serving with Range/304/HEAD/416, deletes that remove the objects."""

import hashlib
import io
import os

import pytest
from PIL import Image

from .conftest import AUTH, body_of, make_album, stored_keys, stored_rows, upload_image
from .images import rotated_jpeg, same_pixels


@pytest.fixture
def rocket(shared_data):
    with open(os.path.join(shared_data, "media", "rocket.jpg"), "rb") as handle:
        return handle.read()


def test_upload_keeps_original_and_makes_variants(any_app, any_client, rocket):
    album_id = make_album(any_client)
    response = upload_image(any_client, album_id, rocket, filename="../../etc/passwd.jpg", title="Tên lửa")
    assert response.status_code == 201, response.json
    image = response.json
    assert (image["width"], image["height"], image["content_type"]) == (640, 427, "image/jpeg")
    assert set(image["keys"]) == {"original", "thumb", "large"}
    assert all(key.startswith(f"images/{image['id']}/") and "passwd" not in key for key in image["keys"].values())
    original = any_client.get(image["urls"]["original"])
    assert original.status_code == 200
    # The original is the upload without its metadata (rocket.jpg has a comment): same pixels.
    stored = body_of(original)
    assert image["checksum"] == hashlib.sha256(stored).hexdigest() and image["size"] == len(stored) < len(rocket)
    assert same_pixels(stored, rocket) and "comment" not in Image.open(io.BytesIO(stored)).info
    thumb = Image.open(io.BytesIO(body_of(any_client.get(image["urls"]["thumb"]))))
    large = Image.open(io.BytesIO(body_of(any_client.get(image["urls"]["large"]))))
    assert thumb.format == large.format == "WEBP"
    assert thumb.size == (320, 214)
    assert large.size == (640, 427)  # never enlarged
    assert stored_keys(any_app) == set(image["keys"].values())
    album = any_client.get(f"/api/v1/albums/{album_id}").json
    assert [i["id"] for i in album["images"]] == [image["id"]] and album["count"] == 1
    assert album["cover_key"] == image["keys"]["thumb"]


def test_variants_follow_exif_orientation_and_drop_metadata(any_client):
    album_id = make_album(any_client)
    image = upload_image(any_client, album_id, rotated_jpeg()).json
    assert (image["width"], image["height"]) == (200, 400)
    for name in ("thumb", "large"):
        variant = Image.open(io.BytesIO(body_of(any_client.get(image["urls"][name])))).convert("RGB")
        assert variant.height == 2 * variant.width
        top = variant.getpixel((variant.width // 2, variant.height // 8))
        bottom = variant.getpixel((variant.width // 2, variant.height * 7 // 8))
        assert top[0] > 200 and top[2] < 60, top  # red on top
        assert bottom[2] > 200 and bottom[0] < 60, bottom  # blue at the bottom
        assert len(variant.getexif()) == 0
        raw = Image.open(io.BytesIO(body_of(any_client.get(image["urls"][name]))))
        assert "exif" not in raw.info and "icc_profile" not in raw.info
        assert b"Nguyen Van A" not in body_of(any_client.get(image["urls"][name]))
    # The original loses its EXIF too, so it is stored turned upright: red on top, blue below.
    original = body_of(any_client.get(image["urls"]["original"]))
    assert b"Nguyen Van A" not in original
    upright = Image.open(io.BytesIO(original))
    assert upright.format == "JPEG" and upright.size == (200, 400) and len(upright.getexif()) == 0
    assert upright.getpixel((100, 50))[0] > 200 and upright.getpixel((100, 350))[2] > 200
    assert "icc_profile" in upright.info  # the colour profile is how the pixels are meant, not metadata


def test_serving_ranges_etag_head_and_416(any_client, rocket):
    album_id = make_album(any_client)
    url = upload_image(any_client, album_id, rocket).json["urls"]["original"]
    whole = any_client.get(url)
    rocket = body_of(whole)  # as stored: without its metadata
    etag = whole.headers["ETag"]
    assert etag == '"%s"' % hashlib.sha256(rocket).hexdigest()
    assert whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["Content-Type"] == "image/jpeg"
    assert int(whole.headers["Content-Length"]) == len(rocket)
    size = len(rocket)
    # Several seeks in a row, byte-exact against the file.
    for header, start, end in [
        ("bytes=0-0", 0, 0),
        ("bytes=100-4195", 100, 4195),
        ("bytes=65530-", 65530, size - 1),
        ("bytes=-500", size - 500, size - 1),
        ("bytes=1000-999999999", 1000, size - 1),
    ]:
        part = any_client.get(url, headers={"Range": header})
        assert part.status_code == 206, header
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert body_of(part) == rocket[start : end + 1]
        assert int(part.headers["Content-Length"]) == end - start + 1
    assert any_client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert any_client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = any_client.head(url)
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) == size
    for bad in (f"bytes={size}-", "bytes=500-100", "bytes=abc", "bytes=-0"):
        refused = any_client.get(url, headers={"Range": bad})
        assert refused.status_code == 416, bad
        assert refused.headers["Content-Range"] == f"bytes */{size}"
    # A stale If-Range gets the whole (current) object, a matching one the range.
    assert any_client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"stale"'}).status_code == 200
    assert any_client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag}).status_code == 206
    assert any_client.get("/media/images/nothing/original.jpg").status_code == 404


def test_deleting_an_image_and_an_album_removes_their_objects(any_app, any_client, rocket):
    album_id = make_album(any_client)
    first = upload_image(any_client, album_id, rocket).json
    second = upload_image(any_client, album_id, rocket).json
    assert len(stored_keys(any_app)) == 6
    assert any_client.delete(f"/api/v1/images/{first['id']}", headers=AUTH).status_code == 204
    assert stored_keys(any_app) == set(second["keys"].values())
    assert any_client.get(first["urls"]["thumb"]).status_code == 404
    assert any_client.delete(f"/api/v1/albums/{album_id}", headers=AUTH).status_code == 204
    assert stored_keys(any_app) == set()
    assert stored_rows(any_app) == (0, 0, 0)
    assert any_client.get(f"/api/v1/albums/{album_id}").status_code == 404
    assert any_client.get(second["urls"]["original"]).status_code == 404


def test_a_long_screenshot_gets_its_variants(client):
    """Taller than WebP allows (16383 px) at page width: it was a 500 from the encoder."""
    out = io.BytesIO()
    Image.new("RGB", (1000, 17000), (10, 120, 200)).save(out, "PNG")
    response = upload_image(client, make_album(client), out.getvalue(), filename="dai.png")
    assert response.status_code == 201, response.json
    assert (response.json["width"], response.json["height"]) == (1000, 17000)
    large = Image.open(io.BytesIO(body_of(client.get(response.json["urls"]["large"]))))
    thumb = Image.open(io.BytesIO(body_of(client.get(response.json["urls"]["thumb"]))))
    assert large.height == 16383 and large.width == round(1000 * 16383 / 17000) and thumb.size == (320, 5440)
