"""The question form posted through the gateway, as a browser posts it: a token fresh from the
page is refused and an old-enough one accepted (303 back to the page, a notice, no cookie); the
honeypot, too many links and a bad email are refused with the form shown again, what was typed
kept and the message beside its field; the service's per-address limit sees each visitor's own
address; a refused post keeps nothing. A page with the form may be page-cached: its token is
shared by design, and the token of a kept copy is accepted."""

import re
import time

import requests

from tests.gateway.news.conftest import gateway_for

from .conftest import ADMIN, served_articles

TYPED = {
    "name": "Trần Văn Bảo",
    "email": "bao.tran@example.com",
    "title": "Học bổng cho học sinh vượt khó",
    "question": "Xin hỏi điều kiện xét học bổng năm nay?",
}


def form_token(client, path="/hoi-dap"):
    page = client.get(path)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    return re.search(r'name="form_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def post(client, token, page="hoi-dap", **fields):
    body = {**TYPED, "form_token": token, "website": "", "trang": page, **fields}
    return client.post("/hoi-dap/gui", data=body, headers={"Accept": "text/html"})


def waiting(url):
    answer = requests.get(f"{url}/api/v1/questions?status=pending&per_page=100", headers=ADMIN, timeout=5)
    assert answer.status_code == 200
    return answer.json()["items"]


def test_a_fresh_token_is_refused_and_an_old_enough_one_accepted(client, articles_service):
    url = articles_service[1]
    before = len(waiting(url))
    token = form_token(client)
    refused = post(client, token)
    assert refused.status_code == 422 and "Set-Cookie" not in refused.headers
    body = refused.get_data(as_text=True)
    assert "quá nhanh" in body and 'role="alert"' in body
    assert f'value="{TYPED["name"]}"' in body and TYPED["question"] in body  # nothing typed is lost
    assert len(waiting(url)) == before  # nothing kept
    time.sleep(2.05)
    sent = post(client, token)
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/hoi-dap?da-gui=1#gui-cau-hoi")
    assert "Set-Cookie" not in sent.headers
    notice = client.get("/hoi-dap?da-gui=1").get_data(as_text=True)
    assert "Câu hỏi đã được gửi" in notice
    kept = waiting(url)
    assert len(kept) == before + 1 and kept[-1]["title"] == TYPED["title"]
    assert TYPED["title"] not in client.get("/hoi-dap").get_data(as_text=True)  # not public before an answer


def test_the_contact_page_form_comes_back_to_the_contact_page(client):
    token = form_token(client, "/lien-he")
    time.sleep(2.05)
    sent = post(client, token, page="lien-he", title="Hỏi qua trang liên hệ")
    assert sent.status_code == 303 and "/lien-he?da-gui=1" in sent.headers["Location"]
    refused = post(client, token, page="lien-he", email="sai")
    assert refused.status_code == 422 and "Liên hệ" in refused.get_data(as_text=True)
    assert 'id="hoi-email" name="email"' in refused.get_data(as_text=True)
    assert re.search(
        r'name="email"[^>]*aria-invalid="true" aria-describedby="loi-email"', refused.get_data(as_text=True)
    )


def test_bots_are_refused_and_nothing_of_theirs_is_kept(client, articles_service):
    url = articles_service[1]
    before = len(waiting(url))
    token = form_token(client)
    time.sleep(2.05)
    cases = [
        ({"website": "http://seo.example"}, "website"),
        ({"question": "Mua tại http://a.example http://b.example http://c.example"}, "question"),
        ({"name": "www.spam.example"}, "name"),
        ({"question": "x" * 4001}, "question"),
        ({"form_token": "hoi-dap.AAAAAA.gia-mao"}, "form_token"),
    ]
    for fields, field in cases:
        refused = post(client, fields.pop("form_token", token), **fields)
        assert refused.status_code in (400, 422), field
        body = refused.get_data(as_text=True)
        assert 'role="alert"' in body and "Set-Cookie" not in refused.headers
        if field in TYPED:
            assert f'aria-describedby="loi-{field}"' in body
    assert len(waiting(url)) == before


def test_the_limit_counts_each_visitor_not_the_gateway(tmp_path, dead_backends):
    with served_articles(tmp_path / "limited", QUESTIONS_RATE_LIMIT="2/minute") as (_, url):
        # Behind the edge: the gateway trusts one proxy's X-Forwarded-For and passes on the address it judged.
        client = gateway_for(tmp_path, dead_backends, url, TRUSTED_PROXIES=1).test_client()
        token = form_token(client)
        time.sleep(2.05)
        first = {"X-Forwarded-For": "203.0.113.10"}
        statuses = [
            client.post("/hoi-dap/gui", data={**TYPED, "form_token": token}, headers=first).status_code
            for _ in range(3)
        ]
        assert statuses == [303, 303, 429]
        other = client.post(
            "/hoi-dap/gui", data={**TYPED, "form_token": token}, headers={"X-Forwarded-For": "198.51.100.4"}
        )
        assert other.status_code == 303
        assert len(waiting(url)) == 3


def test_a_page_cached_form_shares_its_token_and_it_is_accepted(cached_app, articles_service):
    client = cached_app.test_client()
    first, again = client.get("/hoi-dap"), client.get("/hoi-dap")
    assert first.status_code == again.status_code == 200
    assert again.get_data() == first.get_data()  # the same page, token and all
    assert len(cached_app.extensions["page_cache"]) >= 1
    assert "Set-Cookie" not in first.headers and "public" in first.headers["Cache-Control"]
    token = re.search(r'name="form_token" value="([^"]+)"', again.get_data(as_text=True)).group(1)
    time.sleep(2.05)
    assert post(client, token, title="Câu hỏi từ trang đã lưu").status_code == 303
    assert post(client, token, title="Một người khác, cùng trang đã lưu").status_code == 303


def test_the_json_api_takes_the_same_question(client):
    token = re.search(r'"form_token":"([^"]+)"', client.get("/api/v1/questions/form").get_data(as_text=True)).group(1)
    too_soon = client.post("/api/v1/questions", json={**TYPED, "form_token": token})
    assert too_soon.status_code == 422 and too_soon.json["error"]["field"] == "form_token"
    time.sleep(2.05)
    taken = client.post("/api/v1/questions", json={**TYPED, "form_token": token})
    assert taken.status_code == 201 and taken.json["status"] == "pending"
    assert TYPED["email"] not in taken.get_data(as_text=True)
