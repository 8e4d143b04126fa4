"""The site settings on both stores: defaults until an admin saves; only admins change them; every
field checked in Vietnamese; the logo judged from its bytes, kept small and re-encoded (nothing but
pixels), served with an ETag that also names its URL, 304 on If-None-Match; each write moves the
content version and is in the audit log."""

import io

import pytest
from PIL import Image

from tests.support.content_version import version

from .conftest import ADMIN


def image_bytes(fmt="JPEG", size=(1200, 600), **save):
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 156)).save(out, format=fmt, **save)
    return out.getvalue()


def upload(client, data, name="logo.jpg", headers=ADMIN):
    return client.put("/api/v1/site/logo", data={"file": (io.BytesIO(data), name)}, headers=headers)


def test_defaults_then_an_admins_changes(any_app):
    client = any_app.test_client()
    first = client.get("/api/v1/site").json
    assert first["name"] == "Sở Giáo dục và Đào tạo" and first["logo"] is None and first["version"] == 0
    before = version(client)
    changed = client.patch(
        "/api/v1/site",
        json={"province": "tỉnh Lam Sơn", "phone": "0237 3852 100", "email": "VP@Example.vn"},
        headers=ADMIN,
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["province"] == "tỉnh Lam Sơn" and changed.json["email"] == "VP@example.vn"
    assert changed.json["name"] == "Sở Giáo dục và Đào tạo"  # fields not sent stay
    assert client.get("/api/v1/site").json == changed.json
    assert version(client) != before


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"email": "khong-hop-le"}, 422, "email"),
        ({"phone": "gọi cho tôi"}, 422, "phone"),
        ({"name": ""}, 422, "name"),
        ({"name": "x" * 201}, 422, "name"),
        ({"name": 5}, 400, "name"),
        ({"slogan": "…"}, 400, "slogan"),
    ],
)
def test_bad_fields_are_refused_by_name(app, body, status, field):
    response = app.test_client().patch("/api/v1/site", json=body, headers=ADMIN)
    assert response.status_code == status and response.json["error"]["field"] == field
    assert not response.json["error"]["message"].isascii()
    assert app.test_client().patch("/api/v1/site", json={}, headers=ADMIN).status_code == 400


def test_the_logo_is_judged_kept_small_and_served_with_its_etag(any_app):
    client = any_app.test_client()
    saved = upload(client, image_bytes(exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00"))
    assert saved.status_code == 200, saved.json
    logo = saved.json["logo"]
    assert (logo["width"], logo["height"]) == (512, 256)
    served = client.get(logo["url"])
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.headers["ETag"].strip('"') in logo["url"]
    assert "max-age" in served.headers["Cache-Control"]
    kept = Image.open(io.BytesIO(served.data))
    assert kept.format == "PNG" and "exif" not in kept.info
    assert client.get("/api/v1/site/logo", headers={"If-None-Match": served.headers["ETag"]}).status_code == 304
    again = upload(client, image_bytes("PNG", (64, 64)), "logo.png").json["logo"]
    assert again["url"] != logo["url"]  # a new logo is a new address
    assert client.delete("/api/v1/site/logo", headers=ADMIN).status_code == 204
    assert client.get("/api/v1/site/logo").status_code == 404
    assert client.get("/api/v1/site").json["logo"] is None


@pytest.mark.parametrize(
    "data, status",
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415),
        (b"GIF89a not really", 415),
        (image_bytes("PNG")[:200], 422),
        (b"\x00" * (1024 * 1024 + 10), 413),
    ],
)
def test_what_is_not_a_small_image_is_refused(app, data, status):
    client = app.test_client()
    response = upload(client, data, "logo.png")
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == "file"
    assert client.get("/api/v1/site/logo").status_code == 404
    assert client.put("/api/v1/site/logo", headers=ADMIN).status_code == 400


def test_only_admins_change_the_settings(any_desk, staff):
    desk = any_desk
    assert desk.client.patch("/api/v1/site", json={"name": "X"}).status_code == 401
    for name in ("contributor", "editor", "approver"):
        assert desk.as_(name).patch("/api/v1/site", json={"name": "X"}).status_code == 403
        assert upload(desk.client, image_bytes(), headers=staff.headers(name)).status_code == 403
    since = staff.mark()
    assert desk.as_("admin").patch("/api/v1/site", json={"province": "tỉnh Lam Sơn"}).status_code == 200
    assert upload(desk.client, image_bytes(), headers=staff.headers("admin")).status_code == 200
    actions = [(entry["action"], entry["user"]) for entry in reversed(staff.audit(since))]
    assert actions == [("site.settings", "quan.tri"), ("site.logo", "quan.tri")]
