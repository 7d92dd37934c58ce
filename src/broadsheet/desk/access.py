"""Who may enter the desk: the login form with its optional second factor (TOTP, through
django-otp), the page a locked-out login meets (django-axes), and the middleware that
keeps a staff member who owes a second factor out of every desk page.

The settings and how to lift a lockout: docs/security.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

# What makes an editor (desk/roles.py): the right to publish.
PUBLISH = "news.publish_article"


def totp_devices(*, user: Any) -> list[TOTPDevice]:
    """The user's confirmed TOTP devices (authenticator apps)."""
    if not getattr(user, "pk", None):
        return []
    return list(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True))


def second_factor_required(*, user: Any) -> bool:
    """True when `user` must give a TOTP code to enter the desk: they have a device, or
    BROADSHEET_OTP_REQUIRED_FOR_EDITORS is on and they may publish (an editor, whatever
    the role's name, or a superuser)."""
    if totp_devices(user=user):
        return True
    if not settings.BROADSHEET_OTP_REQUIRED_FOR_EDITORS:
        return False
    return bool(user.has_perm(PUBLISH))


class DeskAuthenticationForm(AdminAuthenticationForm):
    """The desk's login: name and password (counted by django-axes), then the code of the
    user's authenticator app when they have one or their role needs one."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        help_text=_("Leave empty if you have not set up a second factor."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_needed": _("Enter the six-digit code from your authenticator app."),
        "otp_invalid": _("That code is not valid. Enter the code your app shows now."),
        "otp_missing": _(
            "Your role needs a second factor, and you have none yet: ask an administrator "
            "to set one up for you (broadsheet desk_totp)."
        ),
    }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.user_cache
        if user is None:
            return cleaned
        devices = totp_devices(user=user)
        if not devices:
            if second_factor_required(user=user):
                raise forms.ValidationError(self.error_messages["otp_missing"], code="otp_missing")
            return cleaned
        token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
        if not token:
            raise forms.ValidationError(self.error_messages["otp_needed"], code="otp_needed")
        for device in devices:
            if device.verify_token(token):
                # django_otp's user_logged_in receiver records it in the session.
                user.otp_device = device  # type: ignore[attr-defined]
                return cleaned
        raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """What django-axes answers a login that is locked out (HTTP 429), in the reader's
    language, with how long it lasts."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    message = ngettext(
        "Too many failed logins for this account or from this address. "
        "Try again in %(minutes)d minute, or ask an administrator to lift the lockout.",
        "Too many failed logins for this account or from this address. "
        "Try again in %(minutes)d minutes, or ask an administrator to lift the lockout.",
        minutes,
    ) % {"minutes": minutes}
    context = {**admin.site.each_context(request), "title": _("Login locked"), "message": message}
    return render(request, "desk/locked_out.html", context, status=429)


class SecondFactorMiddleware:
    """A signed-in user who owes a second factor (see `second_factor_required`) and has
    not given it in this session counts as signed out, on every page: the desk asks them
    to log in again, with their code. Installed after django-otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.user = SimpleLazyObject(lambda: self.checked(user))  # type: ignore[assignment]
        return self.get_response(request)

    @staticmethod
    def checked(user: Any) -> AbstractBaseUser | AnonymousUser:
        if not user.is_authenticated or not user.is_staff:
            return user
        if getattr(user, "otp_device", None) is not None:
            return user
        if second_factor_required(user=user):
            return AnonymousUser()
        return user
