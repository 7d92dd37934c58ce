"""Sources and served outlets for the wire tests."""

from __future__ import annotations

from broadsheet.wire import services
from broadsheet.wire.models import Source
from tests.wire.conftest import Answer, FixtureServer
from tests.wire.stories import Story, page_html, rss2


def serve_outlet(web: FixtureServer, prefix: str, stories: list[Story], **headers: str) -> str:
    """Serve an RSS 2.0 feed of `stories` and each story's page under `/prefix/`."""
    pairs = [(story, f"{web.url}/{prefix}/{story.slug}") for story in stories]
    for story, url in pairs:
        web.routes[f"/{prefix}/{story.slug}"] = Answer(
            200, page_html(story, url=url).encode(), {"Content-Type": "text/html; charset=utf-8"}
        )
    web.routes[f"/{prefix}/feed"] = Answer(
        200, rss2(pairs, title=prefix).encode(), {"Content-Type": "application/rss+xml", **headers}
    )
    return f"{web.url}/{prefix}/feed"


def add_source(feed_url: str, name: str = "Outlet", **options: object) -> Source:
    return services.source_add(
        name=name, homepage=feed_url.rsplit("/", 1)[0] + "/", feed_url=feed_url, **options
    )
