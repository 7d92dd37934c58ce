"""The roles, per role: the editor-in-chief holds every right of Editor and Moderator and
is no superuser; the comment queue answers each role as it may; a refusal is branded."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from broadsheet.discussion.models import Comment
from broadsheet.news.models import Article
from tests.support import factories

pytestmark = pytest.mark.django_db

QUEUE = "/desk/discussion/comment/?status__exact=pending"


def permissions(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_editor_in_chief_holds_every_editor_and_moderator_right_and_no_more():
    """Read from the migrated database: a later migration that gives Editor or Moderator
    a right and forgets the chief fails here."""
    chief = permissions("Editor-in-chief")
    assert chief == permissions("Editor") | permissions("Moderator")


def test_editor_in_chief_is_staff_but_not_superuser():
    chief = factories.user_with_role("Editor-in-chief")
    assert chief.is_staff and not chief.is_superuser
    assert not chief.has_perm("auth.change_user") and not chief.has_perm("auth.add_group")


@pytest.mark.parametrize(
    ("role", "status"),
    [("Editor-in-chief", 200), ("Moderator", 200), ("Editor", 403), ("Author", 403)],
)
def test_comment_queue_answers_each_role(client, role, status):
    article = factories.article(headline="Queued story")
    Comment.objects.create(
        article=article, name="Reader", text="Held for a look.", form_token="t1", text_hash="h1"
    )
    client.force_login(factories.user_with_role(role))
    response = client.get(QUEUE)
    assert response.status_code == status
    if status == 200:
        assert "Held for a look." in response.content.decode()


@pytest.mark.parametrize(("language", "title"), [("", "Not allowed"), ("uk", "Доступ заборонено")])
def test_a_refusal_in_the_desk_is_branded_and_in_the_address_language(client, language, title):
    client.force_login(factories.user_with_role("Editor"))
    prefix = f"/{language}" if language else ""
    response = client.get(f"{prefix}{QUEUE}")
    html = response.content.decode()
    assert response.status_code == 403
    assert title in html and 'class="site-header"' in html
    assert f'href="{prefix}/desk/"' in html


def test_editor_in_chief_publishes_and_moderates(client):
    chief = factories.user_with_role("Editor-in-chief")
    for right in (
        "news.publish_article",
        "news.withdraw_article",
        "news.change_any_article",
        "discussion.moderate_comment",
        "discussion.view_commenter_private",
        "discussion.add_ban",
    ):
        assert chief.has_perm(right), right
    draft = factories.article(status=Article.Status.DRAFT)
    client.force_login(chief)
    assert client.get(f"/desk/news/article/{draft.pk}/change/").status_code == 200


def test_createeditor_gives_the_editor_in_chief_role():
    out = io.StringIO()
    call_command("createeditor", "boss", "--role", "Editor-in-chief", stdout=out)
    user = User.objects.get(username="boss")
    assert "Editor-in-chief" in out.getvalue()
    assert user.groups.filter(name="Editor-in-chief").exists() and not user.is_superuser
