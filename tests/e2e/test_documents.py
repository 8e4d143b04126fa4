"""Văn bản in the browser, on a phone (375 px) and a desktop (1366 px): the clerk's loosely typed
số ký hiệu finds the document from the /van-ban form, the table reads without scrolling sideways,
every control is big enough to tap, the document's page opens from the table and its file
downloads with its Vietnamese name; axe finds nothing serious on either page."""

import re

import pytest
from playwright.sync_api import expect

from .checks import assert_accessible, clipped_selects, horizontal_overflow, small_controls
from .conftest import open_context

SIZES = {
    "phone": {
        "viewport": {"width": 375, "height": 812},
        "device_scale_factor": 1,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
# The table's links and the downloads, which a reader taps, besides the checks' usual controls.
DOCUMENT_CONTROLS = ".doc-table a, .doc-files a, .doc-reset"


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser, portal):
    context = open_context(browser, portal, bypass_csp=True, **SIZES[request.param])
    yield context.new_page()
    context.close()


def _fits(page):
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= overflow["width"], f"{page.url} scrolls sideways: {overflow}"
    assert small_controls(page) == [], f"{page.url}: controls under 44 px"
    small_links = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.getClientRects().length)
            .filter(el => el.getBoundingClientRect().height + 0.5 < 44)
            .map(el => el.textContent.trim().slice(0, 40))""",
        DOCUMENT_CONTROLS,
    )
    assert small_links == [], f"{page.url}: links under 44 px: {small_links}"
    assert clipped_selects(page) == [], f"{page.url}: a select cuts its text"


def test_search_then_open_a_document(sized):
    page = sized
    page.goto("/van-ban")
    expect(page.locator("main h1")).to_have_text("Văn bản")
    rows = page.locator("table.doc-table tbody tr")
    expect(rows).to_have_count(7)
    _fits(page)
    assert_accessible(page)

    page.get_by_label("Số ký hiệu, trích yếu hoặc nội dung").fill("142 KH BGDDT")
    page.get_by_role("button", name="Tìm văn bản").click()
    expect(page).to_have_url(re.compile(r"/van-ban\?q=142\+KH\+BGDDT"))
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row.get_by_role("rowheader")).to_have_text("142/KH-BGDĐT")
    expect(row).to_contain_text("26/02/2019")
    expect(row).to_contain_text("Hết hiệu lực")
    _fits(page)
    assert_accessible(page)

    row.get_by_role("link", name="142/KH-BGDĐT", exact=True).click()
    expect(page).to_have_url(re.compile(r"/van-ban/[0-9a-f]{32}$"))
    expect(page.locator("main h1")).to_have_text("Kế hoạch số 142/KH-BGDĐT")
    expect(page.locator("dl.doc-fields")).to_contain_text("Bộ Giáo dục và Đào tạo")
    download = page.locator("ul.doc-files a").first
    expect(download).to_contain_text("Kế hoạch 142-KH-BGDĐT truyền thông 2019.pdf")
    _fits(page)
    assert_accessible(page)

    answer = page.request.get(download.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch" in answer.headers["content-disposition"]


def test_filters_by_status_and_type(sized):
    page = sized
    page.goto("/van-ban")
    page.get_by_label("Tình trạng").select_option("not_yet")
    page.get_by_role("button", name="Tìm văn bản").click()
    rows = page.locator("table.doc-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chưa có hiệu lực")
    page.get_by_role("link", name="Bỏ lọc").click()
    page.get_by_label("Loại văn bản").select_option("Quyết định")
    page.get_by_role("button", name="Tìm văn bản").click()
    expect(rows).to_have_count(2)
    assert_accessible(page)
