"""Staff accounts on the real processes (gunicorn, embedded storage), everything through the
gateway: the admin that ensure-admin made at the first start signs in, makes an editor; the
editor signs in, makes an album and uploads a photo, and is refused (403) an exam import; the
audit log says who did what, and no log holds a password or a token."""

import os

import pytest
import requests

from tests.support.portal import RunningPortal

pytestmark = pytest.mark.slow

PHOTO = os.path.join(os.path.dirname(__file__), "..", "..", "services", "media", "demo_data", "rocket.jpg")
EDITOR_PASSWORD = "Hoa-phuong-do-mua-thi"
CSV = b"SBD,TOAN,VAN\n26000001,8.5,7\n"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    running = RunningPortal(tmp_path_factory.mktemp("accounts-live"), demo=False).start()
    yield running
    running.stop()


def sign_in(portal, username, password):
    answer = requests.post(
        f"{portal.url}/api/v1/auth/token", json={"username": username, "password": password}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.json()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_makes_an_editor_who_uploads_a_photo_and_may_not_import_results(portal):
    signed_in = sign_in(portal, "admin", portal.admin_password)
    assert signed_in["user"]["roles"] == ["admin"]
    admin = bearer(signed_in["token"])

    body = {"username": "bien-tap", "password": EDITOR_PASSWORD, "display_name": "Biên tập viên", "roles": ["editor"]}
    created = requests.post(f"{portal.url}/api/v1/users", json=body, headers=admin, timeout=10)
    assert created.status_code == 201, created.text
    assert EDITOR_PASSWORD not in created.text and "hash" not in created.text

    editor = bearer(sign_in(portal, "bien-tap", EDITOR_PASSWORD)["token"])
    album = requests.post(f"{portal.url}/api/v1/albums", json={"title": "Hội nghị"}, headers=editor, timeout=10)
    assert album.status_code == 201, album.text
    with open(PHOTO, "rb") as photo:
        uploaded = requests.post(
            f"{portal.url}/api/v1/albums/{album.json()['id']}/images",
            files={"file": ("hoi-nghi.jpg", photo, "image/jpeg")},
            data={"title": "Khai mạc"},
            headers=editor,
            timeout=30,
        )
    assert uploaded.status_code == 201, uploaded.text
    shown = requests.get(f"{portal.url}/api/v1/albums/{album.json()['id']}", timeout=10).json()
    assert [image["title"] for image in shown["images"]] == ["Khai mạc"]
    # Links from PUBLIC_BASE_URL, which the runner sets to the gateway's address.
    assert shown["images"][0]["urls"]["original"].startswith(portal.url + "/")

    refused = requests.put(
        f"{portal.url}/api/v1/exams/thpt-2026/results",
        data=CSV,
        headers={**editor, "Content-Type": "text/csv"},
        timeout=10,
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert requests.get(f"{portal.url}/api/v1/exams", timeout=10).json()["total"] == 0
    # An editor may not read the audit log, nor make accounts.
    assert requests.get(f"{portal.url}/api/v1/audit", headers=editor, timeout=10).status_code == 403
    assert requests.post(f"{portal.url}/api/v1/users", json=body, headers=editor, timeout=10).status_code == 403

    entries = requests.get(
        f"{portal.url}/api/v1/audit", params={"user": "bien-tap", "per_page": 100}, headers=admin, timeout=10
    ).json()["items"]
    actions = {entry["action"] for entry in entries}
    assert {"auth.sign_in", "media_api.create_album", "media_api.upload_image"} <= actions
    assert not {"exams_api.put_results"} & actions
    assert all(entry["ip"] == "127.0.0.1" for entry in entries)
    by_admin = requests.get(
        f"{portal.url}/api/v1/audit", params={"action": "user.create"}, headers=admin, timeout=10
    ).json()["items"]
    # Newest first: the editor made by the admin, and the admin made by ensure-admin at the first start.
    assert [(entry["user"], entry["target"]) for entry in by_admin] == [("admin", "bien-tap"), (None, "admin")]

    logs = "".join(portal.log(name) for name in ("gateway", "accounts", "media", "exams"))
    for secret in (portal.admin_password, EDITOR_PASSWORD, signed_in["token"]):
        assert secret not in logs


def test_a_wrong_password_is_a_401_with_one_message_and_sign_in_is_limited_at_the_gateway(portal):
    wrong = requests.post(
        f"{portal.url}/api/v1/auth/token", json={"username": "admin", "password": "not-it-at-all"}, timeout=10
    )
    unknown = requests.post(
        f"{portal.url}/api/v1/auth/token", json={"username": "khong-co", "password": "not-it-at-all"}, timeout=10
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"]
    assert wrong.headers["WWW-Authenticate"] == "Bearer"
    assert requests.get(f"{portal.url}/api/v1/users", timeout=10).status_code == 401
    assert requests.post(f"{portal.url}/api/v1/audit", json={"action": "x"}, timeout=10).status_code == 405
