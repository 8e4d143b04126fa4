"""Imports as jobs (the contract's "Imports as jobs", for the desk): the body of
`POST …/imports` is spooled to a file under DATA_DIR as it arrives, under the PUT's caps, and the
answer is a 202 at once; a thread of the process then imports the file with the same importer as
the PUT, one import at a time per process (EXAMS_MAX_CONCURRENT_IMPORTS: a queued job waits for a
free slot). The job's record lives in the store, so any worker or replica answers
`GET …/imports/<job>`, with `rows` counting up while it runs.

A process that dies with a job running cannot say so: the job's thread beats a heartbeat into its
record (EXAMS_JOB_HEARTBEAT_SECONDS), and a queued or running job whose heartbeat is older than
EXAMS_JOB_STALE_SECONDS is reported, and recorded, `failed` with a Vietnamese reason by whoever
reads it next. Its half-written generation is never switched to (the exam keeps its results) and
is dropped by the exam's next import. A running job whose record was failed that way stops at its
next batch, so it cannot switch the exam to its results afterwards."""

import logging
import os
import threading
import time
import uuid

from portal_common import audit, content_version, timefmt
from portal_common.errors import ApiError
from portal_common.store import get_store

from .importer import import_results
from .importer.limits import ImportLimits, size_words, too_large
from .store import JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, JOB_UNFINISHED

log = logging.getLogger(__name__)

SPOOL_DIR = "exam-imports"
CHUNK = 1024 * 1024
# The fields of a job the API shows (the contract's, then this service's own).
PUBLIC_FIELDS = (
    "job",
    "exam",
    "state",
    "rows",
    "imported",
    "rejected",
    "rejected_total",
    "started_at",
    "finished_at",
    "created_at",
    "reason",
    "user",
    "url",
)
INTERRUPTED = (
    "Lượt nhập điểm bị dừng giữa chừng (tiến trình xử lý đã ngừng). Kết quả cũ được giữ nguyên; hãy gửi lại tệp."
)
UNEXPECTED = "Lỗi không mong đợi khi nhập điểm. Kết quả cũ được giữ nguyên; hãy gửi lại tệp hoặc báo quản trị."
# The audit log's action when a job ends (the POST that started it is an entry of its own).
JOB_ACTION = "exam.import_job"


class JobCancelled(Exception):
    """The job's record was failed (its heartbeat judged stale) while it still ran."""


def job_path(exam_id, job_id):
    return f"/api/v1/exams/{exam_id}/imports/{job_id}"


def public(job):
    return {key: job.get(key) for key in PUBLIC_FIELDS}


def _now_iso():
    return timefmt.to_iso(timefmt.now())


def spool(stream, directory, job_id, max_bytes):
    """Write the request body to `directory`/<job>.upload as it arrives, never past `max_bytes`
    (413, the file removed). → the file's path."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{job_id}.upload")
    written = 0
    try:
        with open(path, "wb") as target:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                if written > max_bytes:
                    raise too_large(f"Tệp lớn hơn {size_words(max_bytes)}; tệp bị từ chối, kết quả cũ được giữ nguyên.")
                target.write(chunk)
    except BaseException:
        _remove(path)
        raise
    if not written:
        _remove(path)
        raise ApiError(400, "Tệp rỗng.", code="invalid_file")
    return path


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def new_job(exam_id, user):
    job_id = uuid.uuid4().hex
    return {
        "job": job_id,
        "exam": exam_id,
        "state": JOB_QUEUED,
        "rows": 0,
        "imported": 0,
        "rejected": [],
        "rejected_total": 0,
        "started_at": None,
        "finished_at": None,
        "created_at": _now_iso(),
        "reason": None,
        "user": user,
        "url": job_path(exam_id, job_id),
        "heartbeat_at": time.time(),
    }


def checked(store, job, config):
    """The job as it is: one left queued or running by a process that died (its heartbeat older
    than EXAMS_JOB_STALE_SECONDS) is failed now, in the store, with the reason."""
    if job is None or job["state"] not in JOB_UNFINISHED:
        return job
    if time.time() - float(job.get("heartbeat_at") or 0) <= config["EXAMS_JOB_STALE_SECONDS"]:
        return job
    failed = store.update_job(
        job["job"], {"state": JOB_FAILED, "finished_at": _now_iso(), "reason": INTERRUPTED}, states=JOB_UNFINISHED
    )
    if failed is not None:
        log.warning("import job failed: its process stopped", extra={"fields": {"job": job["job"]}})
    return failed or store.job(job["job"])


def start(app, job, upload, options):
    """Run the job in a thread of this process. `options`: import_results' keyword arguments
    (name, year, published_at, content_type, content_encoding)."""
    thread = threading.Thread(
        target=_run, args=(app, job["job"], job["exam"], upload, options, job["user"]), daemon=True
    )
    thread.name = f"exam-import-{job['job'][:8]}"
    thread.start()
    return thread


class _Heartbeat(threading.Thread):
    """Beats the job's heartbeat_at while it is queued or running; notices when the record was
    failed meanwhile (judged stale), so the import can stop."""

    def __init__(self, app, job_id):
        super().__init__(daemon=True, name=f"exam-import-heartbeat-{job_id[:8]}")
        self.app = app
        self.job_id = job_id
        self.stopped = threading.Event()
        self.cancelled = False

    def run(self):
        interval = self.app.config["EXAMS_JOB_HEARTBEAT_SECONDS"]
        while not self.stopped.wait(interval):
            try:
                with self.app.app_context():
                    beat = get_store().update_job(self.job_id, {"heartbeat_at": time.time()}, states=JOB_UNFINISHED)
            except Exception:  # storage briefly unavailable: the next beat tries again
                log.warning("import job heartbeat not recorded", exc_info=True)
                continue
            if beat is None:
                self.cancelled = True
                return

    def stop(self):
        self.stopped.set()


def _run(app, job_id, exam_id, upload, options, user):
    heartbeat = _Heartbeat(app, job_id)
    heartbeat.start()
    try:
        with app.app_context():
            _import(app, get_store(), job_id, exam_id, upload, options, user, heartbeat)
    finally:
        heartbeat.stop()
        _remove(upload)


def _import(app, store, job_id, exam_id, upload, options, user, heartbeat):
    slots = app.extensions["exam_import_slots"]
    slots.acquire()  # queued: waits for the import before it, in this process
    try:
        if store.update_job(job_id, {"state": JOB_RUNNING, "started_at": _now_iso()}, states=JOB_UNFINISHED) is None:
            return  # failed meanwhile (judged stale)

        def progress(rows):
            if heartbeat.cancelled:
                raise JobCancelled()
            store.update_job(job_id, {"rows": rows, "heartbeat_at": time.time()}, states=(JOB_RUNNING,))

        with open(upload, "rb") as stream:
            report = import_results(
                store,
                exam_id,
                stream,
                tmp_dir=app.config["DATA_DIR"],
                limits=ImportLimits.from_config(app.config),
                progress=progress,
                max_reported=app.config["EXAMS_JOB_MAX_REJECTED"],
                **options,
            )
    except JobCancelled:
        return
    except ApiError as error:
        _fail(store, job_id, error.message, error.extra or {})
        return
    except Exception:
        log.exception("import job failed", extra={"fields": {"job": job_id}})
        _fail(store, job_id, UNEXPECTED, {})
        return
    finally:
        slots.release()
    store.update_job(
        job_id,
        {
            "state": JOB_DONE,
            "rows": report["imported"] + report["rejected_total"],
            "imported": report["imported"],
            "rejected": report["rejected"],
            "rejected_total": report["rejected_total"],
            "finished_at": _now_iso(),
        },
        states=(JOB_RUNNING,),
    )
    # As the PUT does: the gateway's caches emptied, the import and a publication time audited.
    content_version.bump(app, app.config["SERVICE_NAME"])
    audit.record(
        JOB_ACTION,
        exam_id,
        {"job": job_id, "imported": report["imported"], "rejected_total": report["rejected_total"]},
        user=user,
    )
    if options.get("published_at"):
        exam = store.exam(exam_id)
        audit.record("exam.publication", exam_id, {"published_at": exam["published_at"], "via": "import"}, user=user)


def _fail(store, job_id, reason, extra):
    changes = {"state": JOB_FAILED, "finished_at": _now_iso(), "reason": reason}
    if extra.get("rejected"):
        changes["rejected"] = extra["rejected"]
        changes["rejected_total"] = extra.get("rejected_total", len(extra["rejected"]))
    store.update_job(job_id, changes, states=JOB_UNFINISHED)
