"""The media service's JSON API: albums and their images, videos. Writes are the editors' (the
role `editor`, or `admin`, or the machine token ADMIN_TOKEN); each is recorded in the audit log
(portal_common.audited_writes)."""

import datetime
import re

from flask import Blueprint, current_app, jsonify, request

from portal_common.auth import staff_required
from portal_common.errors import ApiError
from portal_common.json_body import json_object, refuse_lone_surrogates
from portal_common.pagination import page_args, page_body
from portal_common.store import get_store
from portal_common.text_fields import clean_text

from . import catalog
from .serializers import album_json, image_json, video_json
from .store import OrderMismatch
from .uploads import parse_upload

bp = Blueprint("media_api", __name__, url_prefix="/api/v1")

TITLE_MAX = 200
ALT_MAX = 300
EVENT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The contract's "Staff accounts": editors manage photos and videos.
editor_required = staff_required("editor")


def _title(value, required, field="title"):
    """A title from JSON or a form field, on one line and without control characters."""
    if value is None or value == "":
        if required:
            raise ApiError(400, "Thiếu tiêu đề.", field=field)
        return ""
    if not isinstance(value, str):
        raise ApiError(400, "Tiêu đề phải là chuỗi không rỗng.", field=field)
    refuse_lone_surrogates(value, field)
    title = clean_text(value, one_line=True).strip()
    if not title:
        raise ApiError(400, "Tiêu đề phải là chuỗi không rỗng.", field=field)
    if len(title) > TITLE_MAX:
        raise ApiError(400, f"Tiêu đề tối đa {TITLE_MAX} ký tự.", field=field)
    return title


def _alt(value):
    """An image's alternative text (what a reader who cannot see it is told): one line, optional
    in the API (the desk requires it), at most ALT_MAX characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(400, "Mô tả ảnh phải là chuỗi.", field="alt")
    refuse_lone_surrogates(value, "alt")
    alt = clean_text(value, one_line=True).strip()
    if len(alt) > ALT_MAX:
        raise ApiError(400, f"Mô tả ảnh tối đa {ALT_MAX} ký tự.", field="alt")
    return alt


def _event_date(value):
    """The day the pictured event took place, a Vietnam calendar date `YYYY-MM-DD`, or None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not EVENT_DATE.fullmatch(value):
        raise ApiError(400, "Ngày sự kiện phải có dạng YYYY-MM-DD.", field="event_date")
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "Ngày sự kiện không có thật.", field="event_date") from None
    if not 1900 <= day.year <= 2100:
        raise ApiError(400, "Năm của ngày sự kiện phải từ 1900 đến 2100.", field="event_date")
    return value


def _found(record, message):
    if record is None:
        raise ApiError(404, message)
    return record


def _removed(keys, message):
    """After a store delete (None: nothing was there): remove the bytes, answer 204."""
    catalog.remove_objects(_found(keys, message))
    return "", 204


def _album_or_404(album_id):
    return _found(get_store().get_album(album_id), "Không tìm thấy album.")


def _cover_of(album):
    store = get_store()
    if album.get("cover_image_id"):
        image = store.get_image(album["cover_image_id"])
        if image is not None and image["album_id"] == album["id"]:
            return image
    return store.first_image(album["id"])


def _album_detail(album_id):
    album = _album_or_404(album_id)
    images = get_store().list_images(album_id)
    chosen = next((i for i in images if i["id"] == album.get("cover_image_id")), images[0] if images else None)
    return album_json(album, chosen, images)


# albums


@bp.get("/albums")
def list_albums():
    page, per_page = page_args()
    albums, total = get_store().list_albums((page - 1) * per_page, per_page)
    return jsonify(page_body([album_json(album, _cover_of(album)) for album in albums], page, per_page, total))


@bp.post("/albums")
@editor_required
def create_album():
    body = json_object()
    title = _title(body.get("title"), required=True)
    album = {
        "id": catalog.new_id(),
        "title": title,
        "cover_image_id": None,
        "event_date": _event_date(body.get("event_date")),
        **catalog.stamp(),
    }
    get_store().add_album(album)
    return jsonify(_album_detail(album["id"])), 201


@bp.get("/albums/latest")
def latest_album():
    """The newest album with its images, in one call: every page's sidebar shows it, and two
    calls in a row would double the time a page waits on this service. `?except=<id>`: the
    newest but that one."""
    # `except`: the album a page shows already; the sidebar beside it shows the next newest.
    skipped = request.args.get("except")
    albums, _ = get_store().list_albums(0, 2)
    albums = [album for album in albums if album["id"] != skipped][:1]
    if not albums:
        raise ApiError(404, "Chưa có album ảnh.")
    return jsonify(_album_detail(albums[0]["id"]))


@bp.get("/albums/<album_id>")
def get_album(album_id):
    return jsonify(_album_detail(album_id))


@bp.patch("/albums/<album_id>")
@editor_required
def update_album(album_id):
    body = json_object()
    _album_or_404(album_id)
    changes = {}
    if "title" in body:
        changes["title"] = _title(body["title"], required=True)
    if "cover" in body:
        cover = body["cover"]
        if cover is not None:
            image = get_store().get_image(cover) if isinstance(cover, str) else None
            if image is None or image["album_id"] != album_id:
                raise ApiError(400, "Ảnh bìa phải là một ảnh của album này.", field="cover")
        changes["cover_image_id"] = cover
    if "event_date" in body:
        changes["event_date"] = _event_date(body["event_date"])
    if not get_store().update_album(album_id, changes):
        raise ApiError(404, "Không tìm thấy album.")
    return jsonify(_album_detail(album_id))


@bp.delete("/albums/<album_id>")
@editor_required
def delete_album(album_id):
    return _removed(get_store().delete_album(album_id), "Không tìm thấy album.")


@bp.put("/albums/<album_id>/order")
@editor_required
def order_album(album_id):
    ids = json_object().get("images")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "'images' phải là danh sách mã ảnh.", field="images")
    _album_or_404(album_id)
    try:
        get_store().set_image_order(album_id, ids)
    except OrderMismatch:
        raise ApiError(400, "Danh sách phải gồm đúng mọi ảnh của album, mỗi ảnh một lần.", field="images") from None
    return jsonify(_album_detail(album_id))


# images


@bp.post("/albums/<album_id>/images")
@editor_required
def upload_image(album_id):
    _album_or_404(album_id)
    cap = current_app.config["MEDIA_MAX_IMAGE_BYTES"]
    upload = parse_upload(cap, cap)
    try:
        title = _title(upload.text("title"), required=False)
        alt = _alt(upload.text("alt"))
        image = catalog.add_image(album_id, upload.file("file"), title, alt)
    finally:
        upload.close()
    return jsonify(image_json(image)), 201


@bp.get("/images/<image_id>")
def get_image(image_id):
    return jsonify(image_json(_found(get_store().get_image(image_id), "Không tìm thấy ảnh.")))


@bp.patch("/images/<image_id>")
@editor_required
def update_image(image_id):
    body = json_object()
    changes = {}
    if "title" in body:
        changes["title"] = _title(body["title"], required=False)
    if "alt" in body:
        changes["alt"] = _alt(body["alt"])
    if not get_store().update_image(image_id, changes):
        raise ApiError(404, "Không tìm thấy ảnh.")
    return jsonify(image_json(get_store().get_image(image_id)))


@bp.delete("/images/<image_id>")
@editor_required
def delete_image(image_id):
    return _removed(get_store().delete_image(image_id), "Không tìm thấy ảnh.")


# videos


@bp.get("/videos")
def list_videos():
    page, per_page = page_args()
    videos, total = get_store().list_videos((page - 1) * per_page, per_page)
    return jsonify(page_body([video_json(video) for video in videos], page, per_page, total))


@bp.post("/videos")
@editor_required
def upload_video():
    config = current_app.config
    upload = parse_upload(
        config["MEDIA_MAX_VIDEO_BYTES"], config["MEDIA_MAX_VIDEO_BYTES"] + config["MEDIA_MAX_IMAGE_BYTES"]
    )
    try:
        title = _title(upload.text("title"), required=True)
        event_date = _event_date(upload.text("event_date"))
        video = catalog.add_video(upload.file("file"), title, upload.file("poster", required=False), event_date)
    finally:
        upload.close()
    return jsonify(video_json(video)), 201


@bp.get("/videos/<video_id>")
def get_video(video_id):
    return jsonify(video_json(_found(get_store().get_video(video_id), "Không tìm thấy video.")))


@bp.delete("/videos/<video_id>")
@editor_required
def delete_video(video_id):
    return _removed(get_store().delete_video(video_id), "Không tìm thấy video.")


@bp.patch("/videos/<video_id>")
@editor_required
def update_video(video_id):
    """Title, event date, and `"poster": "frame"` to show the extracted frame again."""
    body = json_object()
    video = _found(get_store().get_video(video_id), "Không tìm thấy video.")
    changes, dropped = {}, []
    if "title" in body:
        changes["title"] = _title(body["title"], required=True)
    if "event_date" in body:
        changes["event_date"] = _event_date(body["event_date"])
    if "poster" in body:
        if body["poster"] != "frame":
            raise ApiError(400, "'poster' chỉ nhận \"frame\" (ảnh trích từ video).", field="poster")
        if not video.get("frame_key"):
            raise ApiError(409, "Video này không có ảnh trích từ video.", field="poster")
        poster_changes, dropped = catalog.use_frame_poster(video)
        changes.update(poster_changes)
    return jsonify(video_json(catalog.update_video(video_id, changes, dropped)))


def _video_with_file(video_id, cap_setting, change):
    """The video after `change(video_id, stream)` with the one file of this upload (at most the
    `cap_setting` bytes)."""
    _found(get_store().get_video(video_id), "Không tìm thấy video.")
    cap = current_app.config[cap_setting]
    upload = parse_upload(cap, cap)
    try:
        return change(video_id, upload.file("file"))
    finally:
        upload.close()


@bp.post("/videos/<video_id>/poster")
@editor_required
def upload_poster(video_id):
    return jsonify(video_json(_video_with_file(video_id, "MEDIA_MAX_IMAGE_BYTES", catalog.set_video_poster)))


@bp.post("/videos/<video_id>/sources")
@editor_required
def add_source(video_id):
    return jsonify(video_json(_video_with_file(video_id, "MEDIA_MAX_VIDEO_BYTES", catalog.add_video_source))), 201
