"""The path around a view's one argument, for code that matches or writes many paths of
one pattern without Django's URL machinery in the loop.

Two users, each where `reverse()` per item is not an option: the comment posts' front
(`discussion/front.py`) matches a request's path before Django is called at all, and a
sitemap file (`syndication/sitemaps.py`) writes 50,000 article paths. Everything else
reverses with `reverse()`.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

# Letters and digits: every converter that accepts text accepts it.
_WORD_MARK = "bsPathMark"
_NUMBER_MARK = "4812097356"
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse()` leaves unquoted

_around: dict[tuple[Any, ...], tuple[str, str]] = {}


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    _around.clear()  # ROOT_URLCONF, LANGUAGES... changed in a test


def where_now() -> tuple[Any, ...]:
    """What a reversed path depends on besides its arguments (the urlconf, the script
    prefix, the language): part of the key of markup kept per language and prefix."""
    return (get_urlconf(), get_script_prefix(), get_language())


def path_around(viewname: str, kwarg: str) -> tuple[str, str]:
    """The path of `viewname` before and after its one argument `kwarg`, in the active
    language and script prefix (kept per urlconf, prefix and language, bounded)."""
    key = (*where_now(), viewname, kwarg)
    found = _around.get(key)
    if found is None:
        if len(_around) > 1000:
            _around.clear()
        found = _around[key] = _reverse_around(viewname, kwarg)
    return found


def _reverse_around(viewname: str, kwarg: str) -> tuple[str, str]:
    try:
        path, mark = reverse(viewname, kwargs={kwarg: _WORD_MARK}), _WORD_MARK
    except NoReverseMatch:  # an `int` converter
        path, mark = reverse(viewname, kwargs={kwarg: _NUMBER_MARK}), _NUMBER_MARK
    head, _, tail = path.rpartition(mark)
    return head, tail
