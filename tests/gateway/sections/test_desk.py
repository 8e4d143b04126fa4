"""The desk's sections through the gateway, with a real accounts service and a real articles
service: editors answer the waiting questions (which publishes them), contributors only draft
the static pages, admins change the site settings and the logo; every form needs its CSRF token,
and each role sees only its own entries of the desk's menu."""

import io
import re

import pytest
import requests
from PIL import Image

from tests.gateway.desk import conftest as desk_fixtures
from tests.gateway.desk.conftest import csrf_of, sign_in

# The desk's own fixtures: a real accounts service with its staff, a real articles service.
accounts_config = desk_fixtures.accounts_config
accounts_app = desk_fixtures.accounts_app
accounts_url = desk_fixtures.accounts_url
articles_app = desk_fixtures.articles_app
articles_url = desk_fixtures.articles_url
make_gateway = desk_fixtures.make_gateway

QUESTION = {
    "name": "Phụ huynh Lan",
    "email": "lan.ph@example.com",
    "title": "Giờ học buổi chiều",
    "question": "Xin hỏi?",
}


@pytest.fixture
def desk(make_gateway, articles_app, articles_url):
    articles_app.config["QUESTIONS_FORM_MIN_SECONDS"] = 0
    return make_gateway(ARTICLES_URL=articles_url, CACHE_ENABLED=False).test_client()


def ask(articles_url):
    token = requests.get(f"{articles_url}/api/v1/questions/form", timeout=5).json()["form_token"]
    answer = requests.post(f"{articles_url}/api/v1/questions", json={**QUESTION, "form_token": token}, timeout=5)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def nav_labels(page):
    menu = page.get_data(as_text=True).split('aria-label="Trang quản trị"')[1].split("</nav>")[0]
    return re.findall(r">([^<>]+)</a>", menu)


def test_an_editor_answers_a_waiting_question(desk, articles_url):
    question_id = ask(articles_url)
    assert sign_in(desk, "bien-tap").status_code == 302
    listing = desk.get("/quan-tri/hoi-dap")
    assert listing.status_code == 200 and listing.headers["Cache-Control"] == "private, no-store"
    body = listing.get_data(as_text=True)
    assert QUESTION["title"] in body and QUESTION["email"] in body  # staff may write back
    assert "Hỏi đáp" in nav_labels(listing) and "Cài đặt trang" not in nav_labels(listing)
    page = desk.get(f"/quan-tri/hoi-dap/{question_id}")
    assert page.status_code == 200
    form = {"answer": "Buổi chiều học từ 14 giờ.", "title": QUESTION["title"], "question": "Giờ học buổi chiều?"}
    refused = desk.post(f"/quan-tri/hoi-dap/{question_id}/tra-loi", data=form)
    assert refused.status_code == 400  # no CSRF token
    done = desk.post(f"/quan-tri/hoi-dap/{question_id}/tra-loi", data={**form, "csrf_token": csrf_of(page)})
    assert done.status_code == 302
    public = requests.get(f"{articles_url}/api/v1/questions", timeout=5).json()["items"]
    assert [(item["id"], item["question"]) for item in public] == [(question_id, "Giờ học buổi chiều?")]
    assert desk.get("/quan-tri/hoi-dap?trang-thai=answered").get_data(as_text=True).count(QUESTION["title"]) == 1
    empty = desk.post(f"/quan-tri/hoi-dap/{question_id}/tra-loi", data={"answer": " ", "csrf_token": csrf_of(page)})
    assert empty.status_code in (400, 422) and 'role="alert"' in empty.get_data(as_text=True)
    gone = desk.post(f"/quan-tri/hoi-dap/{question_id}/xoa", data={"csrf_token": csrf_of(page)})
    assert gone.status_code == 302
    assert requests.get(f"{articles_url}/api/v1/questions", timeout=5).json()["total"] == 0


def test_a_contributor_drafts_and_an_editor_publishes(desk, articles_url, make_gateway):
    assert sign_in(desk, "cong-tac").status_code == 302
    assert desk.get("/quan-tri/hoi-dap").status_code == 403
    assert desk.get("/quan-tri/cai-dat-trang").status_code == 403
    form_page = desk.get("/quan-tri/trang-gioi-thieu/gioi-thieu")
    assert form_page.status_code == 200
    html = form_page.get_data(as_text=True)
    assert "Đăng trang" not in html and "Lưu nháp" in html
    data = {
        "csrf_token": csrf_of(form_page),
        "version": "0",
        "action": "draft",
        "title": "Giới thiệu Sở",
        "functions_html": "<p>Tham mưu.</p>",
        "leaders-0-name": "Nguyễn Minh Quang",
        "leaders-0-title": "Giám đốc Sở",
        "leaders-0-email": "gd@example.vn",
        "leaders-1-name": "",
    }
    assert desk.post("/quan-tri/trang-gioi-thieu/gioi-thieu", data=data).status_code == 302
    assert requests.get(f"{articles_url}/api/v1/pages/gioi-thieu", timeout=5).status_code == 404  # a draft only
    bad = desk.post("/quan-tri/trang-gioi-thieu/gioi-thieu", data={**data, "version": "1", "leaders-0-email": "sai"})
    assert bad.status_code == 422 and 'role="alert"' in bad.get_data(as_text=True)

    editor = make_gateway(ARTICLES_URL=articles_url, CACHE_ENABLED=False).test_client()
    sign_in(editor, "bien-tap")
    page = editor.get("/quan-tri/trang-gioi-thieu/gioi-thieu")
    assert "Đăng trang" in page.get_data(as_text=True) and "Giám đốc Sở" in page.get_data(as_text=True)
    publish = {**data, "csrf_token": csrf_of(page), "version": "1", "action": "publish"}
    assert editor.post("/quan-tri/trang-gioi-thieu/gioi-thieu", data=publish).status_code == 302
    published = requests.get(f"{articles_url}/api/v1/pages/gioi-thieu", timeout=5).json()
    assert [leader["name"] for leader in published["leaders"]] == ["Nguyễn Minh Quang"]
    stale = editor.post("/quan-tri/trang-gioi-thieu/gioi-thieu", data={**publish, "csrf_token": csrf_of(page)})
    assert stale.status_code == 412  # saved on version 1, which is no longer the page's


def test_an_admin_changes_the_settings_and_the_logo(desk, articles_url):
    assert sign_in(desk, "quan-tri").status_code == 302
    page = desk.get("/quan-tri/cai-dat-trang")
    assert page.status_code == 200 and "Cài đặt trang" in nav_labels(page)
    saved = desk.post(
        "/quan-tri/cai-dat-trang",
        data={
            "csrf_token": csrf_of(page),
            "name": "Sở Giáo dục và Đào tạo",
            "province": "tỉnh Lam Sơn",
            "email": "vp@example.vn",
        },
    )
    assert saved.status_code == 302
    assert requests.get(f"{articles_url}/api/v1/site", timeout=5).json()["province"] == "tỉnh Lam Sơn"
    refused = desk.post("/quan-tri/cai-dat-trang", data={"csrf_token": csrf_of(page), "name": "", "email": "x"})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    logo = io.BytesIO()
    Image.new("RGB", (300, 300), (11, 79, 156)).save(logo, format="PNG")
    sent = desk.post(
        "/quan-tri/cai-dat-trang/logo",
        data={"csrf_token": csrf_of(page), "logo": (io.BytesIO(logo.getvalue()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    assert requests.get(f"{articles_url}/api/v1/site", timeout=5).json()["logo"]["width"] == 300
    svg = desk.post(
        "/quan-tri/cai-dat-trang/logo",
        data={"csrf_token": csrf_of(page), "logo": (io.BytesIO(b"<svg/>"), "logo.svg")},
        content_type="multipart/form-data",
    )
    assert svg.status_code == 302 and "PNG, JPEG, GIF hoặc WebP" in desk.get("/quan-tri/cai-dat-trang").get_data(
        as_text=True
    )
