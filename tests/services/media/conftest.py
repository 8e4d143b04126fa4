"""Media service fixtures: the app on every document backend × every object backend
(`any_app`), or on the embedded default only (`app`), and helpers that look straight into the
storage to prove what was (not) stored."""

import io
import os

import pytest

from services.media import create_app
from tests.conftest import TEST_ADMIN_TOKEN

TOKEN = TEST_ADMIN_TOKEN
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def any_app(backend_config, objects_config):
    return create_app({**backend_config, **objects_config})


@pytest.fixture
def any_client(any_app):
    return any_app.test_client()


@pytest.fixture
def app(embedded_config):
    return create_app(embedded_config)


def stored_keys(app):
    """Every object key in the app's bucket or objects folder, read from the storage itself."""
    objects = app.extensions["media_objects"]
    if hasattr(objects, "bucket"):
        if not objects.client.bucket_exists(objects.bucket):
            return set()
        return {item.object_name for item in objects.client.list_objects(objects.bucket, recursive=True)}
    keys = set()
    for folder, _, names in os.walk(objects.root):
        for name in names:
            relative = os.path.relpath(os.path.join(folder, name), objects.root)
            if not name.endswith(".meta.json") and not name.startswith(".upload-"):
                keys.add(relative.replace(os.sep, "/"))
            elif name.startswith(".upload-"):
                keys.add("TEMP:" + relative)
    return keys


def stored_rows(app):
    """(albums' images, videos, object rows) as the metadata store has them."""
    from portal_common.store import get_store

    with app.app_context():
        store = get_store()
        albums, _ = store.list_albums(0, 100)
        _, videos = store.list_videos(0, 100)
        return sum(album["image_count"] for album in albums), videos, store.count_objects()


def make_album(client, title="Album thử"):
    response = client.post("/api/v1/albums", json={"title": title}, headers=AUTH)
    assert response.status_code == 201, response.json
    return response.json["id"]


def upload_image(client, album_id, data, filename="photo.jpg", title=None, field="file", content_type=None):
    form = {field: (io.BytesIO(data), filename, content_type or "image/jpeg")}
    if title is not None:
        form["title"] = title
    return client.post(f"/api/v1/albums/{album_id}/images", data=form, headers=AUTH, content_type="multipart/form-data")


def upload_video(client, data, title="Clip", filename="clip.mp4", poster=None):
    form = {"file": (io.BytesIO(data), filename, "video/mp4"), "title": title}
    if poster is not None:
        form["poster"] = (io.BytesIO(poster), "poster.jpg", "image/jpeg")
    return client.post("/api/v1/videos", data=form, headers=AUTH, content_type="multipart/form-data")


def body_of(response):
    return b"".join(response.response) if response.is_streamed else response.data
