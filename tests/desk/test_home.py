"""The desk's home after login: each role sees the panels that are theirs, and nothing
of what is not; the readership charts come from the read counts the site keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.discussion.models import Comment, CommentReport
from broadsheet.news.models import Article, Correction
from broadsheet.readership.models import DailyReads
from broadsheet.wire.models import Item, Source
from tests.support import factories

pytestmark = pytest.mark.django_db

PANELS = {
    "drafts": 'id="panel-drafts"',
    "review": 'id="panel-review"',
    "scheduled": 'id="panel-scheduled"',
    "comments": 'id="panel-comments"',
    "wire": 'id="panel-wire"',
    "corrections": 'id="panel-corrections"',
    "readership": 'id="panel-readership"',
}
# The chief's home: user, second factor, permissions (2), each panel's read (drafts,
# review, scheduled, comments waiting, reports, wire sources and items, corrections, reads
# and comments per day, most read today and this week) and the navigation's sections;
# the most-read articles themselves (2) once there are reads; the wire items waiting,
# counted.
HOME_QUERIES = 18
ROLE_PANELS = {
    "Author": {"drafts", "scheduled", "wire", "corrections"},
    "Editor": {"drafts", "review", "scheduled", "wire", "corrections", "readership"},
    "Moderator": {"comments"},
    "Editor-in-chief": set(PANELS),
}


def comment(article: Article, *, status: str = Comment.Status.PENDING, **extra: object) -> Comment:
    n = Comment.objects.count() + 1
    return Comment.objects.create(
        article=article,
        name=f"Reader {n}",
        text=f"Comment number {n}.",
        status=status,
        form_token=f"token-{n}",
        text_hash=f"hash-{n}",
        **extra,
    )


@pytest.mark.parametrize("role", sorted(ROLE_PANELS))
def test_home_shows_each_role_only_its_panels(client, role):
    client.force_login(factories.user_with_role(role))
    response = client.get("/desk/")
    assert response.status_code == 200
    html = response.content.decode()
    shown = {name for name, marker in PANELS.items() if marker in html}
    assert shown == ROLE_PANELS[role]


def test_home_lists_own_drafts_review_and_what_goes_live_within_a_day(client):
    editor = factories.user_with_role("Editor")
    other = factories.user_with_role("Author")
    now = timezone.now()
    factories.article(headline="My own draft", status=Article.Status.DRAFT, created_by=editor)
    factories.article(
        headline="Someone else's draft", status=Article.Status.DRAFT, created_by=other
    )
    factories.article(headline="Please review me", status=Article.Status.REVIEW, created_by=other)
    factories.article(
        headline="Tonight at nine",
        status=Article.Status.SCHEDULED,
        published_at=now + dt.timedelta(hours=5),
    )
    factories.article(
        headline="Next week",
        status=Article.Status.SCHEDULED,
        published_at=now + dt.timedelta(days=6),
    )
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert "My own draft" in html and "Someone else&#x27;s draft" not in html
    assert "Please review me" in html
    assert "Tonight at nine" in html and "Next week" not in html


def test_author_sees_only_own_scheduled_articles(client):
    author = factories.user_with_role("Author")
    soon = timezone.now() + dt.timedelta(hours=2)
    factories.article(
        headline="Mine soon", status=Article.Status.SCHEDULED, published_at=soon, created_by=author
    )
    factories.article(headline="Theirs soon", status=Article.Status.SCHEDULED, published_at=soon)
    client.force_login(author)
    html = client.get("/desk/").content.decode()
    assert "Mine soon" in html and "Theirs soon" not in html


def test_moderator_sees_comments_waiting_and_reports_with_the_oldest_wait(client):
    article = factories.article()
    comment(article, created_at=timezone.now() - dt.timedelta(hours=3))
    comment(article)
    reported = comment(article, status=Comment.Status.APPROVED, report_count=1)
    CommentReport.objects.create(
        comment=reported,
        reporter_key="k1",
        reason=CommentReport.Reason.SPAM,
        created_at=timezone.now() - dt.timedelta(days=2),
    )
    client.force_login(factories.user_with_role("Moderator"))
    html = client.get("/desk/").content.decode()
    assert "2 comments waiting for moderation" in html
    assert "the oldest for 3\xa0hours" in html
    assert "1 comment reported by readers" in html
    assert "the oldest report 2\xa0days ago" in html


def test_latest_corrections_are_listed(client):
    article = factories.article(headline="Corrected story")
    Correction.objects.create(article=article, text="The mayor's name was misspelt.")
    client.force_login(factories.user_with_role("Author"))
    html = client.get("/desk/").content.decode()
    assert "Corrected story" in html and "misspelt" in html


def test_readership_charts_and_most_read_come_from_the_daily_counts(client):
    today = timezone.localdate()
    popular = factories.article(headline="Popular story")
    older = factories.article(headline="Popular last week")
    DailyReads.objects.create(article=popular, day=today, count=40)
    DailyReads.objects.create(article=older, day=today - dt.timedelta(days=3), count=90)
    DailyReads.objects.create(article=older, day=today - dt.timedelta(days=45), count=1000)
    comment(popular, status=Comment.Status.APPROVED)
    client.force_login(factories.user_with_role("Editor"))
    response = client.get("/desk/")
    home = response.context["home"]
    assert [(a.headline, n) for a, n in home.readership.today] == [("Popular story", 40)]
    assert [(a.headline, n) for a, n in home.readership.week] == [
        ("Popular last week", 90),
        ("Popular story", 40),
    ]
    reads = home.readership.reads
    assert len(reads.bars) == 30 and reads.total == 130 and reads.peak == 90
    assert reads.bars[-1].day == today and reads.bars[-1].value == 40
    assert home.readership.comments.total == 1
    html = response.content.decode()
    # Drawn on the server: an inline SVG, one bar per day, with the figures as a table.
    assert html.count("<rect ") == 60
    assert 'role="img"' in html and "<summary>The figures</summary>" in html
    assert "<script" not in html.split('id="panel-readership"')[1].split("</section>")[0]


def test_home_query_count_does_not_grow_with_the_content(client, django_assert_num_queries):
    chief = factories.user_with_role("Editor-in-chief")
    client.force_login(chief)
    client.get("/desk/")
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/desk/").status_code == 200
    for n in range(6):
        article = factories.article(status=Article.Status.REVIEW, created_by=chief)
        factories.article(status=Article.Status.DRAFT, created_by=chief)
        Correction.objects.create(article=article, text=f"Correction {n}.")
        DailyReads.objects.create(article=factories.article(), day=timezone.localdate(), count=n)
        comment(article)
    with django_assert_num_queries(HOME_QUERIES + 2):
        assert client.get("/desk/").status_code == 200


def test_article_form_shows_the_article_reads_per_day(client):
    editor = factories.user_with_role("Editor")
    article = factories.article(headline="Charted story")
    other = factories.article()
    today = timezone.localdate()
    DailyReads.objects.create(article=article, day=today - dt.timedelta(days=1), count=12)
    DailyReads.objects.create(article=other, day=today, count=99)
    client.force_login(editor)
    response = client.get(f"/desk/news/article/{article.pk}/change/")
    chart = response.context["reads_chart"]
    assert chart.total == 12 and chart.bars[-2].value == 12 and chart.bars[-1].value == 0
    assert f'id="chart-reads-{article.pk}-title"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("uk", "Ваша редакція"), ("ru", "Ваша редакция"), ("en", "Your desk")]
)
def test_chosen_language_is_stored_on_the_account_and_follows_the_user(client, language, heading):
    chief = factories.user_with_role("Editor-in-chief", password="pw-for-tests-1")
    client.force_login(chief)
    response = client.post("/desk/language/", {"language": language})
    assert response.status_code == 302
    assert chief.desk_profile.language == language
    # Any desk address, whatever its prefix, is now in that language ...
    assert heading in client.get("/desk/").content.decode()
    assert heading in client.get("/ru/desk/").content.decode()
    # ... and so is the next session, from the login on.
    client.logout()
    client.post("/desk/login/", {"username": chief.username, "password": "pw-for-tests-1"})
    html = client.get("/desk/").content.decode()
    assert heading in html and f'lang="{language}"' in html


def test_home_strings_are_translated(client):
    client.force_login(factories.user_with_role("Editor-in-chief"))
    html = client.get("/uk/desk/").content.decode()
    for words in ("Ваші чернетки", "Чекають на вашу перевірку", "Вийде протягом 24 годин"):
        assert words in html
    html = client.get("/ru/desk/").content.decode()
    assert "Ваши черновики" in html and "Самое читаемое сегодня" in html


def test_choosing_a_language_needs_a_post_and_a_known_code(client):
    user = factories.user_with_role("Author")
    client.force_login(user)
    assert client.get("/desk/language/").status_code == 405
    client.post("/desk/language/", {"language": "xx"})
    assert not hasattr(user, "desk_profile") or user.desk_profile.language != "xx"


def test_wire_panel_shows_waiting_items_and_sources_in_trouble(client):
    calm = Source.objects.create(
        name="Calm outlet", homepage="https://calm.example/", feed_url="https://calm.example/f"
    )
    failing = Source.objects.create(
        name="Failing outlet",
        homepage="https://fail.example/",
        feed_url="https://fail.example/f",
        failures=3,
    )
    Source.objects.create(
        name="Paused outlet",
        homepage="https://paused.example/",
        feed_url="https://paused.example/f",
        status=Source.Status.PAUSED,
    )
    Item.objects.create(
        source=calm,
        key="k1",
        url="https://calm.example/1",
        canonical_url="https://calm.example/1",
        title="A new wire story",
    )
    Item.objects.create(
        source=failing,
        key="k2",
        url="https://fail.example/2",
        canonical_url="https://fail.example/2",
        title="An old dismissed story",
        status=Item.Status.DISMISSED,
    )
    client.force_login(factories.user_with_role("Editor"))
    response = client.get("/desk/")
    wire = response.context["home"].wire
    assert [item.title for item in wire.newest] == ["A new wire story"]
    assert wire.waiting == 1  # the dismissed one no longer waits
    assert {(row.source.name, row.paused, row.failures) for row in wire.troubled} == {
        ("Failing outlet", False, 3),
        ("Paused outlet", True, 0),
    }
    html = response.content.decode()
    assert "3 failures in a row" in html and "paused" in html
    assert "1 item waiting" in html
