"""The pages: "Tra cứu điểm thi" (the form and a candidate's result) and the phổ điểm of an exam.

A number is taken as people paste it: " 11000001", "1100 0001", "11.000.001", "11-000-001" and
full-width digits are the same candidate (normalize_candidate_number); only then is it judged
against the contract's 8 digits, which the JSON API keeps as they are.

Statuses say what happened: a malformed number is a 400 page and an unknown one a 404 page, each
with the form and a message, so a visitor can correct it at once; results not yet published are a
404 page saying when they will be (kept by caches no longer than until then, embargo.py); a
backend that is down leaves the page 200 with a notice (compose's rule)."""

import unicodedata
from dataclasses import dataclass

from flask import render_template, request

from portal_common.errors import ApiError
from portal_common.exam_embargo import NOT_PUBLISHED
from portal_common.exam_vocabulary import CANDIDATE_NUMBER
from portal_common.route_policy import route_policy, when_arg

from .. import cache_life
from ..pages import layout  # the module, not its names: layout.py imports this package's client
from . import charts, client, embargo, labels, pages

MALFORMED = "Số báo danh phải gồm đúng 8 chữ số (ví dụ 01017985)."
EMPTY = "Hãy nhập số báo danh (8 chữ số, ví dụ 01017985)."
NO_EXAM = "Hãy chọn kỳ thi."
# The blocks the phổ điểm page shows first (without a number) and beside a candidate's own.
MAIN_BLOCKS = ("A00", "A01", "B00", "C00", "D01")
# What people put between the digits of a number they copy from a message or a printed card:
# spaces of every kind, dots, and dashes (hyphen, non-breaking hyphen, en and em dash, minus).
SEPARATORS = frozenset(".-\u2010\u2011\u2012\u2013\u2014\u2212\u00b7")


def normalize_candidate_number(raw):
    """A số báo danh as typed or pasted, with what people put around and between its digits
    removed: full-width digits become ASCII (NFKC), whitespace, dots and dashes go. The result is
    then judged against CANDIDATE_NUMBER: "1100 0001" → "11000001", "11a" stays "11a"."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(char for char in text if not (char.isspace() or char in SEPARATORS))


pages.add_app_template_global(labels.subject_name, "subject_name")
pages.add_app_template_global(labels.candidate_subject_name, "candidate_subject_name")
pages.add_app_template_global(labels.block_subjects, "block_subjects")
pages.add_app_template_global(labels.percentile_text, "percentile_text")
pages.add_app_template_global(labels.province_percentile_text, "province_percentile_text")
pages.add_app_template_global(labels.against_mean, "against_mean")
pages.add_app_template_global(labels.BLOCK_EXPLANATION, "BLOCK_EXPLANATION")
pages.add_app_template_filter(labels.vn_count, "vn_count")
pages.add_app_template_global(embargo.publication_note, "publication_note")


@dataclass
class ChartEntry:
    """One chart of the phổ điểm page: its anchor, heading, name in the list of charts, what it is
    of (for its SVG title), what it counts, the service's summary, the drawing, and the
    candidate's own score."""

    id: str
    heading: str
    label: str
    of: str
    unit: str
    summary: dict
    picture: charts.Chart
    mine: float = None


@dataclass
class ChartGroup:
    id: str
    heading: str
    charts: list
    own: bool = False  # the candidate's own subjects or blocks


def _failure(section):
    """(status, message) when a section holds a 4xx from the service, else None."""
    if isinstance(section.value, ApiError):
        return section.value.status, section.value.message
    return None


@pages.get("/tra-cuu-diem-thi")
@route_policy(cache=cache_life.PUBLISHED_RESULTS, page_cache=True, limit="exam-lookup", limit_when=when_arg("sbd"))
def lookup():
    exam_id = request.args.get("exam", "").strip()
    typed = request.args.get("sbd", "")
    sbd = normalize_candidate_number(typed)
    calls, status, message = {}, 200, None
    if sbd or "sbd" in request.args:
        if not sbd:
            status, message = 400, EMPTY
        elif not CANDIDATE_NUMBER.fullmatch(sbd):
            status, message = 400, MALFORMED
        elif not exam_id:
            status, message = 400, NO_EXAM
        else:
            calls["result"] = lambda: client.lookup(exam_id, sbd)
            # The exam's means, beside each score: fetched at once with the result (and kept by
            # the answer cache, the same for every candidate).
            calls["stats"] = lambda: client.stats(exam_id)
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
        means=exam_means(sections.get("stats")),
        message=message,
        number_invalid=message in (EMPTY, MALFORMED),
        # No link to a phổ điểm that is not public yet.
        embargoed=refused_as_embargoed or bool(exam and embargo.publication_note(exam)),
        hide_exam_block=True,
    )
    return html, status, headers


def exam_means(section):
    """{subject key or block code: the exam's mean} from the statistics section, {} without it
    (the result is shown all the same, only without its place against the mean)."""
    if section is None or not section.ok or not isinstance(section.value, dict):
        return {}
    stats = section.value
    means = {}
    for group in ("subjects", "blocks"):
        for key, summary in (stats.get(group) or {}).items():
            means[key] = summary.get("mean")
    return means


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
    typed = request.args.get("sbd", "")
    sbd = normalize_candidate_number(typed)
    calls = {"stats": lambda: client.stats(exam_id)}
    if CANDIDATE_NUMBER.fullmatch(sbd):
        calls["result"] = lambda: client.lookup(exam_id, sbd)
    sections = layout.sections_with_layout(calls)
    stats = sections["stats"]
    if _failure(stats):
        raise stats.value  # unknown or not yet published exam: the friendly 404 page, saying which
    result = sections.get("result")
    scores, blocks, language, note = {}, {}, None, None
    if sbd and not CANDIDATE_NUMBER.fullmatch(sbd):
        note = MALFORMED
    elif result is not None:
        if result.ok and isinstance(result.value, dict):
            scores, blocks = result.value["scores"], result.value["blocks"]
            language = result.value.get("language")
        else:
            note = result.error
    groups, blocks_without_chart = chart_groups(stats.value if stats.ok else None, scores, blocks, language)
    exam = _exam_named(sections, exam_id)
    return render_template(
        "exams/distribution.html",
        s=sections,
        exam_id=exam_id,
        sbd=sbd if CANDIDATE_NUMBER.fullmatch(sbd) else typed.strip(),
        title=exam["name"] if exam else exam_id,
        note=note,
        scores=scores,
        language=language,
        groups=groups,
        blocks_without_chart=blocks_without_chart,
        other_blocks=other_blocks(stats.value if stats.ok else None, scores, blocks),
    )


def other_blocks(stats, scores, blocks):
    """The blocks the service has a phổ điểm for that the page does not draw (all but the main
    ones, less the candidate's own): named under the charts, so a reader knows a number shows them."""
    if stats is None:
        return []
    return [code for code in stats.get("blocks") or {} if code not in MAIN_BLOCKS and code not in blocks]


def chart_groups(stats, scores, blocks, language=None):
    """The phổ điểm page's charts in reading order, as [ChartGroup], and the candidate's blocks
    the service has no phổ điểm for, as [(code, total)].

    With a candidate: their subjects, their blocks (every one: the service counts every block),
    then the other subjects and the other main blocks; without: every subject, then the main
    blocks (a chart for each of the 29 blocks would weigh the page past its budget)."""
    if stats is None:
        return [], []
    subject_stats = stats["subjects"]
    block_stats = stats.get("blocks") or {}

    def subject_chart(key):
        summary = subject_stats[key]
        picture = charts.histogram(summary, 10, scores.get(key))
        name = labels.candidate_subject_name(key, language) if key in scores else labels.subject_name(key)
        return ChartEntry(
            f"mon-{key}",
            name,
            name,
            "môn " + name,
            "bài thi",
            summary,
            picture,
            scores.get(key),
        )

    def block_chart(code):
        summary = block_stats[code]
        picture = charts.histogram(summary, 30, blocks.get(code), label_every=5)
        heading = f"Tổ hợp {code} ({labels.block_subjects(code, language, candidate=code in blocks)})"
        return ChartEntry(
            f"khoi-{code}", heading, code, f"tổ hợp {code}", "thí sinh", summary, picture, blocks.get(code)
        )

    def block_order(code):
        return (MAIN_BLOCKS.index(code) if code in MAIN_BLOCKS else len(MAIN_BLOCKS), code)

    if not scores and not blocks:
        return [
            ChartGroup("cac-mon", "Các môn thi", [subject_chart(key) for key in subject_stats]),
            ChartGroup(
                "to-hop",
                "Tổng điểm theo tổ hợp",
                [block_chart(code) for code in sorted(block_stats, key=block_order) if code in MAIN_BLOCKS],
            ),
        ], []
    own_subjects = [key for key in scores if key in subject_stats]
    own_blocks = [code for code in blocks if code in block_stats]
    groups = [
        ChartGroup("mon-cua-ban", "Các môn thi của bạn", [subject_chart(key) for key in own_subjects], own=True),
        ChartGroup("to-hop-cua-ban", "Các tổ hợp của bạn", [block_chart(code) for code in own_blocks], own=True),
        ChartGroup("mon-khac", "Các môn khác", [subject_chart(key) for key in subject_stats if key not in scores]),
        # Of the blocks the candidate does not have, the main ones only: their page stays short
        # whatever blocks the service adds (the page without a number shows them all).
        ChartGroup(
            "to-hop-khac",
            "Các tổ hợp khác",
            [block_chart(code) for code in MAIN_BLOCKS if code in block_stats and code not in blocks],
        ),
    ]
    without_chart = [(code, total) for code, total in blocks.items() if code not in block_stats]
    # The candidate's blocks stay as a group when only their list without phổ điểm is left.
    kept = [group for group in groups if group.charts or (group.id == "to-hop-cua-ban" and without_chart)]
    return kept, without_chart
