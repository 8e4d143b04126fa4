"""The desk's sections: the site settings and logo (admins), the static pages Giới thiệu, Liên hệ
and English (writers: contributors save drafts, editors and approvers publish), and Hỏi đáp
(editors, approvers: the questions waiting, answer — which publishes —, correct, delete).

    /quan-tri/cai-dat-trang                   settings form; POST saves; /logo uploads, /xoa-logo
    /quan-tri/trang-gioi-thieu                the three pages and their state
    /quan-tri/trang-gioi-thieu/<key>          a page's form; POST saves a draft or publishes
    /quan-tri/hoi-dap                         waiting (?trang-thai=answered: answered)
    /quan-tri/hoi-dap/<id>                    a question; POST …/tra-loi answers, …/xoa deletes

Every change goes to the articles service with the member's own token (calls.desk_call): the
service checks the role, sanitizes, and records the member in the audit log. Forms are fields of
the vocabulary the service checks (portal_common.sections_vocabulary), so their labels and caps
are the service's own; the units and leaders are rows of fields, with empty rows to add more."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from urllib3 import encode_multipart_formdata

from portal_common.errors import ApiError
from portal_common.route_policy import route_policy
from portal_common.sections_vocabulary import (
    ANSWER,
    PAGE_FIELDS,
    PAGE_NAMES,
    QUESTION_FIELDS,
    SITE_FIELDS,
)

from .. import cache_life
from ..backends import backend, decoded_json, error_of
from ..proxy import client_headers
from .calls import desk_call, desk_json
from .session import current_member, desk_page, member_headers

bp = Blueprint("desk_sections", __name__, url_prefix="/quan-tri")

WRITERS = ("contributor", "editor", "approver")
PUBLISHERS = ("editor", "approver")
MANAGERS = ("editor", "approver")
EMPTY_ROWS = 2
PER_PAGE = 20


def _known_page(key):
    if key not in PAGE_FIELDS:
        raise ApiError(404, "Không có trang này.")
    return PAGE_FIELDS[key]


# -- the site settings (admin) ------------------------------------------------------------------


def _settings_form(status=200, values=None, message=None, field=None):
    current = desk_json("articles", "GET", "/api/v1/site", as_member=False)
    body = render_template(
        "desk/sections/settings.html",
        fields=SITE_FIELDS,
        settings=current,
        values=values or current,
        message=message,
        field=field,
    )
    return body, status


@bp.get("/cai-dat-trang")
@route_policy(cache=cache_life.DESK)
@desk_page("admin")
def settings():
    return _settings_form()


@bp.post("/cai-dat-trang")
@desk_page("admin")
def save_settings():
    values = {name: request.form.get(name, "") for name in SITE_FIELDS}
    reply = desk_call("articles", "PATCH", "/api/v1/site", json=values)
    if not reply.ok:
        error = reply.error()
        return _settings_form(reply.status, values, error.message, error.field)
    flash("Đã lưu cài đặt trang. Tiêu đề và chân trang của cổng thông tin đã được cập nhật.", "success")
    return redirect(url_for(".settings"))


@bp.post("/cai-dat-trang/logo")
@desk_page("admin")
def upload_logo():
    upload = request.files.get("logo")
    if upload is None or not upload.filename:
        flash("Hãy chọn một tệp ảnh làm logo.", "error")
        return redirect(url_for(".settings"))
    body, content_type = encode_multipart_formdata(
        {"file": (upload.filename, upload.read(), upload.mimetype or "application/octet-stream")}
    )
    headers = client_headers({**member_headers(), "Content-Type": content_type})
    response = backend("articles").send("PUT", "/api/v1/site/logo", body=body, headers=headers)
    if response.status >= 400:
        flash(error_of(response.status, decoded_json(response, "articles")).message, "error")
    else:
        flash("Đã thay logo.", "success")
    return redirect(url_for(".settings"))


@bp.post("/cai-dat-trang/xoa-logo")
@desk_page("admin")
def delete_logo():
    reply = desk_call("articles", "DELETE", "/api/v1/site/logo")
    flash("Đã gỡ logo." if reply.ok else reply.error().message, "success" if reply.ok else "error")
    return redirect(url_for(".settings"))


# -- the static pages (writers) -----------------------------------------------------------------


@bp.get("/trang-gioi-thieu")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def pages():
    found = [(key, name, desk_json("articles", "GET", f"/api/v1/pages/{key}/edit")) for key, name in PAGE_NAMES.items()]
    return render_template("desk/sections/pages.html", pages=found)


def _rows(name, spec, content):
    """The records of a list field as the form shows them: those saved, and empty rows to add."""
    saved = list(content.get(name) or [])
    return saved + [dict.fromkeys(spec.record, "") for _ in range(EMPTY_ROWS)]


def _page_form(key, edit, content, status=200, message=None, field=None):
    fields = _known_page(key)
    rows = {name: _rows(name, spec, content) for name, spec in fields.items() if spec.kind == "records"}
    body = render_template(
        "desk/sections/page_form.html",
        key=key,
        name=PAGE_NAMES[key],
        fields=fields,
        edit=edit,
        content=content,
        rows=rows,
        may_publish=current_member().holds(*PUBLISHERS),
        message=message,
        field=field,
    )
    return body, status


@bp.get("/trang-gioi-thieu/<key>")
@route_policy(cache=cache_life.DESK)
@desk_page(*WRITERS)
def edit_page(key):
    _known_page(key)
    edit = desk_json("articles", "GET", f"/api/v1/pages/{key}/edit")
    return _page_form(key, edit, edit["draft"] or edit["published"] or {})


def _typed_content(fields):
    """The page's content from the form: list fields from their rows (`units-3-name`), a row
    left wholly empty dropped."""
    content = {}
    for name, spec in fields.items():
        if spec.kind != "records":
            content[name] = request.form.get(name, "")
            continue
        indexes = sorted(
            {
                int(key.split("-")[1])
                for key in request.form
                if key.startswith(f"{name}-") and key.split("-")[1].isdigit()
            }
        )
        records = []
        for index in indexes:
            record = {part: request.form.get(f"{name}-{index}-{part}", "").strip() for part in spec.record}
            if any(record.values()):
                records.append(record)
        content[name] = records
    return content


@bp.post("/trang-gioi-thieu/<key>")
@desk_page(*WRITERS)
def save_page(key):
    fields = _known_page(key)
    content = _typed_content(fields)
    status = "published" if request.form.get("action") == "publish" else "draft"
    version = request.form.get("version", "")
    headers = {"If-Match": f'"{version}"'} if version.isdigit() else None
    reply = desk_call(
        "articles", "PUT", f"/api/v1/pages/{key}", json={"status": status, "content": content}, headers=headers
    )
    if not reply.ok:
        error = reply.error()
        edit = desk_json("articles", "GET", f"/api/v1/pages/{key}/edit")
        return _page_form(
            key, {**edit, "version": version or edit["version"]}, content, reply.status, error.message, error.field
        )
    flash(
        f"Đã đăng trang {PAGE_NAMES[key]}." if status == "published" else f"Đã lưu bản nháp trang {PAGE_NAMES[key]}.",
        "success",
    )
    return redirect(url_for(".edit_page", key=key))


# -- Hỏi đáp (editors, approvers) ---------------------------------------------------------------


def _page_number():
    text = request.args.get("page", "1")
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) < 100_000 else 1


@bp.get("/hoi-dap")
@route_policy(cache=cache_life.DESK)
@desk_page(*MANAGERS)
def questions():
    status = "answered" if request.args.get("trang-thai") == "answered" else "pending"
    params = {"status": status, "page": _page_number(), "per_page": PER_PAGE}
    if request.args.get("q"):
        params["q"] = request.args["q"][:200]
    found = desk_json("articles", "GET", "/api/v1/questions", params=params)
    return render_template("desk/sections/questions.html", found=found, status=status, query=params.get("q", ""))


def _question_form(question_id, status=200, values=None, message=None, field=None):
    question = desk_json("articles", "GET", f"/api/v1/questions/{question_id}")
    body = render_template(
        "desk/sections/question.html",
        question=question,
        values=values or {},
        fields=QUESTION_FIELDS,
        answer_max=ANSWER.max_chars,
        message=message,
        field=field,
    )
    return body, status


@bp.get("/hoi-dap/<int:question_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*MANAGERS)
def question(question_id):
    return _question_form(question_id)


@bp.post("/hoi-dap/<int:question_id>/tra-loi")
@desk_page(*MANAGERS)
def answer(question_id):
    values = {name: request.form.get(name, "") for name in ("answer", "title", "question")}
    body = {name: value for name, value in values.items() if value.strip() or name == "answer"}
    reply = desk_call("articles", "POST", f"/api/v1/questions/{question_id}/answer", json=body)
    if not reply.ok:
        error = reply.error()
        return _question_form(question_id, reply.status, values, error.message, error.field)
    flash("Đã trả lời; câu hỏi và câu trả lời đã được đăng ở mục Hỏi đáp.", "success")
    return redirect(url_for(".questions"))


@bp.post("/hoi-dap/<int:question_id>/xoa")
@desk_page(*MANAGERS)
def delete_question(question_id):
    reply = desk_call("articles", "DELETE", f"/api/v1/questions/{question_id}")
    flash("Đã xóa câu hỏi." if reply.ok else reply.error().message, "success" if reply.ok else "error")
    return redirect(url_for(".questions"))
