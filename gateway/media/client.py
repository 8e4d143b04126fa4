"""What the gateway asks the media service for."""
from ..backends import backend


def latest_photos(limit=6):
    """The newest album with up to `limit` of its images."""
    albums = backend("media").get_json("/api/v1/albums", {"per_page": 1})["items"]
    if not albums:
        return None
    album = backend("media").get_json(f"/api/v1/albums/{albums[0]['id']}")
    album["images"] = album.get("images", [])[:limit]
    return album


def latest_video():
    videos = backend("media").get_json("/api/v1/videos", {"per_page": 1})["items"]
    return videos[0] if videos else None
