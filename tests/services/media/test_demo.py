"""The demo content loads once: a second run adds nothing; its captions say what the pictures are
(none is a school event), and an older demo's captions that said otherwise are corrected."""

from services.media.demo import load_demo

from .conftest import stored_keys


def test_demo_is_idempotent(app, client):
    with app.app_context():
        first = load_demo(app)
    with app.app_context():
        second = load_demo(app)
    assert "4 ảnh, 1 video" in first and "0 ảnh, 0 video" in second
    albums = client.get("/api/v1/albums").json["items"]
    assert [(a["title"], a["count"]) for a in albums] == [("Ảnh mẫu từ nguồn công khai", 4)]
    images = client.get(f"/api/v1/albums/{albums[0]['id']}").json["images"]
    assert all("ảnh mẫu" in i["title"] or "ảnh của NASA" in i["title"] for i in images)
    assert all(i["alt"] for i in images)
    videos = client.get("/api/v1/videos").json["items"]
    # One clip in two encodings: the MP4 is the one offered first.
    assert len(videos) == 1 and videos[0]["content_type"] == "video/mp4"
    assert [s["content_type"] for s in videos[0]["sources"]] == ["video/mp4", "video/webm"]
    assert videos[0]["poster_key"] == videos[0]["frame_key"] and videos[0]["duration"] == 8.0
    assert len(stored_keys(app)) == 4 * 3 + 3


def test_an_older_demo_is_told_the_truth(app, client):
    """A DATA_DIR loaded by the old demo (stock photos captioned as school events) is renamed."""
    from portal_common.store import get_store
    from services.media import catalog, demo

    with app.app_context():
        album = {"id": catalog.new_id(), "title": demo.OLD_ALBUM_TITLE, "cover_image_id": None, **catalog.stamp()}
        get_store().add_album(album)
        with open(f"{demo.HERE}/rocket.jpg", "rb") as photo:
            catalog.add_image(album["id"], photo, "Buổi ngoại khóa khoa học: phóng tên lửa")
        load_demo(app)
    albums = client.get("/api/v1/albums").json["items"]
    assert [(a["title"], a["count"]) for a in albums] == [("Ảnh mẫu từ nguồn công khai", 4)]
    titles = [i["title"] for i in client.get(f"/api/v1/albums/{albums[0]['id']}").json["images"]]
    assert titles == [title for _, title in demo.PHOTOS]
