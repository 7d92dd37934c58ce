"""The API's endpoints that need the discussion: composed here, on the composition
layer, because the `api` app may not import its sibling `discussion` (the layers,
ARCHITECTURE.md). The content reads stay in `broadsheet.api`; this module adds the
comments router to the same v1 object and tells the article endpoint how to read a
thread's count and state. `broadsheet.public.api` puts the v1 API together and
`broadsheet.urls` mounts it from there.

A comment posted here meets the very checks of the page's form: the same `CommentForm`
validates it, the same attempt budget counts it, and `discussion.services.comment_submit`
decides (captcha, proof of work, bans, rates, moderation).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from broadsheet.api import schemas
from broadsheet.api.problems import ProblemError
from broadsheet.api.site import Path, Query, Router, Status, api_v1
from broadsheet.api.views import DiscussionFacts, article_discussion_register
from broadsheet.discussion import policy, selectors, services
from broadsheet.discussion.captcha import captcha_issue, captcha_question_pool_current
from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.models import Comment, Mode
from broadsheet.discussion.rendering import render_comment_text
from broadsheet.news.cachetags import article_tag
from broadsheet.news.models import Article
from broadsheet.pagecache.pages import page_cache_mark

router = Router(tags=["discussion"])

ArticleId = Annotated[int, Path(ge=1, le=2**62)]
PROBLEMS: dict[int, type[schemas.Problem]] = {
    400: schemas.Problem,
    404: schemas.Problem,
    409: schemas.Problem,
    429: schemas.Problem,
}


def discussion_facts(article: Article) -> DiscussionFacts:
    """An article's visible comment count, whether its thread takes comments, and when
    it closes by itself (DISCUSSION_CLOSE_AFTER_DAYS)."""
    override = policy.override_of(article)
    mode = policy.thread_mode(article=article, override=override)
    is_open = mode != Mode.CLOSED
    closes_at = None
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    if is_open and days > 0 and article.published_at and not (override and override.keep_open):
        closes_at = (article.published_at + dt.timedelta(days=days)).timestamp()
    return DiscussionFacts(
        comment_count=selectors.comment_count_visible(article_id=article.pk),
        comments_open=is_open,
        closes_at=closes_at,
    )


def _live_article(article_id: int) -> Article:
    try:
        return selectors.article_get_for_discussion(pk=article_id)
    except Article.DoesNotExist as exc:
        raise ProblemError("not_found") from exc


@router.get(
    "/articles/{article_id}/comments/",
    response={200: schemas.CommentPage, 400: schemas.Problem, 404: schemas.Problem},
    summary="An article's approved comments, flat in thread order",
)
def comment_list(
    request: HttpRequest,
    article_id: ArticleId,
    page: Annotated[int, Query(ge=1, le=1_000_000, description="A page of the thread.")] = 1,
) -> Any:
    article = _live_article(article_id)
    found = selectors.comment_page(article_id=article.pk, page=page)
    if found.number != page:
        raise ProblemError("not_found", _("No such page of the thread."))
    facts = discussion_facts(article)
    page_cache_mark(
        request,
        tags={article_tag(article.pk)},
        expires_at=facts.closes_at,
    )
    return {
        "items": [
            {
                "id": c.pk,
                "parent_id": c.parent_id,
                "depth": c.depth,
                "name": c.name,
                "text": c.text,
                "html": str(render_comment_text(c.text)),
                "featured": c.featured,
                "created_at": c.created_at,
                "edited_at": c.edited_at,
            }
            for c in found.object_list
        ],
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "comments_open": facts.comments_open,
    }


@router.get(
    "/articles/{article_id}/comments/challenge/",
    response={200: schemas.Challenge, 404: schemas.Problem},
    summary="A question and proof-of-work challenge for one comment",
)
def comment_challenge(request: HttpRequest, article_id: ArticleId, response: HttpResponse) -> Any:
    """Signed, single use and expiring (DISCUSSION_CAPTCHA_TTL): each post needs its own.
    The question is in the request's language (Accept-Language)."""
    _live_article(article_id)
    language = get_language() or settings.LANGUAGE_CODE
    issued = captcha_issue(language=language, questions=captcha_question_pool_current(language))
    response["Cache-Control"] = "no-store"
    return {
        "question": issued.question,
        "captcha": issued.token,
        "form_token": issued.form_token,
        "pow": issued.pow_challenge,
    }


def _client_ip(request: HttpRequest) -> str | None:
    # As the form's view: REMOTE_ADDR, set by the server or the trusted-proxy middleware.
    return request.META.get("REMOTE_ADDR") or None


def _refused(refusal: services.CommentRejected) -> ProblemError:
    errors = [{"field": refusal.field or "", "message": str(refusal.message)}]
    if refusal.retry_after:
        return ProblemError(
            "rate_limited", str(refusal.message), errors=errors, retry_after=refusal.retry_after
        )
    if refusal.code == "closed":
        return ProblemError("discussion_closed", str(refusal.message))
    return ProblemError("comment_rejected", str(refusal.message), errors=errors)


@router.post(
    "/articles/{article_id}/comments/",
    response={200: schemas.CommentCreated, 201: schemas.CommentCreated, **PROBLEMS},
    summary="Post a comment (answer a challenge first)",
)
def comment_create(request: HttpRequest, article_id: ArticleId, payload: schemas.CommentIn) -> Any:
    """The same checks and moderation as the page's form. 201 with the comment's state;
    200 when the same challenge's form token was already used for this text (a resend
    gives the first comment back, never a second one)."""
    budget = services.check_attempt_budget(ip=_client_ip(request))
    if budget.far_over or budget.over:
        raise ProblemError(
            "rate_limited",
            services.retry_message(budget.retry_after),
            retry_after=budget.retry_after,
        )
    try:
        article = selectors.article_get_for_posting(pk=article_id)
    except Article.DoesNotExist as exc:
        raise ProblemError("not_found") from exc
    form = CommentForm(
        {
            "name": payload.name,
            "email": payload.email,
            "text": payload.text,
            "parent": payload.parent_id or "",
            "notify": "on" if payload.notify else "",
            "form_token": payload.form_token,
            "captcha": payload.captcha,
            "answer": payload.answer,
            "altcha": payload.altcha,
        }
    )
    if not form.is_valid():
        errors = [
            {"field": field if field != "__all__" else "", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise ProblemError("comment_rejected", errors=errors)
    try:
        result = services.comment_submit_form(
            article=article,
            form=form,
            ip=_client_ip(request),
            site_url=request.build_absolute_uri("/"),
        )
    except services.CommentRejected as refusal:
        raise _refused(refusal) from refusal
    comment = result.comment
    state = "published" if comment.status == Comment.Status.APPROVED else "held"
    body = {"id": comment.pk, "state": state, "parent_id": comment.parent_id}
    return Status(200 if result.replayed else 201, body)


def api_discussion_register() -> None:
    """Add the comments router to v1 and say how an article's thread is read (once:
    `broadsheet.public.api`)."""
    article_discussion_register(discussion_facts)
    api_v1.add_router("", router)
