"""Video types from the first bytes: MP4 (an ISO BMFF `ftyp` box with a video brand) and WebM
(EBML magic 1A 45 DF A3 with DocType "webm"). MP4's duration is read from `moov/mvhd` when the
file has one; WebM's is left unknown (null)."""

import struct

HEAD_BYTES = 4096
# ISO BMFF brands of MP4 video; HEIF/AVIF images and QuickTime share the ftyp box and are refused.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
    b"mmp4",
    b"msnv",
    b"f4v ",
}
NOT_VIDEO_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis", b"M4A ", b"M4B ", b"qt  "}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
DOCTYPE_ID = 0x4282


def sniff_video(head):
    """('video/mp4', 'mp4') or ('video/webm', 'webm') from the file's first bytes, else None."""
    if len(head) >= 16 and head[4:8] == b"ftyp":
        box_size = struct.unpack(">I", head[:4])[0]
        if box_size < 16 or box_size > len(head):
            return None
        major = head[8:12]
        compatible = {head[i : i + 4] for i in range(16, box_size - 3, 4)}
        if major in NOT_VIDEO_BRANDS:
            return None
        if major in MP4_BRANDS or compatible & {b"isom", b"mp41", b"mp42", b"avc1"}:
            return ("video/mp4", "mp4")
        return None
    if head.startswith(EBML_MAGIC) and _ebml_doctype(head) == b"webm":
        return ("video/webm", "webm")
    return None


def _vint(data, pos, keep_marker=False):
    """An EBML variable-size integer at `pos`: (value, next position), or None past the data."""
    if pos >= len(data):
        return None
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        return None
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    return value, pos + length


def _ebml_doctype(head):
    header_size = _vint(head, 4)
    if header_size is None:
        return None
    size, pos = header_size
    end = min(len(head), pos + size)
    while pos < end:
        element = _vint(head, pos, keep_marker=True)
        if element is None:
            return None
        element_id, pos = element
        length = _vint(head, pos)
        if length is None:
            return None
        length, pos = length
        if element_id == DOCTYPE_ID:
            return bytes(head[pos : pos + length]).rstrip(b"\x00")
        pos += length
    return None


def mp4_duration(stream, size):
    """Seconds from the top-level moov/mvhd box, or None. Walks box headers only (seeks past the
    media data), so it costs a few reads whatever the file size."""
    try:
        moov = _find_box(stream, 0, size, b"moov")
        if moov is None:
            return None
        mvhd = _find_box(stream, moov[0], moov[1], b"mvhd")
        if mvhd is None:
            return None
        stream.seek(mvhd[0])
        body = stream.read(32)
        version = body[0]
        if version == 1:
            timescale, duration = struct.unpack(">IQ", body[20:32])
        else:
            timescale, duration = struct.unpack(">II", body[12:20])
        return round(duration / timescale, 3) if timescale else None
    except (struct.error, IndexError, OSError):
        return None
    finally:
        stream.seek(0)


def _find_box(stream, start, end, wanted):
    """(payload start, payload end) of the first box of type `wanted` in [start, end)."""
    pos = start
    while pos + 8 <= end:
        stream.seek(pos)
        header = stream.read(16)
        if len(header) < 8:
            return None
        box_size, box_type = struct.unpack(">I4s", header[:8])
        header_size = 8
        if box_size == 1:
            box_size = struct.unpack(">Q", header[8:16])[0]
            header_size = 16
        elif box_size == 0:
            box_size = end - pos
        if box_size < header_size:
            return None
        if box_type == wanted:
            return pos + header_size, min(end, pos + box_size)
        pos += box_size
    return None
