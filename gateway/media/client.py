"""What the gateway asks the media service for, turned into the contract's public shapes: media
named by object key in the service become absolute URLs that load through the gateway's /media/
proxy (which the service may answer with a redirect to a presigned URL)."""

from urllib.parse import quote

from portal_common.errors import ApiError

from ..backends import backend
from ..urls import absolute, media_path


def media_url(key):
    return absolute(media_path(key)) if key else None


def public_image(image):
    return {
        "id": image["id"],
        "title": image["title"],
        "width": image["width"],
        "height": image["height"],
        "urls": {name: media_url(image["keys"][name]) for name in ("original", "thumb", "large")},
    }


def public_album_summary(album):
    return {"id": album["id"], "title": album["title"], "cover": media_url(album["cover_key"]), "count": album["count"]}


def public_album(album):
    return {"id": album["id"], "title": album["title"], "images": [public_image(image) for image in album["images"]]}


def public_video(video):
    return {
        "id": video["id"],
        "title": video["title"],
        "url": media_url(video["key"]),
        "poster": media_url(video["poster_key"]),
        "content_type": video["content_type"],
        "size": video["size"],
    }


def public_page(body, shape):
    return {**body, "items": [shape(item) for item in body["items"]]}


def albums(page=1, per_page=20):
    return public_page(
        backend("media").read("/api/v1/albums", {"page": page, "per_page": per_page}), public_album_summary
    )


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
    """The public shape plus what the pages also show (date, duration)."""
    return {**public_video(video), "created_at": video["created_at"], "duration": video["duration"]}


def latest_photos(limit=6):
    """The newest album with up to `limit` of its images (public shapes), or None; one call."""
    try:
        found = backend("media").read("/api/v1/albums/latest")
    except ApiError as error:
        if error.status == 404:
            return None
        raise
    shaped = {**public_album(found), "created_at": found["created_at"]}
    shaped["images"] = shaped["images"][:limit]
    return shaped


def latest_video():
    found = backend("media").read("/api/v1/videos", {"per_page": 1})["items"]
    return with_page_fields(found[0]) if found else None
