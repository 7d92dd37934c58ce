"""Query parsing, plain text and snippets: pure functions, no database."""

from __future__ import annotations

from broadsheet.search.highlight import highlight, snippet
from broadsheet.search.query import MAX_TERMS, parse_query
from broadsheet.search.text import fold_diacritics, html_to_text


def test_html_to_text_separates_blocks_and_decodes_entities():
    html = "<p>One&nbsp;&amp; two</p><p>Three<br>four</p><ul><li>five</li></ul>"
    assert html_to_text(html) == "One & two Three four five"


def test_fold_diacritics_folds_latin_but_keeps_cyrillic_letters():
    assert fold_diacritics("Café Zürich Škoda") == "Cafe Zurich Skoda"
    assert fold_diacritics("Їжак й") == "Їжак й"


def test_parse_query_reads_phrases_exclusions_and_or():
    query = parse_query('"Peace talks" -war Kyiv OR Lviv')
    assert [[t.words for t in g] for g in query.groups] == [
        [("peace", "talks")],
        [("kyiv",), ("lviv",)],
    ]
    assert [t.words for t in query.excluded] == [("war",)]
    assert query.highlight_words == ("peace", "talks", "kyiv", "lviv")


def test_parse_query_drops_punctuation_and_bounds_the_terms():
    assert parse_query('— * ( " ').is_empty
    assert parse_query("-only").is_empty
    long = parse_query(" ".join(f"w{n}" for n in range(50)))
    assert len(long.groups) == MAX_TERMS


def test_highlight_escapes_then_marks():
    marked = highlight("<b>Kyiv</b> & Київ", ("kyiv", "київ"))
    assert marked == "&lt;b&gt;<mark>Kyiv</mark>&lt;/b&gt; &amp; <mark>Київ</mark>"


def test_snippet_is_a_window_around_the_first_match():
    body = (
        " ".join(f"w{n}" for n in range(100)) + " target " + " ".join(f"v{n}" for n in range(100))
    )
    text = snippet(["", body], ("target",), length=10)
    assert text.startswith("… w98 w99 <mark>target</mark> v0")
    assert text.endswith(" …")


def test_snippet_marks_prefixes_and_close_inflections():
    text = snippet(["Виборів не буде; the elections are off"], ("вибор", "election"))
    assert "<mark>Виборів</mark>" in text and "<mark>elections</mark>" in text
