"""The picture that stands for an article in feeds and share previews.

Feed readers and social networks want one JPEG of a decent size, not a srcset: the
largest JPEG rendition is used (the photos app caps it at the largest configured width),
falling back to the original upload when no rendition exists yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from broadsheet.photos.models import Photo


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    mime_type: str
    alt: str
    storage_name: str


def share_image_for(*, photo: Photo | None) -> ShareImage | None:
    """The largest JPEG rendition of `photo`, or the original file; None without a photo.

    Reads only the photo row (renditions are stored on it): no query, no file access.
    """
    if photo is None:
        return None
    jpegs = [r for r in photo.renditions if r.get("type") == "image/jpeg"]
    if jpegs:
        best = max(jpegs, key=lambda r: int(r["width"]))
        url = str(best["url"])
        return ShareImage(
            url=url,
            width=int(best["width"]),
            height=int(best["height"]),
            mime_type="image/jpeg",
            alt=photo.alt_text,
            storage_name=_storage_name(url),
        )
    if not photo.image:
        return None
    return ShareImage(
        url=photo.image.url,
        width=photo.width or 0,
        height=photo.height or 0,
        mime_type=_guess_mime_type(str(photo.image.name)),
        alt=photo.alt_text,
        storage_name=str(photo.image.name),
    )


def share_image_length(*, image: ShareImage) -> int:
    """The file's real size in bytes (an RSS enclosure must state it), 0 if it is gone.

    One `stat` (or storage round trip) per call: feeds ask for at most one per item.
    """
    try:
        return int(default_storage.size(image.storage_name))
    except (OSError, NotImplementedError):
        return 0


def _storage_name(url: str) -> str:
    """Map a rendition URL made by `default_storage.url()` back to its storage name.

    Renditions record their URL only; the name is what `default_storage.size()` needs.
    """
    media_url = str(settings.MEDIA_URL)
    if url.startswith(media_url):
        return unquote(url[len(media_url) :])
    media_path, path = urlsplit(media_url).path, urlsplit(url).path
    return unquote(path[len(media_path) :] if path.startswith(media_path) else path.lstrip("/"))


def _guess_mime_type(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".png"):
        return "image/png"
    if lowered.endswith(".webp"):
        return "image/webp"
    return "image/jpeg"
