from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from broadsheet.news.selectors import section_list


def site(request: HttpRequest) -> dict[str, object]:
    """Site name and the navigation's sections, for every template."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "nav_sections": section_list(),
    }
