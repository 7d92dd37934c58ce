"""Comment counts on article lists and the most-commented list count visible comments only."""

from unittest.mock import ANY

import pytest
from django.db import connection

from broadsheet.discussion.models import Comment
from broadsheet.discussion.selectors import comment_ranking
from tests.support import factories
from tests.support.posting import post
from tests.support.settings import open_discussion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_discussion(settings):
    open_discussion(settings)


def test_lists_show_visible_comment_counts_only(client):
    section = factories.section("Policy")
    busy = factories.article(headline="Busy", section_obj=section)
    for n in range(3):
        post(busy, text=f"Comment number {n}", ip=f"198.51.100.{n + 1}")
    held = post(busy, text="Held one", ip="198.51.100.9")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    visible = Comment.objects.filter(article=busy, status=Comment.Status.APPROVED).count()
    assert visible == 3
    for url in ["/section/policy/", "/latest/", "/"]:
        html = client.get(url).content.decode()
        assert f'href="{busy.get_absolute_url()}#comments">3 comments</a>' in html, url


def test_most_commented_ranks_articles_by_visible_comments(client):
    quiet = factories.article(headline="Quiet story")
    loud = factories.article(headline="Loud story")
    post(quiet, text="Just one", ip="198.51.100.1")
    for n in range(2):
        post(loud, text=f"Loud {n}", ip=f"198.51.100.{n + 2}")
    html = client.get("/").content.decode()
    block = html.split('id="most-commented-heading"')[1].split("</section>")[0]
    assert block.index("Loud story") < block.index("Quiet story")
    assert "2 comments" in block and "1 comment<" in block


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL chooses an index-only scan from its visibility map, which only "
    "VACUUM sets, and VACUUM cannot run in a test's transaction",
)
def test_the_ranking_reads_an_index_only():
    """Counted again after every comment anywhere on the site: it reads the queue index
    (status, time, article), never the comment rows."""
    story = factories.article(headline="Counted story")
    for n in range(3):
        post(story, text=f"Counted {n}", ip=f"198.51.100.{n + 1}")
    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        assert comment_ranking() == [(story.pk, 3, ANY)]
    ((sql, params),) = captured
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING COVERING INDEX comment_queue" in plan, plan
