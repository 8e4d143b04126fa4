"""The demo content loads once: a second run adds nothing."""

from services.media.demo import load_demo

from .conftest import stored_keys


def test_demo_is_idempotent(app, client):
    with app.app_context():
        first = load_demo(app)
    with app.app_context():
        second = load_demo(app)
    assert "3 ảnh, 1 video" in first and "0 ảnh, 0 video" in second
    albums = client.get("/api/v1/albums").json["items"]
    assert [(a["title"], a["count"]) for a in albums] == [("Hình ảnh hoạt động", 3)]
    videos = client.get("/api/v1/videos").json["items"]
    assert len(videos) == 1 and videos[0]["content_type"] == "video/webm"
    assert len(stored_keys(app)) == 3 * 3 + 1
