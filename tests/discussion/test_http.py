"""The discussion through a real HTTP server (pytest-django's live_server), posted by a
program that reads the page, answers the question and solves the proof of work."""

from __future__ import annotations

import re

import pytest

from broadsheet.discussion import services
from broadsheet.discussion.models import ArticleDiscussion, Ban, BannedWord, Comment
from tests.support import factories
from tests.support.posting import post as service_post
from tests.support.posting import role_user
from tests.support.webclient import Reader, filled_form, parse_comment_form

pytestmark = pytest.mark.django_db(transaction=True)
Status = Comment.Status


@pytest.fixture
def article():
    return factories.article(headline="Will the coalition hold?")


@pytest.fixture
def reader(live_server):
    return Reader(live_server.url)


def post(reader, article, *, name="Olena", text="A fair point :D", json_reply=False, **extra):
    state = reader.form(article.get_absolute_url())
    return reader.post_comment(
        state, json_reply=json_reply, **filled_form(state, name=name, text=text, **extra)
    )


def page_of(reader, article):
    return reader.request(article.get_absolute_url()).body


def test_post_redirects_to_the_new_comment_shown_with_its_smiley(reader, article):
    response = post(reader, article, text="First! :D")
    assert response.status == 303
    comment = Comment.objects.get()
    assert response.headers["Location"] == f"/comments/{comment.pk}/"
    target = reader.request(response.headers["Location"])
    assert target.status == 302
    assert target.headers["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    html = page_of(reader, article)
    assert f'id="comment-{comment.pk}"' in html
    assert 'alt=":D"' in html and "First!" in html
    assert '<span id="comment-count">1</span>' in html


def test_reply_is_shown_after_its_parent_with_in_reply_to(reader, article):
    post(reader, article, name="Olena", text="Root")
    root = Comment.objects.get()
    state = reader.form(f"/comments/{root.pk}/reply/")
    assert state.fields["parent"] == str(root.pk)
    response = reader.post_comment(state, **filled_form(state, name="Taras", text="Reply"))
    assert response.status == 303
    reply = Comment.objects.get(parent=root)
    html = page_of(reader, article)
    assert html.index(f'id="comment-{root.pk}"') < html.index(f'id="comment-{reply.pk}"')
    assert 'class="comment depth-1' in html and "in reply to Olena" in html


def test_deep_replies_stay_at_the_third_level_with_visible_in_reply_to(reader, article):
    parent = service_post(article, name="Level0", text="0")
    for n in range(1, 5):
        parent = service_post(
            article, name=f"Level{n}", text=str(n), parent_id=parent.pk, ip=f"192.0.2.{n}"
        )
    html = page_of(reader, article)
    assert html.count('class="comment depth-3') == 2  # depths 3 and 4
    assert re.search(r'<span class="in-reply-to">in reply to Level3</span>', html)


def test_premoderated_comment_goes_to_notice_and_shows_once_approved(
    reader, article, live_server, settings
):
    settings.BROADSHEET_BASE_URL = live_server.url
    ArticleDiscussion.objects.create(article=article, mode="premoderated")
    response = post(reader, article, text="Held for now")
    comment = Comment.objects.get()
    assert response.status == 303 and response.headers["Location"] == (
        f"/comments/{comment.pk}/held/"
    )
    notice = reader.request(response.headers["Location"]).body
    assert "will appear once a moderator has approved it" in notice
    assert "Held for now" not in page_of(reader, article)
    services.comment_approve(comment=comment, user=role_user("Moderator"))
    assert "Held for now" in page_of(reader, article)


def test_earned_trust_holds_a_new_reader_until_approved(reader, article, settings):
    settings.DISCUSSION_TRUST_THRESHOLD = 1
    post(reader, article, text="first")
    first = Comment.objects.get()
    assert first.status == Status.PENDING and first.reasons == ["new_commenter"]
    services.comment_approve(comment=first, user=role_user("Moderator"))
    post(reader, article, text="second")  # the same browser: its signed cookie
    assert Comment.objects.get(text="second").status == Status.APPROVED
    stranger = Reader(reader.base_url)
    post(stranger, article, text="third")
    assert Comment.objects.get(text="third").status == Status.PENDING


def test_quiet_hours_hold_comments(reader, article, settings):
    settings.DISCUSSION_QUIET_HOURS = "00:00-23:59"
    post(reader, article)
    assert Comment.objects.get().reasons == ["quiet_hours"]


def test_ban_rejects_and_keeps_the_text(reader, article):
    Ban.objects.create(kind="name", value="Ivan Troll", reason="abuse")
    response = post(reader, article, name="Ivan Troll", text="My precious words")
    assert response.status == 400
    assert "You cannot comment" in response.body
    assert "My precious words" in response.body and 'value="Ivan Troll"' in response.body
    assert not Comment.objects.exists()


def test_banned_word_sends_to_pending(reader, article):
    BannedWord.objects.create(word="Дурень")
    post(reader, article, text="ну ти і дурень")
    assert Comment.objects.get().status == Status.PENDING


def test_rate_limit_answers_429_with_retry_after_and_keeps_text(reader, article, settings):
    settings.DISCUSSION_RATE_PER_IP = "2/60"
    assert post(reader, article, text="one").status == 303
    assert post(reader, article, text="two").status == 303
    response = post(reader, article, text="three keeps")
    assert response.status == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 61
    assert "Please try again in" in response.body and "three keeps" in response.body
    as_json = post(reader, article, text="four", json_reply=True)
    assert as_json.status == 429 and "try again" in as_json.json()["errors"]["__all__"][0]


def test_duplicate_text_goes_to_pending(reader, article):
    post(reader, article, text="Same old text")
    post(reader, article, text="same old  text")
    assert list(Comment.objects.order_by("id").values_list("status", flat=True)) == [
        Status.APPROVED,
        Status.PENDING,
    ]


def test_closed_thread_shows_no_form_and_refuses_posts(reader, article):
    state = reader.form(article.get_absolute_url())
    ArticleDiscussion.objects.create(article=article, mode="closed")
    html = page_of(reader, article)
    assert 'id="comment-form"' not in html and "closed to new comments" in html
    response = reader.post_comment(state, **filled_form(state, name="Olena", text="late"))
    assert response.status == 400 and "closed" in response.body and "late" in response.body


def test_resubmitted_form_never_posts_twice(reader, article):
    state = reader.form(article.get_absolute_url())
    data = filled_form(state, name="Olena", text="Only once")
    first = reader.post_comment(state, **data)
    second = reader.post_comment(state, **data)
    assert first.status == second.status == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert Comment.objects.count() == 1


def test_wrong_answer_returns_the_form_with_text_name_and_a_new_question(reader, article):
    state = reader.form(article.get_absolute_url())
    response = reader.post_comment(
        state, **filled_form(state, name="Olena", text="Keep <me> safe", answer="-1")
    )
    assert response.status == 400
    body = response.body
    assert "That answer is not right" in body
    assert 'aria-describedby="captcha-question id_answer_error"' in body
    assert 'id="id_answer_error"' in body
    assert "Keep &lt;me&gt; safe</textarea>" in body and 'value="Olena"' in body
    again = parse_comment_form(body)
    assert again.fields["captcha"] != state.fields["captcha"]
    assert again.fields["form_token"] == state.fields["form_token"]
    ok = reader.post_comment(again, **filled_form(again, name="Olena", text="Keep <me> safe"))
    assert ok.status == 303


def test_limits_have_clear_messages_and_keep_text(reader, article):
    long_text = "word " * 1001
    response = post(reader, article, name="O", text=long_text)
    assert response.status == 400
    assert "at least 2 characters" in response.body
    assert "at most 5000 characters" in response.body
    assert long_text.strip() in response.body


def test_post_without_csrf_token_is_forbidden(live_server, article):
    reader = Reader(live_server.url)
    state = reader.form(article.get_absolute_url())
    data = filled_form(state, name="Olena", text="no csrf")
    del data["csrfmiddlewaretoken"]
    assert reader.post_comment(state, **data).status == 403
    stranger = Reader(live_server.url)  # never got the cookie
    assert stranger.post_comment(state, **filled_form(state, name="O", text="x")).status == 403
    target = service_post(article)
    assert stranger.request(f"/comments/{target.pk}/report/", {"reason": "spam"}).status == 403
    assert not Comment.objects.filter(text="no csrf").exists()


@pytest.mark.parametrize(
    "tamper", ["omit_captcha", "forge_captcha", "omit_form_token", "forge_pow", "omit_answer"]
)
def test_post_that_omits_or_forges_captcha_fields_is_rejected(reader, article, tamper):
    state = reader.form(article.get_absolute_url())
    data = filled_form(state, name="Olena", text="tampered")
    if tamper == "omit_captcha":
        del data["captcha"]
    elif tamper == "forge_captcha":
        data["captcha"] = data["captcha"][:-4] + "AAAA"
    elif tamper == "omit_form_token":
        del data["form_token"]
    elif tamper == "forge_pow":
        data["altcha"] = "eyJudW1iZXIiOiAxfQ=="
    elif tamper == "omit_answer":
        del data["answer"]
    response = reader.post_comment(state, **data)
    assert response.status == 400
    assert "tampered" in response.body
    assert not Comment.objects.exists()


def test_json_post_returns_the_rendered_comment_and_count_and_no_next_question(reader, article):
    response = post(reader, article, text="In place :-)", json_reply=True)
    assert response.status == 201
    data = response.json()
    assert data["ok"] and data["status"] == "approved" and data["count"] == 1
    assert 'alt=":-)"' in data["html"]
    assert "fresh" not in data  # fetched by the page if the reader writes again


def test_reader_can_report_once_and_it_is_hidden_past_the_threshold(reader, article, settings):
    settings.DISCUSSION_REPORT_THRESHOLD = 1
    post(reader, article, text="nasty")
    comment = Comment.objects.get()
    other = Reader(reader.base_url)
    report_page = other.request(f"/comments/{comment.pk}/report/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', report_page.body).group(1)
    done = other.request(
        f"/comments/{comment.pk}/report/", {"csrfmiddlewaretoken": token, "reason": "abuse"}
    )
    assert done.status == 200 and "A moderator will look" in done.body
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and "reports" in comment.reasons
    assert "nasty" not in page_of(reader, article)


def test_a_flood_of_refused_tries_meets_the_attempt_budget(reader, article, settings):
    """Refused posts store no comment, so only the attempt budget can stop a flood: past
    it the form comes back with the text (a person), past twice it a bare 429."""
    from broadsheet.discussion.models import CaptchaChallenge

    settings.DISCUSSION_ATTEMPTS_PER_IP = "3/86400"  # one window for the whole test
    settings.DISCUSSION_RATE_PER_IP = "1000/60"
    answers = [post(reader, article, text=f"Try {n}", answer="-1").status for n in range(3)]
    assert answers == [400, 400, 400]
    spent = CaptchaChallenge.objects.count()
    over = post(reader, article, text="Still typing, please keep this", answer="-1")
    assert over.status == 429 and "Still typing, please keep this" in over.body
    assert int(over.headers["Retry-After"]) > 0
    for _ in range(2):
        post(reader, article, text="Flood", answer="-1")
    bare = post(reader, article, text="Flood", answer="-1")
    assert bare.status == 429 and "<form" not in bare.body
    assert CaptchaChallenge.objects.count() == spent  # no question spent past the budget
    assert not Comment.objects.exists()


def test_a_used_form_resent_with_new_text_comes_back_with_that_text(reader, article):
    """Without a script: the second text of one form is shown back in the form with why
    it was not posted, never lost behind the first comment."""
    state = reader.form(article.get_absolute_url())
    first = reader.post_comment(state, **filled_form(state, name="Olena", text="First words"))
    assert first.status == 303
    again = reader.post_comment(state, **filled_form(state, name="Olena", text="Other words"))
    assert again.status == 400
    assert "Other words" in again.body and "not posted" in again.body
    assert list(Comment.objects.values_list("text", flat=True)) == ["First words"]
