"""Paths of one object each (an article, a comment), reversed once per pattern.

A page links dozens of articles and comments, and `reverse()` for each cost about a
tenth of an article page's first render (BENCHMARKS.md, "Page-cache misses"). The path
around the one argument is the same for every object: it is reversed once, with a
marker in the argument's place, and each value is put there, quoted as `reverse()`
quotes it. A value the pattern's converter might refuse goes through `reverse()`, so
the answer (or the NoReverseMatch) is always `reverse()`'s own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language, override

# Letters and digits: every converter that accepts text accepts it.
_WORD_MARK = "bsPathMark"
_NUMBER_MARK = "4812097356"
# The values each kind of converter takes as they are (`int`, `slug`, `str`).
_ACCEPTS = {
    "int": re.compile(r"[0-9]+"),
    "slug": re.compile(r"[-a-zA-Z0-9_]+"),
    "str": re.compile(r"[^/]+"),
}
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what `reverse()` leaves unquoted

T = TypeVar("T")

_patterns: dict[tuple[Any, ...], tuple[str, str, str]] = {}
_plain: dict[tuple[Any, ...], str] = {}
_in_languages: dict[tuple[Any, ...], dict[str, str]] = {}


@receiver(setting_changed)
def _settings_changed(**kwargs: Any) -> None:
    _patterns.clear()  # ROOT_URLCONF, LANGUAGES... changed in a test
    _plain.clear()
    _in_languages.clear()


def _kept(
    store: dict[tuple[Any, ...], T], key: tuple[Any, ...], make: Callable[..., T], *args: Any
) -> T:
    """`make(*args)`, once per `key` in `store`, which stays bounded whatever prefixes
    and paths requests bring."""
    found = store.get(key)
    if found is None:
        if len(store) > 1000:
            store.clear()
        found = store[key] = make(*args)
    return found


def paths_in_languages(path: str) -> dict[str, str]:
    """`translate_url(path, code)` for each interface language (a page's language
    links), the path resolved once instead of once per language, and kept for each
    urlconf and script prefix. A path that resolves to no view, or that a language
    cannot reverse, stays as it is, as `translate_url` leaves it."""
    return _kept(_in_languages, (get_urlconf(), get_script_prefix(), path), _translated, path)


def _translated(path: str) -> dict[str, str]:
    try:
        match = resolve(unquote(path))
    except Resolver404:
        return {code: path for code, _ in settings.LANGUAGES}
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    paths = {}
    for code, _ in settings.LANGUAGES:
        with override(code):
            try:
                paths[code] = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                paths[code] = path
    return paths


def path_of(viewname: str) -> str:
    """`reverse(viewname)` of a view without arguments (the front page, the site's
    feeds), reversed once for each urlconf, script prefix and language."""
    return _kept(_plain, (*where_now(), viewname), reverse, viewname)


def _kind(viewname: str, kwarg: str) -> tuple[str, str, str]:
    """(head, tail, kind): the path around the argument, and what it accepts."""
    try:
        reverse(viewname, kwargs={kwarg: "bs.mark"})  # a dot: `str` only
        kind, mark = "str", _WORD_MARK
    except NoReverseMatch:
        try:
            reverse(viewname, kwargs={kwarg: _WORD_MARK})
            kind, mark = "slug", _WORD_MARK
        except NoReverseMatch:
            kind, mark = "int", _NUMBER_MARK
    path = reverse(viewname, kwargs={kwarg: mark})
    head, _, tail = path.rpartition(mark)
    return head, tail, kind


def path_around(viewname: str, kwarg: str) -> tuple[str, str]:
    """The path of `viewname` before and after its one argument `kwarg`, in the active
    language and script prefix."""
    head, tail, _ = _pattern(viewname, kwarg)
    return head, tail


def _pattern(
    viewname: str, kwarg: str, where: tuple[Any, ...] | None = None
) -> tuple[str, str, str]:
    return _kept(_patterns, (*(where or where_now()), viewname, kwarg), _kind, viewname, kwarg)


def where_now() -> tuple[Any, ...]:
    """What a reversed path depends on besides its arguments (the urlconf, the script
    prefix, the language): given to `paths_for` over many values, looked at once."""
    return (get_urlconf(), get_script_prefix(), get_language())


def _put(viewname: str, kwarg: str, value: int | str, pattern: tuple[str, str, str]) -> str:
    head, tail, kind = pattern
    text = str(value)
    if isinstance(value, bool) or not _ACCEPTS[kind].fullmatch(text):
        return reverse(viewname, kwargs={kwarg: value})
    return head + (text if kind != "str" else quote(text, safe=PATH_SAFE)) + tail


def path_for(viewname: str, kwarg: str, value: int | str) -> str:
    """`reverse(viewname, kwargs={kwarg: value})`, without reversing each time."""
    return _put(viewname, kwarg, value, _pattern(viewname, kwarg))


def paths_for(
    viewnames: tuple[str, ...], kwarg: str, value: int | str, where: tuple[Any, ...] | None = None
) -> list[str]:
    """`path_for` of each view, with one look at the language and prefix (a comment's
    links: its permalink, reply and report pages), or none, given `where_now()`."""
    where = where or where_now()
    return [_put(name, kwarg, value, _pattern(name, kwarg, where)) for name in viewnames]
