from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskProfile(models.Model):
    """What a desk user chose for themselves: the desk's interface language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="desk_profile",
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("desk profile")
        verbose_name_plural = _("desk profiles")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'}"
