"""The news pages, parsed: pager labels and links ("Trang 3/7"), the article page's parts (breadcrumb,
weekday date, "Quay lại"), the menu marking the section, related news with its own pager, the
print view without navigation, search (and what to try when it finds nothing), and the error
pages in Vietnamese with the whole menu, even when the articles service is dead."""

from .conftest import ADMIN, SEED
from .dom import pager_of, parse

VP = "/chuyen-muc/van-phong"  # 61 demo articles: 7 pages of 10


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert response.mimetype == "text/html"
    return parse(response.get_data(as_text=True))


def test_category_first_page_has_the_seed_pager(client):
    tree = page(client, VP)
    assert tree.find("h1").text() == "Văn phòng"
    assert len(tree.find("ul", class_="article-list").find_all("li")) == 10
    assert pager_of(tree) == [
        ("Trang đầu", VP, False),
        ("1", None, True),
        ("2", f"{VP}?page=2", False),
        ("3", f"{VP}?page=3", False),
        ("4", f"{VP}?page=4", False),
        ("5", f"{VP}?page=5", False),
        ("Trang sau", f"{VP}?page=2", False),
        ("Trang cuối", f"{VP}?page=7", False),
    ]


def test_category_middle_page_centres_the_window_and_adds_previous(client):
    labels = [(label, current) for label, _, current in pager_of(page(client, f"{VP}?page=4"))]
    assert labels == [
        ("Trang đầu", False),
        ("Trang trước", False),
        ("2", False),
        ("3", False),
        ("4", True),
        ("5", False),
        ("6", False),
        ("Trang sau", False),
        ("Trang cuối", False),
    ]
    links = dict((label, href) for label, href, _ in pager_of(page(client, f"{VP}?page=4")))
    assert links["Trang trước"] == f"{VP}?page=3" and links["Trang sau"] == f"{VP}?page=5" and links["Trang đầu"] == VP


def test_category_last_page(client):
    tree = page(client, f"{VP}?page=7")
    assert [label for label, _, _ in pager_of(tree)] == [
        "Trang đầu",
        "Trang trước",
        "3",
        "4",
        "5",
        "6",
        "7",
        "Trang cuối",
    ]
    assert len(tree.find("ul", class_="article-list").find_all("li")) == 1


def test_category_lists_newest_first_with_dates(client):
    items = page(client, VP).find("ul", class_="article-list").find_all("li")
    dates = [item.find("span", class_="date").text().strip("()") for item in items]
    assert all(len(d) == 10 and d[2] == "/" for d in dates)
    ordered = [tuple(reversed(d.split("/"))) for d in dates]
    assert ordered == sorted(ordered, reverse=True)


def test_out_of_range_and_unknown_pages_are_404_pages(client):
    for path in (
        f"{VP}?page=8",
        "/chuyen-muc/khong-co",
        "/bai-viet/khong-co",
        f"/bai-viet/{SEED}?trang=7",
        "/bai-viet/khong-co/in",
    ):
        tree = page(client, path, 404)
        assert tree.find("h1").text() == "Không tìm thấy trang"
    page(client, f"{VP}?page=0", 400)
    tree = page(client, f"{VP}?page=abc", 400)
    assert tree.find("p", class_="error-message").text() == "Số trang không hợp lệ."
    assert "'page'" not in tree.find("main").text()


def test_article_page_has_heading_title_date_body_signature_and_links(client):
    tree = page(client, f"/bai-viet/{SEED}")
    article = tree.find("article", class_="news-article")
    heading = article.find("p", class_="category-heading").find("a")
    assert heading.text() == "Văn phòng" and heading.attrs["href"] == VP
    assert article.find("h1").text() == "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    assert article.find("time").text() == "Thứ ba, 26/02/2019 08:00"
    body = article.find("div", class_="article-body")
    assert len(body.find_all("p")) == 8 and "chính sách mới ừong việc" in body.text()
    assert article.find("p", class_="signature").text() == "T.T.T"
    order = [
        node
        for node in article.iter()
        if node.tag in ("div", "p") and node.attrs.get("class") in ("article-body", "signature", "article-actions")
    ]
    assert [node.attrs["class"] for node in order] == ["article-body", "signature", "article-actions"]
    links = {a.text(): a.attrs["href"] for a in article.find("p", class_="article-actions").find_all("a")}
    assert links == {"Quay lại": VP, "In bài viết": f"/bai-viet/{SEED}/in"}
    # "Quay lại" goes back in the reader's history with the site's own script, else to the category.
    back = article.find("p", class_="article-actions").find("a")
    assert "data-back" in back.attrs
    assert tree.find("script").attrs["src"] == "/static/back.js"


def test_article_and_category_pages_have_a_breadcrumb_and_the_menu_marks_the_section(client):
    def crumbs(tree):
        nav = tree.find("nav", aria_label="Đường dẫn")
        return [(li.text(), li.find("a").attrs["href"] if li.find("a") else None) for li in nav.find_all("li")]

    def marked(tree):
        menu = tree.find("nav", aria_label="Chuyên mục")
        return [(a.text(), a.attrs["href"]) for a in menu.find_all("a") if a.attrs.get("aria-current") == "page"]

    title = "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    tree = page(client, f"/bai-viet/{SEED}")
    assert crumbs(tree) == [("Trang chủ", "/"), ("Văn phòng", VP), (title, None)]
    assert "itemscope" not in str(tree.find("nav", aria_label="Đường dẫn").attrs)
    assert marked(tree) == [("Văn phòng", VP)]
    tree = page(client, VP)
    assert crumbs(tree) == [("Trang chủ", "/"), ("Văn phòng", None)]
    assert marked(tree) == [("Văn phòng", VP)]
    tree = page(client, f"{VP}?page=3")
    assert crumbs(tree) == [("Trang chủ", "/"), ("Văn phòng", VP), ("Trang 3", None)]
    assert marked(tree) == [("Văn phòng", VP)]
    assert marked(page(client, "/")) == [("Trang chủ", "/")]


def test_list_pages_say_which_page_of_how_many(client):
    tree = page(client, f"{VP}?page=3")
    assert tree.find("p", class_="page-of").text() == "Trang 3/7"
    assert tree.find("title").text().startswith("Văn phòng — trang 3/7")
    assert page(client, VP).find("p", class_="page-of").text() == "Trang 1/7"
    related = page(client, f"/bai-viet/{SEED}?trang=2").find("section", id="tin-lien-quan")
    assert related.find("p", class_="page-of").text() == "Trang 2/6"


def test_article_page_has_sidebar_blocks(client):
    headings = [h.text() for h in page(client, f"/bai-viet/{SEED}").find("aside").find_all("h2")]
    assert headings == ["Hình ảnh hoạt động", "Video clip", "Tra cứu điểm thi"]


def test_article_page_has_opengraph_and_canonical(client):
    head = page(client, f"/bai-viet/{SEED}").find("head")
    url = f"https://sgddt.example.vn/bai-viet/{SEED}"
    assert head.find("link", rel="canonical").attrs["href"] == url
    og = {meta.attrs["property"]: meta.attrs["content"] for meta in head.find_all("meta") if "property" in meta.attrs}
    assert og["og:url"] == url and og["og:type"] == "article"
    assert og["og:title"] == "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    assert og["og:description"].startswith("Ngày 26 tháng 2 năm 2019")
    assert og["article:published_time"] == "2019-02-26T08:00:00+07:00"


def test_related_news_are_older_articles_of_the_category_with_their_own_pager(client):
    tree = page(client, f"/bai-viet/{SEED}")
    related = tree.find("section", id="tin-lien-quan")
    assert related.find("h2").text() == "Các tin liên quan"
    items = related.find("ul", class_="article-list").find_all("li")
    assert len(items) == 10
    assert all(
        a.attrs["href"].startswith("/bai-viet/") and a.attrs["href"] != f"/bai-viet/{SEED}"
        for a in related.find_all("a")
        if a.has_ancestor("ul") and not a.has_ancestor("nav")
    )
    pager = pager_of(tree, related)
    assert [label for label, _, _ in pager] == ["Trang đầu", "1", "2", "3", "4", "5", "Trang sau", "Trang cuối"]
    hrefs = dict((label, href) for label, href, _ in pager)
    assert (
        hrefs["2"] == f"/bai-viet/{SEED}?trang=2#tin-lien-quan"
        and hrefs["Trang cuối"] == f"/bai-viet/{SEED}?trang=6#tin-lien-quan"
    )
    last = page(client, f"/bai-viet/{SEED}?trang=6")
    assert len(last.find("section", id="tin-lien-quan").find_all("li", class_=None)) > 0
    assert [label for label, _, current in pager_of(last, last.find("section", id="tin-lien-quan")) if current] == ["6"]


def test_print_view_is_the_article_alone(client):
    response = client.get(f"/bai-viet/{SEED}/in")
    tree = parse(response.get_data(as_text=True))
    assert response.status_code == 200
    assert (
        tree.find("nav") is None
        and tree.find("aside") is None
        and tree.find("header") is None
        and tree.find("form") is None
    )
    assert tree.find("h1").text() == "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    assert tree.find("p", class_="signature").text() == "T.T.T"
    assert "ừong" in tree.find("div", class_="article-body").text()
    assert any("news.css" in link.attrs["href"] for link in tree.find_all("link", rel="stylesheet"))
    assert tree.find("html").attrs["lang"] == "vi"


def test_search_page_without_diacritics(client):
    tree = page(client, "/tim-kiem?q=ke+hoach+truyen+thong")
    titles = [a.text() for a in tree.find("ul", class_="article-list").find_all("a")]
    assert titles[0] == "Kế hoạch truyền thông về giáo dục và đào tạo năm 2019"
    assert tree.find("input", id="q-page").attrs["value"] == "ke hoach truyen thong"
    assert tree.find("label", for_="q-page") is not None


def test_search_page_pager_and_out_of_range(client):
    tree = page(client, "/tim-kiem?q=giao+duc")
    pager = pager_of(tree)
    assert pager[0][0] == "Trang đầu" and ("2", "/tim-kiem?q=giao+duc&page=2", False) in pager
    page(client, "/tim-kiem?q=giao+duc&page=999", 404)


def test_search_page_empty_and_no_results(client):
    assert page(client, "/tim-kiem").find("ul", class_="article-list") is None
    tree = page(client, "/tim-kiem?q=xyzxyz")
    assert "Không tìm thấy bài viết nào" in tree.find("p", class_="empty").text()
    tips = [li.text() for li in tree.find("ul", class_="search-tips").find_all("li")]
    assert any("ít từ" in tip for tip in tips) and any("chính tả" in tip for tip in tips)
    assert any("không dấu" in tip for tip in tips)


def test_error_pages_have_the_whole_menu(client):
    categories = [a.text() for a in page(client, "/").find("nav", aria_label="Chuyên mục").find_all("a")]
    assert "Văn phòng" in categories and len(categories) > 5
    for path, status in (("/khong-co-trang-nay", 404), ("/bai-viet/khong-co", 404), (f"{VP}?page=abc", 400)):
        tree = page(client, path, status)
        menu = [a.text() for a in tree.find("nav", aria_label="Chuyên mục").find_all("a")]
        assert menu == categories, path
        assert tree.find("html").attrs["lang"] == "vi"
        assert "Not Found" not in tree.text() and "requested URL" not in tree.text()


def test_a_dead_articles_service_still_gives_the_404_page(tmp_path, dead_backends):
    from .conftest import gateway_for

    client = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"]).test_client()
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
    assert "X-Partial-Content" not in response.headers
    tree = parse(response.get_data(as_text=True))
    assert tree.find("h1").text() == "Không tìm thấy trang"
    menu = [a.text() for a in tree.find("nav", aria_label="Chuyên mục").find_all("a")]
    assert menu == [
        "Trang chủ",
        "Giới thiệu",
        "Văn bản",
        "Hình ảnh",
        "Video",
        "Tra cứu điểm thi",
        "Hỏi đáp",
        "Liên hệ",
        "English",
    ]


def test_the_menus_fetch_failing_in_any_way_still_gives_the_error_page(app, monkeypatch):
    from gateway.news import client as news_client

    def broken():
        raise RuntimeError("the menu's fetch broke")

    monkeypatch.setattr(news_client, "categories", broken)
    response = app.test_client().get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert parse(response.get_data(as_text=True)).find("h1").text() == "Không tìm thấy trang"


def test_dates_in_vietnam_time_with_the_weekday():
    from gateway.formatting import vn_datetime

    assert vn_datetime("2019-02-26T08:30:00+07:00") == "Thứ ba, 26/02/2019 08:30"
    assert vn_datetime("2019-02-26T01:30:00Z") == "Thứ ba, 26/02/2019 08:30"  # stored in UTC, read in Vietnam
    assert vn_datetime("2019-03-03T23:30:00+00:00") == "Thứ hai, 04/03/2019 06:30"
    assert vn_datetime("2019-03-03T10:00:00") == "Chủ nhật, 03/03/2019 10:00"  # no offset: Vietnam time
    assert vn_datetime("") == "" and vn_datetime(None) == "" and vn_datetime("hôm qua") == ""


def test_home_lists_the_latest_news(client):
    block = page(client, "/").find("section", class_="block-news")
    assert block.find("h1").text() == "Tin mới"
    assert len(block.find_all("li")) == 8


def test_category_page_degrades_when_articles_are_down(tmp_path, dead_backends):
    from .conftest import gateway_for

    client = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"]).test_client()
    response = client.get(VP)
    assert response.status_code == 200 and "Nội dung tạm thời không khả dụng" in response.get_data(as_text=True)
    assert client.get(f"/bai-viet/{SEED}").status_code == 503


def test_drafts_scheduled_and_scripts_never_reach_pages(fresh_client):
    fresh_client.post(
        "/api/v1/articles",
        json={"title": "Nháp", "category": "van-phong", "body_html": "<p>x</p>", "status": "draft"},
        headers=ADMIN,
    )
    fresh_client.post(
        "/api/v1/articles",
        json={
            "title": "Hẹn giờ",
            "category": "van-phong",
            "body_html": "<p>x</p>",
            "published_at": "2099-01-01T00:00:00+07:00",
        },
        headers=ADMIN,
    )
    created = fresh_client.post(
        "/api/v1/articles",
        json={
            "title": "<script>alert(1)</script> Tin",
            "category": "van-phong",
            "body_html": '<p>ok<img src="/a.jpg" onerror="alert(1)"></p>',
        },
        headers=ADMIN,
    ).json
    assert fresh_client.get("/bai-viet/nhap").status_code == 404
    assert fresh_client.get("/bai-viet/hen-gio").status_code == 404
    html = fresh_client.get(f"/bai-viet/{created['slug']}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html and "onerror" not in html
    assert [
        a.text()
        for a in parse(fresh_client.get(VP).get_data(as_text=True)).find("ul", class_="article-list").find_all("a")
    ] == [created["title"]]
