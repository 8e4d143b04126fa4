"""What editors change after an upload, on both document stores: an album's and a video's event
date (a Vietnam calendar date), an image's title and alternative text; every bad value a
Vietnamese 400 naming its field; each write bumps the content version."""

import io
import sqlite3

import pytest

from portal_common import sqlite as sqlite_seam
from services.media import create_app

from .conftest import AUTH, make_album, upload_image, upload_video
from .images import jpeg as jpeg_bytes
from .videos import make_clip

BAD_DATES = ["2024-02-30", "24-01-01", "2024/01/01", "2024-1-1", "１９９９-01-01", "1800-01-01", 20240101, "x"]


@pytest.fixture
def store_client(backend_config):
    return create_app(backend_config).test_client()


def _version(client):
    return client.get("/api/v1/content-version").json["version"]


def test_album_event_date(store_client):
    client = store_client
    created = client.post("/api/v1/albums", json={"title": "Khai giảng", "event_date": "2024-09-05"}, headers=AUTH)
    assert created.status_code == 201 and created.json["event_date"] == "2024-09-05"
    album_id = created.json["id"]
    before = _version(client)
    changed = client.patch(f"/api/v1/albums/{album_id}", json={"event_date": "2024-09-06"}, headers=AUTH)
    assert changed.status_code == 200 and changed.json["event_date"] == "2024-09-06"
    assert _version(client) != before
    assert client.get("/api/v1/albums").json["items"][0]["event_date"] == "2024-09-06"
    cleared = client.patch(f"/api/v1/albums/{album_id}", json={"event_date": None}, headers=AUTH)
    assert cleared.json["event_date"] is None
    for bad in BAD_DATES:
        answer = client.patch(f"/api/v1/albums/{album_id}", json={"event_date": bad}, headers=AUTH)
        assert answer.status_code == 400 and answer.json["error"]["field"] == "event_date", bad
    assert client.patch(f"/api/v1/albums/{album_id}", json={"event_date": "2024-09-06"}).status_code == 401


def test_video_event_date_and_title(store_client):
    client = store_client
    form_date = upload_video(client, make_clip("mp4"), title="Hội khỏe Phù Đổng")
    video = form_date.json
    assert video["event_date"] is None
    changed = client.patch(
        f"/api/v1/videos/{video['id']}", json={"event_date": "2023-11-20", "title": "Hội khỏe"}, headers=AUTH
    )
    assert changed.status_code == 200, changed.json
    assert (changed.json["event_date"], changed.json["title"]) == ("2023-11-20", "Hội khỏe")
    assert client.get(f"/api/v1/videos/{video['id']}").json["event_date"] == "2023-11-20"
    for bad in BAD_DATES:
        answer = client.patch(f"/api/v1/videos/{video['id']}", json={"event_date": bad}, headers=AUTH)
        assert answer.status_code == 400 and answer.json["error"]["field"] == "event_date", bad
    assert client.patch(f"/api/v1/videos/{video['id']}", json={"title": ""}, headers=AUTH).status_code == 400
    assert client.patch("/api/v1/videos/nope", json={"title": "x"}, headers=AUTH).status_code == 404


def test_video_event_date_in_the_upload_form(app, client):
    form = {"file": (io.BytesIO(make_clip("webm")), "c.webm"), "title": "Clip", "event_date": "2022-05-19"}
    answer = client.post("/api/v1/videos", data=form, headers=AUTH, content_type="multipart/form-data")
    assert answer.status_code == 201 and answer.json["event_date"] == "2022-05-19"
    form = {"file": (io.BytesIO(make_clip("webm")), "c.webm"), "title": "Clip", "event_date": "19/05/2022"}
    answer = client.post("/api/v1/videos", data=form, headers=AUTH, content_type="multipart/form-data")
    assert answer.status_code == 400 and answer.json["error"]["field"] == "event_date"


def test_image_title_and_alt(store_client):
    client = store_client
    album_id = make_album(client)
    form = {"file": (io.BytesIO(jpeg_bytes()), "a.jpg"), "alt": "Học sinh\x0bxếp hàng"}
    created = client.post(
        f"/api/v1/albums/{album_id}/images", data=form, headers=AUTH, content_type="multipart/form-data"
    )
    assert created.status_code == 201 and created.json["alt"] == "Học sinh xếp hàng"
    image_id = created.json["id"]
    untitled = upload_image(client, album_id, jpeg_bytes()).json
    assert untitled["alt"] == ""
    changed = client.patch(f"/api/v1/images/{image_id}", json={"title": "Lễ chào cờ", "alt": "Cờ đỏ"}, headers=AUTH)
    assert changed.status_code == 200 and (changed.json["title"], changed.json["alt"]) == ("Lễ chào cờ", "Cờ đỏ")
    listed = client.get(f"/api/v1/albums/{album_id}").json["images"]
    assert [(i["title"], i["alt"]) for i in listed] == [("Lễ chào cờ", "Cờ đỏ"), ("", "")]
    for body, field in (({"alt": 5}, "alt"), ({"alt": "x" * 301}, "alt"), ({"title": "x" * 201}, "title")):
        answer = client.patch(f"/api/v1/images/{image_id}", json=body, headers=AUTH)
        assert answer.status_code == 400 and answer.json["error"]["field"] == field
    assert client.patch("/api/v1/images/nope", json={"alt": "x"}, headers=AUTH).status_code == 404
    assert client.patch(f"/api/v1/images/{image_id}", json={"alt": "x"}).status_code == 401


def test_an_older_database_gains_the_new_columns(tmp_path):
    """A media.sqlite3 made before event dates, alt text and posters opens with them added."""
    path = tmp_path / "media.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """CREATE TABLE albums (id TEXT PRIMARY KEY, title TEXT NOT NULL, cover_image_id TEXT,
        created_at TEXT NOT NULL, sort_key INTEGER NOT NULL);
        CREATE TABLE images (id TEXT PRIMARY KEY, album_id TEXT NOT NULL, position INTEGER NOT NULL,
        title TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, content_type TEXT NOT NULL,
        size INTEGER NOT NULL, checksum TEXT NOT NULL, created_at TEXT NOT NULL, keys TEXT NOT NULL);
        CREATE TABLE videos (id TEXT PRIMARY KEY, title TEXT NOT NULL, content_type TEXT NOT NULL,
        size INTEGER NOT NULL, duration REAL, checksum TEXT NOT NULL, created_at TEXT NOT NULL,
        sort_key INTEGER NOT NULL, key TEXT NOT NULL, poster_key TEXT);
        INSERT INTO videos VALUES ('v1', 'Cũ', 'video/webm', 10, NULL, 'c', '2020-01-01T00:00:00+07:00', 1,
        'videos/v1/video.webm', NULL);"""
    )
    old.close()
    sqlite_seam.forget_schemas()
    client = create_app({"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": AUTH["Authorization"][7:]}).test_client()
    video = client.get("/api/v1/videos/v1").json
    assert (video["event_date"], video["frame_key"], video["sources"][0]["key"]) == (None, None, "videos/v1/video.webm")
    assert client.patch("/api/v1/videos/v1", json={"event_date": "2020-01-02"}, headers=AUTH).status_code == 200
