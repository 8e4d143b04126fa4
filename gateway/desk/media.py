"""The desk's "Hình ảnh" and "Video" (editors): albums (create, title, event date, delete), photos
uploaded many at a time with a progress bar per file, each photo's title and alt text (required
here: a reader who cannot see the photo is told what it shows), order, cover, delete; videos
uploaded with a progress bar, title, event date, poster (the frame FFmpeg extracted, or an
uploaded image), delete.

Every change is a call to the media service on the member's behalf (calls.desk_json with the
member's token), so the service checks the role `editor` itself and its audit log names the
member. Uploads come from the browser as XMLHttpRequest (static/desk/media.js) to a desk URL here,
and their bodies stream on to the service through gateway/uploads.py; the service's refusals (type,
size, bombs: Vietnamese messages) go back as JSON, shown beside the file they concern. Everything
but the uploads works without JavaScript: plain forms, then back to the page with a message."""

from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, request, url_for

from portal_common.route_policy import route_policy

from .. import cache_life
from ..media.client import media_url
from ..uploads import forward_upload
from .calls import desk_call, desk_json
from .session import desk_page, member_headers

bp = Blueprint("desk_media", __name__, url_prefix="/quan-tri")

EDITORS = ("editor",)
PER_PAGE = 50
ALT_REQUIRED = "Nhập mô tả ảnh (cho người đọc không xem được ảnh)."


def _q(value):
    return quote(value, safe="")


def _with_urls_image(image):
    return {**image, "thumb": media_url(image["keys"]["thumb"]), "large": media_url(image["keys"]["large"])}


def _with_urls_video(video):
    return {
        **video,
        "poster": media_url(video.get("poster_key")),
        "frame": media_url(video.get("frame_key")),
        "public_url": media_url(video["key"]),
    }


def _refused(reply, fallback):
    """Flash the service's refusal (its own Vietnamese message)."""
    message = reply.body.get("error", {}).get("message") if isinstance(reply.body, dict) else None
    flash(message or fallback, "error")


def _done(reply, success, back, fallback="Không lưu được thay đổi."):
    if reply.ok:
        flash(success, "success")
    else:
        _refused(reply, fallback)
    return redirect(back)


def _form_text(name):
    return (request.form.get(name) or "").strip()


def _event_date_field():
    """The form's date (an <input type=date>: YYYY-MM-DD, or empty to clear) for the service."""
    return _form_text("event_date") or None


def _saved_title_and_date(path, success, back):
    """The form's title and event date saved to the album or video at `path`."""
    reply = desk_call("media", "PATCH", path, json={"title": _form_text("title"), "event_date": _event_date_field()})
    return _done(reply, success, back)


def _deleted(path, page, refused, success, back):
    """The album or video at `path` deleted, then on to `back`; refused, back to its `page`."""
    reply = desk_call("media", "DELETE", path)
    if not reply.ok:
        return _done(reply, "", page, refused)
    flash(success, "success")
    return redirect(back)


# albums


@bp.get("/hinh-anh")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def albums():
    page = request.args.get("page", "1")
    body = desk_json("media", "GET", "/api/v1/albums", params={"page": page, "per_page": PER_PAGE})
    items = [{**album, "cover": media_url(album["cover_key"])} for album in body["items"]]
    return render_template("desk/media/albums.html", albums=items, total=body["total"])


@bp.post("/hinh-anh")
@desk_page(*EDITORS)
def create_album():
    reply = desk_call(
        "media", "POST", "/api/v1/albums", json={"title": _form_text("title"), "event_date": _event_date_field()}
    )
    if not reply.ok:
        _refused(reply, "Không tạo được album.")
        return redirect(url_for(".albums"))
    flash("Đã tạo album. Kéo thả hoặc chọn ảnh để tải lên.", "success")
    return redirect(url_for(".album", album_id=reply.body["id"]))


@bp.get("/hinh-anh/<album_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def album(album_id):
    found = desk_json("media", "GET", f"/api/v1/albums/{_q(album_id)}")
    images = [_with_urls_image(image) for image in found["images"]]
    cover_id = found.get("cover_image_id") or (images[0]["id"] if images else None)
    missing_alt = sum(1 for image in images if not image.get("alt"))
    return render_template(
        "desk/media/album.html", album=found, images=images, cover_id=cover_id, missing_alt=missing_alt
    )


@bp.post("/hinh-anh/<album_id>/sua")
@desk_page(*EDITORS)
def update_album(album_id):
    return _saved_title_and_date(
        f"/api/v1/albums/{_q(album_id)}", "Đã lưu album.", url_for(".album", album_id=album_id)
    )


@bp.post("/hinh-anh/<album_id>/xoa")
@desk_page(*EDITORS)
def delete_album(album_id):
    return _deleted(
        f"/api/v1/albums/{_q(album_id)}",
        url_for(".album", album_id=album_id),
        "Không xóa được album.",
        "Đã xóa album và các ảnh của nó.",
        url_for(".albums"),
    )


@bp.post("/hinh-anh/<album_id>/anh")
@desk_page(*EDITORS)
def upload_image(album_id):
    """One photo (the desk's script sends each file in a request of its own, for its progress
    bar): streamed on to the service, whose answer — the image, or its refusal — comes back."""
    return forward_upload("media", "POST", f"/api/v1/albums/{_q(album_id)}/images", extra_headers=member_headers())


@bp.post("/hinh-anh/<album_id>/bia")
@desk_page(*EDITORS)
def set_cover(album_id):
    reply = desk_call("media", "PATCH", f"/api/v1/albums/{_q(album_id)}", json={"cover": _form_text("image")})
    return _done(reply, "Đã đặt ảnh bìa.", url_for(".album", album_id=album_id))


@bp.post("/hinh-anh/<album_id>/thu-tu")
@desk_page(*EDITORS)
def move_image(album_id):
    """ "Lên" / "Xuống": the image swaps places with its neighbour; the whole order goes to the
    service, which takes it only if it is exactly the album's images."""
    found = desk_json("media", "GET", f"/api/v1/albums/{_q(album_id)}")
    ids = [image["id"] for image in found["images"]]
    moved, step = _form_text("image"), -1 if request.form.get("direction") == "up" else 1
    back = url_for(".album", album_id=album_id)
    if moved not in ids:
        flash("Không tìm thấy ảnh trong album.", "error")
        return redirect(back)
    here = ids.index(moved)
    there = here + step
    if 0 <= there < len(ids):
        ids[here], ids[there] = ids[there], ids[here]
        reply = desk_call("media", "PUT", f"/api/v1/albums/{_q(album_id)}/order", json={"images": ids})
        return _done(reply, "Đã đổi thứ tự ảnh.", f"{back}#anh-{moved}")
    return redirect(f"{back}#anh-{moved}")


@bp.post("/anh/<image_id>/sua")
@desk_page(*EDITORS)
def update_image(image_id):
    album_id = _form_text("album")
    back = url_for(".album", album_id=album_id) + f"#anh-{image_id}" if album_id else url_for(".albums")
    alt = _form_text("alt")
    if not alt:
        flash(ALT_REQUIRED, "error")
        return redirect(back)
    reply = desk_call(
        "media", "PATCH", f"/api/v1/images/{_q(image_id)}", json={"title": _form_text("title"), "alt": alt}
    )
    return _done(reply, "Đã lưu ảnh.", back)


@bp.post("/anh/<image_id>/xoa")
@desk_page(*EDITORS)
def delete_image(image_id):
    album_id = _form_text("album")
    reply = desk_call("media", "DELETE", f"/api/v1/images/{_q(image_id)}")
    return _done(reply, "Đã xóa ảnh.", url_for(".album", album_id=album_id) if album_id else url_for(".albums"))


# videos


@bp.get("/video")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def videos():
    page = request.args.get("page", "1")
    body = desk_json("media", "GET", "/api/v1/videos", params={"page": page, "per_page": PER_PAGE})
    return render_template(
        "desk/media/videos.html", videos=[_with_urls_video(video) for video in body["items"]], total=body["total"]
    )


@bp.post("/video/tai-len")
@desk_page(*EDITORS)
def upload_video():
    """The video with its title and event date, from the desk's script (a progress bar), streamed
    on to the service: 200 MB go through without the gateway holding them."""
    return forward_upload("media", "POST", "/api/v1/videos", extra_headers=member_headers())


@bp.get("/video/<video_id>")
@route_policy(cache=cache_life.DESK)
@desk_page(*EDITORS)
def video(video_id):
    found = _with_urls_video(desk_json("media", "GET", f"/api/v1/videos/{_q(video_id)}"))
    return render_template("desk/media/video.html", video=found)


@bp.post("/video/<video_id>/sua")
@desk_page(*EDITORS)
def update_video(video_id):
    return _saved_title_and_date(
        f"/api/v1/videos/{_q(video_id)}", "Đã lưu video.", url_for(".video", video_id=video_id)
    )


@bp.post("/video/<video_id>/anh-dai-dien")
@desk_page(*EDITORS)
def upload_poster(video_id):
    return forward_upload("media", "POST", f"/api/v1/videos/{_q(video_id)}/poster", extra_headers=member_headers())


@bp.post("/video/<video_id>/anh-trich")
@desk_page(*EDITORS)
def use_frame(video_id):
    reply = desk_call("media", "PATCH", f"/api/v1/videos/{_q(video_id)}", json={"poster": "frame"})
    return _done(reply, "Đã dùng ảnh trích từ video.", url_for(".video", video_id=video_id))


@bp.post("/video/<video_id>/xoa")
@desk_page(*EDITORS)
def delete_video(video_id):
    return _deleted(
        f"/api/v1/videos/{_q(video_id)}",
        url_for(".video", video_id=video_id),
        "Không xóa được video.",
        "Đã xóa video.",
        url_for(".videos"),
    )
