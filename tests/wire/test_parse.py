"""Feeds of every format and of lying encodings come out as the stories they carry."""

from __future__ import annotations

import pytest

from broadsheet.wire.parse import decode_feed, decode_page, parse_feed
from tests.wire.stories import (
    BRIDGE_UK,
    HARVEST_RU,
    LIBRARY_EN,
    STORIES,
    atom,
    page_html,
    rss091,
    rss1,
    rss2,
)

PAIRS = [(s, f"http://outlet.example/{s.slug}") for s in STORIES]


@pytest.mark.parametrize(
    ("build", "version"),
    [(rss2, "rss20"), (atom, "atom10"), (rss1, "rss10"), (rss091, "rss091u")],
)
def test_parse_feed_reads_every_format(build, version):
    feed = parse_feed(build(PAIRS).encode("utf-8"))
    assert feed.version == version
    assert [e.title for e in feed.entries] == [s.title for s in STORIES]
    assert [e.link for e in feed.entries] == [url for _, url in PAIRS]
    assert not feed.problems


def test_parse_feed_reads_rss2_extensions():
    entry = parse_feed(rss2(PAIRS).encode("utf-8")).entries[0]
    assert entry.key == "guid:mist"
    assert entry.author == BRIDGE_UK.author  # dc:creator
    assert entry.content.count("<p>") == len(BRIDGE_UK.paragraphs)  # content:encoded
    assert entry.image_url == "http://outlet.example/mist/lead.jpg"  # media:content
    assert (
        entry.published is not None and entry.published.isoformat() == "2026-12-07T07:30:00+00:00"
    )


def test_parse_feed_reads_dublin_core_dates_and_language():
    entries = parse_feed(rss1(PAIRS).encode("utf-8")).entries
    assert entries[1].published is not None
    assert entries[1].published.isoformat() == "2026-12-06T11:00:00+00:00"
    assert entries[1].language == "ru"


def test_entries_without_guid_are_keyed_by_link():
    entries = parse_feed(rss091(PAIRS).encode("utf-8")).entries
    assert entries[0].key == "link:http://outlet.example/mist"


def _cyrillic_feed(encoding_declared: str | None, *, russian_only: bool = False) -> str:
    stories = [(HARVEST_RU, "http://outlet.example/u")]
    if not russian_only:
        stories.append((BRIDGE_UK, "http://outlet.example/m"))
    text = rss2(stories)
    if russian_only:  # KOI8-R has neither Ukrainian letters nor guillemets
        text = text.replace("«", '"').replace("»", '"').replace("—", "-")
    if encoding_declared is None:
        return text.replace(' encoding="utf-8"', "", 1)
    return text.replace('encoding="utf-8"', f'encoding="{encoding_declared}"', 1)


@pytest.mark.parametrize(
    ("actual", "declared"),
    [
        ("windows-1251", None),  # no declaration: XML says UTF-8
        ("windows-1251", "utf-8"),  # declared wrongly
        ("koi8-r", "windows-1251"),  # declared as the other Cyrillic code page
        ("koi8-r", None),
        ("windows-1251", "koi8-r"),
        ("windows-1251", "iso-8859-1"),
    ],
)
def test_lying_cyrillic_encodings_come_out_as_text_not_mojibake(actual, declared):
    source = _cyrillic_feed(declared, russian_only=actual == "koi8-r")
    feed = parse_feed(source.encode(actual, errors="strict"))
    assert feed.entries[0].title == HARVEST_RU.title
    assert HARVEST_RU.paragraphs[1] in feed.entries[0].content
    if actual == "windows-1251":
        assert feed.entries[1].title == BRIDGE_UK.title
    for entry in feed.entries:
        # Mojibake of these kinds: capitals where lowercase belongs, "Р°" pairs, "Ð".
        assert "Р°" not in entry.title and "Ð" not in entry.title
        letters = [c for c in entry.title if c.isalpha()]
        assert sum(c.islower() for c in letters) > len(letters) * 0.7
    assert feed.encoding == {"windows-1251": "cp1251", "koi8-r": "koi8-r"}[actual]


def test_a_correct_declaration_is_kept():
    text, used, declared = decode_feed(_cyrillic_feed("koi8-r", russian_only=True).encode("koi8-r"))
    assert used == declared == "koi8-r"
    assert HARVEST_RU.title in text


def test_ill_formed_feed_gives_every_recoverable_item_and_records_the_problem():
    broken = rss2(PAIRS).replace("<title>Outlet</title>", "<title>Outlet & Co</title>")
    broken = broken.replace("</description>", "</descripton>", 1)
    feed = parse_feed(broken.encode("utf-8"))
    assert feed.problems and "ill-formed" in feed.problems[0]
    assert [e.title for e in feed.entries] == [s.title for s in STORIES]


def test_entries_missing_title_or_dates_are_recorded_as_problems():
    source = rss2(PAIRS[:1]).replace(f"<title>{BRIDGE_UK.title}</title>", "<title></title>")
    source = source.replace("<pubDate>", "<pubDate>yesterday at noon").replace(
        "</pubDate>", "</pubDate>"
    )
    feed = parse_feed(source.encode("utf-8"))
    assert "entry without a title" in feed.problems
    assert any("date not understood" in p for p in feed.problems)
    assert feed.entries[0].title == "http://outlet.example/mist"


def test_garbage_is_a_problem_not_a_crash():
    feed = parse_feed(b"\x00\x01 this is not a feed <html")
    assert feed.entries == []
    assert feed.problems


def test_a_guid_used_twice_in_one_feed_keeps_both_stories():
    source = rss2(PAIRS[:2]).replace(
        '<guid isPermaLink="false">urozhai</guid>', '<guid isPermaLink="false">mist</guid>'
    )
    entries = parse_feed(source.encode("utf-8")).entries
    assert len({e.key for e in entries}) == 2
    assert LIBRARY_EN.title not in [e.title for e in entries]


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [
        ("windows-1251", '<meta charset="windows-1251">'),
        ("windows-1251", ""),  # nothing declared anywhere
        ("utf-8", '<meta charset="windows-1251">'),  # a lying meta
        ("koi8-r", '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'),
    ],
)
def test_pages_in_cyrillic_code_pages_are_decoded_as_text(encoding, meta):
    story = HARVEST_RU
    html = page_html(story, url="https://outlet.example/u").replace('<meta charset="utf-8">', meta)
    html = html.replace("«", '"').replace("»", '"').replace("—", "-")
    text = decode_page(html.encode(encoding))
    assert story.title in text and story.paragraphs[1] in text
