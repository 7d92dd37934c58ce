"""The API fuzzed from its own OpenAPI document against a live server (the page
cache's front before Django, as `broadsheet serve` runs it): every operation, every
schemathesis check, 100 examples each, with some content to find."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from schemathesis.openapi import from_dict

from broadsheet.news.models import Correction
from tests.api.openapi_snapshot import current_document
from tests.support import factories
from tests.support.settings import open_discussion


@pytest.fixture
def site(front_url: str, settings: Any) -> str:
    """The live server, with articles, tags, an author and corrections to find."""
    open_discussion(settings)
    writer = factories.author()
    for n in range(3):
        article = factories.article(tags=["Energy"], authors=[writer])
        Correction.objects.create(article=article, text=f"Correction {n}.")
    return front_url


schema = from_dict(current_document())


@schema.parametrize()
@hypothesis.settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_operation_keeps_its_contract(case: Any, site: str) -> None:
    case.call_and_validate(base_url=site)
