"""The desk's "Hình ảnh" and "Video" pages against a real accounts service and a real media
service (loopback ports): an editor makes an album, uploads photos (each its own request, as the
desk's script sends them) and sees a refusal's Vietnamese message per file, sets alt text (which
the desk requires), order and cover, deletes; uploads a video, sets its title, event date and
poster, deletes it; a member who is no editor gets the friendly 403; a form without its CSRF
token is refused. The service's audit of each write names the member, not the machine."""

import io
import re

import pytest
import requests
from PIL import Image

from tests.conftest import TEST_ADMIN_TOKEN
from tests.gateway.desk import conftest as desk
from tests.gateway.desk.conftest import PASSWORD, SIGNING_KEY, csrf_of, sign_in
from tests.services.media.videos import make_clip
from tests.support.live import serve_app

from .conftest import media_service

# The desk's fixtures: a real accounts service with its staff, and a gateway pointed at it.
accounts_config, accounts_app, accounts_url, make_gateway = (
    desk.accounts_config,
    desk.accounts_app,
    desk.accounts_url,
    desk.make_gateway,
)
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
# An editor of the desk's staff, or one made here when the desk's fixtures have none.
EDITOR = next((name for name, (_, roles) in desk.STAFF.items() if roles == ["editor"]), "bien-tap-anh")


def _jpeg(color=(30, 120, 200)):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def media_url(tmp_path, accounts_url):
    if EDITOR not in desk.STAFF:
        requests.post(
            f"{accounts_url}/api/v1/users",
            json={"username": EDITOR, "password": PASSWORD, "display_name": "Phạm Biên Tập", "roles": ["editor"]},
            headers=MACHINE,
            timeout=10,
        ).raise_for_status()
    service = media_service(
        tmp_path / "media", ADMIN_TOKEN=TEST_ADMIN_TOKEN, AUTH_SIGNING_KEY=SIGNING_KEY, ACCOUNTS_URL=accounts_url
    )
    with serve_app(service) as url:
        yield url


@pytest.fixture
def editor(make_gateway, media_url):
    client = make_gateway(MEDIA_URL=media_url).test_client()
    assert sign_in(client, EDITOR).status_code == 302
    return client


def _token(client, path):
    return csrf_of(client.get(path))


def _xhr(client, url, token, form):
    return client.post(
        url,
        data=form,
        headers={"X-CSRFToken": token, "Accept": "application/json"},
        content_type="multipart/form-data",
    )


def test_nav_and_guard(make_gateway, media_url):
    client = make_gateway(MEDIA_URL=media_url).test_client()
    assert client.get("/quan-tri/hinh-anh").status_code == 302  # not signed in: to the sign-in page
    sign_in(client, "cong-tac")  # a contributor: no editor role
    refused = client.get("/quan-tri/video")
    assert refused.status_code == 403 and "không có quyền" in refused.get_data(as_text=True)
    assert "Hình ảnh" not in client.get("/quan-tri/").get_data(as_text=True).split("desk-nav")[1].split("</nav>")[0]
    editor = make_gateway(MEDIA_URL=media_url).test_client()
    sign_in(editor, EDITOR)
    nav = editor.get("/quan-tri/").get_data(as_text=True)
    assert 'href="/quan-tri/hinh-anh"' in nav and 'href="/quan-tri/video"' in nav
    page = editor.get("/quan-tri/hinh-anh")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"


def test_an_editor_builds_an_album(editor, media_url):
    token = _token(editor, "/quan-tri/hinh-anh")
    made = editor.post(
        "/quan-tri/hinh-anh", data={"title": "Lễ khai giảng", "event_date": "2024-09-05", "csrf_token": token}
    )
    assert made.status_code == 302
    album_path = made.headers["Location"]
    album_id = album_path.rsplit("/", 1)[1]
    page = editor.get(album_path).get_data(as_text=True)
    assert "Lễ khai giảng" in page and 'value="2024-09-05"' in page

    uploaded = []
    for color in ((200, 0, 0), (0, 200, 0), (0, 0, 200)):
        answer = _xhr(
            editor, f"/quan-tri/hinh-anh/{album_id}/anh", token, {"file": (io.BytesIO(_jpeg(color)), "a.jpg")}
        )
        assert answer.status_code == 201, answer.json
        uploaded.append(answer.json["id"])
    # The service's refusals come back as they are: Vietnamese, per file.
    svg = _xhr(editor, f"/quan-tri/hinh-anh/{album_id}/anh", token, {"file": (io.BytesIO(b"<svg/>"), "x.svg")})
    assert svg.status_code == 415 and svg.json["error"]["message"] == "Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP."
    broken = _xhr(editor, f"/quan-tri/hinh-anh/{album_id}/anh", token, {"file": (io.BytesIO(_jpeg()[:200]), "x.jpg")})
    assert broken.status_code == 422 and "hỏng" in broken.json["error"]["message"]
    # Without the CSRF header the upload is refused before it reaches the service.
    forged = editor.post(
        f"/quan-tri/hinh-anh/{album_id}/anh",
        data={"file": (io.BytesIO(_jpeg()), "a.jpg")},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 400 and forged.json["error"]["code"] == "csrf_failed"

    page = editor.get(album_path).get_data(as_text=True)
    assert "3 ảnh chưa có mô tả ảnh" in page
    # Alt text is required here: an empty one is refused with a message, a real one saved.
    refused = editor.post(
        f"/quan-tri/anh/{uploaded[0]}/sua",
        data={"album": album_id, "title": "Chào cờ", "alt": " ", "csrf_token": token},
    )
    assert refused.status_code == 302
    assert "Nhập mô tả ảnh" in editor.get(album_path).get_data(as_text=True)
    for number, image_id in enumerate(uploaded, start=1):
        saved = editor.post(
            f"/quan-tri/anh/{image_id}/sua",
            data={
                "album": album_id,
                "title": f"Ảnh {number}",
                "alt": f"Học sinh xếp hàng {number}",
                "csrf_token": token,
            },
        )
        assert saved.status_code == 302
    album = requests.get(f"{media_url}/api/v1/albums/{album_id}", timeout=10).json()
    assert [(i["title"], i["alt"]) for i in album["images"]] == [
        ("Ảnh 1", "Học sinh xếp hàng 1"),
        ("Ảnh 2", "Học sinh xếp hàng 2"),
        ("Ảnh 3", "Học sinh xếp hàng 3"),
    ]
    # Order, cover, delete.
    editor.post(
        f"/quan-tri/hinh-anh/{album_id}/thu-tu", data={"image": uploaded[2], "direction": "up", "csrf_token": token}
    )
    editor.post(f"/quan-tri/hinh-anh/{album_id}/bia", data={"image": uploaded[2], "csrf_token": token})
    editor.post(f"/quan-tri/anh/{uploaded[0]}/xoa", data={"album": album_id, "csrf_token": token})
    album = requests.get(f"{media_url}/api/v1/albums/{album_id}", timeout=10).json()
    assert [i["id"] for i in album["images"]] == [uploaded[2], uploaded[1]]
    assert album["cover_image_id"] == uploaded[2] and album["event_date"] == "2024-09-05"
    renamed = editor.post(
        f"/quan-tri/hinh-anh/{album_id}/sua", data={"title": "Khai giảng 2024", "event_date": "", "csrf_token": token}
    )
    assert renamed.status_code == 302
    album = requests.get(f"{media_url}/api/v1/albums/{album_id}", timeout=10).json()
    assert (album["title"], album["event_date"]) == ("Khai giảng 2024", None)
    gone = editor.post(f"/quan-tri/hinh-anh/{album_id}/xoa", data={"csrf_token": token})
    assert gone.status_code == 302 and gone.headers["Location"].endswith("/quan-tri/hinh-anh")
    assert requests.get(f"{media_url}/api/v1/albums/{album_id}", timeout=10).status_code == 404


def test_an_editor_manages_a_video(editor, media_url, accounts_url):
    token = _token(editor, "/quan-tri/video")
    answer = _xhr(
        editor,
        "/quan-tri/video/tai-len",
        token,
        {"title": "Hội khỏe Phù Đổng", "event_date": "2023-11-20", "file": (io.BytesIO(make_clip("mp4")), "c.mp4")},
    )
    assert answer.status_code == 201, answer.json
    video_id = answer.json["id"]
    listing = editor.get("/quan-tri/video").get_data(as_text=True)
    assert "Hội khỏe Phù Đổng" in listing and "0:02" in listing and "Thứ hai, 20/11/2023" in listing
    page = editor.get(f"/quan-tri/video/{video_id}").get_data(as_text=True)
    assert "Đang dùng ảnh trích từ video." in page
    poster = _xhr(editor, f"/quan-tri/video/{video_id}/anh-dai-dien", token, {"file": (io.BytesIO(_jpeg()), "p.jpg")})
    assert poster.status_code == 200 and "/poster-" in poster.json["poster_key"]
    assert "Dùng ảnh trích từ video" in editor.get(f"/quan-tri/video/{video_id}").get_data(as_text=True)
    editor.post(f"/quan-tri/video/{video_id}/anh-trich", data={"csrf_token": token})
    editor.post(f"/quan-tri/video/{video_id}/sua", data={"title": "Hội khỏe", "event_date": "bad", "csrf_token": token})
    assert "Ngày sự kiện phải có dạng YYYY-MM-DD." in editor.get(f"/quan-tri/video/{video_id}").get_data(as_text=True)
    editor.post(f"/quan-tri/video/{video_id}/sua", data={"title": "Hội khỏe", "event_date": "", "csrf_token": token})
    video = requests.get(f"{media_url}/api/v1/videos/{video_id}", timeout=10).json()
    assert (video["title"], video["event_date"], video["poster_key"]) == ("Hội khỏe", None, video["frame_key"])
    not_a_video = _xhr(
        editor, "/quan-tri/video/tai-len", token, {"title": "x", "file": (io.BytesIO(b"text" * 100), "x.mp4")}
    )
    assert not_a_video.status_code == 415 and not_a_video.json["error"]["message"] == "Chỉ nhận video MP4 hoặc WebM."
    assert editor.post(f"/quan-tri/video/{video_id}/xoa", data={"csrf_token": token}).status_code == 302
    assert requests.get(f"{media_url}/api/v1/videos/{video_id}", timeout=10).status_code == 404
    audit = requests.get(f"{accounts_url}/api/v1/audit", params={"user": EDITOR}, headers=MACHINE, timeout=10).json()
    actions = {entry["action"] for entry in audit["items"]}
    assert {"media_api.upload_video", "media_api.update_video", "media_api.delete_video"} <= actions


def test_every_desk_media_page_renders_its_forms_labelled(editor):
    token = _token(editor, "/quan-tri/hinh-anh")
    album_id = (
        editor.post("/quan-tri/hinh-anh", data={"title": "A", "csrf_token": token})
        .headers["Location"]
        .rsplit("/", 1)[1]
    )
    _xhr(editor, f"/quan-tri/hinh-anh/{album_id}/anh", token, {"file": (io.BytesIO(_jpeg()), "a.jpg")})
    video = _xhr(
        editor, "/quan-tri/video/tai-len", token, {"title": "V", "file": (io.BytesIO(make_clip("webm")), "v.webm")}
    )
    for path in (
        "/quan-tri/hinh-anh",
        f"/quan-tri/hinh-anh/{album_id}",
        "/quan-tri/video",
        f"/quan-tri/video/{video.json['id']}",
    ):
        html = editor.get(path).get_data(as_text=True)
        ids = set(re.findall(r'<input id="([^"]+)"', html))
        labelled = set(re.findall(r'<label for="([^"]+)"', html))
        assert ids <= labelled, (path, ids - labelled)
