"""The desk's door: password guessing meets a lockout (django-axes) per account and per
address, a TOTP second factor (django-otp) is asked of those who have one and, when the
setting says so, of every editor; sessions end; passwords follow the rules."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import struct
import time
import urllib.parse

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.support import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"
LOGIN = "/desk/login/?next=/desk/"


def attempt(client: Client, username: str, password: str, ip: str = "192.0.2.1", **extra: str):
    data = {"username": username, "password": password, "next": "/desk/", **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def entered(response) -> bool:
    """A login that worked is answered with a redirect into the desk."""
    return response.status_code == 302 and response["Location"] == "/desk/"


@pytest.fixture
def editor():
    return factories.user_with_role("Editor", username="chief", password=PASSWORD)


def totp_now(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 (SHA-1, 30 s, six digits), written here independently of django-otp."""
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def test_thirty_wrong_passwords_meet_a_lockout_that_refuses_even_the_right_one(
    client, editor, settings
):
    answers = [attempt(client, "chief", f"guess-{n}") for n in range(30)]
    statuses = [r.status_code for r in answers]
    # The first few are ordinary failures (the form again), then every try is refused.
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-20:] == [429] * 20
    assert "Too many failed logins" in answers[-1].content.decode()
    refused = attempt(client, "chief", PASSWORD)
    assert refused.status_code == 429 and not entered(refused)
    assert "_auth_user_id" not in client.session
    # Each failure restarts the lockout: it lasts its full length after the last one.
    later = timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        assert entered(attempt(client, "chief", PASSWORD))
        assert client.get("/desk/").status_code == 200


def test_lockout_follows_the_account_to_a_new_address(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "chief", f"guess-{n}", ip=f"198.51.100.{n + 1}")
    response = attempt(client, "chief", PASSWORD, ip="203.0.113.77")
    assert response.status_code == 429


def test_lockout_follows_the_address_to_other_accounts(client, settings):
    factories.user_with_role("Editor", username="second", password=PASSWORD)
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"someone-{n}", "guess", ip="198.51.100.9")
    assert attempt(client, "second", PASSWORD, ip="198.51.100.9").status_code == 429
    # The same account from another address is not locked: its own count is clean.
    assert entered(attempt(Client(), "second", PASSWORD, ip="198.51.100.10"))


def test_a_success_clears_the_count(client, editor, settings):
    for _round in range(3):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "chief", f"guess-{n}")
        assert entered(attempt(client, "chief", PASSWORD))
        client.logout()


def test_lockout_length_comes_from_the_environment(tmp_path):
    from tests.project.test_settings import settings_in_subprocess

    minutes = settings_in_subprocess(
        tmp_path, "s.AXES_COOLOFF_TIME.total_seconds() / 60", BROADSHEET_LOGIN_LOCKOUT_MINUTES="42"
    )
    assert minutes == "42.0"


def test_axes_command_lifts_a_lockout(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "chief", f"guess-{n}")
    assert attempt(client, "chief", PASSWORD).status_code == 429
    call_command("axes_reset_username", "chief", stdout=io.StringIO())
    call_command("axes_reset_ip", "192.0.2.1", stdout=io.StringIO())
    assert entered(attempt(client, "chief", PASSWORD))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("uk", "Забагато невдалих спроб увійти"),
        ("ru", "Слишком много неудачных попыток войти"),
    ],
)
def test_lockout_message_is_in_the_editor_language(client, editor, settings, language, message):
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            f"/{language}/desk/login/",
            {"username": "chief", "password": f"guess-{n}"},
            REMOTE_ADDR="192.0.2.1",
        )
    response = client.post(f"/{language}/desk/login/", {"username": "chief", "password": PASSWORD})
    assert response.status_code == 429
    assert message in response.content.decode()


# --- the second factor ------------------------------------------------------------------


def give_totp(username: str) -> str:
    out = io.StringIO()
    call_command("desk_totp", username, stdout=out)
    text = out.getvalue()
    address = next(line for line in text.splitlines() if line.startswith("Address:"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(address.split(" ", 1)[1].strip()).query)
    return query["secret"][0]


def test_staff_with_a_device_logs_in_with_a_real_totp_code(client, editor):
    secret = give_totp("chief")
    without = attempt(client, "chief", PASSWORD)
    assert not entered(without)
    assert "Enter the six-digit code" in without.content.decode()
    wrong = "000000" if totp_now(secret) != "000000" else "111111"
    assert not entered(attempt(client, "chief", PASSWORD, otp_token=wrong))
    # A wrong code throttles the device for a second (django-otp), then the right one works.
    with time_machine.travel(time.time() + 2):
        response = attempt(client, "chief", PASSWORD, otp_token=totp_now(secret))
        assert entered(response)
    assert client.get("/desk/").status_code == 200


def test_a_used_code_cannot_be_replayed(client, editor):
    secret = give_totp("chief")
    code = totp_now(secret)
    assert entered(attempt(client, "chief", PASSWORD, otp_token=code))
    assert not entered(attempt(Client(), "chief", PASSWORD, otp_token=code, ip="192.0.2.2"))


def test_a_session_without_the_second_factor_does_not_enter(client, editor):
    """A password-only session (made before the device, or forged) is sent to log in."""
    give_totp("chief")
    client.force_login(editor)
    response = client.get("/desk/")
    assert response.status_code == 302 and "/desk/login/" in response["Location"]


def test_editors_need_a_second_factor_when_the_setting_says_so(client, editor, settings):
    settings.BROADSHEET_OTP_REQUIRED_FOR_EDITORS = True
    refused = attempt(client, "chief", PASSWORD)
    assert not entered(refused)
    assert "needs a second factor" in refused.content.decode()
    # Authors are not editors: a password is enough for them.
    factories.user_with_role("Author", username="writer", password=PASSWORD)
    assert entered(attempt(Client(), "writer", PASSWORD, ip="192.0.2.3"))
    secret = give_totp("chief")
    assert entered(attempt(client, "chief", PASSWORD, otp_token=totp_now(secret)))


def test_editors_without_the_setting_enter_with_a_password(client, editor):
    assert entered(attempt(client, "chief", PASSWORD))


# --- sessions and passwords ---------------------------------------------------------------


def test_a_desk_session_expires(client, editor, settings):
    assert entered(attempt(client, "chief", PASSWORD))
    assert client.get("/desk/").status_code == 200
    session = SessionStore(client.session.session_key)
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        # The cached copy expires with the same age on the cache's own clock (Redis's
        # real one, which the test cannot move): gone by then, as it would be.
        cache.delete(session.cache_key)
        response = client.get("/desk/")
    assert response.status_code == 302 and "/desk/login/" in response["Location"]


def test_sessions_end_within_a_day_and_with_the_browser(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("weak", ["short-pw1", "password1234", "123456789012345", "chief-chief"])
def test_weak_passwords_are_refused(editor, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=editor)


def test_a_long_unusual_password_is_accepted(editor):
    validate_password("lantern-quarry-bicycle-47", user=editor)
