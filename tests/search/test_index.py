"""Search over the index: what is found, in which order, and when. These tests run on
whichever database the suite runs on, so on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.news import services
from broadsheet.news.models import Article, Byline, Tag
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.postgres import PostgresBackend
from broadsheet.search.backends.sqlite import SQLiteFTS5Backend
from broadsheet.search.selectors import search_request_build, search_results_page
from tests.support import factories

pytestmark = pytest.mark.django_db


def found(text: str, **filters: object) -> list[str]:
    """Headlines found for `text`, best first (first page of 50)."""
    outcome = search_results_page(
        request=search_request_build(text=text, **filters),  # type: ignore[arg-type]
        page_number=1,
        per_page=50,
    )
    return [r.article.headline for r in outcome.page.object_list] if outcome.page else []


def test_backend_follows_the_database_vendor():
    expected = {"sqlite": SQLiteFTS5Backend, "postgresql": PostgresBackend}[connection.vendor]
    assert isinstance(get_backend(), expected)


def test_search_matches_headline_standfirst_body_tags_and_authors(publish):
    writer = factories.author("Oksana Zabuzhko")
    publish(headline="Grain corridor reopens")
    publish(headline="Second", standfirst="Talks about the harbour resume.")
    publish(headline="Third", body="<p>The <strong>turbine</strong> was repaired.</p>")
    publish(headline="Fourth", tags=["Metallurgy"])
    publish(headline="Fifth", authors=[writer])
    assert found("corridor") == ["Grain corridor reopens"]
    assert found("harbour") == ["Second"]
    assert found("turbine") == ["Third"]
    assert found("metallurgy") == ["Fourth"]
    assert found("zabuzhko") == ["Fifth"]


def test_search_ignores_html_markup_of_the_body(publish):
    publish(
        headline="Markup",
        body='<p><a href="https://example.com/strongroom">link</a> <strong>bold</strong></p>',
    )
    assert found("strong") == []
    assert found("strongroom") == []
    assert found("bold") == ["Markup"]


def test_all_words_must_match_and_minus_excludes(publish):
    publish(headline="Harvest of wheat in Odesa")
    publish(headline="Harvest of barley in Odesa")
    assert found("harvest wheat") == ["Harvest of wheat in Odesa"]
    assert found("harvest -wheat") == ["Harvest of barley in Odesa"]
    assert sorted(found("wheat OR barley")) == [
        "Harvest of barley in Odesa",
        "Harvest of wheat in Odesa",
    ]


def test_quoted_phrase_matches_words_in_a_row(publish):
    publish(headline="Energy ministry answers", body="<p>The ministry of energy said.</p>")
    publish(headline="Other", body="<p>The energy ministry said.</p>")
    assert sorted(found('"energy ministry"')) == ["Energy ministry answers", "Other"]
    assert found('"ministry of energy"') == ["Energy ministry answers"]


def test_headline_match_ranks_above_body_match(publish):
    publish(
        headline="Budget vote postponed",
        body="<p>Nothing else.</p>",
        published_at=timezone.now() - dt.timedelta(days=3),
    )
    publish(
        headline="Other news",
        body="<p>Deputies spoke at length about many things; the budget came up.</p>",
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert found("budget") == ["Budget vote postponed", "Other news"]


def test_cyrillic_is_case_insensitive_in_ukrainian_and_russian(publish):
    publish(headline="Київ готується до зими", language="uk")
    publish(headline="Москва и Минск подписали соглашение", language="ru")
    assert found("КИЇВ") == ["Київ готується до зими"]
    assert found("київ") == ["Київ готується до зими"]
    assert found("СОГЛАШЕНИЕ") == ["Москва и Минск подписали соглашение"]


def test_diacritics_are_ignored_both_ways(publish):
    publish(headline="Café culture in Lviv")
    publish(headline="Zurich bankers meet")
    assert found("cafe") == ["Café culture in Lviv"]
    assert found("Zürich") == ["Zurich bankers meet"]


def test_english_words_match_their_inflections(publish):
    publish(headline="Elections were held")
    assert found("election") == ["Elections were held"]


def test_filters_by_section_language_and_dates(publish):
    policy, economy = factories.section("Policy"), factories.section("Economy")
    day = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
    publish(headline="Gas deal policy", section_obj=policy, published_at=day)
    publish(
        headline="Gas deal economy", section_obj=economy, published_at=day + dt.timedelta(days=5)
    )
    publish(
        headline="Gas deal ukrainian",
        section_obj=economy,
        language="uk",
        published_at=day + dt.timedelta(days=10),
    )
    assert found("gas", section=policy) == ["Gas deal policy"]
    assert found("gas", language="uk") == ["Gas deal ukrainian"]
    assert found("gas", date_from=dt.date(2025, 3, 15), date_to=dt.date(2025, 3, 15)) == [
        "Gas deal economy"
    ]
    assert found("gas", date_to=dt.date(2025, 3, 14)) == ["Gas deal policy"]
    assert found("gas", date_from=dt.date(2025, 3, 16)) == ["Gas deal ukrainian"]


def test_drafts_and_articles_in_review_are_never_found(publish):
    publish(headline="Secret draft plan", status=Article.Status.DRAFT)
    publish(headline="Secret review plan", status=Article.Status.REVIEW)
    assert found("secret") == []


def test_publishing_makes_an_article_findable(committed):
    editor = factories.user_with_role("Editor")
    with committed():
        article = factories.article(headline="Dam inspection report", status=Article.Status.DRAFT)
    assert found("inspection") == []
    with committed():
        services.article_publish(article=article, user=editor)
    assert found("inspection") == ["Dam inspection report"]


def test_editing_an_article_updates_the_index(publish, committed):
    article = publish(headline="Bridge closed for repairs")
    with committed():
        article.headline = "Tunnel closed for repairs"
        article.save()
    assert found("bridge") == []
    assert found("tunnel") == ["Tunnel closed for repairs"]


def test_withdrawing_an_article_removes_it(publish, committed):
    editor = factories.user_with_role("Editor")
    article = publish(headline="Disputed poll numbers")
    with committed():
        services.article_withdraw(article=article, user=editor, note="Source retracted.")
    assert found("poll") == []


def test_deleting_an_article_removes_it(publish, committed):
    article = publish(headline="Duplicate item")
    with committed():
        article.delete()
    assert found("duplicate") == []


def test_scheduled_article_is_found_once_its_time_comes_without_reindexing(publish):
    at = timezone.now() + dt.timedelta(hours=2)
    publish(headline="Embargoed statement", status=Article.Status.SCHEDULED, published_at=at)
    assert found("embargoed") == []
    assert found("embargoed", now=at + dt.timedelta(seconds=1)) == ["Embargoed statement"]


def test_tag_and_byline_changes_reach_the_index(publish, committed):
    article = publish(headline="Port news", tags=["Shipping"])
    writer = factories.author("Taras Prokhasko")
    with committed():
        Tag.objects.filter(name="Shipping").get().articles.add(article)  # no-op re-add
        tag = Tag.objects.get(name="Shipping")
        tag.name = "Logistics"
        tag.save()
    assert found("shipping") == []
    assert found("logistics") == ["Port news"]
    with committed():
        article.tags.clear()
    assert found("logistics") == []
    with committed():
        Byline.objects.create(article=article, author=writer)
    assert found("prokhasko") == ["Port news"]
    with committed():
        writer.name = "Taras Someone"
        writer.save()
    assert found("prokhasko") == []
    assert found("someone") == ["Port news"]


def test_queries_with_search_syntax_characters_never_fail(publish):
    publish(headline="Ordinary headline")
    for text in [
        '"',
        "AND",
        "OR",
        "NOT",
        "*",
        "NEAR(",
        "-",
        "(",
        ")",
        "^",
        ":",
        "'",
        "a:b",
        '"unclosed',
        "-ordinary",
        "ordinary*",
        "—",
        "🙂",
        "x" * 500,
    ]:
        found(text)
    assert found("ordinary*") == ["Ordinary headline"]
    assert found("-ordinary") == []
