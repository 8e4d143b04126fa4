"""An editor's article cannot carry script to readers: script elements, event handlers and
javascript:/data: URLs in the body are gone on read (service JSON, gateway JSON, the page, the
print view), whether sent on create or on update; a title with markup shows as text."""

import pytest

from .html_inspect import script_vectors
from .inprocess import ADMIN

MARK = "7331"
HOSTILE_BODY = f"""
<p>Nội dung an toàn <strong>giữ nguyên</strong> với <a href="https://moet.gov.vn/tin-tuc">liên kết</a>.</p>
<script>alert({MARK})</script>
<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>
<p onclick="alert({MARK})" onmouseover='alert({MARK})'>bấm</p>
<img src="x" onerror="alert({MARK})" alt="ảnh">
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="svg">
<a href="javascript:alert({MARK})">a1</a>
<a href="JaVaScRiPt:alert({MARK})">a2</a>
<a href="java&#x09;script:alert({MARK})">a3</a>
<a href="&#106;avascript:alert({MARK})">a4</a>
<a href="  javascript:alert({MARK})">a5</a>
<a href="vbscript:msgbox({MARK})">a6</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a7</a>
<iframe src="https://evil.example/"></iframe>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">
<svg onload="alert({MARK})"><circle r="1"/></svg>
<math><mi xlink:href="javascript:alert({MARK})">m</mi></math>
<form action="javascript:alert({MARK})"><button formaction="javascript:alert({MARK})">b</button></form>
<p style="background:url(javascript:alert({MARK}))">kiểu</p>
<style>body {{ background: url("javascript:alert({MARK})") }}</style>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert({MARK})">
<details open ontoggle="alert({MARK})">d</details>
<!-- <script>alert({MARK})</script> -->
"""
HOSTILE_TITLE = f'<img src=x onerror=alert({MARK})> Tiêu đề <b>đậm</b> & "ngoặc" <script>alert({MARK})</script>'
SAFE_TEXT = ("Nội dung an toàn", "giữ nguyên", "liên kết")


def assert_clean_body(body_html, where):
    assert script_vectors(body_html) == [], f"{where} body keeps ways to run script"
    assert f"alert({MARK})" not in body_html and "msgbox" not in body_html, f"{where}: {body_html}"
    for text in SAFE_TEXT:
        assert text in body_html, f"{where} lost the harmless content: {body_html}"
    assert 'href="https://moet.gov.vn/tin-tuc"' in body_html, f"{where} lost the safe link"


def assert_clean_page(site, path):
    page = site.client().get(path)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    markup = page.get_data(as_text=True)
    assert script_vectors(markup, page=True) == [], f"{path} can run script"
    return markup


@pytest.fixture(scope="module")
def hostile(site):
    response = site.client().post(
        "/api/v1/articles",
        json={
            "title": HOSTILE_TITLE,
            "category": "van-phong",
            "body_html": HOSTILE_BODY,
            "summary": f"<b onclick=alert({MARK})>tóm tắt</b>",
        },
        headers=ADMIN,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_the_body_is_clean_in_every_json(site, hostile):
    slug = hostile["slug"]
    assert_clean_body(hostile["body_html"], "the create answer")
    from_service = site.client("articles").get(f"/api/v1/articles/{slug}").get_json()
    assert_clean_body(from_service["body_html"], "the service's")
    from_gateway = site.client().get(f"/api/v1/articles/{slug}").get_json()
    assert_clean_body(from_gateway["body_html"], "the gateway's")
    assert from_gateway["title"] == HOSTILE_TITLE.strip(), "the title is kept as the editor typed it (escaped on pages)"


def test_the_article_page_and_print_view_show_markup_in_the_title_as_text(site, hostile):
    slug = hostile["slug"]
    for path in (f"/bai-viet/{slug}", f"/bai-viet/{slug}/in"):
        markup = assert_clean_page(site, path)
        assert "&lt;img src=x onerror=alert(7331)&gt; Tiêu đề &lt;b&gt;đậm&lt;/b&gt;" in markup, (
            f"{path}: title not escaped"
        )
        assert "Nội dung an toàn" in markup


def test_lists_search_and_home_escape_the_title(site, hostile):
    for path in ("/", "/chuyen-muc/van-phong", "/tim-kiem?q=tieu+de+dam+ngoac"):
        markup = assert_clean_page(site, path)
        assert "Tiêu đề &lt;b&gt;đậm&lt;/b&gt;" in markup, f"{path} does not show the new article's title as text"


def test_an_update_is_cleaned_too(site, hostile):
    slug = hostile["slug"]
    response = site.client().patch(
        f"/api/v1/articles/{slug}", json={"body_html": HOSTILE_BODY.replace("an toàn", "an toàn (sửa)")}, headers=ADMIN
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = site.client("articles").get(f"/api/v1/articles/{slug}").get_json()["body_html"]
    assert_clean_body(stored, "the updated")
    assert "an toàn (sửa)" in stored
