"""Demo content for `make run`, captioned as what it is: the album "Ảnh mẫu từ nguồn công khai"
with four public-domain / CC0 photos (a rocket launch, a cup of coffee, a cat, the Hubble Deep
Field — none of them a school event, and their captions say so and name the source), and one
video clip that FFmpeg generated (a test pattern), stored as MP4 with its WebM as the alternative
source. Files in demo_data/ (see its SOURCES.md).

Idempotent: what is there is not added again; an older demo's album and captions that passed the
stock photos off as school events are renamed to these; videos without a poster frame get one
(posters.py)."""

import os

from portal_common.store import get_store

from . import catalog
from .posters import add_missing_posters

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_data")
ALBUM_TITLE = "Ảnh mẫu từ nguồn công khai"
PHOTOS = (
    ("rocket.jpg", "Tên lửa rời bệ phóng — ảnh mẫu của SpaceX (phạm vi công cộng)"),
    ("coffee.jpg", "Tách cà phê — ảnh mẫu của Rachel Michetti (CC0)"),
    ("chelsea.jpg", "Chú mèo Chelsea — ảnh mẫu của Stefan van der Walt (CC0)"),
    ("hubble_deep_field.jpg", "Trường sâu Hubble, các thiên hà xa — ảnh của NASA (phạm vi công cộng)"),
)
ALT = {
    "rocket.jpg": "Tên lửa phun lửa bay lên khỏi bệ phóng giữa khói trắng",
    "coffee.jpg": "Tách cà phê trên đĩa nhìn từ trên xuống",
    "chelsea.jpg": "Chú mèo mướp lông cam nhìn thẳng vào ống kính",
    "hubble_deep_field.jpg": "Hàng trăm thiên hà nhỏ nhiều màu trên nền trời đen",
}
VIDEO_TITLE = "Hình mẫu thử do FFmpeg tạo (không phải cảnh quay thật)"
VIDEO_FILES = ("sample-360p-8s.mp4", "sample-360p-8s.webm")  # the same clip; MP4 first
# What older demos called these; renamed in place so an existing DATA_DIR tells the truth too.
OLD_ALBUM_TITLE = "Hình ảnh hoạt động"
OLD_TITLES = {
    "Buổi ngoại khóa khoa học: phóng tên lửa": PHOTOS[0][1],
    "Giờ giải lao tại hội nghị chuyên đề": PHOTOS[1][1],
    "Góc thư viện trường học": PHOTOS[2][1],
}
OLD_VIDEO_TITLE = "Video clip: hình ảnh thử nghiệm"


def _album(store):
    albums, _ = store.list_albums(0, 100)
    album = next((a for a in albums if a["title"] == ALBUM_TITLE), None)
    old = next((a for a in albums if a["title"] == OLD_ALBUM_TITLE), None)
    if album is None and old is not None:
        store.update_album(old["id"], {"title": ALBUM_TITLE})
        album = store.get_album(old["id"])
        for image in store.list_images(album["id"]):
            if image["title"] in OLD_TITLES:
                title = OLD_TITLES[image["title"]]
                name = next(name for name, new in PHOTOS if new == title)
                store.update_image(image["id"], {"title": title, "alt": ALT[name]})
    if album is None:
        album = {"id": catalog.new_id(), "title": ALBUM_TITLE, "cover_image_id": None, **catalog.stamp()}
        store.add_album(album)
    return album


def _video(store):
    videos, _ = store.list_videos(0, 100)
    for video in videos:
        if video["title"] == OLD_VIDEO_TITLE:
            store.update_video(video["id"], {"title": VIDEO_TITLE})
            return 0
        if video["title"] == VIDEO_TITLE:
            return 0
    with open(os.path.join(HERE, VIDEO_FILES[0]), "rb") as handle:
        video = catalog.add_video(handle, VIDEO_TITLE)
    with open(os.path.join(HERE, VIDEO_FILES[1]), "rb") as handle:
        catalog.add_video_source(video["id"], handle)
    return 1


def load_demo(app):
    store = get_store()
    album = _album(store)
    present = {image["title"] for image in store.list_images(album["id"])}
    added_photos = 0
    for name, title in PHOTOS:
        if title not in present:
            with open(os.path.join(HERE, name), "rb") as handle:
                catalog.add_image(album["id"], handle, title, ALT[name])
            added_photos += 1
    added_video = _video(store)
    posters, _ = add_missing_posters()
    return (
        f"media: {added_photos} ảnh, {added_video} video mới (album “{ALBUM_TITLE}”), {posters} ảnh đại diện video mới"
    )
