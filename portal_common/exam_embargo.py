"""An exam's embargo, as the contract states it: until the exam's `published_at` the public gets
404 `not_published` for its results and statistics, with a message giving the announced time in
Vietnam time, and a cache may keep that answer no longer than until then. The exams service
decides it; the gateway, which passes the answer on (and renders it as a page), keeps the same
cache rule and words, so both are written here once."""

from datetime import datetime

from . import timefmt

NOT_PUBLISHED = "not_published"
# For a reader the embargo lets through (an admin token before the hour): no cache may keep it.
PRIVATE = "private, no-store"
# A not_published answer is kept a minute at most even when the hour is far: an officer may move
# the hour earlier, and a browser must not go on showing the old one until then.
NOT_PUBLISHED_MAX_AGE = 60


def parse(published_at):
    """The stored ISO 8601 text as a time, or None (published; exams imported before the field)."""
    if not published_at:
        return None
    return timefmt.to_vietnam(datetime.fromisoformat(published_at))


def is_embargoed(published_at, now):
    """True while `now` is before the publication time (a parsed one, or None)."""
    return published_at is not None and now < published_at


def when(published_at):
    """ "08:00 ngày 16/07/2026", in Vietnam time (seconds only when the time has some)."""
    moment = timefmt.to_vietnam(published_at)
    clock = f"{moment:%H:%M:%S}" if moment.second else f"{moment:%H:%M}"
    return f"{clock} ngày {moment:%d/%m/%Y}"


def announcement(published_at):
    return f"Kết quả sẽ được công bố lúc {when(published_at)}."


def cache_control_until(published_at, now):
    """The Cache-Control of a not_published answer: public, never a second past the announced
    time (whole seconds, rounded down) nor past NOT_PUBLISHED_MAX_AGE; no-store once the time is
    there or when it is unknown."""
    if published_at is None:
        return "no-store"
    seconds_left = int((published_at - now).total_seconds())
    if seconds_left <= 0:
        return "no-store"
    return f"public, max-age={min(seconds_left, NOT_PUBLISHED_MAX_AGE)}, must-revalidate"
