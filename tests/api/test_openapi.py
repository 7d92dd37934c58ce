"""The OpenAPI document: served, documented locally, and only ever grown within v1."""

from __future__ import annotations

import copy
import json
import re

import pytest
from django.test import Client

from tests.api.openapi_snapshot import SNAPSHOT, breaking_changes, current_document

pytestmark = pytest.mark.django_db


def test_the_served_document_is_openapi_3_1_and_the_current_one(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.1")
    assert served == current_document()


def test_the_docs_page_loads_its_assets_from_the_site_only(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in s for s in sources)
    assert all(s.startswith("/") for s in sources), sources
    assert "cdn" not in html.lower()


def test_v1_keeps_every_operation_field_and_enum_value_of_the_snapshot() -> None:
    old = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    changes = breaking_changes(old, current_document())
    assert not changes, (
        "v1 changed in a way its clients would notice; if the change is additive only, "
        "write the snapshot again (python -m tests.api.openapi_snapshot): " + "; ".join(changes)
    )


def test_the_check_sees_a_removed_or_narrowed_field_operation_or_enum_value() -> None:
    old = current_document()
    schemas = old["components"]["schemas"]
    cases = []
    removed_field = copy.deepcopy(old)
    del removed_field["components"]["schemas"]["Article"]["properties"]["standfirst"]
    cases.append(removed_field)
    removed_operation = copy.deepcopy(old)
    del removed_operation["paths"]["/api/v1/tags/"]
    cases.append(removed_operation)
    narrowed_limit = copy.deepcopy(old)
    for param in narrowed_limit["paths"]["/api/v1/articles/"]["get"]["parameters"]:
        if param["name"] == "limit":
            param["schema"]["maximum"] = 50
    cases.append(narrowed_limit)
    assert "CommentCreated" in schemas
    fewer_states = copy.deepcopy(old)
    fewer_states["components"]["schemas"]["CommentCreated"]["properties"]["state"]["enum"] = [
        "published"
    ]
    cases.append(fewer_states)
    for case in cases:
        assert breaking_changes(old, case), "a narrowing went unnoticed"
    grown = copy.deepcopy(old)
    grown["components"]["schemas"]["Article"]["properties"]["standfirst"]["description"] = "x"
    assert not breaking_changes(old, grown)
    assert breaking_changes(old, old) == []
