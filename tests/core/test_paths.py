"""`path_around` puts any value where `reverse()` would, in the language and script
prefix of the moment (the posts' front and the sitemaps build paths from it)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from broadsheet.core.paths import PATH_SAFE, path_around

CASES = [
    ("discussion:post", "article_id", [1, 42, 10**12]),
    ("news:article", "slug", ["budget", "бюджет-2026", "kaffee café", "semi;colon,+&="]),
]


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
@pytest.mark.parametrize("prefix", ["/", "/site/", "/кафе/"])
def test_path_around_holds_what_reverse_gives(language, prefix):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for view, kwarg, values in CASES:
                head, tail = path_around(view, kwarg)
                for value in values:
                    text = quote(str(value), safe=PATH_SAFE)
                    assert head + text + tail == reverse(view, kwargs={kwarg: value})
    finally:
        clear_script_prefix()
