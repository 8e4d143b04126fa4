"""The desk's "Kết quả thi" (exam officers and admins): the exams with their publication times,
a new import (a new exam's id, name and year, or a re-import of one), its upload with a progress
bar, the import job's own progress and its report (imported, the rejected lines with reasons, as
CSV too), the publication time (the embargo: PATCH published_at, in Vietnam time), and a
candidate's result as it will be published, before the hour.

Every call goes to the exams service on the member's behalf (calls.desk_json, the member's
token), so the service checks the role `exam_officer` itself and its audit log names the member;
an officer's token sees embargoed results. The file goes from the browser as XMLHttpRequest
(static/desk/exams.js, upload.onprogress) to a desk URL here, whose body streams on to the
service's `POST …/imports` through gateway/uploads.py; the service answers 202 with the job once
the file is on its disk, and the job page follows it (the job is in the service's store: the tab
can be closed, the list of imports finds it again). Everything but the upload works without
JavaScript (the job page reloads itself while the job runs)."""

import csv
import io
import re
from datetime import datetime
from urllib.parse import quote

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for

from portal_common import exam_embargo, timefmt
from portal_common.errors import ApiError
from portal_common.exam_vocabulary import CANDIDATE_NUMBER
from portal_common.route_policy import route_policy

from .. import cache_life
from ..exams.views import normalize_candidate_number
from ..uploads import forward_upload
from .calls import desk_call, desk_json
from .session import desk_page, member_headers
from .wants_json import wants_json

bp = Blueprint("desk_exams", __name__, url_prefix="/quan-tri/ket-qua-thi")

OFFICERS = ("exam_officer",)
STATES = {"queued": "Đang chờ", "running": "Đang nhập", "done": "Hoàn tất", "failed": "Thất bại"}
# Rejected lines shown on the job's page; the CSV has every one the service kept.
SHOWN_REJECTED = 200
LOCAL_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
BAD_TIME = "Giờ công bố không hợp lệ: chọn ngày và giờ (giờ Việt Nam)."


def _q(value):
    return quote(value, safe="")


def _exam_path(exam_id, tail=""):
    return f"/api/v1/exams/{_q(exam_id)}{tail}"


def job_page(exam_id, job_id):
    return url_for("desk_exams.job", exam_id=exam_id, job_id=job_id)


def publication(exam, now=None):
    """ "Đã công bố", "Hẹn công bố lúc 08:00 ngày 16/07/2026" or "Đã công bố lúc …", for a list."""
    moment = exam_embargo.parse(exam.get("published_at"))
    if moment is None:
        return "Đã công bố"
    if exam_embargo.is_embargoed(moment, now or timefmt.now()):
        return f"Hẹn công bố lúc {exam_embargo.when(moment)}"
    return f"Đã công bố lúc {exam_embargo.when(moment)}"


def local_input_value(published_at):
    """The stored time as an <input type=datetime-local> shows it: Vietnam time, to the minute."""
    moment = exam_embargo.parse(published_at)
    return f"{moment:%Y-%m-%dT%H:%M}" if moment else ""


def vietnam_time(local):
    """An <input type=datetime-local> value read as Vietnam time → ISO 8601 with +07:00."""
    local = (local or "").strip()
    if not LOCAL_MINUTE.match(local):
        raise ApiError(400, BAD_TIME, field="published_at")
    try:
        moment = datetime.fromisoformat(local).replace(tzinfo=timefmt.VIETNAM)
    except ValueError:
        raise ApiError(400, BAD_TIME, field="published_at") from None
    return timefmt.to_iso(moment)


bp.add_app_template_filter(publication, "exam_publication")
bp.add_app_template_global(STATES, "IMPORT_STATES")


@bp.get("")
@route_policy(cache=cache_life.DESK)
@desk_page(*OFFICERS)
def exams():
    listing = desk_json("exams", "GET", "/api/v1/exams", params={"per_page": 100})
    imports = desk_json("exams", "GET", "/api/v1/exam-imports")["items"]
    return render_template(
        "desk/exams/exams.html", exams=listing["items"], imports=imports, exam_ids=[e["id"] for e in listing["items"]]
    )


@bp.post("/nhap")
@desk_page(*OFFICERS)
def upload():
    """The browser's XMLHttpRequest: the file as the body, the exam and its fields in the query.
    Streams on to the service; its answer (202 with the job, or its refusal) goes back as JSON,
    with the job's desk page."""
    exam_id = (request.args.get("exam") or "").strip()
    if not exam_id:
        raise ApiError(400, "Hãy nhập mã kỳ thi (ví dụ thpt-2026).", field="exam")

    def with_page(body):
        if isinstance(body, dict) and body.get("job"):
            body = {**body, "page": job_page(exam_id, body["job"])}
        return body

    return forward_upload(
        "exams",
        "POST",
        _exam_path(exam_id, "/imports"),
        passed_headers=("Content-Type", "Content-Encoding"),
        args=("name", "year", "published_at"),
        transform=with_page,
        extra_headers=member_headers(),
    )


@bp.get("/<exam_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*OFFICERS)
def exam(exam_id):
    found = desk_call("exams", "GET", _exam_path(exam_id))
    if found.status == 404:
        raise ApiError(404, f"Không có kỳ thi '{exam_id[:64]}'. Kỳ thi được tạo khi nhập kết quả lần đầu.")
    if not found.ok:
        raise found.error()
    imports = desk_json("exams", "GET", "/api/v1/exam-imports", params={"exam": exam_id})["items"]
    typed = request.args.get("sbd", "")
    sbd = normalize_candidate_number(typed)
    preview, means, message = None, {}, None
    if "sbd" in request.args:
        if not CANDIDATE_NUMBER.fullmatch(sbd):
            message = "Số báo danh phải gồm đúng 8 chữ số (ví dụ 01017985)."
        else:
            reply = desk_call("exams", "GET", _exam_path(exam_id, f"/results/{sbd}"))
            if reply.ok:
                preview = reply.body
                stats = desk_call("exams", "GET", _exam_path(exam_id, "/stats"))
                if stats.ok:
                    means = {
                        key: summary["mean"]
                        for group in ("subjects", "blocks")
                        for key, summary in (stats.body.get(group) or {}).items()
                    }
            else:
                message = reply.error().message
    return render_template(
        "desk/exams/exam.html",
        exam=found.body,
        imports=imports,
        sbd=sbd if CANDIDATE_NUMBER.fullmatch(sbd) else typed.strip(),
        preview=preview,
        means=means,
        message=message,
        embargoed=exam_embargo.is_embargoed(exam_embargo.parse(found.body.get("published_at")), timefmt.now()),
        published_input=local_input_value(found.body.get("published_at")),
    )


@bp.post("/<exam_id>/cong-bo")
@desk_page(*OFFICERS)
def set_publication(exam_id):
    back = url_for("desk_exams.exam", exam_id=exam_id)
    if request.form.get("action") == "now":
        published_at = None
    else:
        try:
            published_at = vietnam_time(request.form.get("published_at"))
        except ApiError as error:
            flash(error.message, "error")
            return redirect(back)
    reply = desk_call("exams", "PATCH", _exam_path(exam_id), json={"published_at": published_at})
    if reply.ok:
        flash(publication(reply.body) + ".", "success")
    else:
        flash(reply.error().message, "error")
    return redirect(back)


def _job(exam_id, job_id):
    reply = desk_call("exams", "GET", _exam_path(exam_id, f"/imports/{_q(job_id)}"))
    if not reply.ok:
        raise reply.error()
    return reply.body


@bp.get("/<exam_id>/lan-nhap/<job_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*OFFICERS)
def job(exam_id, job_id):
    """The job's page; its JSON for the page's script, which polls it while the job runs."""
    found = _job(exam_id, job_id)
    if wants_json():
        return jsonify(
            {key: found.get(key) for key in ("job", "state", "rows", "imported", "rejected_total", "reason")}
        )
    return render_template(
        "desk/exams/job.html",
        job=found,
        exam_id=exam_id,
        shown=found["rejected"][:SHOWN_REJECTED],
        finished=found["state"] in ("done", "failed"),
    )


@bp.get("/<exam_id>/lan-nhap/<job_id>/dong-bi-tu-choi.csv")
@route_policy(cache=cache_life.DESK)
@desk_page(*OFFICERS)
def rejected_csv(exam_id, job_id):
    """The job's rejected lines as CSV (UTF-8 with a BOM, so Excel reads the Vietnamese)."""
    found = _job(exam_id, job_id)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["Dòng", "Lý do"])
    for row in found["rejected"]:
        writer.writerow([row["line"], row["reason"]])
    if found["rejected_total"] > len(found["rejected"]):
        writer.writerow(["", f"… và {found['rejected_total'] - len(found['rejected'])} dòng khác không được liệt kê"])
    name = f"dong-bi-tu-choi-{exam_id[:64]}-{job_id[:12]}.csv"
    return Response(
        "\ufeff" + text.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{quote(name)}"'},
    )
