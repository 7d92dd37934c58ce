"""What an uploaded picture must be, and the clean copy of it that is kept.

An upload is refused unless Pillow decodes it completely as one of the raster formats in
ALLOWED_FORMATS, within BROADSHEET_PHOTO_MAX_BYTES and BROADSHEET_PHOTO_MAX_PIXELS (the
pixels are read from the header and checked before anything is decoded, so a small file
that unpacks into gigabytes, a decompression bomb, never is). SVG is not a raster format
and is refused like any other non-image. The file kept is re-encoded from the decoded
pixels (JPEG, or PNG where there is transparency), turned upright by its EXIF orientation:
none of the upload's other bytes (EXIF with GPS positions, comments, a second payload
hidden in a polyglot file) reaches the media folder. Only the colour profile is carried
over, so that a photo keeps its colours.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats a camera, a phone or an agency sends; GIF keeps its first frame only.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# A colour profile larger than this is not a colour profile.
MAX_ICC_BYTES = 1 << 20


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    content_type: str
    width: int
    height: int


def image_open(handle: IO[bytes]) -> Image.Image:
    """Open a picture for decoding, refusing it first if its header declares more than
    BROADSHEET_PHOTO_MAX_PIXELS or a format outside ALLOWED_FORMATS.

    Raises ValidationError (codes: not_an_image, too_many_pixels, bomb).
    """
    limit = settings.BROADSHEET_PHOTO_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit (89 megapixels) and refuses past twice it;
            # ours is checked next, on the size the header declares, before any decoding.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(handle, formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise bomb_error() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _(
                "This file is not a picture the desk accepts: upload a JPEG, PNG, WebP or "
                "GIF image (SVG and other formats are refused)."
            ),
            code="not_an_image",
        ) from exc
    width, height = image.size
    if width * height > limit:
        raise ValidationError(
            _(
                "This picture is %(width)d × %(height)d pixels; the desk accepts at most "
                "%(limit)d megapixels. Make it smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": limit // 1_000_000},
        )
    return image


def bomb_error() -> ValidationError:
    return ValidationError(
        _(
            "This file declares a picture of more than %(limit)d megapixels, far more than "
            "a photo has (a decompression bomb): it is refused."
        ),
        code="bomb",
        params={"limit": 2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000},
    )


def image_clean(*, upload: IO[bytes], size: int) -> CleanImage:
    """Check an uploaded file of `size` bytes and return the clean copy to keep.

    Raises ValidationError (codes: too_large, and those of `image_open`, and broken for
    a file that does not decode to its end).
    """
    if size > settings.BROADSHEET_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)d MB; the desk accepts pictures of up to %(limit)d MB."),
            code="too_large",
            params={
                "size": -(-size // 1_000_000),
                "limit": settings.BROADSHEET_PHOTO_MAX_BYTES // 1_000_000,
            },
        )
    image = image_open(upload)
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("This picture is damaged or incomplete: Pillow could not read it to its end."),
            code="broken",
        ) from exc
    return reencode(upright, icc_profile=image.info.get("icc_profile"))


def reencode(image: Image.Image, *, icc_profile: bytes | None) -> CleanImage:
    """The picture's pixels written anew: PNG where it has transparency, else JPEG."""
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    extra: dict[str, bytes] = {"exif": b""}
    if icc_profile and len(icc_profile) <= MAX_ICC_BYTES:
        extra["icc_profile"] = icc_profile
    # A copy of the pixels alone: Pillow's writers would carry the upload's EXIF and
    # comments over from `info`.
    mode = "RGBA" if transparent else ("L" if image.mode == "L" else "RGB")
    pixels = image.convert(mode)
    pixels.info = {}
    buffer = io.BytesIO()
    if transparent:
        pixels.save(buffer, "PNG", optimize=True, **extra)
        extension, content_type = "png", "image/png"
    else:
        pixels.save(buffer, "JPEG", quality=90, optimize=True, **extra)
        extension, content_type = "jpg", "image/jpeg"
    return CleanImage(
        content=buffer.getvalue(),
        extension=extension,
        content_type=content_type,
        width=image.width,
        height=image.height,
    )
