"""What the gateway asks the exams service for."""
from urllib.parse import quote

from portal_common.errors import ApiError

from ..backends import backend
from ..proxy import client_headers


def exam_list():
    return backend("exams").get_json("/api/v1/exams")["items"]


def exam_path(exam_id, tail=""):
    return f"/api/v1/exams/{quote(exam_id, safe='')}{tail}"


def result_path(exam_id, sbd):
    return exam_path(exam_id, f"/results/{quote(sbd, safe='')}")


def stats(exam_id):
    return backend("exams").get_json(exam_path(exam_id, "/stats"))


def lookup(exam_id, sbd):
    """One candidate's result. The visitor's address goes along so that the service's per-client
    limit counts visitors, not the gateway; a 429 keeps its Retry-After for the page."""
    forwarded = {"X-Forwarded-For": client_headers(None)["X-Forwarded-For"]}
    answer = backend("exams").fetch(result_path(exam_id, sbd), headers=forwarded)
    if answer.status >= 400:
        error = answer.body.get("error", {}) if isinstance(answer.body, dict) else {}
        headers = {"Retry-After": answer.headers["Retry-After"]} if "Retry-After" in answer.headers else None
        raise ApiError(answer.status, error.get("message", "Lỗi"), code=error.get("code"), field=error.get("field"), headers=headers)
    return answer.body
