"""Hỏi đáp: the public's questions and the staff's answers (the contract's section "Hỏi đáp").

    GET    /api/v1/questions/form        the form's token and rules (for the pages that show it)
    POST   /api/v1/questions             the public: {"name", "email", "title", "question",
                                         "form_token", "website"} → 201, kept as pending
    GET    /api/v1/questions?q=&page=&per_page=
                                         answered questions, newest answer first; with a token
                                         of an editor or approver, `status=pending` lists those
                                         waiting, oldest first
    GET    /api/v1/questions/<id>        an answered one (staff: any)
    POST   /api/v1/questions/<id>/answer editors: {"answer"} (and optional corrected "title",
                                         "question") → 200; the question is public from then on
    DELETE /api/v1/questions/<id>        editors → 204

Nothing is public until answered, and the asker's email is never in a public answer (personal
data, Nghị định 13/2023): the public representation simply has no such field. Staff see it, to
write back when needed. Search folds case and diacritics as articles' search does.

Retention, at read/write time (no cron needed): every question posted, every answer and every
staff list first erases what is older than QUESTIONS_KEEP_DAYS (365) — unanswered questions, and
askers' emails — in one indexed statement; `flask --app services.articles purge-questions` does
the same for ops. A refused post (questions_guard.py) keeps nothing."""

from flask import Blueprint, current_app, g, jsonify, request

from portal_common import audit, timefmt
from portal_common.auth import account_still_enabled, caller_holds, current_staff, has_role, staff_required
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.pagination import page_args, page_body
from portal_common.route_policy import route_policy
from portal_common.sections_vocabulary import (
    ANSWER,
    FORM_TOKEN,
    HONEYPOT,
    QUESTION_FIELDS,
    QUESTION_SEARCH_MAX_CHARS,
    QUESTION_STATUSES,
)
from portal_common.store import get_store

from . import questions_guard, text
from .articles import now_ts
from .section_fields import check_object, check_value

bp = Blueprint("questions", __name__, url_prefix="/api/v1")

MANAGERS = ("editor", "approver")
SEARCH_MAX_CHARS = QUESTION_SEARCH_MAX_CHARS
MAX_QUERY_WORDS = 12
ASKED = QUESTION_FIELDS
HIDDEN = (FORM_TOKEN, HONEYPOT)
PURPOSE = (
    "Họ tên, email và câu hỏi của bạn chỉ dùng để trả lời câu hỏi. Câu hỏi và họ tên được đăng "
    "cùng câu trả lời; email không bao giờ được công bố. Câu hỏi chưa được trả lời và email của "
    "người hỏi được xóa sau {days} ngày (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân)."
)


def _date(ts):
    return None if ts is None else timefmt.from_epoch(ts).date().isoformat()


def public(doc):
    """What anyone may read of an answered question (never the email)."""
    return {
        "id": doc["id"],
        "title": doc["title"],
        "question": doc["question"],
        "answer": doc["answer"],
        "name": doc["name"],
        "asked_on": _date(doc["asked_ts"]),
        "answered_on": _date(doc["answered_ts"]),
    }


def for_staff(doc):
    return {**public(doc), "status": doc["status"], "email": doc["email"], "answered_by": doc["answered_by"]}


def words_of(doc):
    return text.unique_words(" ".join((doc["title"], doc["question"], text.html_to_text(doc.get("answer") or ""))))


def purge():
    """Erase what is past QUESTIONS_KEEP_DAYS: (unanswered questions deleted, emails erased)."""
    cutoff = now_ts() - current_app.config["QUESTIONS_KEEP_DAYS"] * 86400
    return get_store().purge_questions(cutoff)


def _prose(answer):
    """Plain text typed in a text area (no tags) becomes paragraphs and line breaks; HTML is
    taken as it is. The sanitizer cleans both."""
    if "<" in answer:
        return answer
    from html import escape

    paragraphs = [part.strip() for part in answer.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part, quote=False).replace(chr(10), '<br>')}</p>" for part in paragraphs)


@bp.get("/questions/form")
def form():
    config = current_app.config
    return jsonify(
        form_token=questions_guard.form_token(),
        min_seconds=config["QUESTIONS_FORM_MIN_SECONDS"],
        max_seconds=config["QUESTIONS_FORM_MAX_SECONDS"],
        keep_days=config["QUESTIONS_KEEP_DAYS"],
        max_links=config["QUESTIONS_MAX_LINKS"],
        purpose=PURPOSE.format(days=config["QUESTIONS_KEEP_DAYS"]),
        limits={name: spec.max_chars for name, spec in ASKED.items()},
    )


@bp.post("/questions")
@route_policy(limit="questions")
def ask():
    body = json_object()
    for name in body:
        if name not in ASKED and name not in HIDDEN:
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    questions_guard.check_honeypot(body.get(HONEYPOT))
    questions_guard.check_form_token(body.get(FORM_TOKEN))
    fields = check_object({name: body[name] for name in ASKED if name in body}, ASKED, partial=False)
    questions_guard.check_links(fields)
    purge()
    doc = {**fields, "answer": None, "status": "pending", "asked_ts": now_ts(), "answered_ts": None}
    stored = get_store().insert_question(doc, words_of(doc))
    audit.record("question.ask", stored["id"], {"title": stored["title"]})
    response = jsonify(
        id=stored["id"],
        status="pending",
        asked_on=_date(stored["asked_ts"]),
        message="Câu hỏi đã được gửi. Câu hỏi sẽ được đăng khi có câu trả lời.",
    )
    response.status_code = 201
    return response


def _staff_view():
    """Whether the caller sees staff fields (pending questions, emails): a token of a manager
    whose account is still enabled (caller_holds checks the signature only; a disabled account's
    token reads like the public's)."""
    return caller_holds(*MANAGERS) and account_still_enabled()


@bp.get("/questions")
def list_questions():
    page, per_page = page_args()
    status = request.args.get("status", "answered")
    if status not in QUESTION_STATUSES:
        raise ApiError(400, "Tham số 'status' phải là 'answered' hoặc 'pending'.", field="status")
    if status == "pending" and not has_role(current_staff(), *MANAGERS):
        raise ApiError(403, "Chỉ biên tập viên được xem câu hỏi đang chờ trả lời.")
    q = request.args.get("q", "")
    if len(q) > SEARCH_MAX_CHARS:
        raise ApiError(400, f"'q' tối đa {SEARCH_MAX_CHARS} ký tự.", field="q")
    words = text.unique_words(q)[:MAX_QUERY_WORDS]
    staff = status == "pending" or _staff_view()
    if staff:
        purge()
    if q.strip() and not words:
        docs, total = [], 0
    else:
        docs, total = get_store().list_questions(status, words, (page - 1) * per_page, per_page)
    shown = [for_staff(doc) if staff else public(doc) for doc in docs]
    response = jsonify(page_body(shown, page, per_page, total))
    if staff:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _question_or_404(question_id, staff):
    doc = get_store().question(question_id) if question_id <= 2**62 else None
    if doc is None or (doc["status"] != "answered" and not staff):
        raise ApiError(404, "Không tìm thấy câu hỏi.")
    return doc


@bp.get("/questions/<int:question_id>")
def get_question(question_id):
    staff = _staff_view()
    doc = _question_or_404(question_id, staff)
    response = jsonify(for_staff(doc) if staff else public(doc))
    if staff:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/questions/<int:question_id>/answer")
@staff_required(*MANAGERS)
def answer(question_id):
    body = json_object()
    for name in body:
        if name not in ("answer", "title", "question"):
            raise ApiError(400, f"Trường '{name}' không được hỗ trợ.", field=name)
    if "answer" not in body:
        raise ApiError(400, "Thiếu trường 'answer'.", field="answer")
    if not isinstance(body["answer"], str):
        raise ApiError(400, "Trường 'answer' phải là chuỗi.", field="answer")
    purge()
    doc = _question_or_404(question_id, staff=True)
    changes = check_object({name: body[name] for name in ("title", "question") if name in body}, ASKED, partial=True)
    changes["answer"] = check_value("answer", ANSWER, _prose(body["answer"]))
    if not text.html_to_text(changes["answer"]):
        raise ApiError(422, "Câu trả lời trống sau khi làm sạch HTML.", field="answer")
    changes.update(status="answered", answered_ts=doc["answered_ts"] or now_ts(), answered_by=g.staff["username"])
    updated = get_store().update_question(question_id, changes, words_of({**doc, **changes}))
    if updated is None:
        raise ApiError(404, "Không tìm thấy câu hỏi.")
    audit.record("question.answer", question_id, {"title": updated["title"]})
    response = jsonify(for_staff(updated))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.delete("/questions/<int:question_id>")
@staff_required(*MANAGERS)
def delete(question_id):
    if question_id > 2**62 or not get_store().delete_question(question_id):
        raise ApiError(404, "Không tìm thấy câu hỏi.")
    audit.record("question.delete", question_id)
    return "", 204


def init_cli(app):
    import click

    @app.cli.command("purge-questions")
    def purge_command():
        """Erase unanswered questions and askers' emails older than QUESTIONS_KEEP_DAYS."""
        from portal_common import content_version

        deleted, erased = purge()
        if deleted or erased:
            content_version.bump(app, app.config["SERVICE_NAME"])
        click.echo(f"questions: {deleted} unanswered deleted, {erased} emails erased")
