"""The public JSON API for exams (/api/v1): reads pass through the answer cache unchanged (the
contract's shapes are the service's); the results upload streams through to the service."""
from flask import current_app, request

from portal_common.auth import admin_required
from portal_common.config import env_float, env_int

from ..proxy import forward_json, query_args
from . import api
from .client import exam_path, result_path

CHUNK = 256 * 1024


def _setting(name, read, default):
    value = current_app.config.get(name)
    return read(name, default) if value is None else value


@api.get("/exams")
def exams():
    return forward_json("exams", "GET", "/api/v1/exams", params=query_args("page", "per_page"))


@api.get("/exams/<exam_id>")
def exam(exam_id):
    return forward_json("exams", "GET", exam_path(exam_id))


@api.get("/exams/<exam_id>/results/<sbd>")
def result(exam_id, sbd):
    return forward_json("exams", "GET", result_path(exam_id, sbd))


@api.get("/exams/<exam_id>/stats")
def stats(exam_id):
    return forward_json("exams", "GET", exam_path(exam_id, "/stats"))


class _SizedUpload:
    """The request body, read in chunks as the service reads it; its length lets `requests` send
    a Content-Length instead of chunked encoding."""

    def __init__(self, stream, length):
        self.stream = stream
        self.length = length

    def __len__(self):
        return self.length

    def read(self, size=-1):
        return self.stream.read(size if size and size > 0 else CHUNK)


@api.put("/exams/<exam_id>/results")
@admin_required
def put_results(exam_id):
    # A national results file is tens of MB: lift the gateway's body cap for this route only and
    # pass the body on as it arrives, never holding it in memory.
    request.max_content_length = _setting("EXAMS_MAX_IMPORT_BYTES", env_int, 300 * 1024 * 1024)
    stream = request.stream
    length = request.content_length
    body = _SizedUpload(stream, length) if length is not None else iter(lambda: stream.read(CHUNK), b"")
    headers = {name: request.headers[name] for name in ("Content-Type", "Content-Encoding") if name in request.headers}
    timeout = (current_app.config["BACKEND_CONNECT_TIMEOUT"], _setting("EXAMS_IMPORT_TIMEOUT", env_float, 600.0))
    return forward_json(
        "exams", "PUT", exam_path(exam_id, "/results"), params=query_args("name", "year"), data=body, headers=headers, timeout=timeout
    )
