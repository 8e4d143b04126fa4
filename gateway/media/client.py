"""What the gateway asks the media service for, turned into the contract's public shapes: media
named by object key in the service become absolute URLs that load through the gateway's /media/
proxy (which the service may answer with a redirect to a presigned URL)."""

from urllib.parse import quote

from flask import has_request_context, request

from portal_common.errors import ApiError

from ..backends import backend
from ..urls import absolute, media_path


def media_url(key):
    return absolute(media_path(key)) if key else None


def public_image(image):
    return {
        "id": image["id"],
        "title": image["title"],
        "alt": image.get("alt") or "",
        "width": image["width"],
        "height": image["height"],
        "urls": {name: media_url(image["keys"][name]) for name in ("original", "thumb", "large")},
    }


def public_album_summary(album):
    return {
        "id": album["id"],
        "title": album["title"],
        "cover": media_url(album["cover_key"]),
        "count": album["count"],
        "event_date": album.get("event_date"),
    }


def public_album(album):
    return {
        "id": album["id"],
        "title": album["title"],
        "event_date": album.get("event_date"),
        "images": [public_image(image) for image in album["images"]],
    }


def public_video(video):
    return {
        "id": video["id"],
        "title": video["title"],
        "url": media_url(video["key"]),
        "poster": media_url(video["poster_key"]),
        "content_type": video["content_type"],
        "size": video["size"],
        "duration": video.get("duration"),
        "width": video.get("width"),
        "height": video.get("height"),
        "event_date": video.get("event_date"),
        # Every encoding of the clip, MP4 first (the service orders them); `url` is the first.
        "sources": [
            {"url": media_url(source["key"]), "content_type": source["content_type"], "size": source["size"]}
            for source in video.get("sources") or [video]
        ],
    }


def public_page(body, shape):
    return {**body, "items": [shape(item) for item in body["items"]]}


def albums(page=1, per_page=20, with_upload_date=False):
    """A page of albums in the public shape; `with_upload_date` adds `created_at`, for pages that
    date an album without an event date by its upload."""

    def shape(album):
        shaped = public_album_summary(album)
        return {**shaped, "created_at": album["created_at"]} if with_upload_date else shaped

    return public_page(backend("media").read("/api/v1/albums", {"page": page, "per_page": per_page}), shape)


def album(album_id):
    """The album in its public shape plus `created_at`, for pages; raises ApiError 404."""
    found = backend("media").read(f"/api/v1/albums/{quote(album_id, safe='')}")
    return {**public_album(found), "created_at": found["created_at"]}


def videos(page=1, per_page=20):
    body = backend("media").read("/api/v1/videos", {"page": page, "per_page": per_page})
    return {**body, "items": [with_page_fields(video) for video in body["items"]]}


def video(video_id):
    return with_page_fields(backend("media").read(f"/api/v1/videos/{quote(video_id, safe='')}"))


def with_page_fields(video):
    """The public shape plus what the pages also show (the upload date, beside the event date)."""
    return {**public_video(video), "created_at": video["created_at"]}


def _shown_by_the_page(name):
    """The album or video id in this page's URL (None elsewhere): the sidebar beside an album or
    a video shows another one rather than the same one again."""
    return (request.view_args or {}).get(name) if has_request_context() else None


def latest_photos(limit=6):
    """The newest album (but the one the page shows) with up to `limit` of its images (public
    shapes), or None; one call."""
    shown = _shown_by_the_page("album_id")
    try:
        found = backend("media").read("/api/v1/albums/latest", {"except": shown} if shown else None)
    except ApiError as error:
        if error.status == 404:
            return None
        raise
    shaped = {**public_album(found), "created_at": found["created_at"]}
    shaped["images"] = shaped["images"][:limit]
    return shaped


def latest_video():
    """The newest video but the one the page plays, or None."""
    shown = _shown_by_the_page("video_id")
    found = backend("media").read("/api/v1/videos", {"per_page": 2 if shown else 1})["items"]
    found = [video for video in found if video["id"] != shown]
    return with_page_fields(found[0]) if found else None
