"""Draws the demo lead story's picture (gateway/static/demo/ke-hoach-truyen-thong-2019.jpg): a
title card in the portal's colours, as department portals put on a plan or an announcement that
has no photo — drawn here, so it shows no event that did not happen and no one's photograph.

    .venv/bin/python -m tools.demo_cover     # rewrites the committed file

Fonts: DejaVu Sans (Debian's fonts-dejavu-core; its licence lets text drawn with it be used
freely)."""

import os

from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "gateway", "static", "demo", "ke-hoach-truyen-thong-2019.jpg")
FONTS = "/usr/share/fonts/truetype/dejavu"
SIZE = (640, 360)
TOP, BOTTOM = (9, 52, 104), (17, 92, 166)  # the header's blues (gateway/static/portal.css)
GOLD = (242, 183, 5)  # the buttons' yellow


def font(name, size):
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def draw():
    image = Image.new("RGB", SIZE)
    pen = ImageDraw.Draw(image)
    for y in range(SIZE[1]):  # a vertical gradient
        mix = y / (SIZE[1] - 1)
        pen.line([(0, y), (SIZE[0], y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(TOP, BOTTOM, strict=True)))
    pen.rectangle([48, 72, 56, 236], fill=GOLD)
    pen.text((76, 64), "KẾ HOẠCH", font=font("DejaVuSans-Bold.ttf", 56), fill=GOLD)
    pen.text((76, 140), "Truyền thông về giáo dục", font=font("DejaVuSans.ttf", 34), fill="white")
    pen.text((76, 186), "và đào tạo năm 2019", font=font("DejaVuSans.ttf", 34), fill="white")
    pen.text((48, 296), "SỞ GIÁO DỤC VÀ ĐÀO TẠO", font=font("DejaVuSans-Bold.ttf", 22), fill=(214, 226, 240))
    return image


if __name__ == "__main__":
    draw().save(OUT, "JPEG", quality=85, optimize=True, progressive=True)
    print(OUT, os.path.getsize(OUT), "bytes")
