"""Offline translation on a tiny model built at test time: the real install and
translation code paths (ctranslate2 + sentencepiece), whose output is gibberish."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from broadsheet.wire import pipeline, selectors, translate
from broadsheet.wire.models import Item, TranslationModel
from tests.wire.helpers import add_source, serve_outlet
from tests.wire.stories import BRIDGE_UK, LIBRARY_EN
from tests.wire.tinymodel import build_argosmodel

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return build_argosmodel(tmp_path, from_code="uk", to_code="en")


@pytest.fixture(autouse=True)
def _models_in_tmp(settings, tmp_path):
    settings.WIRE_MODEL_DIR = tmp_path / "models"
    translate._load.cache_clear()


def test_install_model_unpacks_and_records_the_pair(package, settings):
    call_command("wire", "install-model", str(package))
    model = TranslationModel.objects.get()
    assert (model.from_code, model.to_code) == ("uk", "en")
    assert (Path(model.path) / "model" / "model.bin").is_file()
    assert Path(model.path).parent == settings.WIRE_MODEL_DIR


def test_install_model_refuses_what_is_not_a_package(tmp_path):
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a zip"):
        call_command("wire", "install-model", str(junk))
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("pkg/metadata.json", json.dumps({"from_code": "uk", "to_code": "en"}))
        archive.writestr("pkg/../../escape.txt", "x")
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("wire", "install-model", str(evil))
    assert not TranslationModel.objects.exists()


def test_translate_html_keeps_paragraphs_links_and_flags_broken_segments(package):
    model = translate.model_install(path=package)
    html = (
        "<p>Уряд ухвалив рішення 2026 року. Міністр зустрівся з колегами.</p>"
        '<p>Ціни зросли на <a href="https://example.org/prices">15 відсотків</a>, '
        "кажуть аналітики.</p>"
    )
    out, flags = translate.translate_html(html, root=model.path)
    assert out.count("<p>") == 2
    assert '<a href="https://example.org/prices"' in out and out.count("</a>") == 1
    assert "Уряд" not in out
    assert flags  # the tiny model loses the numbers and repeats itself
    reasons = {reason for flag in flags for reason in flag["reasons"]}
    assert "numbers differ from the original" in reasons


def test_segment_flags_notice_repeats_and_numbers():
    assert translate.segment_flags("Ціни зросли на 15%", "Prices rose by 15%") == []
    assert "numbers differ from the original" in translate.segment_flags("у 2026 році", "in 2025")
    assert "a word repeated three times" in translate.segment_flags("a b c", "the the the end")


def test_items_are_translated_in_the_background_and_the_original_is_kept(web, package):
    translate.model_install(path=package)
    source = add_source(serve_outlet(web, "o", [BRIDGE_UK, LIBRARY_EN]))
    pipeline.source_poll(source=source)
    bridge = Item.objects.get(title=BRIDGE_UK.title)
    assert bridge.translation == Item.Translation.PENDING
    assert Item.objects.get(title=LIBRARY_EN.title).translation == Item.Translation.NONE
    assert selectors.item_list_translation_pending() == [bridge.pk]
    translated = translate.item_translate(item_id=bridge.pk)
    assert translated is not None
    assert translated.translation == Item.Translation.DONE
    assert translated.translation_language == "en"
    assert translated.translated_text.count("<p>") == bridge.text.count("<p>")
    assert translated.translated_title and translated.title == BRIDGE_UK.title
    assert translated.text == bridge.text


def test_installing_a_model_queues_the_waiting_items(web, package):
    source = add_source(serve_outlet(web, "o", [BRIDGE_UK]))
    pipeline.source_poll(source=source)
    assert Item.objects.get().translation == Item.Translation.NONE
    translate.model_install(path=package)
    assert Item.objects.get().translation == Item.Translation.PENDING


def test_without_a_model_nothing_is_translated_and_items_still_arrive(web):
    source = add_source(serve_outlet(web, "o", [BRIDGE_UK]))
    assert pipeline.source_poll(source=source).poll.items_new == 1
    item = Item.objects.get()
    assert item.translation == Item.Translation.NONE
    assert translate.item_translate(item_id=item.pk) is None


REAL_MODEL = os.environ.get("BROADSHEET_WIRE_TEST_MODEL", "")


@pytest.mark.skipif(
    not (REAL_MODEL and Path(REAL_MODEL).is_file()),
    reason="no real uk→en Argos Translate package given (BROADSHEET_WIRE_TEST_MODEL=FILE)",
)
def test_a_real_model_translates_ukrainian_into_english():
    model = translate.model_install(path=Path(REAL_MODEL))
    out = translate.translate_texts(["Уряд ухвалив рішення."], root=model.path)
    assert "government" in out[0].lower()


def test_an_item_too_long_to_translate_is_given_up_and_keeps_its_original(
    web, package, monkeypatch
):
    translate.model_install(path=package)
    source = add_source(serve_outlet(web, "o", [BRIDGE_UK]))
    pipeline.source_poll(source=source)
    item = Item.objects.get()
    monkeypatch.setattr(translate, "MAX_SECONDS", 0.0)
    assert translate.item_translate(item_id=item.pk) is None
    item.refresh_from_db()
    assert item.translation == Item.Translation.FAILED
    assert "too long to translate" in item.translation_flags[0]["reasons"][0]
    assert item.text and not item.translated_text
