"""Which public paths a set of invalidation tags names: what the proxies in front are
told to purge (`pagecache.proxy`). The public site owns the URLs, so it answers."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from broadsheet.news.models import Article, Author, Section, Tag


def paths_for_tags(tags: Iterable[str]) -> list[str]:
    """The first pages of what `tags` name, as a proxy in front caches them (every
    language prefix): what `proxy_purge` is told. Deeper pages of a list are not listed;
    a proxy keeps them for BROADSHEET_PAGE_CACHE_SHARED_MAX_AGE at most."""
    models: dict[str, type[Article] | type[Section] | type[Tag] | type[Author]] = {
        "a": Article,
        "section": Section,
        "tag": Tag,
        "author": Author,
    }
    localized: list[tuple[str, dict[str, str]]] = []  # URL names under the language prefix
    plain: set[str] = set()  # feeds and sitemaps sit outside it
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind in models:
            slug = models[kind].objects.filter(pk=pk).values_list("slug", flat=True).first()
            if slug is None:
                continue
            name = "article" if kind == "a" else kind
            localized.append((f"news:{name}", {"slug": slug}))
            if kind == "a":
                plain.update(
                    reverse(f"syndication:article_comments_{f}", kwargs={"slug": slug})
                    for f in ("rss", "atom")
                )
            else:
                plain.update(
                    reverse(f"syndication:{kind}_{f}", kwargs={"slug": slug})
                    for f in ("rss", "atom")
                )
        elif kind == "front":
            localized.append(("news:front", {}))
        elif kind == "all":
            localized += [("news:latest", {}), ("news:archive_index", {})]
            plain.update(
                reverse(name)
                for name in (
                    "syndication:rss",
                    "syndication:atom",
                    "syndication:sitemap",
                    "syndication:news_sitemap",
                )
            )
            plain.add(reverse("syndication:sitemap_section", kwargs={"section": "articles"}))
        elif kind == "comments":
            plain.update(reverse(f"syndication:comments_{f}") for f in ("rss", "atom"))
    paths = set(plain)
    for code, _name in settings.LANGUAGES:
        with override(code):
            paths.update(reverse(name, kwargs=kwargs) for name, kwargs in localized)
    return sorted(paths)
