"""Images made with Pillow for the tests: rotated JPEGs with EXIF, bombs, truncated files."""

import io
import struct
import zlib

from PIL import Image


def jpeg(width=64, height=48, color=(200, 30, 30), exif=None, icc=None):
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), color)
    kwargs = {}
    if exif is not None:
        kwargs["exif"] = exif
    if icc is not None:
        kwargs["icc_profile"] = icc
    image.save(out, "JPEG", quality=90, **kwargs)
    return out.getvalue()


def rotated_jpeg():
    """Stored 400×200, left half red and right half blue, EXIF orientation 6 (display rotated 90°
    clockwise): displayed 200×400 with red on top and blue at the bottom. Also carries an Artist
    tag and an ICC profile, which the variants must not keep."""
    image = Image.new("RGB", (400, 200), (255, 0, 0))
    image.paste((0, 0, 255), (200, 0, 400, 200))
    exif = image.getexif()
    exif[0x0112] = 6
    exif[0x013B] = "Nguyen Van A"  # Artist
    out = io.BytesIO()
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=icc)
    return out.getvalue()


def png(width=40, height=30):
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width=30_000, height=30_000):
    """A valid-looking PNG header claiming width×height pixels, with a tiny body: decoding it
    would take gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
