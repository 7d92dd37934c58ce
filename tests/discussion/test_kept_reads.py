"""The discussion's reads kept compiled (`core.statements`) answer as the querysets
they are built from, for any values: the same rows, the same converted values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from broadsheet.discussion import policy, selectors
from broadsheet.discussion.models import ArticleDiscussion, Comment
from broadsheet.discussion.services import comment_import
from broadsheet.news import selectors as news_selectors
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads() -> list[Article]:
    now = timezone.now()
    articles = [factories.article() for _ in range(4)]
    articles.append(factories.article(status=Article.Status.DRAFT))
    for n, article in enumerate(articles):
        parent = None
        for i in range(n + 2):
            comment = comment_import(
                article=article,
                parent=parent if i % 2 else None,
                name=f"Reader {i}",
                text=f"Comment {i} on {article.pk} <b>",
                created_at=now - dt.timedelta(days=i * 3, minutes=n),
            )
            parent = comment
    Comment.objects.filter(name="Reader 1").update(status=Comment.Status.PENDING)
    Comment.objects.filter(name="Reader 2", article=articles[0]).update(featured=True)
    return articles


def test_the_ranking_is_its_querysets(threads):
    for days in (1, 7, 30):
        since = timezone.now() - dt.timedelta(days=days)
        for limit in (1, 5):
            expected = list(selectors._ranking_statement(limit).build(since=since))
            got = selectors._ranking_statement(limit).rows(since=since)
            assert got == expected
            assert all(timezone.is_aware(first) for _pk, _n, first in got)
        assert selectors.comment_ranking(days=days) == [
            tuple(r) for r in selectors._ranking_statement(5).build(since=since)
        ]
    assert selectors.comment_ranking(days=30)  # the fixture's comments are counted


def test_comment_counts_are_their_querysets(threads):
    ids = [a.pk for a in threads]
    for chosen in ([ids[0]], ids[:3], [ids[4], ids[1], 10**9], ids + ids):
        expected = dict(
            Comment.objects.filter(article_id__in=chosen, status=Comment.Status.APPROVED)
            .values_list("article_id")
            .annotate(n=Count("id"))
        )
        assert selectors.comment_count_map(article_ids=chosen) == expected
    assert selectors.comment_count_map(article_ids=[]) == {}
    assert selectors.comment_count_map(article_ids=[ids[1]]) == {ids[1]: 2}


def test_ranked_articles_are_the_live_ones_asked_for(threads):
    ids = [a.pk for a in threads]
    for chosen in ([ids[0]], ids, [ids[4], 10**9]):
        got = news_selectors.article_map_ranked(pks=chosen)
        expected = {
            a.pk: a
            for a in Article.objects.live()
            .filter(pk__in=chosen)
            .only(*news_selectors.RANKED_FIELDS)
        }
        assert sorted(got) == sorted(expected)
        for pk, article in got.items():
            assert article.get_deferred_fields() == expected[pk].get_deferred_fields()
            assert (article.headline, article.slug, article.published_at) == (
                expected[pk].headline,
                expected[pk].slug,
                expected[pk].published_at,
            )
    assert ids[4] not in news_selectors.article_map_ranked(pks=ids)  # a draft
    assert news_selectors.article_map_ranked(pks=[]) == {}


@pytest.mark.parametrize("order", ["oldest", "newest"])
@pytest.mark.parametrize("size", [2, 50])
def test_a_threads_first_page_is_its_querysets(threads, settings, order, size):
    settings.DISCUSSION_ORDER = order
    settings.DISCUSSION_PAGE_SIZE = size
    for article in threads:
        page = selectors.comment_page(article_id=article.pk, page=None)
        visible = selectors.comment_list_visible(article_id=article.pk)
        expected = [
            selectors.ThreadComment(*row)
            for row in visible[:size].values_list(*selectors.THREAD_COLUMNS)
        ]
        assert page.object_list == expected
        assert page.paginator.count == visible.count()
        assert all(c.created_at.tzinfo is not None for c in page.object_list)


def test_an_articles_override_is_the_one_saved(threads):
    with_one, without = threads[0], threads[1]
    saved = ArticleDiscussion.objects.create(article=with_one, mode="closed", keep_open=True)
    fresh = Article.objects.get(pk=with_one.pk)
    got = policy.override_of(fresh)
    assert got is not None and (got.pk, got.mode, got.keep_open) == (saved.pk, "closed", True)
    assert got.article_id == with_one.pk
    assert policy.override_of(Article.objects.get(pk=without.pk)) is None


def test_the_next_publication_time_is_its_querysets():
    """`news.cachetags.next_publication_time`: the first scheduled (or published, dated
    later) article's time, whatever the moment asked; drafts and the past do not count."""
    from broadsheet.news.cachetags import _upcoming_statement, next_publication_time

    now = timezone.now()
    assert next_publication_time() == float("inf")
    factories.article(published_at=now - dt.timedelta(hours=1))
    factories.article(status=Article.Status.DRAFT, published_at=now + dt.timedelta(minutes=5))
    soon = factories.article(
        status=Article.Status.SCHEDULED, published_at=now + dt.timedelta(minutes=20)
    )
    later = factories.article(published_at=now + dt.timedelta(hours=3))  # an import's
    statement = _upcoming_statement()
    for moment in (now - dt.timedelta(days=1), now, soon.published_at, later.published_at):
        assert statement.rows(now=moment) == [tuple(r) for r in statement.build(now=moment)]
    assert next_publication_time() == soon.published_at.timestamp()
    Article.objects.filter(pk=soon.pk).update(status=Article.Status.DRAFT)
    assert next_publication_time() == later.published_at.timestamp()
