"""The wire desk's writes a person makes: sources added, paused, resumed or polled
soon; items made into drafts, dismissed or marked duplicate; old items pruned.

Polling and ingesting are in `pipeline`, which the worker and the commands run: the web
processes never load its libraries (feed parsing, extraction, language models, MinHash:
about 90 MiB and a second of start-up per process).
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import html as lxml_html

from broadsheet.news import services as news_services
from broadsheet.news.models import Article, Section
from broadsheet.photos.services import photo_create
from broadsheet.wire.fetch import FetchError, fetch
from broadsheet.wire.models import Cluster, Item, Poll, Source

log = logging.getLogger(__name__)


Actor = User | AnonymousUser


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


# The wire uses the news permissions, so the desk's roles need nothing new: whoever may
# write articles may take stories from the wire; editors (who publish) manage sources.
USE = "news.add_article"


MANAGE = "news.publish_article"
# How long a draft waits for its source's lead picture before going without it.
PICTURE_SECONDS = 15.0


def check_can_use_desk(*, user: Actor) -> None:
    if not user.has_perm(USE):
        raise PermissionDenied(_("You may not use the wire desk."))


def feed_url_discover(*, homepage: str) -> str:
    """The first feed a homepage announces with <link rel="alternate">. Raises FetchError."""
    response = fetch(homepage, max_bytes=2 * 1024 * 1024)
    if response.status != 200:
        raise FetchError(_("the homepage answered %(status)s") % {"status": response.status})
    try:
        tree = lxml_html.fromstring(response.body)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise FetchError(_("the homepage is not readable HTML")) from exc
    for link in tree.xpath("//link[@href]"):
        rel = str(link.get("rel", "")).lower().split()
        kind = str(link.get("type", "")).lower()
        if "alternate" in rel and kind in FEED_TYPES:
            return urljoin(response.url, str(link.get("href")).strip())
    raise FetchError(_("the homepage announces no RSS or Atom feed; give the feed's URL"))


def source_add(
    *,
    name: str,
    homepage: str,
    feed_url: str = "",
    language: str = "",
    poll_interval: int = 900,
    section: Section | None = None,
    fetch_full_text: bool = True,
    target_language: str = "",
) -> Source:
    """Follow a new outlet; without `feed_url` it is discovered from `homepage`.

    Raises ValidationError (bad values) or FetchError (discovery failed).
    """
    if not name.strip():
        raise ValidationError(_("A source needs a name."))
    if poll_interval < 60:
        raise ValidationError(_("Poll at most once a minute."))
    if not feed_url:
        feed_url = feed_url_discover(homepage=homepage)
    source = Source(
        name=name.strip(),
        homepage=homepage,
        feed_url=feed_url,
        language=language,
        poll_interval=poll_interval,
        section=section,
        fetch_full_text=fetch_full_text,
        target_language=target_language,
        next_poll_at=timezone.now(),
    )
    source.full_clean()
    source.save()
    return source


def source_pause(*, source: Source, reason: str, user: Actor | None = None) -> Source:
    """Stop polling `source` (`user`, when given, must manage sources)."""
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied(_("Only an editor may pause or resume a source."))
    source.status = Source.Status.PAUSED
    source.paused_reason = reason
    source.save(update_fields=["status", "paused_reason"])
    return source


def source_resume(*, source: Source, user: Actor | None = None) -> Source:
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied(_("Only an editor may pause or resume a source."))
    source.status = Source.Status.ACTIVE
    source.paused_reason = ""
    source.failures = 0
    source.next_poll_at = timezone.now()
    source.save(update_fields=["status", "paused_reason", "failures", "next_poll_at"])
    return source


def source_poll_soon(*, source: Source, user: Actor | None = None) -> Source:
    """Make the source due now (the worker's next round polls it)."""
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied(_("Only an editor may poll a source now."))
    source.next_poll_at = timezone.now()
    source.save(update_fields=["next_poll_at"])
    return source


def _unique_slug(headline: str) -> str:
    base = slugify(headline, allow_unicode=True)[:200] or "wire"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def item_draft_make(*, item: Item, user: Actor, section: Section | None = None) -> Article:
    """Make a draft of `item` (see `_item_draft_make`), with the source's lead picture
    as its photo, credited to the source, when it can be fetched and is a real picture
    (fetched first, outside the transaction: the database is never held on the network)."""
    check_can_use_desk(user=user)
    return _item_draft_make(item=item, user=user, section=section, picture=_lead_picture(item))


def _lead_picture(item: Item) -> bytes | None:
    if not item.lead_image_url:
        return None
    try:
        response = fetch(
            item.lead_image_url,
            max_bytes=settings.BROADSHEET_PHOTO_MAX_BYTES,
            max_seconds=PICTURE_SECONDS,
        )
    except FetchError:
        return None
    return response.body if response.status == 200 else None


@transaction.atomic
def _item_draft_make(
    *, item: Item, user: Actor, section: Section | None, picture: bytes | None
) -> Article:
    """Make a news draft of `item` (its translation when there is one) for `user`, with
    “Based on materials” filled in; the item then belongs to that editor.

    Raises PermissionDenied, or ValidationError when the item already has a draft.
    """
    check_can_use_desk(user=user)
    item = Item.objects.select_for_update().select_related("source").get(pk=item.pk)
    if item.article_id is not None:
        raise ValidationError(_("A draft was already made from this item."))
    section = section or item.source.section or Section.objects.order_by("order", "pk").first()
    if section is None:
        raise ValidationError(_("Create a section first: a draft needs one."))
    translated = item.translation == Item.Translation.DONE and bool(item.translated_text)
    languages = {code for code, _name in settings.LANGUAGES}
    if translated:
        headline, body, language = (
            item.translated_title or item.title,
            item.translated_text,
            item.translation_language,
        )
    else:
        headline, body, language = item.title, item.text, item.language
    if language not in languages:
        language = settings.LANGUAGE_CODE
    photo, credit = None, ""
    if picture is not None:
        try:
            photo = photo_create(
                data=picture,
                name=f"wire-{item.pk}",
                alt_text=headline,  # a first description: the editor checks it
                credit=_("photo %(source)s") % {"source": item.image_credit or item.source.name},
            )
        except ValidationError:
            photo = None
    if photo is None and item.lead_image_url:
        credit = _("Proposed photo: %(url)s, credit “photo %(credit)s”.") % {
            "url": item.lead_image_url,
            "credit": item.image_credit,
        }
    article = news_services.article_draft_create(
        user=user,
        headline=headline,
        body=body or f"<p>{item.summary}</p>",
        language=language,
        section=section,
        slug=_unique_slug(headline),
        standfirst=credit,
        sources=[(item.source.name, item.canonical_url or item.url)],
        translated_from=item.language if translated else "",
        lead_photo=photo,
    )
    item.article = article
    item.editor = user if isinstance(user, User) else None
    item.status = Item.Status.DRAFTED
    item.save(update_fields=["article", "editor", "status"])
    return article


def item_translation_reviewed(*, item: Item, user: Actor) -> Article:
    """An editor has read the machine translation of the draft made from `item`: its
    article may be published. Raises ValidationError when there is no such draft."""
    check_can_use_desk(user=user)
    article = item.article
    if article is None or not article.translated_from:
        raise ValidationError(_("This item has no machine-translated draft."))
    return news_services.article_translation_review(article=article, user=user)


def item_dismiss(*, item: Item, user: Actor) -> Item:
    check_can_use_desk(user=user)
    item.status = Item.Status.DISMISSED
    item.save(update_fields=["status"])
    return item


def item_mark_duplicate(*, item: Item, user: Actor, of: Item | None = None) -> Item:
    """Mark `item` a duplicate (of `of`, else of the oldest other item of its cluster)."""
    check_can_use_desk(user=user)
    if of is None and item.cluster_id:
        of = (
            Item.objects.filter(cluster_id=item.cluster_id)
            .exclude(pk=item.pk)
            .order_by("pk")
            .first()
        )
    item.status = Item.Status.DUPLICATE
    item.duplicate_of = of
    item.save(update_fields=["status", "duplicate_of"])
    return item


def items_prune(*, older_than_days: int, dry_run: bool = True) -> int:
    """Delete items first seen more than `older_than_days` ago that never became a draft,
    and polls as old. Returns how many items were (or, in a dry run, would be) deleted."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    items = Item.objects.filter(first_seen_at__lt=cutoff, article__isnull=True)
    count = items.count()
    if not dry_run:
        with transaction.atomic():
            items.delete()
            Poll.objects.filter(started_at__lt=cutoff).delete()
            Cluster.objects.filter(items__isnull=True).delete()
    return count
