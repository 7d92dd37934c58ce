"""Moderators' actions on comments, bans and banned words, each recorded in
`ModerationLog` with who, what, when, before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.discussion import policy
from broadsheet.discussion.models import (
    ArticleDiscussion,
    Ban,
    BannedWord,
    Comment,
    CommentReport,
    ModerationLog,
)
from broadsheet.discussion.services.notifications import _on_public
from broadsheet.discussion.services.refusals import CommentRejected

User = AbstractBaseUser | AnonymousUser


MODERATE = "discussion.moderate_comment"


def _snapshot(comment: Comment) -> dict[str, Any]:
    return {"status": comment.status, "featured": comment.featured, "text": comment.text}


def _log(
    *,
    user: User,
    action: str,
    comment: Comment | None = None,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    ModerationLog.objects.create(
        actor_id=user.pk if user.is_authenticated else None,
        action=action,
        comment=comment,
        target=(target or str(comment))[:250],
        before=before or {},
        after=after or {},
    )


def _may(user: User, perm: str) -> bool:
    return isinstance(user, PermissionsMixin | AnonymousUser) and user.has_perm(perm)


def _check_moderator(user: User) -> None:
    if not _may(user, MODERATE):
        raise PermissionDenied(_("Only a moderator may moderate comments."))


@transaction.atomic
def _comment_set_status(
    *, comment: Comment, user: User, status: str, action: str, site_url: str
) -> Comment:
    _check_moderator(user)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = _snapshot(comment)
    was_public = comment.status == Comment.Status.APPROVED
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by_id = user.pk if user.is_authenticated else None
    if status == Comment.Status.APPROVED:
        comment.report_count = 0  # a moderator's decision settles the reports so far
    comment.save(update_fields=["status", "moderated_at", "moderated_by", "report_count"])
    _log(user=user, action=action, comment=comment, before=before, after=_snapshot(comment))
    if status == Comment.Status.APPROVED and not was_public:
        _on_public(comment, site_url=site_url)
    return comment


def comment_approve(*, comment: Comment, user: User, site_url: str = "") -> Comment:
    """Make a comment public; mails its parent's subscribers once committed."""
    return _comment_set_status(
        comment=comment,
        user=user,
        status=Comment.Status.APPROVED,
        action=ModerationLog.Action.APPROVE,
        site_url=site_url,
    )


def comment_remove(*, comment: Comment, user: User) -> Comment:
    return _comment_set_status(
        comment=comment,
        user=user,
        status=Comment.Status.REMOVED,
        action=ModerationLog.Action.REMOVE,
        site_url="",
    )


def comment_mark_spam(*, comment: Comment, user: User) -> Comment:
    return _comment_set_status(
        comment=comment,
        user=user,
        status=Comment.Status.SPAM,
        action=ModerationLog.Action.SPAM,
        site_url="",
    )


@transaction.atomic
def comment_set_featured(*, comment: Comment, user: User, featured: bool) -> Comment:
    """Feature a comment (shown first in its thread) or stop featuring it."""
    _check_moderator(user)
    before = _snapshot(comment)
    comment.featured = featured
    comment.save(update_fields=["featured"])
    action = ModerationLog.Action.FEATURE if featured else ModerationLog.Action.UNFEATURE
    _log(user=user, action=action, comment=comment, before=before, after=_snapshot(comment))
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, text: str) -> Comment:
    """Change a comment's text; the text before the edit stays in the moderation log."""
    _check_moderator(user)
    text = text.strip()
    if not text:
        raise CommentRejected(_("A comment needs its text."), code="empty", field="text")
    original = Comment.objects.get(pk=comment.pk)
    if original.text == text:
        return original
    before = _snapshot(original)
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    _log(
        user=user,
        action=ModerationLog.Action.EDIT,
        comment=comment,
        before=before,
        after=_snapshot(comment),
    )
    return comment


def comment_report(
    *, comment: Comment, reporter_key: str, reason: str, note: str = ""
) -> CommentReport:
    """Record a reader's report (once per reader per comment; raise CommentRejected on
    a second one). Past the configured number of open reports the comment is hidden
    (pending) until a moderator decides."""
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reporter_key=reporter_key, reason=reason, note=note.strip()[:300]
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            comment.refresh_from_db(fields=["report_count", "status", "reasons"])
            threshold = settings.DISCUSSION_REPORT_THRESHOLD
            if (
                threshold > 0
                and comment.report_count >= threshold
                and comment.status == Comment.Status.APPROVED
            ):
                comment.status = Comment.Status.PENDING
                comment.reasons = [*comment.reasons, policy.Reason.REPORTS]
                comment.save(update_fields=["status", "reasons"])
    except IntegrityError as exc:
        raise CommentRejected(
            _("You have already reported this comment."), code="reported"
        ) from exc
    return report


def _ban_snapshot(ban: Ban) -> dict[str, Any]:
    return {
        "kind": ban.kind,
        "value": ban.value,
        "reason": ban.reason,
        "expires_at": ban.expires_at.isoformat() if ban.expires_at else None,
    }


@transaction.atomic
def ban_save(*, ban: Ban, user: User) -> Ban:
    """Create or change a ban (validated by `Ban.clean`)."""
    _check_moderator(user)
    ban.full_clean()
    before = _ban_snapshot(Ban.objects.get(pk=ban.pk)) if ban.pk else {}
    if not ban.pk and user.is_authenticated:
        ban.created_by_id = user.pk
    ban.save()
    _log(
        user=user,
        action=ModerationLog.Action.BAN,
        target=str(ban),
        before=before,
        after=_ban_snapshot(ban),
    )
    return ban


@transaction.atomic
def ban_lift(*, ban: Ban, user: User) -> None:
    _check_moderator(user)
    _log(user=user, action=ModerationLog.Action.UNBAN, target=str(ban), before=_ban_snapshot(ban))
    ban.delete()


@transaction.atomic
def banned_word_add(*, word: str, user: User) -> BannedWord:
    _check_moderator(user)
    obj, _created = BannedWord.objects.get_or_create(
        word=word.strip(), defaults={"created_by_id": user.pk if user.is_authenticated else None}
    )
    _log(user=user, action=ModerationLog.Action.WORD_ADD, target=obj.word, after={"word": obj.word})
    return obj


@transaction.atomic
def banned_word_remove(*, word: BannedWord, user: User) -> None:
    _check_moderator(user)
    _log(
        user=user,
        action=ModerationLog.Action.WORD_REMOVE,
        target=word.word,
        before={"word": word.word},
    )
    word.delete()


@transaction.atomic
def article_discussion_save(*, setting: ArticleDiscussion, user: User) -> ArticleDiscussion:
    """Change an article's discussion mode (override of the site default)."""
    if not _may(user, "discussion.change_articlediscussion"):
        raise PermissionDenied(_("You may not change an article's discussion settings."))
    old = ArticleDiscussion.objects.filter(pk=setting.pk).first() if setting.pk else None
    before = {"mode": old.mode, "keep_open": old.keep_open} if old else {}
    setting.save()
    _log(
        user=user,
        action=ModerationLog.Action.MODE,
        target=str(setting.article),
        before=before,
        after={"mode": setting.mode, "keep_open": setting.keep_open},
    )
    return setting
