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


# Metadata a phone or an editor writes into a photo: where it was taken, who took it, a comment.
GPS_LATITUDE = (21.0, 1.0, 42.5)  # Hà Nội
GPS_LONGITUDE = (105.0, 51.0, 12.0)
PRIVATE_TEXT = b"Nha rieng Nguyen Van A"


def gps_exif(orientation=None):
    """EXIF with a GPS position, an Artist and (optionally) an orientation."""
    exif = Image.Exif()
    exif[0x013B] = PRIVATE_TEXT.decode()  # Artist
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: GPS_LONGITUDE})
    return exif


def _xmp():
    return b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>' + PRIVATE_TEXT + b"</rdf:Description></x:xmpmeta>"


def _pattern(mode="RGB", size=(64, 48)):
    """Not a flat colour, so that a re-encoding would show in the pixels."""
    image = Image.new(mode, size)
    image.putdata([((x * 4) % 256, (y * 5) % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    return image


def jpeg_with_gps():
    """A JPEG carrying GPS EXIF, XMP, an IPTC block, a comment and data after its end (where a
    Motion Photo keeps its video)."""
    out = io.BytesIO()
    _pattern().save(out, "JPEG", quality=90, exif=gps_exif(), comment=PRIVATE_TEXT, xmp=_xmp())
    data = out.getvalue()
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0c" + PRIVATE_TEXT[:12]
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + app13 + data[2:] + b"ftypmp42" + PRIVATE_TEXT


def png_with_metadata():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", PRIVATE_TEXT.decode())
    info.add_itxt("XML:com.adobe.xmp", _xmp().decode())
    info.add(b"tIME", b"\x07\xea\x01\x02\x03\x04\x05")
    out = io.BytesIO()
    _pattern().save(out, "PNG", pnginfo=info, exif=gps_exif())
    return out.getvalue()


def webp_with_metadata():
    out = io.BytesIO()
    _pattern().save(out, "WEBP", lossless=True, exif=gps_exif(), xmp=_xmp())
    return out.getvalue()


def animated_gif_with_comment():
    frames = [Image.new("RGB", (20, 20), (red, 0, 0)) for red in (0, 90, 180)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=80, comment=PRIVATE_TEXT)
    return out.getvalue()


def same_pixels(first, second):
    """Whether two encoded images decode to the same pixels, frame by frame."""
    from PIL import ImageChops, ImageSequence

    one, other = Image.open(io.BytesIO(first)), Image.open(io.BytesIO(second))
    frames = list(zip(ImageSequence.Iterator(one), ImageSequence.Iterator(other), strict=False))
    if getattr(one, "n_frames", 1) != getattr(other, "n_frames", 1) or one.size != other.size:
        return False
    return all(ImageChops.difference(a.convert("RGBA"), b.convert("RGBA")).getbbox() is None for a, b in frames)
