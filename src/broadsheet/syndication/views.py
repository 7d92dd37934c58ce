"""Sitemaps, the Google News sitemap and robots.txt. Feeds live in `feeds.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from broadsheet.pagecache.pages import page_cache_mark
from broadsheet.syndication import selectors
from broadsheet.syndication.absolute import absolute_url, base_url
from broadsheet.syndication.sitemaps import SITEMAPS, urlset_xml

XML = "application/xml; charset=utf-8"


def _xml(template_name: str, context: dict[str, Any]) -> HttpResponse:
    # Rendered without the request: the site's context processors (navigation and the
    # like) would cost queries and add nothing to XML.
    return HttpResponse(render_to_string(template_name, context), content_type=XML)


@sitemap_views.x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """`sitemap.xml`: every non-empty file of every sitemap, each with its lastmod."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        location = absolute_url(
            request=request,
            path=reverse("syndication:sitemap_section", kwargs={"section": section}),
        )
        for file in sitemap_class().files():
            entries.append(
                SitemapIndexItem(
                    location if file.number == 1 else f"{location}?p={file.number}",
                    file.lastmod,  # type: ignore[arg-type]
                )
            )
    page_cache_mark(request, tags={"all", "sitemaps"})
    return _xml("sitemap_index.xml", {"sitemaps": entries})


# A file number past any real one (50,000 × 10⁹ rows) is not worth a query.
MAX_FILE_NUMBER = 10**9


@sitemap_views.x_robots_tag
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One file (`?p=N`) of one sitemap, dated to the second."""
    sitemap_class = SITEMAPS.get(section)
    if sitemap_class is None:
        raise Http404(f"No sitemap named {section!r}.")
    number = request.GET.get("p", "1")
    urls = (
        sitemap_class().urls(number=int(number), base=base_url(request=request))
        if number.isdigit() and 0 < int(number) <= MAX_FILE_NUMBER
        else []
    )
    if not urls:
        raise Http404(f"No page {number!r} in this sitemap.")
    page_cache_mark(request, tags={"all", "sitemaps"})
    response = HttpResponse(urlset_xml(urls), content_type=XML)
    dates = [url.lastmod for url in urls if url.lastmod is not None]
    if len(dates) == len(urls):
        response["Last-Modified"] = http_date(max(dates).timestamp())
    return response


NEWS_WINDOW = dt.timedelta(hours=48)  # what article_list_for_news_sitemap covers


@dataclass(frozen=True)
class NewsEntry:
    location: str
    title: str
    language: str
    publication_date: str


@sitemap_views.x_robots_tag
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """`sitemap-news.xml`: the last 48 hours' live articles in Google News' format."""
    articles = [a for a in selectors.article_list_for_news_sitemap() if a.published_at]
    # The window moves by itself: the page expires when its oldest article leaves it.
    leaves = min((a.published_at for a in articles), default=None)  # type: ignore[type-var]
    page_cache_mark(
        request,
        tags={"all"},
        expires_at=(leaves + NEWS_WINDOW).timestamp() if leaves else None,
    )
    entries = [
        NewsEntry(
            location=absolute_url(request=request, path=article.get_absolute_url()),
            title=article.headline,
            language=article.language,
            publication_date=timezone.localtime(article.published_at).isoformat(timespec="seconds"),
        )
        for article in articles
    ]
    return _xml(
        "syndication/news_sitemap.xml", {"entries": entries, "publication_name": settings.SITE_NAME}
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """`robots.txt`, built per request so the sitemap URLs carry the right host."""
    page_cache_mark(request, tags=set())
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        # Result pages are endless combinations of queries: crawl articles instead.
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(request=request, path=reverse('syndication:sitemap'))}",
        "Sitemap: " + absolute_url(request=request, path=reverse("syndication:news_sitemap")),
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
