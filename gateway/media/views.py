"""The media pages: albums (a grid of covers), an album (thumbnails, each opening a page with
the larger image and previous/next links, so it all works without JavaScript), videos, and a
video page with an HTML5 player the browser can seek in (the bytes answer Range requests)."""

from flask import render_template

from portal_common.errors import ApiError
from portal_common.pagination import positive_int_arg
from portal_common.route_policy import route_policy

from .. import cache_life
from ..pager import pager
from ..pages import layout  # the module, not its names: layout.py imports this package's client
from ..urls import albums_path, videos_path
from . import client, pages

ALBUMS_PER_PAGE = 12
VIDEOS_PER_PAGE = 12


def _page_links(section, page, path):
    if not section.ok:
        return []
    if page > 1 and page > section.value["pages"]:
        raise ApiError(404, f"Không có trang {page}.")
    return pager(page, section.value["pages"], path)


def _pages(section):
    return section.value["pages"] if section.ok else None


@pages.get("/hinh-anh")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def albums_page():
    page = positive_int_arg("page", 1)
    sections = layout.sections_or_error_page(
        {"albums": lambda: client.albums(page, ALBUMS_PER_PAGE, with_upload_date=True)}
    )
    links = _page_links(sections["albums"], page, albums_path)
    return render_template(
        "media/albums.html", s=sections, page=page, pages=_pages(sections["albums"]), pager_links=links
    )


@pages.get("/hinh-anh/<album_id>")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def album_page(album_id):
    sections = layout.sections_or_error_page({"album": lambda: client.album(album_id)})
    return render_template("media/album.html", s=sections)


@pages.get("/hinh-anh/<album_id>/<image_id>")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def image_page(album_id, image_id):
    sections = layout.sections_or_error_page({"album": lambda: client.album(album_id)})
    album = sections["album"].value if sections["album"].ok else None
    neighbours = {}
    if album is not None:
        ids = [image["id"] for image in album["images"]]
        if image_id not in ids:
            raise ApiError(404, "Không tìm thấy ảnh.")
        index = ids.index(image_id)
        neighbours = {
            "image": album["images"][index],
            "position": index + 1,
            "previous": album["images"][index - 1] if index > 0 else None,
            "next": album["images"][index + 1] if index + 1 < len(ids) else None,
        }
    return render_template("media/image.html", s=sections, **neighbours)


@pages.get("/video")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def videos_page():
    page = positive_int_arg("page", 1)
    sections = layout.sections_or_error_page({"videos": lambda: client.videos(page, VIDEOS_PER_PAGE)})
    links = _page_links(sections["videos"], page, videos_path)
    return render_template(
        "media/videos.html", s=sections, page=page, pages=_pages(sections["videos"]), pager_links=links
    )


@pages.get("/video/<video_id>")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def video_page(video_id):
    sections = layout.sections_or_error_page({"video": lambda: client.video(video_id)})
    return render_template("media/video.html", s=sections)
