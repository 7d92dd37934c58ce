"""Shared data for the syndication tests: one fully dressed article and its world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from broadsheet.news.models import Article, Author, Section
from tests.support import factories


@dataclass
class Newsroom:
    section: Section
    writers: list[Author]
    article: Article


@pytest.fixture
def newsroom(db: None) -> Newsroom:
    """A live article with two authors, two tags, two sources and a lead photo."""
    section = factories.section("Policy")
    section.description = "Politics at home and abroad."
    section.save()
    writers = [factories.author("Mariia Kovalenko"), factories.author("Taras Lysenko")]
    article = factories.article(
        headline="Will the coalition hold?",
        section_obj=section,
        tags=["Diplomacy", "EU"],
        authors=writers,
        sources=[
            ("kyiv-vedomosti.example", "https://kyiv-vedomosti.example/a"),
            ("dnipro.example", "https://dnipro.example/b?x=1&y=2"),
        ],
        lead_photo=factories.photo(),
        published_at=timezone.now() - dt.timedelta(hours=2),
        body="<p>“Nobody expected it,” said the minister.</p><p>Second paragraph.</p>",
    )
    return Newsroom(section=section, writers=writers, article=article)
