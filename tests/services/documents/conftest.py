"""Documents service fixtures: the app on every document backend × every object backend
(`any_app`), or on the embedded default only (`app`), and helpers to write documents."""

import io
import os
from datetime import date, timedelta

import pytest

from services.documents import create_app
from tests.conftest import TEST_ADMIN_TOKEN

from .files import text_pdf

AUTH = {"Authorization": f"Bearer {TEST_ADMIN_TOKEN}"}


@pytest.fixture
def any_app(backend_config, objects_config):
    return create_app({**backend_config, **objects_config})


@pytest.fixture
def any_client(any_app):
    return any_app.test_client()


@pytest.fixture
def app(embedded_config):
    return create_app(embedded_config)


def day(offset=0):
    """Today in Vietnam, moved by `offset` days, as the API writes dates."""
    from services.documents.statuses import today

    return (date.fromisoformat(today()) + timedelta(days=offset)).isoformat()


def fields(**overrides):
    values = {
        "number": "142/KH-BGDĐT",
        "type": "Kế hoạch",
        "issuer": "Bộ Giáo dục và Đào tạo",
        "signer": "Nguyễn Văn Minh",
        "issued_on": "2019-02-26",
        "field": "Truyền thông",
        "summary": "Kế hoạch công tác truyền thông về giáo dục và đào tạo năm 2019",
    }
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def pdf_part(name="Kế hoạch 142.pdf", lines=("Ke hoach truyen thong",)):
    return (io.BytesIO(text_pdf([list(lines)])), name)


def create(client, files=None, **overrides):
    """POST a document; `files`: a list of (bytes or BytesIO, name), default one text PDF."""
    parts = [
        (io.BytesIO(data) if isinstance(data, bytes) else data, name)
        for data, name in (files if files is not None else [pdf_part()])
    ]
    return client.post(
        "/api/v1/documents",
        data={**fields(**overrides), "file": parts},
        headers=AUTH,
        content_type="multipart/form-data",
    )


def created(client, files=None, **overrides):
    response = create(client, files, **overrides)
    assert response.status_code == 201, response.json
    return response.json


def body_of(response):
    return b"".join(response.response) if response.is_streamed else response.data


def stored_keys(app):
    """Every object key in the app's bucket or objects folder, read from the storage itself."""
    objects = app.extensions["document_objects"]
    if hasattr(objects, "bucket"):
        if not objects.client.bucket_exists(objects.bucket):
            return set()
        return {item.object_name for item in objects.client.list_objects(objects.bucket, recursive=True)}
    keys = set()
    for folder, _, names in os.walk(objects.root):
        for name in names:
            if not name.endswith(".meta.json"):
                keys.add(os.path.relpath(os.path.join(folder, name), objects.root).replace(os.sep, "/"))
    return keys
