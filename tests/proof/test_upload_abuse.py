"""Hostile uploads, sent straight to the media service and through the gateway, on files and on
S3: each is refused with its status, and nothing is left behind — no image or video in the
catalog, no object in the folder or bucket, no temporary file. An accepted file with a
path-traversal name is stored under the service's own key only, and deleting it leaves nothing.

(tests/services/media covers each rejection on every storage pair; this holds the whole path a
client's bytes take, gateway included, to the same rules.)"""

import io
import os
import zlib

import pytest

from tests.services.media.conftest import stored_keys
from tests.services.media.images import SVG_WITH_SCRIPT, _chunk, jpeg, png_bomb

from .inprocess import ADMIN, inprocess_portal

IMAGE_CAP = 100 * 1024
VIDEO_CAP = 300 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def deflate_bomb(side=20_000):
    """A fully valid 1-bit PNG of side×side pixels (400 MP) in ~50 KB: decoding it whole would
    take 400 MB as 8-bit pixels."""
    import struct

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


IMAGE_ABUSES = {
    # name: (multipart form fields, expected status)
    "text under an image name": ({"file": (b"Toi khong phai la anh.\n" * 40, "anh.jpg", "image/jpeg")}, 415),
    "pdf under an image name": ({"file": (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "anh.png", "image/png")}, 415),
    "html with script as png": ({"file": (b"<html><script>alert(1)</script></html>", "anh.png", "image/png")}, 415),
    "svg with script": ({"file": (SVG_WITH_SCRIPT, "anh.svg", "image/svg+xml")}, 415),
    "svg with script under a jpeg name": ({"file": (SVG_WITH_SCRIPT, "anh.jpg", "image/jpeg")}, 415),
    "0-byte file": ({"file": (b"", "anh.jpg", "image/jpeg")}, 415),
    "truncated jpeg": ({"file": (jpeg(640, 480)[:1200], "anh.jpg", "image/jpeg")}, 422),
    "decompression bomb (header)": ({"file": (png_bomb(), "anh.png", "image/png")}, 422),
    "decompression bomb (valid deflate)": ({"file": (deflate_bomb(), "anh.png", "image/png")}, 422),
    "over the cap": ({"file": (jpeg(64, 48) + os.urandom(IMAGE_CAP), "anh.jpg", "image/jpeg")}, 413),
    "file under another field name": ({"upload": (jpeg(), "anh.jpg", "image/jpeg")}, 400),
    "file[] field": ({"file[]": (jpeg(), "anh.jpg", "image/jpeg")}, 400),
    "text instead of a file": ({"file": "không phải tệp"}, 400),
    "two files in one field": ({"file": [(jpeg(), "a.jpg", "image/jpeg"), (jpeg(), "b.jpg", "image/jpeg")]}, 400),
    "no file at all": ({"title": "chỉ có tiêu đề"}, 400),
}
VIDEO_ABUSES = {
    "a jpeg as a video": ({"title": "v", "file": (jpeg(), "clip.mp4", "video/mp4")}, 415),
    "text as a video": ({"title": "v", "file": (b"not a video\n" * 50, "clip.webm", "video/webm")}, 415),
    "0-byte video": ({"title": "v", "file": (b"", "clip.mp4", "video/mp4")}, 415),
    "video over the cap": (
        {"title": "v", "file": (MP4_HEAD + os.urandom(VIDEO_CAP + 1024), "clip.mp4", "video/mp4")},
        413,
    ),
    "svg poster with script": (
        {
            "title": "v",
            "file": (MP4_HEAD + b"\x00" * 64, "clip.mp4", "video/mp4"),
            "poster": (SVG_WITH_SCRIPT, "p.jpg", "image/jpeg"),
        },
        415,
    ),
}
ABSOLUTE_NAME = f"/tmp/proof-upload-{os.getpid()}.jpg"
TRAVERSAL_NAMES = [
    "../../../../etc/passwd",
    ABSOLUTE_NAME,
    "..\\..\\win.jpg",
    "a\x00b.jpg",
    "%2e%2e%2fx.jpg",
    "ảnh đẹp.jpg",
]


def _part(value):
    if isinstance(value, tuple):
        data, name, kind = value
        return (io.BytesIO(data), name, kind)
    return value


def multipart(fields):
    """Fields for the test client: (bytes, name, type) tuples become fresh file objects."""
    return {
        key: [_part(item) for item in value] if isinstance(value, list) else _part(value)
        for key, value in fields.items()
    }


@pytest.fixture(scope="module", params=["files", "s3"])
def media_site(request, tmp_path_factory):
    config = {"MEDIA_MAX_IMAGE_BYTES": IMAGE_CAP, "MEDIA_MAX_VIDEO_BYTES": VIDEO_CAP}
    if request.param == "s3":
        config.update(request.getfixturevalue("s3_server").config(f"proof{os.getpid()}"))
    with inprocess_portal(
        tmp_path_factory.mktemp(f"uploads-{request.param}"), demo=False, service_config={"media": config}
    ) as site:
        album = site.client("media").post("/api/v1/albums", json={"title": "Album thử"}, headers=ADMIN)
        assert album.status_code == 201, album.get_data(as_text=True)
        site.album_id = album.get_json()["id"]
        yield site


def catalog_state(site):
    media = site.apps["media"]
    client = media.test_client()
    album = client.get(f"/api/v1/albums/{site.album_id}").get_json()
    videos = client.get("/api/v1/videos").get_json()
    spool = os.path.join(media.config["DATA_DIR"], "tmp")
    leftovers = sorted(name for name in os.listdir(spool) if not name.startswith(".")) if os.path.isdir(spool) else []
    return {
        "images": len(album["images"]),
        "videos": videos["total"],
        "objects": stored_keys(media),
        "spool": leftovers,
    }


def post(site, via, path, fields):
    client = site.client("gateway" if via == "gateway" else "media")
    return client.post(path, data=multipart(fields), headers=ADMIN, content_type="multipart/form-data")


@pytest.mark.parametrize("via", ["service", "gateway"])
@pytest.mark.parametrize("case", list(IMAGE_ABUSES))
def test_hostile_images_are_refused_and_leave_nothing(media_site, via, case):
    fields, status = IMAGE_ABUSES[case]
    before = catalog_state(media_site)
    response = post(media_site, via, f"/api/v1/albums/{media_site.album_id}/images", fields)
    assert response.status_code == status, (
        f"{case} via {via}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    )
    assert response.get_json()["error"]["message"], "the refusal says why"
    assert catalog_state(media_site) == before, f"{case} via {via} left something behind"


@pytest.mark.parametrize("via", ["service", "gateway"])
@pytest.mark.parametrize("case", list(VIDEO_ABUSES))
def test_hostile_videos_are_refused_and_leave_nothing(media_site, via, case):
    fields, status = VIDEO_ABUSES[case]
    before = catalog_state(media_site)
    response = post(media_site, via, "/api/v1/videos", fields)
    assert response.status_code == status, (
        f"{case} via {via}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    )
    assert catalog_state(media_site) == before, f"{case} via {via} left something behind"


@pytest.mark.parametrize("via", ["service", "gateway"])
@pytest.mark.parametrize("filename", TRAVERSAL_NAMES)
def test_path_traversal_names_never_become_keys(media_site, via, filename):
    before = catalog_state(media_site)
    response = post(
        media_site, via, f"/api/v1/albums/{media_site.album_id}/images", {"file": (jpeg(), filename, "image/jpeg")}
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    image_id = response.get_json()["id"]
    added = catalog_state(media_site)["objects"] - before["objects"]
    assert added and all(key.startswith(f"images/{image_id}/") for key in added), added
    data_dir = media_site.apps["media"].config["DATA_DIR"]
    assert not any(name in os.listdir(data_dir) for name in ("passwd", "win.jpg"))
    assert not os.path.exists(ABSOLUTE_NAME)
    deleted = media_site.client("media").delete(f"/api/v1/images/{image_id}", headers=ADMIN)
    assert deleted.status_code == 204
    assert catalog_state(media_site) == before, "deleting the image left an orphan object"
