"""The search pages are valid HTML according to the Nu Html Checker (vnu.jar on Java)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.htmlcheck import html_errors

pytestmark = pytest.mark.django_db


def test_results_no_results_and_empty_search_pages_are_valid_html(client, publish, tmp_path):
    at = timezone.now() - dt.timedelta(hours=1)  # microseconds included, as the desk's
    publish(headline="Reservoir levels fall", tags=["Water"], published_at=at)
    url = reverse("search:search")
    pages = {
        "results": client.get(url, {"q": "reservoir", "from": "2020-01-01"}),
        "none": client.get(url, {"q": "reservor"}),
        "empty": client.get(url),
        "invalid": client.get(url, {"q": "x", "from": "2025-02-02", "to": "2025-01-01"}),
    }
    errors = html_errors({name: r.content for name, r in pages.items()}, tmp_path)
    assert errors == []
