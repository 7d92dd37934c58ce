"""Workflow rules and per-role permissions, through the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from broadsheet.news import services
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def author_user():
    return factories.user_with_role("Author")


@pytest.fixture
def editor_user():
    return factories.user_with_role("Editor")


@pytest.fixture
def moderator_user():
    return factories.user_with_role("Moderator")


def draft_by(user):
    return factories.article(status=Article.Status.DRAFT, created_by=user)


def test_author_submits_own_draft_for_review(author_user):
    article = draft_by(author_user)
    services.article_submit_for_review(article=article, user=author_user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_author_cannot_publish(author_user):
    article = draft_by(author_user)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=author_user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_author_cannot_edit_someone_elses_draft(author_user):
    other = factories.user_with_role("Author")
    with pytest.raises(PermissionDenied):
        services.check_can_edit(user=author_user, article=draft_by(other))


def test_author_cannot_edit_own_published_article(author_user, editor_user):
    article = draft_by(author_user)
    services.article_publish(article=article, user=editor_user)
    with pytest.raises(PermissionDenied):
        services.check_can_edit(user=author_user, article=article)


def test_author_cannot_withdraw_or_correct(author_user):
    article = factories.article(created_by=author_user)
    with pytest.raises(PermissionDenied):
        services.article_withdraw(article=article, user=author_user)
    with pytest.raises(PermissionDenied):
        services.article_add_correction(article=article, user=author_user, text="x")


def test_moderator_has_no_article_rights(moderator_user):
    article = factories.article()
    assert not moderator_user.has_perm("news.change_article")
    assert not moderator_user.has_perm("news.add_article")
    with pytest.raises(PermissionDenied):
        services.check_can_edit(user=moderator_user, article=article)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, user=moderator_user)


def test_editor_publishes_now(editor_user):
    article = factories.article(status=Article.Status.REVIEW, published_at=None)
    services.article_publish(article=article, user=editor_user)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_live()


def test_editor_schedules_and_article_goes_live_by_itself_at_its_time(editor_user):
    article = factories.article(status=Article.Status.DRAFT, published_at=None)
    at = timezone.now() + dt.timedelta(hours=1)
    services.article_schedule(article=article, user=editor_user, at=at)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert not Article.objects.live().filter(pk=article.pk).exists()
    later = at + dt.timedelta(seconds=1)
    assert Article.objects.live(now=later).filter(pk=article.pk).exists()


def test_schedule_rejects_a_past_time(editor_user):
    article = factories.article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        services.article_schedule(
            article=article, user=editor_user, at=timezone.now() - dt.timedelta(minutes=1)
        )


def test_editor_withdraws_and_can_republish(editor_user):
    article = factories.article()
    services.article_withdraw(article=article, user=editor_user, note="Legal request.")
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN and not article.is_live()
    services.article_publish(article=article, user=editor_user)
    assert Article.objects.get(pk=article.pk).is_live()


def test_a_published_article_cannot_go_back_to_review(editor_user):
    article = factories.article()
    with pytest.raises(ValidationError):
        services.check_transition(article=article, to=Article.Status.REVIEW)


def test_editor_adds_correction_to_live_article_only(editor_user):
    live = factories.article()
    correction = services.article_add_correction(
        article=live, user=editor_user, text="An earlier version misspelt a name."
    )
    assert list(live.corrections.all()) == [correction]
    draft = factories.article(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        services.article_add_correction(article=draft, user=editor_user, text="x")


def test_every_workflow_step_keeps_a_revision_with_its_author(author_user, editor_user):
    article = draft_by(author_user)
    services.article_submit_for_review(article=article, user=author_user)
    services.article_publish(article=article, user=editor_user)
    versions = list(Version.objects.get_for_object(article))
    assert [v.revision.get_comment() for v in versions] == ["Published", "Submitted for review"]
    assert versions[0].revision.user == editor_user
    assert versions[1].revision.user == author_user
