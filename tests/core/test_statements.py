"""Kept statements: the rows their queryset gives, made the same way, for any values;
and the article page's read through them equals its queryset definition."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.core.statements import KeptQuery
from broadsheet.news.models import Article, Byline, Correction, Tag
from broadsheet.news.selectors import (
    TRANSLATION_FIELDS,
    ArticleGone,
    article_for_reader_queryset,
    article_get_for_reader,
)
from tests.support import factories

pytestmark = pytest.mark.django_db


def values(obj: Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


BYLINES = KeptQuery(lambda pk: Byline.objects.select_related("author").filter(article_id=pk), pk=-1)


def test_a_kept_query_gives_its_querysets_rows_with_their_related_rows():
    one = factories.article(authors=[factories.author("Ann Bee"), factories.author("Öla Çé")])
    other = factories.article(authors=[factories.author("Solo")])
    for article in (one, other, one):
        expected = list(Byline.objects.select_related("author").filter(article_id=article.pk))
        with CaptureQueriesContext(connection) as queries:
            got = BYLINES.models(pk=article.pk)
            authors = [values(b.author) for b in got]  # read with the bylines
        assert len(queries.captured_queries) == 1
        assert [values(b) for b in got] == [values(b) for b in expected]
        assert authors == [values(b.author) for b in expected]
        assert all(not b._state.adding and b._state.db == "default" for b in got)
    assert BYLINES.models(pk=10**9) == []


def test_converted_values_are_the_querysets():
    """Times come back aware, as the ORM gives them (SQLite stores text)."""
    article = factories.article()
    correction = Correction.objects.create(article=article, text="A fix", created_at=timezone.now())
    kept = KeptQuery(lambda pk: Correction.objects.filter(article_id=pk), pk=-1)
    (got,) = kept.models(pk=article.pk)
    assert got.created_at == Correction.objects.get(pk=correction.pk).created_at
    assert timezone.is_aware(got.created_at)


def test_text_stand_ins_and_every_value_needed():
    factories.article(tags=["Energy", "Grain"])
    kept = KeptQuery(lambda slug: Tag.objects.filter(slug=slug), slug="\x00x")
    assert [t.name for t in kept.models(slug="grain")] == ["Grain"]
    with pytest.raises(TypeError):
        kept.models()
    with pytest.raises(TypeError):
        kept.models(slug="grain", other=1)


def test_a_stand_in_that_does_not_reach_the_sql_is_refused():
    kept = KeptQuery(lambda pk: Tag.objects.filter(pk__gt=0), pk=-1)
    with pytest.raises(RuntimeError, match="stand-in"):
        kept.models(pk=1)


@pytest.mark.django_db(transaction=True)
def test_each_thread_runs_on_its_own_connection():
    author = factories.author("Ann Bee")
    article = factories.article(authors=[author])
    BYLINES.models(pk=article.pk)  # compiled for this thread's connection
    seen: list[Any] = []

    def read() -> None:
        try:
            seen.append([b.author.name for b in BYLINES.models(pk=article.pk)])
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [[author.name]]


def _as_read(article: Article) -> dict[str, Any]:
    """What the page shows of an article, read without a query."""
    return {
        "article": values(article),
        "section": values(article.section),
        "lead_photo": values(article.lead_photo),
        "bylines": [
            (values(b), values(b.author), b.article is article) for b in article.bylines.all()
        ],
        "tags": [values(t) for t in article.tags.all()],
        "sources": [(values(s), s.article is article) for s in article.sources.all()],
        "corrections": [values(c) for c in article.corrections.all()],
        "translations": [
            {name: getattr(t, name) for name in TRANSLATION_FIELDS}
            for t in article.translations.all()
        ],
    }


def test_the_article_read_equals_its_queryset_definition():
    now = timezone.now()
    article = factories.article(
        authors=[factories.author("Second"), factories.author("First")],
        tags=["Zeta", "Alpha", "Мир"],
        sources=[("Ukrinform", "https://example.org/a"), ("TASS", "https://example.org/b")],
        lead_photo=factories.photo(),
    )
    Byline.objects.filter(article=article, author__name="First").update(position=-1)
    Correction.objects.create(article=article, text="Later", created_at=now)
    Correction.objects.create(article=article, text="Earlier", created_at=now - dt.timedelta(1))
    live_ru = factories.article(language="ru")
    live_uk = factories.article(language="uk")
    draft = factories.article(status=Article.Status.DRAFT, language="ru")
    later = factories.article(
        status=Article.Status.SCHEDULED, published_at=now + dt.timedelta(hours=2), language="uk"
    )
    article.translations.set([live_uk, draft, later, live_ru])
    bare = factories.article()  # no relation at all
    for obj in (article, bare, live_ru):
        expected = _as_read(article_for_reader_queryset().get(slug=obj.slug))
        with CaptureQueriesContext(connection) as queries:
            got = article_get_for_reader(slug=obj.slug)
        assert len(queries.captured_queries) == 6
        # A translation is a link: its body is not read.
        assert '"body"' not in queries.captured_queries[-1]["sql"]
        assert "translations" in queries.captured_queries[-1]["sql"]
        with CaptureQueriesContext(connection) as later_queries:
            shown = _as_read(got)
        assert later_queries.captured_queries == []
        assert shown == expected
    assert [t["language"] for t in _as_read(got)["translations"]] == ["en"]
    assert [
        t["language"] for t in _as_read(article_get_for_reader(slug=article.slug))["translations"]
    ] == ["ru", "uk"]


def test_an_article_not_for_readers_is_refused_as_before():
    with pytest.raises(Article.DoesNotExist):
        article_get_for_reader(slug="no-such-article")
    draft = factories.article(status=Article.Status.DRAFT)
    with pytest.raises(Article.DoesNotExist):
        article_get_for_reader(slug=draft.slug)
    later = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + dt.timedelta(hours=1)
    )
    with pytest.raises(Article.DoesNotExist):
        article_get_for_reader(slug=later.slug)
    gone = factories.article(status=Article.Status.WITHDRAWN, withdrawal_note="Wrong")
    with pytest.raises(ArticleGone) as refused:
        article_get_for_reader(slug=gone.slug)
    assert refused.value.article.withdrawal_note == "Wrong"


def _teaser(article: Article) -> dict[str, Any]:
    loaded = {
        f.attname: getattr(article, f.attname)
        for f in article._meta.concrete_fields
        if f.attname not in article.get_deferred_fields()
    }
    return {
        "article": loaded,
        "deferred": sorted(article.get_deferred_fields()),
        "section": values(article.section),
        "lead_photo": values(article.lead_photo),
        "bylines": [(values(b), values(b.author)) for b in article.bylines.all()],
    }


def test_teasers_by_id_equal_their_queryset_definition():
    from broadsheet.news.selectors import _teasers_by_id, _with_teaser_data

    photo = factories.photo()
    made = [
        factories.article(authors=[factories.author(), factories.author()], lead_photo=photo),
        factories.article(),
        factories.article(authors=[factories.author()]),
        factories.article(status=Article.Status.DRAFT),  # by id: teasers do not filter
    ]
    ids = [a.pk for a in made]
    for chosen in ([ids[2]], ids[:2], [ids[3], 10**9, ids[0]], ids[::-1]):
        expected = {
            a.pk: _teaser(a) for a in _with_teaser_data(Article.objects.filter(pk__in=chosen))
        }
        with CaptureQueriesContext(connection) as queries:
            got = _teasers_by_id(chosen)
            shown = {pk: _teaser(a) for pk, a in got.items()}
        assert len(queries.captured_queries) == 2
        assert shown == expected
    assert _teasers_by_id([]) == {}
