"""What many pages show, memoised for page-cache renders (`memo.memoised`).

Each function here returns what its selector returns (as a `memo.Derived`, which keeps
the markup made of it), memoised with the tags it depends on (`news.cachetags`): the article
of a page, the navigation, the most-read and most-commented rankings, an article's
related articles. Outside a page-cache render
they are the plain selectors.
"""

from __future__ import annotations

import datetime as dt
import math

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from broadsheet.discussion.forms import CommentForm
from broadsheet.discussion.policy import override_of, thread_closes_at
from broadsheet.discussion.selectors import (
    Discussion,
    article_map_ranked,
    comment_counts_attach,
    comment_ranking,
    discussion_for_article,
    most_commented_from,
)
from broadsheet.news.cachetags import (
    article_content_tag,
    article_tag,
    publication_time_next,
    tags_for_items,
)
from broadsheet.news.models import Article, Section
from broadsheet.news.selectors import article_get_for_reader, article_list_related, section_list
from broadsheet.pagecache.memo import Derived, fragment, memoised
from broadsheet.readership.selectors import article_list_most_read


def _live_until(_: object) -> float:
    # Lists of live articles change by themselves when a scheduled one goes live.
    return publication_time_next()


def sections_for_nav() -> list[Section]:
    return memoised(("nav",), lambda: (section_list(), ("nav",)))


def _most_read() -> tuple[Derived[list[Article]], set[str]]:
    items = article_list_most_read()
    # Headlines and links only: a new comment on one of them changes nothing here.
    return Derived(items), {"reads", "schedule", *(article_content_tag(a.pk) for a in items)}


def most_read_block() -> Derived[list[Article]]:
    # The ranking's window moves at the site's midnight, without anyone saving anything.
    today = timezone.localdate()
    return memoised(("most-read", today), _most_read, expires_at=_live_until)


MOST_COMMENTED_DAYS = 7


def most_commented_block() -> Derived[list[Article]]:
    """`article_list_most_commented`, kept until a visible comment or a shown article
    changes, or the first comment it counts for a shown article leaves its window (its
    counts and order change then, without anyone saving anything)."""

    def compute() -> tuple[Derived[list[Article]], set[str]]:
        # Every comment on the site moves the counts: only they are read again then.
        ranking = comment_ranking(days=MOST_COMMENTED_DAYS)
        items = most_commented_from(ranking, _ranked_articles([pk for pk, _, _ in ranking]))
        block = Derived(items)
        firsts = [a.first_counted_at for a in items]  # type: ignore[attr-defined]
        if firsts:
            window = dt.timedelta(days=MOST_COMMENTED_DAYS)
            block.expires_at = (min(firsts) + window).timestamp()
        return block, {"comments", "schedule", *tags_for_items(items)}

    return memoised(
        ("most-commented",),
        compute,
        expires_at=lambda block: min(block.expires_at, _live_until(block)),
    )


def most_commented_html(block: Derived[list[Article]]) -> SafeString:
    """The block's markup (`_most_commented.html`), made again only when what it shows
    changed: most comments on a site are not on the five articles it lists."""
    shown = tuple((a.pk, a.slug, a.headline, a.comment_count) for a in block.value)  # type: ignore[attr-defined]
    key = ("most-commented-html", get_language(), shown)
    html = fragment(key, lambda: block.html("discussion/_most_commented.html", "most_commented"))
    return mark_safe(html)  # noqa: S308 - made by the template, which escapes


def _ranked_articles(pks: list[int]) -> dict[int, Article]:
    """`article_map_ranked`, kept until one of these articles changes (a headline, a
    withdrawal, a publication: each bumps its `m:`) or a scheduled one goes live."""

    def compute() -> tuple[dict[int, Article], set[str]]:
        return article_map_ranked(pks=pks), {"schedule", *(article_content_tag(pk) for pk in pks)}

    return memoised(("ranked-articles", tuple(pks)), compute, expires_at=_live_until)


def related_block(*, article: Article) -> Derived[list[Article]]:
    """`article_list_related`, each carrying its visible comment count.

    Keyed by what the choice reads from the article (its section and tags), and
    depending on those lists (a new article there) and on the articles shown (their
    headlines, their comment counts), not on the article's own thread."""
    tag_ids = tuple(sorted(t.pk for t in article.tags.all()))

    def compute() -> tuple[Derived[list[Article]], set[str]]:
        items = article_list_related(article=article)
        comment_counts_attach(articles=items)
        # "names": a teaser shows its section's name, and an article found by a shared
        # tag may sit in another section than this one.
        tags = {
            f"section:{article.section_id}",
            *(f"tag:{pk}" for pk in tag_ids),
            "names",
            "schedule",
        }
        return Derived(items), tags | tags_for_items(items)

    key = ("related", article.pk, article.section_id, tag_ids)
    return memoised(key, compute, expires_at=_live_until)


def _content_tags(article: Article) -> set[str]:
    """What the article's own block shows: itself (its bylines, photo, sources,
    corrections), its section's, tags' and authors' names, its translations; not what
    else is in its section or under its tags."""
    tags = {article_content_tag(article.pk), "names", "schedule"}
    tags.update(article_content_tag(t.pk) for t in article.translations.all())
    return tags


def article_for_reader(*, slug: str) -> Derived[Article]:
    """`news.selectors.article_get_for_reader` (and what it raises), memoised apart from
    the article's thread: a new comment does not load the article again."""

    def compute() -> tuple[Derived[Article], set[str]]:
        article = article_get_for_reader(slug=slug)
        # Its thread's override, read once with it (an override's change bumps `m:`).
        override_of(article)
        return Derived(article), _content_tags(article)

    return memoised(("article", slug), compute, expires_at=_live_until, size=_article_size)


def _article_size(derived: Derived[Article]) -> int:
    # The article's text, then its markup in each of the three languages and its page
    # metadata: counted four times over, with room for the rest.
    article = derived.value
    return 16 * 1024 + 4 * (len(article.body) + len(article.standfirst))


def thread_shared(*, article: Article, page: str | None) -> Derived[Discussion]:
    """The discussion under an article as every reader sees it (with the shared form:
    `discussion.selectors.discussion_with_reader_form` gives a reader their own),
    memoised until one of its comments, the article or its override changes, or its
    thread closes by itself. Only a first page or a plain page number is kept."""

    def compute() -> tuple[Derived[Discussion], set[str]]:
        discussion = discussion_for_article(article=article, page=page, form=CommentForm.shared())
        return Derived(discussion), {article_tag(article.pk), "schedule"}

    if page is not None and not (page.isdigit() and len(page) <= 6):
        return compute()[0]
    closes = thread_closes_at(article)
    return memoised(
        ("thread", article.pk, page or "1"),
        compute,
        expires_at=lambda _: math.inf if closes is None else closes,
        size=_thread_size,
    )


def _thread_size(derived: Derived[Discussion]) -> int:
    # Its comments' text, and the thread's markup in each language (the comments'
    # <li> are fragments, counted apart; a language's markup holds them all).
    discussion = derived.value
    shown = [*discussion.page.object_list, *discussion.featured]
    return 16 * 1024 + sum(4 * (len(c.text) + len(c.name)) + 3 * 1024 for c in shown)
