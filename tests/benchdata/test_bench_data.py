"""`broadsheet bench-data`: a realistic generated site, exact in size and resumable.

These run on whichever database the suite runs on (SQLite or PostgreSQL)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.benchdata.services import PREFIX
from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article, ArticleSource, Byline
from broadsheet.search.documents import articles_for_indexing, document_build
from broadsheet.search.models import SearchDocument
from broadsheet.search.selectors import search_request_build, search_results_page

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яіїєґё]", re.I)


def bench_data(articles: int, comments: int = 0, **options: int) -> None:
    call_command("bench-data", articles=articles, comments=comments, no_progress=True, **options)


def generated() -> tuple[int, int]:
    return (
        Article.objects.filter(slug__startswith=PREFIX).count(),
        Comment.objects.filter(form_token__startswith=PREFIX).count(),
    )


def test_bench_data_generates_exactly_the_numbers_asked_for():
    bench_data(60, 400, article_batch=25, comment_batch=150)
    assert generated() == (60, 400)
    indexable = Article.objects.filter(status__in=["published", "scheduled"]).count()
    assert SearchDocument.objects.count() == indexable
    assert Byline.objects.count() >= 60
    assert ArticleSource.objects.exists()


def test_running_again_with_the_same_numbers_adds_nothing():
    bench_data(30, 200)
    before = (Article.objects.count(), Comment.objects.count(), SearchDocument.objects.count())
    bench_data(30, 200)
    assert (
        Article.objects.count(),
        Comment.objects.count(),
        SearchDocument.objects.count(),
    ) == before


def test_interrupted_run_resumes_where_it_stopped_without_duplicates():
    """A smaller run stands for one stopped part-way; the full run adds the rest."""
    bench_data(25, 120, article_batch=10, comment_batch=50)
    bench_data(50, 450, article_batch=10, comment_batch=50)
    assert generated() == (50, 450)
    slugs = set(Article.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
    assert slugs == {f"{PREFIX}{n:08d}" for n in range(50)}
    tokens = Comment.objects.values_list("form_token", flat=True)
    assert len(set(tokens)) == 450


def test_generated_articles_are_long_live_and_found_by_search():
    bench_data(40, 0)
    statuses = Counter(Article.objects.values_list("status", flat=True))
    assert statuses["published"] > 30 and statuses["draft"] >= 1 and statuses["scheduled"] >= 1
    assert Article.objects.filter(status="scheduled", published_at__gt=timezone.now()).exists()
    assert not SearchDocument.objects.filter(article__status="draft").exists()
    words = [len(body.split()) for body in SearchDocument.objects.values_list("body", flat=True)]
    assert min(words) >= 600 and max(words) <= 2_200
    times = sorted(
        Article.objects.exclude(published_at=None).values_list("published_at", flat=True)
    )
    assert (times[-1] - times[0]).total_seconds() > 39 * 60  # minutes apart, newest last
    live = Article.objects.live().filter(slug__startswith=PREFIX).order_by("pk")[3]
    outcome = search_results_page(
        request=search_request_build(text=f'"{live.headline}"'), page_number=1, per_page=50
    )
    assert outcome.page is not None
    assert live.pk in [result.article.pk for result in outcome.page.object_list]


def test_search_documents_are_what_the_search_app_would_build():
    bench_data(20, 0)
    for article in articles_for_indexing(Article.objects.filter(slug__startswith=PREFIX)):
        if article.status == "draft":
            continue
        expected = document_build(article)
        stored = SearchDocument.objects.get(pk=article.pk)
        for field in ("headline", "standfirst", "body", "authors", "language", "published_at"):
            assert getattr(stored, field) == getattr(expected, field), field
        assert sorted(stored.tags.split()) == sorted(expected.tags.split())
        assert stored.source_updated_at == article.updated_at


def test_comments_are_threaded_as_the_discussion_app_threads_them():
    bench_data(30, 600)
    comments = {c.pk: c for c in Comment.objects.filter(form_token__startswith=PREFIX)}
    replies = [c for c in comments.values() if c.parent_id]
    assert replies and max(c.depth for c in comments.values()) >= 3
    for comment in comments.values():
        assert comment.path.split("/")[-1] == str(comment.pk).zfill(10)
        if comment.parent_id:
            parent = comments[comment.parent_id]
            assert comment.article_id == parent.article_id
            assert comment.path.startswith(parent.path + "/")
            assert comment.depth == parent.depth + 1
            assert comment.root_id == parent.root_id
            assert comment.created_at >= parent.created_at
        else:
            assert comment.root_id == comment.pk and comment.depth == 0
        article = comment.article
        assert article.is_live() and comment.created_at >= article.published_at


def test_comments_read_the_articles_once_whatever_the_number_of_batches():
    """The comments step reads the live articles from two index scans before its first
    batch, never per batch: at a million articles each lookup in the article table was
    a read somewhere in a 30 GB file."""
    from broadsheet.benchdata import services

    bench_data(40, 0)
    with CaptureQueriesContext(connection) as queries:
        services.benchdata_comments_generate(
            total=600, articles=40, corpus=services.corpus_default(), batch_size=100
        )
    article_reads = [q["sql"] for q in queries if '"news_article"' in q["sql"]]
    assert len(article_reads) == 2
    assert generated() == (40, 600)


@pytest.mark.django_db(transaction=True)
def test_comments_written_without_checks_still_point_at_live_articles():
    """SQLite's foreign key checks are off while the comments go in (autocommit, so the
    pragma takes effect): every reference must still hold, and checks come back on."""
    bench_data(30, 800, comment_batch=200)
    connection.check_constraints(table_names=["discussion_comment"])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_keys").fetchone() == (1,)
    live = set(Article.objects.live().values_list("pk", flat=True))
    assert set(Comment.objects.values_list("article_id", flat=True)) <= live


def test_comments_are_mostly_in_their_article_language():
    bench_data(60, 1_500)
    pairs = Comment.objects.values_list("article__language", "text")
    cyrillic_share = {
        language: sum(bool(CYRILLIC.search(text)) for lang, text in pairs if lang == language)
        / sum(1 for lang, _text in pairs if lang == language)
        for language in ("en", "uk", "ru")
    }
    assert cyrillic_share["en"] < 0.4
    assert cyrillic_share["uk"] > 0.6 and cyrillic_share["ru"] > 0.6


def test_comments_have_a_long_tail_and_mostly_approved_statuses():
    bench_data(200, 4_000, comment_batch=1_000)
    per_article = sorted(
        Comment.objects.values("article").annotate(n=Count("pk")).values_list("n", flat=True),
        reverse=True,
    )
    assert per_article[0] >= 5 * (4_000 / 200)
    statuses = Counter(Comment.objects.values_list("status", flat=True))
    assert statuses["approved"] > 0.8 * 4_000
    assert statuses["pending"] and statuses["spam"]


def test_articles_and_comments_come_in_three_languages():
    bench_data(60, 300)
    assert set(Article.objects.values_list("language", flat=True)) == {"en", "uk", "ru"}
    texts = list(Comment.objects.values_list("text", flat=True))
    assert any(CYRILLIC.search(t) for t in texts)
    assert any(not CYRILLIC.search(t) for t in texts)
    ukrainian = Article.objects.filter(language="uk").values_list("headline", flat=True)
    assert all(CYRILLIC.search(h) for h in ukrainian)


@pytest.mark.django_db(transaction=True)
def test_parallel_batches_keep_ids_in_time_order_and_resume():
    """Workers write batches at once on their own connections (PostgreSQL), yet ids
    still grow with the article number and batches commit in order."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: --workers applies to PostgreSQL only")
    bench_data(23, 0, article_batch=4, workers=3)
    bench_data(41, 0, article_batch=4, workers=3)
    rows = list(
        Article.objects.filter(slug__startswith=PREFIX)
        .order_by("slug")
        .values_list("slug", "pk", "published_at")
    )
    assert [slug for slug, _pk, _at in rows] == [f"{PREFIX}{n:08d}" for n in range(41)]
    ids = [pk for _slug, pk, _at in rows]
    assert ids == sorted(ids)
    indexable = Article.objects.filter(status__in=["published", "scheduled"])
    assert SearchDocument.objects.count() == indexable.count()
    live = Article.objects.live().filter(slug__startswith=PREFIX).order_by("pk")[30]
    outcome = search_results_page(
        request=search_request_build(text=f'"{live.headline}"'), page_number=1, per_page=50
    )
    assert outcome.page is not None
    assert live.pk in [result.article.pk for result in outcome.page.object_list]


def test_comments_without_articles_are_refused():
    with pytest.raises(CommandError, match="--articles"):
        bench_data(0, 10)


def _comment_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'discussion_comment' AND sql IS NOT NULL"
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="indexes are deferred on SQLite only")
def test_a_large_run_builds_the_comment_indexes_once_at_the_end(monkeypatch):
    from broadsheet.benchdata import services

    before = _comment_indexes()
    assert len(before) >= 5
    monkeypatch.setattr(services, "DEFER_INDEXES_FROM", 100)
    seen_during: list[dict[str, str]] = []
    generate = services.benchdata_comments_generate

    def watched(**kwargs):
        seen_during.append(_comment_indexes())
        return generate(**kwargs)

    monkeypatch.setattr(services, "benchdata_comments_generate", watched)
    bench_data(20, 300, comment_batch=100)
    assert generated() == (20, 300)
    assert seen_during == [{}]  # the rows went in without them
    assert _comment_indexes() == before
    assert not services._deferred_file().exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="indexes are deferred on SQLite only")
def test_a_run_stopped_without_its_indexes_is_finished_by_the_next(monkeypatch):
    from broadsheet.benchdata import services

    before = _comment_indexes()
    monkeypatch.setattr(services, "DEFER_INDEXES_FROM", 100)
    generate = services.benchdata_comments_generate

    def stopped(**kwargs):
        generate(**{**kwargs, "total": 150})
        raise KeyboardInterrupt

    monkeypatch.setattr(services, "benchdata_comments_generate", stopped)
    with pytest.raises(KeyboardInterrupt):
        bench_data(20, 300, comment_batch=50)
    assert _comment_indexes() == {} and services._deferred_file().exists()
    monkeypatch.setattr(services, "benchdata_comments_generate", generate)
    bench_data(20, 300, comment_batch=50)
    assert generated() == (20, 300)
    assert _comment_indexes() == before
    assert not services._deferred_file().exists()
