"""Sample wire sources: feeds and article pages written for Broadsheet (in Ukrainian,
Russian and English; the outlets are invented), shipped in `wire_content/` and read from
those files, so a fresh site's wire queue shows items and a cluster with no network.

The sources are stored paused: their addresses (under .example) are never fetched.
Idempotent: a source is found by its feed URL and an item by its key.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from broadsheet.wire import pipeline, selectors, services, translate
from broadsheet.wire.extract import extract_page
from broadsheet.wire.models import Source
from broadsheet.wire.parse import parse_feed

CONTENT = Path(__file__).resolve().parent / "wire_content"
SOURCES = [
    ("podillia", "Поділля сьогодні", "https://podillia-today.example/", "uk"),
    ("ternopil", "Тернопільський вісник", "https://ternopil-herald.example/", "uk"),
    ("kurier", "Северный курьер", "https://severny-kurier.example/", "ru"),
    ("gazette", "Riverside Gazette", "https://riverside-gazette.example/", "en"),
]
PAUSED = "sample source: its feed and pages ship with Broadsheet and are read from files"


def _source(name: str, homepage: str, language: str) -> Source:
    feed_url = f"{homepage}feed.xml"
    source = Source.objects.filter(feed_url=feed_url).first()
    if source is None:
        source = services.source_add(
            name=name, homepage=homepage, feed_url=feed_url, language=language
        )
        services.source_pause(source=source, reason=PAUSED)
    return source


def wire_demo_load() -> int:
    """Load the sample sources and their items; returns the items created."""
    index = pipeline.near_duplicates_index()
    created = 0
    for folder, name, homepage, language in SOURCES:
        source = _source(name, homepage, language)
        feed = parse_feed((CONTENT / folder / "feed.xml").read_bytes(), base_url=homepage)
        for entry in feed.entries:
            page_file = CONTENT / folder / f"{urlsplit(entry.link).path.rsplit('/', 1)[-1]}.html"
            page = None
            if page_file.is_file():
                page = extract_page(page_file.read_text(encoding="utf-8"), url=entry.link)
            _item, change = pipeline.item_ingest(source=source, entry=entry, page=page, index=index)
            created += change == "new"
    # Where an operator has installed a model, the sample items come translated too.
    for pk in selectors.item_list_translation_pending(limit=100):
        translate.item_translate(item_id=pk)
    return created
