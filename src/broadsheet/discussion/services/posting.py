"""Posting a comment: every check a reader's comment meets, then its place in the thread.

`check_*` functions validate and raise `CommentRejected`; `comment_submit` writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from broadsheet.discussion import captcha, policy
from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.models import (
    Comment,
    Commenter,
    Mode,
    Subscription,
)
from broadsheet.discussion.rendering import count_links
from broadsheet.discussion.services.antiflood import check_recent_comments
from broadsheet.discussion.services.notifications import _on_public
from broadsheet.discussion.services.privacy import comment_erase_old_ips_when_due
from broadsheet.discussion.services.refusals import CommentRejected
from broadsheet.news.models import Article

logger = logging.getLogger(__name__)


PATH_WIDTH = 10


MAX_DEPTH = 50


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
    *, form_token: str, text: str, commenter_key: str | None, article: Article | None = None
) -> SubmitResult | None:
    """The comment already stored for this form (of `article`, when given), as a replay.

    Raises CommentRejected when the form comes back with another text: that text was not
    posted, and the reader is told so with it in the form (a form posts one comment)."""
    existing = Comment.objects.filter(form_token=form_token).first()
    if existing is None or (article is not None and existing.article_id != article.pk):
        return None
    if existing.text != text:
        raise CommentRejected(
            _(
                "This form has already posted a comment, so this text was not posted. "
                "Post it again with the new question below."
            ),
            code="form_used",
            field="text",
        )
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
            form_token=form_token, text=text, article=article, key=commenter_key, refusal=exc
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
        replayed = _replayed(form_token=form_token, text=text, commenter_key=commenter_key)
        if replayed is None:
            raise
        return replayed
    if refusal is not None:
        # A form sent again (a double click, a resend after a lost reply) is refused on
        # its spent question, and gets its comment back instead. Looked up only when a
        # post is refused, so an accepted comment pays no query for it.
        return _replayed_or_raise(
            form_token=form_token, text=text, article=article, key=commenter_key, refusal=refusal
        )
    assert result is not None  # stored, or refused above
    held = result.comment
    if held.reasons:
        # Said once the comment is stored, and outside the transaction: on SQLite every
        # other post waits for the write lock while it runs.
        logger.info("comment %s held as %s: %s", held.pk, held.status, ", ".join(held.reasons))
    transaction.on_commit(comment_erase_old_ips_when_due, robust=True)
    return result


def comment_submit_form(
    *,
    article: Article,
    form: CommentForm,
    ip: str | None,
    commenter_key: str | None = None,
    site_url: str = "",
) -> SubmitResult:
    """`comment_submit` of a valid `CommentForm`, whichever door it came through (the
    page's form, the API). Raises CommentRejected as `comment_submit` does."""
    data = form.cleaned_data
    return comment_submit(
        article=article,
        name=data["name"],
        email=data["email"],
        text=data["text"],
        parent_id=data["parent"],
        notify=data["notify"],
        form_token=data["form_token"],
        captcha_token=data["captcha"],
        captcha_answer=data["answer"],
        pow_payload=data["altcha"],
        honeypot=data["website"],
        ip=ip,
        commenter_key=commenter_key,
        site_url=site_url,
    )


def _replayed_or_raise(
    *,
    form_token: str,
    text: str,
    article: Article,
    key: str | None,
    refusal: CommentRejected,
) -> SubmitResult:
    """The comment already stored for this form (a replay), else raise the refusal."""
    replayed = _replayed(form_token=form_token, text=text, commenter_key=key, article=article)
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
