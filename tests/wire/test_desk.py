"""The wire desk's pages and actions, through Django's test client on the real URLs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from broadsheet.news import services as news_services
from broadsheet.news.models import Article
from broadsheet.wire import pipeline, services
from broadsheet.wire.models import Item, Source
from tests.support import factories
from tests.wire.helpers import add_source, serve_outlet
from tests.wire.stories import BRIDGE_UK, BRIDGE_UK_OTHER, HARVEST_RU, LIBRARY_EN

pytestmark = pytest.mark.django_db


@pytest.fixture
def polled(web):
    factories.section("Policy")
    a = add_source(serve_outlet(web, "a", [BRIDGE_UK, LIBRARY_EN]), name="Поділля сьогодні")
    b = add_source(serve_outlet(web, "b", [BRIDGE_UK_OTHER, HARVEST_RU]), name="Северный курьер")
    pipeline.source_poll(source=a)
    pipeline.source_poll(source=b)
    return a, b


@pytest.fixture
def editor_client(client):
    editor = factories.user_with_role("Editor")
    client.force_login(editor)
    client.editor = editor
    return client


def test_queue_lists_items_newest_first_with_their_cluster_and_no_model_notice(
    polled, editor_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = editor_client.get(reverse("wire:queue")).content.decode()
    titles = [BRIDGE_UK.title, LIBRARY_EN.title, BRIDGE_UK_OTHER.title, HARVEST_RU.title]
    positions = [page.index(t) for t in titles]
    assert positions[2] < positions[0]  # the second outlet's items came later
    assert "also in 1 source" in page
    assert "No translation model is installed" in page
    assert "Северный курьер" in page and "extraction" in page


def test_queue_filters_by_language_source_and_cluster(polled, editor_client):
    page = editor_client.get(reverse("wire:queue"), {"language": "ru"}).content.decode()
    assert HARVEST_RU.title in page and BRIDGE_UK.title not in page
    a, _b = polled
    page = editor_client.get(reverse("wire:queue"), {"source": a.pk}).content.decode()
    assert BRIDGE_UK.title in page and HARVEST_RU.title not in page
    cluster = Item.objects.get(title=BRIDGE_UK.title).cluster_id
    page = editor_client.get(
        reverse("wire:queue"), {"cluster": cluster, "status": ""}
    ).content.decode()
    assert BRIDGE_UK_OTHER.title in page and LIBRARY_EN.title not in page


def test_queue_is_in_the_editors_language(polled, editor_client):
    page = editor_client.get("/uk/desk/wire/").content.decode()
    assert "Зробити чернетку" in page
    page = editor_client.get("/ru/desk/wire/").content.decode()
    assert "Сделать черновик" in page


def test_make_draft_fills_in_the_attribution_and_the_item_becomes_the_editors(
    polled, editor_client
):
    item = Item.objects.get(title=HARVEST_RU.title)
    response = editor_client.post(reverse("wire:item_action", args=[item.pk, "draft"]))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/")
    assert article.status == Article.Status.DRAFT and article.language == "ru"
    assert article.headline == HARVEST_RU.title
    assert "рекордный урожай" in article.body
    assert [(s.name, s.url) for s in article.sources.all()] == [
        ("Северный курьер", item.canonical_url)
    ]
    assert "photo Северный курьер" in article.standfirst
    assert article.created_by == editor_client.editor
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFTED and item.editor == editor_client.editor
    assert item.article == article
    with pytest.raises(ValidationError):
        services.item_draft_make(item=item, user=editor_client.editor)


def test_dismiss_and_mark_duplicate(polled, editor_client):
    first = Item.objects.get(title=BRIDGE_UK.title)
    other = Item.objects.get(title=BRIDGE_UK_OTHER.title)
    editor_client.post(reverse("wire:item_action", args=[first.pk, "dismiss"]))
    editor_client.post(reverse("wire:item_action", args=[other.pk, "duplicate"]))
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.status == Item.Status.DISMISSED
    assert other.status == Item.Status.DUPLICATE and other.duplicate_of == first
    page = editor_client.get(reverse("wire:queue")).content.decode()
    assert BRIDGE_UK.title not in page


def test_actions_need_post_and_csrf(polled):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(factories.user_with_role("Editor"))
    item = Item.objects.first()
    url = reverse("wire:item_action", args=[item.pk, "dismiss"])
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
    item.refresh_from_db()
    assert item.status == Item.Status.NEW


def test_readers_and_moderators_cannot_use_the_wire(polled, client):
    assert client.get(reverse("wire:queue")).status_code == 302  # to the desk's login
    client.force_login(factories.user_with_role("Moderator"))
    assert client.get(reverse("wire:queue")).status_code == 403
    item = Item.objects.first()
    with pytest.raises(PermissionDenied):
        services.item_draft_make(item=item, user=factories.user_with_role("Moderator"))


def test_source_health_page_and_its_actions(polled, editor_client):
    a, _b = polled
    page = editor_client.get(reverse("wire:sources")).content.decode()
    assert "Поділля сьогодні" in page and "Items in 24 hours" in page
    editor_client.post(reverse("wire:source_action", args=[a.pk, "pause"]))
    a.refresh_from_db()
    assert a.status == Source.Status.PAUSED
    editor_client.post(reverse("wire:source_action", args=[a.pk, "resume"]))
    a.refresh_from_db()
    assert a.status == Source.Status.ACTIVE


def test_source_health_says_an_error_in_plain_words_and_flags_quiet_sources(web, editor_client):
    from tests.wire.conftest import Answer

    web.routes["/q/feed"] = Answer(503, b"")
    source = add_source(f"{web.url}/q/feed", name="Quiet")
    Source.objects.filter(pk=source.pk).update(
        created_at=source.created_at.replace(year=source.created_at.year - 1)
    )
    pipeline.source_poll(source=Source.objects.get(pk=source.pk))
    page = editor_client.get(reverse("wire:sources")).content.decode()
    assert "the feed answered 503" in page
    assert "Quiet: no new item for a long time" in page


def test_a_translated_draft_cannot_be_published_until_reviewed(polled, editor_client):
    item = Item.objects.get(title=BRIDGE_UK.title)
    Item.objects.filter(pk=item.pk).update(
        translation=Item.Translation.DONE,
        translated_title="A new footbridge opens in Kremenets",
        translated_text="<p>Translated text.</p>",
        translation_language="en",
    )
    article = services.item_draft_make(item=item, user=editor_client.editor)
    assert article.translated_from == "uk" and article.language == "en"
    assert article.headline == "A new footbridge opens in Kremenets"
    with pytest.raises(ValidationError, match="reviewed"):
        news_services.article_publish(article=article, user=editor_client.editor)
    news_services.article_translation_review(article=article, user=editor_client.editor)
    news_services.article_publish(article=article, user=editor_client.editor)
    assert article.status == Article.Status.PUBLISHED
    item.refresh_from_db()
    assert item.title == BRIDGE_UK.title  # the original stays beside the translation


def test_item_page_shows_the_original_its_cluster_and_what_changed_at_the_source(
    web, editor_client
):
    from tests.wire.conftest import Answer
    from tests.wire.stories import page_html, rss2

    a = add_source(serve_outlet(web, "a", [BRIDGE_UK]), name="A")
    b = add_source(serve_outlet(web, "b", [BRIDGE_UK_OTHER]), name="B")
    pipeline.source_poll(source=a)
    pipeline.source_poll(source=b)
    item = Item.objects.get(title=BRIDGE_UK.title)
    changed = BRIDGE_UK.__class__(
        **{**BRIDGE_UK.__dict__, "title": "У Кременці відкрили міст через Ікву (оновлено)"}
    )
    url = f"{web.url}/a/mist"
    web.routes["/a/mist"] = Answer(200, page_html(changed, url=url).encode())
    web.routes["/a/feed"] = Answer(200, rss2([(changed, url)]).encode())
    pipeline.source_poll(source=Source.objects.get(pk=a.pk))
    page = editor_client.get(reverse("wire:item", args=[item.pk])).content.decode()
    assert "розрахована на сто років" in page
    assert "Changed at the source" in page and "(оновлено)" in page
    assert 'class="diff"' in page
    assert BRIDGE_UK_OTHER.title in page  # the same story elsewhere
    assert "proposed credit “photo A”" in page


def test_the_translation_is_marked_reviewed_from_the_items_page(polled, editor_client):
    item = Item.objects.get(title=BRIDGE_UK.title)
    Item.objects.filter(pk=item.pk).update(
        translation=Item.Translation.DONE,
        translated_title="A new footbridge",
        translated_text="<p>Text.</p>",
        translation_language="en",
    )
    editor_client.post(reverse("wire:item_action", args=[item.pk, "draft"]))
    page = editor_client.get(reverse("wire:item", args=[item.pk])).content.decode()
    assert "Mark the translation reviewed" in page
    editor_client.post(reverse("wire:item_action", args=[item.pk, "reviewed"]))
    article = Article.objects.get()
    assert article.translation_reviewed
    assert (
        "Translation reviewed."
        in editor_client.get(reverse("wire:item", args=[item.pk])).content.decode()
    )
    author = factories.user_with_role("Author")
    with pytest.raises(PermissionDenied):
        news_services.article_translation_review(article=article, user=author)


def test_poll_now_polls_the_source_through_the_task_queue(web, editor_client):
    from huey.contrib.djhuey import HUEY

    source = add_source(serve_outlet(web, "n", [LIBRARY_EN]), name="Now")
    HUEY.immediate = True
    try:
        editor_client.post(reverse("wire:source_action", args=[source.pk, "poll"]))
    finally:
        HUEY.immediate = False
    assert Item.objects.filter(source=source).count() == 1
    source.refresh_from_db()
    assert source.last_polled_at is not None


def test_the_desks_index_lists_the_wire_for_editors_only(polled, editor_client, client):
    index = editor_client.get("/desk/").content.decode()
    assert 'href="/desk/wire/item/"' in index and 'href="/desk/wire/source/"' in index
    assert editor_client.get("/desk/wire/item/")["Location"] == reverse("wire:queue")
    assert editor_client.get("/desk/wire/source/")["Location"] == reverse("wire:sources")
    client.force_login(factories.user_with_role("Moderator"))
    assert "/desk/wire/item/" not in client.get("/desk/").content.decode()


def test_queue_pages_go_back_in_time_with_the_same_filters(polled, editor_client, monkeypatch):
    from broadsheet.wire import views

    monkeypatch.setattr(views, "QUEUE_SIZE", 2)
    first = editor_client.get(reverse("wire:queue"), {"status": "new"}).content.decode()
    assert "page=2" in first and "status=new" in first and 'rel="prev"' not in first
    second = editor_client.get(reverse("wire:queue"), {"status": "new", "page": 2}).content.decode()
    assert 'rel="prev"' in second and 'rel="next"' not in second
    titles = [BRIDGE_UK.title, LIBRARY_EN.title, BRIDGE_UK_OTHER.title, HARVEST_RU.title]
    assert sum(t in first for t in titles) == 2 and sum(t in second for t in titles) == 2
    assert not any(t in first and t in second for t in titles)


def test_a_draft_is_never_changed_when_its_story_changes_at_the_source(web, editor_client):
    from tests.wire.conftest import Answer
    from tests.wire.stories import page_html, rss2

    factories.section("Policy")
    source = add_source(serve_outlet(web, "a", [LIBRARY_EN]), name="A")
    pipeline.source_poll(source=source)
    item = Item.objects.get()
    article = services.item_draft_make(item=item, user=editor_client.editor)
    before = (article.headline, article.body)
    changed = LIBRARY_EN.__class__(**{**LIBRARY_EN.__dict__, "title": "Library shuts at night"})
    url = f"{web.url}/a/library"
    web.routes["/a/library"] = Answer(200, page_html(changed, url=url).encode())
    web.routes["/a/feed"] = Answer(200, rss2([(changed, url)]).encode())
    assert pipeline.source_poll(source=Source.objects.get(pk=source.pk)).poll.items_updated == 1
    article.refresh_from_db()
    assert (article.headline, article.body) == before
    item.refresh_from_db()
    assert item.title == "Library shuts at night" and item.article == article


def test_a_draft_takes_the_sources_lead_picture_credited_to_the_source(web, polled, editor_client):
    """The outlet's lead picture becomes the draft's photo: fetched through the safe
    fetcher, checked and re-encoded as an upload is, credited "photo <outlet>" as the
    reference page credits it; a broken picture leaves the proposal as a note instead."""
    import io
    from urllib.parse import urlsplit

    from PIL import Image

    from tests.wire.conftest import Answer

    item = Item.objects.get(title=HARVEST_RU.title)
    assert item.lead_image_url.startswith(web.url)
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(picture, "JPEG")
    web.routes[urlsplit(item.lead_image_url).path] = Answer(
        200, picture.getvalue(), {"Content-Type": "image/jpeg"}
    )
    editor_client.post(reverse("wire:item_action", args=[item.pk, "draft"]))
    article = Article.objects.get()
    photo = article.lead_photo
    assert photo is not None and photo.credit == "photo Северный курьер"
    assert (photo.width, photo.height) == (1200, 800) and photo.renditions
    assert photo.alt_text == article.headline
    assert "Proposed photo" not in article.standfirst

    other = Item.objects.get(title=BRIDGE_UK_OTHER.title)
    web.routes[urlsplit(other.lead_image_url).path] = Answer(
        200, b"<svg onload=alert(1)>", {"Content-Type": "image/jpeg"}
    )
    editor_client.post(reverse("wire:item_action", args=[other.pk, "draft"]))
    second = Article.objects.exclude(pk=article.pk).get()
    assert second.lead_photo is None and "Proposed photo" in second.standfirst
