"""Videos on every document backend × every object backend: upload (sniffed, streamed), poster,
list, seeks byte-exact, 304, delete removing the objects."""

import hashlib
import io
import os

import pytest
from PIL import Image

from .conftest import AUTH, body_of, stored_keys, stored_rows, upload_video


@pytest.fixture
def clips(shared_data):
    folder = os.path.join(shared_data, "media")
    names = ("sample-720p-20s.mp4", "sample-360p-8s.webm", "rocket.jpg")
    return {name: open(os.path.join(folder, name), "rb").read() for name in names}


def _without_udta(mp4):
    """The clip as published: its moov/udta box (ffmpeg's encoder tag here) a zeroed `free` box."""
    start = mp4.index(b"udta") - 4
    length = int.from_bytes(mp4[start : start + 4], "big")
    return mp4[: start + 4] + b"free" + bytes(length - 8) + mp4[start + length :]


def test_upload_list_seek_and_delete(any_app, any_client, clips):
    uploaded = clips["sample-720p-20s.mp4"]
    response = upload_video(
        any_client, uploaded, title="Lễ khai giảng", filename="../x.mov", poster=clips["rocket.jpg"]
    )
    assert response.status_code == 201, response.json
    video = response.json
    mp4 = _without_udta(uploaded)
    assert (video["content_type"], video["size"], video["duration"]) == ("video/mp4", len(mp4), 20.0)
    assert video["checksum"] == hashlib.sha256(mp4).hexdigest()
    assert video["key"] == f"videos/{video['id']}/video.mp4"
    poster = Image.open(io.BytesIO(body_of(any_client.get(video["poster_url"]))))
    assert poster.format == "WEBP" and poster.size == (640, 427)
    # The uploaded poster is shown; the frame FFmpeg extracted is kept beside it.
    assert video["poster_key"] == f"videos/{video['id']}/poster.webp"
    assert video["frame_key"] == f"videos/{video['id']}/frame.jpg" and (video["width"], video["height"]) == (1280, 720)
    webm = upload_video(any_client, clips["sample-360p-8s.webm"], title="Clip WebM", filename="a.mp4").json
    assert webm["content_type"] == "video/webm" and webm["duration"] == 8.0
    assert webm["poster_key"] == webm["frame_key"] == f"videos/{webm['id']}/frame.jpg"
    listed = any_client.get("/api/v1/videos").json
    assert [v["id"] for v in listed["items"]] == [webm["id"], video["id"]] and listed["total"] == 2
    assert any_client.get(f"/api/v1/videos/{video['id']}").json == video

    size = len(mp4)
    for start, end in [(0, 1023), (size // 2, size // 2 + 300_000), (size - 10, size - 1), (5_000_000, 5_000_000)]:
        part = any_client.get(video["url"], headers={"Range": f"bytes={start}-{end}"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert body_of(part) == mp4[start : end + 1]
    whole = any_client.get(video["url"])
    assert (
        whole.headers["Content-Type"] == "video/mp4" and hashlib.sha256(body_of(whole)).hexdigest() == video["checksum"]
    )
    assert any_client.get(video["url"], headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304

    assert any_client.delete(f"/api/v1/videos/{video['id']}", headers=AUTH).status_code == 204
    assert stored_keys(any_app) == {webm["key"], webm["frame_key"]}
    assert any_client.delete(f"/api/v1/videos/{webm['id']}", headers=AUTH).status_code == 204
    assert stored_keys(any_app) == set() and stored_rows(any_app) == (0, 0, 0)
    assert any_client.get(f"/api/v1/videos/{video['id']}").status_code == 404
    assert any_client.delete(f"/api/v1/videos/{video['id']}", headers=AUTH).status_code == 404


def test_video_needs_a_title(app, client, clips):
    response = upload_video(client, clips["sample-360p-8s.webm"], title="")
    assert response.status_code == 400 and response.json["error"]["field"] == "title"
