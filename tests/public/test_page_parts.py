"""Page parts kept as markup (`news` template tags): each is what its template made, and
follows everything it shows: a changed one is never served the older markup."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone, translation
from django.utils.translation import ngettext

from broadsheet.news import selectors
from broadsheet.news.models import Section
from broadsheet.news.templatetags.news import site_header, teaser
from tests.support import factories

pytestmark = pytest.mark.django_db

# `news/_teaser.html` as a template that works out its picture itself, rendered each
# time (the tag keeps its markup and gives the template the picture).
INCLUDED = """<article class="teaser">
  {% if with_photo and item.lead_photo %}{% set pic = item.lead_photo|picture_sources %}
  <picture>
    <source type="image/webp" srcset="{{ pic.webp_srcset }}" sizes="(min-width: 60em) 20em, 100vw">
    <img src="{{ pic.fallback_url }}" srcset="{{ pic.jpeg_srcset }}" sizes="(min-width: 60em) 20em, 100vw" alt="{{ item.lead_photo.alt_text }}" width="{{ pic.width }}" height="{{ pic.height }}" loading="lazy" decoding="async">
  </picture>{% endif %}
  <{{ heading_tag|default("h3") }} class="teaser-headline" lang="{{ item.language }}"><a href="{{ item.get_absolute_url() }}">{{ item.headline }}</a></{{ heading_tag|default("h3") }}>
  <p class="meta"><time datetime="{{ item.published_at|htmldatetime }}">{{ item.published_at|newsdate }}</time> | <a href="{{ item.section.get_absolute_url() }}">{{ item.section.name }}</a></p>
  {% if item.standfirst %}<p class="standfirst" lang="{{ item.language }}">{{ item.standfirst }}</p>{% endif %}
  {% if item.comment_count %}<p class="teaser-comments"><a href="{{ item.get_absolute_url() }}#comments">{{ ngettext("%(counter)s comment", "%(counter)s comments", item.comment_count)|format(counter=item.comment_count) }}</a></p>{% endif %}
</article>
"""  # noqa: E501


def included(item, **options) -> str:
    template = engines["jinja2"].from_string(INCLUDED)
    return template.render({"item": item, "ngettext": ngettext, **options})


def variants(item):
    """The item, then a copy with each shown field changed in turn."""
    yield item
    for field, value in [
        ("headline", 'A new "headline" <b>&</b>'),
        ("slug", "a-new-slug"),
        ("language", "uk"),
        ("standfirst", ""),
        ("standfirst", "Another <standfirst>"),
        ("published_at", item.published_at - dt.timedelta(days=40, minutes=7)),
        ("comment_count", 0),
        ("comment_count", 1),
        ("comment_count", 5),
    ]:
        changed = copy.copy(item)
        setattr(changed, field, value)
        yield changed
    for name, slug in [("Renamed <section>", item.section.slug), (item.section.name, "moved")]:
        renamed = copy.copy(item)
        renamed.section = Section(pk=item.section.pk, name=name, slug=slug)
        yield renamed
    recaptioned = copy.copy(item)
    recaptioned.lead_photo = copy.copy(item.lead_photo)
    recaptioned.lead_photo.alt_text = 'Another "alt" text'
    yield recaptioned
    rerendered = copy.copy(item)
    rerendered.lead_photo = copy.copy(item.lead_photo)
    rerendered.lead_photo.renditions = item.lead_photo.renditions[:1]
    yield rerendered
    no_photo = copy.copy(item)
    no_photo.lead_photo = None
    yield no_photo


def test_a_teaser_is_the_included_template_whatever_changes():
    article = factories.article(headline="Teaser <one>", lead_photo=factories.photo())
    [item] = selectors._teasers_by_id([article.pk]).values()
    item.comment_count = 3
    for language in ("en", "uk", "ru"):
        for zone in ("Europe/Kyiv", "America/New_York"):
            with translation.override(language), timezone.override(zone):
                for variant in variants(item):
                    for options in (
                        {"with_photo": True},
                        {"with_photo": False},
                        {"with_photo": True, "heading_tag": "h2"},
                    ):
                        expected = included(variant, **options)
                        assert teaser(variant, **options) == expected
                        # And again, from what the first call kept.
                        assert teaser(variant, **options) == expected


def test_the_site_header_follows_its_sections_name_and_language():
    from django.template.loader import render_to_string

    sections = [Section.objects.create(name="Politics & <Power>", slug="politics")]
    seen = set()
    for language in ("en", "uk"):
        with translation.override(language):
            for name, tagline in [
                ("Broadsheet", "News"),
                ('The "Daily" <b>', "News"),
                ("Broadsheet", "Tag & line"),
            ]:
                for shown in (sections, [*sections, Section(pk=999, name="Sport", slug="sport")]):
                    context = {"site_name": name, "site_tagline": tagline, "nav_sections": shown}
                    expected = render_to_string("core/_site_header.html", context)
                    assert site_header(name, tagline, shown) == expected
                    assert site_header(name, tagline, shown) == expected  # from the memo
                    seen.add(expected)
    assert len(seen) == 12
    renamed = [Section(pk=sections[0].pk, name="Power", slug="politics")]
    assert ">Power</a>" in site_header("Broadsheet", "News", renamed)


def test_the_site_header_follows_the_script_prefix():
    """A site mounted under a prefix: every link of the header, the sections' too."""
    from django.template.loader import render_to_string
    from django.urls import clear_script_prefix, set_script_prefix

    sections = [Section.objects.create(name="Politics", slug="politics")]
    assert 'href="/section/politics/"' in site_header("Broadsheet", "News", sections)
    set_script_prefix("/mounted/")
    try:
        context = {"site_name": "Broadsheet", "site_tagline": "News", "nav_sections": sections}
        html = site_header("Broadsheet", "News", sections)
        assert html == render_to_string("core/_site_header.html", context)
        assert 'href="/mounted/section/politics/"' in html
        assert 'href="/section/' not in html
    finally:
        clear_script_prefix()
