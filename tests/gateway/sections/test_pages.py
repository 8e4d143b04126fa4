"""The sections' pages through the gateway, and every page's header and footer: the department,
its province and logo, its address, phone, email, the person responsible and the licence line,
from the site settings; a dead articles service leaves the default header and no 500. No public
page sets a cookie, and no page or JSON ever shows an asker's email."""

import re
import time

import requests

from tests.gateway.news.conftest import gateway_for

from .conftest import ADMIN

SITE = ("Sở Giáo dục và Đào tạo", "tỉnh Lam Sơn", "Trần Hưng Đạo", "0237 3852 100", "vanphong@sogddt.lamson.example.vn")
FOOTER = ("Chịu trách nhiệm nội dung: Ông Nguyễn Minh Quang", "Giấy phép số 25/GP-TTĐT")
SEED = "/bai-viet/ke-hoach-truyen-thong-ve-giao-duc-va-dao-tao-nam-2019"
PAGES = ("/gioi-thieu", "/lien-he", "/hoi-dap", "/en")


def text(response):
    return response.get_data(as_text=True)


def test_every_page_says_who_the_department_is(client):
    for path in ("/", SEED, "/tim-kiem?q=giao+duc", *PAGES, "/khong-co-trang-nay"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        body = text(response)
        header, footer = body.split("</header>")[0], body.split("<footer")[1]
        assert 'class="brand-logo" src="/api/v1/site/logo?v=' in header, path
        assert "tỉnh Lam Sơn" in header and "Sở Giáo dục và Đào tạo" in header, path
        for part in (*SITE, *FOOTER):
            assert part in footer, (path, part)
        assert "Set-Cookie" not in response.headers, path
    logo = client.get(re.search(r'src="(/api/v1/site/logo\?v=[^"]+)"', text(client.get("/"))).group(1))
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert client.get("/api/v1/site/logo", headers={"If-None-Match": logo.headers["ETag"]}).status_code == 304


def test_the_menu_has_the_sections(client):
    menu = text(client.get("/hoi-dap")).split('<nav class="site-nav"')[1].split("</nav>")[0]
    for href, label in (
        ("/gioi-thieu", "Giới thiệu"),
        ("/van-ban", "Văn bản"),
        ("/hoi-dap", "Hỏi đáp"),
        ("/lien-he", "Liên hệ"),
        ("/en", "English"),
    ):
        assert f'href="{href}"' in menu and label in menu
    assert re.search(r'href="/hoi-dap" aria-current="page">Hỏi đáp', menu)


def test_the_introduction_lists_leaders_and_units_with_their_contacts(client):
    body = text(client.get("/gioi-thieu"))
    assert "Chức năng, nhiệm vụ" in body and "Ban Giám đốc" in body and "Cơ cấu tổ chức" in body
    assert '<th scope="row">Nguyễn Minh Quang</th>' in body and "Giám đốc Sở" in body
    assert 'href="tel:02373852101"' in body and 'href="mailto:nmquang@sogddt.lamson.example.vn"' in body
    assert "Phòng Khảo thí và Quản lý chất lượng" in body and "Ngô Thanh Tùng" in body


def test_contact_page_has_the_details_a_map_and_the_form(client):
    body = text(client.get("/lien-he"))
    for part in (
        "Địa chỉ",
        "Giờ làm việc",
        "Xem vị trí trên bản đồ",
        "https://www.openstreetmap.org/",
        'name="form_token"',
    ):
        assert part in body
    assert "Nghị định 13/2023" in body and "365 ngày" in body  # what the data is for, how long kept
    assert 'name="trang" value="lien-he"' in body


def test_english_page_is_in_english_and_says_so(client):
    response = client.get("/en")
    body = text(response)
    assert body.startswith("<!doctype html>") and '<html lang="en">' in body
    assert '<header class="site-header" lang="vi">' in body and '<footer class="site-footer" lang="vi">' in body
    assert "Lam Son Department of Education and Training" in body and "Deputy Director" in body
    assert "Secondary Education Division" in body


def test_questions_are_listed_searched_and_paged(client):
    body = text(client.get("/hoi-dap"))
    assert body.count('class="qa"') == 3 and "Phúc khảo bài thi tốt nghiệp" in body
    found = text(client.get("/hoi-dap?q=phuc+khao"))
    assert found.count('class="qa"') == 1 and "1 câu hỏi khớp" in found
    assert "Không có câu hỏi nào khớp" in text(client.get("/hoi-dap?q=khongcogi"))
    assert client.get("/hoi-dap?page=9").status_code == 404
    assert client.get("/hoi-dap?page=abc").status_code == 400


def test_a_dead_articles_service_leaves_the_default_header_and_no_500(tmp_path, dead_backends):
    app = gateway_for(tmp_path, dead_backends, dead_backends["ARTICLES_URL"], SITE_NAME="Sở GD&ĐT (mặc định)")
    client = app.test_client()
    for path in ("/", *PAGES):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "articles" in response.headers["X-Partial-Content"]
        body = text(response)
        assert '<span class="brand-name">Sở GD&amp;ĐT (mặc định)</span>' in body and "brand-logo" not in body
        assert "Nội dung tạm thời không khả dụng" in body or path == "/en"
    assert client.get("/api/v1/site").status_code == 503


def test_an_askers_email_is_never_shown(client, articles_service):
    service, url = articles_service
    page = text(client.get("/hoi-dap"))
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    time.sleep(2.05)  # the form's token must be a second old (counted from the end of its second)
    email = "rieng.tu@example.com"
    sent = client.post(
        "/api/v1/questions",
        json={
            "name": "Phụ huynh",
            "email": email,
            "title": "Câu hỏi riêng",
            "question": "Nội dung",
            "form_token": token,
        },
    )
    assert sent.status_code == 201, sent.json
    question_id = sent.json["id"]
    staff_view = requests.get(f"{url}/api/v1/questions?status=pending", headers=ADMIN, timeout=5).json()
    assert email in str(staff_view)  # kept for staff
    answered = client.post(f"/api/v1/questions/{question_id}/answer", json={"answer": "Đã trả lời."}, headers=ADMIN)
    assert answered.status_code == 200 and "no-store" in answered.headers["Cache-Control"]
    public = [
        client.get("/hoi-dap"),
        client.get("/hoi-dap?q=cau+hoi+rieng"),
        client.get("/api/v1/questions"),
        client.get(f"/api/v1/questions/{question_id}"),
        client.get("/api/v1/questions?q=rieng"),
    ]
    assert "Câu hỏi riêng" in text(public[1])
    for response in public:
        assert response.status_code == 200 and email not in text(response)
    assert client.delete(f"/api/v1/questions/{question_id}", headers=ADMIN).status_code == 204
