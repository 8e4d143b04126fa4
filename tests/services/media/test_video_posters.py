"""Posters and durations read by FFmpeg (PyAV) at upload, on every document × object backend:
from clips made in the test (always) and from the real MP4 and WebM of the shared data (when it
is there); a clip FFmpeg cannot read is kept as the sniffing rules say, without a poster; an
editor's own poster, and back to the frame; a second encoding of the same clip; the `posters`
command for videos stored before frames were extracted."""

import io
import os

import pytest
from PIL import Image

from portal_common.store import get_store

from .conftest import AUTH, body_of, stored_keys, upload_video
from .videos import make_clip


def _poster(client, video):
    answer = client.get(video["poster_url"])
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/jpeg"
    return Image.open(io.BytesIO(body_of(answer)))


@pytest.mark.parametrize("container", ["mp4", "webm"])
def test_poster_and_duration_of_a_generated_clip(any_client, container):
    response = upload_video(any_client, make_clip(container, seconds=2, width=320, height=180))
    assert response.status_code == 201, response.json
    video = response.json
    assert (video["duration"], video["width"], video["height"]) == (2.0, 320, 180)
    assert video["poster_key"] == video["frame_key"] == f"videos/{video['id']}/frame.jpg"
    poster = _poster(any_client, video)
    # The clip brightens 4 levels a frame: the poster is the frame at 1 s (index 25), not the first.
    assert poster.format == "JPEG" and poster.size == (320, 180)
    assert 90 <= poster.getpixel((10, 10))[0] <= 110
    # Served like every media object: ETag, 304, Range.
    whole = any_client.get(video["poster_url"])
    assert any_client.get(video["poster_url"], headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304
    part = any_client.get(video["poster_url"], headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and body_of(part) == body_of(whole)[:10]


def test_real_clips_of_the_shared_data(app, client, shared_data):
    folder = os.path.join(shared_data, "media")
    with open(os.path.join(folder, "sample-720p-20s.mp4"), "rb") as clip:
        mp4 = upload_video(client, clip.read()).json
    assert (mp4["duration"], mp4["width"], mp4["height"]) == (20.0, 1280, 720)
    # Scaled to MEDIA_POSTER_WIDTH (640), aspect kept.
    assert _poster(client, mp4).size == (640, 360)
    with open(os.path.join(folder, "sample-360p-8s.webm"), "rb") as clip:
        webm = upload_video(client, clip.read()).json
    assert (webm["duration"], webm["width"], webm["height"]) == (8.0, 640, 360)
    assert _poster(client, webm).size == (640, 360)


def test_a_clip_ffmpeg_cannot_read_is_kept_without_a_poster(any_client):
    """Sniffed as MP4 (an `ftyp` box with a video brand), but no playable track: today's rules
    keep it (201), with no poster and no size; never a 500."""
    bogus = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + os.urandom(4000)
    response = upload_video(any_client, bogus)
    assert response.status_code == 201, response.json
    video = response.json
    assert video["poster_key"] is None and video["frame_key"] is None
    assert (video["width"], video["height"], video["duration"]) == (None, None, None)


def test_the_tiny_edge_case_files(client, shared_data):
    """mathiasbynens/small's minimal containers: an MP4 with no video track is kept without a
    poster (its duration from moov/mvhd, as before); an 8×8 WebM gets an 8×8 poster."""
    folder = os.path.join(shared_data, "media")
    with open(os.path.join(folder, "mp4-with-audio.mp4"), "rb") as clip:
        audio_only = upload_video(client, clip.read()).json
    assert audio_only["poster_key"] is None and audio_only["duration"] is not None
    with open(os.path.join(folder, "webm.webm"), "rb") as clip:
        tiny = upload_video(client, clip.read()).json
    assert (tiny["width"], tiny["height"]) == (8, 8) and _poster(client, tiny).size == (8, 8)


def test_an_editors_poster_then_back_to_the_frame(any_app, any_client):
    video = upload_video(any_client, make_clip("mp4")).json
    jpeg = io.BytesIO()
    Image.new("RGB", (800, 450), (200, 30, 30)).save(jpeg, "JPEG")
    answer = any_client.post(
        f"/api/v1/videos/{video['id']}/poster",
        data={"file": (io.BytesIO(jpeg.getvalue()), "p.jpg")},
        headers=AUTH,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200, answer.json
    first = answer.json["poster_key"]
    assert first.startswith(f"videos/{video['id']}/poster-") and first.endswith(".webp")
    assert answer.json["frame_key"] == video["frame_key"]
    # A second upload gets a key of its own (keys are never reused: immutable caching) and the
    # first one's bytes go.
    again = any_client.post(
        f"/api/v1/videos/{video['id']}/poster",
        data={"file": (io.BytesIO(jpeg.getvalue()), "p.jpg")},
        headers=AUTH,
        content_type="multipart/form-data",
    ).json
    assert again["poster_key"] != first and first not in stored_keys(any_app)
    back = any_client.patch(f"/api/v1/videos/{video['id']}", json={"poster": "frame"}, headers=AUTH)
    assert back.status_code == 200 and back.json["poster_key"] == video["frame_key"]
    assert stored_keys(any_app) == {video["key"], video["frame_key"]}
    bad = any_client.post(
        f"/api/v1/videos/{video['id']}/poster",
        data={"file": (io.BytesIO(b"<svg/>"), "p.svg")},
        headers=AUTH,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 415 and bad.json["error"]["field"] == "poster"
    assert any_client.patch(f"/api/v1/videos/{video['id']}", json={"poster": "x"}, headers=AUTH).status_code == 400


def test_two_encodings_of_one_clip_prefer_mp4(any_app, any_client):
    webm = upload_video(any_client, make_clip("webm"), title="Một clip").json
    assert webm["content_type"] == "video/webm"
    answer = any_client.post(
        f"/api/v1/videos/{webm['id']}/sources",
        data={"file": (io.BytesIO(make_clip("mp4")), "c.mp4")},
        headers=AUTH,
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    video = answer.json
    assert (video["content_type"], video["url"]) == ("video/mp4", f"/media/videos/{webm['id']}/video.mp4")
    assert [s["content_type"] for s in video["sources"]] == ["video/mp4", "video/webm"]
    assert any_client.get("/api/v1/videos").json["total"] == 1  # one video, not two
    twice = any_client.post(
        f"/api/v1/videos/{webm['id']}/sources",
        data={"file": (io.BytesIO(make_clip("mp4")), "c.mp4")},
        headers=AUTH,
        content_type="multipart/form-data",
    )
    assert twice.status_code == 409
    assert any_client.delete(f"/api/v1/videos/{webm['id']}", headers=AUTH).status_code == 204
    assert stored_keys(any_app) == set()


def test_the_posters_command_fills_in_older_videos(any_app, any_client):
    video = upload_video(any_client, make_clip("mp4")).json
    with any_app.app_context():  # as stored before frames were extracted
        get_store().update_video(
            video["id"], {"frame_key": None, "poster_key": None, "duration": None}, dropped_keys=[video["frame_key"]]
        )
        any_app.extensions["media_objects"].delete(video["frame_key"])
    runner = any_app.test_cli_runner()
    first = runner.invoke(args=["posters"])
    assert "1 ảnh đại diện video mới" in first.output, first.output
    fixed = any_client.get(f"/api/v1/videos/{video['id']}").json
    assert fixed["poster_key"] == fixed["frame_key"] and fixed["duration"] == 2.0
    assert _poster(any_client, fixed).size == (320, 180)
    assert "0 ảnh đại diện video mới" in runner.invoke(args=["posters"]).output
