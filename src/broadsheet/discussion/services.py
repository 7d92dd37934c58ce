"""Every write of the discussion goes through a function here.

`check_*` functions validate and raise `CommentRejected`; `comment_*`, `ban_*`,
`banned_word_*`, `subscription_*` and `outbox_*` functions write. Each moderator action
is recorded in `ModerationLog` with who, what, when, before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from broadsheet.discussion import captcha, policy
from broadsheet.discussion.models import (
    ArticleDiscussion,
    Ban,
    BannedWord,
    Comment,
    Commenter,
    CommentReport,
    Mode,
    ModerationLog,
    OutboundMail,
    Subscription,
)
from broadsheet.discussion.rendering import count_links
from broadsheet.news.models import Article

logger = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser
MODERATE = "discussion.moderate_comment"
PATH_WIDTH = 10
MAX_DEPTH = 50
SUBSCRIPTION_SALT = "broadsheet.discussion.subscription"
CONFIRM_MAX_AGE = 7 * 24 * 3600


class CommentRejected(Exception):
    """The comment was not accepted. `field` names the form field the message belongs
    to (None: the whole form); `retry_after` is set, in seconds, for rate limits."""

    def __init__(
        self, message: str, *, code: str, field: str | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.retry_after = retry_after


@dataclass(frozen=True)
class SubmitResult:
    comment: Comment
    replayed: bool
    commenter_key: str


CAPTCHA_MESSAGES = {
    "missing": ("answer", gettext_lazy("The question is missing. Please answer the new question.")),
    "invalid": (
        "answer",
        gettext_lazy("The question could not be read. Please answer the new question."),
    ),
    "expired": ("answer", gettext_lazy("The question expired. Please answer the new question.")),
    "wrong_form": (
        "answer",
        gettext_lazy("The question belongs to another form. Please answer the new question."),
    ),
    "used": (
        "answer",
        gettext_lazy("That question was already answered. Please answer the new question."),
    ),
    "wrong": ("answer", gettext_lazy("That answer is not right. Please try the new question.")),
    "pow_invalid": (
        None,
        gettext_lazy("Your browser's anti-spam check failed. Please send again."),
    ),
}


def _hash_text(text: str) -> str:
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode()).hexdigest()


def _site_url(site_url: str) -> str:
    return (site_url or settings.BROADSHEET_BASE_URL or "http://localhost").rstrip("/")


# --- Checks ---------------------------------------------------------------------------


def check_thread_open(*, article: Article) -> str:
    """Return the thread's mode; raise CommentRejected when it is closed."""
    mode = policy.thread_mode(article=article, override=policy.override_of(article))
    if mode == Mode.CLOSED or not article.is_live():
        raise CommentRejected(_("This discussion is closed to new comments."), code="closed")
    return mode


def _captcha_rejected(exc: captcha.CaptchaError) -> CommentRejected:
    field, message = CAPTCHA_MESSAGES[exc.code]
    return CommentRejected(str(message), code=f"captcha_{exc.code}", field=field)


def read_captcha(
    *, token: str, form_token: str, answer: str, pow_payload: str
) -> captcha.AnsweredCaptcha:
    """This post's question with its answer checked, not spent; raise CommentRejected
    when it cannot be spent (nothing is written then)."""
    try:
        return captcha.captcha_read(
            token=token, form_token=form_token, answer=answer, pow_payload=pow_payload
        )
    except captcha.CaptchaError as exc:
        raise _captcha_rejected(exc) from exc


def captcha_refusal(answered: captcha.AnsweredCaptcha) -> CommentRejected | None:
    """Why a post is refused on its captcha once its question is spent, if it is: a wrong
    answer, a failed proof of work (or a missing one, with DISCUSSION_POW_MISSING=reject),
    or a form sent faster than DISCUSSION_MIN_SUBMIT_SECONDS after it was shown."""
    if answered.error:
        return _captcha_rejected(captcha.CaptchaError(answered.error))
    if answered.pow_missing and settings.DISCUSSION_POW_MISSING == "reject":
        return CommentRejected(
            _(
                "Your browser did not complete the anti-spam check. Please turn on "
                "JavaScript and send again."
            ),
            code="pow_missing",
        )
    elapsed = (timezone.now() - answered.issued_at).total_seconds()
    if elapsed < settings.DISCUSSION_MIN_SUBMIT_SECONDS:
        return CommentRejected(
            _("That was faster than anyone can type. Please wait a moment and send again."),
            code="too_fast",
        )
    return None


def ban_refusal(
    *, lists: policy.ModerationLists, ip: str | None, email: str, name: str
) -> CommentRejected | None:
    """The refusal for a banned reader (IP or range, e-mail, name), if this one is."""
    ban_id = lists.matching_ban(ip=ip, email=email, name=name)
    if ban_id is None:
        return None
    logger.info("comment rejected: ban %s", ban_id)
    return CommentRejected(_("You cannot comment on this site at the moment."), code="banned")


def retry_message(seconds: int) -> str:
    return ngettext(
        "Too many comments. Please try again in %(n)d second.",
        "Too many comments. Please try again in %(n)d seconds.",
        seconds,
    ) % {"n": seconds}


def _nth_newest_time(*, limit: int, since: dt.datetime, **match: Any) -> dt.datetime | None:
    """The time of the `limit`-th newest comment matching `match` since `since`: the
    oldest one a full rate-limit window still counts; None while the window is not full."""
    return (
        Comment.objects.filter(created_at__gte=since, **match)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[limit - 1 : limit]
        .first()
    )


def check_recent_comments(
    *, article: Article, ip: str | None, text_hash: str, now: dt.datetime
) -> bool:
    """Raise CommentRejected (with `retry_after`) when this IP or this article is over
    its rate limit; return whether the same text was posted within
    DISCUSSION_DUPLICATE_WINDOW. Counted on the comments table itself, so every process
    sees the same numbers with no shared cache; inside the posting transaction SQLite
    serialises the count and the insert. Each limit asks for the `limit`-th recent
    comment (OFFSET: the database steps over the others in its index, however high the
    limit), not for the rows themselves."""
    rates: list[tuple[str, dict[str, Any]]] = [("DISCUSSION_RATE_PER_IP", {"ip": ip})] if ip else []
    rates.append(("DISCUSSION_RATE_PER_ARTICLE", {"article_id": article.pk}))
    for name, match in rates:  # per IP first: the reader's own limit
        limit, seconds = policy.parse_rate(getattr(settings, name), name=name)
        if limit <= 0:
            continue
        since = now - dt.timedelta(seconds=seconds)
        oldest_counted = _nth_newest_time(limit=limit, since=since, **match)
        if oldest_counted is not None:
            retry = max(1, int((oldest_counted - since).total_seconds()) + 1)
            raise CommentRejected(retry_message(retry), code="rate_limited", retry_after=retry)
    duplicate_since = now - dt.timedelta(seconds=settings.DISCUSSION_DUPLICATE_WINDOW)
    return Comment.objects.filter(text_hash=text_hash, created_at__gte=duplicate_since).exists()


@dataclass(frozen=True)
class AttemptBudget:
    """Where an address stands against DISCUSSION_ATTEMPTS_PER_IP in the current window."""

    over: bool = False
    far_over: bool = False  # twice the budget: no person types that fast
    retry_after: int = 0


def check_attempt_budget(*, ip: str | None, now: float | None = None) -> AttemptBudget:
    """Count one posting attempt from `ip`, accepted or not, and say whether it is over
    the budget. The rate limits above count stored comments, so refused posts (a bot
    flood answering wrong) would never meet them; this counts every try, before any
    captcha check or database write, in the cache (shared through Redis in scale mode,
    per process in the embedded default). A cache that does not answer counts nothing:
    readers are never refused because a counter is down."""
    limit, seconds = policy.parse_rate(
        settings.DISCUSSION_ATTEMPTS_PER_IP, name="DISCUSSION_ATTEMPTS_PER_IP"
    )
    if not ip or limit <= 0:
        return AttemptBudget()
    moment = time.time() if now is None else now
    window = int(moment // seconds)
    key = f"discussion:attempts:{ip}:{window}"
    try:
        cache.add(key, 0, timeout=seconds + 1)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: a fresh window
        return AttemptBudget()
    if count is None or count <= limit:
        return AttemptBudget()
    retry = max(1, int((window + 1) * seconds - moment) + 1)
    return AttemptBudget(over=True, far_over=count > 2 * limit, retry_after=retry)


def _parent_for_reply(*, article: Article, parent_id: int | None) -> Comment | None:
    if not parent_id:
        return None
    parent = Comment.objects.filter(
        pk=parent_id, article=article, status=Comment.Status.APPROVED
    ).first()
    if parent is None:
        raise CommentRejected(_("The comment you reply to is no longer shown."), code="no_parent")
    if parent.depth >= MAX_DEPTH:
        raise CommentRejected(_("This thread is too deep for another reply."), code="deep")
    return parent


# --- Posting --------------------------------------------------------------------------


def _hold_reasons(
    *,
    mode: str,
    text: str,
    honeypot: str,
    pow_missing: bool,
    duplicate: bool,
    banned_word: bool,
    trusted: bool,
    now: dt.datetime,
) -> list[str]:
    reasons: list[str] = []
    if honeypot:
        reasons.append(policy.Reason.HONEYPOT)
    if pow_missing:
        reasons.append(policy.Reason.NO_POW)
    if count_links(text) > settings.DISCUSSION_MAX_LINKS:
        reasons.append(policy.Reason.TOO_MANY_LINKS)
    if duplicate:
        reasons.append(policy.Reason.DUPLICATE)
    if banned_word:
        reasons.append(policy.Reason.BANNED_WORD)
    if mode == Mode.PREMODERATED:
        reasons.append(policy.Reason.PREMODERATED)
    if policy.in_quiet_hours(now=now):
        reasons.append(policy.Reason.QUIET_HOURS)
    if not trusted:
        reasons.append(policy.Reason.NEW_COMMENTER)
    return reasons


def _is_trusted(*, commenter: Commenter | None, email: str) -> bool:
    """Whether this reader has earned DISCUSSION_TRUST_THRESHOLD approved comments (by
    their cookie, or by their e-mail once verified). `None`: a reader the site has not
    seen, whose Commenter row is written with this comment, so none are theirs yet."""
    threshold = settings.DISCUSSION_TRUST_THRESHOLD
    if threshold <= 0:
        return True
    verified = (
        email
        if email
        and Subscription.objects.filter(email__iexact=email, confirmed_at__isnull=False).exists()
        else ""
    )
    commenter_id = commenter.pk if commenter else None
    return (
        policy.approved_count_for(commenter_id=commenter_id, verified_email=verified) >= threshold
    )


def _commenter_known(key: str | None) -> Commenter | None:
    return Commenter.objects.filter(key=key).first() if key else None


def _replayed(
    *, form_token: str, commenter_key: str | None, article: Article | None = None
) -> SubmitResult | None:
    """The comment already stored for this form (of `article`, when given), as a replay."""
    existing = Comment.objects.filter(form_token=form_token).first()
    if existing is None or (article is not None and existing.article_id != article.pk):
        return None
    return SubmitResult(comment=existing, replayed=True, commenter_key=str(commenter_key or ""))


def comment_submit(
    *,
    article: Article,
    name: str,
    text: str,
    form_token: str,
    captcha_token: str,
    captcha_answer: str,
    email: str = "",
    parent_id: int | None = None,
    notify: bool = False,
    pow_payload: str = "",
    honeypot: str = "",
    ip: str | None = None,
    commenter_key: str | None = None,
    site_url: str = "",
) -> SubmitResult:
    """Accept a reader's comment, or raise CommentRejected with a message for them.

    A form token already used returns that form's comment (`replayed`), so a double
    click or a resent form never posts twice. An accepted comment is approved, or held
    (pending) with its reasons, or marked as spam (honeypot). Mail for the reply goes
    out after commit.

    Order matters. Checks that spend nothing come first (the thread is open, the
    question can be spent). Then one transaction spends the question and, unless the
    post is refused, counts the rate limits and stores the comment; it commits the
    question whatever is decided (a wrong answer, a ban, a rate limit), so a question
    is never tried twice. What that transaction need not read (bans, banned words, the
    reader's trust) is read before it: on SQLite it holds the database's one write
    lock, and every other post waits for as long as it runs.
    """
    try:
        mode = check_thread_open(article=article)
        answered = read_captcha(
            token=captcha_token,
            form_token=form_token,
            answer=captcha_answer,
            pow_payload=pow_payload,
        )
    except CommentRejected as exc:
        return _replayed_or_raise(
            form_token=form_token, article=article, key=commenter_key, refusal=exc
        )
    refusal = captcha_refusal(answered)
    text_hash = _hash_text(text)
    known = trusted = banned_word = None
    if refusal is None:
        lists = policy.moderation_lists_current()
        refusal = ban_refusal(lists=lists, ip=ip, email=email, name=name)
        banned_word = lists.contains_banned_word(text)
    if refusal is None:
        known = _commenter_known(commenter_key)
        trusted = _is_trusted(commenter=known, email=email)
    result: SubmitResult | None = None
    try:
        with transaction.atomic():
            captcha.captcha_spend(answered)
            if refusal is None:
                try:
                    result = _comment_store(
                        article=article,
                        mode=mode,
                        name=name,
                        email=email,
                        text=text,
                        text_hash=text_hash,
                        form_token=form_token,
                        parent_id=parent_id,
                        notify=notify,
                        honeypot=honeypot,
                        ip=ip,
                        site_url=site_url,
                        pow_missing=answered.pow_missing,
                        commenter=known,
                        trusted=bool(trusted),
                        banned_word=bool(banned_word),
                    )
                except CommentRejected as exc:
                    # Refused before the comment wrote anything: the question stays spent.
                    refusal = exc
    except captcha.CaptchaError as exc:  # already spent: nothing was written
        refusal = _captcha_rejected(exc)
    except IntegrityError:
        # The same form posted twice at once: the other request's comment stands.
        replayed = _replayed(form_token=form_token, commenter_key=commenter_key)
        if replayed is None:
            raise
        return replayed
    if refusal is not None:
        # A form sent again (a double click, a resend after a lost reply) is refused on
        # its spent question, and gets its comment back instead. Looked up only when a
        # post is refused, so an accepted comment pays no query for it.
        return _replayed_or_raise(
            form_token=form_token, article=article, key=commenter_key, refusal=refusal
        )
    assert result is not None  # stored, or refused above
    held = result.comment
    if held.reasons:
        # Said once the comment is stored, and outside the transaction: on SQLite every
        # other post waits for the write lock while it runs.
        logger.info("comment %s held as %s: %s", held.pk, held.status, ", ".join(held.reasons))
    transaction.on_commit(comment_erase_old_ips_when_due, robust=True)
    return result


def _replayed_or_raise(
    *,
    form_token: str,
    article: Article,
    key: str | None,
    refusal: CommentRejected,
) -> SubmitResult:
    """The comment already stored for this form (a replay), else raise the refusal."""
    replayed = _replayed(form_token=form_token, commenter_key=key, article=article)
    if replayed is not None:
        return replayed
    raise refusal


def _comment_store(
    *,
    article: Article,
    mode: str,
    name: str,
    email: str,
    text: str,
    text_hash: str,
    form_token: str,
    parent_id: int | None,
    notify: bool,
    honeypot: str,
    ip: str | None,
    site_url: str,
    pow_missing: bool,
    commenter: Commenter | None,
    trusted: bool,
    banned_word: bool,
) -> SubmitResult:
    """Store the comment, inside the posting transaction. Raises CommentRejected (a
    parent no longer shown, a rate limit) only before it writes anything."""
    now = timezone.now()
    parent = _parent_for_reply(article=article, parent_id=parent_id)
    duplicate = check_recent_comments(article=article, ip=ip, text_hash=text_hash, now=now)
    reasons = _hold_reasons(
        mode=mode,
        text=text,
        honeypot=honeypot,
        pow_missing=pow_missing,
        duplicate=duplicate,
        banned_word=banned_word,
        trusted=trusted,
        now=now,
    )
    if policy.Reason.HONEYPOT in reasons:
        status = Comment.Status.SPAM
    elif reasons:
        status = Comment.Status.PENDING
    else:
        status = Comment.Status.APPROVED
    commenter = commenter or Commenter.objects.create()
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        text=text,
        status=status,
        reasons=reasons,
        ip=ip,
        commenter=commenter,
        form_token=form_token,
        text_hash=text_hash,
        created_at=now,
        depth=parent.depth + 1 if parent else 0,
    )
    _place_in_thread(comment, parent)
    if notify and comment.email:
        Subscription.objects.create(comment=comment, email=comment.email)
    if status == Comment.Status.APPROVED:
        _on_public(comment, site_url=site_url)
    return SubmitResult(comment=comment, replayed=False, commenter_key=str(commenter.key))


# --- Moderation -----------------------------------------------------------------------


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


def _place_in_thread(comment: Comment, parent: Comment | None) -> None:
    """Give a just-inserted comment its thread path (ordered by id) and thread root."""
    own = str(comment.pk).zfill(PATH_WIDTH)
    comment.path = f"{parent.path}/{own}" if parent else own
    comment.root_id = parent.root_id if parent else comment.pk
    # An UPDATE of the row, not save(): the insert has sent the model's signals with
    # everything they look at, and save() would send them again (the page cache's
    # pre_save reads the row back) for two columns no receiver reads. Written out: the
    # ORM took longer to build it than the database to run it, once per comment.
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ops.quote_name(Comment._meta.db_table)}"  # noqa: S608 - model's name
            " SET path = %s, root_id = %s WHERE id = %s",
            [comment.path, comment.root_id, comment.pk],
        )


@transaction.atomic
def comment_import(
    *,
    article: Article,
    name: str,
    text: str,
    created_at: dt.datetime,
    parent: Comment | None = None,
) -> Comment:
    """Store an already-moderated comment from a trusted source (sample content, an
    import) as approved, in its thread. No captcha, no checks, no notifications: the
    caller vouches for it."""
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        name=name.strip(),
        text=text,
        status=Comment.Status.APPROVED,
        form_token=f"import-{secrets.token_hex(16)}",
        text_hash=_hash_text(text),
        created_at=created_at,
        depth=parent.depth + 1 if parent else 0,
    )
    _place_in_thread(comment, parent)
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


# --- Bans and banned words ------------------------------------------------------------


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


# --- Reply notifications --------------------------------------------------------------


def subscription_token(subscription: Subscription, *, purpose: str) -> str:
    return signing.dumps({"s": subscription.pk, "p": purpose}, salt=SUBSCRIPTION_SALT)


def _subscription_from(token: str, *, purpose: str, max_age: int | None) -> Subscription:
    try:
        data = signing.loads(token, salt=SUBSCRIPTION_SALT, max_age=max_age)
    except signing.BadSignature as exc:
        raise Subscription.DoesNotExist(str(exc)) from exc
    if data.get("p") != purpose:
        raise Subscription.DoesNotExist("wrong purpose")
    return Subscription.objects.select_related("comment__article").get(pk=data["s"])


def subscription_confirm(*, token: str) -> Subscription:
    """Confirm a subscription from its mailed link (valid 7 days).

    Raises Subscription.DoesNotExist for a bad, expired or unknown token.
    """
    sub = _subscription_from(token, purpose="confirm", max_age=CONFIRM_MAX_AGE)
    if sub.confirmed_at is None:
        sub.confirmed_at = timezone.now()
        sub.save(update_fields=["confirmed_at"])
    return sub


def subscription_unsubscribe(*, token: str) -> Subscription:
    """Stop a subscription (the one-click link never expires). Idempotent."""
    sub = _subscription_from(token, purpose="unsubscribe", max_age=None)
    if sub.unsubscribed_at is None:
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["unsubscribed_at"])
    return sub


def _absolute(site_url: str, path: str) -> str:
    return _site_url(site_url) + path


def _article_whole(comment: Comment) -> Article:
    """The comment's article with every field its mail shows, read when mail is written:
    the one a comment is posted with holds only what posting reads
    (`selectors.article_get_for_posting`)."""
    if comment.article.get_deferred_fields():
        comment.article = Article.objects.get(pk=comment.article_id)
    return comment.article


def _on_public(comment: Comment, *, site_url: str) -> None:
    """A comment became public: queue its subscription confirmation and the reply mail
    to its parent's subscribers; send after commit. A confirmation waits until the
    comment is public, so held spam can never make the site mail a stranger."""
    queued = False
    for sub in Subscription.objects.filter(
        comment=comment, confirmation_sent_at__isnull=True, confirmed_at__isnull=True
    ):
        confirm = _absolute(
            site_url,
            reverse(
                "discussion:confirm", kwargs={"token": subscription_token(sub, purpose="confirm")}
            ),
        )
        body = render_to_string(
            "discussion/mail/confirm.txt",
            {"comment": comment, "article": _article_whole(comment), "confirm_url": confirm},
        )
        queued |= _enqueue(
            key=f"confirm:{sub.pk}",
            to=sub.email,
            body=body,
            subject=_("Confirm reply notifications"),
        )
        sub.confirmation_sent_at = timezone.now()
        sub.save(update_fields=["confirmation_sent_at"])
    if comment.parent_id:
        subs = Subscription.objects.filter(
            comment_id=comment.parent_id,
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
        )
        if comment.email:  # nobody is told of their own reply
            subs = subs.exclude(email__iexact=comment.email)
        for sub in subs:
            unsubscribe = _absolute(
                site_url,
                reverse(
                    "discussion:unsubscribe",
                    kwargs={"token": subscription_token(sub, purpose="unsubscribe")},
                ),
            )
            body = render_to_string(
                "discussion/mail/reply.txt",
                {
                    "reply": comment,
                    "article": _article_whole(comment),
                    "reply_url": _absolute(site_url, comment.get_absolute_url()),
                    "unsubscribe_url": unsubscribe,
                },
            )
            queued |= _enqueue(
                key=f"reply:{sub.pk}:{comment.pk}",
                to=sub.email,
                body=body,
                subject=_("New reply to your comment on “%(headline)s”")
                % {"headline": _article_whole(comment).headline},
                headers={
                    "List-Unsubscribe": f"<{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    if queued:
        transaction.on_commit(outbox_kick)


def _enqueue(
    *, key: str, to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> bool:
    _mail, created = OutboundMail.objects.get_or_create(
        dedupe_key=key,
        defaults={"to": to, "subject": subject[:250], "body": body, "headers": headers or {}},
    )
    return created


def outbox_kick() -> None:
    """Send due mail now: in a background thread by default, so the reader's response
    never waits for the mail server; never raises."""
    if settings.DISCUSSION_MAIL_IN_THREAD:
        threading.Thread(target=_send_in_thread, name="discussion-outbox", daemon=True).start()
        return
    try:
        outbox_send_due()
    except Exception:
        logger.exception("sending the discussion outbox failed")


def _send_in_thread() -> None:
    try:
        outbox_send_due()
    except Exception:
        logger.exception("sending the discussion outbox failed")
    finally:
        connection.close()


def outbox_retry_now(*, ids: list[int]) -> int:
    """Queue unsent mail again at once (a moderator's "retry"); return how many."""
    count = (
        OutboundMail.objects.filter(pk__in=ids)
        .exclude(status=OutboundMail.Status.SENT)
        .update(status=OutboundMail.Status.PENDING, next_attempt_at=timezone.now())
    )
    if count:
        transaction.on_commit(outbox_kick)
    return count


def outbox_send_due(*, limit: int = 100) -> tuple[int, int]:
    """Send mail that is due; return (sent, failed this round).

    Each row is claimed with a conditional UPDATE so two senders never send it twice. A
    failed send is logged and retried with growing delays (2, 4, 8 … minutes) up to
    DISCUSSION_MAIL_MAX_ATTEMPTS, then left as failed for a moderator to see.
    """
    now = timezone.now()
    # A sender that died mid-send leaves "sending" rows; give them back after 10 minutes.
    OutboundMail.objects.filter(
        status=OutboundMail.Status.SENDING, next_attempt_at__lt=now - dt.timedelta(minutes=10)
    ).update(status=OutboundMail.Status.PENDING)
    due = list(
        OutboundMail.objects.filter(
            status=OutboundMail.Status.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at")[:limit]
    )
    sent = failed = 0
    if not due:
        return sent, failed
    mail_connection = get_connection()
    for mail in due:
        claimed = OutboundMail.objects.filter(
            pk=mail.pk, status=OutboundMail.Status.PENDING
        ).update(status=OutboundMail.Status.SENDING, next_attempt_at=timezone.now())
        if not claimed:
            continue
        try:
            EmailMessage(
                subject=mail.subject,
                body=mail.body,
                to=[mail.to],
                headers=mail.headers,
                connection=mail_connection,
            ).send()
        except Exception as exc:
            failed += 1
            attempts = mail.attempts + 1
            final = attempts >= settings.DISCUSSION_MAIL_MAX_ATTEMPTS
            logger.warning(
                "mail %s to %s failed (attempt %d%s): %s",
                mail.pk,
                mail.to,
                attempts,
                ", giving up" if final else "",
                exc,
            )
            OutboundMail.objects.filter(pk=mail.pk).update(
                status=OutboundMail.Status.FAILED if final else OutboundMail.Status.PENDING,
                attempts=attempts,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=timezone.now() + dt.timedelta(minutes=2**attempts),
            )
        else:
            sent += 1
            OutboundMail.objects.filter(pk=mail.pk).update(
                status=OutboundMail.Status.SENT,
                attempts=mail.attempts + 1,
                sent_at=timezone.now(),
                last_error="",
            )
    return sent, failed


# --- Privacy --------------------------------------------------------------------------


ERASE_EVERY_SECONDS = 3600.0
_last_erase = {"at": -ERASE_EVERY_SECONDS}


def comment_erase_old_ips_when_due() -> int:
    """Erase expired IPs at most once an hour per process; called after each new comment.

    Erasure thus needs no scheduler: any site that receives comments keeps its promise.
    `broadsheet erase_comment_ips` does the same on demand.
    """
    now = time.monotonic()
    if now - _last_erase["at"] < ERASE_EVERY_SECONDS:
        return 0
    _last_erase["at"] = now
    return comment_erase_old_ips(older_than_days=settings.DISCUSSION_IP_RETENTION_DAYS)


def comment_erase_old_ips(*, older_than_days: int, dry_run: bool = False) -> int:
    """Erase the IP address of comments older than `older_than_days`; return how many.

    Safe to repeat: comments already erased are not counted again.
    """
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    old = Comment.objects.filter(created_at__lt=cutoff, ip__isnull=False)
    if dry_run:
        return old.count()
    return old.update(ip=None)
