from __future__ import annotations

from typing import Any

import pytest

from tests.support.settings import open_discussion


@pytest.fixture(autouse=True)
def _discussion_settings(settings: Any) -> None:
    open_discussion(settings)
