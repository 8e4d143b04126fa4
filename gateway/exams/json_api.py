"""The public JSON API for exams (/api/v1): reads pass through the answer cache unchanged (the
contract's shapes are the service's), results and statistics with the embargo's Cache-Control
(embargo.py); the results upload streams through to the service, as the PUT or as an import job
(whose `url` becomes the portal's absolute address)."""

from urllib.parse import quote

from flask import request

from portal_common.auth import signed_in_required
from portal_common.route_policy import route_policy

from .. import cache_life
from ..proxy import forward_json, query_args
from ..uploads import forward_upload
from ..urls import absolute
from . import api, embargo
from .client import exam_path, result_path

# An import job is one officer's business, and changes while it runs.
IMPORT_JOBS = "private, no-store"
IMPORT_ARGS = ("name", "year", "published_at")


def _absolute_job_url(body):
    """A job's `url` (the service's path, the same on the gateway) as the portal's address."""
    if isinstance(body, dict) and isinstance(body.get("url"), str) and body["url"].startswith("/"):
        body = {**body, "url": absolute(body["url"])}
    return body


def _absolute_job_urls(body):
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        body = {**body, "items": [_absolute_job_url(item) for item in body["items"]]}
    return body


@api.get("/exams")
@route_policy(cache=cache_life.EXAM_LIST, page_cache=True)
def exams():
    return forward_json("exams", "GET", "/api/v1/exams", params=query_args("page", "per_page"))


@api.get("/exams/<exam_id>")
@route_policy(cache=cache_life.NEWS, page_cache=True)
def exam(exam_id):
    return forward_json("exams", "GET", exam_path(exam_id))


@api.get("/exams/<exam_id>/results/<sbd>")
@route_policy(cache=cache_life.PUBLISHED_RESULTS, page_cache=True, limit="exam-lookup", pass_through="exams")
def result(exam_id, sbd):
    return embargo.for_this_reader(forward_json("exams", "GET", result_path(exam_id, sbd)))


@api.get("/exams/<exam_id>/stats")
@route_policy(cache=cache_life.PUBLISHED_RESULTS, page_cache=True)
def stats(exam_id):
    return embargo.for_this_reader(forward_json("exams", "GET", exam_path(exam_id, "/stats")))


@api.patch("/exams/<exam_id>")
@signed_in_required
def update_exam(exam_id):
    # Passed on as sent: the service judges it and names the faulty field.
    body = request.get_data()
    headers = {"Content-Type": request.content_type or "application/json"}
    return forward_json("exams", "PATCH", exam_path(exam_id), body=body, headers=headers)


@api.put("/exams/<exam_id>/results")
@signed_in_required
def put_results(exam_id):
    # A national results file is tens of MB: passed on as it arrives, never held in memory.
    return forward_upload(
        "exams",
        "PUT",
        exam_path(exam_id, "/results"),
        passed_headers=("Content-Type", "Content-Encoding"),
        args=("name", "year", "published_at"),
    )


@api.post("/exams/<exam_id>/imports")
@signed_in_required
def start_import(exam_id):
    # As the PUT: passed on as it arrives; the service spools it and answers 202 at once.
    return forward_upload(
        "exams",
        "POST",
        exam_path(exam_id, "/imports"),
        passed_headers=("Content-Type", "Content-Encoding"),
        args=IMPORT_ARGS,
        transform=_absolute_job_url,
    )


@api.get("/exams/<exam_id>/imports/<job>")
@route_policy(cache=IMPORT_JOBS)
@signed_in_required
def import_job(exam_id, job):
    path = exam_path(exam_id, f"/imports/{quote(job, safe='')}")
    return forward_json("exams", "GET", path, transform=_absolute_job_url)


@api.get("/exam-imports")
@route_policy(cache=IMPORT_JOBS)
@signed_in_required
def import_jobs():
    return forward_json("exams", "GET", "/api/v1/exam-imports", params=query_args("exam"), transform=_absolute_job_urls)
