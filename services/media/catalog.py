"""What the API does with uploads and deletes, across the two stores: bytes go to object storage
under keys made here, then the metadata is registered; if anything fails on the way, every object
already written is deleted again, so a failed upload leaves no orphan."""

import io
import logging
import tempfile
import time
import uuid

from flask import current_app

from portal_common.errors import ApiError
from portal_common.store import get_store
from portal_common.timefmt import now, to_iso

from . import image_metadata, imaging, sniffing, video_metadata
from .objects import get_objects
from .store import AlbumMissing
from .uploads import HashingReader, file_size, tmp_dir, too_large

log = logging.getLogger(__name__)


def new_id():
    return uuid.uuid4().hex


def stamp():
    return {"created_at": to_iso(now()), "sort_key": time.time_ns()}


class ObjectWriter:
    """Puts objects and remembers them, so `rollback()` can remove all of them."""

    def __init__(self, owner_id):
        self.owner_id = owner_id
        self.written = []
        self.records = []

    def put(self, key, stream, content_type, length):
        reader = HashingReader(stream)
        self.written.append(key)
        get_objects().put(key, reader, content_type, length)
        record = {
            "key": key,
            "owner_id": self.owner_id,
            "content_type": content_type,
            "size": reader.size,
            "checksum": reader.hexdigest(),
            "created_at": to_iso(now()),
        }
        self.records.append(record)
        return record

    def put_bytes(self, key, data, content_type):
        return self.put(key, io.BytesIO(data), content_type, len(data))

    def rollback(self):
        for key in self.written:
            try:
                get_objects().delete(key)
            except Exception:  # keep removing the others; log the one that stays behind
                log.exception("could not remove object after a failed upload", extra={"fields": {"key": key}})


def _checked_image(stream, field="file"):
    config = current_app.config
    if file_size(stream) > config["MEDIA_MAX_IMAGE_BYTES"]:
        raise too_large(config["MEDIA_MAX_IMAGE_BYTES"])
    try:
        return imaging.check_image(stream, config["MEDIA_MAX_IMAGE_PIXELS"])
    except ApiError as error:
        error.field = field
        raise


def add_image(album_id, stream, title):
    config = current_app.config
    checked = _checked_image(stream)
    (width, height), variants = imaging.make_variants(
        stream, {"thumb": config["MEDIA_THUMB_WIDTH"], "large": config["MEDIA_LARGE_WIDTH"]}
    )
    with tempfile.TemporaryFile("w+b", dir=tmp_dir()) as original_file:
        # The public original: the uploaded pixels, without EXIF (GPS), XMP, IPTC or comments.
        image_metadata.strip_metadata(stream, checked.format, original_file)
        return _store_image(album_id, title, checked, (width, height), original_file, variants)


def _store_image(album_id, title, checked, size, original_file, variants):
    width, height = size
    image_id = new_id()
    keys = {"original": f"images/{image_id}/original.{checked.extension}"}
    writer = ObjectWriter(image_id)
    try:
        original = writer.put(keys["original"], original_file, checked.content_type, file_size(original_file))
        for variant in variants:
            keys[variant.name] = f"images/{image_id}/{variant.name}.{imaging.VARIANT_TYPE[1]}"
            writer.put_bytes(keys[variant.name], variant.data, imaging.VARIANT_TYPE[0])
        image = {
            "id": image_id,
            "album_id": album_id,
            "title": title,
            "width": width,
            "height": height,
            "content_type": checked.content_type,
            "size": original["size"],
            "checksum": original["checksum"],
            "created_at": to_iso(now()),
            "keys": keys,
        }
        return get_store().add_image(image, writer.records)
    except AlbumMissing:
        writer.rollback()
        raise ApiError(404, "Không tìm thấy album.") from None
    except BaseException:
        writer.rollback()
        raise


def add_video(stream, title, poster_stream=None):
    config = current_app.config
    size = file_size(stream)
    if size > config["MEDIA_MAX_VIDEO_BYTES"]:
        raise too_large(config["MEDIA_MAX_VIDEO_BYTES"])
    sniffed = sniffing.sniff_video(stream.read(sniffing.HEAD_BYTES))
    stream.seek(0)
    if sniffed is None:
        raise ApiError(415, "Chỉ nhận video MP4 hoặc WebM.", field="file")
    content_type, extension = sniffed
    poster = None
    if poster_stream is not None:
        _checked_image(poster_stream, "poster")
        poster = imaging.make_variants(poster_stream, {"poster": config["MEDIA_LARGE_WIDTH"]})[1][0]
    duration = sniffing.mp4_duration(stream, size) if extension == "mp4" else None
    # Where the clip was filmed, and the rest of the container's metadata, is not published.
    public = video_metadata.BlankedReader(stream, video_metadata.metadata_regions(stream, size, extension))
    video_id = new_id()
    writer = ObjectWriter(video_id)
    try:
        key = f"videos/{video_id}/video.{extension}"
        stored = writer.put(key, public, content_type, size)
        poster_key = None
        if poster is not None:
            poster_key = f"videos/{video_id}/poster.{imaging.VARIANT_TYPE[1]}"
            writer.put_bytes(poster_key, poster.data, imaging.VARIANT_TYPE[0])
        video = {
            "id": video_id,
            "title": title,
            "content_type": content_type,
            "size": stored["size"],
            "duration": duration,
            "checksum": stored["checksum"],
            **stamp(),
            "key": key,
            "poster_key": poster_key,
        }
        return get_store().add_video(video, writer.records)
    except BaseException:
        writer.rollback()
        raise


def remove_objects(keys):
    """After the metadata is gone: remove the bytes. A key that cannot be removed now is only
    wasted space (nothing points at it any more), so it is logged, not raised."""
    for key in keys or ():
        try:
            get_objects().delete(key)
        except Exception:
            log.exception("could not remove object", extra={"fields": {"key": key}})
