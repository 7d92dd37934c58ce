"""Every state change of an article goes through a function here.

`check_*` functions validate and raise; `article_*` functions write. Each write is
atomic and records a revision (who, when, what) through django-reversion.
"""

from __future__ import annotations

import datetime as dt

import reversion
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.news.models import Article, Correction

Actor = User | AnonymousUser

# Which statuses an article may move to from each status.
TRANSITIONS: dict[str, set[str]] = {
    Article.Status.DRAFT: {
        Article.Status.REVIEW,
        Article.Status.SCHEDULED,
        Article.Status.PUBLISHED,
    },
    Article.Status.REVIEW: {
        Article.Status.DRAFT,
        Article.Status.SCHEDULED,
        Article.Status.PUBLISHED,
    },
    Article.Status.SCHEDULED: {
        Article.Status.DRAFT,
        Article.Status.PUBLISHED,
        Article.Status.WITHDRAWN,
    },
    Article.Status.PUBLISHED: {Article.Status.WITHDRAWN},
    Article.Status.WITHDRAWN: {Article.Status.DRAFT, Article.Status.PUBLISHED},
}


def check_can_edit(*, user: Actor, article: Article) -> None:
    """Raise PermissionDenied unless `user` may edit this article's content.

    Authors edit only their own drafts (and articles returned to them); editors edit any.
    """
    if user.has_perm("news.change_any_article"):
        return
    if not user.has_perm("news.change_article"):
        raise PermissionDenied(_("You may not edit articles."))
    if article.pk and article.created_by_id != user.pk:
        raise PermissionDenied(_("Authors may edit only their own articles."))
    if article.pk and article.status not in (Article.Status.DRAFT, Article.Status.REVIEW):
        raise PermissionDenied(_("Only an editor may change a scheduled or published article."))


def check_transition(*, article: Article, to: str) -> None:
    if to not in TRANSITIONS.get(article.status, set()):
        raise ValidationError(
            _("An article that is “%(current)s” cannot become “%(target)s”.")
            % {"current": article.get_status_display(), "target": Article.Status(to).label}
        )


def _record(article: Article, *, user: Actor, comment: str) -> None:
    with reversion.create_revision():
        article.save()
        if user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)


@transaction.atomic
def article_submit_for_review(*, article: Article, user: Actor) -> Article:
    """Move a draft to review. Raises PermissionDenied or ValidationError."""
    if not user.has_perm("news.submit_article"):
        raise PermissionDenied(_("You may not submit articles for review."))
    check_can_edit(user=user, article=article)
    check_transition(article=article, to=Article.Status.REVIEW)
    article.status = Article.Status.REVIEW
    _record(article, user=user, comment="Submitted for review")
    return article


@transaction.atomic
def article_publish(*, article: Article, user: Actor, at: dt.datetime | None = None) -> Article:
    """Publish now, or schedule when `at` lies in the future.

    A scheduled article becomes visible by itself at `at` (see ArticleQuerySet.live).
    Raises PermissionDenied for anyone without `news.publish_article`.
    """
    if not user.has_perm("news.publish_article"):
        raise PermissionDenied(_("Only an editor may publish or schedule."))
    now = timezone.now()
    when = at or article.published_at or now
    target = Article.Status.SCHEDULED if when > now else Article.Status.PUBLISHED
    if article.status != target:
        check_transition(article=article, to=target)
    article.status = target
    article.published_at = when
    article.withdrawal_note = ""
    comment = (
        f"Scheduled for {timezone.localtime(when):%Y-%m-%d %H:%M}"
        if (target == Article.Status.SCHEDULED)
        else "Published"
    )
    _record(article, user=user, comment=comment)
    return article


def article_schedule(*, article: Article, user: Actor, at: dt.datetime) -> Article:
    """Schedule for a future time. Raises ValidationError if `at` is not in the future."""
    if at <= timezone.now():
        raise ValidationError(_("A scheduled time must lie in the future."))
    return article_publish(article=article, user=user, at=at)


@transaction.atomic
def article_withdraw(*, article: Article, user: Actor, note: str = "") -> Article:
    """Take a published or scheduled article down; its page then answers 410 Gone."""
    if not user.has_perm("news.withdraw_article"):
        raise PermissionDenied(_("Only an editor may withdraw an article."))
    check_transition(article=article, to=Article.Status.WITHDRAWN)
    article.status = Article.Status.WITHDRAWN
    article.withdrawal_note = note.strip()
    _record(article, user=user, comment="Withdrawn")
    return article


@transaction.atomic
def article_return_to_draft(*, article: Article, user: Actor) -> Article:
    """Send an article in review (or scheduled, not yet live) back to its author."""
    if not user.has_perm("news.publish_article"):
        raise PermissionDenied(_("Only an editor may return an article to draft."))
    check_transition(article=article, to=Article.Status.DRAFT)
    if article.is_live():
        raise ValidationError(_("A live article cannot go back to draft; withdraw it instead."))
    article.status = Article.Status.DRAFT
    _record(article, user=user, comment="Returned to draft")
    return article


@transaction.atomic
def article_add_correction(*, article: Article, user: Actor, text: str) -> Correction:
    """Append a public correction to a live article. Raises PermissionDenied/ValidationError."""
    if not user.has_perm("news.add_correction_note"):
        raise PermissionDenied(_("Only an editor may write a correction."))
    text = text.strip()
    if not text:
        raise ValidationError(_("A correction needs its text."))
    if not article.is_live():
        raise ValidationError(_("Corrections are for published articles."))
    correction = Correction.objects.create(
        article=article, text=text, created_by=user if user.is_authenticated else None
    )
    _record(article, user=user, comment=f"Correction added: {text[:80]}")
    return correction
