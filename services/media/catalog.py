"""What the API does with uploads and deletes, across the two stores: bytes go to object storage
under keys made here, then the metadata is registered; if anything fails on the way, every object
already written is deleted again, so a failed upload leaves no orphan."""

import contextlib
import io
import logging
import tempfile
import time
import uuid

from flask import current_app

from portal_common.errors import ApiError
from portal_common.store import get_store
from portal_common.timefmt import now, to_iso
from portal_common.uploads import HashingReader, file_size

from . import image_metadata, imaging, sniffing, video_metadata, video_probe
from .objects import get_objects
from .store import AlbumMissing
from .uploads import tmp_dir, too_large

log = logging.getLogger(__name__)


def new_id():
    return uuid.uuid4().hex


def stamp():
    return {"created_at": to_iso(now()), "sort_key": time.time_ns()}


class ObjectWriter:
    """Puts objects and remembers them, so `rollback()` can remove all of them (`undone_on_failure`:
    whatever fails in its block)."""

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

    @contextlib.contextmanager
    def undone_on_failure(self):
        try:
            yield self
        except BaseException:
            self.rollback()
            raise

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


def add_image(album_id, stream, title, alt=""):
    config = current_app.config
    checked = _checked_image(stream)
    (width, height), variants = imaging.make_variants(
        stream, {"thumb": config["MEDIA_THUMB_WIDTH"], "large": config["MEDIA_LARGE_WIDTH"]}
    )
    with tempfile.TemporaryFile("w+b", dir=tmp_dir()) as original_file:
        # The public original: the uploaded pixels, without EXIF (GPS), XMP, IPTC or comments.
        image_metadata.strip_metadata(stream, checked.format, original_file)
        return _store_image(album_id, (title, alt), checked, (width, height), original_file, variants)


def _store_image(album_id, texts, checked, size, original_file, variants):
    title, alt = texts
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
            "alt": alt,
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


def _sniffed_video(stream):
    """(content_type, extension, size) of an uploaded video; raises ApiError 413/415."""
    config = current_app.config
    size = file_size(stream)
    if size > config["MEDIA_MAX_VIDEO_BYTES"]:
        raise too_large(config["MEDIA_MAX_VIDEO_BYTES"])
    sniffed = sniffing.sniff_video(stream.read(sniffing.HEAD_BYTES))
    stream.seek(0)
    if sniffed is None:
        raise ApiError(415, "Chỉ nhận video MP4 hoặc WebM.", field="file")
    return (*sniffed, size)


def _probe(stream):
    config = current_app.config
    return video_probe.probe(
        stream, config["MEDIA_POSTER_WIDTH"], config["MEDIA_PROBE_SECONDS"], config["MEDIA_MAX_IMAGE_PIXELS"]
    )


def _uploaded_poster(poster_stream):
    """An editor's poster image, checked like any image, as a ≤ MEDIA_LARGE_WIDTH WebP Variant."""
    _checked_image(poster_stream, "poster")
    return imaging.make_variants(poster_stream, {"poster": current_app.config["MEDIA_LARGE_WIDTH"]})[1][0]


def _put_video_bytes(writer, stream, video_id, content_type, extension, size):
    """The clip without its metadata, under a key of its own; returns the source record."""
    # Where the clip was filmed, and the rest of the container's metadata, is not published.
    public = video_metadata.BlankedReader(stream, video_metadata.metadata_regions(stream, size, extension))
    key = f"videos/{video_id}/video.{extension}"  # one source per type (add_video_source)
    stored = writer.put(key, public, content_type, size)
    return {"key": key, "content_type": content_type, "size": stored["size"], "checksum": stored["checksum"]}


def add_video(stream, title, poster_stream=None, event_date=None):
    content_type, extension, size = _sniffed_video(stream)
    poster = _uploaded_poster(poster_stream) if poster_stream is not None else None
    facts = _probe(stream)
    duration = facts.duration if facts else None
    if duration is None and extension == "mp4":
        duration = sniffing.mp4_duration(stream, size)
    video_id = new_id()
    writer = ObjectWriter(video_id)
    with writer.undone_on_failure():
        source = _put_video_bytes(writer, stream, video_id, content_type, extension, size)
        frame_key = None
        if facts is not None and facts.poster is not None:
            frame_key = f"videos/{video_id}/frame.{video_probe.POSTER_TYPE[1]}"
            writer.put_bytes(frame_key, facts.poster, video_probe.POSTER_TYPE[0])
        poster_key = frame_key
        if poster is not None:
            poster_key = f"videos/{video_id}/poster.{imaging.VARIANT_TYPE[1]}"
            writer.put_bytes(poster_key, poster.data, imaging.VARIANT_TYPE[0])
        video = {
            "id": video_id,
            "title": title,
            **source,
            "duration": duration,
            "width": facts.width if facts else None,
            "height": facts.height if facts else None,
            "event_date": event_date,
            **stamp(),
            "poster_key": poster_key,
            "frame_key": frame_key,
            "sources": [],
        }
        return get_store().add_video(video, writer.records)


def _video_or_404(video_id):
    video = get_store().get_video(video_id)
    if video is None:
        raise ApiError(404, "Không tìm thấy video.")
    return video


def _custom_poster(video):
    """The key of the editor's uploaded poster, if that is what the video shows."""
    poster = video.get("poster_key")
    return poster if poster and poster != video.get("frame_key") else None


def _apply(video_id, changes, writer, dropped):
    with writer.undone_on_failure():
        if not get_store().update_video(video_id, changes, writer.records, dropped):
            raise ApiError(404, "Không tìm thấy video.")
    remove_objects(dropped)
    return get_store().get_video(video_id)


def set_video_poster(video_id, poster_stream):
    """The editor's own poster image replaces the one shown (the extracted frame is kept, to go
    back to). The new poster has a key of its own: keys are never reused (immutable caching)."""
    video = _video_or_404(video_id)
    poster = _uploaded_poster(poster_stream)
    writer = ObjectWriter(video_id)
    key = f"videos/{video_id}/poster-{new_id()[:8]}.{imaging.VARIANT_TYPE[1]}"
    with writer.undone_on_failure():
        writer.put_bytes(key, poster.data, imaging.VARIANT_TYPE[0])
    old = _custom_poster(video)
    return _apply(video_id, {"poster_key": key}, writer, [old] if old else [])


def use_frame_poster(video):
    """Back to the frame extracted from the video (None when there is none); the uploaded
    poster's bytes go."""
    old = _custom_poster(video)
    return {"poster_key": video.get("frame_key")}, [old] if old else []


def update_video(video_id, changes, dropped=()):
    return _apply(video_id, changes, ObjectWriter(video_id), list(dropped))


def add_video_source(video_id, stream):
    """Another encoding of the same clip (an MP4 beside a WebM, or the reverse): one per type.
    Pages offer them all, MP4 first (serializers.video_sources)."""
    video = _video_or_404(video_id)
    content_type, extension, size = _sniffed_video(stream)
    present = [video["content_type"], *(source["content_type"] for source in video.get("sources") or [])]
    if content_type in present:
        raise ApiError(409, "Video đã có bản định dạng này.", field="file")
    facts = _probe(stream)
    writer = ObjectWriter(video_id)
    with writer.undone_on_failure():
        source = _put_video_bytes(writer, stream, video_id, content_type, extension, size)
    changes = {"sources": [*(video.get("sources") or []), source]}
    if video.get("duration") is None and facts is not None:
        changes["duration"] = facts.duration
    if video.get("width") is None and facts is not None:
        changes.update(width=facts.width, height=facts.height)
    return _apply(video_id, changes, writer, [])


def ensure_frame(video):
    """For a video stored before posters were extracted: read its bytes back to a temporary
    file, probe it, store the frame (and the poster, when the video shows none) and the
    duration and size found. Returns True when something was added."""
    if video.get("frame_key"):
        return False
    objects = get_objects()
    with tempfile.TemporaryFile("w+b", dir=tmp_dir()) as copy:
        for chunk in objects.read(video["key"]):
            copy.write(chunk)
        facts = _probe(copy)
    if facts is None or facts.poster is None:
        return False
    writer = ObjectWriter(video["id"])
    key = f"videos/{video['id']}/frame.{video_probe.POSTER_TYPE[1]}"
    with writer.undone_on_failure():
        writer.put_bytes(key, facts.poster, video_probe.POSTER_TYPE[0])
    changes = {"frame_key": key, "width": facts.width, "height": facts.height}
    if video.get("poster_key") is None:
        changes["poster_key"] = key
    if video.get("duration") is None:
        changes["duration"] = facts.duration
    _apply(video["id"], changes, writer, [])
    return True


def remove_objects(keys):
    """After the metadata is gone: remove the bytes. A key that cannot be removed now is only
    wasted space (nothing points at it any more), so it is logged, not raised."""
    for key in keys or ():
        try:
            get_objects().delete(key)
        except Exception:
            log.exception("could not remove object", extra={"fields": {"key": key}})
