"""The media pages, parsed: albums grid, album thumbnails opening the larger image (no
JavaScript needed), image page with previous/next, videos list with posters and lengths, one
video player with every encoding (MP4 first), the sidebar blocks (never repeating the album or
video the page shows), dates in the long Vietnamese form (the event date before the upload
date), the home page's blocks, 404s and a media service that is down."""

from html.parser import HTMLParser

import pytest
import requests

from .conftest import gateway_for, local


class Page(HTMLParser):
    """Tags with their attributes, headings in order, and the text."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.headings, self.text, self._heading = [], [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._heading = [tag, ""]

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.headings.append(tuple(self._heading))
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading:
            self._heading[1] += data.strip()

    def all(self, tag, **wanted):
        return [attrs for name, attrs in self.tags if name == tag and all(attrs.get(k) == v for k, v in wanted.items())]

    def links(self):
        return [attrs["href"] for attrs in self.all("a") if "href" in attrs]


def get_page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    assert response.mimetype == "text/html"
    return Page(response.get_data(as_text=True))


@pytest.fixture
def album(client):
    album_id = client.get("/api/v1/albums").json["items"][0]["id"]
    return client.get(f"/api/v1/albums/{album_id}").json


def test_albums_grid_shows_covers(client, album):
    page = get_page(client, "/hinh-anh")
    assert page.headings[0] == ("h1", "Hình ảnh hoạt động")
    assert f"/hinh-anh/{album['id']}" in page.links()
    covers = [img for img in page.all("img") if img["src"] == album["images"][0]["urls"]["thumb"]]
    assert covers and all("alt" in img for img in page.all("img"))
    assert "4 ảnh" in "".join(page.text)


def test_album_page_thumbnails_open_the_larger_image(client, album):
    page = get_page(client, f"/hinh-anh/{album['id']}")
    assert page.headings[0] == ("h1", "Ảnh mẫu từ nguồn công khai")
    for image in album["images"]:
        assert page.all("li", id=f"anh-{image['id']}")
        assert f"/hinh-anh/{album['id']}/{image['id']}" in page.links()
        thumb = page.all("img", src=image["urls"]["thumb"])
        # Once each: the sidebar beside the album does not show it again (there is no other).
        assert len(thumb) == 1 and thumb[0]["alt"] == image["alt"] != ""
        assert client.get(local(image["urls"]["thumb"])).status_code == 200


def test_image_page_has_large_image_and_previous_next(client, album):
    first, second, third = album["images"][:3]
    page = get_page(client, f"/hinh-anh/{album['id']}/{second['id']}")
    large = page.all("img", src=second["urls"]["large"])
    assert large and large[0]["alt"] == second["alt"] and large[0]["width"] == str(second["width"])
    assert not page.all("img", src=first["urls"]["thumb"])  # the sidebar does not repeat the album
    assert page.all("a", rel="prev")[0]["href"] == f"/hinh-anh/{album['id']}/{first['id']}"
    assert page.all("a", rel="next")[0]["href"] == f"/hinh-anh/{album['id']}/{third['id']}"
    assert second["urls"]["original"] in page.links()
    last = get_page(client, f"/hinh-anh/{album['id']}/{album['images'][-1]['id']}")
    assert not last.all("a", rel="next") and last.all("a", rel="prev")
    assert client.get(large[0]["src"].replace("https://cong.example.vn", "")).headers["Content-Type"] == "image/webp"


def test_video_pages_have_one_seekable_player_mp4_first(client):
    video = client.get("/api/v1/videos").json["items"][0]
    listing = get_page(client, "/video")
    assert listing.headings[0] == ("h1", "Video clip") and f"/video/{video['id']}" in listing.links()
    assert listing.all("img", src=video["poster"]) and "0:08" in "".join(listing.text)
    page = get_page(client, f"/video/{video['id']}")
    assert page.headings[0] == ("h1", video["title"])
    players = page.all("video")
    assert len(players) == 1, "one player on the video's page"
    player = players[0]
    assert "controls" in player and player["preload"] == "metadata" and player["poster"] == video["poster"]
    assert (player["width"], player["height"]) == ("640", "360")
    assert [(s["src"], s["type"]) for s in page.all("source")] == [
        (source["url"], source["content_type"]) for source in video["sources"]
    ]
    assert [s["type"] for s in page.all("source")] == ["video/mp4", "video/webm"]
    assert "0:08" in "".join(page.text)
    # The sidebar beside it has no other video to show, and does not show this one again.
    assert page.links().count(f"/video/{video['id']}") == 0 and "Chưa có video." in "".join(page.text)
    seek = client.get(local(video["url"]), headers={"Range": "bytes=1000-1999"})
    assert seek.status_code == 206 and len(seek.data) == 1000


def test_every_page_shows_the_latest_photos_and_video_as_a_poster(client, album):
    video = client.get("/api/v1/videos").json["items"][0]
    for path in ("/hinh-anh", "/video"):
        page = get_page(client, path)
        thumbs = {img["src"] for img in page.all("img")}
        assert {image["urls"]["thumb"] for image in album["images"]} <= thumbs, path
        assert not page.all("video"), path  # a poster that opens the video's page, not a player
        assert page.all("img", src=video["poster"]) and f"/video/{video['id']}" in page.links(), path


def test_home_page_blocks(client, album):
    video = client.get("/api/v1/videos").json["items"][0]
    page = get_page(client, "/")
    headings = [text for _, text in page.headings]
    assert {"Tin mới", "Tra cứu điểm thi", "Hình ảnh hoạt động", "Video clip"} <= set(headings)
    assert page.all("img", src=album["images"][0]["urls"]["thumb"])  # the album's cover
    assert page.all("img", src=video["poster"]) and "0:08" in "".join(page.text)
    assert not page.all("video") and not page.all("aside")  # the home page holds these blocks itself
    assert "/hinh-anh" in page.links() and "/video" in page.links()


def test_event_dates_are_shown_in_the_long_form(tmp_path, dead_backends, fresh_media):
    from .conftest import ADMIN

    service, url = fresh_media
    client = gateway_for(tmp_path, dead_backends, url).test_client()
    album_id = client.post("/api/v1/albums", json={"title": "Khai giảng"}, headers=ADMIN).json["id"]
    weekdays = ("Thứ hai, ", "Thứ ba, ", "Thứ tư, ", "Thứ năm, ", "Thứ sáu, ", "Thứ bảy, ", "Chủ nhật, ")
    assert any(day in "".join(get_page(client, "/hinh-anh").text) for day in weekdays)  # the grid dates it too
    undated = "".join(get_page(client, f"/hinh-anh/{album_id}").text)
    # No event date: the upload time, as the articles date themselves ("Thứ …, dd/mm/yyyy hh:mm").
    assert any(
        day in undated
        for day in ("Thứ hai, ", "Thứ ba, ", "Thứ tư, ", "Thứ năm, ", "Thứ sáu, ", "Thứ bảy, ", "Chủ nhật, ")
    )
    answer = requests.patch(f"{url}/api/v1/albums/{album_id}", json={"event_date": "2024-09-05"}, headers=ADMIN)
    assert answer.status_code == 200
    client = gateway_for(tmp_path, dead_backends, url).test_client()  # a fresh answer cache
    assert "Thứ năm, 05/09/2024" in "".join(get_page(client, f"/hinh-anh/{album_id}").text)
    assert "Thứ năm, 05/09/2024" in "".join(get_page(client, "/hinh-anh").text)


@pytest.mark.parametrize("path", ["/hinh-anh/khong-co", "/video/khong-co", "/hinh-anh?page=9"])
def test_unknown_things_are_the_friendly_404(client, path):
    page = get_page(client, path, status=404)
    assert "Không tìm thấy trang" in "".join(page.text)


def test_unknown_image_in_a_real_album_is_404(client, album):
    get_page(client, f"/hinh-anh/{album['id']}/khong-co", status=404)


def test_pages_stay_up_when_media_is_down(tmp_path, dead_backends):
    client = gateway_for(tmp_path, dead_backends, dead_backends["MEDIA_URL"]).test_client()
    for path in ("/hinh-anh", "/video", "/hinh-anh/x", "/video/x"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Nội dung tạm thời không khả dụng." in response.get_data(as_text=True)
        assert "media" in response.headers["X-Partial-Content"]


def test_albums_are_paginated(tmp_path, dead_backends, fresh_media):
    from .conftest import ADMIN

    service, url = fresh_media
    client = gateway_for(tmp_path, dead_backends, url).test_client()
    for n in range(13):
        client.post("/api/v1/albums", json={"title": f"Album {n:02d}"}, headers=ADMIN)
    first = get_page(client, "/hinh-anh")
    assert "/hinh-anh?page=2" in first.links() and "Trang cuối" in "".join(first.text)
    second = get_page(client, "/hinh-anh?page=2")
    assert "Album 00" in "".join(second.text) and "Album 11" not in "".join(second.text)  # 12 is the sidebar's
