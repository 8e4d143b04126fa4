"""/media/<key> through the gateway: Range seeks byte-exact, 304, HEAD, 416, 404, and the 302 to
a presigned URL passed on when the service runs on S3 with MEDIA_PRESIGNED_URLS=1."""

import pytest
import requests

from tests.support.live import serve_app

from .conftest import ADMIN, gateway_for, local, media_service, shared_file


@pytest.fixture
def video(client, demo_media_url):
    """The demo clip's WebM encoding (the larger of its two) and its bytes as the media service
    itself serves them (its Tags blanked)."""
    clip = client.get("/api/v1/videos").json["items"][0]
    found = next(source for source in clip["sources"] if source["content_type"] == "video/webm")
    published = requests.get(demo_media_url + local(found["url"]), timeout=10)
    assert published.status_code == 200
    return found, published.content


def test_seeks_in_a_row_are_byte_exact(client, video):
    found, data = video
    path, size = local(found["url"]), len(data)
    for start, end in [(0, 0), (1000, 65_535), (size // 2, size // 2 + 100_000), (size - 100, size - 1)]:
        part = client.get(path, headers={"Range": f"bytes={start}-{end}"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert int(part.headers["Content-Length"]) == end - start + 1
        assert part.headers["Accept-Ranges"] == "bytes"
        assert part.data == data[start : end + 1]
    whole = client.get(path)
    assert whole.status_code == 200 and whole.data == data and whole.headers["Content-Type"] == "video/webm"
    assert whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert whole.headers["Last-Modified"]


def test_conditional_head_and_refused_ranges(client, video):
    found, data = video
    path = local(found["url"])
    etag = client.head(path).headers["ETag"]
    assert etag.startswith('"') and len(etag) == 66
    not_modified = client.get(path, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b"" and not_modified.headers["ETag"] == etag
    head = client.head(path)
    assert head.status_code == 200 and head.data == b"" and int(head.headers["Content-Length"]) == len(data)
    refused = client.get(path, headers={"Range": f"bytes={len(data) + 5}-"})
    assert refused.status_code == 416 and refused.headers["Content-Range"] == f"bytes */{len(data)}"
    assert client.get(path, headers={"Range": "bytes=0-9", "If-Range": etag}).status_code == 206
    assert client.get(path, headers={"Range": "bytes=0-9", "If-Range": '"old"'}).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/media/images/khong-co/thumb.webp", "/media/../api/v1/albums", "/media/%2e%2e/api/v1/albums", "/media/A/B"],
)
def test_unknown_or_escaping_keys_are_404(client, path):
    assert client.get(path).status_code == 404


def test_media_down_is_503_not_a_hang(tmp_path, dead_backends):
    client = gateway_for(tmp_path, dead_backends, dead_backends["MEDIA_URL"]).test_client()
    assert client.get("/media/images/x/thumb.webp").status_code == 503


def test_presigned_redirect_passes_through_and_seeks(tmp_path, dead_backends, s3_server, shared_data):
    service = media_service(tmp_path / "m", MEDIA_PRESIGNED_URLS=True, **s3_server.config("gateway-presigned"))
    data = shared_file(shared_data, "sample-360p-8s.webm")
    with serve_app(service) as url:
        client = gateway_for(tmp_path, dead_backends, url).test_client()
        form = {"file": (__import__("io").BytesIO(data), "v.webm"), "title": "Clip"}
        found = client.post("/api/v1/videos", data=form, headers=ADMIN, content_type="multipart/form-data").json
        redirect = client.get(local(found["url"]), headers={"Range": "bytes=100-199"})
        assert redirect.status_code == 302
        location = redirect.headers["Location"]
        assert location.startswith(f"http://{s3_server.endpoint}/gateway-presigned/videos/")
        for start, end in [(100, 199), (200_000, len(data) - 1)]:
            part = requests.get(location, headers={"Range": f"bytes={start}-{end}"}, timeout=5)
            assert part.status_code == 206 and part.content == data[start : end + 1]
