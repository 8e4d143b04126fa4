"""Poster frames for the videos stored before they were extracted at upload:
`flask --app services.media posters` (and `make run`'s demo loader) gives each such video its
frame, duration and size. Idempotent: a video that has its frame is left alone, and one FFmpeg
cannot read is counted, not retried forever in a loop."""

import logging

from portal_common.store import get_store

from . import catalog

log = logging.getLogger(__name__)
PAGE = 100


def add_missing_posters():
    """(added, unreadable) over every video without an extracted frame."""
    store = get_store()
    missing, offset = [], 0
    while True:
        videos, total = store.list_videos(offset, PAGE)
        missing += [video for video in videos if not video.get("frame_key")]
        offset += PAGE
        if offset >= total or not videos:
            break
    added = unreadable = 0
    for video in missing:
        try:
            if catalog.ensure_frame(video):
                added += 1
            else:
                unreadable += 1
        except Exception:  # one broken object must not stop the others
            log.exception("poster frame not made", extra={"fields": {"video": video["id"]}})
            unreadable += 1
    return added, unreadable
