"""Tiny video clips made by PyAV in the test itself, so poster and duration extraction is covered
without the shared data set: a grey picture brightening frame by frame, H.264 in MP4 or VP9 in WebM."""

import io
from fractions import Fraction

import av
from PIL import Image


def make_clip(container="mp4", seconds=2, width=320, height=180, rate=25):
    codec = {"mp4": "libx264", "webm": "libvpx-vp9"}[container]
    out = io.BytesIO()
    with av.open(out, "w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for index in range(seconds * rate):
            # Brightness rises frame by frame: the frame at 1 s is told apart from the first.
            grey = min(255, index * 4)
            frame = av.VideoFrame.from_image(Image.new("RGB", (width, height), (grey, grey, grey)))
            frame.pts, frame.time_base = index, Fraction(1, rate)
            for packet in stream.encode(frame):
                muxer.mux(packet)
        for packet in stream.encode():
            muxer.mux(packet)
    return out.getvalue()
