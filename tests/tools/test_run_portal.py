"""`make run`'s runner: the admin token and the signing key are kept across runs, the first
staff account is made once, what it prints names where the secrets are and never the secrets,
and loading the demo content twice adds nothing (running `make run` again keeps the data and adds
no duplicates)."""

import io
import os
import pty
import stat

from services import articles, exams, media
from tools.processes import auth_signing_key, portal_environment
from tools.run_portal import admin_lines, admin_token, ensure_admin, load_demo_content, show_once

CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}


def test_admin_token_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("ADMIN_TOKEN", "from-env")
    assert admin_token(str(tmp_path)) == "from-env"
    assert not os.path.exists(tmp_path / "admin-token")


def test_admin_token_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("ADMIN_TOKEN", raising=False)
    first = admin_token(str(tmp_path))
    assert len(first) >= 24
    assert admin_token(str(tmp_path)) == first
    assert stat.S_IMODE(os.stat(tmp_path / "admin-token").st_mode) == 0o600


def test_the_signing_key_is_made_once_and_kept_private_unless_the_environment_gives_one(tmp_path, monkeypatch):
    monkeypatch.delenv("AUTH_SIGNING_KEY", raising=False)
    first = auth_signing_key(str(tmp_path))
    assert len(first.encode()) >= 32 and auth_signing_key(str(tmp_path)) == first
    assert stat.S_IMODE(os.stat(tmp_path / "auth-signing-key").st_mode) == 0o600
    monkeypatch.setenv("AUTH_SIGNING_KEY", "from-the-environment-0123456789-abcdef")
    assert auth_signing_key(str(tmp_path)) == "from-the-environment-0123456789-abcdef"


def test_every_process_gets_the_key_the_services_and_the_public_address(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    ports = {"gateway": 9000, "articles": 9001, "media": 9002, "exams": 9003, "accounts": 9004}
    env = portal_environment(str(tmp_path), "t", ports, signing_key="k" * 32)
    assert env["AUTH_SIGNING_KEY"] == "k" * 32 and env["ACCOUNTS_URL"] == "http://127.0.0.1:9004"
    assert env["PUBLIC_BASE_URL"] == "http://127.0.0.1:9000"
    assert portal_environment(str(tmp_path), "t", {**ports, "edge": 9080})["PUBLIC_BASE_URL"] == "http://127.0.0.1:9080"


def test_the_first_admin_is_made_once_and_its_password_is_kept_nowhere(tmp_path, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    data_dir, key = str(tmp_path), "k" * 32
    created, password = ensure_admin(data_dir, "t", key, CHEAP_ARGON2)
    assert created and len(password) >= 20
    assert not os.path.exists(os.path.join(data_dir, "admin-password"))
    lines = "\n".join(admin_lines(os.path.join(data_dir, "admin-token"), created, True))
    assert password not in lines and "admin-token" in lines and "hiện một lần" in lines
    # Again: nothing made, nothing said of a password.
    assert ensure_admin(data_dir, "t", key, CHEAP_ARGON2) == (False, None)
    assert "mật khẩu" not in "\n".join(admin_lines(None, False, False))


def test_the_first_admin_takes_admin_password_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "Mat-khau-quan-tri-2026")
    created, password = ensure_admin(str(tmp_path), "t", "k" * 32, CHEAP_ARGON2)
    assert created and password is None and not os.path.exists(tmp_path / "admin-password")
    assert "ADMIN_PASSWORD" in "\n".join(admin_lines(None, created, False))


def test_a_generated_password_goes_to_the_terminal_not_to_the_output(tmp_path):
    leader, follower = pty.openpty()
    output = io.StringIO()
    try:
        shown = show_once("Bi-mat-123", terminal=os.ttyname(follower), fallback=output)
        assert shown == os.ttyname(follower) and output.getvalue() == ""
        assert b"Bi-mat-123" in os.read(leader, 4096)
    finally:
        os.close(leader)
        os.close(follower)
    # No terminal at all (a service manager): the output is the only place left.
    assert show_once("Bi-mat-456", terminal=str(tmp_path / "no-tty"), fallback=output) == "stdout"
    assert output.getvalue().count("Bi-mat-456") == 1


def _counts(data_dir):
    config = {"DATA_DIR": data_dir, "ADMIN_TOKEN": "t"}
    article_client = articles.create_app(config).test_client()
    media_client = media.create_app(config).test_client()
    exams_client = exams.create_app(config).test_client()
    return {
        "articles": article_client.get("/api/v1/articles?per_page=1").json["total"],
        "albums": media_client.get("/api/v1/albums").json["total"],
        "videos": media_client.get("/api/v1/videos").json["total"],
        "exams": [(e["id"], e["candidates"]) for e in exams_client.get("/api/v1/exams").json["items"]],
    }


def test_demo_content_loads_once(tmp_path):
    data_dir = str(tmp_path)
    load_demo_content(data_dir, "t")
    first = _counts(data_dir)
    assert first["articles"] >= 100  # enough for five pages of a pager
    assert first["albums"] >= 1 and first["videos"] >= 1
    assert first["exams"] and all(candidates > 0 for _, candidates in first["exams"])
    load_demo_content(data_dir, "t")
    assert _counts(data_dir) == first
