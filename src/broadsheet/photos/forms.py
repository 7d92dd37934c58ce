"""The upload field of a photo: it checks the file and hands on the clean copy
(photos/images.py), whatever form it stands in (the desk's, or another)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from broadsheet.photos.images import ALLOWED_FORMATS, image_clean


class PhotoImageFormField(forms.ImageField):
    """An image upload that keeps only a re-encoded copy of a real, bounded picture."""

    def to_python(self, data: Any) -> UploadedFile | None:
        # forms.FileField's checks (empty file, name length), not ImageField's own
        # Pillow pass, which would decode a bomb before any limit is checked.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        upload.seek(0)
        clean = image_clean(upload=upload, size=upload.size or 0)
        stem = PurePath(upload.name or "photo").stem[:80] or "photo"
        return SimpleUploadedFile(
            f"{stem}.{clean.extension}", clean.content, content_type=clean.content_type
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(f"image/{name.lower()}" for name in ALLOWED_FORMATS)
        return attrs
