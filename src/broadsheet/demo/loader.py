"""Load the sample content (demo/content.py and demo/photos/) into the database.

Idempotent: everything is looked up by slug (photos by file name) and created only when
missing, so running it twice changes nothing and never overwrites the desk's edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.demo import content
from broadsheet.demo.wire import wire_demo_load
from broadsheet.discussion.models import Comment
from broadsheet.discussion.services import comment_import
from broadsheet.news.models import Article, ArticleSource, Author, Byline, Correction, Section, Tag
from broadsheet.photos.models import Photo
from broadsheet.photos.services import photo_make_renditions

PHOTO_DIR = Path(__file__).resolve().parent / "photos"


def _local(stamp: str) -> dt.datetime:
    naive = dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _photo(spec: dict[str, Any]) -> Photo:
    name = f"photos/demo/{spec['file']}"
    photo = Photo.objects.filter(image=name).first()
    if photo is None:
        if not default_storage.exists(name):
            with open(PHOTO_DIR / spec["file"], "rb") as handle:
                name = default_storage.save(name, File(handle))
        photo = Photo(alt_text=spec["alt_text"], caption=spec["caption"], credit=spec["credit"])
        photo.image = name
        photo.save()
    if not photo.renditions:
        photo_make_renditions(photo=photo)
    return photo


def _article(spec: dict[str, Any], photos: dict[str, Photo], now: dt.datetime) -> bool:
    if Article.objects.filter(slug=spec["slug"]).exists():
        return False
    if spec["status"] == "scheduled":
        published_at = now + dt.timedelta(hours=spec["schedule_in_hours"])
        status = Article.Status.SCHEDULED
    else:
        published_at = _local(spec["published"])
        status = Article.Status.PUBLISHED
    with reversion.create_revision():
        article = Article.objects.create(
            slug=spec["slug"],
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            body=spec["body"],
            language=spec.get("language", "en"),
            section=Section.objects.get(slug=spec["section"]),
            lead_photo=photos.get(spec["photo"]) if spec.get("photo") else None,
            status=status,
            published_at=published_at,
        )
        for position, slug in enumerate(spec["authors"]):
            Byline.objects.create(
                article=article, author=Author.objects.get(slug=slug), position=position
            )
        for position, (name, url) in enumerate(spec["sources"]):
            ArticleSource.objects.create(article=article, name=name, url=url, position=position)
        tags = [
            Tag.objects.get_or_create(
                slug=slugify(name, allow_unicode=True), defaults={"name": name}
            )[0]
            for name in spec["tags"]
        ]
        article.tags.set(tags)
        for stamp, text in spec.get("corrections", []):
            Correction.objects.create(article=article, text=text, created_at=_local(stamp))
        reversion.set_comment("Loaded from the sample content")
    return True


def demo_load(*, progress: Callable[[str], None] = lambda message: None) -> int:
    """Load whatever of the sample content is missing. Returns the articles created."""
    with transaction.atomic():
        for section in content.SECTIONS:
            Section.objects.get_or_create(slug=section["slug"], defaults=section)
        for author in content.AUTHORS:
            Author.objects.get_or_create(slug=author["slug"], defaults=author)
    photos: dict[str, Photo] = {}
    for spec in content.PHOTOS:
        photos[str(spec["file"])] = _photo(spec)
        progress(f"photo {spec['file']}")
    created = 0
    now = timezone.now()
    with transaction.atomic():
        for article in content.ARTICLES:
            if _article(article, photos, now):
                created += 1
                progress(f"article {article['slug']}")
    _comments()
    wire_demo_load()
    return created


def _comments() -> None:
    """Sample comments, added once: only to articles that have none yet."""
    slugs = {slug for slug, *_ in content.COMMENTS}
    with_comments = set(
        Comment.objects.filter(article__slug__in=slugs).values_list("article__slug", flat=True)
    )
    made: list[Comment] = []
    with transaction.atomic():
        for slug, name, text, reply_to, minutes in content.COMMENTS:
            if slug in with_comments:
                made.append(Comment(pk=None))
                continue
            article = Article.objects.get(slug=slug)
            parent = made[reply_to] if reply_to is not None else None
            made.append(
                comment_import(
                    article=article,
                    name=name,
                    text=text,
                    parent=parent,
                    created_at=(article.published_at or timezone.now())
                    + dt.timedelta(minutes=minutes),
                )
            )
