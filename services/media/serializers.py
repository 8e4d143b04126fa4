"""Records → the service's JSON. Media are named by object key; `urls` are this service's own
paths to the bytes (the gateway turns keys into the portal's public URLs)."""


def media_url(key):
    return None if key is None else "/media/" + key


def image_json(image):
    return {
        "id": image["id"],
        "album_id": image["album_id"],
        "title": image["title"],
        "position": image["position"],
        "width": image["width"],
        "height": image["height"],
        "content_type": image["content_type"],
        "size": image["size"],
        "checksum": image["checksum"],
        "created_at": image["created_at"],
        "keys": dict(image["keys"]),
        "urls": {name: media_url(key) for name, key in image["keys"].items()},
    }


def album_json(album, cover=None, images=None):
    """`cover` is the image shown for the album (its chosen cover, else its first image)."""
    body = {
        "id": album["id"],
        "title": album["title"],
        "count": album["image_count"],
        "cover_image_id": album.get("cover_image_id"),
        "cover_key": cover["keys"]["thumb"] if cover else None,
        "created_at": album["created_at"],
    }
    if images is not None:
        body["images"] = [image_json(image) for image in images]
    return body


def video_json(video):
    return {
        "id": video["id"],
        "title": video["title"],
        "content_type": video["content_type"],
        "size": video["size"],
        "duration": video["duration"],
        "checksum": video["checksum"],
        "created_at": video["created_at"],
        "key": video["key"],
        "poster_key": video["poster_key"],
        "url": media_url(video["key"]),
        "poster_url": media_url(video["poster_key"]),
    }
