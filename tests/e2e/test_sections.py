"""Giới thiệu, Liên hệ, Hỏi đáp and English in Chromium, on the real processes: a visitor sends
a question from /hoi-dap (the notice says it was sent, no cookie is set); an editor answers it in
the desk; readers then find it listed and by a search without diacritics. axe-core finds no
violation of any impact on the new public pages, nor a serious one on the desk's; at 375 px and
1366 px nothing scrolls sideways and every control is at least 44 px tall."""

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from .checks import ALL_IMPACTS, assert_accessible, horizontal_overflow, small_controls
from .conftest import open_context

PAGES = ("/gioi-thieu", "/lien-he", "/hoi-dap", "/en")
SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1366, "height": 900}}
PASSWORD = "Hoi-dap-tra-loi-2026"
EDITOR = ("bt.hoidap", "Biên tập Hỏi đáp")
TITLE = "Thời gian nhận hồ sơ học bổng khuyến học"
# The form's token must be QUESTIONS_FORM_MIN_SECONDS (3 s by default) old, counted from the end of
# the whole second it names, before a post.
FORM_MIN_SECONDS = 4.1
VISIBLE_WITHIN_S = 10


@pytest.fixture(scope="module")
def editor(portal):
    username, display_name = EDITOR
    body = {"username": username, "password": PASSWORD, "display_name": display_name, "roles": ["editor"]}
    answer = requests.post(portal.service_url("accounts") + "/api/v1/users", json=body, headers=portal.auth, timeout=10)
    assert answer.status_code in (201, 409), answer.text
    return username


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_accessible_and_fit(browser, portal, path, size):
    context = open_context(browser, portal, viewport=SIZES[size], bypass_csp=True)
    try:
        page = context.new_page()
        response = page.goto(path)
        assert response.status == 200 and "set-cookie" not in response.headers
        page.wait_for_load_state("load")
        assert_accessible(page, ALL_IMPACTS)
        overflow = horizontal_overflow(page)
        assert overflow["scrollWidth"] <= SIZES[size]["width"], f"{path} scrolls sideways: {overflow}"
        summary = page.locator("summary", has_text="Danh mục")
        if summary.is_visible():
            summary.click()
        assert small_controls(page) == [], f"{path}: controls under 44 px at {size}"
        header = page.locator("header.site-header")
        expect(header).to_contain_text("tỉnh Lam Sơn")
        expect(header.locator("img.brand-logo")).to_be_visible()
        expect(page.locator("footer")).to_contain_text("Chịu trách nhiệm nội dung")
        if path == "/en":
            assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()


def test_a_question_is_sent_answered_in_the_desk_and_listed(browser, portal, editor):
    visitor_context = open_context(browser, portal, viewport=SIZES["phone"])
    desk_context = open_context(browser, portal, viewport=SIZES["desktop"], bypass_csp=True)
    try:
        visitor = visitor_context.new_page()
        visitor.goto("/hoi-dap")
        form = visitor.locator("form.ask-form")
        expect(visitor.locator(".form-purpose")).to_contain_text("Nghị định 13/2023")
        form.get_by_label("Họ và tên").fill("Phạm Thu Hương")
        form.get_by_label("Email").fill("huong.pham@example.com")
        form.get_by_label("Tiêu đề câu hỏi").fill(TITLE)
        form.get_by_label("Nội dung câu hỏi").fill("Xin hỏi khi nào Sở nhận hồ sơ học bổng khuyến học năm nay?")
        time.sleep(FORM_MIN_SECONDS)  # a person takes longer than this to type
        form.get_by_role("button", name="Gửi câu hỏi").click()
        expect(visitor).to_have_url(re.compile(r"/hoi-dap\?da-gui=1#gui-cau-hoi$"))
        expect(visitor.locator(".notice-ok")).to_contain_text("Câu hỏi đã được gửi")
        assert visitor_context.cookies() == []
        expect(visitor.locator("main")).not_to_contain_text(TITLE)  # nothing public before an answer

        desk = desk_context.new_page()
        desk.goto("/quan-tri/hoi-dap")
        desk.get_by_label("Tên đăng nhập").fill(editor)
        desk.get_by_label("Mật khẩu").fill(PASSWORD)
        desk.get_by_role("button", name="Đăng nhập").click()
        expect(desk).to_have_url(re.compile(r"/quan-tri/hoi-dap$"))
        assert_accessible(desk)
        desk.get_by_role("link", name=TITLE).click()
        expect(desk.locator("main")).to_contain_text("huong.pham@example.com")  # staff may write back
        assert_accessible(desk)
        desk.get_by_label("Câu trả lời").fill(
            "Sở nhận hồ sơ từ ngày 1 đến ngày 15 tháng 9.\n\nHồ sơ nộp tại Văn phòng Sở."
        )
        desk.get_by_role("button", name="Trả lời và đăng").click()
        expect(desk.locator(".flash-success")).to_contain_text("Đã trả lời")
        desk.goto("/quan-tri/trang-gioi-thieu")
        assert_accessible(desk)

        deadline = time.monotonic() + VISIBLE_WITHIN_S
        while True:
            visitor.goto("/hoi-dap?q=hoc+bong+khuyen+hoc")
            if visitor.get_by_role("heading", name=TITLE).count() or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        expect(visitor.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(visitor.locator("main")).to_contain_text("Sở nhận hồ sơ từ ngày 1 đến ngày 15 tháng 9.")
        expect(visitor.locator("main")).not_to_contain_text("huong.pham@example.com")
    finally:
        visitor_context.close()
        desk_context.close()


def test_the_desk_forms_of_the_sections_are_accessible(browser, portal, editor):
    for username, password, paths in (
        (editor, PASSWORD, ("/quan-tri/trang-gioi-thieu/gioi-thieu", "/quan-tri/trang-gioi-thieu/lien-he")),
        ("admin", portal.admin_password, ("/quan-tri/cai-dat-trang",)),
    ):
        context = open_context(browser, portal, viewport=SIZES["desktop"], bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(paths[0])
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(password)
            page.get_by_role("button", name="Đăng nhập").click()
            for path in paths:
                page.goto(path)
                expect(page.locator("main h1")).to_be_visible()
                assert_accessible(page)
            if username == "admin":
                expect(page.get_by_label("Tên cơ quan")).to_have_value("Sở Giáo dục và Đào tạo")
                expect(page.get_by_alt_text("Logo hiện tại")).to_be_visible()
            else:
                expect(page.get_by_role("button", name="Đăng trang")).to_be_visible()
        finally:
            context.close()
