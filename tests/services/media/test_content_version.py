"""The media service's content version (polled by the gateway to drop its caches): every
successful write changes it, refused writes and reads do not."""

import logging

from .conftest import AUTH, make_album


def version(client):
    response = client.get("/api/v1/content-version")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    return response.json["version"]


def test_each_successful_write_changes_the_version(client):
    seen = [version(client)]
    album_id = make_album(client)
    seen.append(version(client))
    assert client.patch(f"/api/v1/albums/{album_id}", json={"title": "Album đã sửa"}, headers=AUTH).status_code == 200
    seen.append(version(client))
    assert client.delete(f"/api/v1/albums/{album_id}", headers=AUTH).status_code == 204
    seen.append(version(client))
    assert len(set(seen)) == 4


def test_refused_writes_and_reads_leave_the_version(client):
    album_id = make_album(client)
    before = version(client)
    assert client.post("/api/v1/albums", json={"title": "Không có mã"}).status_code == 401
    assert client.post("/api/v1/albums", json={}, headers=AUTH).status_code == 400
    assert client.patch("/api/v1/albums/khong-co", json={"title": "x"}, headers=AUTH).status_code == 404
    assert client.delete("/api/v1/videos/khong-co", headers=AUTH).status_code == 404
    assert client.get("/api/v1/albums").status_code == 200
    assert client.get(f"/api/v1/albums/{album_id}").status_code == 200
    assert version(client) == before


def test_the_demo_load_from_the_command_line_changes_the_version(runner, client):
    before = version(client)
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert version(client) != before


def test_polling_the_version_writes_no_access_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        for _ in range(3):
            version(client)
    assert [r for r in caplog.records if r.name == "portal.access"] == []
