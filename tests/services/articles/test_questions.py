"""Hỏi đáp on both stores: a question is kept pending and shown to nobody until an editor answers
it; answered ones are listed and searched without diacritics, never with the asker's email; a
bot's post (a form token too fresh, too old or forged, the honeypot filled, too many links, too
long) is refused and nothing of it is kept; each address has its allowance, shared through
Redis; what is older than QUESTIONS_KEEP_DAYS is erased at the next write or staff read."""

import json
import time

import pytest
from itsdangerous import TimestampSigner

from services.articles import create_app, questions_guard
from tests.support.content_version import version

from .conftest import ADMIN, nowhere

QUESTION = {
    "name": "Nguyễn Văn An",
    "email": "an.nguyen@example.com",
    "title": "Hỏi về lịch thi tuyển sinh lớp 10",
    "question": "Xin cho biết lịch thi tuyển sinh vào lớp 10 năm nay?\nCảm ơn Sở.",
}


def aged_token(app, seconds_ago):
    """A form token signed with the service's own key, made `seconds_ago`."""

    class MadeEarlier(TimestampSigner):
        def get_timestamp(self):
            return int(time.time()) - seconds_ago

    with app.test_request_context():
        key = questions_guard._signer().secret_keys[-1]
    return MadeEarlier(key, salt=questions_guard.SALT).sign(questions_guard.PAYLOAD).decode()


def ask(client, app, seconds_ago=10, headers=None, **fields):
    body = {**QUESTION, "form_token": aged_token(app, seconds_ago), "website": "", **fields}
    return client.post("/api/v1/questions", json={k: v for k, v in body.items() if v is not None}, headers=headers)


def pending(client):
    response = client.get("/api/v1/questions?status=pending", headers=ADMIN)
    assert response.status_code == 200, response.json
    return response.json


def answer(client, question_id, text="Kỳ thi diễn ra đầu tháng 6.", **extra):
    response = client.post(f"/api/v1/questions/{question_id}/answer", json={"answer": text, **extra}, headers=ADMIN)
    assert response.status_code == 200, response.json
    return response.json


def test_a_question_is_public_only_once_answered_and_never_with_its_email(any_app):
    client = any_app.test_client()
    asked = ask(client, any_app)
    assert asked.status_code == 201, asked.json
    question_id = asked.json["id"]
    assert asked.json["status"] == "pending"
    assert client.get("/api/v1/questions").json["total"] == 0
    assert client.get(f"/api/v1/questions/{question_id}").status_code == 404
    waiting = pending(client)
    assert [item["id"] for item in waiting["items"]] == [question_id]
    assert waiting["items"][0]["email"] == QUESTION["email"]  # staff may write back

    answered = answer(client, question_id, "Lịch thi:\nngày 2/6.\n\nXem mục Văn bản.")
    assert answered["answer"] == "<p>Lịch thi:<br>ngày 2/6.</p><p>Xem mục Văn bản.</p>"
    listed = client.get("/api/v1/questions")
    assert listed.json["total"] == 1
    item = listed.json["items"][0]
    assert set(item) == {"id", "title", "question", "answer", "name", "asked_on", "answered_on"}
    assert item["question"] == QUESTION["question"]
    one = client.get(f"/api/v1/questions/{question_id}")
    for response in (listed, one):
        assert QUESTION["email"] not in response.get_data(as_text=True)
    assert pending(client)["total"] == 0


def test_answered_questions_are_searched_without_diacritics_and_paged(any_app):
    client = any_app.test_client()
    titles = ["Tuyển sinh lớp 10", "Học phí năm học mới", "Chuyển trường tiểu học"]
    for title in titles:
        asked = ask(client, any_app, title=title, question=f"Xin hỏi về {title.lower()}.")
        answer(client, asked.json["id"], "Sở đã có hướng dẫn.")
    ask(client, any_app, title="Tuyển sinh đại học", question="Hỏi")  # not answered: never found
    assert client.get("/api/v1/questions?q=tuyen+sinh").json["total"] == 1
    assert client.get("/api/v1/questions?q=HỌC PHÍ").json["items"][0]["title"] == "Học phí năm học mới"
    assert client.get("/api/v1/questions?q=truong").json["total"] == 1
    assert client.get("/api/v1/questions?q=!!!").json["total"] == 0
    paged = client.get("/api/v1/questions?per_page=2&page=2").json
    assert paged["pages"] == 2 and len(paged["items"]) == 1
    assert client.get("/api/v1/questions?per_page=101").status_code == 400
    assert client.get("/api/v1/questions?q=" + "a" * 201).status_code == 400
    assert client.get("/api/v1/questions?status=all").status_code == 400


@pytest.mark.parametrize(
    "change, status, field",
    [
        ({"seconds_ago": 0}, 422, "form_token"),  # sent the moment the form was made
        ({"seconds_ago": 7 * 3600}, 422, "form_token"),  # a form left open past the day
        ({"form_token": "hoi-dap.AAAAAA.forged"}, 400, "form_token"),
        ({"form_token": None}, 400, "form_token"),
        ({"website": "http://spam.example"}, 422, "website"),  # the honeypot
        ({"question": "Xem http://a.example và https://b.example và www.c.example"}, 422, "question"),
        ({"name": "Mua ngay www.spam.example"}, 422, "name"),
        ({"question": "x" * 4001}, 422, "question"),
        ({"email": "khong-phai-email"}, 422, "email"),
        ({"title": "  "}, 422, "title"),
        ({"phone": "0912345678"}, 400, "phone"),
    ],
)
def test_a_refused_post_keeps_nothing(any_app, change, status, field):
    client = any_app.test_client()
    change = dict(change)
    seconds_ago = change.pop("seconds_ago", 10)
    if "form_token" in change:
        body = {**QUESTION, "website": "", **change}
        response = client.post("/api/v1/questions", json={k: v for k, v in body.items() if v is not None})
    else:
        response = ask(client, any_app, seconds_ago=seconds_ago, **change)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field
    assert not response.json["error"]["message"].isascii()
    assert pending(client)["total"] == 0 and client.get("/api/v1/questions").json["total"] == 0


def test_each_address_has_its_allowance(embedded_config):
    app = create_app({**embedded_config, "ACCOUNTS_URL": nowhere(), "QUESTIONS_RATE_LIMIT": "2/minute"})
    client = app.test_client()
    assert [ask(client, app).status_code for _ in range(2)] == [201, 201]
    refused = ask(client, app)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # The gateway (a trusted proxy on loopback) forwards each visitor's own address.
    other = ask(client, app, headers={"X-Forwarded-For": "203.0.113.7"})
    assert other.status_code == 201
    assert pending(client)["total"] == 3


def test_workers_share_the_allowance_through_redis(embedded_config, redis_server):
    config = {
        **embedded_config,
        "ACCOUNTS_URL": nowhere(),
        "QUESTIONS_RATE_LIMIT": "2/minute",
        "RATELIMIT_STORAGE_URI": redis_server.url,
    }
    workers = [create_app(dict(config)) for _ in range(2)]
    forwarded = {"X-Forwarded-For": "198.51.100.23"}
    statuses = [ask(app.test_client(), app, headers=forwarded).status_code for app in (*workers, workers[0])]
    assert statuses == [201, 201, 429]


def test_old_questions_and_emails_are_erased_at_the_next_write(any_app):
    client = any_app.test_client()
    old, answered_old = ask(client, any_app).json["id"], ask(client, any_app).json["id"]
    answer(client, answered_old)
    keep_days = any_app.config["QUESTIONS_KEEP_DAYS"]
    with any_app.app_context():
        from portal_common.store import get_store

        store = get_store()
        long_ago = int(time.time()) - (keep_days + 1) * 86400
        for question_id in (old, answered_old):
            doc = store.question(question_id)
            store.update_question(question_id, {"asked_ts": long_ago}, ["x"])
            assert doc["email"]
    recent = ask(client, any_app).json["id"]  # a write: the erasure runs first
    waiting = pending(client)
    assert [item["id"] for item in waiting["items"]] == [recent]
    with any_app.app_context():
        kept = get_store().question(answered_old)
        assert kept["email"] is None and kept["status"] == "answered"  # the answer stays public
        assert get_store().question(old) is None


def test_the_purge_command_erases_too(app, runner):
    client = app.test_client()
    question_id = ask(client, app).json["id"]
    result = runner.invoke(args=["purge-questions"])
    assert result.exit_code == 0 and "0 unanswered deleted" in result.output
    app.config["QUESTIONS_KEEP_DAYS"] = 0
    with app.app_context():
        from portal_common.store import get_store

        get_store().update_question(question_id, {"asked_ts": int(time.time()) - 10}, ["x"])
    assert "1 unanswered deleted" in runner.invoke(args=["purge-questions"]).output


def test_answers_are_sanitized_and_titles_may_be_corrected(app):
    client = app.test_client()
    question_id = ask(client, app).json["id"]
    fixed = answer(
        client,
        question_id,
        '<p onclick="x()">Xem <a href="javascript:alert(1)">đây</a></p><script>x</script>',
        title="Lịch thi vào lớp 10",
        question="Lịch thi vào lớp 10 năm nay?",
    )
    assert "script" not in fixed["answer"] and "onclick" not in fixed["answer"] and "javascript" not in fixed["answer"]
    assert fixed["title"] == "Lịch thi vào lớp 10"
    assert client.get("/api/v1/questions?q=lich+thi+vao").json["total"] == 1
    empty = client.post(f"/api/v1/questions/{question_id}/answer", json={"answer": "<script>x</script>"}, headers=ADMIN)
    assert empty.status_code == 422 and empty.json["error"]["field"] == "answer"
    assert client.post(f"/api/v1/questions/{question_id}/answer", json={}, headers=ADMIN).status_code == 400
    assert client.post("/api/v1/questions/999/answer", json={"answer": "x"}, headers=ADMIN).status_code == 404
    assert client.delete(f"/api/v1/questions/{question_id}", headers=ADMIN).status_code == 204
    assert client.delete(f"/api/v1/questions/{question_id}", headers=ADMIN).status_code == 404
    assert client.get(f"/api/v1/questions/{2**63}").status_code == 404


def test_the_form_says_what_the_data_is_for_and_how_long_it_is_kept(app):
    form = app.test_client().get("/api/v1/questions/form").json
    assert "365 ngày" in form["purpose"] and "Nghị định 13/2023" in form["purpose"]
    assert form["min_seconds"] >= 1 and form["max_seconds"] >= 3600
    payload = form["form_token"].split(".")[0]
    assert payload == "hoi-dap"  # the time it was made, and nothing about who asked for it


def test_roles_audit_and_content_version(any_desk, staff):
    desk = any_desk
    app, client = desk.app, desk.client
    question_id = ask(client, app).json["id"]
    assert client.get("/api/v1/questions?status=pending").status_code == 401
    assert desk.as_("contributor").get("/api/v1/questions?status=pending").status_code == 403
    assert (
        desk.as_("contributor").post(f"/api/v1/questions/{question_id}/answer", json={"answer": "x"}).status_code == 403
    )
    assert desk.as_("contributor").delete(f"/api/v1/questions/{question_id}").status_code == 403
    # A contributor's token reads like the public's: no pending question, no email.
    assert desk.as_("contributor").get(f"/api/v1/questions/{question_id}").status_code == 404
    since = staff.mark()
    before = version(client)
    answered = desk.as_("editor").post(f"/api/v1/questions/{question_id}/answer", json={"answer": "Đã có lịch."})
    assert answered.status_code == 200 and answered.json["answered_by"] == "bien.tap"
    assert version(client) != before
    entries = staff.audit(since, action="question.answer")
    assert [(entry["user"], entry["target"]) for entry in entries] == [("bien.tap", str(question_id))]
    assert QUESTION["email"] not in json.dumps(entries, ensure_ascii=False)
    assert desk.as_("approver").delete(f"/api/v1/questions/{question_id}").status_code == 204
