"""Results published at a set hour (portal_common.exam_embargo has the contract's rule). Decided
when each read comes, against `EXAMS_CLOCK` (app config: a function returning the time; tests
pass their own), so nothing has to run at the hour:

- before `published_at` a lookup or the statistics answer 404 `not_published`, with the time in
  the message and in the error's `published_at`, kept by caches at most until then;
- a reader with the admin token sees them (to check before the hour), never cacheable;
- the content version carries the latest publication time already passed, so it moves at the
  moment an embargo ends and the gateway drops what it cached before (`latest_publication`)."""

from flask import current_app

from portal_common import exam_embargo, timefmt
from portal_common.auth import caller_holds
from portal_common.errors import ApiError
from portal_common.store import get_store

# Published results and statistics: a re-import (a re-marking) reaches the gateway's caches at
# once through the content version; a browser or the edge keeps its copy at most a minute.
PUBLISHED_CACHE = "public, max-age=60"


def now():
    return current_app.config["EXAMS_CLOCK"]()


def _holds_admin_token():
    return caller_holds("exam_officer")


def cache_control_for_read(published_at):
    """The Cache-Control of this reader's answer with the exam's results or statistics; raises the
    404 `not_published` while the exam is embargoed and the reader holds no admin token."""
    return read_cache_control(published_at, now(), _holds_admin_token)


def read_cache_control(published_at, moment, reader_sees_embargoed):
    """cache_control_for_read at `moment`, outside any Flask request (lean_lookup.py);
    `reader_sees_embargoed()` is asked only while the exam is embargoed."""
    publication = exam_embargo.parse(published_at)
    if not exam_embargo.is_embargoed(publication, moment):
        return PUBLISHED_CACHE
    if reader_sees_embargoed():
        return exam_embargo.PRIVATE
    raise ApiError(
        404,
        exam_embargo.announcement(publication),
        code=exam_embargo.NOT_PUBLISHED,
        headers={"Cache-Control": exam_embargo.cache_control_until(publication, moment)},
        extra={"published_at": timefmt.to_iso(publication)},
    )


def latest_publication():
    """The content version's part that moves with no write: the latest publication time already
    passed ("0" while none has)."""
    moment = now()
    passed = [
        publication
        for publication in (exam_embargo.parse(exam["published_at"]) for exam in get_store().exams())
        if publication is not None and publication <= moment
    ]
    return timefmt.to_iso(max(passed)) if passed else "0"
