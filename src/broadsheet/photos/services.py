"""Writes for photos: renditions in modern formats for `srcset`."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from broadsheet.photos.images import image_clean, image_open
from broadsheet.photos.models import Photo

FORMATS = (("webp", "WEBP", "image/webp"), ("jpg", "JPEG", "image/jpeg"))


def photo_create(*, data: bytes, name: str, alt_text: str, credit: str = "") -> Photo:
    """A photo from a picture's bytes (a wire item's lead image): checked, re-encoded
    and limited as a desk upload is (`images.image_clean`), with its renditions.
    Raises ValidationError for anything that is not such a picture."""
    clean = image_clean(upload=io.BytesIO(data), size=len(data))
    photo = Photo(alt_text=alt_text[:250], credit=credit[:200])
    photo.image.save(f"{name}.{clean.extension}", ContentFile(clean.content), save=False)
    photo.save()
    photo_make_renditions(photo=photo)
    return photo


def photo_make_renditions(*, photo: Photo) -> list[dict[str, object]]:
    """Write resized WebP and JPEG copies of the photo and record them on it.

    Widths larger than the original are skipped (the original width is always kept).
    Existing files with the same name are replaced. Returns the new rendition list.
    Raises ValidationError for a file beyond the pixel limit (one stored before the limit,
    or around the desk's form): nothing is rendered from it.
    """
    with photo.image.open("rb") as handle:
        original = ImageOps.exif_transpose(image_open(handle))
        original.load()
    if original.mode not in ("RGB", "L"):
        original = original.convert("RGB")
    widths = sorted(
        {w for w in settings.BROADSHEET_PHOTO_WIDTHS if w < original.width}
        | {min(original.width, max(settings.BROADSHEET_PHOTO_WIDTHS))}
    )
    stem = PurePosixPath(str(photo.image.name)).stem
    renditions: list[dict[str, object]] = []
    source = original
    # Largest first, each made from the previous one: far cheaper than from the original.
    for width in sorted(widths, reverse=True):
        height = round(original.height * width / original.width)
        resized = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        source = resized
        for ext, pil_format, mime in FORMATS:
            buffer = io.BytesIO()
            resized.save(buffer, pil_format, quality=80, optimize=True)
            name = f"renditions/{photo.pk}/{stem}-{width}.{ext}"
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append(
                {"url": default_storage.url(saved), "width": width, "height": height, "type": mime}
            )
    photo.renditions = sorted(renditions, key=lambda r: (r["type"], r["width"]))
    photo.width, photo.height = original.width, original.height
    photo.save(update_fields=["renditions", "width", "height"])
    return renditions
