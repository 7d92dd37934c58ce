"""`broadsheet demo` fills the wire queue from files shipped in the package."""

from __future__ import annotations

import pytest

from broadsheet.demo.wire import wire_demo_load
from broadsheet.wire import selectors
from broadsheet.wire.models import Item, Poll, Source

pytestmark = pytest.mark.django_db


def test_demo_wire_loads_items_a_cluster_and_paused_sources_without_network(_offline):
    assert wire_demo_load() == 7
    assert _offline == []  # nothing was fetched
    assert Source.objects.count() == 4
    assert set(Source.objects.values_list("status", flat=True)) == {Source.Status.PAUSED}
    assert set(Item.objects.values_list("language", flat=True)) == {"uk", "ru", "en"}
    queue = selectors.item_list_queue(filters=selectors.QueueFilters())
    assert sorted(item.other_sources for item in queue) == [0, 0, 0, 0, 0, 1, 1]
    assert all(item.text.count("<p>") >= 3 for item in queue)
    assert not Poll.objects.exists()


def test_demo_wire_is_idempotent():
    wire_demo_load()
    assert wire_demo_load() == 0
    assert Item.objects.count() == 7


def test_demo_wire_translates_its_items_where_a_model_is_installed(tmp_path, settings):
    from broadsheet.wire import translate
    from tests.wire.tinymodel import build_argosmodel

    settings.WIRE_MODEL_DIR = tmp_path / "models"
    translate._load.cache_clear()
    translate.model_install(path=build_argosmodel(tmp_path, from_code="uk", to_code="en"))
    wire_demo_load()
    ukrainian = Item.objects.filter(language="uk")
    assert ukrainian.count() == 3
    assert all(item.translation == Item.Translation.DONE for item in ukrainian)
    assert all(item.translated_text.count("<p>") >= 3 for item in ukrainian)
    assert not Item.objects.filter(language="ru", translation=Item.Translation.DONE).exists()
