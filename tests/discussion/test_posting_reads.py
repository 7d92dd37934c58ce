"""The post endpoint's reads written out (`discussion.posting`) answer as the querysets
that define them: `Article.objects.live()` with the thread's override, and
`selectors.comment_list_visible`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.discussion import policy, posting, selectors
from broadsheet.discussion.models import ArticleDiscussion, Comment
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.PUBLISHED, -HOUR),
        (Article.Status.PUBLISHED, HOUR),
        (Article.Status.SCHEDULED, -HOUR),
        (Article.Status.SCHEDULED, HOUR),
        (Article.Status.DRAFT, -HOUR),
        (Article.Status.REVIEW, -HOUR),
        (Article.Status.WITHDRAWN, -HOUR),
    ],
)
def test_an_article_is_found_exactly_when_it_is_live(status: str, offset: dt.timedelta) -> None:
    article = factories.article(status=status, published_at=timezone.now() + offset)
    live = Article.objects.live().filter(pk=article.pk).exists()
    if live:
        found = posting.article_get_for_posting(pk=article.pk)
        assert (found.pk, found.status, found.published_at) == (
            article.pk,
            article.status,
            article.published_at,
        )
        assert found.published_at is not None and timezone.is_aware(found.published_at)
        assert found.is_live()
    else:
        with pytest.raises(Article.DoesNotExist):
            posting.article_get_for_posting(pk=article.pk)


def test_an_unknown_article_is_not_found() -> None:
    with pytest.raises(Article.DoesNotExist):
        posting.article_get_for_posting(pk=987654)


def test_the_override_comes_with_the_article_in_one_query() -> None:
    plain = factories.article()
    closed = factories.article()
    ArticleDiscussion.objects.create(article=closed, mode="closed", keep_open=True)
    with CaptureQueriesContext(connection) as ctx:
        without = posting.article_get_for_posting(pk=plain.pk)
        found = posting.article_get_for_posting(pk=closed.pk)
        assert policy.override_of(without) is None
        override = policy.override_of(found)
    assert len(ctx.captured_queries) == 2
    assert override is not None and (override.mode, override.keep_open) == ("closed", True)
    assert override.article_id == closed.pk
    # The rest of the article is deferred, read when asked for.
    assert found.headline == closed.headline


def test_the_count_is_what_readers_see() -> None:
    article = factories.article()
    other = factories.article()
    for n, status in enumerate(
        [
            Comment.Status.APPROVED,
            Comment.Status.APPROVED,
            Comment.Status.PENDING,
            Comment.Status.SPAM,
            Comment.Status.REMOVED,
        ]
    ):
        Comment.objects.create(
            article=article, name="Reader", text=f"t{n}", status=status, form_token=f"f{n}"
        )
    Comment.objects.create(
        article=other, name="Reader", text="x", status=Comment.Status.APPROVED, form_token="o"
    )
    expected = selectors.comment_list_visible(article_id=article.pk).count()
    assert posting.comment_count_visible(article_id=article.pk) == expected == 2
