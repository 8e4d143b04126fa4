"""Every successful write of a guarded route is in the accounts service's audit log
(portal_common.audited_writes), with who did it, the target, the request id and the address; an
exam's publication time also as its own entry; a refused or failed write records nothing, and an
audit log that cannot be reached never fails the write. Embargoed results are for exam officers
(and admins, and the machine token), read with a staff token.

Real services in-process: the accounts service served on a loopback port (the revocation check
and the audit log are HTTP calls), media and exams as test clients."""

import contextlib
import logging
from datetime import datetime, timedelta

import pytest

from portal_common.timefmt import VIETNAM
from services import accounts, exams, media
from tests.conftest import TEST_ADMIN_TOKEN
from tests.services.exams.conftest import fixture_bytes
from tests.support.live import serve_app
from tools.processes import free_port

SIGNING_KEY = "audited-writes-signing-key-0123456789-abcdefg"
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}
PASSWORD = "Tra-cuu-diem-thi-2026"
MACHINE = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}
HOUR = datetime(2026, 7, 16, 8, 0, tzinfo=VIETNAM)
RESULT = "/api/v1/exams/thpt-2025/results/03028916"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


class Portal:
    def __init__(self, accounts_app, media_app, exams_app):
        self.accounts, self.media, self.exams = (app.test_client() for app in (accounts_app, media_app, exams_app))
        self.tokens = {}

    def staff(self, username, roles):
        body = {"username": username, "password": PASSWORD, "display_name": username.title(), "roles": roles}
        assert self.accounts.post("/api/v1/users", json=body, headers=MACHINE).status_code == 201
        signed_in = self.accounts.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
        self.tokens[username] = signed_in.get_json()["token"]
        return bearer(self.tokens[username])

    def entries(self, **filters):
        found = self.accounts.get("/api/v1/audit", query_string={"per_page": 100, **filters}, headers=MACHINE)
        return found.get_json()["items"]


@pytest.fixture
def portal(tmp_path):
    base = {"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "AUTH_SIGNING_KEY": SIGNING_KEY}
    accounts_app = accounts.create_app({**base, **CHEAP_ARGON2, "TESTING": True})
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(serve_app(accounts_app))
        clock = lambda: HOUR - timedelta(hours=2)  # noqa: E731  (before the hour of any embargo here)
        yield Portal(
            accounts_app,
            media.create_app({**base, "ACCOUNTS_URL": url}),
            exams.create_app({**base, "ACCOUNTS_URL": url, "EXAMS_CLOCK": clock}),
        )


def import_results(portal, query="", headers=MACHINE):
    response = portal.exams.put(
        f"/api/v1/exams/thpt-2025/results{query}",
        data=fixture_bytes("national_2025.csv"),
        headers={**headers, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.get_json()
    return response


def test_a_write_is_recorded_with_who_what_and_where(portal):
    editor = portal.staff("bien-tap", ["editor"])
    created = portal.media.post(
        "/api/v1/albums",
        json={"title": "Hội nghị"},
        headers={**editor, "X-Request-ID": "album-write-1"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert created.status_code == 201
    album_id = created.get_json()["id"]
    assert portal.media.delete(f"/api/v1/albums/{album_id}", headers=MACHINE).status_code == 204
    [deleted, made] = [entry for entry in portal.entries() if entry["action"].startswith("media_api.")]
    assert (made["action"], made["user"], made["target"]) == ("media_api.create_album", "bien-tap", "/api/v1/albums")
    assert made["detail"] == {"method": "POST", "status": 201, "id": album_id}
    assert (made["request_id"], made["ip"]) == ("album-write-1", "192.0.2.7")
    assert (deleted["action"], deleted["user"]) == ("media_api.delete_album", "ADMIN_TOKEN")
    assert deleted["target"] == f"/api/v1/albums/{album_id}"


def test_an_exams_publication_time_is_an_entry_of_its_own(portal):
    officer = portal.staff("khao-thi", ["exam_officer"])
    import_results(portal, "?published_at=2026-07-16T08:00:00%2B07:00", headers=officer)
    patched = portal.exams.patch("/api/v1/exams/thpt-2025", json={"published_at": None}, headers=officer)
    assert patched.status_code == 200
    renamed = portal.exams.patch("/api/v1/exams/thpt-2025", json={"name": "Kỳ thi THPT 2025"}, headers=officer)
    assert renamed.status_code == 200
    publications = portal.entries(action="exam.publication")
    assert [(entry["user"], entry["target"], entry["detail"]) for entry in publications] == [
        ("khao-thi", "thpt-2025", {"published_at": None, "via": "patch"}),
        ("khao-thi", "thpt-2025", {"published_at": "2026-07-16T08:00:00+07:00", "via": "import"}),
    ]
    writes = [entry["action"] for entry in portal.entries(user="khao-thi") if entry["action"].startswith("exams_api.")]
    assert writes == ["exams_api.patch_exam", "exams_api.patch_exam", "exams_api.put_results"]


def test_a_refused_or_failed_write_records_nothing(portal):
    editor = portal.staff("bien-tap", ["editor"])
    officer = portal.staff("khao-thi", ["exam_officer"])
    assert portal.exams.patch("/api/v1/exams/thpt-2025", json={"name": "x"}, headers=editor).status_code == 403
    assert portal.exams.patch("/api/v1/exams/khong-co", json={"name": "x"}, headers=officer).status_code == 404
    assert portal.media.post("/api/v1/albums", json={}, headers=editor).status_code == 400
    assert portal.media.post("/api/v1/albums", json={"title": "x"}, headers=bearer("nope")).status_code == 401
    assert [entry for entry in portal.entries() if not entry["action"].startswith(("auth.", "user."))] == []


def test_an_audit_log_out_of_reach_never_fails_the_write(tmp_path, caplog):
    down = f"http://127.0.0.1:{free_port()}"
    app = media.create_app({"DATA_DIR": str(tmp_path), "ADMIN_TOKEN": TEST_ADMIN_TOKEN, "ACCOUNTS_URL": down})
    caplog.set_level(logging.WARNING, logger="portal_common.audit")
    created = app.test_client().post("/api/v1/albums", json={"title": "Vẫn lưu"}, headers=MACHINE)
    assert created.status_code == 201
    assert app.test_client().get(f"/api/v1/albums/{created.get_json()['id']}").status_code == 200
    [line] = [record for record in caplog.records if record.name == "portal_common.audit"]
    assert line.getMessage() == "audit entry not recorded: the accounts service could not be reached"
    assert line.fields["audit_action"] == "media_api.create_album" and line.exc_info is None  # one line, no trace


def test_embargoed_results_are_read_by_exam_officers_admins_and_the_machine_token(portal):
    import_results(portal, "?published_at=2026-07-16T08:00:00%2B07:00")
    readers = {
        "exam_officer": portal.staff("khao-thi", ["exam_officer"]),
        "admin": portal.staff("quan-tri", ["admin"]),
        "machine": MACHINE,
    }
    for who, headers in readers.items():
        response = portal.exams.get(RESULT, headers=headers)
        assert response.status_code == 200, who
        assert response.headers["Cache-Control"] == "private, no-store", who
    for who, headers in {
        "editor": portal.staff("bien-tap", ["editor"]),
        "approver": portal.staff("duyet-tin", ["approver"]),
        "a tampered token": bearer(portal.tokens["khao-thi"][:-2] + "xx"),
        "nobody": {},
    }.items():
        response = portal.exams.get(RESULT, headers=headers)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_published", who
