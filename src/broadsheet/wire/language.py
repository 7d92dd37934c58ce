"""Language identification: py3langid, whose model ships inside its wheel (no download).

Measured against lingua-language-detector on short Ukrainian and Russian sentences
(bench/wire_language.py): both told every one apart; lingua's full model took 7 s and
1.3 GB to load, py3langid 0.5 s and tens of MB. Letters only one of the two languages
uses settle a short text the model leaves close.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_ONLY = re.compile(r"[ыэёъЫЭЁЪ]")
CYRILLIC_NEIGHBOURS = {"uk", "ru", "be", "bg", "mk", "sr", "kk", "ky", "mn"}


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_detect(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or "" for too little text."""
    sample = text[:4000]
    if len(sample.strip()) < 20:
        return ""
    code, _confidence = _identifier().classify(sample)
    code = str(code)
    if code in CYRILLIC_NEIGHBOURS:
        uk = len(UKRAINIAN_ONLY.findall(sample))
        ru = len(RUSSIAN_ONLY.findall(sample))
        if uk > ru * 2 and uk >= 2:
            return "uk"
        if ru > uk * 2 and ru >= 2:
            return "ru"
    return code
