"""The original of a photo as the public gets it: the uploader's pixels without what cameras and
editors write around them — EXIF (GPS position, camera, time), XMP, IPTC, comments, embedded
thumbnails, and anything after the image's end (a "Motion Photo" keeps a whole video there).
A photo taken at a school or at home must not tell where it was taken.

Lossless: the JPEG, PNG, GIF and WebP containers are rewritten keeping only the parts a decoder
needs to show the image (and its ICC colour profile); the compressed image data is copied byte
for byte, animations included. One exception: a still photo whose EXIF orientation is not
upright loses that tag with the EXIF, so it is turned as the tag says and encoded again — PNG
and WebP losslessly, JPEG with its own quantization tables and subsampling (the format has no
lossless rotation). The width and height the catalog reports are already those displayed."""

import io
import struct

from PIL import Image, ImageOps, JpegImagePlugin

from portal_common.errors import ApiError

ORIENTATION = 0x0112
_TURNED = range(2, 9)  # EXIF orientations other than upright (1)


class Malformed(Exception):
    """The container does not hold together (Pillow accepted it, the rewrite cannot)."""


def strip_metadata(stream, image_format, out):
    """Write the image in `stream` (Pillow format name: JPEG, PNG, GIF, WEBP) to the binary file
    `out` without metadata. Raises ApiError 422 when its structure is broken."""
    stream.seek(0)
    try:
        with Image.open(stream, formats=[image_format]) as image:
            size = image.size
            # An animation keeps its frames as they are; a JPEG's later pictures (MPO) are dropped.
            animated = image_format != "JPEG" and getattr(image, "is_animated", False)
            upright = animated or image.getexif().get(ORIENTATION, 1) not in _TURNED
            if not upright:
                _turned(image, image_format, out)
        if upright:
            stream.seek(0)
            # At most MEDIA_MAX_IMAGE_BYTES in memory; decoding the photo for its variants takes more.
            REWRITERS[image_format](stream.read(), out)
        out.seek(0)
        with Image.open(out, formats=[image_format]) as result:  # what is stored must still open
            if upright and result.size != size:
                raise Malformed
    except (Malformed, struct.error, IndexError, ValueError, OSError):
        raise ApiError(422, "Tệp ảnh bị hỏng hoặc không đầy đủ.", field="file") from None
    finally:
        stream.seek(0)
    out.seek(0)


def _turned(image, image_format, out):
    """The still image turned as its EXIF orientation says, encoded again without metadata."""
    image.load()
    options = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if image_format == "JPEG":  # its own tables: as close to the upload as a new encoding gets
        options["qtables"] = image.quantization
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
        options["progressive"] = bool(image.info.get("progressive"))
    elif image_format == "WEBP":
        options.update(lossless=True, exact=True)
    elif image_format == "PNG" and "transparency" in image.info:
        options["transparency"] = image.info["transparency"]
    turned = ImageOps.exif_transpose(image)
    turned.info = {}
    turned.save(out, image_format, **options)


# JPEG: markers are FF xx; a length and a payload follow every marker but SOI, EOI, RSTn and TEM.
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_SOS, _EOI, _APP0, _APP2, _APP14, _COM = 0xDA, 0xD9, 0xE0, 0xE2, 0xEE, 0xFE


def _jpeg_segment(marker, segment):
    """What to write for one segment (marker, length, payload): itself, a smaller one, or b""."""
    if not (0xE0 <= marker <= 0xEF or marker == _COM):
        return segment  # tables, frame and scan headers: the image itself
    payload = segment[4:]
    if marker == _APP0 and payload[:5] == b"JFIF\x00" and len(payload) >= 14:
        # JFIF's header says how to show the pixels; its optional thumbnail goes.
        return segment if payload[12:14] == b"\x00\x00" else b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00"
    if marker == _APP2 and payload[:12] == b"ICC_PROFILE\x00":
        return segment
    if marker == _APP14 and payload[:5] == b"Adobe":  # how the colour channels are coded
        return segment
    return b""  # EXIF and XMP (APP1), MPF (APP2), IPTC (APP13), comments, every other APPn


def _jpeg(data, out):
    if data[:2] != b"\xff\xd8":
        raise Malformed
    view = memoryview(data)
    out.write(b"\xff\xd8")
    pos, size = 2, len(data)
    while pos < size:
        pos = data.find(b"\xff", pos)  # stray bytes before a marker: skipped, as libjpeg does
        if pos < 0:
            break
        while pos < size and data[pos] == 0xFF:  # fill bytes may pad a marker
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == _EOI:
            break  # whatever follows the image's end is not the image
        if marker in _STANDALONE:
            out.write(bytes((0xFF, marker)))
            continue
        length = struct.unpack(">H", data[pos : pos + 2])[0]
        if length < 2 or pos + length > size:
            raise Malformed
        out.write(_jpeg_segment(marker, data[pos - 2 : pos + length]))
        pos += length
        if marker == _SOS:
            scan_end = _entropy_end(data, pos)
            out.write(view[pos:scan_end])
            pos = scan_end
    out.write(b"\xff\xd9")


def _entropy_end(data, pos):
    """Where the entropy-coded data after an SOS header ends: at the next marker that is neither
    a stuffed FF 00 nor a restart marker RSTn."""
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= size:
            return size  # truncated after the scan: keep what is there
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        elif following == 0xFF:
            pos += 1
        else:
            return pos


# PNG: the chunks a decoder draws with (the critical ones, colour, transparency, animation); text,
# eXIf, tIME and every private chunk go.
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"cHRM",
    b"gAMA",
    b"iCCP",
    b"sBIT",
    b"sRGB",
    b"cICP",
    b"mDCV",
    b"mDCv",
    b"cLLI",
    b"cLLi",
    b"bKGD",
    b"hIST",
    b"pHYs",
    b"sPLT",
    b"acTL",
    b"fcTL",
    b"fdAT",
}


def _png(data, out):
    if data[:8] != _PNG_SIGNATURE:
        raise Malformed
    view = memoryview(data)
    out.write(_PNG_SIGNATURE)
    pos = 8
    while True:
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise Malformed
        if kind in _PNG_KEPT:
            out.write(view[pos:end])
        pos = end
        if kind == b"IEND":
            return


# GIF: graphic control and plain text extensions, and the looping application blocks, are kept;
# comments and every other application block (XMP, ICC) go.
_GIF_LOOPING = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}


def _gif_sub_blocks(data, pos):
    """The end of the data sub-blocks starting at `pos` (after their zero terminator)."""
    while True:
        length = data[pos]
        pos += 1 + length
        if length == 0:
            return pos


def _gif(data, out):
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise Malformed
    view = memoryview(data)
    packed = data[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    out.write(view[:pos])
    size = len(data)
    while pos < size:
        introducer = data[pos]
        try:
            if introducer == 0x2C:  # image descriptor, local colour table, LZW data
                packed = data[pos + 9]
                blocks = pos + 10 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0) + 1
                end = _gif_sub_blocks(data, blocks)
                keep = True
            elif introducer == 0x21:
                label = data[pos + 1]
                end = _gif_sub_blocks(data, pos + 2)
                keep = label in (0xF9, 0x01) or (
                    label == 0xFF and data[pos + 2] == 11 and data[pos + 3 : pos + 14] in _GIF_LOOPING
                )
            else:
                break  # the trailer, or bytes after the last block
        except IndexError:
            break  # a truncated last block: decoders stop there too
        if end > size:
            break
        if keep:
            out.write(view[pos:end])
        pos = end
    out.write(b"\x3b")


# WebP (RIFF): the bitstreams, alpha, animation and ICC profile are kept; EXIF and XMP chunks go
# and VP8X stops announcing them.
_WEBP_KEPT = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
_FRAME_KEPT = {b"ALPH", b"VP8 ", b"VP8L"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _riff_chunks(data, pos, end):
    while pos + 8 <= end:
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        chunk_end = pos + 8 + length + (length & 1)
        if pos + 8 + length > end:
            raise Malformed
        yield kind, data[pos + 8 : pos + 8 + length]
        pos = chunk_end


def _riff_chunk(kind, payload):
    return struct.pack("<4sI", kind, len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")


def _webp(data, out):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Malformed
    end = min(len(data), 8 + struct.unpack("<I", data[4:8])[0])
    body = io.BytesIO()
    for kind, payload in _riff_chunks(data, 12, end):
        if kind not in _WEBP_KEPT:
            continue
        if kind == b"VP8X":
            payload = bytes((payload[0] & ~(_VP8X_EXIF | _VP8X_XMP),)) + payload[1:]
        elif kind == b"ANMF":
            frame = [payload[:16]]
            frame += [_riff_chunk(k, p) for k, p in _riff_chunks(payload, 16, len(payload)) if k in _FRAME_KEPT]
            payload = b"".join(frame)
        body.write(_riff_chunk(kind, payload))
    out.write(b"RIFF" + struct.pack("<I", 4 + body.tell()) + b"WEBP")
    out.write(body.getbuffer())


REWRITERS = {"JPEG": _jpeg, "PNG": _png, "GIF": _gif, "WEBP": _webp}
