from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from broadsheet.photos.fields import PhotoImageField


class Photo(models.Model):
    """A picture with its caption, credit (any script) and required alt text.

    Resized renditions (WebP and JPEG at the widths in BROADSHEET_PHOTO_WIDTHS) are made
    by `photos.services.photo_make_renditions` and listed in `renditions`.
    """

    # Only a re-encoded copy of a real picture within the limits is kept (photos/images.py).
    image = PhotoImageField(
        _("image"), upload_to="photos/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("Describe what the picture shows for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Shown after the word “photo”; any script, e.g. Cyrillic."),
    )
    renditions = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.alt_text
