"""Albums on both document backends: create, rename, cover, order, paging, delete."""

from .conftest import AUTH, make_album, upload_image
from .images import jpeg, png


def test_album_lifecycle(backend_config):
    from services.media import create_app

    client = create_app(backend_config).test_client()
    album_id = make_album(client, "Hội thi giáo viên dạy giỏi")
    first = upload_image(client, album_id, jpeg(), title="Một").json
    second = upload_image(client, album_id, png(), title="Hai").json
    third = upload_image(client, album_id, jpeg(color=(0, 0, 200))).json
    album = client.get(f"/api/v1/albums/{album_id}").json
    assert [i["id"] for i in album["images"]] == [first["id"], second["id"], third["id"]]
    assert [i["title"] for i in album["images"]] == ["Một", "Hai", ""]
    assert album["count"] == 3 and album["cover_key"] == first["keys"]["thumb"]

    renamed = client.patch(f"/api/v1/albums/{album_id}", json={"title": "Tên mới", "cover": third["id"]}, headers=AUTH)
    assert renamed.status_code == 200
    assert renamed.json["title"] == "Tên mới" and renamed.json["cover_key"] == third["keys"]["thumb"]
    listed = client.get("/api/v1/albums").json["items"][0]
    assert listed["cover_key"] == third["keys"]["thumb"] and listed["count"] == 3

    order = [third["id"], first["id"], second["id"]]
    ordered = client.put(f"/api/v1/albums/{album_id}/order", json={"images": order}, headers=AUTH)
    assert ordered.status_code == 200 and [i["id"] for i in ordered.json["images"]] == order
    for wrong in ([first["id"], second["id"]], order + [first["id"]], [first["id"], second["id"], "x"], "abc"):
        assert client.put(f"/api/v1/albums/{album_id}/order", json={"images": wrong}, headers=AUTH).status_code == 400

    # Deleting the cover falls back to the first image in order.
    assert client.delete(f"/api/v1/images/{third['id']}", headers=AUTH).status_code == 204
    album = client.get(f"/api/v1/albums/{album_id}").json
    assert album["cover_image_id"] is None and album["cover_key"] == first["keys"]["thumb"] and album["count"] == 2
    # A new image goes after the others.
    fourth = upload_image(client, album_id, jpeg()).json
    assert [i["id"] for i in client.get(f"/api/v1/albums/{album_id}").json["images"]] == [
        first["id"],
        second["id"],
        fourth["id"],
    ]


def test_cover_must_be_an_image_of_the_album(backend_config):
    from services.media import create_app

    client = create_app(backend_config).test_client()
    one, other = make_album(client, "Một"), make_album(client, "Hai")
    foreign = upload_image(client, other, jpeg()).json
    response = client.patch(f"/api/v1/albums/{one}", json={"cover": foreign["id"]}, headers=AUTH)
    assert response.status_code == 400 and response.json["error"]["field"] == "cover"
    assert client.patch(f"/api/v1/albums/{one}", json={"cover": None}, headers=AUTH).status_code == 200
    assert client.patch("/api/v1/albums/missing", json={"title": "x"}, headers=AUTH).status_code == 404


def test_paging_newest_first_and_limits(backend_config):
    from services.media import create_app

    client = create_app(backend_config).test_client()
    ids = [make_album(client, f"Album {n}") for n in range(5)]
    page = client.get("/api/v1/albums?per_page=2&page=2").json
    assert [a["id"] for a in page["items"]] == [ids[2], ids[1]]
    assert (page["total"], page["pages"], page["page"], page["per_page"]) == (5, 3, 2, 2)
    assert client.get("/api/v1/albums?per_page=101").status_code == 400
    assert client.get("/api/v1/albums").json["items"][0] == {
        "id": ids[4],
        "title": "Album 4",
        "count": 0,
        "cover_image_id": None,
        "cover_key": None,
        "created_at": client.get(f"/api/v1/albums/{ids[4]}").json["created_at"],
        "event_date": None,
    }


def test_titles_are_checked(client):
    for body in ({}, {"title": ""}, {"title": "   "}, {"title": 5}, {"title": "x" * 201}):
        response = client.post("/api/v1/albums", json=body, headers=AUTH)
        assert response.status_code == 400 and response.json["error"]["field"] == "title"
    assert client.post("/api/v1/albums", data="not json", headers=AUTH).status_code == 400
    assert client.get("/api/v1/albums/none").status_code == 404
    assert client.delete("/api/v1/albums/none", headers=AUTH).status_code == 404
