"""The public JSON API for exams (/api/v1): reads pass through the answer cache unchanged (the
contract's shapes are the service's); the results upload streams through to the service."""

from portal_common.auth import admin_required
from portal_common.route_policy import route_policy

from .. import cache_life
from ..proxy import forward_json, query_args
from ..uploads import forward_upload
from . import api
from .client import exam_path, result_path


@api.get("/exams")
@route_policy(cache=cache_life.EXAM_LIST, page_cache=True)
def exams():
    return forward_json("exams", "GET", "/api/v1/exams", params=query_args("page", "per_page"))


@api.get("/exams/<exam_id>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def exam(exam_id):
    return forward_json("exams", "GET", exam_path(exam_id))


@api.get("/exams/<exam_id>/results/<sbd>")
@route_policy(cache=cache_life.PUBLISHED, page_cache=True, limit="exam-lookup", pass_through="exams")
def result(exam_id, sbd):
    return forward_json("exams", "GET", result_path(exam_id, sbd))


@api.get("/exams/<exam_id>/stats")
@route_policy(cache=cache_life.PUBLISHED, page_cache=True)
def stats(exam_id):
    return forward_json("exams", "GET", exam_path(exam_id, "/stats"))


@api.put("/exams/<exam_id>/results")
@admin_required
def put_results(exam_id):
    # A national results file is tens of MB: passed on as it arrives, never held in memory.
    return forward_upload(
        "exams",
        "PUT",
        exam_path(exam_id, "/results"),
        passed_headers=("Content-Type", "Content-Encoding"),
        args=("name", "year"),
    )
