"""The two captcha layers: a question the reader answers, and an invisible proof of work.

Issuing writes nothing: the question travels as a token signed with SECRET_KEY that
holds its key, the form it belongs to, the time it was issued and keyed hashes of the
accepted answers (never the answers). Answering writes the question's key into the
`CaptchaChallenge` ledger, whose unique key makes every question single-use across all
processes. An article page view therefore costs no database write, which matters on
SQLite (one writer) when a breaking story brings a crowd.

The proof of work is ALTCHA's (v1 protocol, the `altcha` library): the browser finds
the number whose SHA-256 with the salt gives the challenge. Its salt carries the
question's key, so a solved challenge is spent with the question.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import random
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altcha
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from broadsheet.discussion.models import CaptchaChallenge, CaptchaQuestion
from broadsheet.pagecache.board import board

SIGNING_SALT = "broadsheet.discussion.captcha"

# Cardinal numbers, per language, in the nominative case: the form a sum is read aloud in
# ("сім плюс три", "семь умножить на три"). `_UNITS` run 0–19, `_TENS` 20–90; the first
# spelling is the one a question uses, any spelling is accepted as an answer (one/two
# have a feminine, and in Ukrainian a neuter, form). Languages without a table are asked
# in digits.
_UNITS: dict[str, list[tuple[str, ...]]] = {
    "en": [
        ("zero", "nought", "nil"),
        ("one",),
        ("two",),
        ("three",),
        ("four",),
        ("five",),
        ("six",),
        ("seven",),
        ("eight",),
        ("nine",),
        ("ten",),
        ("eleven",),
        ("twelve",),
        ("thirteen",),
        ("fourteen",),
        ("fifteen",),
        ("sixteen",),
        ("seventeen",),
        ("eighteen",),
        ("nineteen",),
    ],
    "uk": [
        ("нуль",),
        ("один", "одна", "одне"),
        ("два", "дві"),
        ("три",),
        ("чотири",),
        ("п’ять",),
        ("шість",),
        ("сім",),
        ("вісім",),
        ("дев’ять",),
        ("десять",),
        ("одинадцять",),
        ("дванадцять",),
        ("тринадцять",),
        ("чотирнадцять",),
        ("п’ятнадцять",),
        ("шістнадцять",),
        ("сімнадцять",),
        ("вісімнадцять",),
        ("дев’ятнадцять",),
    ],
    "ru": [
        ("ноль", "нуль"),
        ("один", "одна", "одно"),
        ("два", "две"),
        ("три",),
        ("четыре",),
        ("пять",),
        ("шесть",),
        ("семь",),
        ("восемь",),
        ("девять",),
        ("десять",),
        ("одиннадцать",),
        ("двенадцать",),
        ("тринадцать",),
        ("четырнадцать",),
        ("пятнадцать",),
        ("шестнадцать",),
        ("семнадцать",),
        ("восемнадцать",),
        ("девятнадцать",),
    ],
}
_TENS: dict[str, list[str]] = {
    "en": ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
    "uk": [
        "двадцять",
        "тридцять",
        "сорок",
        "п’ятдесят",
        "шістдесят",
        "сімдесят",
        "вісімдесят",
        "дев’яносто",
    ],
    "ru": [
        "двадцать",
        "тридцать",
        "сорок",
        "пятьдесят",
        "шестьдесят",
        "семьдесят",
        "восемьдесят",
        "девяносто",
    ],
}
_HUNDRED: dict[str, tuple[str, ...]] = {
    "en": ("one hundred", "a hundred", "hundred"),
    "uk": ("сто",),
    "ru": ("сто",),
}
NUMBER_LANGUAGES = tuple(_UNITS)


def number_spellings(number: int, language: str) -> tuple[str, ...]:
    """Every accepted spelling of `number` (0–100) in `language`, the usual one first.

    Raises KeyError for a language without a table, ValueError outside 0–100.
    """
    units, tens = _UNITS[language], _TENS[language]
    if 0 <= number < 20:
        return units[number]
    if number == 100:
        return _HUNDRED[language]
    if not 20 <= number < 100:
        raise ValueError(f"no words for {number}")
    ten = tens[number // 10 - 2]
    if number % 10 == 0:
        return (ten,)
    joiner = "-" if language == "en" else " "
    return tuple(f"{ten}{joiner}{unit}" for unit in units[number % 10])


def number_word(number: int, language: str) -> str:
    """`number` (0–100) as a question writes it in `language`; KeyError without a table."""
    return number_spellings(number, language)[0]


# The English words 0–20, for callers that answer in words.
NUMBER_WORDS = [number_word(n, "en") for n in range(21)]


class CaptchaError(Exception):
    """The captcha was not passed. `code`: missing, invalid, expired, wrong_form, used,
    wrong, pow_invalid."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class IssuedCaptcha:
    form_token: str
    question: str
    token: str
    pow_challenge: dict[str, Any] | None


@dataclass(frozen=True)
class PassedCaptcha:
    key: str
    issued_at: dt.datetime
    pow_missing: bool = False


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


# Apostrophes are dropped ("п'ять", "пʼять", "пять" are one answer), hyphens between
# letters read as spaces ("twenty-one"), ё as е: readers type these every which way.
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`´′"), None)
_WORD_HYPHEN = re.compile(r"(?<=\w)[-‐‑–](?=\w)")


def normalize_answer(answer: str) -> str:
    text = unicodedata.normalize("NFKC", answer).casefold().strip().rstrip(".!")
    text = _WORD_HYPHEN.sub(" ", text.translate(_APOSTROPHES)).replace("ё", "е")
    return " ".join(text.split())


@functools.cache
def _answer_hmac_key(secret: str) -> bytes:
    # Derived once (salted_hmac would derive it on every call): every page a reader gets
    # issues a question and hashes all its accepted answers.
    return hashlib.sha256((SIGNING_SALT + secret).encode()).digest()


def _answer_hash(key: str, answer: str) -> str:
    return _normalized_answer_hash(key, normalize_answer(answer))


def _normalized_answer_hash(key: str, normalized: str) -> str:
    message = f"{key}:{normalized}".encode()
    digest = hmac.new(_answer_hmac_key(settings.SECRET_KEY), message, hashlib.sha256)
    return digest.hexdigest()[:20]


def _pow_key() -> str:
    return _pow_key_for(settings.SECRET_KEY)


@functools.cache
def _pow_key_for(secret: str) -> str:
    return salted_hmac("broadsheet.discussion.pow", "altcha", secret).hexdigest()


@functools.cache
def _answers_for(result: int) -> tuple[str, ...]:
    """The digits and, up to 100, the words in every language with a number table,
    normalized as answers are."""
    answers = [str(result)]
    if 0 <= result <= 100:
        for language in NUMBER_LANGUAGES:
            answers.extend(number_spellings(result, language))
    return tuple(dict.fromkeys(normalize_answer(a) for a in answers))


def _arithmetic(
    rng: random.SystemRandom, *, in_words: bool, language: str
) -> tuple[str, Sequence[str]]:
    """A sum of two numbers from 1 to 10 in `language`, and its accepted answers.

    Asked in words only where the language has a number table; in digits otherwise.
    """
    a, b = rng.randint(1, 10), rng.randint(1, 10)
    op = rng.choice(["+", "-", "×"])
    if op == "-" and b > a:
        a, b = b, a
    result = {"+": a + b, "-": a - b, "×": a * b}[op]
    question = _arithmetic_question(language.split("-")[0], a, op, b, in_words)
    return question, _answers_for(result)


@functools.lru_cache(maxsize=4096)
def _arithmetic_question(language: str, a: int, op: str, b: int, in_words: bool) -> str:
    """The question's text (600 per language at most, so made once each)."""
    with override(language):
        if in_words and language in NUMBER_LANGUAGES:
            words = {"a": number_word(a, language), "b": number_word(b, language)}
            if op == "+":
                # Translators: a captcha question; %(a)s and %(b)s are numbers in words.
                return _("What is %(a)s plus %(b)s?") % words
            if op == "-":
                # Translators: a captcha question; %(a)s and %(b)s are numbers in words.
                return _("What is %(a)s minus %(b)s?") % words
            # Translators: a captcha question; %(a)s and %(b)s are numbers in words.
            return _("What is %(a)s times %(b)s?") % words
        # Translators: a captcha question such as "What is 7 + 3?"; %(op)s is +, − or ×.
        return _("What is %(a)s %(op)s %(b)s?") % {"a": a, "op": op.replace("-", "−"), "b": b}


def captcha_question_pool(language: str) -> list[tuple[str, list[str]]]:
    """The editors' active questions for `language` (and for every language)."""
    rows = CaptchaQuestion.objects.filter(active=True, language__in=["", language])
    return [(q.question, q.answer_list()) for q in rows.only("question", "answers")[:100]]


_pools: dict[str, tuple[tuple[int, ...] | None, list[tuple[str, list[str]]]]] = {}


def captcha_question_pool_current(language: str) -> list[tuple[str, list[str]]]:
    """`captcha_question_pool`, read again only after an editor changed a question (the
    page cache's version board says so): no query on the hot path of issuing."""
    version = board().versions(["captcha-questions"])
    known = _pools.get(language)
    if version is not None and known is not None and known[0] == version:
        return known[1]
    questions = captcha_question_pool(language)
    _pools[language] = (version, questions)
    return questions


def captcha_issue(
    *,
    form_token: str | None = None,
    language: str | None = None,
    questions: list[tuple[str, list[str]]] | None = None,
) -> IssuedCaptcha:
    """Issue a fresh question (and proof-of-work challenge) for the form `form_token`.

    The question is in `language` (default: the active one); its answer is accepted in
    digits or in words of any language with a number table. Runs one query (the
    editors' questions), none when the caller passes `questions`; writes nothing.
    """
    rng = random.SystemRandom()
    form_token = form_token or new_form_token()
    key = secrets.token_hex(12)
    language = language or get_language() or settings.LANGUAGE_CODE
    custom = captcha_question_pool(language) if questions is None else questions
    # Digits, words or (when editors wrote some) one of theirs, equally likely.
    kind = rng.randrange(3 if custom else 2)
    if kind == 2:
        question, given = rng.choice(custom)
        answers: Sequence[str] = [normalize_answer(a) for a in given]
    else:
        question, answers = _arithmetic(rng, in_words=kind == 1, language=language)
    now = timezone.now()
    token = signing.dumps(
        {
            "k": key,
            "f": form_token,
            "q": question,
            "t": now.timestamp(),
            "h": [_normalized_answer_hash(key, a) for a in answers],
        },
        salt=SIGNING_SALT,
        compress=True,
    )
    pow_challenge = None
    if settings.DISCUSSION_POW_ENABLED:
        challenge = altcha.create_challenge_v1(
            altcha.ChallengeOptionsV1(
                hmac_key=_pow_key(),
                max_number=settings.DISCUSSION_POW_MAX_NUMBER,
                expires=now + dt.timedelta(seconds=settings.DISCUSSION_CAPTCHA_TTL),
                params={"k": key},
            )
        )
        pow_challenge = challenge.to_dict()
    return IssuedCaptcha(
        form_token=form_token, question=question, token=token, pow_challenge=pow_challenge
    )


def captcha_question_of(token: str) -> str:
    """The question inside a token (for re-showing a form); empty when unreadable."""
    try:
        return str(signing.loads(token, salt=SIGNING_SALT)["q"])
    except (signing.BadSignature, KeyError, TypeError):
        return ""


def _check_pow(*, key: str, payload: str) -> None:
    ok, _error = altcha.verify_solution_v1(payload, _pow_key(), check_expires=True)
    if not ok:
        raise CaptchaError("pow_invalid")
    try:
        params = altcha.extract_params_v1(altcha.PayloadV1.from_base64(payload).to_dict())
    except (ValueError, TypeError, KeyError) as exc:
        raise CaptchaError("pow_invalid") from exc
    if params.get("k") != [key]:
        raise CaptchaError("pow_invalid")


@dataclass(frozen=True)
class AnsweredCaptcha:
    """A question read from its token with the reader's answer (and proof of work)
    checked, not yet spent: `error` ("wrong", "pow_invalid") is raised once it is."""

    key: str
    form_token: str
    question: str
    issued_at: dt.datetime
    correct: bool
    pow_missing: bool
    error: str | None


def captcha_read(
    *, token: str, form_token: str, answer: str, pow_payload: str = ""
) -> AnsweredCaptcha:
    """Read the question in `token` and check `answer` and the proof of work, writing
    nothing; raise CaptchaError for a token that cannot be spent (missing, invalid,
    expired, another form's). `captcha_spend` then spends it, right or wrong."""
    if not token or not form_token:
        raise CaptchaError("missing")
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=settings.DISCUSSION_CAPTCHA_TTL)
    except signing.SignatureExpired as exc:
        raise CaptchaError("expired") from exc
    except signing.BadSignature as exc:
        raise CaptchaError("invalid") from exc
    if not constant_time_compare(str(data.get("f", "")), form_token):
        raise CaptchaError("wrong_form")
    key = str(data["k"])
    correct = bool(answer.strip()) and _answer_hash(key, answer) in data["h"]
    error = None if correct else "wrong"
    if correct and settings.DISCUSSION_POW_ENABLED and pow_payload:
        try:
            _check_pow(key=key, payload=pow_payload)
        except CaptchaError as exc:
            error = exc.code
    return AnsweredCaptcha(
        key=key,
        form_token=form_token,
        question=str(data["q"])[:200],
        issued_at=dt.datetime.fromtimestamp(float(data["t"]), tz=dt.UTC),
        correct=correct,
        pow_missing=settings.DISCUSSION_POW_ENABLED and not pow_payload,
        error=error,
    )


def captcha_spend(answered: AnsweredCaptcha) -> None:
    """Write the question into the ledger, right or wrong, so it can never be tried
    again; raise CaptchaError("used") when it already is there. In the caller's
    transaction, which must commit it whatever it decides (a refusal included)."""
    try:
        CaptchaChallenge.objects.create(
            key=answered.key,
            form_token=answered.form_token,
            question=answered.question,
            issued_at=answered.issued_at,
            expires_at=answered.issued_at + dt.timedelta(seconds=settings.DISCUSSION_CAPTCHA_TTL),
            correct=answered.correct,
        )
    except IntegrityError as exc:
        raise CaptchaError("used") from exc


def captcha_answer(
    *, token: str, form_token: str, answer: str, pow_payload: str = ""
) -> PassedCaptcha:
    """Spend the question in `token` on `answer`; raise CaptchaError unless it is right.

    The question is spent (written to the ledger, committed at once) whether the answer
    is right or wrong, so it can never be tried twice. The proof of work, when enabled,
    must be for this question; a missing one is reported (`pow_missing`) after the
    question is spent and passed, so the caller may decide to hold instead.
    """
    answered = captcha_read(
        token=token, form_token=form_token, answer=answer, pow_payload=pow_payload
    )
    with transaction.atomic():
        captcha_spend(answered)
    if answered.error:
        raise CaptchaError(answered.error)
    return PassedCaptcha(
        key=answered.key, issued_at=answered.issued_at, pow_missing=answered.pow_missing
    )


def captcha_issued_at(token: str) -> dt.datetime | None:
    try:
        data = signing.loads(token, salt=SIGNING_SALT)
        return dt.datetime.fromtimestamp(float(data["t"]), tz=dt.UTC)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
