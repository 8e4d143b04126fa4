"""/api/v1 media in the contract's shapes. Uploads stream through to the media service as they
arrive (never held by the gateway), with the gateway's own body cap lifted for these routes only:
the service enforces its own caps."""
from urllib.parse import quote

from flask import current_app, jsonify, request

from portal_common.auth import admin_required
from portal_common.pagination import page_args

from ..proxy import forward_json
from . import api, client

PUBLIC_VIDEO = ("id", "title", "url", "poster", "content_type", "size")
# The gateway's own outer bound on an upload body (Flask cannot lift a limit to "none" per
# request); the media service enforces the real caps (images 20 MB, videos 500 MB by default).
UPLOAD_MAX_BYTES = 1024 * 1024 * 1024
# Seconds to wait for the service while a large upload goes to storage.
UPLOAD_READ_TIMEOUT = 600


class _Body:
    """The request body as a file-like object of known length, so requests sends it with
    Content-Length (not chunked) reading it piece by piece."""

    def __init__(self, stream, length):
        self.stream, self.length = stream, length

    def __len__(self):
        return self.length

    def read(self, size=-1):
        return self.stream.read(size)


def _chunks(stream, size=64 * 1024):
    while True:
        chunk = stream.read(size)
        if not chunk:
            return
        yield chunk


def _forget_cached():
    """A write makes cached lists stale; this worker forgets them now (others within their TTL)."""
    cache = current_app.extensions.get("backend_cache")
    if cache is not None:
        cache.clear()


def _write(method, path, transform, **kwargs):
    response = forward_json("media", method, path, transform=transform, **kwargs)
    if response.status_code < 400:
        _forget_cached()
    return response


def _forward_upload(path, transform):
    request.max_content_length = current_app.config.get("MEDIA_UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES)
    stream = request.stream
    length = request.content_length
    body = _Body(stream, length) if length is not None else _chunks(stream)
    headers = {"Content-Type": request.headers.get("Content-Type", "")}
    timeout = (current_app.config["BACKEND_CONNECT_TIMEOUT"], UPLOAD_READ_TIMEOUT)
    return _write("POST", path, transform, data=body, headers=headers, timeout=timeout)


@api.get("/albums")
def albums():
    page, per_page = page_args()
    return jsonify(client.albums(page, per_page))


@api.get("/albums/<album_id>")
def album(album_id):
    found = client.album(album_id)
    return jsonify({name: found[name] for name in ("id", "title", "images")})


@api.post("/albums")
@admin_required
def create_album():
    return _write("POST", "/api/v1/albums", client.public_album, json=request.get_json(silent=True))


@api.post("/albums/<album_id>/images")
@admin_required
def upload_image(album_id):
    return _forward_upload(f"/api/v1/albums/{quote(album_id, safe='')}/images", client.public_image)


def _public_video(video):
    return {name: video[name] for name in PUBLIC_VIDEO}


@api.get("/videos")
def videos():
    page, per_page = page_args()
    body = client.videos(page, per_page)
    return jsonify({**body, "items": [_public_video(video) for video in body["items"]]})


@api.get("/videos/<video_id>")
def video(video_id):
    return jsonify(_public_video(client.video(video_id)))


@api.post("/videos")
@admin_required
def upload_video():
    return _forward_upload("/api/v1/videos", client.public_video)
