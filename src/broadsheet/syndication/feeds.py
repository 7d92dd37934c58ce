"""RSS 2.0 and Atom 1.0 feeds: articles of the whole site and of each section, tag and
author; approved comments of the whole site and of each article.

Each feed is a small declarative class on Django's syndication framework. The base
class adds what the framework lacks: conditional GET (ETag / Last-Modified → 304) from
the feed's own items, read once, before anything is rendered; absolute URLs that honour
`BROADSHEET_BASE_URL`, full content with the source attribution, several authors, and
the lead photo as an enclosure with its real byte length.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed, Enclosure, RssFeed
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from broadsheet.discussion.models import Comment
from broadsheet.news.cachetags import article_tag
from broadsheet.news.models import Article, Author, Section, Tag
from broadsheet.news.sanitize import sanitize_article_html
from broadsheet.pagecache.pages import page_cache_mark
from broadsheet.syndication import selectors
from broadsheet.syndication.absolute import absolute_url
from broadsheet.syndication.feedgenerators import FullAtomFeed, FullRssFeed
from broadsheet.syndication.images import share_image_for, share_image_length

DEFAULT_FEED_SIZE = 30


def feed_size() -> int:
    """How many items a feed carries (`BROADSHEET_FEED_SIZE`, default 30)."""
    return int(getattr(settings, "BROADSHEET_FEED_SIZE", DEFAULT_FEED_SIZE))


def article_feed_content(*, article: Article) -> str:
    """The article's body, sanitized again on the way out (rows written around the model
    field skip its sanitizer), followed by the “Based on materials: …” line."""
    body = sanitize_article_html(article.body)
    sources = list(article.sources.all())
    if not sources:
        return body
    links = format_html_join(", ", '<a href="{}">{}</a>', ((s.url, s.name) for s in sources))
    return body + format_html("<p>{} {}</p>", _("Based on materials:"), links)


class ConditionalFeed(Feed):
    """A feed that answers conditional GETs before it builds anything.

    The framework keeps one instance per URL pattern; each request works on a shallow
    copy that carries the request, so methods can build absolute URLs safely.
    """

    feed_type: type[RssFeed | Atom1Feed]
    model: type[Model] | None = None
    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        feed = copy.copy(self)
        feed.request = request
        return feed.respond(**kwargs)

    def respond(self, **kwargs: Any) -> HttpResponse:
        try:
            obj = self.get_object(self.request, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404("Feed object does not exist.") from exc
        page_cache_mark(self.request, tags=self.cache_tags(obj))
        freshness = self.freshness(obj)
        stamp = HttpResponse()
        stamp["ETag"] = quote_etag(freshness.etag)
        if freshness.last_modified is not None:
            stamp["Last-Modified"] = http_date(freshness.last_modified.timestamp())
        answer = get_conditional_response(
            self.request,
            etag=stamp["ETag"],
            last_modified=(
                int(freshness.last_modified.timestamp()) if freshness.last_modified else None
            ),
            response=stamp,
        )
        if answer is not None and answer is not stamp:
            return answer
        feedgen = self.get_feed(obj, self.request)
        response = HttpResponse(content_type=self.feed_type.content_type)
        feedgen.write(response, "utf-8")
        for header in ("ETag", "Last-Modified"):
            if header in stamp:
                response[header] = stamp[header]
        return response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if self.model is None:
            return None
        return self.model._default_manager.get(slug=kwargs["slug"])

    def cache_tags(self, obj: Any) -> set[str]:
        """What the page cache must watch for this feed (see broadsheet.news.cachetags)."""
        return {"all"}

    def freshness(self, obj: Any) -> selectors.Freshness:
        raise NotImplementedError(
            f"{type(self).__name__} must define freshness(obj) returning a Freshness "
            "(see broadsheet.syndication.selectors) so conditional GETs can be answered."
        )

    def absolute(self, path: str) -> str:
        return absolute_url(request=self.request, path=path)

    def cache_salt(self) -> str:
        """What besides the data changes the output: its URL (host included) and language."""
        return f"{self.absolute(self.request.path)}|{get_language()}"

    def feed_url(self, obj: Any) -> str:
        return self.absolute(self.request.path)

    def author_name(self, obj: Any) -> str:
        # Atom needs an author on the feed or on every entry; the site covers articles
        # without a byline.
        return str(settings.SITE_NAME)


class ArticleFeed(ConditionalFeed):
    """The newest live articles in a scope, full text. Subclasses name the scope."""

    feed_type: type[FullRssFeed | FullAtomFeed] = FullRssFeed
    scope: str | None = None  # "section", "tag" or "author": the keyword for the selector

    def scope_kwargs(self, obj: Any) -> dict[str, Any]:
        return {self.scope: obj} if self.scope else {}

    def cache_tags(self, obj: Any) -> set[str]:
        return {f"{self.scope}:{obj.pk}"} if self.scope else {"all"}

    def feed_articles(self, obj: Any) -> tuple[list[Article], Q]:
        """The feed's articles and its scope, read once per request: the validators are
        computed from the very items the feed shows."""
        if not hasattr(self, "_articles"):
            scope = selectors.article_feed_scope(**self.scope_kwargs(obj))
            self._articles = (
                selectors.article_list_for_feed(limit=feed_size(), scope=scope),
                scope,
            )
        return self._articles

    def freshness(self, obj: Any) -> selectors.Freshness:
        articles, scope = self.feed_articles(obj)
        return selectors.article_feed_freshness(
            articles=articles, limit=feed_size(), scope=scope, salt=self.cache_salt()
        )

    def items(self, obj: Any) -> list[Article]:
        articles, _scope = self.feed_articles(obj)
        selectors.article_feed_prefetch(articles=articles)
        return articles

    def link(self, obj: Any) -> str:
        return self.absolute(obj.get_absolute_url() if obj is not None else reverse("news:front"))

    def title(self, obj: Any) -> str:
        return str(settings.SITE_NAME)

    def description(self, obj: Any) -> str:
        return str(settings.SITE_TAGLINE)

    def subtitle(self, obj: Any) -> str:  # Atom's name for the description
        return self.description(obj)

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return escape(item.standfirst)

    def item_link(self, item: Article) -> str:
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_comments(self, item: Article) -> str:
        return self.item_link(item) + "#discussion"

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> dt.datetime:
        # A scheduled article was last saved before it went live.
        return max(filter(None, [item.updated_at, item.published_at]))

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(t.name for t in item.tags.all())]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        image = share_image_for(photo=item.lead_photo)
        if image is None:
            return []
        length = share_image_length(image=image)
        if not length:
            return []
        return [
            Enclosure(url=self.absolute(image.url), length=str(length), mime_type=image.mime_type)
        ]

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {
            "content": article_feed_content(article=item),
            "authors": [
                (b.author.name, self.absolute(b.author.get_absolute_url()))
                for b in item.bylines.all()
            ],
        }


class SiteArticlesFeed(ArticleFeed):
    pass


class SiteArticlesAtomFeed(SiteArticlesFeed):
    feed_type = FullAtomFeed


class SectionArticlesFeed(ArticleFeed):
    model = Section
    scope = "section"

    def title(self, obj: Section) -> str:
        return _("%(site)s: %(section)s") % {"site": settings.SITE_NAME, "section": obj.name}

    def description(self, obj: Section) -> str:
        return obj.description or self.title(obj)


class SectionArticlesAtomFeed(SectionArticlesFeed):
    feed_type = FullAtomFeed


class TagArticlesFeed(ArticleFeed):
    model = Tag
    scope = "tag"

    def title(self, obj: Tag) -> str:
        return _("%(site)s: articles tagged “%(tag)s”") % {
            "site": settings.SITE_NAME,
            "tag": obj.name,
        }

    def description(self, obj: Tag) -> str:
        return self.title(obj)


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = FullAtomFeed


class AuthorArticlesFeed(ArticleFeed):
    model = Author
    scope = "author"

    def title(self, obj: Author) -> str:
        return _("%(site)s: articles by %(author)s") % {
            "site": settings.SITE_NAME,
            "author": obj.name,
        }

    def description(self, obj: Author) -> str:
        return obj.bio or self.title(obj)


class AuthorArticlesAtomFeed(AuthorArticlesFeed):
    feed_type = FullAtomFeed


class CommentFeed(ConditionalFeed):
    """The newest approved comments: of one article (`/feeds/news/<slug>/comments/…`) or,
    with no slug, of the whole site."""

    feed_type: type[FullRssFeed | FullAtomFeed] = FullRssFeed

    def cache_tags(self, obj: Article | None) -> set[str]:
        return {"comments"} if obj is None else {article_tag(obj.pk)}

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Article | None:
        if "slug" not in kwargs:
            return None
        return selectors.article_get_live(slug=kwargs["slug"])

    def feed_comments(self, obj: Article | None) -> list[Comment]:
        """The feed's comments, read once per request (the validators come from them)."""
        if not hasattr(self, "_comments"):
            self._comments = selectors.comment_list_for_feed(limit=feed_size(), article=obj)
        return self._comments

    def freshness(self, obj: Article | None) -> selectors.Freshness:
        return selectors.comment_feed_freshness(
            comments=self.feed_comments(obj), limit=feed_size(), article=obj, salt=self.cache_salt()
        )

    def items(self, obj: Article | None) -> list[Comment]:
        return self.feed_comments(obj)

    def title(self, obj: Article | None) -> str:
        if obj is None:
            return _("%(site)s: comments") % {"site": settings.SITE_NAME}
        return _("%(site)s: comments on “%(headline)s”") % {
            "site": settings.SITE_NAME,
            "headline": obj.headline,
        }

    def description(self, obj: Article | None) -> str:
        return self.title(obj)

    def subtitle(self, obj: Article | None) -> str:
        return self.description(obj)

    def link(self, obj: Article | None) -> str:
        if obj is None:
            return self.absolute(reverse("news:front"))
        return self.absolute(obj.get_absolute_url()) + "#discussion"

    def item_title(self, item: Comment) -> str:
        return _("%(name)s on “%(headline)s”") % {
            "name": item.name,
            "headline": item.article.headline,
        }

    def item_description(self, item: Comment) -> str:
        # Comments are plain text: escaped, with their line breaks kept.
        return linebreaks(item.text, autoescape=True)

    def item_link(self, item: Comment) -> str:
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item: Comment) -> str:
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Comment) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Comment) -> dt.datetime:
        return item.edited_at or item.created_at

    def item_extra_kwargs(self, item: Comment) -> dict[str, Any]:
        return {"authors": [(item.name, "")]}


class CommentAtomFeed(CommentFeed):
    feed_type = FullAtomFeed
