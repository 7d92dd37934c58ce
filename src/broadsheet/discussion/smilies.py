"""The 18 smiley codes of the reference page, in palette order, and their pictures."""

from __future__ import annotations

from typing import NamedTuple


class Smiley(NamedTuple):
    code: str
    slug: str  # the picture: static/discussion/smilies/<slug>.svg


SMILIES: tuple[Smiley, ...] = (
    Smiley(":D", "grin"),
    Smiley(":lol:", "lol"),
    Smiley(":-)", "smile"),
    Smiley(";-)", "wink"),
    Smiley("8)", "cool"),
    Smiley(":-|", "neutral"),
    Smiley(":-*", "kiss"),
    Smiley(":oops:", "oops"),
    Smiley(":sad:", "sad"),
    Smiley(":cry:", "cry"),
    Smiley(":o", "surprised"),
    Smiley(":-?", "confused"),
    Smiley(":-x", "mad"),
    Smiley(":eek:", "eek"),
    Smiley(":zzz", "sleep"),
    Smiley(":P", "tongue"),
    Smiley(":roll:", "roll"),
    Smiley(":sigh:", "sigh"),
)
SMILEY_BY_CODE = {s.code: s for s in SMILIES}


def smiley_path(slug: str) -> str:
    return f"discussion/smilies/{slug}.svg"
