"""Static files: compressed (gzip + brotli) with hashed names once collected.

Before `collectstatic` has run (tests, development) a file has no manifest entry;
then the plain name is used and WhiteNoise serves it from the app folders.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A name's URL, worked out once: the manifest is read when the storage is made
        # (Django makes a new one when the static settings change), and a page asks for
        # twenty or more (its scripts, styles, the smilies), each a manifest lookup and
        # a URL join (bench/render_miss.py).
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if name is None:
            return super().url(name, force)
        key = (name, force or not settings.DEBUG)
        found = self._urls.get(key)
        if found is None:
            if len(self._urls) > 10_000:  # names come from templates, but stay bounded
                self._urls.clear()
            found = self._urls[key] = super().url(name, force)
        return found

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name
