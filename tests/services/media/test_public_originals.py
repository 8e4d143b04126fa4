"""What the public downloads as "original" carries no metadata: no GPS position of a school or a
home, no author, no XMP, IPTC or comment, nothing after the image's end; the pixels are the
uploaded ones. Videos lose the place they were filmed (MP4 udta/meta, WebM Tags), byte for byte
in place, so every seek still lands on the same bytes."""

import io
import os
import struct

import pytest
from PIL import Image, ImageOps

from services.media import sniffing

from .conftest import body_of, make_album, upload_image, upload_video
from .images import (
    PRIVATE_TEXT,
    animated_gif_with_comment,
    gps_exif,
    jpeg_with_gps,
    png_with_metadata,
    same_pixels,
    webp_with_metadata,
)

TRACES = (PRIVATE_TEXT, b"Exif\x00\x00", b"ns.adobe.com/xap", b"xmpmeta", b"Photoshop 3.0", b"ftypmp42")


def _original(client, data, filename="anh.jpg"):
    response = upload_image(client, make_album(client), data, filename=filename)
    assert response.status_code == 201, response.json
    served = body_of(client.get(response.json["urls"]["original"]))
    return response.json, served


def _assert_no_metadata(served):
    for trace in TRACES:
        assert trace not in served, trace
    image = Image.open(io.BytesIO(served))
    assert len(image.getexif()) == 0 and len(image.getexif().get_ifd(0x8825)) == 0
    assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp", "Author", "photoshop"} & set(image.info)


def test_a_jpeg_with_gps_is_served_without_any_metadata(any_client):
    upload = jpeg_with_gps()
    assert b"Exif" in upload and len(Image.open(io.BytesIO(upload)).getexif().get_ifd(0x8825)) == 4
    image, served = _original(any_client, upload)
    _assert_no_metadata(served)
    assert served.endswith(b"\xff\xd9")  # nothing after the image's end
    assert same_pixels(served, upload)  # rewritten, not re-encoded
    assert image["size"] == len(served) and (image["width"], image["height"]) == (64, 48)


@pytest.mark.parametrize(
    "build, filename",
    [(png_with_metadata, "anh.png"), (webp_with_metadata, "anh.webp"), (animated_gif_with_comment, "anh.gif")],
)
def test_png_webp_and_gif_lose_their_metadata_losslessly(client, build, filename):
    upload = build()
    assert PRIVATE_TEXT in upload
    _, served = _original(client, upload, filename)
    _assert_no_metadata(served)
    assert same_pixels(served, upload)


def test_an_animated_gif_keeps_its_frames_and_loop(client):
    _, served = _original(client, animated_gif_with_comment(), "anh.gif")
    gif = Image.open(io.BytesIO(served))
    assert gif.n_frames == 3 and gif.info["loop"] == 0 and gif.info["duration"] == 80


def test_a_turned_png_is_stored_upright_with_the_same_pixels(client):
    upload = io.BytesIO()
    source = Image.new("RGB", (40, 20), (255, 0, 0))
    source.paste((0, 0, 255), (20, 0, 40, 20))
    source.save(upload, "PNG", exif=gps_exif(orientation=6))
    image, served = _original(client, upload.getvalue(), "anh.png")
    _assert_no_metadata(served)
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(upload.getvalue())))
    assert Image.open(io.BytesIO(served)).size == (20, 40) == (image["width"], image["height"])
    assert Image.open(io.BytesIO(served)).convert("RGB").tobytes() == upright.convert("RGB").tobytes()


def test_a_jpeg_with_more_pictures_after_its_end_is_one_jpeg(client):
    """An MPO (Pillow's name for a JPEG whose MPF block points at pictures after its end): it was
    a 500 (no such format in the service's table); now the first picture, as a plain JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (0, 200, 0)).save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", (32, 24), (200, 0, 0))], exif=gps_exif()
    )
    image, served = _original(client, out.getvalue())
    assert image["content_type"] == "image/jpeg"
    _assert_no_metadata(served)
    assert Image.open(io.BytesIO(served)).format == "JPEG" and served.count(b"\xff\xd8") == 1


LOCATION = b"+21.0285+105.8542/"
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")


def _box(kind, payload):
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4_with_location():
    """A small MP4 as an Android phone writes it: moov/udta/©xyz holds where it was filmed, a
    trak/meta and an XMP uuid box say more; the media data comes first, so moov is last."""
    mvhd = _box(b"mvhd", bytes(12) + struct.pack(">II", 1000, 5000) + bytes(80))
    udta = _box(b"udta", _box(b"\xa9xyz", struct.pack(">HH", len(LOCATION), 0x15C7) + LOCATION))
    trak = _box(b"trak", _box(b"tkhd", bytes(84)) + _box(b"meta", bytes(4) + _box(b"hdlr", bytes(24)) + LOCATION))
    moov = _box(b"moov", mvhd + trak + udta)
    xmp = _box(b"uuid", XMP_UUID + b"<x:xmpmeta>" + LOCATION + b"</x:xmpmeta>")
    return _box(b"ftyp", b"mp42\x00\x00\x00\x00mp42isom") + _box(b"mdat", os.urandom(4000)) + moov + xmp


def test_an_mp4_loses_where_it_was_filmed_and_keeps_every_offset(any_client):
    upload = mp4_with_location()
    video = upload_video(any_client, upload, title="Khai giảng").json
    served = body_of(any_client.get(video["url"]))
    assert LOCATION not in served and b"udta" not in served and b"xmpmeta" not in served
    assert len(served) == len(upload) == video["size"]
    assert served[:4040] == upload[:4040]  # ftyp and the media data, byte for byte
    assert sniffing.sniff_video(served[:4096]) == ("video/mp4", "mp4") and video["duration"] == 5.0
    head = any_client.get(video["url"], headers={"Range": "bytes=-200"})
    assert head.status_code == 206 and body_of(head) == served[-200:]


def test_a_webm_loses_its_tags(client, shared_data):
    with open(os.path.join(shared_data, "media", "sample-360p-8s.webm"), "rb") as handle:
        upload = handle.read()
    assert b"ENCODER" in upload  # in its Tags
    video = upload_video(client, upload, title="Clip").json
    served = body_of(client.get(video["url"]))
    assert b"ENCODER" not in served and len(served) == len(upload)
    assert served[:300] == upload[:300] and served[-100_000:] == upload[-100_000:]
