"""Reads for photos: what a template needs to draw a responsive <picture>."""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.photos.models import Photo


@dataclass(frozen=True)
class PictureSources:
    webp_srcset: str
    jpeg_srcset: str
    fallback_url: str
    width: int
    height: int


def photo_picture_sources(*, photo: Photo) -> PictureSources:
    """Build srcset strings from the photo's renditions; falls back to the original file."""
    webp = [r for r in photo.renditions if r["type"] == "image/webp"]
    jpeg = [r for r in photo.renditions if r["type"] == "image/jpeg"]
    fallback = jpeg[-1]["url"] if jpeg else photo.image.url
    largest = (jpeg or webp or [{"width": photo.width, "height": photo.height}])[-1]
    return PictureSources(
        webp_srcset=", ".join(f"{r['url']} {r['width']}w" for r in webp),
        jpeg_srcset=", ".join(f"{r['url']} {r['width']}w" for r in jpeg),
        fallback_url=str(fallback),
        width=int(largest["width"]),
        height=int(largest["height"]),
    )
