"""The exams service's JSON API: exams, the results import, lookups by SBD, statistics.

Writes are the exam officers' (the role `exam_officer`, or `admin`, or the machine token), each
recorded in the audit log (portal_common.audited_writes), a publication time also as its own
entry. Lookups live on their own blueprint, `lookup_bp`, which carries the per-client rate
limit. No route lists candidates: a result is only had by knowing its exam and its number.
Results and statistics are embargoed until the exam's published_at (embargo.py). Imports also
run as jobs (jobs.py): `POST …/imports` answers 202 once the file is spooled."""

import os
import threading

from flask import Blueprint, current_app, jsonify, request

from portal_common import audit
from portal_common.audit import acting_user
from portal_common.auth import staff_required
from portal_common.errors import ApiError
from portal_common.exam_vocabulary import CANDIDATE_NUMBER
from portal_common.pagination import page_args, page_body
from portal_common.route_policy import blueprint_policy
from portal_common.store import get_store

from . import candidate_lookup, embargo, jobs, ranks
from .exam_fields import changes_from, checked_published_at
from .importer import import_results
from .importer.limits import ImportLimits
from .importer.run import exam_defaults
from .importer.sources import checked_encoding

bp = Blueprint("exams_api", __name__, url_prefix="/api/v1")
lookup_bp = blueprint_policy(Blueprint("exams_lookup", __name__, url_prefix="/api/v1"), limit="lookup")

# The list of exams changes when one is imported or its publication time is set.
LIST_CACHE = "public, max-age=60"
# An import of a national file takes about 15 s: when to come back after a 503.
IMPORT_RETRY_AFTER = 30
PUBLIC_FIELDS = ("id", "name", "year", "candidates", "subjects", "imported_at", "published_at")
# The contract's "Staff accounts": exam imports and their publication are the exam officers'.
officer_required = staff_required("exam_officer")
# The audit log's action for a change of an exam's publication time.
PUBLICATION_ACTION = "exam.publication"


# An import job's record is the officers' business only, and changes while it runs.
JOB_CACHE = "private, no-store"
JOB_LIST_LIMIT = 20


def _exam_or_404(exam_id):
    exam = get_store().exam(exam_id)
    if exam is None:
        raise ApiError(404, f"Không có kỳ thi '{exam_id}'.")
    return exam


def _public(exam):
    return {key: exam[key] for key in PUBLIC_FIELDS}


@bp.get("/exams")
def list_exams():
    page, per_page = page_args()
    exams = get_store().exams()
    chosen = exams[(page - 1) * per_page : page * per_page]
    response = jsonify(page_body([_public(exam) for exam in chosen], page, per_page, len(exams)))
    response.headers["Cache-Control"] = LIST_CACHE
    return response


@bp.get("/exams/<exam_id>")
def get_exam(exam_id):
    return jsonify(_public(_exam_or_404(exam_id)))


@bp.patch("/exams/<exam_id>")
@officer_required
def patch_exam(exam_id):
    changes = changes_from(request.get_json(silent=True))
    exam = get_store().update_exam(exam_id, changes)
    if exam is None:
        raise ApiError(404, f"Không có kỳ thi '{exam_id}'.")
    if "published_at" in changes:
        _record_publication(exam_id, exam["published_at"], "patch")
    return jsonify(_public(exam))


def _record_publication(exam_id, published_at, via):
    """A publication time set (or lifted, null: published now) is an entry of its own in the audit
    log, besides the write's (portal_common.audited_writes): results day's auditors look for it."""
    audit.record(PUBLICATION_ACTION, exam_id, {"published_at": published_at, "via": via})


def init_import_slots(app):
    """The imports a process runs at once (EXAMS_MAX_CONCURRENT_IMPORTS): each worker forked
    from the app gets its own count. And each worker's percentile tables (ranks.py)."""
    app.extensions["exam_import_slots"] = threading.BoundedSemaphore(max(1, app.config["EXAMS_MAX_CONCURRENT_IMPORTS"]))
    app.extensions["exam_rankings"] = ranks.RankingCache()


@bp.put("/exams/<exam_id>/results")
@officer_required
def put_results(exam_id):
    slots = current_app.extensions["exam_import_slots"]
    # Refused before a byte of the body is read: the caller comes back, the lookups keep their threads.
    if not slots.acquire(blocking=False):
        raise ApiError(
            503,
            "Đang có một lượt nhập điểm khác; vui lòng gửi lại sau ít phút. Kết quả hiện có được giữ nguyên.",
            headers={"Retry-After": str(IMPORT_RETRY_AFTER)},
        )
    try:
        # Only this route takes a big body; it is read from the stream in chunks, never whole.
        request.max_content_length = current_app.config["EXAMS_MAX_IMPORT_BYTES"]
        report = import_results(
            get_store(),
            exam_id,
            request.stream,
            name=request.args.get("name"),
            year=request.args.get("year"),
            published_at=request.args.get("published_at"),
            content_type=request.headers.get("Content-Type"),
            content_encoding=request.headers.get("Content-Encoding"),
            tmp_dir=current_app.config["DATA_DIR"],
            limits=ImportLimits.from_config(current_app.config),
        )
    finally:
        slots.release()
    if request.args.get("published_at") is not None:
        exam = get_store().exam(exam_id)
        _record_publication(exam_id, exam["published_at"] if exam else request.args["published_at"], "import")
    return jsonify(report)


@bp.post("/exams/<exam_id>/imports")
@officer_required
def post_import(exam_id):
    """The same body, headers and query as the PUT; → 202 {"job", "state", "url"} once the body is
    on disk, imported in the background (jobs.py)."""
    # Judged before a byte of the body is read, so a typo is a 400 now, not a failed job later.
    exam_defaults(exam_id, get_store().exam(exam_id), request.args.get("name"), request.args.get("year"))
    if request.args.get("published_at") not in (None, ""):
        checked_published_at(request.args["published_at"])
    checked_encoding(request.headers.get("Content-Encoding"))
    config = current_app.config
    request.max_content_length = config["EXAMS_MAX_IMPORT_BYTES"]
    job = jobs.new_job(exam_id, acting_user())
    upload = jobs.spool(
        request.stream, os.path.join(config["DATA_DIR"], jobs.SPOOL_DIR), job["job"], config["EXAMS_MAX_IMPORT_BYTES"]
    )
    options = {
        "name": request.args.get("name"),
        "year": request.args.get("year"),
        "published_at": request.args.get("published_at"),
        "content_type": request.headers.get("Content-Type"),
        "content_encoding": request.headers.get("Content-Encoding"),
    }
    try:
        get_store().create_job(job)
    except BaseException:
        os.remove(upload)
        raise
    jobs.start(current_app._get_current_object(), job, upload, options)
    response = jsonify({"job": job["job"], "state": job["state"], "url": job["url"]})
    response.status_code = 202
    response.headers["Location"] = job["url"]
    response.headers["Cache-Control"] = JOB_CACHE
    return response


@bp.get("/exams/<exam_id>/imports/<job>")
@officer_required
def get_import(exam_id, job):
    store = get_store()
    job_id = job
    job = jobs.checked(store, store.job(job_id), current_app.config)
    if job is None or job["exam"] != exam_id:
        raise ApiError(404, f"Không có lượt nhập điểm '{job_id[:40]}' của kỳ thi '{exam_id[:64]}'.")
    response = jsonify(jobs.public(job))
    response.headers["Cache-Control"] = JOB_CACHE
    return response


@bp.get("/exam-imports")
@officer_required
def list_imports():
    """The latest import jobs, newest first (?exam= one exam's): the desk's list, so a job started
    in a tab since closed is found again. Without their rejected lines (the job's own URL has them)."""
    store = get_store()
    exam_id = request.args.get("exam") or None
    found = [jobs.checked(store, job, current_app.config) for job in store.jobs(exam_id, JOB_LIST_LIMIT)]
    items = [{**jobs.public(job), "rejected": job["rejected"][:0]} for job in found]
    response = jsonify({"items": items})
    response.headers["Cache-Control"] = JOB_CACHE
    return response


@bp.get("/exams/<exam_id>/stats")
def get_stats(exam_id):
    exam = _exam_or_404(exam_id)
    cache_control = embargo.cache_control_for_read(exam["published_at"])
    stats = get_store().stats(exam_id)
    if stats is None:
        raise ApiError(404, f"Không có kỳ thi '{exam_id}'.")
    response = jsonify({"exam": exam_id, **stats})
    response.headers["Cache-Control"] = cache_control
    return response


@lookup_bp.get("/exams/<exam_id>/results/<sbd>")
def lookup(exam_id, sbd):
    # Results day's anonymous lookups are answered by lean_lookup.py before Flask sees them; this
    # view answers the rest (staff tokens, CORS requests, malformed numbers) with the same core.
    if not CANDIDATE_NUMBER.fullmatch(sbd):
        raise ApiError(400, "Số báo danh phải gồm đúng 8 chữ số.", field="sbd")
    app = current_app._get_current_object()
    answer, cache_control = candidate_lookup.find(
        get_store(),
        exam_id,
        sbd,
        lambda store, generation: candidate_lookup.ranking(app, store, generation),
        embargo.cache_control_for_read,
    )
    response = jsonify(answer)
    response.headers["Cache-Control"] = cache_control
    return response
