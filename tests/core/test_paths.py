"""`path_for` gives what `reverse()` gives, for every value, language and prefix."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from broadsheet.core.paths import path_around, path_for, path_of, paths_for

# (view, argument, values): an `int`, a `slug` and a `str` converter.
CASES = [
    ("discussion:permalink", "pk", [1, 42, 10**12, "7"]),
    ("news:section", "slug", ["policy", "war-and-peace_2", "A-Z"]),
    (
        "news:article",
        "slug",
        ["budget", "бюджет-2026", "kaffee café", "a%20b", "q?x=1#f", "semi;colon,+&=", "'\"<>"],
    ),
]
# Refused by the converter: `reverse()` raises, and so must `path_for`.
REFUSED = [
    ("discussion:permalink", "pk", ["abc", "-1", "1.5", "", True]),
    ("news:section", "slug", ["with space", "бюджет", "a/b", ""]),
    ("news:article", "slug", ["a/b", ""]),
]


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
@pytest.mark.parametrize("prefix", ["/", "/site/", "/кафе/"])
def test_path_for_is_reverse(language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for name, kwarg, values in CASES:
                for value in values:
                    assert path_for(name, kwarg, value) == reverse(name, kwargs={kwarg: value})
                    assert path_for(name, kwarg, value) == reverse(name, kwargs={kwarg: value})
            views = ("discussion:permalink", "discussion:reply", "discussion:report")
            for pk in (1, 42, "7"):
                expected = [reverse(view, kwargs={"pk": pk}) for view in views]
                assert paths_for(views, "pk", pk) == expected
            for name in ("news:front", "syndication:rss", "syndication:comments_atom"):
                assert path_of(name) == reverse(name)
                assert path_of(name) == reverse(name)  # the path kept
            for name, kwarg, values in REFUSED:
                for value in values:
                    with pytest.raises(NoReverseMatch):
                        reverse(name, kwargs={kwarg: value})
                    with pytest.raises(NoReverseMatch):
                        path_for(name, kwarg, value)
    finally:
        clear_script_prefix()


def test_the_language_and_the_prefix_are_those_of_the_moment():
    with translation.override("uk"):
        assert path_for("news:article", "slug", "x") == "/uk/news/x/"
        assert path_of("news:latest") == "/uk/latest/"
    with translation.override("en"):
        assert path_of("news:latest") == "/latest/"
        assert path_for("news:article", "slug", "x") == "/news/x/"
        set_script_prefix("/mounted/")
        try:
            assert path_for("news:article", "slug", "x") == "/mounted/news/x/"
            assert path_around("news:article", "slug") == ("/mounted/news/", "/")
            assert path_of("news:latest") == "/mounted/latest/"
        finally:
            clear_script_prefix()
        assert path_for("news:article", "slug", "x") == "/news/x/"


LANGUAGE_PATHS = [
    "/",
    "/uk/",
    "/news/budget/",
    "/ru/news/бюджет-2026/",
    "/news/kaffee café/",
    "/tag/війна/",
    "/uk/section/policy/",
    "/comments/42/",
    "/search/",
    "/feeds/rss/",
    "/no/such/page/",
    "/uk/no/such/page/",
]


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("prefix", ["/", "/site/"])
def test_paths_in_languages_are_translate_urls_own(language, prefix):
    """A page's language links: one resolve for every language, the same paths as
    Django's `translate_url` gives in each, twice (the second kept)."""
    from django.conf import settings
    from django.urls import translate_url

    from broadsheet.core.paths import paths_in_languages

    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for path in LANGUAGE_PATHS:
                expected = {code: translate_url(path, code) for code, _ in settings.LANGUAGES}
                assert paths_in_languages(path) == expected, path
                assert paths_in_languages(path) == expected, path
    finally:
        clear_script_prefix()
