"""What a page says about itself in its <head>: canonical URL, description, feed links,
OpenGraph and Twitter card tags, and JSON-LD structured data.

Each public view builds one `PageMeta` here and passes it as `page_meta`; the base
template only prints it. Pages that pass none get `page_meta_default`, which needs no
database (error pages render with it while the database is down).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from broadsheet.news.models import Article, Author, Section, Tag
from broadsheet.syndication.absolute import absolute_url
from broadsheet.syndication.images import ShareImage, share_image_for

LOGO_STATIC_PATH = "core/logo.png"
LOGO_SIZE = (512, 512)
SEARCH_PATH = "/search/"  # used until the search app answers to `search:search`
RSS = "application/rss+xml"
ATOM = "application/atom+xml"

# OpenGraph wants language_TERRITORY; the territories of the site's three languages.
OG_LOCALES = {"en": "en_US", "uk": "uk_UA", "ru": "ru_RU"}

# What json_script escapes: inside <script> these would let the data end the element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class LinkTag:
    rel: str
    href: str
    type: str = ""
    title: str = ""


@dataclass(frozen=True)
class MetaTag:
    attribute: str  # "name" or "property"
    key: str
    content: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical_url: str
    links: list[LinkTag] = field(default_factory=list)
    meta_tags: list[MetaTag] = field(default_factory=list)
    structured_data: list[dict[str, Any]] = field(default_factory=list)

    @property
    def json_ld(self) -> SafeString:
        """One `<script type="application/ld+json">` per object, escaped so no value can
        close the element. A JSON-LD script is data: the strict CSP does not block it."""
        return format_html_join(
            "\n",
            '<script type="application/ld+json">{}</script>',
            ((json_ld_dumps(data),) for data in self.structured_data),
        )

    @property
    def html(self) -> SafeString:
        """The page's `<link>` and `<meta>` tags and JSON-LD for `<head>`, escaped as
        template variables are. Written here, not in a template: every page shows
        thirty-odd tags, and a template's loops over them were half a millisecond of an
        article's first render."""
        out = []
        for link in self.links:
            type_ = f' type="{conditional_escape(link.type)}"' if link.type else ""
            title = f' title="{conditional_escape(link.title)}"' if link.title else ""
            out.append(
                f'<link rel="{conditional_escape(link.rel)}" '
                f'href="{conditional_escape(link.href)}"{type_}{title}>\n'
            )
        for tag in self.meta_tags:
            out.append(
                f"<meta {conditional_escape(tag.attribute)}="
                f'"{conditional_escape(tag.key)}" content="{conditional_escape(tag.content)}">\n'
            )
        out.append(self.json_ld)
        return mark_safe("".join(out))  # noqa: S308 - each value escaped above


def json_ld_dumps(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


# Builders, one per kind of page.


def page_meta_article(*, request: HttpRequest, article: Article) -> PageMeta:
    """Needs the article as `news.selectors.article_get_for_reader` returns it
    (section, photo, bylines, tags and sources loaded): runs no query."""
    canonical = absolute_url(request=request, path=article.get_absolute_url())
    description = _truncate(article.standfirst) or article.headline
    image = share_image_for(photo=article.lead_photo)
    authors = [b.author for b in article.bylines.all()]
    tags = [t.name for t in article.tags.all()]
    modified = _modified(article)
    meta = _social_tags(
        request=request,
        title=article.headline,
        description=description,
        canonical=canonical,
        og_type="article",
        image=image,
        locale=_og_locale(article.language),
    )
    meta += [
        MetaTag("property", "article:published_time", _iso(article.published_at)),
        MetaTag("property", "article:modified_time", _iso(modified)),
        MetaTag("property", "article:section", article.section.name),
        *(
            MetaTag(
                "property",
                "article:author",
                absolute_url(request=request, path=a.get_absolute_url()),
            )
            for a in authors
        ),
        *(MetaTag("property", "article:tag", name) for name in tags),
    ]
    news_article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": article.headline,
        "description": description,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(modified),
        "author": [_person(request=request, author=a) for a in authors]
        or [_organization(request=request)],
        "publisher": _organization(request=request),
        "articleSection": article.section.name,
        "keywords": tags,
        "inLanguage": article.language,
        "isBasedOn": [
            {"@type": "CreativeWork", "name": s.name, "url": s.url} for s in article.sources.all()
        ],
    }
    corrections = list(article.corrections.all())
    if corrections:
        # The page's corrections, each as schema.org's CorrectionComment (the same notes
        # the API's /corrections/ lists).
        news_article["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": _iso(c.created_at)}
            for c in corrections
        ]
    originals = list(article.sources.all())
    if article.translated_from and originals:
        # A machine translation names the work it translates (schema.org translationOfWork).
        news_article["translationOfWork"] = {
            "@type": "CreativeWork",
            "name": originals[0].name,
            "url": originals[0].url,
            "inLanguage": article.translated_from,
        }
    if image is not None:
        picture: dict[str, Any] = {
            "@type": "ImageObject",
            "url": absolute_url(request=request, path=image.url),
            "width": image.width,
            "height": image.height,
        }
        photo = article.lead_photo
        # The credit the page prints under the photo ("photo Фокус"), as schema.org says it.
        if photo is not None and photo.credit:
            picture["creditText"] = photo.credit
        if photo is not None and photo.caption:
            picture["caption"] = photo.caption
        news_article["image"] = [picture]
    breadcrumbs = _breadcrumbs(
        request=request,
        trail=[
            (article.section.name, article.section.get_absolute_url()),
            (article.headline, article.get_absolute_url()),
        ],
    )
    return PageMeta(
        title=article.headline,
        description=description,
        canonical_url=canonical,
        links=[
            LinkTag("canonical", canonical),
            *_site_feed_links(request=request),
            *_comment_feed_links(request=request, article=article),
        ],
        meta_tags=meta,
        structured_data=[news_article, breadcrumbs],
    )


def page_meta_front(*, request: HttpRequest) -> PageMeta:
    """The front page: the site's own description and `WebSite` with a `SearchAction`."""
    home = absolute_url(request=request, path=reverse("news:front"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home,
        "description": settings.SITE_TAGLINE,
        "inLanguage": _language(),
        "publisher": _organization(request=request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(request=request, path=_search_path())
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    return _listing(
        request=request,
        title=str(settings.SITE_NAME),
        description=str(settings.SITE_TAGLINE),
        path=reverse("news:front"),
        feeds=_comment_feed_links(request=request, article=None),
        structured_data=[website],
    )


def page_meta_section(*, request: HttpRequest, section: Section, page_number: int = 1) -> PageMeta:
    return _listing(
        request=request,
        title=section.name,
        description=_truncate(section.description) or _site_suffixed(section.name),
        path=section.get_absolute_url(),
        page_number=page_number,
        feeds=_feed_pair(request=request, name="section", slug=section.slug, title=section.name),
        trail=[(section.name, section.get_absolute_url())],
    )


def page_meta_tag(*, request: HttpRequest, tag: Tag, page_number: int = 1) -> PageMeta:
    return _listing(
        request=request,
        title=tag.name,
        description=_site_suffixed(tag.name),
        path=tag.get_absolute_url(),
        page_number=page_number,
        feeds=_feed_pair(request=request, name="tag", slug=tag.slug, title=tag.name),
        trail=[(tag.name, tag.get_absolute_url())],
    )


def page_meta_author(*, request: HttpRequest, author: Author, page_number: int = 1) -> PageMeta:
    return _listing(
        request=request,
        title=author.name,
        description=_truncate(author.bio, 160) or _site_suffixed(author.name),
        path=author.get_absolute_url(),
        page_number=page_number,
        feeds=_feed_pair(request=request, name="author", slug=author.slug, title=author.name),
        trail=[(author.name, author.get_absolute_url())],
    )


def page_meta_listing(*, request: HttpRequest, title: str, page_number: int = 1) -> PageMeta:
    """Any other list page (latest news, archives): canonical, description, site feeds."""
    return _listing(
        request=request,
        title=title,
        description=_site_suffixed(title),
        path=request.path,
        page_number=page_number,
    )


def page_meta_default(*, request: HttpRequest | None) -> PageMeta:
    """For a page whose view passed nothing: no query, and no request needed (a 500 page
    renders without one; it then gets no canonical URL)."""
    title, description = str(settings.SITE_NAME), str(settings.SITE_TAGLINE)
    if request is None:
        return PageMeta(title=title, description=description, canonical_url="")
    page = request.GET.get("page", "")
    return _listing(
        request=request,
        title=title,
        description=description,
        path=request.path,
        page_number=int(page) if page.isdigit() else 1,
    )


# Pieces.


def _listing(
    *,
    request: HttpRequest,
    title: str,
    description: str,
    path: str,
    page_number: int = 1,
    feeds: list[LinkTag] | None = None,
    trail: list[tuple[str, str]] | None = None,
    structured_data: list[dict[str, Any]] | None = None,
) -> PageMeta:
    # Each page of a paginated list is its own canonical page (not page 1).
    canonical = absolute_url(request=request, path=path)
    if page_number > 1:
        canonical += f"?page={page_number}"
    data = list(structured_data or [])
    if trail:
        data.append(_breadcrumbs(request=request, trail=trail))
    return PageMeta(
        title=title,
        description=description,
        canonical_url=canonical,
        links=[LinkTag("canonical", canonical), *_site_feed_links(request=request), *(feeds or [])],
        meta_tags=_social_tags(
            request=request,
            title=title,
            description=description,
            canonical=canonical,
            og_type="website",
            image=None,
            locale=_og_locale(_language()),
        ),
        structured_data=data,
    )


def _social_tags(
    *,
    request: HttpRequest,
    title: str,
    description: str,
    canonical: str,
    og_type: str,
    image: ShareImage | None,
    locale: str,
) -> list[MetaTag]:
    tags = [
        MetaTag("property", "og:site_name", str(settings.SITE_NAME)),
        MetaTag("property", "og:type", og_type),
        MetaTag("property", "og:title", title),
        MetaTag("property", "og:description", description),
        MetaTag("property", "og:url", canonical),
        MetaTag("property", "og:locale", locale),
        MetaTag("name", "twitter:card", "summary_large_image" if image else "summary"),
        MetaTag("name", "twitter:title", title),
        MetaTag("name", "twitter:description", description),
    ]
    if image is not None:
        url = absolute_url(request=request, path=image.url)
        tags += [
            MetaTag("property", "og:image", url),
            MetaTag("property", "og:image:type", image.mime_type),
            MetaTag("property", "og:image:width", str(image.width)),
            MetaTag("property", "og:image:height", str(image.height)),
            MetaTag("property", "og:image:alt", image.alt),
            MetaTag("name", "twitter:image", url),
            MetaTag("name", "twitter:image:alt", image.alt),
        ]
    else:
        logo = _logo_url(request=request)
        tags += [
            MetaTag("property", "og:image", logo),
            MetaTag("property", "og:image:alt", str(settings.SITE_NAME)),
            MetaTag("name", "twitter:image", logo),
        ]
    return tags


def _site_feed_links(*, request: HttpRequest) -> list[LinkTag]:
    return [
        LinkTag(
            "alternate",
            absolute_url(request=request, path=reverse("syndication:rss")),
            RSS,
            _("%(site)s (RSS)") % {"site": settings.SITE_NAME},
        ),
        LinkTag(
            "alternate",
            absolute_url(request=request, path=reverse("syndication:atom")),
            ATOM,
            _("%(site)s (Atom)") % {"site": settings.SITE_NAME},
        ),
    ]


def _feed_pair(*, request: HttpRequest, name: str, slug: str, title: str) -> list[LinkTag]:
    values = {"site": settings.SITE_NAME, "title": title}
    return [
        LinkTag(
            "alternate",
            absolute_url(
                request=request, path=reverse(f"syndication:{name}_rss", kwargs={"slug": slug})
            ),
            RSS,
            _("%(site)s: %(title)s (RSS)") % values,
        ),
        LinkTag(
            "alternate",
            absolute_url(
                request=request, path=reverse(f"syndication:{name}_atom", kwargs={"slug": slug})
            ),
            ATOM,
            _("%(site)s: %(title)s (Atom)") % values,
        ),
    ]


def _comment_feed_links(*, request: HttpRequest, article: Article | None) -> list[LinkTag]:
    """The article's comment feeds, or the site-wide ones without an article."""
    if article is None:
        paths = [reverse("syndication:comments_rss"), reverse("syndication:comments_atom")]
        label = _("%(site)s: comments") % {"site": settings.SITE_NAME}
    else:
        paths = [
            reverse(f"syndication:article_comments_{kind}", kwargs={"slug": article.slug})
            for kind in ("rss", "atom")
        ]
        label = _("Comments on “%(headline)s”") % {"headline": article.headline}
    return [
        LinkTag("alternate", absolute_url(request=request, path=path), mime, f"{label} ({kind})")
        for path, mime, kind in zip(paths, (RSS, ATOM), ("RSS", "Atom"), strict=True)
    ]


def _organization(*, request: HttpRequest) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url(request=request, path=reverse("news:front")),
        "logo": {
            "@type": "ImageObject",
            "url": _logo_url(request=request),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }


def _person(*, request: HttpRequest, author: Author) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute_url(request=request, path=author.get_absolute_url()),
    }


def _breadcrumbs(*, request: HttpRequest, trail: list[tuple[str, str]]) -> dict[str, Any]:
    steps = [(str(settings.SITE_NAME), reverse("news:front")), *trail]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request=request, path=path),
            }
            for position, (name, path) in enumerate(steps, start=1)
        ],
    }


def _search_path() -> str:
    try:
        return reverse("search:search")
    except NoReverseMatch:
        return SEARCH_PATH


def _logo_url(*, request: HttpRequest) -> str:
    return absolute_url(request=request, path=static(LOGO_STATIC_PATH))


def _modified(article: Article) -> dt.datetime:
    # A scheduled article was last saved before it went live.
    return max(filter(None, [article.updated_at, article.published_at]))


def _iso(value: dt.datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _og_locale(language: str) -> str:
    return OG_LOCALES.get(language, translation.to_locale(language))


def _truncate(text: str, length: int = 200) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def _site_suffixed(name: str) -> str:
    return f"{name} — {settings.SITE_NAME}"
