"""/api/v1 media in the contract's shapes. Uploads stream through to the media service as they
arrive (gateway/uploads.py); the service enforces its own caps."""

from urllib.parse import quote

from flask import jsonify, request

from portal_common.auth import signed_in_required
from portal_common.pagination import page_args
from portal_common.route_policy import route_policy

from .. import cache_life
from ..proxy import forward_json
from ..uploads import forward_upload
from . import api, client

PUBLIC_VIDEO = (
    "id",
    "title",
    "url",
    "poster",
    "content_type",
    "size",
    "duration",
    "width",
    "height",
    "event_date",
    "sources",
)


@api.get("/albums")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def albums():
    page, per_page = page_args()
    return jsonify(client.albums(page, per_page))


@api.get("/albums/<album_id>")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def album(album_id):
    found = client.album(album_id)
    return jsonify({name: found[name] for name in ("id", "title", "event_date", "images")})


@api.post("/albums")
@signed_in_required
def create_album():
    return forward_json(
        "media", "POST", "/api/v1/albums", transform=client.public_album, json=request.get_json(silent=True)
    )


@api.post("/albums/<album_id>/images")
@signed_in_required
def upload_image(album_id):
    return forward_upload(
        "media", "POST", f"/api/v1/albums/{quote(album_id, safe='')}/images", transform=client.public_image
    )


def _public_video(video):
    return {name: video[name] for name in PUBLIC_VIDEO}


@api.get("/videos")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def videos():
    page, per_page = page_args()
    body = client.videos(page, per_page)
    return jsonify({**body, "items": [_public_video(video) for video in body["items"]]})


@api.get("/videos/<video_id>")
@route_policy(cache=cache_life.MEDIA, page_cache=True)
def video(video_id):
    return jsonify(_public_video(client.video(video_id)))


@api.post("/videos")
@signed_in_required
def upload_video():
    return forward_upload("media", "POST", "/api/v1/videos", transform=client.public_video)
