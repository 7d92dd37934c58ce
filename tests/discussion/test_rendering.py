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


@pytest.mark.parametrize("code", [c for c in PALETTE.split() if c != "8)"])
def test_each_code_standing_alone_becomes_its_picture_with_the_code_as_alt(code):
    # `8)` before a word in lower case reads as a list's number: see the test below.
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


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_a_comments_li_shows_what_a_reader_needs_escaped_in_the_language(language):
    """One template (`discussion/_comment.html`) writes a comment's `<li>` for the thread
    and for a posted comment's reply: the name and text escaped, the reply and report
    links, the parent's name for a reply, the moderator's edit mark, in the language."""
    from django.utils import timezone, translation

    from broadsheet.discussion.selectors import ThreadComment, comment_page
    from broadsheet.discussion.services import comment_edit, comment_import
    from broadsheet.discussion.templatetags.discussion import comment_item_html, comment_items
    from tests.support import factories

    article = factories.article()
    moderator = factories.user_with_role("Moderator")
    at = timezone.now()
    parent = comment_import(
        article=article, name="<Olena>", text="First & <b>bold</b> :-)", created_at=at
    )
    child = comment_import(
        article=article, name="Taras", text="Agreed", parent=parent, created_at=at
    )
    comment_edit(comment=child, user=moderator, text="Agreed, edited")
    rows = comment_page(article_id=article.pk, page=None).object_list
    with translation.override(language):
        thread = str(comment_items(rows, open=True))
        reply = comment_item_html(ThreadComment.of(child), is_open=True, featured_copy=False)
        closed = str(comment_items(rows, open=False))
    assert reply in thread  # the same markup through both doors
    assert "&lt;Olena&gt;" in thread and "<Olena>" not in thread
    assert "&lt;b&gt;bold&lt;/b&gt;" in thread and 'alt=":-)"' in thread
    assert f'id="comment-{parent.pk}"' in thread and f'id="comment-{child.pk}"' in thread
    assert f'href="/{"" if language == "en" else language + "/"}comments/' in thread
    assert 'class="comment-reply"' in thread and 'class="comment-reply"' not in closed
    assert 'class="comment-edited"' in reply and 'class="in-reply-to' in reply
    word = {"en": "Reply", "uk": "Відповісти", "ru": "Ответить"}[language]
    assert word in thread


@pytest.mark.django_db
def test_a_threads_memoised_items_follow_the_language_and_the_time_zone():
    """`comment_items` keeps each `<li>` by what it shows and where: the same comment in
    another zone or language is not served the markup made for the first."""
    import datetime as dt

    from django.utils import timezone, translation

    from broadsheet.discussion.selectors import comment_page
    from broadsheet.discussion.services import comment_import
    from broadsheet.discussion.templatetags.discussion import comment_item_html, comment_items
    from tests.support import factories

    article = factories.article()
    at = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)
    comment_import(article=article, name="Reader", text="Late :-)", created_at=at)
    rows = comment_page(article_id=article.pk, page=None).object_list
    seen = set()
    for language in ("en", "uk"):
        for zone in ("Europe/Kyiv", "America/New_York"):
            with translation.override(language), timezone.override(zone):
                html = comment_items(rows, open=True)
                assert html == comment_item_html(rows[0], is_open=True, featured_copy=False)
                seen.add(html)
    assert len(seen) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_a_readers_form_from_its_memoised_markup_is_the_template_byte_for_byte(language):
    """A reader's fresh comment form is the article's markup made once with stand-ins,
    then this reader's values escaped in: the same bytes as the template gives, for
    values that need escaping, with and without a proof-of-work challenge, and twice
    (the second from the memo); a form with the reader's input goes through the
    template."""
    from django.template import Context, Template
    from django.template.loader import render_to_string
    from django.utils import translation

    from broadsheet.discussion.captcha import IssuedCaptcha, captcha_issue
    from broadsheet.discussion.forms import CommentForm
    from tests.support import factories

    article = factories.article()
    tag = Template("{% load discussion %}{% comment_form form article %}")
    issued = [
        IssuedCaptcha("t<1>&'", 'What is 2 < 3 & "x"\'s?', 'c"<>&', {"salt": "a\"<'&>"}),
        IssuedCaptcha("t2", "Q 2", "c2", None),
        captcha_issue(language=language),
    ]
    with translation.override(language):
        for captcha in [*issued, *issued]:
            form = CommentForm(captcha=captcha)
            context = {"form": form, "article": article, "csrf_token": 'k<"&>'}
            expected = render_to_string("discussion/_form.html", context)
            assert tag.render(Context(context)) == expected
            assert captcha.question.replace("<", "&lt;").split("&")[0] in expected
        bound = CommentForm({"name": "A <b>", "text": "x"}, captcha=issued[0])
        bound.is_valid()
        context = {"form": bound, "article": article, "csrf_token": "k"}
        rendered = tag.render(Context(context))
        assert rendered == render_to_string("discussion/_form.html", context)
        assert 'value="A &lt;b&gt;"' in rendered


@pytest.mark.parametrize(
    "text",
    ["(8)", "rule 8) applies", "see (8).", "правило 8) діє", "пункт 8) и 9)", "a (8) b"],
)
def test_8_with_its_bracket_as_a_number_stays_text(text):
    # Issue 22: `(8)` and `rule 8) applies` became the `8)` smiley.
    assert "<img" not in render_comment_text(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [("8)", 1), ("Well 8) Indeed", 1), ("cool 8)", 1), ("(8))", 1), ("so 8), then", 1)],
)
def test_8_as_a_face_still_converts(text, count):
    assert smiley_alts(render_comment_text(text)) == ["8)"] * count


@pytest.mark.parametrize("text", ["HTTP://)", "see https://.", "(http://)", "https://, yes"])
def test_a_scheme_with_no_address_after_its_punctuation_is_no_link(text):
    # Found by tests/discussion/test_hostile_text.py: `HTTP://)` was linked to `HTTP://`.
    assert "<a" not in render_comment_text(text)
