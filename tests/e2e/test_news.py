"""A reader's way through the news: home → a category → page 3 with the pager → an article →
"Các tin liên quan" → "Quay lại" back to the category; the print view; search without diacritics."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

SEED_TITLE = "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
SEED_SLUG = "ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"
A4_WIDTH_PX = 794  # 210 mm at 96 dpi
ARTICLE_LINKS = 'a[href*="/bai-viet/"]:not([href$="/in"])'


def path_of(page):
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_home_category_pager_article_related_and_back(page, demo):
    category, total = demo.biggest_category()
    slug = category["slug"]
    assert total > 0, "the demo content has no article"

    page.goto("/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name=category["name"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/chuyen-muc/{re.escape(slug)}/?$"))
    expect(page.locator("main h1")).to_contain_text(category["name"])
    for label in ("Trang sau", "Trang cuối"):
        expect(page.locator("main").get_by_role("link", name=label)).to_have_count(1)

    page.locator(f'main a[href*="/chuyen-muc/{slug}?page=3"]').first.click()
    expect(page).to_have_url(re.compile(r"[?&]page=3\b"))
    expect(page.locator("main").get_by_role("link", name="Trang đầu")).to_have_count(1)

    first = page.locator(f"main {ARTICLE_LINKS}").first
    title = first.inner_text().strip()
    first.click()
    expect(page).to_have_url(re.compile(r"/bai-viet/[^/]+$"))
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(category["name"])  # the category heading
    expect(page.locator("main").get_by_role("link", name="In bài viết")).to_be_visible()

    related = page.locator(
        "xpath=//main//*[self::h2 or self::h3][contains(normalize-space(.), 'Các tin liên quan')]"
        "/following::a[contains(@href, '/bai-viet/') and not(substring(@href, string-length(@href) - 2) = '/in')]"
    ).first
    related_title = related.inner_text().strip()
    related.click()
    expect(page.locator("main h1")).to_have_text(related_title)

    page.locator("main").get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url(re.compile(rf"/chuyen-muc/{re.escape(slug)}(\?.*)?$"))
    expect(page.locator("main h1")).to_contain_text(category["name"])


def test_print_view_has_no_navigation_and_fits_a4(page, demo):
    article = demo.article(SEED_SLUG)
    page.goto(f"/bai-viet/{SEED_SLUG}")
    link = page.locator("main").get_by_role("link", name="In bài viết")
    if link.get_attribute("target") == "_blank":
        with page.context.expect_page() as opened:
            link.click()
        printed = opened.value
        printed.wait_for_load_state()
    else:
        link.click()
        printed = page
    expect(printed).to_have_url(re.compile(r"/bai-viet/[^/]+/in$"))

    printed.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    printed.emulate_media(media="print")
    expect(printed.locator("h1")).to_have_text(SEED_TITLE)
    visible_chrome = printed.evaluate(
        """() => [...document.querySelectorAll('nav, aside, .site-nav, .sidebar, form')]
                .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
                .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert visible_chrome == [], f"navigation, sidebar or forms still shown in print: {visible_chrome}"
    width = printed.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_WIDTH_PX, f"print view is {width} px wide, more than A4 ({A4_WIDTH_PX} px)"
    body_text = printed.locator("body").inner_text()
    assert "26/02/2019" in body_text, "the print view shows the date"
    paragraphs = printed.evaluate(
        """html => {
            const d = document.createElement('div');
            d.innerHTML = html;
            return [...d.querySelectorAll('p')].map(p => p.innerText.trim()).filter(Boolean);
        }""",
        article["body_html"],
    )
    assert paragraphs and all(paragraph[:60] in body_text for paragraph in paragraphs[:3]), (
        "the print view shows the body"
    )


def test_search_without_diacritics_finds_the_seed_article(page):
    page.goto("/")
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("ke hoach truyen thong")
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem\?q=ke(\+|%20)hoach"))
    page.locator("main").get_by_role("link", name=SEED_TITLE).first.click()
    expect(page.locator("main h1")).to_have_text(SEED_TITLE)
