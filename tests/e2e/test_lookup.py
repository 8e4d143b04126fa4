"""Tra cứu điểm thi in the browser: a candidate of the demo exam reads their scores; a wrong
number gets the message, not an error page."""

import re

from playwright.sync_api import expect

from services.exams.subjects import NAMES

from .checks import score_pattern

NOT_FOUND_MESSAGE = re.compile(r"không tìm thấy|không có", re.IGNORECASE)


def lookup(page, exam_id, sbd):
    page.goto("/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Tra cứu điểm thi", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tra-cuu-diem-thi/?$"))
    form = page.locator("main form").first
    exam_choice = form.get_by_label("Kỳ thi")
    if exam_choice.count():
        exam_choice.select_option(exam_id)
    form.get_by_label("Số báo danh").fill(sbd)
    form.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(re.compile(rf"sbd={sbd}"))


def test_a_candidate_reads_their_scores(page, demo):
    exam_id, sbd, scores = demo.candidate()
    lookup(page, exam_id, sbd)
    main = page.locator("main")
    expect(main).to_contain_text(sbd)
    text = main.inner_text()
    for subject, score in scores.items():
        assert NAMES[subject] in text, f"{NAMES[subject]} missing from the result:\n{text[:1500]}"
        exact_name = re.compile(rf"^\s*{re.escape(NAMES[subject])}\s*$")
        row = main.locator("tr").filter(has=page.locator("th, td").filter(has_text=exact_name)).first
        assert score_pattern(score).search(row.inner_text()), (
            f"{NAMES[subject]} should read {score}: {row.inner_text()!r}"
        )


def test_a_wrong_number_shows_the_message(page, demo):
    exam_id, sbd, _ = demo.candidate()
    wrong = "99999999" if sbd != "99999999" else "99999998"
    lookup(page, exam_id, wrong)
    main = page.locator("main")
    expect(main).to_contain_text(NOT_FOUND_MESSAGE)
    assert not main.locator("table").filter(has_text=NAMES["toan"]).count(), "no score table for an unknown number"
