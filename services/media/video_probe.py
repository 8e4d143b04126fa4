"""What a video is, read with PyAV (FFmpeg's libraries, bundled in the `av` wheel): its duration,
its picture's width × height, and a poster frame about one second in, as a JPEG.

The work is bounded, since an upload is anyone's bytes: FFmpeg's I/O gives up after
`time_limit` seconds (PyAV's interrupt callback), at most POSTER_MAX_FRAMES frames are decoded
after one seek (never the whole file), and the wall clock is checked between frames. A file that
FFmpeg cannot read is no error here: the caller gets `None` and applies the sniffing rules it
always had (sniffing.py), so such a video is kept or refused exactly as before."""

import io
import logging
import time
from dataclasses import dataclass

import av
from PIL import Image

log = logging.getLogger(__name__)

POSTER_AT_SECONDS = 1.0
# After the seek (to the keyframe before 1 s) at most this many frames are decoded looking for
# the one at 1 s: 2 s of 60 fps, a few tens of milliseconds at 720p.
POSTER_MAX_FRAMES = 120
POSTER_QUALITY = 82
POSTER_TYPE = ("image/jpeg", "jpg")


@dataclass
class VideoFacts:
    duration: float | None  # seconds
    width: int | None
    height: int | None
    poster: bytes | None  # JPEG, or None when no frame could be decoded


def _duration(container, stream):
    if stream.duration is not None and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return None


def _poster_frame(container, stream, deadline):
    """The frame shown about POSTER_AT_SECONDS in (the last one decoded before it, for a clip
    shorter than that), or None."""
    stream.thread_count = 1  # the machine's cores serve requests too
    target = POSTER_AT_SECONDS
    if stream.time_base:
        try:
            container.seek(int(target / stream.time_base), stream=stream, backward=True, any_frame=False)
        except av.FFmpegError:
            container.seek(0)
    chosen = None
    for count, frame in enumerate(container.decode(stream)):
        chosen = frame
        if frame.time is not None and frame.time >= target:
            break
        if count + 1 >= POSTER_MAX_FRAMES or time.monotonic() > deadline:
            break
    return chosen


def _jpeg(frame, width):
    image = frame.to_image()  # RGB, as displayed (PyAV applies the frame's colour matrix)
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=POSTER_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def probe(stream, poster_width, time_limit, max_pixels=40_000_000):
    """VideoFacts for the seekable file `stream`, or None when FFmpeg cannot read it (no video
    track, damaged, or too slow). A picture of more than `max_pixels` gets no poster (decoding
    one frame of it would take too much memory). `stream` is left at position 0."""
    deadline = time.monotonic() + time_limit
    stream.seek(0)
    try:
        with av.open(stream, mode="r", timeout=(time_limit, time_limit)) as container:
            videos = container.streams.video
            if not videos:
                return None
            track = videos[0]
            duration = _duration(container, track)
            width, height = track.codec_context.width or None, track.codec_context.height or None
            too_big = (width or 0) * (height or 0) > max_pixels
            frame = None if too_big else _poster_frame(container, track, deadline)
            poster = _jpeg(frame, poster_width) if frame is not None else None
            if frame is not None:
                width, height = frame.width, frame.height
            return VideoFacts(round(duration, 3) if duration else None, width, height, poster)
    except Exception as error:  # FFmpeg's bindings raise many types on hostile input; never a 500
        log.info("video not readable by FFmpeg", extra={"fields": {"error": repr(error)[:200]}})
        return None
    finally:
        stream.seek(0)
