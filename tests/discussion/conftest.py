from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.mail import Inbox, smtp_inbox
from tests.support.settings import open_discussion


@pytest.fixture(autouse=True)
def _discussion_settings(settings: Any) -> None:
    open_discussion(settings)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on loopback receiving the site's mail."""
    yield from smtp_inbox(settings)
