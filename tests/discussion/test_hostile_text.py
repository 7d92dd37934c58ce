"""Hostile text, generated: the comment renderer, its smilies and the captcha.

Property-based (hypothesis): whatever a reader types, the renderer writes no element or
attribute but its own and loses no character; a smiley is only a code standing as a
word; a captcha token passes only with one of its answers, refuses every tampering and
answers any string with a result or a CaptchaError, nothing else.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core import signing
from django.templatetags.static import static
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from broadsheet.discussion import captcha
from broadsheet.discussion.rendering import LINK_REL, render_comment_text
from broadsheet.discussion.smilies import SMILEY_BY_CODE, SMILIES, smiley_path
from tests.support.webclient import solve_question
from tests.support.xss import xss_vectors

# Bounded: the machine has two cores and other jobs; no deadline, its timing varies.
BOUNDED = settings(
    max_examples=300,
    database=None,  # no .hypothesis folder in the tree; a failure prints its example
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VECTORS = xss_vectors()
CODES = [s.code for s in SMILIES]

# Reader text: any characters (hypothesis leaves out lone surrogates, which no decoded
# request holds), mixed with the pieces the renderer reacts to and with XSS vectors.
PIECES = st.sampled_from(
    [
        *CODES,
        *("http://", "https://", "https://example.org/a", "(", ")", "\n", "\n\n", "\r\n"),
        *("<", ">", "&", '"', "'", "`", "&lt;", "&#x27;", ";", "\x00", "\x0c", "\ufffe", " "),
    ]
)
READER_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join),
    st.sampled_from(VECTORS),
    st.lists(st.sampled_from(VECTORS) | PIECES, max_size=6).map(" ".join),
)


class Written(HTMLParser):
    """The elements and attributes of the renderer's output, and its text read back:
    a paragraph break as a blank line, `<br>` as a line break, a smiley as its code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "p":
            self.text.append("\n\n" if self.paragraphs else "")
            self.paragraphs += 1
        elif tag == "br":
            self.text.append("\n")
        elif tag == "img":
            self.text.append(dict(attrs).get("alt") or "")
        if tag in {"p", "a"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing it opened"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment was written: {data!r}")

    def handle_decl(self, decl: str) -> None:
        raise AssertionError(f"a declaration was written: {decl!r}")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError(f"a declaration was written: {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"a processing instruction was written: {data!r}")


def written(html: str) -> Written:
    parser = Written()
    parser.feed(html)
    parser.close()
    assert parser.open == [], f"left open: {parser.open}"
    return parser


def expected_text(text: str) -> str:
    """The text the renderer promises to keep: paragraphs split at blank lines (the
    whitespace between them dropped), the whole trimmed, CRLF read as LF."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n\n".join(p for p in paragraphs if p)


SMILEY_SRCS = {s.code: static(smiley_path(s.slug)) for s in SMILIES}


@BOUNDED
@given(READER_TEXT)
@example("<svg\x0conload=alert(1)>")
@example('https://example.org/"onmouseover="alert(1)')
@example(":D<img src=x onerror=alert(1)>")
def test_the_renderer_writes_only_its_own_elements_and_attributes(text):
    for tag, attrs in written(render_comment_text(text)).elements:
        if tag in {"p", "br"}:
            assert attrs == {}
        elif tag == "a":
            assert set(attrs) == {"href", "rel"} and attrs["rel"] == LINK_REL
            assert re.match(r"https?://[^\s<>\"'`]+\Z", attrs["href"] or "", re.I), attrs
        elif tag == "img":
            assert set(attrs) == {"class", "src", "alt", "width", "height"}
            assert attrs["class"] == "smiley" and attrs["width"] == attrs["height"] == "20"
            assert attrs["alt"] in SMILEY_BY_CODE and attrs["src"] == SMILEY_SRCS[attrs["alt"]]
        else:
            raise AssertionError(f"<{tag}> written")


@BOUNDED
@given(READER_TEXT)
@example("a\r\n\r\nb\rc\x0cd\x00e\ufffe")
@example("x  \n \t\n\n y")
def test_the_renderers_text_reads_back_as_typed(text):
    assert "".join(written(render_comment_text(text)).text) == expected_text(text)


@BOUNDED
@given(READER_TEXT)
def test_a_link_shows_its_own_address(text):
    html = render_comment_text(text)
    for href, shown in re.findall(r'<a href="([^"]*)" rel="[^"]*">([^<]*)</a>', html):
        assert href == shown


# The smiley converter, where rendering uses it.

WORDY = st.text(st.characters(categories=["L", "Nd"]), min_size=1, max_size=6)


@BOUNDED
@given(st.sampled_from(CODES), WORDY, st.booleans())
def test_a_code_glued_to_a_word_or_number_stays_text(code, word, before):
    text = f"{word}{code}" if before else f"{code}{word}"
    assert "<img" not in render_comment_text(text), text


@BOUNDED
@given(st.lists(st.sampled_from(CODES), min_size=1, max_size=8), st.sampled_from([" ", "\n"]))
def test_codes_standing_as_words_all_convert_in_order(codes, gap):
    html = render_comment_text("Said " + gap.join(codes) + " Then")
    alts = re.findall(r'<img class="smiley" src="[^"]+" alt="([^"]+)"', html)
    assert alts == codes


@BOUNDED
@given(
    st.sampled_from(CODES),
    st.from_regex(r"https?://[a-z]{1,8}\.example/[a-z/]{0,6}", fullmatch=True),
)
def test_a_code_inside_a_link_stays_part_of_the_link(code, url):
    html = render_comment_text(f"{url}{code}x")
    assert "<img" not in html


@BOUNDED
@given(st.integers(min_value=0, max_value=10**6), WORDY.filter(str.islower))
@example(8, "applies")
def test_a_number_with_its_bracket_is_never_a_smiley(number, word):
    # Issue 22: `(8)` and `rule 8) applies` became the `8)` smiley.
    for text in (f"({number})", f"rule {number}) {word}", f"see ({number}), {word}"):
        assert "<img" not in render_comment_text(text), text


# The captcha.

ANY = st.text(max_size=60)
ANSWERS = st.one_of(
    ANY,
    st.integers(-5, 120).map(str),
    st.sampled_from(["  7 ", "seven.", "Seven!", "СІМ", "п'ять", "twenty-one", "0", ""]),
)
OWN_QUESTIONS = [("Which city is the capital of Ukraine?", ["Kyiv", "Київ", "Kiev"])]


def accepted(issued: captcha.IssuedCaptcha) -> set[str]:
    """The normalized answers the question accepts, worked out without the token."""
    for question, answers in OWN_QUESTIONS:
        if issued.question == question:
            return {captcha.normalize_answer(a) for a in answers}
    return set(captcha._answers_for(int(solve_question(issued.question))))


def read(issued: captcha.IssuedCaptcha, answer: str, **kwargs: str) -> captcha.AnsweredCaptcha:
    return captcha.captcha_read(
        token=kwargs.get("token", issued.token),
        form_token=kwargs.get("form_token", issued.form_token),
        answer=answer,
        pow_payload=kwargs.get("pow_payload", ""),
    )


@BOUNDED
@given(
    ANSWERS,
    st.sampled_from(["en", "de"]),  # questions our solver reads; answers in any
    st.booleans(),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["{}", "{} ", " {}. ", "{}!"]),
    st.booleans(),
)
@override_settings(DISCUSSION_POW_ENABLED=False)
def test_a_token_passes_exactly_with_an_accepted_answer(
    answer, language, use_right, pick, written_as, upper
):
    issued = captcha.captcha_issue(language=language, questions=OWN_QUESTIONS)
    right = sorted(accepted(issued))
    # Half the time one of its own answers, written as a reader might (the question is
    # chosen at random, so the answer is picked from its list by a drawn number).
    if use_right:
        answer = written_as.format(right[pick % len(right)])
        answer = answer.upper() if upper else answer
    result = read(issued, answer)
    should = bool(answer.strip()) and captcha.normalize_answer(answer) in right
    assert result.correct is should, (issued.question, answer)
    assert (result.error is None) is should


def tampered(token: str, where: int, char: str) -> str:
    where %= len(token) + 1
    return token[:where] + char + token[where + 1 :]


@BOUNDED
@given(st.integers(min_value=0), st.characters(codec="utf-8"), st.booleans())
@override_settings(DISCUSSION_POW_ENABLED=False)
def test_a_tampered_token_or_form_is_refused(where, char, on_token):
    issued = captcha.captcha_issue(questions=[])
    answer = solve_question(issued.question)
    if on_token:
        token = tampered(issued.token, where, char)
        if token == issued.token:
            return
        with pytest.raises(captcha.CaptchaError) as refused:
            read(issued, answer, token=token)
        assert refused.value.code in {"invalid", "missing"}
    else:
        form = tampered(issued.form_token, where, char)
        if form == issued.form_token:
            return
        with pytest.raises(captcha.CaptchaError) as refused:
            read(issued, answer, form_token=form)
        assert refused.value.code in {"wrong_form", "missing"}


@BOUNDED
@given(st.dictionaries(st.sampled_from("kfqth"), st.text(max_size=5) | st.integers()))
@override_settings(DISCUSSION_POW_ENABLED=False)
def test_a_token_signed_with_another_key_is_refused(data):
    forged = signing.dumps(data, key="not-our-secret", salt=captcha.SIGNING_SALT)
    with pytest.raises(captcha.CaptchaError) as refused:
        captcha.captcha_read(token=forged, form_token="f", answer="1")
    assert refused.value.code == "invalid"


@BOUNDED
@given(
    st.one_of(ANY, st.sampled_from(VECTORS)),
    st.one_of(ANY, st.sampled_from(VECTORS)),
    ANSWERS,
    st.one_of(ANY, st.binary(max_size=40).map(lambda b: b.hex())),
    st.booleans(),
    st.booleans(),
)
def test_any_strings_give_a_result_or_a_captcha_error(
    token, form_token, answer, pow_payload, real_token, pow_enabled
):
    with override_settings(DISCUSSION_POW_ENABLED=pow_enabled):
        if real_token:
            issued = captcha.captcha_issue(questions=[])
            token, form_token = issued.token, issued.form_token
            if answer == "":
                answer = solve_question(issued.question)
        try:
            captcha.captcha_read(
                token=token, form_token=form_token, answer=answer, pow_payload=pow_payload
            )
        except captcha.CaptchaError as exc:
            assert exc.code in {"missing", "invalid", "expired", "wrong_form"}
        assert isinstance(captcha.captcha_question_of(token), str)
        captcha.captcha_issued_at(token)
