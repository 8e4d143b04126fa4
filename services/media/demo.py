"""Demo content for `make run`: the album "Hình ảnh hoạt động" with three photos and one video
clip, from demo_data/ (see its SOURCES.md). Idempotent: what is already there is not added again."""

import os

from portal_common.store import get_store

from . import catalog

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_data")
ALBUM_TITLE = "Hình ảnh hoạt động"
PHOTOS = (
    ("rocket.jpg", "Buổi ngoại khóa khoa học: phóng tên lửa"),
    ("coffee.png", "Giờ giải lao tại hội nghị chuyên đề"),
    ("chelsea.png", "Góc thư viện trường học"),
)
VIDEO = ("sample-360p-8s.webm", "Video clip: hình ảnh thử nghiệm")


def load_demo(app):
    store = get_store()
    albums, _ = store.list_albums(0, 100)
    album = next((a for a in albums if a["title"] == ALBUM_TITLE), None)
    added_photos = 0
    if album is None:
        album = {"id": catalog.new_id(), "title": ALBUM_TITLE, "cover_image_id": None, **catalog.stamp()}
        store.add_album(album)
    present = {image["title"] for image in store.list_images(album["id"])}
    for name, title in PHOTOS:
        if title not in present:
            with open(os.path.join(HERE, name), "rb") as handle:
                catalog.add_image(album["id"], handle, title)
            added_photos += 1
    videos, _ = store.list_videos(0, 100)
    added_video = 0
    if not any(video["title"] == VIDEO[1] for video in videos):
        with open(os.path.join(HERE, VIDEO[0]), "rb") as handle:
            catalog.add_video(handle, VIDEO[1])
        added_video = 1
    return f"media: {added_photos} ảnh, {added_video} video mới (album “{ALBUM_TITLE}”)"
