"""What the gateway asks the exams service for."""

from urllib.parse import quote

from ..backends import backend, error_of
from ..proxy import client_headers
from . import embargo


def exam_list():
    return backend("exams").read("/api/v1/exams")["items"]


def exam_path(exam_id, tail=""):
    return f"/api/v1/exams/{quote(exam_id, safe='')}{tail}"


def result_path(exam_id, sbd):
    return exam_path(exam_id, f"/results/{quote(sbd, safe='')}")


def _refusal(answer):
    """The service's 4xx as an ApiError for a page: a 429 keeps its Retry-After, a not_published
    the Cache-Control that ends at the announced time."""
    error = error_of(answer.status, answer.body)
    if "Retry-After" in answer.headers:
        error.headers["Retry-After"] = answer.headers["Retry-After"]
    control = embargo.refusal_cache_control(answer.body)
    if control:
        error.headers["Cache-Control"] = control
    return error


def stats(exam_id):
    answer = backend("exams").read_answer(exam_path(exam_id, "/stats"))
    if answer.status >= 400:
        raise _refusal(answer)
    return answer.body


def lookup(exam_id, sbd):
    """One candidate's result. The visitor's address goes along so that the service's per-client
    limit counts visitors, not the gateway."""
    forwarded = {"X-Forwarded-For": client_headers(None)["X-Forwarded-For"]}
    answer = backend("exams").read_answer(result_path(exam_id, sbd), headers=forwarded)
    if answer.status >= 400:
        raise _refusal(answer)
    return answer.body
