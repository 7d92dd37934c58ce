from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from broadsheet.public.blocks import sections_for_nav


def language_links(request: HttpRequest) -> list[dict[str, object]]:
    """This page in each interface language (URLs carry the language prefix)."""
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": translate_url(request.path, code),
        }
        for code, name in settings.LANGUAGES
    ]


def site(request: HttpRequest) -> dict[str, object]:
    """Site name, the navigation's sections and the language links, for every template."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "nav_sections": sections_for_nav(),
        "language_links": language_links(request),
    }
