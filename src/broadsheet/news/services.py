"""Every state change of an article goes through a function here.

`check_*` functions validate and raise; `article_*` functions write. Each write is
atomic and records a revision (who, when, what) through django-reversion.

What a write invalidates is in one registry per kind, kept by the layers above (news
knows neither): the pages in `broadsheet.public.invalidation` (each receiver names the
tags of `news.cachetags` it bumps after commit; tests/pagecache/test_invalidation.py
fails when a change shows stale), the search index in `broadsheet.search.signals`.
"""

from __future__ import annotations

import datetime as dt

import reversion
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.news.models import Article, ArticleSource, Correction, Section
from broadsheet.photos.models import Photo

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


# Each workflow step in two parts: `_step_*` checks and changes the article in hand and
# says what the revision records; `article_*` saves it. A desk save applies the step it
# was asked for to the edited article and writes once (`article_update`).


def _step_submit(*, article: Article, user: Actor) -> str:
    if not user.has_perm("news.submit_article"):
        raise PermissionDenied(_("You may not submit articles for review."))
    check_can_edit(user=user, article=article)
    check_transition(article=article, to=Article.Status.REVIEW)
    article.status = Article.Status.REVIEW
    return "Submitted for review"


@transaction.atomic
def article_submit_for_review(*, article: Article, user: Actor) -> Article:
    """Move a draft to review. Raises PermissionDenied or ValidationError."""
    _record(article, user=user, comment=_step_submit(article=article, user=user))
    return article


def _step_publish(*, article: Article, user: Actor, at: dt.datetime | None = None) -> str:
    if not user.has_perm("news.publish_article"):
        raise PermissionDenied(_("Only an editor may publish or schedule."))
    if article.translated_from and not article.translation_reviewed:
        raise ValidationError(_("A machine translation must be reviewed before it is published."))
    now = timezone.now()
    when = at or article.published_at or now
    target = Article.Status.SCHEDULED if when > now else Article.Status.PUBLISHED
    if article.status != target:
        check_transition(article=article, to=target)
    article.status = target
    article.published_at = when
    article.withdrawal_note = ""
    if target == Article.Status.SCHEDULED:
        return f"Scheduled for {timezone.localtime(when):%Y-%m-%d %H:%M}"
    return "Published"


@transaction.atomic
def article_publish(*, article: Article, user: Actor, at: dt.datetime | None = None) -> Article:
    """Publish now, or schedule when `at` lies in the future.

    A scheduled article becomes visible by itself at `at` (see ArticleQuerySet.live).
    Raises PermissionDenied for anyone without `news.publish_article`.
    """
    _record(article, user=user, comment=_step_publish(article=article, user=user, at=at))
    return article


def article_schedule(*, article: Article, user: Actor, at: dt.datetime) -> Article:
    """Schedule for a future time. Raises ValidationError if `at` is not in the future."""
    if at <= timezone.now():
        raise ValidationError(_("A scheduled time must lie in the future."))
    return article_publish(article=article, user=user, at=at)


def _step_withdraw(*, article: Article, user: Actor, note: str = "") -> str:
    if not user.has_perm("news.withdraw_article"):
        raise PermissionDenied(_("Only an editor may withdraw an article."))
    check_transition(article=article, to=Article.Status.WITHDRAWN)
    article.status = Article.Status.WITHDRAWN
    article.withdrawal_note = note.strip()
    return "Withdrawn"


@transaction.atomic
def article_withdraw(*, article: Article, user: Actor, note: str = "") -> Article:
    """Take a published or scheduled article down; its page then answers 410 Gone."""
    _record(article, user=user, comment=_step_withdraw(article=article, user=user, note=note))
    return article


def _step_return_to_draft(*, article: Article, user: Actor) -> str:
    if not user.has_perm("news.publish_article"):
        raise PermissionDenied(_("Only an editor may return an article to draft."))
    check_transition(article=article, to=Article.Status.DRAFT)
    if article.is_live():
        raise ValidationError(_("A live article cannot go back to draft; withdraw it instead."))
    article.status = Article.Status.DRAFT
    return "Returned to draft"


@transaction.atomic
def article_return_to_draft(*, article: Article, user: Actor) -> Article:
    """Send an article in review (or scheduled, not yet live) back to its author."""
    _record(article, user=user, comment=_step_return_to_draft(article=article, user=user))
    return article


class Step(models.TextChoices):
    """The workflow steps a desk save may carry (its buttons)."""

    SUBMIT = "submit"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    TO_DRAFT = "to_draft"


@transaction.atomic
def article_update(*, article: Article, user: Actor, step: Step | None = None) -> str | None:
    """Save the desk's edit of `article` (new or changed) once, with `step` applied.

    Raises PermissionDenied when `user` may not write this article at all. A step that
    is refused (no right, a transition the workflow forbids) leaves the article's
    workflow fields as they were, the edit is saved all the same, and its reason is
    returned; None when the step (or none) went through.
    """
    if article.pk is None:
        if not user.has_perm("news.add_article"):
            raise PermissionDenied(_("You may not edit articles."))
        if user.is_authenticated and article.created_by_id is None:
            article.created_by = user
    else:
        check_can_edit(user=user, article=article)
    kept = (article.status, article.published_at, article.withdrawal_note)
    comment, refused = ("Created" if article.pk is None else "Edited"), None
    try:
        if step == Step.SUBMIT:
            comment = _step_submit(article=article, user=user)
        elif step == Step.PUBLISH:
            comment = _step_publish(article=article, user=user)
        elif step == Step.WITHDRAW:
            comment = _step_withdraw(article=article, user=user, note=article.withdrawal_note)
        elif step == Step.TO_DRAFT:
            comment = _step_return_to_draft(article=article, user=user)
    except (PermissionDenied, ValidationError) as exc:
        article.status, article.published_at, article.withdrawal_note = kept
        refused = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
    _record(article, user=user, comment=comment)
    return refused


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


@transaction.atomic
def article_draft_create(
    *,
    user: Actor,
    headline: str,
    body: str,
    language: str,
    section: Section,
    slug: str,
    standfirst: str = "",
    sources: list[tuple[str, str]] | None = None,
    translated_from: str = "",
    lead_photo: Photo | None = None,
) -> Article:
    """Create a draft owned by `user`, with the outlets it is based on (name, URL).

    `translated_from` marks a machine translation: it cannot be published until
    `article_translation_review`. Raises PermissionDenied without `news.add_article`.
    """
    if not user.has_perm("news.add_article"):
        raise PermissionDenied(_("You may not write articles."))
    article = Article(
        headline=headline[:250],
        slug=slug,
        standfirst=standfirst,
        body=body,
        language=language,
        section=section,
        status=Article.Status.DRAFT,
        created_by=user if user.is_authenticated else None,
        translated_from=translated_from,
        lead_photo=lead_photo,
    )
    with reversion.create_revision():
        article.save()
        for position, (name, url) in enumerate(sources or []):
            ArticleSource.objects.create(article=article, name=name, url=url, position=position)
        if user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment("Draft created")
    return article


@transaction.atomic
def article_translation_review(*, article: Article, user: Actor) -> Article:
    """Record that an editor has read the machine translation; publishing is then open."""
    if not user.has_perm("news.publish_article"):
        raise PermissionDenied(_("Only an editor may mark a translation reviewed."))
    check_can_edit(user=user, article=article)
    article.translation_reviewed = True
    _record(article, user=user, comment="Translation reviewed")
    return article
