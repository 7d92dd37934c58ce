"""Comment text to HTML: escaping first, links, smilies only as words of their own."""

from __future__ import annotations

import re

import pytest

from broadsheet.discussion.rendering import render_comment_text
from broadsheet.discussion.smilies import SMILIES

PALETTE = ":D :lol: :-) ;-) 8) :-| :-* :oops: :sad: :cry: :o :-? :-x :eek: :zzz :P :roll: :sigh:"


def smiley_alts(html: str) -> list[str]:
    return re.findall(r'<img class="smiley" src="[^"]+" alt="([^"]+)"', html)


def test_palette_has_the_18_codes_of_the_reference_page_in_order():
    assert [s.code for s in SMILIES] == PALETTE.split()


@pytest.mark.parametrize("code", PALETTE.split())
def test_each_code_standing_alone_becomes_its_picture_with_the_code_as_alt(code):
    html = render_comment_text(f"Well {code} indeed")
    assert smiley_alts(html) == [code.replace("&", "&amp;")]
    assert html.startswith("<p>Well <img") and html.endswith(" indeed</p>")


@pytest.mark.parametrize("code", PALETTE.split())
def test_each_code_at_start_end_and_before_punctuation_converts(code):
    assert smiley_alts(render_comment_text(f"{code}")) == [code]
    assert smiley_alts(render_comment_text(f"end {code}")) == [code]
    assert smiley_alts(render_comment_text(f"so {code}, then ({code})")) == [code, code]


@pytest.mark.parametrize("code", PALETTE.split())
def test_each_code_inside_a_word_or_number_stays_text(code):
    for text in (f"ab{code}cd", f"1{code}2", f"x{code}", f"{code}y"):
        assert smiley_alts(render_comment_text(text)) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "http://a.b/x:D",
        "1:D2",
        "12:30",
        "ab:Dc",
        "https://a.b/:o",
        "see https://x.example/p?q=:P&r=8) ok",
    ],
)
def test_boundary_cases_from_the_issue_stay_text(text):
    assert "<img" not in render_comment_text(text)


def test_url_becomes_a_nofollow_ugc_link_and_smiley_inside_it_stays_text():
    html = render_comment_text("Read http://a.b/x:D now :D")
    assert '<a href="http://a.b/x:D" rel="nofollow ugc noopener">http://a.b/x:D</a>' in html
    assert smiley_alts(html) == [":D"]


def test_trailing_punctuation_is_not_part_of_the_link():
    html = render_comment_text("See https://example.org/a. And (https://example.org/b).")
    assert 'href="https://example.org/a"' in html
    assert 'href="https://example.org/b"' in html


def test_html_is_escaped_and_never_becomes_markup():
    html = render_comment_text('<script>alert(1)</script> <img src=x onerror=alert(1)> "q" \'s')
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;q&quot; &#x27;s" in html


def test_escaped_entities_never_turn_into_smilies():
    # `<-)` escapes to `&lt;-)`, which contains `;-)`: still text.
    assert "<img" not in render_comment_text("<-) &lt;-)")


def test_only_http_links_are_made_and_attribute_breakouts_are_escaped():
    html = render_comment_text('javascript:alert(1) http://x.example/"onmouseover=alert(1)')
    assert "javascript:alert(1)" in html and 'href="javascript' not in html
    assert 'href="http://x.example/"' in html
    assert "&quot;onmouseover=alert(1)" in html


def test_line_breaks_and_paragraphs_are_kept():
    assert render_comment_text("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"
