"""The portal's public addresses: templates, JSON (`url`, `print_url`, media URLs), feeds and the
sitemap build them here, each from its route with url_for, so a link can never differ from the
route it points to, nor the JSON API's URLs from the pages'."""

import re

from flask import current_app, request, url_for

# Host names a request may name when PUBLIC_BASE_URL is unset: the development machine's own.
_LOOPBACK_HOST = re.compile(r"^(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?$", re.IGNORECASE)


def base_url():
    """Where visitors reach the portal, for absolute links (the contract: built from
    PUBLIC_BASE_URL, never from an untrusted Host).

    - PUBLIC_BASE_URL set (production; compose requires it, `make run` sets it): always it.
    - Unset: a loopback Host (127.0.0.1, localhost, [::1], any port) is the developer's own
      browser or a test client, and is used as it came; any other Host is not believed, and the
      links say http://127.0.0.1:<the port this gateway listens on>. A forged `Host:
      evil.example` thus never appears in an answer, which a cache in front could keep."""
    return base_for(current_app.config.get("PUBLIC_BASE_URL"), request.environ)


def base_for(configured, environ):
    """base_url()'s rule on a WSGI environ, also for the page cache's key (the links of a kept
    answer are the only part of it a Host changes)."""
    if configured:
        return configured.rstrip("/")
    host = environ.get("HTTP_HOST", "")
    if _LOOPBACK_HOST.fullmatch(host):
        return f"{environ.get('wsgi.url_scheme', 'http')}://{host.lower()}"
    port = str(environ.get("SERVER_PORT") or "80")  # the listening socket's, not the Host's
    return "http://127.0.0.1" + ("" if port == "80" else f":{port}")


def absolute(path):
    """An address for outside the page (JSON, feeds, OpenGraph), from base_url()."""
    return base_url() + path


def _paged(endpoint, page, **values):
    return url_for(endpoint, **values) if page == 1 else url_for(endpoint, **values, page=page)


def category_path(slug, page=1):
    return _paged("news_pages.category_page", page, slug=slug)


def article_path(slug):
    return url_for("news_pages.article_page", slug=slug)


def article_print_path(slug):
    return url_for("news_pages.article_print", slug=slug)


def search_path(q="", page=1):
    return _paged("news_pages.search_page", page, q=q)


def albums_path(page=1):
    return _paged("media_pages.albums_page", page)


def album_path(album_id):
    return url_for("media_pages.album_page", album_id=str(album_id))


def album_image_path(album_id, image_id):
    return url_for("media_pages.image_page", album_id=str(album_id), image_id=str(image_id))


def videos_path(page=1):
    return _paged("media_pages.videos_page", page)


def video_path(video_id):
    return url_for("media_pages.video_page", video_id=str(video_id))


def media_path(object_key):
    """Where a browser loads media bytes through the gateway (proxied to the media service)."""
    return url_for("media_pages.media_bytes", key=object_key.lstrip("/"))


def lookup_path(exam_id=None, sbd=None):
    return url_for("exams_pages.lookup", **{name: value for name, value in (("exam", exam_id), ("sbd", sbd)) if value})


def stats_path(exam_id, sbd=None):
    return url_for("exams_pages.distribution", exam_id=exam_id, **({"sbd": sbd} if sbd else {}))


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
