"""The parts of a cached page that differ for every reader: the comment form's tokens.

A page rendered for the cache carries placeholders where these go; each reader's copy
gets fresh values, made with nothing but cryptography (no database, no template): a
CSRF token paired with the reader's cookie, a form token, a signed captcha question and
a proof-of-work challenge. The placeholders hold a random per-process nonce, so a
reader cannot write one into a comment.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

NONCE = secrets.token_hex(8)
NAMES = ("csrf", "form_token", "captcha_token", "question", "pow")
PATTERN = re.compile(rf"bs-hole-{NONCE}-({'|'.join(NAMES)})".encode())
_SECRET_FORMAT = re.compile(r"^[a-zA-Z0-9]{32}$")


def placeholder(name: str) -> str:
    return f"bs-hole-{NONCE}-{name}"


def placeholder_form() -> Any:
    """A comment form whose per-reader values are placeholders."""
    from broadsheet.discussion.captcha import IssuedCaptcha
    from broadsheet.discussion.forms import CommentForm

    form = CommentForm(
        captcha=IssuedCaptcha(
            form_token=placeholder("form_token"),
            question=placeholder("question"),
            token=placeholder("captcha_token"),
            pow_challenge=None,
        )
    )
    form.pow_challenge_json = placeholder("pow")
    return form


def split(body: bytes) -> list[bytes | str]:
    """The page as static byte runs and hole names, in order."""
    parts: list[bytes | str] = []
    last = 0
    for match in PATTERN.finditer(body):
        parts.append(body[last : match.start()])
        parts.append(match.group(1).decode())
        last = match.end()
    parts.append(body[last:])
    return parts


@dataclass
class Filled:
    values: dict[str, bytes]
    set_cookie: str | None


def fill(*, language: str, cookies: str) -> Filled:
    """Fresh values for every hole, and the CSRF cookie to set when the reader has none."""
    from broadsheet.discussion.captcha import captcha_issue

    secret = _csrf_secret_from(cookies)
    set_cookie = None
    if secret is None:
        secret = _random_csrf_chars()
        set_cookie = _csrf_cookie_header(secret)
    captcha = captcha_issue(language=language, questions=_questions(language))
    pow_json = json.dumps(captcha.pow_challenge) if captcha.pow_challenge else ""
    values = {
        "csrf": _csrf_masked(secret).encode(),
        "form_token": captcha.form_token.encode(),
        "captcha_token": captcha.token.encode(),
        "question": html.escape(captcha.question).encode(),
        "pow": html.escape(pow_json).encode(),
    }
    return Filled(values=values, set_cookie=set_cookie)


_pool: dict[str, tuple[tuple[int, ...] | None, list[tuple[str, list[str]]]]] = {}


def _questions(language: str) -> list[tuple[str, list[str]]]:
    """The editors' questions, read again only after one of them changed."""
    from broadsheet.discussion.captcha import captcha_question_pool
    from broadsheet.pagecache.pages import board

    version = board().versions(["captcha-questions"])
    known = _pool.get(language)
    if version is not None and known is not None and known[0] == version:
        return known[1]
    questions = captcha_question_pool(language)
    _pool[language] = (version, questions)
    return questions


# Django's CSRF secrets and masks, made from one urandom call each: its own helpers draw
# every character through random.SystemRandom, which was most of the cost of a hit.
_TO_CSRF_CHAR = bytes(ord(CSRF_ALLOWED_CHARS[b % len(CSRF_ALLOWED_CHARS)]) for b in range(256))
_CSRF_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}


def _random_csrf_chars() -> str:
    # 256 is not a multiple of 62: the first 8 characters come a little more often
    # (5 in 256 against 4 in 256); 32 of them still hold more than 180 bits.
    return os.urandom(CSRF_SECRET_LENGTH).translate(_TO_CSRF_CHAR).decode()


def _csrf_masked(secret: str) -> str:
    """What django.middleware.csrf._mask_cipher_secret returns: a fresh mask and the
    secret shifted by it, so the token in a compressed page changes every time."""
    mask = _random_csrf_chars()
    chars, index, size = CSRF_ALLOWED_CHARS, _CSRF_INDEX, len(CSRF_ALLOWED_CHARS)
    cipher = "".join(chars[(index[x] + index[y]) % size] for x, y in zip(secret, mask, strict=True))
    return mask + cipher


def _csrf_secret_from(cookie_header: str) -> str | None:
    if settings.CSRF_COOKIE_NAME not in cookie_header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except Exception:
        return None
    morsel = jar.get(settings.CSRF_COOKIE_NAME)
    if morsel is None or not _SECRET_FORMAT.match(morsel.value):
        return None
    return morsel.value


def _csrf_cookie_header(secret: str) -> str:
    """The Set-Cookie value Django's CSRF middleware would send for `secret`."""
    return f"{settings.CSRF_COOKIE_NAME}={secret}; {_csrf_cookie_attributes()}"


@functools.cache
def _csrf_cookie_attributes() -> str:
    jar: SimpleCookie = SimpleCookie()
    name = settings.CSRF_COOKIE_NAME
    jar[name] = "x"
    morsel = jar[name]
    morsel["path"] = settings.CSRF_COOKIE_PATH
    if settings.CSRF_COOKIE_AGE is not None:
        morsel["max-age"] = settings.CSRF_COOKIE_AGE
    if settings.CSRF_COOKIE_DOMAIN:
        morsel["domain"] = settings.CSRF_COOKIE_DOMAIN
    if settings.CSRF_COOKIE_SECURE:
        morsel["secure"] = True
    if settings.CSRF_COOKIE_HTTPONLY:
        morsel["httponly"] = True
    if settings.CSRF_COOKIE_SAMESITE:
        morsel["samesite"] = settings.CSRF_COOKIE_SAMESITE
    # Expires is absolute: leave it to Max-Age, which browsers prefer anyway.
    return morsel.OutputString().split("; ", 1)[1]
