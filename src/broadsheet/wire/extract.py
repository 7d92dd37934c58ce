"""Article pages into text: trafilatura (maintained, offline, reads title, author, date and
the main text; given the page's URL so relative links and images resolve), then the news
app's sanitizer, as for any article body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from lxml import html as lxml_html
from trafilatura.htmlprocessing import build_html_output
from trafilatura.settings import Document

from broadsheet.news.sanitize import sanitize_article_html

TAGS = re.compile(r"<[^>]+>")


@dataclass
class Extracted:
    title: str
    byline: str
    date: dt.date | None
    language: str
    html: str
    text: str
    image_url: str
    canonical_url: str
    # 0..1: how much of a story this looks like (length and paragraphs), for the desk.
    quality: float


def html_text(html: str) -> str:
    """Plain text of sanitized HTML, paragraphs on their own lines."""
    text = re.sub(r"</(p|h\d|li|blockquote)>", "\n", html)
    text = TAGS.sub("", text)
    return lxml_html.fromstring(f"<div>{text}</div>").text_content().strip() if text else ""


def quality_of(text: str, paragraphs: int) -> float:
    words = len(text.split())
    return round(min(1.0, words / 300) * 0.8 + min(1.0, paragraphs / 4) * 0.2, 2)


def _canonical(page: str, url: str) -> str:
    try:
        tree = lxml_html.fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return url
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        return urljoin(url, str(href).strip())
    return url


def extract_page(page: str, *, url: str) -> Extracted | None:
    """What the extractor makes of one page, or None when it finds no main text."""
    document = trafilatura.bare_extraction(
        page,
        url=url or None,
        with_metadata=True,
        include_links=True,
        include_formatting=True,
        include_images=False,
        include_comments=False,
    )
    if not isinstance(document, Document) or not document.text:
        return None
    body = build_html_output(document)
    body = re.sub(r"^.*?<body>|</body>.*$", "", body, flags=re.S).strip()
    # The headline is the item's own; a leading <h1> repeating it is dropped.
    body = re.sub(r"^\s*<h1>.*?</h1>\s*", "", body, flags=re.S)
    clean = sanitize_article_html(body)
    text = html_text(clean)
    date = None
    if document.date:
        try:
            date = dt.date.fromisoformat(str(document.date)[:10])
        except ValueError:
            date = None
    return Extracted(
        title=str(document.title or ""),
        byline=str(document.author or ""),
        date=date,
        language=str(document.language or ""),
        html=clean,
        text=text,
        image_url=urljoin(url, str(document.image)) if document.image else "",
        canonical_url=_canonical(page, url),
        quality=quality_of(text, clean.count("<p")),
    )
