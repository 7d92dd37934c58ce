"""The search pages are valid HTML according to the Nu Html Checker (vnu.jar on Java)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (VNU.exists() and shutil.which("java")), reason="needs node_modules/vnu-jar and Java"
    ),
]


def test_results_no_results_and_empty_search_pages_are_valid_html(client, publish, tmp_path):
    # Whole seconds: the shared teaser's `date:'c'` would print microseconds, which the
    # checker refuses in `datetime` (an issue of news/_teaser.html, not of search).
    at = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    publish(headline="Reservoir levels fall", tags=["Water"], published_at=at)
    url = reverse("search:search")
    pages = {
        "results": client.get(url, {"q": "reservoir", "from": "2020-01-01"}),
        "none": client.get(url, {"q": "reservor"}),
        "empty": client.get(url),
        "invalid": client.get(url, {"q": "x", "from": "2025-02-02", "to": "2025-01-01"}),
    }
    files = []
    for name, response in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []
