"""Images: only real JPEG, PNG, GIF and WebP pass, judged by Pillow from the bytes (never the
name or the declared type); web variants are made with EXIF orientation applied and no metadata.

Outcomes: not an image we take (SVG, text, empty, another format) → 415; an image of an allowed
type that is damaged or truncated → 422; more pixels than MEDIA_MAX_IMAGE_PIXELS → 422."""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from portal_common.errors import ApiError

# Pillow only warns between MAX_IMAGE_PIXELS and twice that; a bomb must never be decoded.
warnings.simplefilter("error", Image.DecompressionBombWarning)

FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
VARIANT_TYPE = ("image/webp", "webp")
WEBP_MAX_SIDE = 16383  # the format's limit, in pixels
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass
class CheckedImage:
    content_type: str
    extension: str
    format: str  # Pillow's name for it: JPEG, PNG, GIF, WEBP


@dataclass
class Variant:
    name: str
    data: bytes
    width: int
    height: int


def _refuse_type():
    return ApiError(415, "Chỉ nhận ảnh JPEG, PNG, GIF hoặc WebP.", field="file")


def _refuse_damaged():
    return ApiError(422, "Tệp ảnh bị hỏng hoặc không đầy đủ.", field="file")


def _refuse_bomb(max_pixels):
    return ApiError(422, f"Ảnh quá nhiều điểm ảnh (tối đa {max_pixels:,} điểm ảnh).".replace(",", "."), field="file")


def check_image(stream, max_pixels):
    """Identify and verify the image in the seekable `stream`; raises ApiError when refused."""
    stream.seek(0)
    try:
        # Only our four parsers ever see the bytes; anything else is unidentified → 415.
        with Image.open(stream, formats=list(FORMATS)) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise _refuse_bomb(max_pixels)
            probe.verify()  # must come straight after open (PNG)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse_bomb(max_pixels) from None
    except UnidentifiedImageError:
        raise _refuse_type() from None
    except ApiError:
        raise
    except Exception:  # verify() and the parsers raise many types on damaged files
        raise _refuse_damaged() from None
    finally:
        stream.seek(0)
    # Pillow names a JPEG with more pictures after its end (MPF: stereo pairs, depth maps) "MPO";
    # it is a JPEG, and only its first picture is kept (image_metadata drops what follows).
    name = "JPEG" if probe.format == "MPO" else probe.format
    return CheckedImage(*FORMATS[name], name)


def make_variants(stream, widths):
    """{name: width} → ((width, height) as displayed, [Variant] in WebP), each variant no wider
    than asked (never enlarged), oriented as the EXIF tag says, with no EXIF, ICC or text
    metadata. Raises ApiError 422 on a truncated file."""
    stream.seek(0)
    try:
        with Image.open(stream, formats=list(FORMATS)) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in _ROTATED:
                width, height = height, width
            # JPEG can decode at 1/2, 1/4, 1/8 scale: far less memory for large photos.
            largest = max(widths.values())
            image.draft("RGB", (largest, largest))
            image.load()
            oriented = ImageOps.exif_transpose(image)
            mode = "RGBA" if oriented.mode in ("RGBA", "LA", "PA") or "transparency" in oriented.info else "RGB"
            oriented = oriented.convert(mode)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse_bomb(0) from None
    except Exception:
        raise _refuse_damaged() from None
    finally:
        stream.seek(0)
    variants = []
    for name, wanted in widths.items():
        copy = oriented.copy()
        # No wider than asked, and no taller than WebP can be (a long scrolled screenshot, 1080 ×
        # 20000, was a 500 from the encoder).
        scale = min(1, wanted / copy.width, WEBP_MAX_SIDE / copy.height)
        if scale < 1:
            size = (max(1, round(copy.width * scale)), max(1, round(copy.height * scale)))
            copy = copy.resize(size, Image.Resampling.LANCZOS)
        copy.info = {}
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=82, method=4)
        variants.append(Variant(name, out.getvalue(), copy.width, copy.height))
    return (width, height), variants
