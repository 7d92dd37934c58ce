"""The desk's article list: status, section, bylines, publication time, reads and
comments, sortable by each, in a number of queries that does not grow with the list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from broadsheet.readership.models import DailyReads
from tests.support import factories

pytestmark = pytest.mark.django_db

LIST = "/desk/news/article/"
# Columns as list_display numbers them, for the admin's ?o= parameter (no action column:
# an editor may delete nothing, so the list has no actions).
COLUMNS = {"status": 1, "section": 2, "bylines": 3, "published": 4, "reads": 5, "comments": 6}


def comments(article: Article, n: int) -> None:
    for _ in range(n):
        k = Comment.objects.count() + 1
        Comment.objects.create(
            article=article,
            name="Reader",
            text=f"Comment {k}",
            status=Comment.Status.APPROVED,
            form_token=f"t{k}",
            text_hash=f"h{k}",
        )


@pytest.fixture
def three_articles():
    today = timezone.localdate()
    now = timezone.now()
    specs = [
        ("Alpha story", "Politics", "Zoya", Article.Status.PUBLISHED, 3, 10, 2),
        ("Bravo story", "Culture", "Andrii", Article.Status.DRAFT, None, 0, 0),
        ("Charlie story", "Business", "Maria", Article.Status.REVIEW, 1, 250, 5),
    ]
    for headline, section, author_name, status, hours, reads, n_comments in specs:
        article = factories.article(
            headline=headline,
            status=status,
            section_obj=factories.section(section),
            authors=[factories.author(author_name)],
            published_at=now - dt.timedelta(hours=hours) if hours else None,
        )
        if reads:
            DailyReads.objects.create(article=article, day=today, count=reads // 2)
            DailyReads.objects.create(
                article=article, day=today - dt.timedelta(days=40), count=reads - reads // 2
            )
        comments(article, n_comments)
    # A held comment is not counted.
    Comment.objects.create(
        article=Article.objects.get(headline="Alpha story"),
        name="Held",
        text="Pending",
        form_token="held",
        text_hash="held",
    )


def headlines(html: str) -> list[str]:
    return re.findall(r">(\w+) story</a>", html)


def test_list_shows_reads_and_visible_comments_of_all_time(client, three_articles):
    client.force_login(factories.user_with_role("Editor"))
    html = client.get(LIST).content.decode()
    assert (
        "column-read_count" in html
        and "column-comment_count" in html
        and "column-byline_names" in html
    )
    row = html.split("Charlie story")[1].split("</tr>")[0]
    assert '<td class="field-read_count">250</td>' in row
    assert '<td class="field-comment_count">5</td>' in row
    alpha = html.split("Alpha story")[1].split("</tr>")[0]
    assert '<td class="field-comment_count">2</td>' in alpha


@pytest.mark.parametrize(
    ("column", "ascending"),
    [
        ("reads", ["Bravo", "Alpha", "Charlie"]),
        ("comments", ["Bravo", "Alpha", "Charlie"]),
        ("bylines", ["Bravo", "Charlie", "Alpha"]),
        ("section", ["Charlie", "Bravo", "Alpha"]),
        ("status", ["Bravo", "Alpha", "Charlie"]),
    ],
)
def test_list_sorts_by_each_column(client, three_articles, column, ascending):
    client.force_login(factories.user_with_role("Editor"))
    number = COLUMNS[column]
    assert headlines(client.get(f"{LIST}?o={number}").content.decode()) == ascending
    assert headlines(client.get(f"{LIST}?o=-{number}").content.decode()) == ascending[::-1]


def test_list_sorts_by_publication_time(client, three_articles):
    """Among dated articles; where the undated draft goes differs by database (NULLs
    sort last on SQLite, first on PostgreSQL, when descending)."""
    client.force_login(factories.user_with_role("Editor"))
    number = COLUMNS["published"]
    for order, expected in ((f"-{number}", ["Charlie", "Alpha"]), (number, ["Alpha", "Charlie"])):
        html = client.get(f"{LIST}?o={order}").content.decode()
        assert [h for h in headlines(html) if h != "Bravo"] == expected


def test_list_query_count_is_the_same_for_3_and_30_articles(
    client, three_articles, django_assert_num_queries
):
    """16: session, user, second factor, the role's permissions, the date hierarchy, the filters'
    sections and authors, the count, the page's rows with their figures, the bylines."""
    client.force_login(factories.user_with_role("Editor"))
    client.get(LIST)
    with django_assert_num_queries(16):
        client.get(f"{LIST}?o=-5")
    for n in range(27):
        article = factories.article(authors=[factories.author(f"Writer {n}")])
        comments(article, 1)
        DailyReads.objects.create(article=article, day=timezone.localdate(), count=n)
    with django_assert_num_queries(16):
        html = client.get(f"{LIST}?o=-5").content.decode()
    assert html.count('class="field-read_count"') == 30


def test_author_list_shows_only_their_own_articles_with_figures(client):
    author = factories.user_with_role("Author")
    mine = factories.article(headline="Mine story", status=Article.Status.DRAFT, created_by=author)
    factories.article(headline="Theirs story")
    DailyReads.objects.create(article=mine, day=timezone.localdate(), count=7)
    client.force_login(author)
    html = client.get(LIST).content.decode()
    assert headlines(html) == ["Mine"] and '<td class="field-read_count">7</td>' in html
