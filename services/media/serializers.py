"""Records → the service's JSON. Media are named by object key; `urls` are this service's own
paths to the bytes (the gateway turns keys into the portal's public URLs)."""


def media_url(key):
    return None if key is None else "/media/" + key


def image_json(image):
    return {
        "id": image["id"],
        "album_id": image["album_id"],
        "title": image["title"],
        "alt": image.get("alt") or "",
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
        "event_date": album.get("event_date"),
    }
    if images is not None:
        body["images"] = [image_json(image) for image in images]
    return body


def source_json(source):
    return {**source, "url": media_url(source["key"])}


def video_sources(video):
    """Every encoding of the video, MP4 first: browsers take the first `<source>` they can play,
    and MP4 (H.264) plays everywhere, WebM not on older iPhones."""
    primary = {name: video[name] for name in ("key", "content_type", "size", "checksum")}
    sources = [primary, *(video.get("sources") or [])]
    return sorted(sources, key=lambda source: source["content_type"] != "video/mp4")


def video_json(video):
    """`key`/`url`/`content_type`/`size` name the preferred encoding (MP4 when there is one);
    `sources` lists them all."""
    sources = [source_json(source) for source in video_sources(video)]
    preferred = sources[0]
    return {
        "id": video["id"],
        "title": video["title"],
        "content_type": preferred["content_type"],
        "size": preferred["size"],
        "duration": video["duration"],
        "width": video.get("width"),
        "height": video.get("height"),
        "event_date": video.get("event_date"),
        "checksum": preferred["checksum"],
        "created_at": video["created_at"],
        "key": preferred["key"],
        "poster_key": video["poster_key"],
        "frame_key": video.get("frame_key"),
        "url": preferred["url"],
        "poster_url": media_url(video["poster_key"]),
        "sources": sources,
    }
