"""`make run`'s runner: the admin token is kept across runs, and loading the demo content twice
adds nothing (running `make run` again keeps the data and adds no duplicates)."""

import os
import stat

from services import articles, exams, media
from tools.run_portal import admin_token, load_demo_content


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
