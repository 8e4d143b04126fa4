"""The desk in Chromium, on the real processes: a contributor writes an article in the rich-text
editor and submits it; the approver sees it waiting and returns it with a comment; the
contributor reads the comment, fixes the article and submits it again; the approver schedules it
a few seconds ahead; readers do not see it before and do see it after. Under the portal's real
CSP (no violation reported by the browser). A form posted without its CSRF token is refused with
the friendly page; without JavaScript the editor is a textarea of HTML that still saves; axe-core
finds no serious or critical violation on any desk page."""

import re
import time
from datetime import timedelta

import pytest
import requests
from playwright.sync_api import expect

from portal_common import timefmt

from .checks import assert_accessible
from .conftest import open_context

PASSWORD = "Soan-thao-tin-bai-2026"
STAFF = {
    "ctv.lan": ("Nguyễn Thị Lan", ["contributor"]),
    "ld.duyet": ("Lê Văn Duyệt", ["approver"]),
    "qt.desk": ("Quản trị bàn soạn", ["admin"]),
}
TITLE = "Hội nghị tổng kết năm học 2026-2027 của ngành giáo dục"
# Scheduled this far ahead of the approver's click: the readers' "before" check runs meanwhile.
AHEAD = timedelta(seconds=8)
# A scheduled article reaches readers once the gateway sees the articles service's content
# version move (CONTENT_VERSION_INTERVAL 0.5 s) and its caches are emptied.
VISIBLE_WITHIN_S = 10


@pytest.fixture(scope="module")
def staff(portal):
    for username, (display_name, roles) in STAFF.items():
        body = {"username": username, "password": PASSWORD, "display_name": display_name, "roles": roles}
        answer = requests.post(
            portal.service_url("accounts") + "/api/v1/users", json=body, headers=portal.auth, timeout=10
        )
        assert answer.status_code in (201, 409), answer.text
    return STAFF


class CspWatch:
    """The browser's own reports of what the CSP refused on a page."""

    def __init__(self, page):
        self.refused = []
        page.on("console", self._seen)

    def _seen(self, message):
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)


def signed_in(browser, portal, username, **options):
    context = open_context(browser, portal, **options)
    page = context.new_page()
    page.goto("/quan-tri/")
    expect(page).to_have_url(portal.url + "/quan-tri/dang-nhap?next=/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(portal.url + "/quan-tri/")
    return context, page


# The editor's bundle (~450 KB) is parsed after the page (defer); on a loaded machine that can take
# a while, and until then the field is the plain textarea.
EDITOR_READY_MS = 30_000


def editing_area(page):
    """The rich-text editing area, found by its accessible name, once the editor has replaced the
    textarea."""
    expect(page.locator(".rich-editor .rich-content")).to_be_visible(timeout=EDITOR_READY_MS)
    return page.get_by_role("textbox", name="Nội dung")


def test_write_return_fix_schedule_and_publish(browser, portal, staff):
    writer_context, writer = signed_in(browser, portal, "ctv.lan")
    approver_context, approver = signed_in(browser, portal, "ld.duyet")
    watches = [CspWatch(writer), CspWatch(approver)]
    try:
        # The contributor writes in the rich-text editor and submits.
        writer.get_by_role("link", name="Viết bài mới").first.click()
        writer.get_by_label("Tiêu đề").fill(TITLE)
        writer.get_by_label("Chuyên mục").select_option(label="Tin tức - Sự kiện")
        writer.get_by_label("Tóm tắt").fill("Ngành giáo dục tổng kết năm học và triển khai nhiệm vụ mới.")
        writer.get_by_label("Tác giả / chữ ký").fill("Văn phòng Sở")
        area = editing_area(writer)
        expect(area).to_be_visible()
        area.click()
        writer.get_by_role("button", name="Tiêu đề 2").click()
        area.type("Kết quả nổi bật")
        area.press("Enter")
        area.type("Tỷ lệ tốt nghiệp đạt 99,2%.")
        writer.get_by_role("button", name="Gửi duyệt").click()
        expect(writer.locator(".flash-success")).to_have_text("Đã gửi duyệt bài viết.")
        slug = writer.locator("[data-slug]").inner_text().rsplit("/", 1)[-1]
        assert slug.startswith("hoi-nghi-tong-ket-nam-hoc-2026-2027")

        # The approver sees it waiting and returns it with a comment.
        approver.reload()
        waiting = approver.get_by_role("region", name="Chờ duyệt")
        waiting.get_by_role("link", name=TITLE).click()
        expect(approver.locator("h1")).to_have_text("Sửa bài viết")
        expect(editing_area(approver).locator("h2")).to_have_text("Kết quả nổi bật")
        approver.get_by_label("Lời nhắn cho người viết").fill("Bổ sung số liệu từng cấp học.")
        approver.get_by_role("button", name="Trả lại").click()
        expect(approver.locator(".flash-success")).to_contain_text("Đã trả lại bài viết")

        # The contributor reads the comment, fixes the article, submits again.
        writer.goto("/quan-tri/")
        returned = writer.get_by_role("region", name="Bị trả lại cho tôi")
        expect(returned).to_contain_text("Bổ sung số liệu từng cấp học.")
        returned.get_by_role("link", name=TITLE).click()
        expect(writer.locator(".review-comment")).to_have_text("Bổ sung số liệu từng cấp học.")
        area = editing_area(writer)
        area.click()
        writer.keyboard.press("Control+End")
        area.press("Enter")
        area.type("Tiểu học 100%, trung học cơ sở 99,6%.")
        writer.get_by_role("button", name="Gửi duyệt").click()
        expect(writer.locator(".flash-success")).to_have_text("Đã gửi duyệt bài viết.")

        # The approver schedules it a few seconds ahead.
        approver.goto("/quan-tri/")
        approver.get_by_role("region", name="Chờ duyệt").get_by_role("link", name=TITLE).click()
        expect(editing_area(approver)).to_contain_text("Tiểu học 100%")
        at = timefmt.now() + AHEAD
        approver.get_by_label("Thời gian đăng").fill(at.strftime("%Y-%m-%dT%H:%M:%S"))
        approver.get_by_role("button", name="Xuất bản").click()
        expect(approver.locator(".flash-success")).to_contain_text("Đã hẹn giờ đăng bài lúc")

        # Readers: not before the time, then within seconds of it.
        reader_context = open_context(browser, portal)
        reader = reader_context.new_page()
        assert reader.goto(f"/bai-viet/{slug}").status == 404
        reader.goto("/chuyen-muc/tin-tuc-su-kien")
        expect(reader.locator("main")).not_to_contain_text(TITLE)
        time.sleep(max(0.0, (at - timefmt.now()).total_seconds()))
        deadline = time.monotonic() + VISIBLE_WITHIN_S
        while reader.goto(f"/bai-viet/{slug}").status != 200:
            assert time.monotonic() < deadline, "the scheduled article did not reach readers in time"
            time.sleep(0.5)
        expect(reader.locator("main h1")).to_have_text(TITLE)
        expect(reader.locator(".article-body h2")).to_have_text("Kết quả nổi bật")
        expect(reader.locator(".signature")).to_have_text("Văn phòng Sở")
        reader_context.close()
        # A reader who did not have the category page already (browsers may keep a news page
        # for its max-age, 30 s: gateway/cache_life.py NEWS) finds it listed.
        later_context = open_context(browser, portal)
        later = later_context.new_page()
        later.goto("/chuyen-muc/tin-tuc-su-kien")
        expect(later.locator("main")).to_contain_text(TITLE)
        later_context.close()
        for watch in watches:
            assert watch.refused == [], watch.refused
    finally:
        writer_context.close()
        approver_context.close()


def _quick_autosave(route):
    """The editor page as served, with the autosave every second instead of every 30 s."""
    answer = route.fetch()
    body = answer.text().replace("data-autosave-url=", 'data-autosave-ms="1000" data-autosave-url=')
    route.fulfill(response=answer, body=body)


def test_autosave_creates_the_draft_then_keeps_one_revision(browser, portal, staff):
    context, page = signed_in(browser, portal, "ctv.lan")
    try:
        page.route("**/quan-tri/bai-viet/moi", _quick_autosave)
        page.goto("/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Bài viết tự động lưu")
        page.get_by_label("Chuyên mục").select_option(label="Văn phòng")
        editing_area(page).click()
        editing_area(page).type("Câu thứ nhất.")
        status = page.locator("[data-editor-status]")
        expect(status).to_contain_text("Đã tự động lưu lúc", timeout=10_000)
        expect(page).to_have_url(re.compile(r"/quan-tri/bai-viet/bai-viet-tu-dong-luu[-0-9]*/sua$"))
        expect(page.locator("[data-slug]")).to_have_text(re.compile(r"^/bai-viet/bai-viet-tu-dong-luu"))
        slug = page.url.split("/")[-2]
        for sentence in (" Câu thứ hai.", " Câu thứ ba."):
            status.evaluate("line => line.textContent = ''")
            editing_area(page).type(sentence)
            expect(status).to_contain_text("Đã tự động lưu lúc", timeout=10_000)
        article = requests.get(
            portal.service_url("articles") + f"/api/v1/articles/{slug}", headers=portal.auth, timeout=10
        ).json()
        assert "Câu thứ ba." in article["body_html"] and article["status"] == "draft"
        history = requests.get(
            portal.service_url("articles") + f"/api/v1/articles/{slug}/revisions", headers=portal.auth, timeout=10
        ).json()
        assert history["total"] == 2, history  # the create, and one autosave however many
    finally:
        context.close()


def test_a_form_without_its_csrf_token_is_refused(browser, portal, staff):
    context, page = signed_in(browser, portal, "ctv.lan")
    try:
        page.goto("/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Bài bị chặn")
        page.get_by_label("Chuyên mục").select_option(label="Văn phòng")
        editing_area(page).click()
        editing_area(page).type("Nội dung không được lưu.")
        page.locator('form[data-article-editor] input[name="csrf_token"]').evaluate("field => field.remove()")
        with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
            page.get_by_role("button", name="Lưu nháp").click()
        assert posted.value.status == 400
        expect(page.locator("h1")).to_have_text("Yêu cầu không hợp lệ")
        expect(page.locator(".error-message")).to_contain_text("thiếu mã bảo vệ")
    finally:
        context.close()


def test_without_javascript_the_body_is_a_textarea_that_saves(browser, portal, staff):
    context, page = signed_in(browser, portal, "ctv.lan", java_script_enabled=False)
    try:
        page.goto("/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Bài viết không dùng JavaScript")
        page.get_by_label("Chuyên mục").select_option(label="Văn phòng")
        body = page.get_by_label("Nội dung")
        expect(body).to_be_visible()
        assert body.evaluate("field => field.tagName") == "TEXTAREA"
        body.fill("<p>Đoạn <strong>đậm</strong>.</p><script>alert(1)</script>")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.locator(".flash-success")).to_have_text("Đã lưu bài viết.")
        expect(page.get_by_label("Nội dung")).to_have_value("<p>Đoạn <strong>đậm</strong>.</p>")
    finally:
        context.close()


def test_every_desk_page_is_accessible(browser, portal, staff):
    # The portal's CSP allows only its own scripts; axe-core is injected from outside.
    context, page = signed_in(browser, portal, "qt.desk", bypass_csp=True)
    anonymous = open_context(browser, portal, bypass_csp=True).new_page()
    contributor_context, contributor = signed_in(browser, portal, "ctv.lan", bypass_csp=True)
    try:
        anonymous.goto("/quan-tri/dang-nhap")
        assert_accessible(anonymous)
        anonymous.get_by_label("Tên đăng nhập").fill("ctv.lan")
        anonymous.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
        anonymous.get_by_role("button", name="Đăng nhập").click()
        expect(anonymous.locator("[role=alert]")).to_be_visible()
        assert_accessible(anonymous)

        page.goto("/quan-tri/bai-viet/moi")
        expect(editing_area(page)).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Tiêu đề").fill("Bài kiểm tra khả năng tiếp cận")
        page.get_by_label("Chuyên mục").select_option(label="Văn phòng")
        editing_area(page).click()
        editing_area(page).type("Nội dung đầu tiên.")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.locator(".flash-success")).to_be_visible()
        edit_path = page.url.removeprefix(portal.url)
        slug = edit_path.split("/")[-2]
        editing_area(page).click()
        page.keyboard.press("Control+End")
        editing_area(page).type(" Thêm một câu.")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.locator(".flash-success")).to_be_visible()
        for path in (
            "/quan-tri/",
            "/quan-tri/bai-viet/",
            "/quan-tri/bai-viet/?view=pending",
            edit_path,
            f"/quan-tri/bai-viet/{slug}/phien-ban",
            f"/quan-tri/bai-viet/{slug}/phien-ban/so-sanh?a=1&b=2",
            f"/quan-tri/bai-viet/{slug}/xem-truoc",
            "/quan-tri/tai-khoan/",
            "/quan-tri/tai-khoan/moi",
            "/quan-tri/tai-khoan/ctv.lan/sua",
            "/quan-tri/nhat-ky/",
            "/quan-tri/nhat-ky/?action=auth.sign_in",
        ):
            answer = page.goto(path)
            assert answer.status == 200, path
            assert_accessible(page)
        # The picker of the photo library, open.
        page.goto(edit_path)
        page.get_by_role("button", name="Ảnh từ thư viện").click()
        expect(page.get_by_role("dialog", name="Chọn ảnh từ thư viện")).to_be_visible()
        expect(page.locator(".picker-albums button").first).to_be_visible()
        assert_accessible(page)
        # Refusals: the friendly 403 and 404 pages.
        assert contributor.goto("/quan-tri/tai-khoan/").status == 403
        assert_accessible(contributor)
        assert contributor.goto("/quan-tri/bai-viet/khong-co/sua").status == 404
        assert_accessible(contributor)
    finally:
        context.close()
        contributor_context.close()
        anonymous.context.close()
