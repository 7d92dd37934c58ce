"""Reader-facing discussion views: each parses the request, calls one service or
selector, and answers with HTML (no JavaScript) or JSON (the in-place form)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from broadsheet.discussion import selectors, services
from broadsheet.discussion.captcha import (
    IssuedCaptcha,
    captcha_issue,
    captcha_question_pool_current,
)
from broadsheet.discussion.forms import CommentForm, MyDataForm, ReportForm
from broadsheet.discussion.front import BUDGET_KEY, flood_refusal
from broadsheet.discussion.models import Comment, Subscription
from broadsheet.discussion.selectors import ThreadComment
from broadsheet.discussion.templatetags.discussion import comment_item_html
from broadsheet.news.models import Article
from broadsheet.pagecache.pages import POSTED_COOKIE, POSTED_COOKIE_SECONDS

COMMENTER_COOKIE = "bs_commenter"
COMMENTER_SALT = "broadsheet.discussion.commenter"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.META.get("HTTP_ACCEPT", "")


def _client_ip(request: HttpRequest) -> str | None:
    # The server (or the proxy in front of it, through its own middleware) sets
    # REMOTE_ADDR; a client-supplied X-Forwarded-For is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


def _commenter_key(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COMMENTER_COOKIE, default=None, salt=COMMENTER_SALT)
    return str(value) if value else None


def _fresh(captcha: IssuedCaptcha) -> dict[str, Any]:
    return {
        "form_token": captcha.form_token,
        "captcha": captcha.token,
        "question": captcha.question,
        "pow": captcha.pow_challenge,
    }


def _captcha_issue_current(form_token: str | None = None) -> IssuedCaptcha:
    """A fresh question in the page's language from the editors' pool as last read (read
    again only after it changed): no query where every reply to a post needs one."""
    language = get_language() or "en"
    return captcha_issue(
        form_token=form_token,
        language=language,
        questions=captcha_question_pool_current(language),
    )


def _article_or_404(article_id: int) -> Article:
    try:
        return selectors.article_get_for_discussion(pk=article_id)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc


def _rejected(
    request: HttpRequest, *, article: Article, form: CommentForm, refusal: services.CommentRejected
) -> HttpResponse:
    """The form back with its messages and the reader's text, and a new question: 400,
    or 429 with `Retry-After` for a rate limit (every such answer of a post is made here;
    a flood far over the budget gets the front's bare `flood_refusal`)."""
    if refusal.message:
        form.add_error(refusal.field, refusal.message)
    retry_after = refusal.retry_after
    status = 429 if retry_after else 400
    token = str(form.data.get("form_token", ""))
    captcha = _captcha_issue_current(form_token=token if 20 <= len(token) <= 64 else None)
    form.use_captcha(captcha)
    response: HttpResponse
    if _wants_json(request):
        errors = {
            field or "__all__": [str(m) for m in messages]
            for field, messages in form.errors.items()
        }
        response = JsonResponse(
            {"ok": False, "errors": errors, "fresh": _fresh(captcha)}, status=status
        )
    else:
        # The page shows the article: read it whole if the post read only what it needs.
        if article.get_deferred_fields():
            article = _article_or_404(article.pk)
        response = render(
            request, "discussion/form_page.html", {"article": article, "form": form}, status=status
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_GET
def comment_form_values(request: HttpRequest) -> HttpResponse:
    """This reader's values for a comment form read from the page cache (see
    `CommentForm.shared`): a CSRF token (its cookie set when missing), a question in
    the page's language, tokens and a proof-of-work challenge. Cryptography only: no
    query, nothing written, never stored by a cache."""
    language = get_language() or "en"
    captcha = captcha_issue(language=language, questions=captcha_question_pool_current(language))
    response = JsonResponse({"csrf": get_token(request), **_fresh(captcha)})
    response["Cache-Control"] = "no-store"
    return response


_KEPT_FIELDS = ("name", "email", "text", "parent")


@csrf_exempt
@require_POST
def comment_start(request: HttpRequest, article_id: int) -> HttpResponse:
    """The first step for a reader without JavaScript on a page read from the page
    cache: the form back with everything they typed, a question to answer and this
    reader's tokens. It writes nothing and decides nothing, so it needs no CSRF token;
    the post that follows goes through `comment_post` and every check. It counts
    against the same per-IP budget as a post: a flood of first steps is refused as
    cheaply as a flood of posts."""
    budget = _attempt_budget(request)
    if budget.far_over:
        return _flood_refused(budget.retry_after)
    article = _article_or_404(article_id)
    initial: dict[str, Any] = {name: request.POST.get(name, "") for name in _KEPT_FIELDS}
    initial["notify"] = bool(request.POST.get("notify"))
    form = CommentForm(initial=initial, captcha=captcha_issue(language=get_language() or "en"))
    notice = _("Answer the question to post your comment.")
    if budget.over:
        notice = services.retry_message(budget.retry_after)
    response = render(
        request,
        "discussion/form_page.html",
        {"article": article, "form": form, "notice": notice},
        status=429 if budget.over else 200,
    )
    if budget.over:
        response["Retry-After"] = str(budget.retry_after)
    return response


def _attempt_budget(request: HttpRequest) -> services.AttemptBudget:
    """This post's count against its address's budget: made by the posts' front
    (`discussion/front.py`) before Django, or here when the request came another way."""
    counted = request.META.get(BUDGET_KEY)
    if isinstance(counted, services.AttemptBudget):
        return counted
    return services.check_attempt_budget(ip=_client_ip(request))


def _flood_refused(retry_after: int) -> HttpResponse:
    """The cheapest answer there is, before the database is touched (the posts' front
    gives the same, without Django)."""
    _status, headers, body = flood_refusal(retry_after)
    refused = HttpResponse(body, status=429)
    for name, value in headers:
        refused[name] = value
    return refused


@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    budget = _attempt_budget(request)
    if budget.far_over:
        return _flood_refused(budget.retry_after)
    article = _article_for_posting_or_404(article_id)
    form = CommentForm(request.POST)
    try:
        result = _submit(request, article=article, form=form, budget=budget)
    except services.CommentRejected as refusal:
        return _rejected(request, article=article, form=form, refusal=refusal)
    response = _accepted_json(result) if _wants_json(request) else _accepted_page(result)
    return _poster_cookies(request, response, result)


def _article_for_posting_or_404(article_id: int) -> Article:
    try:
        # Only what posting reads of the article, with its thread's override: one query.
        return selectors.article_get_for_posting(pk=article_id)
    except Article.DoesNotExist as exc:
        raise Http404("No such article") from exc


def _submit(
    request: HttpRequest, *, article: Article, form: CommentForm, budget: services.AttemptBudget
) -> services.SubmitResult:
    """The posted form through every check (`comment_submit`). Raises CommentRejected:
    the form then holds the reader's words and what to change."""
    valid = form.is_valid()
    if budget.over:
        # Just over: a person, perhaps; the form comes back with every word they typed.
        retry = budget.retry_after
        raise services.CommentRejected(
            services.retry_message(retry), code="rate_limited", retry_after=retry
        )
    if not valid:
        raise services.CommentRejected("", code="invalid")
    return services.comment_submit_form(
        article=article,
        form=form,
        ip=_client_ip(request),
        commenter_key=_commenter_key(request),
        site_url=request.build_absolute_uri("/"),
    )


def _accepted_json(result: services.SubmitResult) -> HttpResponse:
    """The script's answer: the comment's markup when it is shown, and the new count. No
    question for a next comment: most readers post once, and the page fetches one
    (`comment_form_values`) if the reader turns to the form."""
    comment = result.comment
    visible = comment.status == Comment.Status.APPROVED
    row = ThreadComment.of(comment)
    return JsonResponse(
        {
            "ok": True,
            "id": comment.pk,
            "status": comment.status,
            "message": _("Your comment is published.")
            if visible
            else _("Thank you. Your comment will appear once a moderator has approved it."),
            "html": comment_item_html(row, is_open=True, featured_copy=False) if visible else "",
            "parent": comment.parent_id,
            "count": selectors.comment_count_visible(article_id=comment.article_id),
        },
        status=200 if result.replayed else 201,
    )


def _accepted_page(result: services.SubmitResult) -> HttpResponse:
    """Without a script: to the comment in its thread, or to the page saying it is held."""
    comment = result.comment
    if comment.status == Comment.Status.APPROVED:
        return HttpResponseRedirect(comment.get_absolute_url(), status=303)
    return HttpResponseRedirect(reverse("discussion:held", kwargs={"pk": comment.pk}), status=303)


def _poster_cookies(
    request: HttpRequest, response: HttpResponse, result: services.SubmitResult
) -> HttpResponse:
    """The poster skips the page cache for a while (they see their comment at once), and
    keeps their commenter identity."""
    response.set_cookie(
        POSTED_COOKIE,
        "1",
        max_age=POSTED_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    if result.commenter_key:
        response.set_signed_cookie(
            COMMENTER_COOKIE,
            result.commenter_key,
            salt=COMMENTER_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@require_GET
def comment_page(request: HttpRequest, article_id: int) -> HttpResponse:
    """A further page of a thread for "Load more": the list items and the next page."""
    article = _article_or_404(article_id)
    page = selectors.comment_page(article_id=article.pk, page=request.GET.get("page"))
    html = render_to_string(
        "discussion/_comment_items.html", {"comments": page.object_list, "open": True}, request
    )
    return JsonResponse(
        {"html": html, "next": page.next_page_number() if page.has_next() else None}
    )


@require_GET
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        comment, page = selectors.comment_locate(pk=pk)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment") from exc
    query = f"?{selectors.PAGE_PARAM}={page}" if page > 1 else ""
    return HttpResponseRedirect(f"{comment.article.get_absolute_url()}{query}#comment-{pk}")


@require_GET
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The form for a reply, on a page of its own (the no-JavaScript path)."""
    try:
        parent = selectors.comment_get_visible(pk=pk)
        article = selectors.article_get_for_discussion(pk=parent.article_id)
    except (Comment.DoesNotExist, Article.DoesNotExist) as exc:
        raise Http404("No such comment") from exc
    form = CommentForm(
        initial={"parent": parent.pk}, captcha=captcha_issue(language=get_language() or "en")
    )
    return render(
        request, "discussion/form_page.html", {"article": article, "form": form, "parent": parent}
    )


@require_GET
def held(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.comment_get_held(pk=pk)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment") from exc
    return render(
        request,
        "discussion/notice.html",
        {
            "article": comment.article,
            "heading": _("Thank you"),
            "message": _("Your comment will appear once a moderator has approved it."),
        },
    )


def _reporter_key(request: HttpRequest) -> str:
    key = _commenter_key(request)
    if key:
        return key
    return salted_hmac("broadsheet.discussion.reporter", _client_ip(request) or "").hexdigest()


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.comment_get_visible(pk=pk)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment") from exc
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(
                comment=comment,
                reporter_key=_reporter_key(request),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            message = _("Thank you. A moderator will look at this comment.")
        except services.CommentRejected as exc:
            message = exc.message
        return render(
            request,
            "discussion/notice.html",
            {"article": comment.article, "heading": _("Report a comment"), "message": message},
        )
    return render(request, "discussion/report.html", {"comment": comment, "form": form})


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = services.subscription_confirm(token=token)
    except Subscription.DoesNotExist as exc:
        raise Http404("Unknown or expired link") from exc
    return render(
        request,
        "discussion/notice.html",
        {
            "article": sub.comment.article,
            "heading": _("Reply notifications"),
            "message": _("Thank you. We will e-mail you when someone replies to your comment."),
        },
    )


@csrf_exempt  # the signed token is the authority; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = services.subscription_unsubscribe(token=token)
    except Subscription.DoesNotExist as exc:
        raise Http404("Unknown link") from exc
    return render(
        request,
        "discussion/notice.html",
        {
            "article": sub.comment.article,
            "heading": _("Reply notifications"),
            "message": _("You will receive no more e-mail about replies to this comment."),
        },
    )


@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """Ask by e-mail for one's own comments. The answer is the same whether or not the
    address posted anything; asking counts against the address's attempt budget."""
    budget = _attempt_budget(request) if request.method == "POST" else None
    if budget is not None and budget.far_over:
        return _flood_refused(budget.retry_after)
    form = MyDataForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    if sent:
        services.commenter_data_request(
            email=form.cleaned_data["email"], site_url=request.build_absolute_uri("/")
        )
    return render(request, "discussion/my_data.html", {"form": form, "sent": sent})


@require_http_methods(["GET", "POST"])
def my_data_open(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: a GET only shows the comments (mail scanners open links); the
    download and the erasure are buttons that POST."""
    try:
        address = services.commenter_email_from(token=token)
    except signing.BadSignature as exc:
        raise Http404("Unknown or expired link") from exc
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "download":
        return _my_data_download(services.commenter_data(email=address))
    erased = services.commenter_data_erase(email=address) if action == "erase" else None
    context = {"comments": services.commenter_data(email=address), "erased": erased}
    return render(request, "discussion/my_data_open.html", context)


def _my_data_download(comments: list[dict[str, Any]]) -> HttpResponse:
    response = JsonResponse({"comments": comments}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    response["Cache-Control"] = "no-store"
    return response
