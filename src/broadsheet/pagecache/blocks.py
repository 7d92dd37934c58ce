"""What many pages show, memoised for page-cache renders (`memo.memoised`).

Each function here returns what its selector returns, with the tags it depends on
(`tags.py`): the navigation, the most-read and most-commented rankings, an article's
related articles, the next scheduled publication time. Outside a page-cache render
they are the plain selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from broadsheet.discussion.selectors import article_list_most_commented, comment_counts_attach
from broadsheet.news.models import Article, Section
from broadsheet.news.selectors import article_get_for_reader, article_list_related, section_list
from broadsheet.pagecache.memo import memoised
from broadsheet.pagecache.tags import (
    article_content_tag,
    next_publication_time,
    tags_for_items,
)
from broadsheet.readership.selectors import article_list_most_read

T = TypeVar("T")


def publication_time_next() -> float:
    """`tags.next_publication_time`, asked of the database once per scheduling change."""
    return memoised(
        ("next-publication",),
        lambda: (next_publication_time(), ("schedule",)),
        expires_at=lambda at: at,
    )


def _live_until(_: object) -> float:
    # Lists of live articles change by themselves when a scheduled one goes live.
    return publication_time_next()


def sections_for_nav() -> list[Section]:
    return memoised(("nav",), lambda: (section_list(), ("nav",)))


def _most_read() -> tuple[list[Article], set[str]]:
    items = article_list_most_read()
    # Headlines and links only: a new comment on one of them changes nothing here.
    return items, {"reads", "schedule", *(article_content_tag(a.pk) for a in items)}


def most_read_block() -> list[Article]:
    # The ranking's window moves at the site's midnight, without anyone saving anything.
    today = timezone.localdate()
    return list(memoised(("most-read", today), _most_read, expires_at=_live_until))


def _most_commented() -> tuple[list[Article], set[str]]:
    items = article_list_most_commented()
    return items, {"comments", "schedule", *tags_for_items(items)}


def most_commented_block() -> list[Article]:
    return list(memoised(("most-commented",), _most_commented, expires_at=_live_until))


def related_block(*, article: Article) -> list[Article]:
    """`article_list_related`, each carrying its visible comment count.

    Keyed by what the choice reads from the article (its section and tags), and
    depending on those lists (a new article there) and on the articles shown (their
    headlines, their comment counts), not on the article's own thread."""
    tag_ids = tuple(sorted(t.pk for t in article.tags.all()))

    def compute() -> tuple[list[Article], set[str]]:
        items = article_list_related(article=article)
        comment_counts_attach(articles=items)
        tags = {f"section:{article.section_id}", *(f"tag:{pk}" for pk in tag_ids), "schedule"}
        return items, tags | tags_for_items(items)

    key = ("related", article.pk, article.section_id, tag_ids)
    return list(memoised(key, compute, expires_at=_live_until))


@dataclass
class ArticleForReader:
    """A live article with everything its page shows, and what its page makes of it
    alone (the markup of its text block, its page's metadata): kept together, so none
    of it is ever older than the article it came from."""

    article: Article
    parts: dict[Hashable, Any] = field(default_factory=dict)

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, once per `key` for this article, which must name what else the
        value depends on (the language, the host)."""
        if key in self.parts:
            value: T = self.parts[key]
            return value
        if len(self.parts) >= 32:  # a bound, whatever hosts a request names
            self.parts.clear()
        value = self.parts[key] = make()
        return value

    def block_html(self) -> SafeString:
        """`news/_article.html` in the active language."""
        return self.kept(
            ("html", translation.get_language()),
            lambda: mark_safe(render_to_string("news/_article.html", {"article": self.article})),  # noqa: S308 - rendered by the template, which escapes
        )


def _content_tags(article: Article) -> set[str]:
    """What the article's own block shows: itself, its section's, tags' and authors'
    names, its translations."""
    tags = {article_content_tag(article.pk), "schedule"}
    if article.section_id:
        tags.add(f"section:{article.section_id}")
    tags.update(f"tag:{t.pk}" for t in article.tags.all())
    tags.update(f"author:{b.author_id}" for b in article.bylines.all())
    tags.update(article_content_tag(t.pk) for t in article.translations.all())
    return tags


def article_for_reader(*, slug: str) -> ArticleForReader:
    """`news.selectors.article_get_for_reader` (and what it raises), memoised apart from
    the article's thread: a new comment does not load the article again."""

    def compute() -> tuple[ArticleForReader, set[str]]:
        article = article_get_for_reader(slug=slug)
        return ArticleForReader(article), _content_tags(article)

    return memoised(("article", slug), compute, expires_at=_live_until, size=64 * 1024)
