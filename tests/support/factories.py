"""Test data made through the models and services, as the desk would make it."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import itertools
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from broadsheet.news.models import Article, ArticleSource, Author, Byline, Section, Tag
from broadsheet.photos.models import Photo
from broadsheet.photos.services import photo_make_renditions

_seq = itertools.count(1)


def role_group(name: str) -> Group:
    """The role's group. A transactional test flushes the tables, groups included; then
    the groups are made again from the permission lists frozen in the desk migrations
    (the permissions themselves come back with the flush's post_migrate)."""
    if not Group.objects.filter(name=name).exists():
        for module in ("0001_roles", "0002_discussion_roles", "0003_editor_in_chief"):
            migration = importlib.import_module(f"broadsheet.desk.migrations.{module}")
            for role, codes in migration.ROLE_PERMISSIONS.items():
                group, _ = Group.objects.get_or_create(name=role)
                for code in codes:
                    app_label, codename = code.split(".")
                    group.permissions.add(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
    return Group.objects.get(name=name)


def user_with_role(
    role: str,
    username: str | None = None,
    password: str = "pw-for-tests-1",  # noqa: S107 - a test password
) -> User:
    user = User.objects.create_user(
        username=username or f"{role.lower()}{next(_seq)}", password=password, is_staff=True
    )
    user.groups.add(role_group(role))
    return user


def section(name: str = "Policy", slug: str | None = None, order: int = 1) -> Section:
    return Section.objects.get_or_create(
        slug=slug or name.lower().replace(" ", "-"), defaults={"name": name, "order": order}
    )[0]


def author(name: str = "Mariia Test") -> Author:
    n = next(_seq)
    return Author.objects.create(name=f"{name} {n}", slug=f"author-{n}")


def photo(credit: str = "Олена Гнатюк", width: int = 1600, height: int = 900) -> Photo:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "JPEG")
    obj = Photo(alt_text="A blue test picture", caption="Test caption", credit=credit)
    obj.image.save(f"test-{next(_seq)}.jpg", ContentFile(buffer.getvalue()), save=False)
    obj.save()
    photo_make_renditions(photo=obj)
    return obj


def article(
    *,
    headline: str | None = None,
    status: str = Article.Status.PUBLISHED,
    published_at: dt.datetime | None = None,
    section_obj: Section | None = None,
    tags: list[str] | None = None,
    authors: list[Author] | None = None,
    sources: list[tuple[str, str]] | None = None,
    lead_photo: Photo | None = None,
    created_by: User | None = None,
    **extra: Any,
) -> Article:
    n = next(_seq)
    if published_at is None and status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        published_at = timezone.now() - dt.timedelta(hours=n)
    obj = Article.objects.create(
        headline=headline or f"Test headline {n}",
        slug=f"test-article-{n}",
        standfirst="A standfirst for the test.",
        body=extra.pop("body", "<p>First paragraph.</p><p>Second paragraph.</p>"),
        section=section_obj or section(),
        status=status,
        published_at=published_at,
        lead_photo=lead_photo,
        created_by=created_by,
        **extra,
    )
    for position, a in enumerate(authors or []):
        Byline.objects.create(article=obj, author=a, position=position)
    for position, (name, url) in enumerate(sources or []):
        ArticleSource.objects.create(article=obj, name=name, url=url, position=position)
    if tags:
        obj.tags.set(
            [Tag.objects.get_or_create(slug=t.lower(), defaults={"name": t})[0] for t in tags]
        )
    return obj
