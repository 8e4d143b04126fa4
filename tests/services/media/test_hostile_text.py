"""Input that was a 500 on the media service — a lone surrogate or deep nesting in a JSON body, a
page number past the stores' 64-bit offsets — is a 400 now; control characters in album, image
and video titles are taken out (a line break becomes a space)."""

import io

import pytest

from .conftest import AUTH, make_album, stored_rows, upload_image, upload_video
from .images import jpeg

JSON = {**AUTH, "Content-Type": "application/json"}
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64)


@pytest.mark.parametrize(
    "raw, field",
    [
        ('{"title": "\\ud800"}', "title"),
        ('{"title": "x", "extra": {"\\udc00": 1}}', "extra"),
        ('{"\\ud800": 1}', None),
        ('{"title": ' + "[" * 100 + "]" * 100 + "}", "title"),
        ("[" * 50_000 + "]" * 50_000, None),
    ],
)
def test_hostile_album_bodies_are_400_and_store_nothing(any_app, raw, field):
    client = any_app.test_client()
    response = client.post("/api/v1/albums", data=raw, headers=JSON)
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"
    assert response.json["error"].get("field") == field
    assert client.get("/api/v1/albums").json["total"] == 0


def test_album_updates_and_orders_with_lone_surrogates_are_400(client):
    album_id = make_album(client)
    for path, method, raw, field in [
        (f"/api/v1/albums/{album_id}", client.patch, '{"cover": "\\ud800"}', "cover"),
        (f"/api/v1/albums/{album_id}", client.patch, '{"title": "a\\udfffb"}', "title"),
        (f"/api/v1/albums/{album_id}/order", client.put, '{"images": ["\\ud800"]}', "images"),
    ]:
        response = method(path, data=raw, headers=JSON)
        assert response.status_code == 400 and response.json["error"]["field"] == field, path


def test_titles_lose_their_control_characters(client):
    album_id = make_album(client, "Hội thi\x0bgiáo viên\x00 giỏi")
    assert client.get(f"/api/v1/albums/{album_id}").json["title"] == "Hội thi giáo viên giỏi"
    renamed = client.patch(f"/api/v1/albums/{album_id}", json={"title": "Tên\r\nmới\x7f"}, headers=AUTH)
    assert renamed.json["title"] == "Tên mới"
    image = upload_image(client, album_id, jpeg(), title="Ảnh\x0bmột\x01").json
    assert image["title"] == "Ảnh một"
    video = upload_video(client, MP4_HEAD, title="Clip\x0bhai\x1b").json
    assert video["title"] == "Clip hai"
    response = client.post("/api/v1/albums", json={"title": "\x00\x01"}, headers=AUTH)
    assert response.status_code == 400 and response.json["error"]["field"] == "title"


def test_a_form_title_with_a_broken_surrogate_is_never_a_500(app, client):
    """A multipart title's bytes of a UTF-16 surrogate (ED A0 80) are not UTF-8: werkzeug reads
    them as replacement characters, and the title is stored as that."""
    album_id = make_album(client)
    body = (
        b'--B\r\nContent-Disposition: form-data; name="title"\r\n\r\nA\xed\xa0\x80\x0bB\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + jpeg() + b"\r\n--B--\r\n"
    )
    response = client.post(
        f"/api/v1/albums/{album_id}/images",
        data=io.BytesIO(body),
        headers={**AUTH, "Content-Type": "multipart/form-data; boundary=B"},
    )
    assert response.status_code == 201 and response.json["title"] == "A\ufffd\ufffd\ufffd B"


@pytest.mark.parametrize("query", ["page=" + "9" * 20, "page=100001", "page=" + "9" * 5000, "page=%D9%A1"])
@pytest.mark.parametrize("path", ["/api/v1/albums", "/api/v1/videos"])
def test_page_numbers_past_any_list_are_400(app, client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400 and response.json["error"]["field"] == "page"
    assert stored_rows(app) == (0, 0, 0)


def test_a_title_with_a_lone_surrogate_is_refused_whatever_brought_it():
    """werkzeug never hands a form field one (see above); the check holds for any other source."""
    from portal_common.errors import ApiError
    from services.media.api import _title

    with pytest.raises(ApiError) as refused:
        _title("Ảnh\ud800", required=False)
    assert (refused.value.status, refused.value.code, refused.value.field) == (400, "bad_request", "title")
