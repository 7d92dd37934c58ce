"""`core.rows.row_insert` writes the row `save()` writes, and tells the same receivers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save, pre_save
from django.forms.models import model_to_dict
from django.utils import timezone

from broadsheet.core.rows import row_insert
from broadsheet.discussion.models import CaptchaChallenge, Comment, Commenter
from tests.support import factories

pytestmark = pytest.mark.django_db
CREATED = timezone.now() - dt.timedelta(minutes=3)


def _comment(article: Any, **extra: Any) -> Comment:
    values: dict[str, Any] = {
        "article": article,
        "name": "Olena",
        "email": "olena@example.org",
        "text": "Той самий текст, the same text.",
        "status": Comment.Status.PENDING,
        "reasons": ["new_commenter", "quiet_hours"],
        "ip": "2001:db8::7",
        "created_at": CREATED,
        "depth": 1,
    }
    values.update(extra)
    return Comment(**values)


def _stored(pk: int) -> dict[str, Any]:
    row = model_to_dict(Comment.objects.get(pk=pk))
    row.pop("id")
    row.pop("form_token")
    return row


def test_a_row_reads_back_as_the_orm_writes_it() -> None:
    article = factories.article()
    commenter = row_insert(Commenter())
    assert commenter.pk and Commenter.objects.get(pk=commenter.pk).key == commenter.key
    by_orm = _comment(article, form_token="by-orm", commenter=commenter)
    by_orm.save()
    by_rows = row_insert(_comment(article, form_token="by-rows", commenter=commenter))
    assert by_rows.pk is not None and by_rows.pk != by_orm.pk
    assert not by_rows._state.adding and by_rows._state.db == "default"
    assert _stored(by_rows.pk) == _stored(by_orm.pk)
    # Defaults the caller did not give are the model's (featured, report count, path).
    stored = Comment.objects.get(pk=by_rows.pk)
    assert (stored.featured, stored.report_count, stored.path) == (False, 0, "")
    assert stored.reasons == ["new_commenter", "quiet_hours"] and stored.ip == "2001:db8::7"


def test_the_save_signals_are_sent_with_the_saved_instance() -> None:
    article = factories.article()
    seen: list[tuple[str, Any, Any]] = []

    def before(sender: Any, instance: Comment, **kwargs: Any) -> None:
        seen.append(("pre", instance.pk, kwargs["raw"]))

    def after(sender: Any, instance: Comment, **kwargs: Any) -> None:
        seen.append(("post", instance.pk, kwargs["created"]))

    pre_save.connect(before, sender=Comment, dispatch_uid="test-rows-pre")
    post_save.connect(after, sender=Comment, dispatch_uid="test-rows-post")
    try:
        comment = row_insert(_comment(article, form_token="signals"))
    finally:
        pre_save.disconnect(dispatch_uid="test-rows-pre", sender=Comment)
        post_save.disconnect(dispatch_uid="test-rows-post", sender=Comment)
    assert seen == [("pre", None, False), ("post", comment.pk, True)]


def test_a_unique_value_taken_raises_and_writes_nothing() -> None:
    now = timezone.now()

    def challenge() -> CaptchaChallenge:
        return CaptchaChallenge(
            key="k" * 32, form_token="f", question="q", issued_at=now, expires_at=now
        )

    row_insert(challenge())
    with pytest.raises(IntegrityError), transaction.atomic():
        row_insert(challenge())
    assert CaptchaChallenge.objects.count() == 1


def test_a_saved_instance_is_refused() -> None:
    commenter = row_insert(Commenter())
    with pytest.raises(ValueError, match="new rows only"):
        row_insert(commenter)
