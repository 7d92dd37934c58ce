"""The moderation policy and the services, called directly."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from broadsheet.discussion import policy, services
from broadsheet.discussion.models import (
    ArticleDiscussion,
    Ban,
    BannedWord,
    Comment,
    Commenter,
    ModerationLog,
)
from tests.support import factories
from tests.support.posting import post, submit

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def article():
    return factories.article()


@pytest.fixture
def moderator():
    return factories.user_with_role("Moderator")


def test_open_thread_publishes_at_once(article):
    assert post(article).status == Status.APPROVED


def test_premoderated_article_holds_every_comment(article):
    ArticleDiscussion.objects.create(article=article, mode="premoderated")
    comment = post(article)
    assert comment.status == Status.PENDING
    assert comment.reasons == [policy.Reason.PREMODERATED]


def test_site_default_premoderation_applies_without_override(article, settings):
    settings.DISCUSSION_DEFAULT_MODE = "premoderated"
    assert post(article).status == Status.PENDING


def test_closed_thread_rejects(article):
    ArticleDiscussion.objects.create(article=article, mode="closed")
    with pytest.raises(services.CommentRejected) as err:
        post(article)
    assert err.value.code == "closed"


def test_thread_closes_automatically_after_n_days_unless_kept_open(settings):
    settings.DISCUSSION_CLOSE_AFTER_DAYS = 30
    old = factories.article(published_at=timezone.now() - dt.timedelta(days=31))
    with pytest.raises(services.CommentRejected):
        post(old)
    ArticleDiscussion.objects.create(article=old, keep_open=True)
    assert post(old).status == Status.APPROVED


def test_quiet_hours_switch_the_site_to_premoderation(settings):
    settings.DISCUSSION_QUIET_HOURS = "23:00-07:00"
    kyiv_night = dt.datetime(2025, 1, 8, 22, 30, tzinfo=dt.UTC)  # 00:30 in Kyiv
    article = factories.article(published_at=kyiv_night - dt.timedelta(hours=2))
    with time_machine.travel(kyiv_night, tick=False):
        assert policy.in_quiet_hours()
        comment = post(article)
    assert comment.status == Status.PENDING and policy.Reason.QUIET_HOURS in comment.reasons
    with time_machine.travel(dt.datetime(2025, 1, 8, 10, 0, tzinfo=dt.UTC), tick=False):
        assert not policy.in_quiet_hours()


def test_new_commenter_is_held_until_n_comments_approved(article, settings, moderator):
    settings.DISCUSSION_TRUST_THRESHOLD = 2
    first = submit(article, text="first")
    assert first.comment.status == Status.PENDING
    assert first.comment.reasons == [policy.Reason.NEW_COMMENTER]
    key = first.commenter_key
    services.comment_approve(comment=first.comment, user=moderator)
    second = post(article, text="second", commenter_key=key)
    assert second.status == Status.PENDING
    services.comment_approve(comment=second, user=moderator)
    assert post(article, text="third", commenter_key=key).status == Status.APPROVED
    assert Commenter.objects.count() == 1


def test_trust_threshold_zero_turns_earned_trust_off(article, settings):
    settings.DISCUSSION_TRUST_THRESHOLD = 0
    assert post(article).status == Status.APPROVED


def test_banned_word_holds_whole_words_only_any_case_and_cyrillic(article):
    BannedWord.objects.create(word="мразь")
    BannedWord.objects.create(word="scum")
    assert post(article, text="Ты МРАЗЬ!").status == Status.PENDING
    assert post(article, text="They are Scum.").reasons == [policy.Reason.BANNED_WORD]
    assert post(article, text="scumbag is another word").status == Status.APPROVED
    assert post(article, text="безобразие, мразью").status == Status.APPROVED


def test_ban_by_ip_range_email_and_name_rejects(article):
    Ban.objects.create(kind="ip", value="203.0.113.0/24", reason="flood")
    Ban.objects.create(kind="email", value="Troll@Example.org", reason="abuse")
    Ban.objects.create(kind="name", value="Ivan Troll", reason="abuse")
    for kwargs in ({"ip": "203.0.113.99"}, {"email": "troll@example.org"}, {"name": "ivan troll"}):
        with pytest.raises(services.CommentRejected) as err:
            post(article, **kwargs)
        assert err.value.code == "banned"
    assert post(article, ip="203.0.114.1").status == Status.APPROVED


def test_expired_ban_no_longer_applies(article):
    Ban.objects.create(
        kind="ip",
        value="198.51.100.7",
        reason="x",
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert post(article).status == Status.APPROVED


def test_rate_limit_per_ip_says_when_to_try_again(article, settings):
    settings.DISCUSSION_RATE_PER_IP = "2/60"
    post(article, text="one")
    post(article, text="two")
    with pytest.raises(services.CommentRejected) as err:
        post(article, text="three")
    assert err.value.code == "rate_limited" and 1 <= err.value.retry_after <= 61
    assert post(article, text="other reader", ip="192.0.2.1").status == Status.APPROVED


def test_rate_limit_per_article(article, settings):
    settings.DISCUSSION_RATE_PER_ARTICLE = "2/60"
    post(article, ip="192.0.2.1", text="a")
    post(article, ip="192.0.2.2", text="b")
    with pytest.raises(services.CommentRejected):
        post(article, ip="192.0.2.3", text="c")
    assert post(factories.article(), ip="192.0.2.3", text="c").status == Status.APPROVED


def test_duplicate_text_within_window_is_held(article):
    post(article, text="Buy   cheap watches")
    again = post(factories.article(), text="buy cheap WATCHES", ip="192.0.2.9")
    assert again.status == Status.PENDING and again.reasons == [policy.Reason.DUPLICATE]


def test_too_many_links_are_held(article, settings):
    settings.DISCUSSION_MAX_LINKS = 1
    assert post(article, text="http://a.example").status == Status.APPROVED
    held = post(article, text="http://a.example/1 http://b.example/2")
    assert held.reasons == [policy.Reason.TOO_MANY_LINKS]


def test_honeypot_marks_spam(article):
    comment = post(article, honeypot="http://spam.example")
    assert comment.status == Status.SPAM and comment.reasons == [policy.Reason.HONEYPOT]


def test_missing_proof_of_work_holds_or_rejects_as_configured(article, settings):
    held = post(article, pow_payload="")
    assert held.status == Status.PENDING and held.reasons == [policy.Reason.NO_POW]
    settings.DISCUSSION_POW_MISSING = "reject"
    with pytest.raises(services.CommentRejected):
        post(article, pow_payload="")


def test_too_fast_submission_is_rejected(article, settings):
    settings.DISCUSSION_MIN_SUBMIT_SECONDS = 5
    with pytest.raises(services.CommentRejected) as err:
        post(article)
    assert err.value.code == "too_fast"


def test_same_form_token_never_posts_twice(article):
    first = submit(article)
    from broadsheet.discussion import captcha

    issued = captcha.captcha_issue()
    again = services.comment_submit(
        article=article,
        name="Reader",
        text="A fair point.",
        form_token=first.comment.form_token,
        captcha_token=issued.token,
        captcha_answer="x",
    )
    assert again.replayed and again.comment.pk == first.comment.pk
    assert Comment.objects.count() == 1


def test_reply_is_threaded_with_path_and_depth(article):
    root = post(article, text="root")
    child = post(article, text="child", parent_id=root.pk)
    grandchild = post(article, text="grandchild", parent_id=child.pk)
    assert (child.depth, grandchild.depth) == (1, 2)
    assert grandchild.root_id == root.pk
    assert grandchild.path.startswith(child.path + "/")


def test_reply_to_a_hidden_comment_is_rejected(article, moderator):
    root = post(article)
    services.comment_remove(comment=root, user=moderator)
    with pytest.raises(services.CommentRejected):
        post(article, parent_id=root.pk)


def test_moderator_actions_are_logged_with_before_and_after(article, moderator):
    comment = post(article)
    services.comment_remove(comment=comment, user=moderator)
    services.comment_approve(comment=comment, user=moderator)
    services.comment_mark_spam(comment=comment, user=moderator)
    services.comment_set_featured(comment=comment, user=moderator, featured=True)
    services.comment_edit(comment=comment, user=moderator, text="Edited text")
    log = list(ModerationLog.objects.order_by("id"))
    assert [e.action for e in log] == ["remove", "approve", "spam", "feature", "edit"]
    assert all(e.actor == moderator for e in log)
    assert log[0].before["status"] == "approved" and log[0].after["status"] == "removed"
    assert log[-1].before["text"] == "A fair point." and log[-1].after["text"] == "Edited text"


def test_only_moderators_moderate(article):
    comment = post(article)
    editor = factories.user_with_role("Editor")
    with pytest.raises(PermissionDenied):
        services.comment_approve(comment=comment, user=editor)


def test_ban_and_banned_word_changes_are_logged(moderator):
    ban = services.ban_save(ban=Ban(kind="ip", value="10.0.0.0/8", reason="bots"), user=moderator)
    services.ban_lift(ban=ban, user=moderator)
    word = services.banned_word_add(word="spamword", user=moderator)
    services.banned_word_remove(word=word, user=moderator)
    assert list(ModerationLog.objects.order_by("id").values_list("action", flat=True)) == [
        "ban",
        "unban",
        "word_add",
        "word_remove",
    ]


def test_invalid_ip_ban_is_refused(moderator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.ban_save(ban=Ban(kind="ip", value="not-an-ip", reason="x"), user=moderator)


def test_reports_once_per_reader_and_hide_past_threshold(article, settings, moderator):
    settings.DISCUSSION_REPORT_THRESHOLD = 2
    comment = post(article)
    services.comment_report(comment=comment, reporter_key="r1", reason="abuse")
    with pytest.raises(services.CommentRejected):
        services.comment_report(comment=comment, reporter_key="r1", reason="spam")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    services.comment_report(comment=comment, reporter_key="r2", reason="abuse")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and policy.Reason.REPORTS in comment.reasons
    services.comment_approve(comment=comment, user=moderator)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.report_count == 0


def test_erase_comment_ips_command_has_a_dry_run_and_is_repeatable(article, settings):
    settings.DISCUSSION_IP_RETENTION_DAYS = 30
    old = post(article, text="old")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    new = post(article, text="new")
    out = io.StringIO()
    call_command("erase_comment_ips", "--dry-run", stdout=out)
    assert "would erase the IP address of 1 comment" in out.getvalue()
    assert Comment.objects.get(pk=old.pk).ip is not None
    call_command("erase_comment_ips", stdout=out)
    call_command("erase_comment_ips", stdout=out)
    assert Comment.objects.get(pk=old.pk).ip is None
    assert Comment.objects.get(pk=new.pk).ip == "198.51.100.7"
    assert out.getvalue().strip().endswith("0 comment(s) older than 30 days")


@pytest.mark.django_db(transaction=True)
def test_expired_ips_are_erased_by_the_next_comment_without_a_scheduler(settings):
    from broadsheet.discussion import services as discussion_services

    settings.DISCUSSION_IP_RETENTION_DAYS = 30
    article = factories.article()
    old = post(article, text="An old comment", ip="203.0.113.5")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    discussion_services._last_erase["at"] = -discussion_services.ERASE_EVERY_SECONDS
    fresh = post(article, text="A new comment", ip="203.0.113.6")
    assert Comment.objects.get(pk=old.pk).ip is None
    assert Comment.objects.get(pk=fresh.pk).ip == "203.0.113.6"


@pytest.mark.django_db(transaction=True)
def test_a_held_comment_is_logged_once_it_is_stored(article, caplog):
    caplog.set_level("INFO", logger="broadsheet.discussion.services")
    ArticleDiscussion.objects.create(article=article, mode="premoderated")
    held = post(article)
    said = [r for r in caplog.records if "held as" in r.getMessage()]
    assert held.status == Status.PENDING
    assert [r.getMessage() for r in said] == [
        f"comment {held.pk} held as pending: {', '.join(held.reasons)}"
    ]
    assert Comment.objects.filter(pk=held.pk).exists()  # committed before it was said


def test_a_used_form_sent_again_with_new_text_is_refused_and_says_so(article):
    """A form posts one comment: sent again with another text, that text is not dropped
    in silence behind the old comment (issue 22) but refused, with the reason, so the
    form comes back holding it."""
    first = submit(article, text="My first thought.")
    from broadsheet.discussion import captcha

    issued = captcha.captcha_issue()
    with pytest.raises(services.CommentRejected) as refused:
        services.comment_submit(
            article=article,
            name="Reader",
            text="A second, different thought.",
            form_token=first.comment.form_token,
            captcha_token=issued.token,
            captcha_answer="x",
        )
    assert refused.value.code == "form_used" and refused.value.field == "text"
    assert "not posted" in refused.value.message
    assert list(Comment.objects.values_list("text", flat=True)) == ["My first thought."]
