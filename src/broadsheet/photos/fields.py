"""The photo's image field: Django's ImageField whose form field checks and re-encodes
the upload (photos/forms.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from broadsheet.photos.forms import PhotoImageFormField


class PhotoImageField(models.ImageField):
    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": PhotoImageFormField, **kwargs})
