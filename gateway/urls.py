"""The portal's public addresses, in one place: templates, JSON (`url`, `print_url`, media URLs),
feeds and the sitemap all build them here, so a page never links to an address that differs from
the one the JSON API gives third parties."""
from urllib.parse import quote, urlencode

from flask import current_app, request


def base_url():
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return (configured or request.host_url).rstrip("/")


def absolute(path):
    return base_url() + path


def category_path(slug, page=1):
    path = f"/chuyen-muc/{quote(slug)}"
    return path if page == 1 else f"{path}?{urlencode({'page': page})}"


def article_path(slug):
    return f"/bai-viet/{quote(slug)}"


def article_print_path(slug):
    return f"/bai-viet/{quote(slug)}/in"


def search_path(q="", page=1):
    params = {"q": q}
    if page != 1:
        params["page"] = page
    return "/tim-kiem?" + urlencode(params)


def albums_path(page=1):
    return "/hinh-anh" if page == 1 else "/hinh-anh?" + urlencode({"page": page})


def album_path(album_id):
    return f"/hinh-anh/{quote(str(album_id))}"


def album_image_path(album_id, image_id):
    return f"/hinh-anh/{quote(str(album_id))}/{quote(str(image_id))}"


def videos_path(page=1):
    return "/video" if page == 1 else "/video?" + urlencode({"page": page})


def video_path(video_id):
    return f"/video/{quote(str(video_id))}"


def media_path(object_path):
    """Where a browser loads media bytes through the gateway (proxied to the media service)."""
    return "/media/" + object_path.lstrip("/")


def lookup_path(exam_id=None, sbd=None):
    params = {k: v for k, v in (("exam", exam_id), ("sbd", sbd)) if v}
    return "/tra-cuu-diem-thi" + ("?" + urlencode(params) if params else "")


def stats_path(exam_id, sbd=None):
    path = f"/tra-cuu-diem-thi/pho-diem/{quote(exam_id)}"
    return path + ("?" + urlencode({"sbd": sbd}) if sbd else "")


TEMPLATE_GLOBALS = {
    name: globals()[name]
    for name in (
        "absolute",
        "category_path",
        "article_path",
        "article_print_path",
        "search_path",
        "albums_path",
        "album_path",
        "album_image_path",
        "videos_path",
        "video_path",
        "media_path",
        "lookup_path",
        "stats_path",
    )
}
