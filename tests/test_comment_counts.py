"""Comment counts on article lists and the most-commented list count visible comments only."""

import pytest

from broadsheet.discussion.models import Comment
from tests import factories
from tests.discussion.helpers import post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_discussion(settings):
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 0
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    settings.DISCUSSION_QUIET_HOURS = ""
    settings.DISCUSSION_RATE_PER_IP = "1000/60"


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
