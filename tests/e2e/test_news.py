"""A reader's way through the news: home → a category (marked in the menu) → page 3 with the pager
("Trang 3/7") → an article (breadcrumb, weekday date) → "Các tin liên quan" → "Quay lại" back the
way they came, and to the category when they came from elsewhere; the print view; search without
diacritics, and what to try when it finds nothing."""

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
    pages = -(-total // 10)

    page.goto("/")
    menu = page.get_by_role("navigation", name="Chuyên mục", exact=True)
    menu.get_by_role("link", name=category["name"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/chuyen-muc/{re.escape(slug)}/?$"))
    expect(page.locator("main h1")).to_contain_text(category["name"])
    expect(menu.locator("[aria-current=page]")).to_have_text(category["name"])
    for label in ("Trang sau", "Trang cuối"):
        expect(page.locator("main").get_by_role("link", name=label)).to_have_count(1)

    page.locator(f'main a[href*="/chuyen-muc/{slug}?page=3"]').first.click()
    expect(page).to_have_url(re.compile(r"[?&]page=3\b"))
    expect(page.locator("main").get_by_role("link", name="Trang đầu")).to_have_count(1)
    expect(page.locator("main .page-of")).to_have_text(f"Trang 3/{pages}")
    category_page_3 = path_of(page)

    first = page.locator(f"main {ARTICLE_LINKS}").first
    title = first.inner_text().strip()
    first.click()
    expect(page).to_have_url(re.compile(r"/bai-viet/[^/]+$"))
    first_article = path_of(page)
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(category["name"])  # the category heading
    expect(page.locator("main").get_by_role("link", name="In bài viết")).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    expect(crumbs.get_by_role("listitem")).to_have_text(["Trang chủ", category["name"], title])
    expect(crumbs.get_by_role("link", name=category["name"])).to_have_attribute("href", f"/chuyen-muc/{slug}")

    related = page.locator(
        "xpath=//main//*[self::h2 or self::h3][contains(normalize-space(.), 'Các tin liên quan')]"
        "/following::a[contains(@href, '/bai-viet/') and not(substring(@href, string-length(@href) - 2) = '/in')]"
    ).first
    related_title = related.inner_text().strip()
    related.click()
    expect(page.locator("main h1")).to_have_text(related_title)

    # "Quay lại" goes back the way the reader came: the first article, then page 3 of the list.
    page.locator("main").get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url(re.compile(re.escape(first_article) + "$"))
    page.locator("main").get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url(re.compile(re.escape(category_page_3) + "$"))
    expect(page.locator("main h1")).to_contain_text(category["name"])


def test_back_from_an_article_opened_directly_goes_to_its_category(new_context, demo):
    page = new_context().new_page()  # a new tab, as from a link in a message: no history here
    page.goto(f"/bai-viet/{SEED_SLUG}")
    back = page.locator("main").get_by_role("link", name="Quay lại")
    expect(back).to_have_attribute("href", "/chuyen-muc/van-phong")
    back.click()
    expect(page).to_have_url(re.compile(r"/chuyen-muc/van-phong$"))
    expect(page.locator("main h1")).to_have_text("Văn phòng")


def test_the_article_says_the_weekday_date_and_time_in_vietnam_time(page, demo):
    article = demo.article(SEED_SLUG)
    assert article["published_at"].startswith("2019-02-26T08:00")
    page.goto(f"/bai-viet/{SEED_SLUG}")
    expect(page.locator("main article time")).to_have_text("Thứ ba, 26/02/2019 08:00")


def test_a_search_without_results_says_what_to_try(page):
    page.goto("/tim-kiem?q=xyzxyzxyz")
    main = page.locator("main")
    expect(main).to_contain_text("Không tìm thấy bài viết nào")
    tips = main.locator(".search-tips li").all_inner_texts()
    assert len(tips) >= 3 and any("ít từ" in tip for tip in tips) and any("chính tả" in tip for tip in tips), tips
    assert any("không dấu" in tip for tip in tips), tips


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
