"""The desk's own writes: a user's choices for their desk."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from broadsheet.desk.models import DeskProfile


@transaction.atomic
def profile_set_language(*, user: Any, language: str) -> DeskProfile:
    """Store `language` (a code of settings.LANGUAGES, or "" for the address's own) as
    the user's desk language. Raises ValidationError for an unknown code."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the site's languages."))
    profile, _created = DeskProfile.objects.update_or_create(
        user=user, defaults={"language": language}
    )
    return profile
