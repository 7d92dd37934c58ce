"""Browser tests of syndication: the browser fixtures of tests/browser, marked alike."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import browser, context, page  # noqa: F401 - fixtures


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/syndication/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
