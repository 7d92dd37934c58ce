"""Static files: compressed (gzip + brotli) with hashed names once collected.

Before `collectstatic` has run (tests, development) a file has no manifest entry;
then the plain name is used and WhiteNoise serves it from the app folders.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name
