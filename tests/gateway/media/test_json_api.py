"""/api/v1 media through the gateway, in the contract's exact shapes, with uploads streamed
through to a real media service and URLs that load through the gateway."""

import hashlib
import io

import pytest

from tests.services.media.images import same_pixels

from .conftest import ADMIN, BASE, local, shared_file


def _upload_image(client, album_id, data, title=None):
    form = {"file": (io.BytesIO(data), "anh.jpg")}
    if title:
        form["title"] = title
    return client.post(
        f"/api/v1/albums/{album_id}/images", data=form, headers=ADMIN, content_type="multipart/form-data"
    )


def test_album_write_and_read_in_contract_shapes(fresh_client, shared_data):
    created = fresh_client.post("/api/v1/albums", json={"title": "Khai giảng năm học"}, headers=ADMIN)
    assert created.status_code == 201
    assert created.json == {"id": created.json["id"], "title": "Khai giảng năm học", "event_date": None, "images": []}
    album_id = created.json["id"]
    rocket = shared_file(shared_data, "rocket.jpg")
    uploaded = _upload_image(fresh_client, album_id, rocket, "Tên lửa")
    assert uploaded.status_code == 201
    image = uploaded.json
    assert set(image) == {"id", "title", "alt", "width", "height", "urls"} and set(image["urls"]) == {
        "original",
        "thumb",
        "large",
    }
    assert (image["title"], image["width"], image["height"]) == ("Tên lửa", 640, 427)
    assert all(url.startswith(BASE + "/media/images/") for url in image["urls"].values())

    listed = fresh_client.get("/api/v1/albums")  # just written: not a stale cached list
    assert listed.status_code == 200
    assert listed.json == {
        "items": [
            {
                "id": album_id,
                "title": "Khai giảng năm học",
                "cover": image["urls"]["thumb"],
                "count": 1,
                "event_date": None,
            }
        ],
        "page": 1,
        "per_page": 20,
        "total": 1,
        "pages": 1,
    }
    detail = fresh_client.get(f"/api/v1/albums/{album_id}").json
    assert detail == {"id": album_id, "title": "Khai giảng năm học", "event_date": None, "images": [image]}
    original = fresh_client.get(local(image["urls"]["original"]))
    assert original.status_code == 200 and original.headers["Content-Type"] == "image/jpeg"
    # The upload's pixels without its metadata (rocket.jpg has a comment).
    assert same_pixels(original.data, rocket) and b"\xff\xfe" not in original.data[: original.data.index(b"\xff\xda")]
    assert fresh_client.get(local(image["urls"]["thumb"])).headers["Content-Type"] == "image/webp"


def test_video_upload_larger_than_the_gateway_body_cap_streams_through(fresh_client, shared_data):
    mp4 = shared_file(shared_data, "sample-720p-20s.mp4")  # 6.5 MB, over the gateway's 2 MiB JSON cap
    form = {
        "file": (io.BytesIO(mp4), "clip.mp4"),
        "title": "Lễ tổng kết",
        "poster": (io.BytesIO(shared_file(shared_data, "chelsea.png")), "p.png"),
    }
    response = fresh_client.post("/api/v1/videos", data=form, headers=ADMIN, content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    video = response.json
    assert set(video) == {
        *("id", "title", "url", "poster", "content_type", "size"),  # the contract's
        *("duration", "width", "height", "event_date", "sources"),  # read by FFmpeg, set by editors
    }
    assert (video["content_type"], video["size"], video["title"]) == ("video/mp4", len(mp4), "Lễ tổng kết")
    assert (video["duration"], video["width"], video["height"], video["event_date"]) == (20.0, 1280, 720, None)
    assert video["sources"] == [{"url": video["url"], "content_type": "video/mp4", "size": len(mp4)}]
    assert video["url"].startswith(BASE + "/media/videos/") and video["poster"].startswith(BASE + "/media/videos/")
    listed = fresh_client.get("/api/v1/videos").json
    assert listed["items"] == [video] and listed["total"] == 1
    assert fresh_client.get(f"/api/v1/videos/{video['id']}").json == video
    whole = fresh_client.get(local(video["url"]))
    assert len(whole.data) == len(mp4) and whole.data[-1_000_000:] == mp4[-1_000_000:]
    # The service blanks the clip's metadata (moov/udta) in place: the media stream is unchanged.
    assert b"udta" in mp4 and b"udta" not in whole.data
    assert hashlib.sha256(whole.data).hexdigest() == whole.headers["ETag"].strip('"')


def test_refusals_pass_through_as_json(tmp_path, dead_backends, shared_data):
    from tests.support.live import serve_app

    from .conftest import gateway_for, media_service

    service = media_service(tmp_path / "m", MEDIA_MAX_VIDEO_BYTES=100_000, MEDIA_MAX_IMAGE_BYTES=50_000)
    with serve_app(service) as url:
        client = gateway_for(tmp_path, dead_backends, url).test_client()
        album_id = client.post("/api/v1/albums", json={"title": "A"}, headers=ADMIN).json["id"]
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        refused = _upload_image(client, album_id, svg)
        assert refused.status_code == 415 and refused.json["error"]["code"] == "unsupported_media_type"
        big = {"file": (io.BytesIO(shared_file(shared_data, "sample-720p-20s.mp4")[:300_000]), "v.mp4"), "title": "x"}
        too_big = client.post("/api/v1/videos", data=big, headers=ADMIN, content_type="multipart/form-data")
        assert too_big.status_code == 413 and too_big.json["error"]["code"] == "payload_too_large"
        # Declared far over the cap: refused before parsing, the body drained, still a clean 413.
        huge = {"file": (io.BytesIO(shared_file(shared_data, "sample-720p-20s.mp4")), "v.mp4"), "title": "x"}
        too_big = client.post("/api/v1/videos", data=huge, headers=ADMIN, content_type="multipart/form-data")
        assert too_big.status_code == 413 and too_big.json["error"]["code"] == "payload_too_large"
        assert client.get("/api/v1/videos").json["total"] == 0


@pytest.mark.parametrize(
    "method,path",
    [("post", "/api/v1/albums"), ("post", "/api/v1/albums/x/images"), ("post", "/api/v1/videos")],
)
def test_writes_need_the_token(fresh_client, method, path):
    # No token, or one that is neither the machine token nor a staff token: 401 (the contract).
    for headers in ({}, {"Authorization": "Bearer no"}):
        refused = getattr(fresh_client, method)(path, json={"title": "x"}, headers=headers)
        assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"


def test_not_found_and_bad_paging_are_json(client):
    for path in ("/api/v1/albums/khong-co", "/api/v1/videos/khong-co"):
        response = client.get(path)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/albums?per_page=101").status_code == 400
    assert client.get("/api/v1/videos?page=0").status_code == 400


def test_demo_lists(client):
    albums = client.get("/api/v1/albums").json["items"]
    assert [(a["title"], a["count"]) for a in albums] == [("Ảnh mẫu từ nguồn công khai", 4)]
    assert client.get(local(albums[0]["cover"])).status_code == 200


def test_media_down_is_503_json(tmp_path, dead_backends):
    from .conftest import gateway_for

    client = gateway_for(tmp_path, dead_backends, dead_backends["MEDIA_URL"]).test_client()
    response = client.get("/api/v1/albums")
    assert response.status_code == 503 and response.json["error"]["code"] == "unavailable"


def test_openapi_describes_the_media_routes(client):
    from gateway.api import spec
    from portal_common.openapi import routes_missing_from

    missing = routes_missing_from(client.application, spec())
    assert [m for m in missing if "/albums" in m[1] or "/videos" in m[1]] == []
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert paths["/api/v1/albums"]["get"]["responses"]["200"]
