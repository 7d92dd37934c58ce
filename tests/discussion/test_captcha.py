"""The question captcha and the proof of work: issue, answer, reuse, expiry, binding."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
import time_machine

from broadsheet.discussion import captcha
from broadsheet.discussion.models import CaptchaChallenge, CaptchaQuestion
from tests.support.webclient import solve_pow, solve_question

pytestmark = pytest.mark.django_db


def issue(**kwargs):
    return captcha.captcha_issue(**kwargs)


def test_issued_question_is_answerable_and_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(1):  # the editors' questions; no write
        issued = issue()
    assert issued.question.startswith("What is")
    assert CaptchaChallenge.objects.count() == 0
    solve_question(issued.question)


def test_right_answer_passes_once_and_is_recorded_in_the_ledger():
    issued = issue()
    passed = captcha.captcha_answer(
        token=issued.token,
        form_token=issued.form_token,
        answer=solve_question(issued.question),
        pow_payload=solve_pow(issued.pow_challenge),
    )
    assert not passed.pow_missing
    assert CaptchaChallenge.objects.get().correct is True


def test_answer_in_words_is_accepted_for_digits():
    issued = issue()
    while int(solve_question(issued.question)) > 20:
        issued = issue()
    number = int(solve_question(issued.question))
    words = captcha.NUMBER_WORDS[number]
    captcha.captcha_answer(
        token=issued.token,
        form_token=issued.form_token,
        answer=f"  {words.upper()} ",
        pow_payload="",
    )


def test_wrong_answer_is_rejected_and_spends_the_question():
    issued = issue()
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(
            token=issued.token, form_token=issued.form_token, answer="999", pow_payload=""
        )
    assert err.value.code == "wrong"
    with pytest.raises(captcha.CaptchaError) as again:
        captcha.captcha_answer(
            token=issued.token,
            form_token=issued.form_token,
            answer=solve_question(issued.question),
            pow_payload="",
        )
    assert again.value.code == "used"


def test_reused_question_is_rejected():
    issued = issue()
    right = solve_question(issued.question)
    captcha.captcha_answer(token=issued.token, form_token=issued.form_token, answer=right)
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(token=issued.token, form_token=issued.form_token, answer=right)
    assert err.value.code == "used"


def test_expired_question_is_rejected(settings):
    settings.DISCUSSION_CAPTCHA_TTL = 900
    with time_machine.travel(dt.datetime(2025, 1, 8, 12, 0, tzinfo=dt.UTC), tick=False):
        issued = issue()
    with (
        time_machine.travel(dt.datetime(2025, 1, 8, 12, 15, 2, tzinfo=dt.UTC), tick=False),
        pytest.raises(captcha.CaptchaError) as err,
    ):
        captcha.captcha_answer(
            token=issued.token, form_token=issued.form_token, answer=solve_question(issued.question)
        )
    assert err.value.code == "expired"


def test_answer_for_another_form_is_rejected():
    issued = issue()
    other = issue()
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(
            token=issued.token, form_token=other.form_token, answer=solve_question(issued.question)
        )
    assert err.value.code == "wrong_form"


def test_forged_or_missing_token_is_rejected():
    issued = issue()
    forged = issued.token[:-3] + ("aaa" if not issued.token.endswith("aaa") else "bbb")
    for token, code in ((forged, "invalid"), ("", "missing"), ("x:y:z", "invalid")):
        with pytest.raises(captcha.CaptchaError) as err:
            captcha.captcha_answer(token=token, form_token=issued.form_token, answer="1")
        assert err.value.code == code


def test_missing_proof_of_work_is_reported_not_hidden():
    issued = issue()
    passed = captcha.captcha_answer(
        token=issued.token,
        form_token=issued.form_token,
        answer=solve_question(issued.question),
        pow_payload="",
    )
    assert passed.pow_missing


def test_forged_proof_of_work_is_rejected():
    issued = issue()
    payload = json.loads(base64.b64decode(solve_pow(issued.pow_challenge)))
    payload["number"] += 1
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(
            token=issued.token,
            form_token=issued.form_token,
            answer=solve_question(issued.question),
            pow_payload=base64.b64encode(json.dumps(payload).encode()).decode(),
        )
    assert err.value.code == "pow_invalid"


def test_proof_of_work_of_another_question_is_rejected():
    issued, other = issue(), issue()
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(
            token=issued.token,
            form_token=issued.form_token,
            answer=solve_question(issued.question),
            pow_payload=solve_pow(other.pow_challenge),
        )
    assert err.value.code == "pow_invalid"


def test_proof_of_work_can_be_turned_off(settings):
    settings.DISCUSSION_POW_ENABLED = False
    issued = issue()
    assert issued.pow_challenge is None
    passed = captcha.captcha_answer(
        token=issued.token, form_token=issued.form_token, answer=solve_question(issued.question)
    )
    assert not passed.pow_missing


def test_editor_question_is_asked_and_its_answers_accepted_ignoring_case():
    CaptchaQuestion.objects.create(
        question="Which city is the capital of Ukraine?", answers="Kyiv\nKiev\nКиїв"
    )
    for _ in range(60):
        issued = issue()
        if issued.question.startswith("Which city"):
            break
    else:
        pytest.fail("the editor's question was never asked")
    captcha.captcha_answer(token=issued.token, form_token=issued.form_token, answer="київ")
