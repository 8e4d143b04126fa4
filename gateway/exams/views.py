"""The pages: "Tra cứu điểm thi" (the form and a candidate's result) and the phổ điểm of an exam.

Statuses say what happened: a malformed number is a 400 page and an unknown one a 404 page, each
with the form and a message, so a visitor can correct it at once; results not yet published are a
404 page saying when they will be (kept by caches no longer than until then, embargo.py); a
backend that is down leaves the page 200 with a notice (compose's rule)."""

from flask import render_template, request

from portal_common.errors import ApiError
from portal_common.exam_embargo import NOT_PUBLISHED
from portal_common.exam_vocabulary import CANDIDATE_NUMBER
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..pages import layout  # the module, not its names: layout.py imports this package's client
from . import charts, client, embargo, labels, pages

MALFORMED = "Số báo danh phải gồm đúng 8 chữ số (ví dụ 01017985)."
NO_EXAM = "Hãy chọn kỳ thi."
STATS_BLOCKS = ("A00", "A01", "B00", "C00", "D01")

pages.add_app_template_global(labels.subject_name, "subject_name")
pages.add_app_template_global(labels.block_subjects, "block_subjects")
pages.add_app_template_filter(labels.vn_count, "vn_count")
pages.add_app_template_global(embargo.publication_note, "publication_note")


def _failure(section):
    """(status, message) when a section holds a 4xx from the service, else None."""
    if isinstance(section.value, ApiError):
        return section.value.status, section.value.message
    return None


@pages.get("/tra-cuu-diem-thi")
@route_policy(cache=cache_life.PUBLISHED_RESULTS, page_cache=True, limit="exam-lookup", limit_when=when_arg("sbd"))
def lookup():
    exam_id = request.args.get("exam", "").strip()
    sbd = request.args.get("sbd", "").strip()
    calls, status, message = {}, 200, None
    if sbd or "sbd" in request.args:
        if not CANDIDATE_NUMBER.fullmatch(sbd):
            status, message = 400, MALFORMED
        elif not exam_id:
            status, message = 400, NO_EXAM
        else:
            calls["result"] = lambda: client.lookup(exam_id, sbd)
    sections = layout.sections_with_layout(calls)
    headers = {}
    result = sections.get("result")
    if result is not None and _failure(result):
        status, message = _failure(result)
        headers = result.value.headers  # Retry-After of a 429; the not_published Cache-Control
    exam = _exam_named(sections, exam_id)
    refused_as_embargoed = result is not None and getattr(result.value, "code", None) == NOT_PUBLISHED
    html = render_template(
        "exams/lookup.html",
        s=sections,
        exam_id=exam_id,
        sbd=sbd,
        exam=exam,
        message=message,
        # No link to a phổ điểm that is not public yet.
        embargoed=refused_as_embargoed or bool(exam and embargo.publication_note(exam)),
        hide_exam_block=True,
    )
    return html, status, headers


def _exam_named(sections, exam_id):
    exams = sections["sidebar_exams"]
    if exams.ok and exams.value:
        for exam in exams.value:
            if exam["id"] == exam_id:
                return exam
    return None


@pages.get("/tra-cuu-diem-thi/pho-diem/<exam_id>")
# With ?sbd= it shows the candidate's exact scores: counted like a lookup, or it is a way round.
@route_policy(cache=cache_life.PUBLISHED_RESULTS, page_cache=True, limit="exam-lookup", limit_when=when_arg("sbd"))
def distribution(exam_id):
    sbd = request.args.get("sbd", "").strip()
    calls = {"stats": lambda: client.stats(exam_id)}
    if CANDIDATE_NUMBER.fullmatch(sbd):
        calls["result"] = lambda: client.lookup(exam_id, sbd)
    sections = layout.sections_with_layout(calls)
    stats = sections["stats"]
    if _failure(stats):
        raise stats.value  # unknown or not yet published exam: the friendly 404 page, saying which
    result = sections.get("result")
    scores, blocks, note = {}, {}, None
    if sbd and not CANDIDATE_NUMBER.fullmatch(sbd):
        note = MALFORMED
    elif result is not None:
        if result.ok and isinstance(result.value, dict):
            scores, blocks = result.value["scores"], result.value["blocks"]
        else:
            note = result.error
    subject_charts, block_charts = [], []
    if stats.ok:
        for key, summary in stats.value["subjects"].items():
            subject_charts.append((key, summary, charts.histogram(summary, 10, scores.get(key))))
        for code in STATS_BLOCKS:
            summary = stats.value.get("blocks", {}).get(code)
            if summary:
                block_charts.append((code, summary, charts.histogram(summary, 30, blocks.get(code), label_every=5)))
    exam = _exam_named(sections, exam_id)
    return render_template(
        "exams/distribution.html",
        s=sections,
        exam_id=exam_id,
        sbd=sbd,
        title=exam["name"] if exam else exam_id,
        note=note,
        scores=scores,
        subject_charts=subject_charts,
        block_charts=block_charts,
    )
