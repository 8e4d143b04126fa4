"""The desk's session against a real accounts service: sign-in (and its throttling), the cookie's
attributes, the idle and absolute timeouts, sign-out, a disabled account losing access, CSRF, and
public pages never touched by the session."""

import time

from gateway.desk.session import ENDS_KEY, SIGNED_IN_KEY, TOKEN_KEY

from .conftest import MACHINE, PASSWORD, csrf_of, sign_in


def cookie_header(response):
    return next(value for name, value in response.headers.items() if name == "Set-Cookie")


def test_a_visitor_not_signed_in_is_sent_to_the_sign_in_page_and_back(client):
    answer = client.get("/quan-tri/?tab=1")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/quan-tri/dang-nhap?next=/quan-tri/?tab%3D1"
    form = client.get(answer.headers["Location"])
    page = form.get_data(as_text=True)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "private, no-store"
    for text in (
        '<label for="username">Tên đăng nhập</label>',
        '<label for="password">Mật khẩu</label>',
        "Đăng nhập</button>",
    ):
        assert text in page
    signed_in = sign_in(client, next_path="/quan-tri/?tab=1")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/quan-tri/?tab=1"
    dashboard = client.get("/quan-tri/")
    assert dashboard.status_code == 200 and "Quản trị viên" in dashboard.get_data(as_text=True)
    # The articles service is down here: its sections say so, the dashboard is still served.
    assert "Chưa tải được danh sách này" in dashboard.get_data(as_text=True)


def test_next_never_leads_off_the_desk(app):
    for target in ("https://evil.example/", "//evil.example/quan-tri/", "/tin-tuc", "/quan-tri/\\evil"):
        assert sign_in(app.test_client(), next_path=target).headers["Location"] == "/quan-tri/"


def test_the_cookie_is_the_desks_alone(client, make_gateway):
    cookie = cookie_header(sign_in(client))
    assert cookie.startswith("portal_desk=")
    for attribute in ("HttpOnly", "Path=/quan-tri/", "SameSite=Lax"):
        assert attribute in cookie
    assert "Secure" not in cookie
    behind_tls = make_gateway(PUBLIC_BASE_URL="https://sogd.example.gov.vn").test_client()
    assert "Secure" in cookie_header(sign_in(behind_tls))


def test_wrong_passwords_are_refused_in_vietnamese_then_throttled_by_the_accounts_service(client):
    refused = sign_in(client, password="khong-dung-mat-khau")
    assert refused.status_code == 401
    page = refused.get_data(as_text=True)
    assert 'role="alert"' in page and 'value="quan-tri"' in page
    for _ in range(5):
        last = sign_in(client, password="khong-dung-mat-khau")
    assert last.status_code == 429 and int(last.headers["Retry-After"]) > 0
    # Locked out now, even with the right password (the pair account + address).
    assert sign_in(client).status_code == 429


def test_the_gateways_own_sign_in_limit_counts_desk_sign_ins(make_gateway):
    client = make_gateway(RATE_LIMIT_SIGN_IN="2/minute").test_client()
    assert sign_in(client, password="sai-mat-khau-1").status_code == 401
    assert sign_in(client, password="sai-mat-khau-2").status_code == 401
    limited = sign_in(client)
    assert limited.status_code == 429 and "Quá nhiều yêu cầu" in limited.get_data(as_text=True)


def test_an_empty_form_is_refused_without_asking_the_accounts_service(client):
    form = client.get("/quan-tri/dang-nhap")
    refused = client.post("/quan-tri/dang-nhap", data={"username": " ", "password": "", "csrf_token": csrf_of(form)})
    assert refused.status_code == 400 and "Vui lòng nhập tên đăng nhập và mật khẩu." in refused.get_data(as_text=True)


def test_the_session_ends_when_idle(make_gateway):
    client = make_gateway(DESK_IDLE_TIMEOUT=1).test_client()
    sign_in(client)
    assert client.get("/quan-tri/").status_code == 200
    time.sleep(1.3)
    ended = client.get("/quan-tri/")
    assert ended.status_code == 302
    again = client.get(ended.headers["Location"])
    assert "lâu không thao tác" in again.get_data(as_text=True)


def test_the_session_ends_at_its_absolute_timeout_however_active(make_gateway):
    client = make_gateway(DESK_IDLE_TIMEOUT=60, DESK_ABSOLUTE_TIMEOUT=2).test_client()
    sign_in(client)
    started = time.monotonic()
    while client.get("/quan-tri/").status_code == 200:
        assert time.monotonic() - started < 4, "the session outlived its absolute timeout"
        time.sleep(0.3)
    assert time.monotonic() - started >= 1.5
    assert "hết hạn" in client.get("/quan-tri/dang-nhap").get_data(as_text=True)


def test_the_absolute_timeout_never_outlives_the_token(make_gateway, accounts_config):
    client = make_gateway(DESK_ABSOLUTE_TIMEOUT=30 * 24 * 3600).test_client()
    sign_in(client)
    with client.session_transaction("/quan-tri/") as session:
        assert session[TOKEN_KEY]
        lasts = session[ENDS_KEY] - session[SIGNED_IN_KEY]
    assert 8 * 3600 - 60 <= lasts <= 8 * 3600 + 60  # the accounts service's 8 h tokens


def test_sign_out_ends_the_session_and_needs_its_token(client):
    page = client.get(sign_in(client).headers["Location"])
    assert client.post("/quan-tri/dang-xuat").status_code == 400  # no CSRF token: refused
    assert client.get("/quan-tri/").status_code == 200
    out = client.post("/quan-tri/dang-xuat", data={"csrf_token": csrf_of(page)})
    assert out.status_code == 302 and out.headers["Location"] == "/quan-tri/dang-nhap"
    assert "Bạn đã đăng xuất." in client.get("/quan-tri/dang-nhap").get_data(as_text=True)
    assert client.get("/quan-tri/").status_code == 302


def test_a_copy_of_the_cookie_taken_before_sign_out_opens_nothing_after_it(app, client):
    page = client.get(sign_in(client).headers["Location"])
    copied = client.get_cookie("portal_desk", path="/quan-tri/").value
    thief = app.test_client()
    thief.set_cookie("portal_desk", copied, path="/quan-tri/")
    assert thief.get("/quan-tri/").status_code == 200  # the copy works while the session lasts
    assert client.post("/quan-tri/dang-xuat", data={"csrf_token": csrf_of(page)}).status_code == 302
    # The token was ended at the accounts service (within its check's 1 s cache).
    started = time.monotonic()
    while thief.get("/quan-tri/").status_code == 200:
        assert time.monotonic() - started < 3, "a copied cookie still opened the desk after sign-out"
        time.sleep(0.2)
    assert thief.get("/quan-tri/").headers["Location"].startswith("/quan-tri/dang-nhap")


def test_a_disabled_account_loses_access_within_five_seconds(client, accounts_app):
    sign_in(client, "cong-tac")
    assert client.get("/quan-tri/").status_code == 200
    disabled = accounts_app.test_client().patch("/api/v1/users/cong-tac", json={"disabled": True}, headers=MACHINE)
    assert disabled.status_code == 200
    started = time.monotonic()
    while client.get("/quan-tri/").status_code == 200:
        assert time.monotonic() - started < 5, "a disabled account kept its desk session"
        time.sleep(0.2)
    assert "Tài khoản đã bị khóa" in client.get("/quan-tri/dang-nhap").get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused_with_a_friendly_page(client):
    refused = client.post("/quan-tri/dang-nhap", data={"username": "quan-tri", "password": PASSWORD})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ" in page and '<html lang="vi">' in page
    scripted = client.post("/quan-tri/dang-xuat", headers={"Accept": "application/json", "X-CSRFToken": "sai"})
    assert scripted.status_code == 400 and scripted.get_json()["error"]["code"] == "csrf_failed"


def test_the_json_api_takes_no_csrf_token(client):
    # Bearer-token writes cannot be forged by a browser's cookie: the API is not CSRF-checked.
    answer = client.post("/api/v1/auth/token", json={"username": "quan-tri", "password": PASSWORD})
    assert answer.status_code == 200 and answer.get_json()["token"]


def test_public_pages_never_set_or_read_the_session(client):
    sign_in(client)
    for path in ("/api/v1/roles", "/khong-co-trang-nay"):
        answer = client.get(path)
        assert "Set-Cookie" not in answer.headers
        assert "Cookie" not in answer.headers.get("Vary", "")
    # The browser would not even send it: the cookie's path is the desk's.
    assert client.get_cookie("portal_desk", path="/quan-tri/") is not None
    assert client.get_cookie("portal_desk", path="/") is None


def test_an_accounts_service_out_of_reach_is_a_503_desk_page(make_gateway, dead_backends):
    client = make_gateway(ACCOUNTS_URL=dead_backends["ACCOUNTS_URL"]).test_client()
    refused = sign_in(client)
    assert refused.status_code == 503 and "Quản trị" in refused.get_data(as_text=True)


def test_the_desks_scripts_get_json_refusals_not_the_sign_in_page(client):
    form = client.get("/quan-tri/dang-nhap")
    headers = {"Accept": "application/json", "X-CSRFToken": csrf_of(form)}
    refused = client.post("/quan-tri/bai-viet/moi/tu-dong-luu", json={"title": "x"}, headers=headers)
    assert refused.status_code == 401 and "hết hạn" in refused.get_json()["error"]["message"]
    sign_in(client, "khao-thi")  # an exam officer writes no articles
    page = client.get("/quan-tri/")
    headers["X-CSRFToken"] = csrf_of(page)
    forbidden = client.post("/quan-tri/bai-viet/moi/tu-dong-luu", json={"title": "x"}, headers=headers)
    assert forbidden.status_code == 403 and forbidden.get_json()["error"]["code"] == "forbidden"
