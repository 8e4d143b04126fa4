"""Video clips as the public gets them: without the metadata phones and converters write into the
container. An Android phone puts the place a clip was filmed in MP4's moov/udta (©xyz, loci), and
ffmpeg copies it into a WebM's Tags when the clip is converted; titles, cover art (an image, with
its own EXIF) and the recording device sit in the same boxes.

Nothing moves: each metadata box or element is overwritten, in the bytes as they stream to
storage, by padding of exactly its size — an MP4 `free` box, an EBML Void element — filled with
zeros. So every offset (MP4's chunk offsets, WebM's SeekHead and Cues) stays true, the audio and
video bytes are untouched, and a 500 MB upload costs a walk over box headers, not a second copy.

Blanked: in MP4, `udta` and `meta` boxes and XMP `uuid` boxes at the top level, in `moov` and in
each `trak`; in WebM, the Segment's Tags and Attachments. (Metadata carried as a track of its own,
like a GoPro's GPS track, is left as it is.)"""

import struct
from dataclasses import dataclass

_MP4_METADATA = {b"udta", b"meta"}
_XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")
_EBML_HEADER, _SEGMENT, _CLUSTER = 0x1A45DFA3, 0x18538067, 0x1F43B675
_WEBM_METADATA = {0x1254C367, 0x1941A469}  # Tags, Attachments
_EBML_VOID = 0xEC


@dataclass
class Region:
    """Bytes [start, end) of the file shown as `header` followed by zeros."""

    start: int
    end: int
    header: bytes


def metadata_regions(stream, size, extension):
    """The regions of the video in `stream` to blank, for 'mp4' or 'webm'; [] when the structure
    cannot be walked (the bytes are then stored as they are)."""
    try:
        return _mp4_regions(stream, size) if extension == "mp4" else _webm_regions(stream, size)
    except (struct.error, OSError, IndexError, ValueError):
        return []
    finally:
        stream.seek(0)


def _mp4_boxes(stream, start, end):
    """(position, header bytes, box end, type) of each box in [start, end)."""
    pos = start
    while pos + 8 <= end:
        stream.seek(pos)
        header = stream.read(16)
        box_size, box_type = struct.unpack(">I4s", header[:8])
        header_size = 8
        if box_size == 1:
            box_size = struct.unpack(">Q", header[8:16])[0]
            header_size = 16
        elif box_size == 0:
            box_size = end - pos
        if box_size < header_size or pos + box_size > end:
            return
        yield pos, header[:header_size], pos + box_size, box_type
        pos += box_size


def _mp4_regions(stream, size):
    regions = []

    def walk(start, end, depth):
        for pos, header, box_end, box_type in _mp4_boxes(stream, start, end):
            blank = box_type in _MP4_METADATA
            if box_type == b"uuid":
                stream.seek(pos + len(header))
                blank = stream.read(16) == _XMP_UUID
            if blank:
                regions.append(Region(pos, box_end, header[:4] + b"free" + header[8:]))
            elif (depth, box_type) in ((0, b"moov"), (1, b"trak")):
                walk(pos + len(header), box_end, depth + 1)

    walk(0, size, 0)
    return regions


def _vint(stream, keep_marker=False):
    """An EBML variable-size integer read at the stream's position: (value, its length)."""
    first = stream.read(1)[0]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise ValueError("not an EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in stream.read(length - 1):
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1  # "size unknown" (live streams)
    return (None if unknown else value), length


def _element(stream, pos):
    """(id, header length, payload size or None) of the EBML element at `pos`."""
    stream.seek(pos)
    element_id, id_length = _vint(stream, keep_marker=True)
    payload, size_length = _vint(stream)
    return element_id, id_length + size_length, payload


def _void(length):
    """The header of an EBML Void element `length` bytes long in all (at least 2)."""
    size_length = min(8, length - 1)
    payload = length - 1 - size_length
    return bytes((_EBML_VOID,)) + (payload | (1 << (7 * size_length))).to_bytes(size_length, "big")


def _webm_regions(stream, size):
    element_id, header, payload = _element(stream, 0)
    if element_id != _EBML_HEADER or payload is None:
        return []
    pos = header + payload
    element_id, header, payload = _element(stream, pos)
    if element_id != _SEGMENT:
        return []
    end = size if payload is None else min(size, pos + header + payload)
    pos += header
    regions = []
    while pos + 2 <= end:
        element_id, header, payload = _element(stream, pos)
        if payload is None:  # a Cluster of unknown size: what follows cannot be found by skipping
            break
        element_end = pos + header + payload
        if element_end > end:
            break
        if element_id in _WEBM_METADATA:
            regions.append(Region(pos, element_end, _void(element_end - pos)))
        pos = element_end
    return regions


class BlankedReader:
    """Reads `stream` from its start with every region shown as its header and zeros."""

    def __init__(self, stream, regions):
        self.stream = stream
        self.regions = sorted(regions, key=lambda region: region.start)
        self.pos = 0

    def read(self, size=-1):
        data = self.stream.read(size)
        start, end = self.pos, self.pos + len(data)
        self.pos = end
        touched = [region for region in self.regions if region.start < end and region.end > start]
        if not touched:
            return data
        patched = bytearray(data)
        for region in touched:
            first, last = max(region.start, start), min(region.end, end)
            patched[first - start : last - start] = bytes(last - first)
            header = region.header[max(0, start - region.start) : max(0, last - region.start)]
            offset = max(region.start, start) - start
            patched[offset : offset + len(header)] = header
        return bytes(patched)
