"""The desk through its HTTP interface: each role sees and does only what it may."""

import datetime as dt

import pytest
from django.utils import timezone
from reversion.models import Version

from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db


def article_form(section, **overrides):
    data = {
        "headline": "Desk headline",
        "slug": "desk-headline",
        "standfirst": "Standfirst.",
        "body": "<p>Body text.</p>",
        "section": str(section.pk),
        "language": "en",
        "published_at": "",
        "withdrawal_note": "",
        "new_correction": "",
    }
    for prefix in ("bylines", "sources", "corrections"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def section():
    return factories.section("Policy")


def login(client, role):
    user = factories.user_with_role(role)
    client.force_login(user)
    return user


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/desk/")
    assert response.status_code == 302 and "/desk/login/" in response["Location"]


def test_user_without_staff_flag_cannot_enter(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-for-tests-1")
    client.force_login(user)
    assert client.get("/desk/news/article/").status_code == 302


def test_author_creates_draft_owned_by_them(client, section):
    user = login(client, "Author")
    response = client.post("/desk/news/article/add/", article_form(section))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="desk-headline")
    assert article.status == Article.Status.DRAFT and article.created_by == user


def test_author_sees_only_own_articles(client, section):
    user = login(client, "Author")
    mine = factories.article(headline="Mine", status=Article.Status.DRAFT, created_by=user)
    theirs = factories.article(
        headline="Theirs",
        status=Article.Status.DRAFT,
        created_by=factories.user_with_role("Author"),
    )
    listing = client.get("/desk/news/article/").content.decode()
    assert "Mine" in listing and "Theirs" not in listing
    assert client.get(f"/desk/news/article/{mine.pk}/change/").status_code == 200
    assert client.get(f"/desk/news/article/{theirs.pk}/change/").status_code == 302


def test_author_has_no_publish_button_and_a_forged_publish_does_nothing(client, section):
    user = login(client, "Author")
    article = factories.article(
        status=Article.Status.DRAFT, published_at=None, created_by=user, section_obj=section
    )
    page = client.get(f"/desk/news/article/{article.pk}/change/").content.decode()
    assert 'name="_publish"' not in page and 'name="_submit"' in page
    data = article_form(section, slug=article.slug, _publish="1")
    client.post(f"/desk/news/article/{article.pk}/change/", data)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_author_submits_for_review_from_the_desk(client, section):
    user = login(client, "Author")
    article = factories.article(
        status=Article.Status.DRAFT, published_at=None, created_by=user, section_obj=section
    )
    client.post(
        f"/desk/news/article/{article.pk}/change/",
        article_form(section, slug=article.slug, _submit="1"),
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_author_cannot_reach_sections_or_corrections(client, section):
    login(client, "Author")
    assert client.get(f"/desk/news/section/{section.pk}/change/").status_code == 200  # view only
    response = client.post(
        f"/desk/news/section/{section.pk}/change/",
        {"name": "Hacked", "slug": "policy", "order": "1"},
    )
    assert response.status_code == 403
    assert client.get("/desk/news/section/add/").status_code == 403


def test_editor_publishes_from_the_desk(client, section):
    login(client, "Editor")
    client.post("/desk/news/article/add/", article_form(section, _publish="1"))
    article = Article.objects.get(slug="desk-headline")
    assert article.status == Article.Status.PUBLISHED and article.is_live()


def test_editor_schedules_with_a_future_time(client, section):
    login(client, "Editor")
    at = timezone.localtime(timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    client.post("/desk/news/article/add/", article_form(section, published_at=at, _publish="1"))
    article = Article.objects.get(slug="desk-headline")
    assert article.status == Article.Status.SCHEDULED and not article.is_live()


def test_editor_withdraws_and_corrects(client, section):
    login(client, "Editor")
    article = factories.article(section_obj=section)
    url = f"/desk/news/article/{article.pk}/change/"
    client.post(
        url,
        article_form(
            section,
            slug=article.slug,
            new_correction="Fixed a name.",
            published_at=timezone.localtime(article.published_at).strftime("%Y-%m-%dT%H:%M:%S"),
        ),
    )
    assert list(article.corrections.values_list("text", flat=True)) == ["Fixed a name."]
    client.post(
        url,
        article_form(
            section,
            slug=article.slug,
            withdrawal_note="Legal.",
            published_at=timezone.localtime(article.published_at).strftime("%Y-%m-%dT%H:%M:%S"),
            _withdraw="1",
        ),
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN


def test_moderator_can_only_look_at_articles(client, section):
    """Moderators read articles for context (the comment queue links to them) but change
    nothing."""
    login(client, "Moderator")
    article = factories.article(section_obj=section)
    assert client.get("/desk/news/article/add/").status_code == 403
    response = client.post(
        f"/desk/news/article/{article.pk}/change/",
        article_form(section, slug=article.slug, headline="Changed"),
    )
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline != "Changed"


def test_preview_is_for_staff_only(client, section):
    draft = factories.article(
        headline="Secret draft", status=Article.Status.DRAFT, published_at=None, section_obj=section
    )
    url = f"/desk/preview/{draft.pk}/"
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(draft.get_absolute_url()).status_code == 404
    login(client, "Editor")
    response = client.get(url)
    assert response.status_code == 200 and "Secret draft" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_author_cannot_preview_someone_elses_draft(client, section):
    draft = factories.article(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=factories.user_with_role("Author"),
    )
    login(client, "Author")
    assert client.get(f"/desk/preview/{draft.pk}/").status_code == 403


def test_history_lists_revisions_and_compare_shows_the_change(client, section):
    login(client, "Editor")
    client.post("/desk/news/article/add/", article_form(section))
    article = Article.objects.get(slug="desk-headline")
    client.post(
        f"/desk/news/article/{article.pk}/change/",
        article_form(
            section, headline="Desk headline, revised", body="<p>Body text, now longer.</p>"
        ),
    )
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 2
    history = client.get(f"/desk/news/article/{article.pk}/history/").content.decode()
    assert f'value="{versions[0].pk}"' in history
    diff = client.get(
        f"/desk/news/article/{article.pk}/history/compare/?a={versions[1].pk}&b={versions[0].pk}"
    ).content.decode()
    assert '<h2 class="diff-field">headline</h2>' in diff
    assert '<h2 class="diff-field">body</h2>' in diff
    assert "revised" in diff and "longer" in diff
    assert '<h2 class="diff-field">section</h2>' not in diff


def test_restore_an_old_revision(client, section):
    login(client, "Editor")
    client.post("/desk/news/article/add/", article_form(section))
    article = Article.objects.get(slug="desk-headline")
    client.post(
        f"/desk/news/article/{article.pk}/change/",
        article_form(section, headline="A worse headline"),
    )
    first = list(Version.objects.get_for_object(article))[-1]
    url = f"/desk/news/article/{article.pk}/history/{first.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, article_form(section))
    assert Article.objects.get(pk=article.pk).headline == "Desk headline"


def test_article_list_filters_and_search(client, section):
    login(client, "Editor")
    factories.article(
        headline="Draft about grain",
        status=Article.Status.DRAFT,
        published_at=None,
        section_obj=section,
    )
    factories.article(headline="Published about energy", section_obj=section)
    drafts = client.get("/desk/news/article/?status__exact=draft").content.decode()
    assert "Draft about grain" in drafts and "Published about energy" not in drafts
    found = client.get("/desk/news/article/?q=energy").content.decode()
    assert "Published about energy" in found and "Draft about grain" not in found
    by_section = client.get(f"/desk/news/article/?section__id__exact={section.pk}")
    assert by_section.status_code == 200


def _count_saves(counts: list[int]):
    from django.db.models.signals import post_save

    def counted(sender, instance, **kwargs):
        counts.append(instance.pk)

    post_save.connect(counted, sender=Article, weak=False, dispatch_uid="count-saves")
    return lambda: post_save.disconnect(sender=Article, dispatch_uid="count-saves")


@pytest.mark.parametrize(
    ("role", "status", "button", "after"),
    [
        ("Editor", Article.Status.DRAFT, "_publish", Article.Status.PUBLISHED),
        ("Editor", Article.Status.DRAFT, None, Article.Status.DRAFT),
        ("Author", Article.Status.DRAFT, "_submit", Article.Status.REVIEW),
        ("Editor", Article.Status.PUBLISHED, "_withdraw", Article.Status.WITHDRAWN),
    ],
)
def test_a_desk_save_writes_the_article_once(client, section, role, status, button, after):
    """The edit and its workflow button are one write (`news.services.article_update`):
    every receiver of the article's save (invalidation, search) runs once."""
    user = login(client, role)
    article = factories.article(status=status, created_by=user, section_obj=section)
    extra = {button: "1"} if button else {}
    counts: list[int] = []
    stop = _count_saves(counts)
    try:
        client.post(
            f"/desk/news/article/{article.pk}/change/",
            article_form(section, slug=article.slug, headline="Edited once", **extra),
        )
    finally:
        stop()
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Edited once", after)
    assert counts == [article.pk]


def test_a_refused_step_keeps_the_edit_and_says_why(client, section):
    """An author's forged publish: the text is saved, the status is not, and the desk
    says why."""
    user = login(client, "Author")
    article = factories.article(
        status=Article.Status.DRAFT, published_at=None, created_by=user, section_obj=section
    )
    response = client.post(
        f"/desk/news/article/{article.pk}/change/",
        article_form(section, slug=article.slug, headline="Kept text", _publish="1"),
        follow=True,
    )
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Kept text", Article.Status.DRAFT)
    assert "Only an editor may publish or schedule." in response.content.decode()
