"""Reads for the discussion. Each selector loads what its template shows, so templates
never query and a thread of any length renders in a fixed number of queries."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from broadsheet.core.statements import (
    STAND_IN_ID,
    STAND_IN_TIME,
    KeptQuery,
    id_values,
    stand_in_ids,
)
from broadsheet.discussion import policy
from broadsheet.discussion.captcha import captcha_issue
from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.models import Comment, Mode
from broadsheet.news.models import Article
from broadsheet.news.selectors import article_map_ranked

PAGE_PARAM = "cpage"
FEATURED_SHOWN = 5
# Shown in a thread: no e-mail, no IP, nothing a reader must not see.
PUBLIC_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "root_id",
    "path",
    "depth",
    "name",
    "text",
    "featured",
    "created_at",
    "edited_at",
    "status",
    "parent__name",
)


# What a thread shows of a comment, in `ThreadComment`'s order.
THREAD_COLUMNS = (
    "id",
    "parent_id",
    "depth",
    "name",
    "text",
    "featured",
    "created_at",
    "edited_at",
    "parent__name",
)


@dataclass(frozen=True, slots=True)
class ThreadComment:
    """A visible comment as a thread shows it: a row, not a model instance (building
    thirty `Comment`s cost more than the query that read them)."""

    pk: int
    parent_id: int | None
    depth: int
    name: str
    text: str
    featured: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None
    parent_name: str | None

    @property
    def indent(self) -> int:
        """Replies indent up to three levels; deeper ones stay at the third."""
        return min(self.depth, 3)

    @classmethod
    def of(cls, comment: Comment) -> ThreadComment:
        """The row of a comment in hand (the one just posted)."""
        parent = comment.parent
        return cls(
            comment.pk,
            comment.parent_id,
            comment.depth,
            comment.name,
            comment.text,
            comment.featured,
            comment.created_at,
            comment.edited_at,
            parent.name if parent is not None else None,
        )


@dataclass
class Discussion:
    article: Article
    mode: str
    is_open: bool
    count: int
    page: Page[ThreadComment]
    featured: list[ThreadComment]
    form: CommentForm | None
    page_param: str = PAGE_PARAM

    @property
    def order(self) -> str:
        return "newest" if settings.DISCUSSION_ORDER == "newest" else "oldest"

    @property
    def is_premoderated(self) -> bool:
        return self.mode == Mode.PREMODERATED


def _order() -> tuple[str, ...]:
    return ("-root_id", "path") if settings.DISCUSSION_ORDER == "newest" else ("path",)


def comment_list_visible(*, article_id: int) -> QuerySet[Comment]:
    """What readers may see of a thread, in thread order (DISCUSSION_ORDER)."""
    return (
        Comment.objects.filter(article_id=article_id, status=Comment.Status.APPROVED)
        .select_related("parent")
        .only(*PUBLIC_FIELDS)
        .order_by(*_order())
    )


def _thread_rows(queryset: QuerySet[Comment]) -> list[ThreadComment]:
    return [ThreadComment(*row) for row in queryset.values_list(*THREAD_COLUMNS)]


@lru_cache(maxsize=16)
def _first_page_statement(order: tuple[str, ...], size: int) -> KeptQuery[Comment]:
    """A thread's first page and one comment more (`comment_list_visible`), as rows."""

    def build(article_id: int) -> QuerySet[Comment, Any]:
        visible = comment_list_visible(article_id=article_id).order_by(*order)
        return visible[: size + 1].values_list(*THREAD_COLUMNS)

    return KeptQuery(build, article_id=STAND_IN_ID)


def comment_page(*, article_id: int, page: str | int | None) -> Page[ThreadComment]:
    """One page of a thread (DISCUSSION_PAGE_SIZE comments) as `ThreadComment` rows: one
    query when the whole thread fits on the first page, else two."""
    visible = comment_list_visible(article_id=article_id)
    size = settings.DISCUSSION_PAGE_SIZE
    # Its pages hold rows made from the queryset's slices, not the queryset's models.
    paginator: Paginator[Any] = Paginator(visible, size)
    if str(page or 1) == "1":
        statement = _first_page_statement(_order(), size)
        rows = [ThreadComment(*row) for row in statement.rows(article_id=article_id)]
        if len(rows) <= size:
            # The thread's length is known without counting it.
            paginator.__dict__["count"] = len(rows)
        first = paginator.page(1)
        first.object_list = rows[:size]
        return first
    result = paginator.get_page(page)
    result.object_list = _thread_rows(result.object_list)  # type: ignore[arg-type] # a slice
    return result


def discussion_for_article(
    *, article: Article, page: str | int | None = None, form: CommentForm | None = None
) -> Discussion:
    """Everything the discussion under an article shows: the page of comments, the
    featured ones (first page only), the count and a fresh form when the thread is open.
    Runs at most four queries, whatever the length of the thread; two when it fits on
    one page."""
    override = policy.override_of(article)
    mode = policy.thread_mode(article=article, override=override)
    comments = comment_page(article_id=article.pk, page=page)
    featured: list[ThreadComment] = []
    if comments.number == 1 and not comments.has_next():
        # The whole thread is loaded: its featured comments are among these.
        chosen = [c for c in comments.object_list if c.featured]
        featured = sorted(chosen, key=lambda c: (c.created_at, c.pk))[:FEATURED_SHOWN]
    elif comments.number == 1:
        featured = _thread_rows(
            comment_list_visible(article_id=article.pk)
            .filter(featured=True)
            .order_by("created_at", "pk")[:FEATURED_SHOWN]
        )
    is_open = mode != Mode.CLOSED
    if is_open and form is None:
        form = CommentForm(captcha=captcha_issue(language=get_language() or "en"))
    return Discussion(
        article=article,
        mode=mode,
        is_open=is_open,
        count=comments.paginator.count,
        page=comments,
        featured=featured,
        form=form if is_open else None,
    )


def discussion_with_reader_form(discussion: Discussion) -> Discussion:
    """The same discussion with a form of this reader's own (a signed question, a form
    token, a proof-of-work challenge), for a page no other reader is shown."""
    if not discussion.is_open:
        return discussion
    form = CommentForm(captcha=captcha_issue(language=get_language() or "en"))
    return replace(discussion, form=form)


def article_get_for_discussion(*, pk: int) -> Article:
    """A live article by id; raises Article.DoesNotExist otherwise."""
    return Article.objects.live().get(pk=pk)


def comment_locate(*, pk: int) -> tuple[Comment, int]:
    """A visible comment and the number of the thread page it is on.

    Raises Comment.DoesNotExist when there is none or readers may not see it.
    """
    comment = Comment.objects.select_related("article").get(pk=pk, status=Comment.Status.APPROVED)
    before = Comment.objects.filter(article_id=comment.article_id, status=Comment.Status.APPROVED)
    if settings.DISCUSSION_ORDER == "newest":
        before = before.filter(
            Q(root_id__gt=comment.root_id) | Q(root_id=comment.root_id, path__lt=comment.path)
        )
    else:
        before = before.filter(path__lt=comment.path)
    return comment, before.count() // settings.DISCUSSION_PAGE_SIZE + 1


def comment_get_held(*, pk: int) -> Comment:
    return Comment.objects.select_related("article").get(pk=pk)


def comment_get_visible(*, pk: int) -> Comment:
    """A comment readers can see (the only kind they can reply to or report)."""
    return Comment.objects.select_related("article").get(pk=pk, status=Comment.Status.APPROVED)


@lru_cache(maxsize=64)
def _count_statement(count: int) -> KeptQuery[Comment]:
    """Visible comments of `count` articles, counted by article."""

    def build(**ids: int) -> QuerySet[Comment, Any]:
        return (
            Comment.objects.filter(article_id__in=ids.values(), status=Comment.Status.APPROVED)
            .values_list("article_id")
            .annotate(n=Count("id"))
        )

    return KeptQuery(build, **stand_in_ids(count))


def comment_count_map(*, article_ids: list[int]) -> dict[int, int]:
    """Visible comment counts for many articles in one query (for article lists)."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = _count_statement(len(ids)).rows(**id_values(ids))
    return dict(rows)


def comment_counts_attach(*, articles: Iterable[Article | None]) -> None:
    """Set `comment_count` (visible comments only) on each article, in one query."""
    items = [a for a in articles if a is not None]
    counts = comment_count_map(article_ids=[a.pk for a in items])
    for article in items:
        article.comment_count = counts.get(article.pk, 0)  # type: ignore[attr-defined]


def comment_ranking(*, days: int = 7, limit: int = 5) -> list[tuple[int, int, dt.datetime]]:
    """(article id, visible comments, the oldest of them) for the articles with the most
    visible comments posted in the last `days` days, most first, `limit * 3` of them
    (some may not be live: `article_list_most_commented` keeps the live ones)."""
    since = timezone.now() - dt.timedelta(days=days)
    return cast(list[tuple[int, int, dt.datetime]], _ranking_statement(limit).rows(since=since))


@lru_cache(maxsize=8)
def _ranking_statement(limit: int) -> KeptQuery[Comment]:
    def build(since: dt.datetime) -> QuerySet[Comment, Any]:
        return (
            Comment.objects.filter(status=Comment.Status.APPROVED, created_at__gte=since)
            .values_list("article_id")
            # COUNT(*), not of the id: PostgreSQL's index holds no id, and can then count
            # from the index alone as SQLite does.
            .annotate(n=Count("*"), first=Min("created_at"))
            .order_by("-n", "-article_id")[: limit * 3]
        )

    return KeptQuery(build, since=STAND_IN_TIME)


def most_commented_from(
    ranking: list[tuple[int, int, dt.datetime]], live: dict[int, Article], *, limit: int = 5
) -> list[Article]:
    """The first `limit` live articles of `ranking`, each a copy carrying its
    `comment_count` and `first_counted_at` (its oldest comment counted: the list changes
    by itself when that one leaves the window); `live` is left as it was."""
    result = []
    for pk, n, first in ranking:
        if pk in live:
            item = copy.copy(live[pk])
            item.comment_count = n  # type: ignore[attr-defined]
            item.first_counted_at = first  # type: ignore[attr-defined]
            result.append(item)
    return result[:limit]


def article_list_most_commented(*, days: int = 7, limit: int = 5) -> list[Article]:
    """Live articles with the most visible comments posted in the last `days` days, each
    with `comment_count` and `first_counted_at` (see `most_commented_from`)."""
    ranking = comment_ranking(days=days, limit=limit)
    live = article_map_ranked(pks=[pk for pk, _, _ in ranking])
    return most_commented_from(ranking, live, limit=limit)


def article_get_for_posting(*, pk: int) -> Article:
    """A live article by id with what posting reads of it (not its body) and its thread's
    override, in one query; raises Article.DoesNotExist. A page showing the article
    reads it whole."""
    return (
        Article.objects.live()
        .select_related("discussion_settings")
        .only(
            "id",
            "status",
            "published_at",
            "discussion_settings__id",
            "discussion_settings__mode",
            "discussion_settings__keep_open",
        )
        .get(pk=pk)
    )


def comment_count_visible(*, article_id: int) -> int:
    """How many comments of the article readers see."""
    return comment_list_visible(article_id=article_id).count()
