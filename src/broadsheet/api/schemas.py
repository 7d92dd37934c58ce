"""The shapes of v1, as typed schemas: the OpenAPI document is generated from these.

Within v1 a field is only ever added (tests/api/test_openapi_snapshot.py holds the
committed document, `openapi-v1.json`): never removed, renamed or narrowed."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    """An error (RFC 9457, `application/problem+json`)."""

    type: str
    title: str
    status: int
    code: str = Field(description="Stable: clients branch on it (docs/api.md lists them).")
    instance: str
    detail: str | None = None
    errors: list[dict[str, object]] | None = None


class SectionRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Section(SectionRef):
    description: str
    article_count: int


class TagRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Tag(TagRef):
    article_count: int


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class Author(AuthorRef):
    bio: str
    article_count: int


class Rendition(Schema):
    url: str
    width: int
    height: int
    type: str


class Photo(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str
    credit: str
    renditions: list[Rendition]


class Source(Schema):
    name: str
    url: str


class CorrectionNote(Schema):
    id: int
    text: str
    created_at: dt.datetime


class Translation(Schema):
    id: int
    language: str
    url: str


class ArticleSummary(Schema):
    id: int
    url: str = Field(description="The article's public path on the site.")
    headline: str
    standfirst: str
    language: str
    section: SectionRef
    bylines: list[AuthorRef]
    lead_photo: Photo | None
    published_at: dt.datetime
    updated_at: dt.datetime


class Article(ArticleSummary):
    body: str = Field(description="Sanitized HTML, as the page shows it.")
    tags: list[TagRef]
    sources: list[Source] = Field(description='The "Based on materials" outlets.')
    corrections: list[CorrectionNote] = Field(description="Oldest first, as on the page.")
    translations: list[Translation]
    comment_count: int
    comments_open: bool


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class SearchResult(Schema):
    article: ArticleSummary
    headline_html: str = Field(description="The headline, the query's words in <mark>.")
    snippet_html: str = Field(description="A passage of the text, the words in <mark>.")
    score: float


class SearchPage(Schema):
    items: list[SearchResult]
    page: int
    pages: int
    more_than: int | None = Field(description="Set when only the newest matches are ranked.")
    suggestion: str = Field(description="A respelled query that finds something, if any.")


class CorrectionArticle(Schema):
    id: int
    headline: str
    url: str


class Correction(Schema):
    id: int
    text: str
    created_at: dt.datetime
    article: CorrectionArticle


class CorrectionPage(Schema):
    items: list[Correction]
    next_cursor: str | None


class Comment(Schema):
    id: int
    parent_id: int | None
    depth: int
    name: str
    text: str
    html: str = Field(description="The text as the page renders it (links, smilies).")
    featured: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None


class CommentPage(Schema):
    items: list[Comment]
    count: int
    page: int
    pages: int
    comments_open: bool


class Challenge(Schema):
    question: str = Field(description="In the request's language.")
    captcha: str = Field(description="Signed, single use, expiring: send it back.")
    form_token: str
    pow: dict[str, object] | None = Field(description="ALTCHA proof-of-work challenge.")


class CommentIn(Schema):
    # Loose bounds: the comment form's own rules decide (the same as on the page).
    name: str = Field(max_length=1000)
    text: str = Field(max_length=50000)
    email: str = Field("", max_length=254)
    parent_id: int | None = Field(None, ge=1, le=2**62)
    notify: bool = False
    form_token: str = Field(max_length=1000)
    captcha: str = Field(max_length=4000)
    answer: str = Field(max_length=1000)
    altcha: str = Field("", max_length=4000)


class CommentCreated(Schema):
    id: int
    state: Literal["published", "held"] = Field(
        description="published: readers see it now; held: it waits for a moderator."
    )
    parent_id: int | None
