"""Settings for the page cache tests; the server (`front_url`) is in tests/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _open_discussion(settings: Any) -> None:
    """Comments show at once, with every check on but a cheap proof of work."""
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_DEFAULT_MODE = "open"
    settings.DISCUSSION_POW_MAX_NUMBER = 2000
    settings.DISCUSSION_MAIL_IN_THREAD = False
