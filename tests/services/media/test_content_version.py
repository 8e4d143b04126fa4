"""The media service's content version (polled by the gateway to drop its caches): every
successful write changes it, refused writes and reads do not."""

from tests.support.content_version import (
    assert_polling_writes_no_access_log_line,
    assert_the_demo_load_changes_the_version,
    version,
)

from .conftest import AUTH, make_album


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
    assert_the_demo_load_changes_the_version(runner, client)


def test_polling_the_version_writes_no_access_log_line(client, caplog):
    assert_polling_writes_no_access_log_line(client, caplog)
