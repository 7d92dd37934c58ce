"""Settings the tests share."""

from __future__ import annotations

from typing import Any


def open_discussion(settings: Any) -> None:
    """Comments show at once, with every check on but a cheap proof of work and loose
    rates; a test of one check turns it back on."""
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_DEFAULT_MODE = "open"
    settings.DISCUSSION_POW_MAX_NUMBER = 2000
    settings.DISCUSSION_RATE_PER_IP = "1000/60"
    settings.DISCUSSION_RATE_PER_ARTICLE = "1000/60"
    settings.DISCUSSION_MAIL_IN_THREAD = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
