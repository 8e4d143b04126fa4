"""The site settings: what every public page's header and footer say of the department — its
name and province, address, phone, email, the person responsible for content, the licence line —
and its logo. The public reads them (the gateway, for every page); only admins change them.

    GET    /api/v1/site              the settings (defaults until an admin saves some)
    PATCH  /api/v1/site              admin: some of the fields
    GET    /api/v1/site/logo         the logo's bytes, with ETag (304 on If-None-Match)
    PUT    /api/v1/site/logo         admin: multipart `file`, a PNG, JPEG, GIF or WebP
    DELETE /api/v1/site/logo         admin

The logo is small by design: at most SITE_LOGO_MAX_BYTES as uploaded, judged by Pillow from the
bytes (never the name or declared type), and kept re-encoded as a PNG of at most LOGO_MAX_SIDE
pixels, so no metadata and nothing but pixels reaches a page. Its URL carries its ETag
(`?v=`), so a new logo is a new URL and the old one may be kept long."""

import hashlib
import io
import warnings

from flask import Blueprint, Response, current_app, g, jsonify, request
from PIL import Image, UnidentifiedImageError

from portal_common import audit, timefmt
from portal_common.auth import staff_required
from portal_common.errors import ApiError
from portal_common.json_body import json_object
from portal_common.sections_vocabulary import SITE_DEFAULT_NAME, SITE_FIELDS
from portal_common.store import get_store

from .articles import now_ts
from .section_fields import check_object

bp = Blueprint("site_settings", __name__, url_prefix="/api/v1")

RECORD_KEY = "settings"
LOGO_KEY = "logo"
LOGO_MAX_SIDE = 512
LOGO_MAX_PIXELS = 4096 * 4096
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
LOGO_PATH = "/api/v1/site/logo"
LOGO_CACHE = "public, max-age=86400"

FIELDS = SITE_FIELDS
# What a portal says before an admin saves anything (the gateway's SITE_NAME is its own default).
DEFAULTS = {name: "" for name in FIELDS} | {"name": SITE_DEFAULT_NAME}


def current_settings():
    """The settings as stored (with defaults for fields never saved), with version and time."""
    found = get_store().site_record(RECORD_KEY)
    record = {**DEFAULTS, **(found["record"] if found else {})}
    return record, (found["version"] if found else 0), (found["updated_ts"] if found else None)


def represent():
    record, version, updated_ts = current_settings()
    logo = get_store().site_file_info(LOGO_KEY)
    return {
        **{name: record[name] for name in FIELDS},
        "logo": None
        if logo is None
        else {"url": f"{LOGO_PATH}?v={logo['etag']}", "width": logo["width"], "height": logo["height"]},
        "version": version,
        "updated_at": None if updated_ts is None else timefmt.to_iso(timefmt.from_epoch(updated_ts)),
    }


def save(changes, staff=None):
    """Apply `changes` (checked fields) to the stored settings; None for the demo loader (no audit)."""
    record = current_settings()[0]
    get_store().save_site_record(RECORD_KEY, {**record, **changes}, now_ts())
    if staff is not None:
        audit.record("site.settings", RECORD_KEY, {"fields": sorted(changes)})


@bp.get("/site")
def get_settings():
    return jsonify(represent())


@bp.patch("/site")
@staff_required("admin")
def patch_settings():
    body = json_object()
    if not body:
        raise ApiError(400, "Không có trường nào để cập nhật.")
    save(check_object(body, FIELDS, partial=True), g.staff)
    return jsonify(represent())


# -- the logo -----------------------------------------------------------------------------------


def _refuse_type():
    return ApiError(415, "Logo phải là ảnh PNG, JPEG, GIF hoặc WebP.", field="file")


def logo_file(data):
    """The uploaded bytes judged and re-encoded: {"content_type", "etag", "width", "height",
    "data", "updated_ts"}; ApiError 413/415/422 when refused."""
    limit = current_app.config["SITE_LOGO_MAX_BYTES"]
    if len(data) > limit:
        raise ApiError(413, f"Logo quá lớn (tối đa {limit // 1024} KB).", field="file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(LOGO_FORMATS))
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ApiError(422, "Logo có quá nhiều điểm ảnh.", field="file")
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse_type() from None
    except (OSError, SyntaxError, ValueError):
        raise ApiError(422, "Tệp logo bị hỏng hoặc không đầy đủ.", field="file") from None
    image = image.convert("RGBA")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return {
        "content_type": "image/png",
        "etag": hashlib.sha256(png).hexdigest()[:20],
        "width": image.width,
        "height": image.height,
        "data": png,
        "updated_ts": now_ts(),
    }


def save_logo(data, staff=None):
    logo = logo_file(data)
    get_store().save_site_file(LOGO_KEY, logo)
    if staff is not None:
        audit.record("site.logo", LOGO_KEY, {"etag": logo["etag"], "bytes": len(logo["data"])})
    return logo


@bp.get("/site/logo")
def get_logo():
    logo = get_store().site_file(LOGO_KEY)
    if logo is None:
        raise ApiError(404, "Trang chưa có logo.")
    response = Response(logo["data"], mimetype=logo["content_type"])
    response.set_etag(logo["etag"])
    response.headers["Cache-Control"] = LOGO_CACHE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@bp.put("/site/logo")
@staff_required("admin")
def put_logo():
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "Cần tệp ảnh logo (trường 'file', multipart/form-data).", field="file")
    save_logo(upload.read(current_app.config["SITE_LOGO_MAX_BYTES"] + 1), g.staff)
    return jsonify(represent())


@bp.delete("/site/logo")
@staff_required("admin")
def delete_logo():
    if not get_store().delete_site_file(LOGO_KEY):
        raise ApiError(404, "Trang chưa có logo.")
    audit.record("site.logo.delete", LOGO_KEY)
    return "", 204
