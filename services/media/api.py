"""The media service's JSON API: albums and their images, videos. Writes are the editors' (the
role `editor`, or `admin`, or the machine token ADMIN_TOKEN); each is recorded in the audit log
(portal_common.audited_writes)."""

from flask import Blueprint, current_app, jsonify

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
    title = _title(json_object().get("title"), required=True)
    album = {"id": catalog.new_id(), "title": title, "cover_image_id": None, **catalog.stamp()}
    get_store().add_album(album)
    return jsonify(_album_detail(album["id"])), 201


@bp.get("/albums/latest")
def latest_album():
    """The newest album with its images, in one call: every page's sidebar shows it, and two
    calls in a row would double the time a page waits on this service."""
    albums, _ = get_store().list_albums(0, 1)
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
        image = catalog.add_image(album_id, upload.file("file"), title)
    finally:
        upload.close()
    return jsonify(image_json(image)), 201


@bp.get("/images/<image_id>")
def get_image(image_id):
    return jsonify(image_json(_found(get_store().get_image(image_id), "Không tìm thấy ảnh.")))


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
        video = catalog.add_video(upload.file("file"), title, upload.file("poster", required=False))
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
