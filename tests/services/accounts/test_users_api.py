"""The users API: admin only (401 without a token, 403 for every other role), its checks, and
the last active admin's protection."""

import os

import pytest

from portal_common.staff_tokens import ROLES

from .conftest import MACHINE, PASSWORD, audit, bearer, make_user, sign_in, token_for

ADMIN_ROUTES = [
    ("GET", "/api/v1/users", None),
    ("POST", "/api/v1/users", {"username": "moi", "password": PASSWORD, "display_name": "Mới", "roles": ["editor"]}),
    ("GET", "/api/v1/users/target", None),
    ("PATCH", "/api/v1/users/target", {"display_name": "Đích"}),
    ("GET", "/api/v1/audit", None),
]
OTHER_ROLES = [role for role in ROLES if role != "admin"]


@pytest.fixture
def tokens(client):
    make_user(client, "target")
    found = {role: token_for(client, f"as-{role}", roles=[role]) for role in ROLES}
    found["everything-but-admin"] = token_for(client, "many-roles", roles=OTHER_ROLES)
    return found


@pytest.mark.parametrize("method, path, body", ADMIN_ROUTES)
def test_admin_routes_refuse_everyone_else(client, tokens, method, path, body):
    for headers in ({}, {"Authorization": "Basic Zm9vOmJhcg=="}, {"Authorization": "Bearer not-the-admin-token"}):
        response = client.open(path, method=method, json=body, headers=headers)
        assert response.status_code == 401, (headers, response.get_json())
        assert response.headers["WWW-Authenticate"] == "Bearer" and "error" in response.get_json()
    for role in [*OTHER_ROLES, "everything-but-admin"]:
        response = client.open(path, method=method, json=body, headers=bearer(tokens[role]))
        assert response.status_code == 403, (role, response.get_json())
        assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("method, path, body", ADMIN_ROUTES)
def test_admin_routes_serve_an_admin_and_the_machine_token(client, tokens, method, path, body):
    for number, headers in enumerate((bearer(tokens["admin"]), MACHINE)):
        sent = dict(body, username=f"moi{number}") if body and "username" in body else body
        response = client.open(path, method=method, json=sent, headers=headers)
        assert response.status_code in (200, 201), response.get_json()


def test_only_the_machine_token_appends_to_the_audit_log(client, tokens):
    entry = {"action": "article.create", "target": "ke-hoach"}
    assert client.post("/api/v1/audit", json=entry).status_code == 401
    assert client.post("/api/v1/audit", json=entry, headers=bearer("forged.token.here")).status_code == 401
    for role in ROLES:
        assert client.post("/api/v1/audit", json=entry, headers=bearer(tokens[role])).status_code == 403
    assert client.post("/api/v1/audit", json=entry, headers=MACHINE).status_code == 201


def test_create_answers_the_account_without_its_hash(client):
    response = client.post(
        "/api/v1/users",
        json={
            "username": "thao.nguyen",
            "password": PASSWORD,
            "display_name": "  Nguyễn\u000bThảo ",
            "roles": ["admin", "contributor", "admin"],
            "categories": ["tin-tuc", "thong-bao", "tin-tuc"],
        },
        headers=MACHINE,
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/users/thao.nguyen"
    body = response.get_json()
    assert body["display_name"] == "Nguyễn Thảo"
    assert body["roles"] == ["contributor", "admin"] and body["categories"] == ["thong-bao", "tin-tuc"]
    assert body["disabled"] is False and body["created_at"].endswith("+07:00")
    assert "password" not in body and "password_hash" not in body and "token_version" not in body
    assert client.post("/api/v1/users", json={**_new("thao.nguyen")}, headers=MACHINE).status_code == 409


def _new(username, **changes):
    return {"username": username, "password": PASSWORD, "display_name": "Ai Đó", "roles": ["editor"], **changes}


@pytest.mark.parametrize(
    "body, status, field",
    [
        (_new("Upper"), 422, "username"),
        (_new("ab"), 422, "username"),
        (_new("a" * 41), 422, "username"),
        (_new("has space"), 422, "username"),
        (_new("trần"), 422, "username"),
        (_new("ok.name", roles=["superuser"]), 422, "roles"),
        (_new("ok.name", roles=[]), 422, "roles"),
        (_new("ok.name", roles="editor"), 400, "roles"),
        (_new("ok.name", display_name="   "), 422, "display_name"),
        (_new("ok.name", display_name="x" * 101), 422, "display_name"),
        (_new("ok.name", categories=[]), 422, "categories"),
        (_new("ok.name", categories=["Tin Tức"]), 422, "categories"),
        (_new("ok.name", categories="tin-tuc"), 400, "categories"),
        (_new("ok.name", password=12345678901), 400, "password"),
        (_new("ok.name", password="short"), 422, "password"),
        (_new("ok.name", disabled=True), 400, "disabled"),
        ({"username": "ok.name", "password": PASSWORD, "roles": ["editor"]}, 400, "display_name"),
    ],
)
def test_create_checks_every_field(client, body, status, field):
    response = client.post("/api/v1/users", json=body, headers=MACHINE)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["field"] == field


def test_the_list_is_paged_by_username(client):
    for name in ("vy0", "uyen", "an.le", "bao"):
        make_user(client, name)
    first = client.get("/api/v1/users?per_page=2", headers=MACHINE).get_json()
    assert [item["username"] for item in first["items"]] == ["an.le", "bao"]
    assert (first["total"], first["pages"], first["page"]) == (4, 2, 1)
    second = client.get("/api/v1/users?per_page=2&page=2", headers=MACHINE).get_json()
    assert [item["username"] for item in second["items"]] == ["uyen", "vy0"]
    assert all("password_hash" not in item for item in first["items"] + second["items"])
    assert client.get("/api/v1/users?per_page=101", headers=MACHINE).status_code == 400
    assert client.get("/api/v1/users?page=0", headers=MACHINE).status_code == 400


def test_patch_changes_what_is_sent(client):
    make_user(client, "xuan", roles=["contributor"])
    response = client.patch(
        "/api/v1/users/xuan",
        json={"roles": ["editor", "approver"], "display_name": "Xuân", "categories": ["tin-tuc"]},
        headers=MACHINE,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["roles"], body["display_name"], body["categories"]) == (["editor", "approver"], "Xuân", ["tin-tuc"])
    assert (
        client.patch("/api/v1/users/xuan", json={"categories": None}, headers=MACHINE).get_json()["categories"] is None
    )
    assert client.patch("/api/v1/users/xuan", json={}, headers=MACHINE).status_code == 400
    assert client.patch("/api/v1/users/xuan", json={"username": "x2"}, headers=MACHINE).status_code == 400
    assert client.patch("/api/v1/users/xuan", json={"disabled": "yes"}, headers=MACHINE).status_code == 400
    assert client.patch("/api/v1/users/nobody", json={"disabled": True}, headers=MACHINE).status_code == 404
    assert client.get("/api/v1/users/nobody", headers=MACHINE).status_code == 404
    assert client.get("/api/v1/users/NOT..valid name", headers=MACHINE).status_code == 404


def test_the_last_active_admin_cannot_be_demoted_or_disabled(client):
    token = token_for(client, "yen", roles=["admin"])
    for change in ({"roles": ["editor"]}, {"disabled": True}):
        for headers in (bearer(token), MACHINE):
            refused = client.patch("/api/v1/users/yen", json=change, headers=headers)
            assert refused.status_code == 409, refused.get_json()
            assert refused.get_json()["error"]["code"] == "last_admin"
    assert client.get("/api/v1/auth/check", headers=bearer(token)).status_code == 200  # nothing changed
    # With a second admin, one may step down; then the other is the last.
    make_user(client, "yen2", roles=["admin", "editor"])
    assert client.patch("/api/v1/users/yen", json={"roles": ["editor"]}, headers=bearer(token)).status_code == 200
    assert client.patch("/api/v1/users/yen2", json={"disabled": True}, headers=MACHINE).status_code == 409
    # A disabled admin is no admin: making it active again does not need the check.
    make_user(client, "yen3", roles=["admin"])
    assert client.patch("/api/v1/users/yen3", json={"disabled": True}, headers=MACHINE).status_code == 200
    assert client.patch("/api/v1/users/yen2", json={"roles": ["editor"]}, headers=MACHINE).status_code == 409
    assert client.patch("/api/v1/users/yen3", json={"disabled": False}, headers=MACHINE).status_code == 200
    assert client.patch("/api/v1/users/yen2", json={"roles": ["editor"]}, headers=MACHINE).status_code == 200


def test_each_kind_of_change_is_recorded(client):
    admin = token_for(client, "quan.tri", roles=["admin"])
    make_user(client, "bao.ba", roles=["contributor"])
    headers = bearer(admin)
    client.patch("/api/v1/users/bao.ba", json={"roles": ["editor"], "categories": ["tin-tuc"]}, headers=headers)
    client.patch(
        "/api/v1/users/bao.ba", json={"display_name": "Bảo", "password": "Mat-khau-moi-2026-x"}, headers=headers
    )
    client.patch("/api/v1/users/bao.ba", json={"disabled": True}, headers=headers)
    client.patch("/api/v1/users/bao.ba", json={"disabled": False}, headers=headers)
    client.patch("/api/v1/users/bao.ba", json={"roles": ["editor"]}, headers=headers)  # no change: no entry
    entries = audit(client, target="bao.ba")
    assert [(entry["action"], entry["user"]) for entry in entries] == [
        ("user.enable", "quan.tri"),
        ("user.disable", "quan.tri"),
        ("user.password", "quan.tri"),
        ("user.display_name", "quan.tri"),
        ("user.categories", "quan.tri"),
        ("user.roles", "quan.tri"),
        ("user.create", "ADMIN_TOKEN"),
    ]
    assert entries[-2]["detail"] == {"from": ["contributor"], "to": ["editor"]}
    assert entries[-3]["detail"] == {"from": None, "to": ["tin-tuc"]}
    assert entries[-4]["detail"] == {"from": "Bao.Ba", "to": "Bảo"}


def test_the_first_password_file_goes_when_the_password_changes(app, client):
    path = os.path.join(app.config["DATA_DIR"], "admin-password")
    make_user(client, "admin", roles=["admin"])
    with open(path, "w") as kept:
        kept.write(PASSWORD + "\n")
    client.patch("/api/v1/users/admin", json={"display_name": "Quản trị viên"}, headers=MACHINE)
    assert os.path.exists(path)
    client.patch("/api/v1/users/admin", json={"password": "Mat-khau-that-2026-q"}, headers=MACHINE)
    assert not os.path.exists(path)
    assert sign_in(client, "admin", "Mat-khau-that-2026-q").status_code == 200
