"""The admin's pages on a real accounts service: accounts listed, created (the service's password
rules shown in Vietnamese), roles changed, disabled (the member's desk session ends), password
reset, and the audit log filtered and paged, every write recorded under the admin's name."""

import time

import pytest

from .conftest import MACHINE, PASSWORD, csrf_of, sign_in

NEW_PASSWORD = "Mat-khau-moi-cua-lan-2026"


@pytest.fixture
def app(make_gateway, articles_url):
    return make_gateway(ARTICLES_URL=articles_url)


def admin(app):
    client = app.test_client()
    assert sign_in(client, "quan-tri").status_code == 302
    return client


def post_form(client, page_path, action, **data):
    page = client.get(page_path)
    assert page.status_code == 200, page.get_data(as_text=True)[-1500:]
    return client.post(action, data={"csrf_token": csrf_of(page), **data})


def test_list_create_and_refuse_a_weak_password(app):
    client = admin(app)
    listed = client.get("/quan-tri/tai-khoan/").get_data(as_text=True)
    assert "cong-tac" in listed and "Cộng tác viên" in listed and "Đang hoạt động" in listed
    weak = post_form(
        client,
        "/quan-tri/tai-khoan/moi",
        "/quan-tri/tai-khoan/moi",
        username="lan.nguyen",
        display_name="Nguyễn Thị Lan",
        password="123456789",
        roles=["editor"],
    )
    assert weak.status_code == 422 and 'role="alert"' in weak.get_data(as_text=True)
    assert 'value="lan.nguyen"' in weak.get_data(as_text=True)  # what was typed is kept
    made = post_form(
        client,
        "/quan-tri/tai-khoan/moi",
        "/quan-tri/tai-khoan/moi",
        username="lan.nguyen",
        display_name="Nguyễn Thị Lan",
        password=PASSWORD,
        roles=["editor", "approver"],
        categories_shown="1",
        limit_categories="1",
        categories=["tin-tuc-su-kien"],
    )
    assert made.status_code == 302
    assert "Đã tạo tài khoản lan.nguyen." in client.get("/quan-tri/tai-khoan/").get_data(as_text=True)
    page = client.get("/quan-tri/tai-khoan/lan.nguyen/sua").get_data(as_text=True)
    assert 'name="roles" value="approver" checked' in page and 'value="tin-tuc-su-kien" checked' in page


def test_roles_disable_and_reset_password(app):
    client = admin(app)
    member = app.test_client()
    assert sign_in(member, "cong-tac").status_code == 302
    changed = post_form(
        client,
        "/quan-tri/tai-khoan/cong-tac/sua",
        "/quan-tri/tai-khoan/cong-tac/sua",
        display_name="Trần Văn Cộng",
        roles=["contributor", "editor"],
    )
    assert changed.status_code == 302
    # A role change ends the member's sessions (the token carried the old roles).
    started = time.monotonic()
    while member.get("/quan-tri/").status_code == 200:
        assert time.monotonic() - started < 5
        time.sleep(0.2)
    assert sign_in(member, "cong-tac").status_code == 302
    assert 'href="/quan-tri/bai-viet/"' in member.get("/quan-tri/").get_data(as_text=True)

    disabled = post_form(client, "/quan-tri/tai-khoan/cong-tac/sua", "/quan-tri/tai-khoan/cong-tac/khoa", disabled="1")
    assert disabled.status_code == 302
    assert "Đã khóa" in client.get("/quan-tri/tai-khoan/cong-tac/sua").get_data(as_text=True)
    started = time.monotonic()
    while member.get("/quan-tri/").status_code == 200:
        assert time.monotonic() - started < 5, "a disabled account kept its desk session"
        time.sleep(0.2)
    assert sign_in(member, "cong-tac").status_code == 401
    post_form(client, "/quan-tri/tai-khoan/cong-tac/sua", "/quan-tri/tai-khoan/cong-tac/khoa", disabled="0")

    reset = post_form(
        client, "/quan-tri/tai-khoan/cong-tac/sua", "/quan-tri/tai-khoan/cong-tac/mat-khau", password=NEW_PASSWORD
    )
    assert reset.status_code == 302
    assert sign_in(app.test_client(), "cong-tac").status_code == 401
    assert sign_in(app.test_client(), "cong-tac", NEW_PASSWORD).status_code == 302
    weak = post_form(
        client, "/quan-tri/tai-khoan/cong-tac/sua", "/quan-tri/tai-khoan/cong-tac/mat-khau", password="abc"
    )
    assert weak.status_code == 422 and 'id="loi-mat-khau"' in weak.get_data(as_text=True)


def test_the_last_admin_cannot_be_disabled(app):
    client = admin(app)
    refused = post_form(client, "/quan-tri/tai-khoan/quan-tri/sua", "/quan-tri/tai-khoan/quan-tri/khoa", disabled="1")
    assert refused.status_code == 302
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "flash-error" in page and "Đang hoạt động" in page


def test_the_audit_log_filtered_and_paged(app, accounts_app):
    client = admin(app)
    post_form(
        client,
        "/quan-tri/tai-khoan/bien-tap/sua",
        "/quan-tri/tai-khoan/bien-tap/sua",
        display_name="Nguyễn Thị Biên Tập",
        roles=["editor"],
    )
    everything = client.get("/quan-tri/nhat-ky/").get_data(as_text=True)
    assert "auth.sign_in" in everything and "user.display_name" in everything
    by_admin = client.get("/quan-tri/nhat-ky/", query_string={"user": "quan-tri", "action": "user.display_name"})
    page = by_admin.get_data(as_text=True)
    assert by_admin.status_code == 200 and by_admin.headers["Cache-Control"] == "private, no-store"
    assert "1 mục" in page and ">bien-tap</a>" in page and "auth.sign_in</a>" not in page
    machine = accounts_app.test_client()
    for number in range(55):
        entry = {"action": "test.entry", "target": f"muc-{number}", "user": "he-thong"}
        assert machine.post("/api/v1/audit", json=entry, headers=MACHINE).status_code == 201
    first = client.get("/quan-tri/nhat-ky/", query_string={"action": "test.entry"}).get_data(as_text=True)
    assert "55 mục · trang 1/2" in first and ">muc-54</a>" in first and ">muc-4</a>" not in first
    assert 'href="/quan-tri/nhat-ky/?page=2&amp;action=test.entry">Trang sau</a>' in first
    second = client.get("/quan-tri/nhat-ky/", query_string={"action": "test.entry", "page": 2}).get_data(as_text=True)
    assert ">muc-4</a>" in second and ">muc-0</a>" in second and ">muc-5</a>" not in second
    nothing = client.get("/quan-tri/nhat-ky/", query_string={"user": "khong-ai"}).get_data(as_text=True)
    assert "Không có mục nào." in nothing
