"""The exams service's embargo as the gateway passes it on (portal_common.exam_embargo has the
rule): its 404 `not_published` keeps its message and status, and whatever answers it — the JSON,
the lookup page, the phổ điểm page — may be kept no longer than until the announced time, counted
from the gateway's clock at the moment it answers (the answer cache never keeps it, see
backends.read_answer). A token holder's read may be an embargoed result: never for a shared cache.

"Now" is `EXAMS_CLOCK` in the app config when set (tests), else the time."""

from flask import current_app, request

from portal_common import exam_embargo, timefmt


def clock_of(app):
    """The gateway's "now" for the embargo (EXAMS_CLOCK in tests)."""
    return app.config.get("EXAMS_CLOCK", timefmt.now)


def now():
    return clock_of(current_app)()


def _publication(error):
    """The announced time of a not_published error body's `error` object, or None."""
    try:
        return exam_embargo.parse(error.get("published_at"))
    except (TypeError, ValueError):
        return None


def refusal_cache_control(body, at=None):
    """The Cache-Control of the service's answer `body` (its decoded JSON) when it is the refusal
    `not_published`, as of `at` (default: now); None for any other answer."""
    error = body.get("error") if isinstance(body, dict) else None
    if not not_published(error):
        return None
    return exam_embargo.cache_control_until(_publication(error), at or now())


def not_published(error):
    return isinstance(error, dict) and error.get("code") == exam_embargo.NOT_PUBLISHED


def for_this_reader(response):
    """A results or statistics JSON answer, its Cache-Control set for the embargo."""
    if "Authorization" in request.headers:
        response.headers["Cache-Control"] = exam_embargo.PRIVATE
    elif response.status_code == 404:
        control = refusal_cache_control(response.get_json(silent=True))
        if control:
            response.headers["Cache-Control"] = control
    return response


def publication_note(exam):
    """ "công bố lúc 08:00 ngày 16/07/2026" for an exam still embargoed now, else ""."""
    try:
        publication = exam_embargo.parse(exam.get("published_at"))
    except (TypeError, ValueError, AttributeError):
        return ""
    if not exam_embargo.is_embargoed(publication, now()):
        return ""
    return f"công bố lúc {exam_embargo.when(publication)}"
