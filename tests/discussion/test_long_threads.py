"""A thread of 2,000 comments: the first page is in the article page, the rest comes by
page links or "load more", and the number of queries does not grow with the thread."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.discussion.models import Comment
from tests.support import factories

pytestmark = pytest.mark.django_db


def make_thread(article, count: int) -> None:
    """`count` approved comments: every fifth starts a thread, the others reply to it.

    Ids are chosen up front so that one bulk insert writes paths and parents too.
    """
    start = timezone.now() - dt.timedelta(days=1)
    base = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rows, root = [], None
    for n in range(count):
        pk = base + n
        own = str(pk).zfill(10)
        row = Comment(
            pk=pk,
            article=article,
            name=f"Reader {n}",
            text=f"Comment number {n} :D",
            status=Comment.Status.APPROVED,
            form_token=f"t-{article.pk}-{n}",
            text_hash=str(n),
            created_at=start + dt.timedelta(seconds=n),
        )
        if n % 5 and root is not None:
            row.parent_id, row.depth, row.root_id, row.path = (
                root.pk,
                1,
                root.pk,
                (f"{root.path}/{own}"),
            )
        else:
            row.root_id, row.path, root = pk, own, row
        rows.append(row)
    Comment.objects.bulk_create(rows, batch_size=500)


def count_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_article_page_queries_do_not_grow_with_the_thread(client):
    """A thread that fits on one page needs no count and no query for its featured
    comments; a longer one needs both, and no more however long it is."""
    small, medium, large = factories.article(), factories.article(), factories.article()
    make_thread(small, 10)
    make_thread(medium, 60)
    make_thread(large, 2000)
    client.get(small.get_absolute_url())  # warm caches shared by every page
    n_small, _ = count_queries(client, small.get_absolute_url())
    n_medium, _ = count_queries(client, medium.get_absolute_url())
    n_large, html = count_queries(client, large.get_absolute_url())
    assert n_large == n_medium == n_small + 2
    assert html.count('class="comment depth-') == 50
    assert '<span id="comment-count">2000</span>' in html
    assert "Page 1 of 40" in html and "?cpage=2#comments" in html


def test_discussion_selector_runs_five_queries_whatever_the_length(django_assert_num_queries):
    """Override, page, count, featured (first page only), captcha questions; a thread
    that fits on one page: override, page, captcha questions."""
    from broadsheet.discussion.selectors import discussion_for_article

    article = factories.article()
    make_thread(article, 2000)
    with django_assert_num_queries(5):
        assert len(discussion_for_article(article=article).page.object_list) == 50
    with django_assert_num_queries(3):  # the override: read once per article object
        discussion = discussion_for_article(article=article, page="3")
        assert len(discussion.page.object_list) == 50
        assert discussion.page.object_list[1].parent_name  # loaded, no query
    short = factories.article()
    make_thread(short, 12)
    Comment.objects.filter(article=short, name__in=["Reader 7", "Reader 3"]).update(featured=True)
    with django_assert_num_queries(3):
        discussion = discussion_for_article(article=short)
        assert discussion.count == 12 and not discussion.page.has_next()
        assert [c.name for c in discussion.featured] == ["Reader 3", "Reader 7"]


def test_later_pages_by_link_and_by_load_more(client):
    article = factories.article()
    make_thread(article, 2000)
    html = client.get(article.get_absolute_url() + "?cpage=40").content.decode()
    assert "Page 40 of 40" in html and "Comment number 1999 " in html
    assert "Comment number 0 " not in html
    started = time.perf_counter()
    data = client.get(
        f"/comments/thread/{article.pk}/?page=2", HTTP_ACCEPT="application/json"
    ).json()
    assert time.perf_counter() - started < 2
    assert data["next"] == 3
    assert len(re.findall(r'class="comment depth-', data["html"])) == 50
    assert "Comment number 50 " in data["html"]
    last = client.get(f"/comments/thread/{article.pk}/?page=40").json()
    assert last["next"] is None


def test_newest_first_order_keeps_replies_under_their_thread(client, settings):
    settings.DISCUSSION_ORDER = "newest"
    article = factories.article()
    make_thread(article, 12)
    html = client.get(article.get_absolute_url()).content.decode()
    order = [int(n) for n in re.findall(r"Comment number (\d+) ", html)]
    assert order == [10, 11, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]


def test_permalink_finds_the_page_of_a_comment(client):
    article = factories.article()
    make_thread(article, 120)
    comment = Comment.objects.get(text="Comment number 110 :D")
    response = client.get(f"/comments/{comment.pk}/")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{comment.pk}"
    hidden = Comment.objects.get(text="Comment number 111 :D")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.PENDING)
    assert client.get(f"/comments/{hidden.pk}/").status_code == 404


def test_counts_include_only_what_readers_see(client):
    from broadsheet.discussion.selectors import comment_count_map

    article = factories.article()
    make_thread(article, 10)
    Comment.objects.filter(text__in=["Comment number 1 :D", "Comment number 2 :D"]).update(
        status=Comment.Status.PENDING
    )
    Comment.objects.filter(text="Comment number 3 :D").update(status=Comment.Status.SPAM)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span id="comment-count">7</span>' in html
    assert comment_count_map(article_ids=[article.pk]) == {article.pk: 7}
