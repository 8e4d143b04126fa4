"""Passwords: argon2id with the configured parameters, rehashed at sign-in when they change; the
rules a new password must pass; never returned, never logged."""

import json
import logging
import unicodedata

import pytest

from portal_common.logging_setup import JsonFormatter
from portal_common.store import get_store
from services.accounts import create_app
from services.accounts.passwords import Passwords, common_passwords
from services.accounts.settings import ARGON2_DEFAULTS

from .conftest import CHEAP_ARGON2, MACHINE, PASSWORD, accounts_config, audit, make_user, sign_in


def rules(**config):
    words = {"PASSWORD_MIN_LENGTH": 10, "PASSWORD_CONTEXT_WORDS": "sogd,sogddt,sogiaoduc"}
    return Passwords({**CHEAP_ARGON2, **words, **config})


def stored_hash(app, username):
    with app.app_context():
        return get_store().get_user(username)["password_hash"]


def test_the_default_parameters_are_argon2id_with_rfc9106s_second_profile():
    checker = Passwords({**ARGON2_DEFAULTS, "PASSWORD_MIN_LENGTH": 10})
    made = checker.hash(PASSWORD)
    assert made.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert checker.verify(made, PASSWORD) and not checker.verify(made, PASSWORD + "x")
    assert checker.dummy_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_hash_is_rehashed_at_sign_in_when_the_parameters_change(embedded_config):
    before = create_app(accounts_config(embedded_config))
    make_user(before.test_client(), "anh")
    assert stored_hash(before, "anh").startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    after = create_app(accounts_config(embedded_config, ARGON2_TIME_COST=2, ARGON2_MEMORY_KIB=2048))
    client = after.test_client()
    assert sign_in(client, "anh", "wrong-password-1").status_code == 401
    assert stored_hash(after, "anh").startswith("$argon2id$v=19$m=1024,t=1,p=1$")  # a failure changes nothing
    assert sign_in(client, "anh").status_code == 200
    assert stored_hash(after, "anh").startswith("$argon2id$v=19$m=2048,t=2,p=1$")
    assert sign_in(client, "anh").status_code == 200  # the new hash verifies; no second rehash
    details = [entry["detail"] for entry in audit(client, action="auth.sign_in")]
    assert details == [None, {"rehashed": True}]


def test_a_password_does_not_depend_on_the_keyboard_that_typed_it(client):
    composed = "Mật-khẩu-Bình-Định-2026"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    make_user(client, "thu", password=composed)
    assert sign_in(client, "thu", decomposed).status_code == 200


@pytest.mark.parametrize(
    "password, why",
    [
        ("short-pw1", "ít nhất 10"),
        ("x" * 1025, "dài quá"),
        ("1234567890", "phổ biến"),
        ("qwertyuiop", "phổ biến"),
        ("Basketball", "phổ biến"),
        ("password1234", "phổ biến"),
        ("Dragon2024!!", "phổ biến"),
        ("!!2025iloveyou", "phổ biến"),
        ("cuong-secret-2026", "tên đăng nhập"),
        ("CUONG.bi.mat.99", "tên đăng nhập"),
        ("sogd@2026-abc", "cơ quan"),
        ("Sở GD&ĐT 2026!", "cơ quan"),
        ("So-Giao-Duc-Tinh", "cơ quan"),
        ("abababababab", "đơn giản"),
    ],
)
def test_weak_passwords_are_refused(password, why):
    problem = rules().problem(password, "cuong")
    assert problem and why in problem


@pytest.mark.parametrize("password", [PASSWORD, "ngựa-đúng-pin-kẹp-giấy", "Wz8#kq2!Lm0p", "correct horse battery"])
def test_good_passwords_pass(password):
    assert rules().problem(password, "cuong") is None


def test_the_minimum_length_is_never_below_ten():
    assert "ít nhất 10" in rules(PASSWORD_MIN_LENGTH=6).problem("Wz8#kq2!L", "cuong")
    assert "ít nhất 14" in rules(PASSWORD_MIN_LENGTH=14).problem("Wz8#kq2!Lm0p", "cuong")


def test_the_shipped_list_is_the_ten_thousand():
    listed = common_passwords()
    assert len(listed) == 10000
    assert {"password", "123456", "qwertyuiop", "1234567890", "iloveyou"} <= listed


def test_a_common_password_is_refused_over_http(client):
    response = client.post(
        "/api/v1/users",
        json={"username": "daoha", "password": "1234567890", "display_name": "Đào Hà", "roles": ["editor"]},
        headers=MACHINE,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "password"
    assert "phổ biến" in response.get_json()["error"]["message"]
    make_user(client, "daoha")
    response = client.patch("/api/v1/users/daoha", json={"password": "Dao.Ha-2026-moi"}, headers=MACHINE)
    assert response.status_code == 422 and "tên đăng nhập" in response.get_json()["error"]["message"]


def test_a_password_is_never_returned_nor_logged(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "Bi-mat-cua-Giang-2026"
    bodies = [
        client.post(
            "/api/v1/users",
            json={"username": "giang", "password": secret, "display_name": "Giang", "roles": ["admin"]},
            headers=MACHINE,
        ),
        sign_in(client, "giang", secret),
        sign_in(client, "giang", secret + "-wrong"),
        client.patch("/api/v1/users/giang", json={"password": secret + "-new"}, headers=MACHINE),
        client.get("/api/v1/users", headers=MACHINE),
        client.get("/api/v1/users/giang", headers=MACHINE),
        client.get("/api/v1/audit", headers=MACHINE),
    ]
    formatter = JsonFormatter("accounts")
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    for response in bodies:
        text = response.get_data(as_text=True)
        assert secret not in text and "$argon2" not in text and "password_hash" not in text
    assert secret not in logged and "$argon2" not in logged
    assert all("password" not in json.dumps(entry["detail"] or {}) for entry in audit(client))
