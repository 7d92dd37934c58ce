"""Language identification tells English, Ukrainian and Russian apart on short texts."""

from __future__ import annotations

import pytest

from broadsheet.wire.language import language_detect
from tests.wire.samples import LABELLED


@pytest.mark.parametrize(("text", "language"), LABELLED)
def test_language_detect_on_texts_of_fifty_characters_and_more(text, language):
    assert len(text) >= 50
    assert language_detect(text) == language


def test_too_little_text_has_no_language():
    assert language_detect("Так.") == ""
