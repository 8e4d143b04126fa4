"""Presigned URLs on the real S3 server (the redirect target seeks too), readiness, and the
OpenAPI document covering every route."""

import requests

from portal_common.openapi import routes_missing_from
from services.media import create_app
from services.media.openapi import spec

from .conftest import make_album, upload_image
from .images import jpeg


def test_presigned_redirect_serves_ranges(s3_server, tmp_path):
    config = {
        "DATA_DIR": str(tmp_path),
        "ADMIN_TOKEN": "test-admin-token",
        "MEDIA_PRESIGNED_URLS": True,
        **s3_server.config("presigned-media"),
    }
    client = create_app(config).test_client()
    data = jpeg(900, 700)
    image = upload_image(client, make_album(client), data).json
    redirect = client.get(image["urls"]["original"])
    assert redirect.status_code == 302
    location = redirect.headers["Location"]
    assert location.startswith(f"http://{s3_server.endpoint}/presigned-media/images/{image['id']}/original.jpg?")
    whole = requests.get(location, timeout=5)
    assert whole.status_code == 200 and whole.content == data and whole.headers["Content-Type"] == "image/jpeg"
    for start, end in [(0, 99), (5000, 5999), (len(data) - 7, len(data) - 1)]:
        part = requests.get(location, headers={"Range": f"bytes={start}-{end}"}, timeout=5)
        assert part.status_code == 206 and part.content == data[start : end + 1]


def test_presigned_setting_without_s3_serves_bytes_itself(client, app):
    app.config["MEDIA_PRESIGNED_URLS"] = True
    image = upload_image(client, make_album(client), jpeg()).json
    assert client.get(image["urls"]["thumb"]).status_code == 200


def test_readiness_checks_storage_and_objects(client):
    body = client.get("/readyz").json
    assert body["checks"]["objects"] == {"status": "ok", "backend": "files"}
    assert body["checks"]["storage"]["status"] == "ok"


def test_bucket_is_created_at_start(s3_server, tmp_path):
    config = {**s3_server.config("unused"), "S3_BUCKET": "made-at-start", "DATA_DIR": str(tmp_path)}
    create_app(config)
    assert s3_server.client().bucket_exists("made-at-start")


def test_readiness_says_when_object_storage_is_down(tmp_path):
    from tools.processes import free_port

    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "S3_ENDPOINT": f"127.0.0.1:{free_port()}",
            "S3_ACCESS_KEY": "a",
            "S3_SECRET_KEY": "b",
        }
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["objects"]["status"] == "down"


def test_openapi_describes_every_route(app):
    assert routes_missing_from(app, spec()) == []
    assert app.test_client().get("/api/v1/openapi.json").json["paths"]["/api/v1/albums/{album_id}/images"]["post"]
