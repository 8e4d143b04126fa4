"""What holds on every page: it fits a 375 px wide phone without horizontal scroll, it works with
JavaScript off, and axe-core finds no accessibility violation of any impact (minor included),
at a desktop's width and on a phone with the menu folded and opened."""

import re

import pytest
from playwright.sync_api import expect

from .checks import ALL_IMPACTS, PAGES, assert_accessible, horizontal_overflow
from .conftest import open_context

PHONE = {"width": 375, "height": 740}


def visit(page, site_path, name):
    """Open the named page and wait until it and its images have loaded."""
    response = page.goto(site_path(name))
    expected = 404 if name == "not found" else 200
    assert response.status == expected, f"{name}: {response.status}"
    page.wait_for_load_state("load")


def one_page(browser, portal, **options):
    """A page in its own browser context (for a module-scoped fixture: `yield from`)."""
    context = open_context(browser, portal, **options)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone_page(browser, portal):
    yield from one_page(browser, portal, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_at_375_px(phone_page, site_path, name):
    visit(phone_page, site_path, name)
    overflow = horizontal_overflow(phone_page)
    assert overflow["scrollWidth"] <= PHONE["width"], f"{name} scrolls sideways at 375 px: {overflow}"


@pytest.fixture(scope="module")
def axe_page(browser, portal):
    # The portal's CSP allows only its own scripts; axe-core is injected from outside.
    yield from one_page(browser, portal, bypass_csp=True)


@pytest.mark.parametrize("name", PAGES)
def test_accessible(axe_page, site_path, name):
    visit(axe_page, site_path, name)
    assert_accessible(axe_page, ALL_IMPACTS)


@pytest.fixture(scope="module")
def phone_axe_page(browser, portal):
    yield from one_page(
        browser, portal, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, bypass_csp=True
    )


@pytest.mark.parametrize("name", [name for name in PAGES if name != "print"])  # the print view has no menu
def test_accessible_on_a_phone_with_the_menu_open(phone_axe_page, site_path, name):
    """The phone's layout (the menu folded, then opened) is checked as well."""
    visit(phone_axe_page, site_path, name)
    assert_accessible(phone_axe_page, ALL_IMPACTS)
    phone_axe_page.locator("summary", has_text="Danh mục").click()
    assert_accessible(phone_axe_page, ALL_IMPACTS)


@pytest.fixture(scope="module")
def no_js(browser, portal):
    yield from one_page(browser, portal, java_script_enabled=False)


def test_without_javascript_the_content_is_there_and_forms_submit(no_js, demo, site_path):
    page = no_js
    page.goto("/")
    assert page.locator("main a[href*='/bai-viet/']").count() > 0, "home shows the latest news"
    page.get_by_role("search").get_by_role("searchbox").fill("giao duc")
    page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/tim-kiem\?q=giao"))
    assert page.locator("main a[href*='/bai-viet/']").count() > 0, "search answers without JavaScript"

    page.goto(site_path("category"))
    page.locator("main a[href*='page=2']").first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.locator("main a[href*='/bai-viet/']").count() > 0

    page.goto(site_path("album"))
    assert page.locator("main img").count() > 0
    page.wait_for_load_state("load")
    broken = page.evaluate(
        "[...document.querySelectorAll('main img')].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert broken == [], f"photos that did not load without JavaScript: {broken}"

    page.goto(site_path("video"))
    assert page.locator("main video").count() == 1
    assert page.locator("main video[src], main video source[src]").count() > 0

    exam_id, sbd, scores = demo.candidate()
    page.goto("/tra-cuu-diem-thi")
    form = page.locator("main form").first
    if form.get_by_label("Kỳ thi").count():
        form.get_by_label("Kỳ thi").select_option(exam_id)
    form.get_by_label("Số báo danh").fill(sbd)
    form.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(re.compile(rf"sbd={sbd}"))
    expect(page.locator("main")).to_contain_text(sbd)
