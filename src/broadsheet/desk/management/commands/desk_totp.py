"""`broadsheet desk_totp NAME`: give a desk account a TOTP second factor (or take it away).

Prints the otpauth:// address and the secret once: enter either into an authenticator
app (FreeOTP, Aegis, Google Authenticator...). From then on the account's login asks for
the app's code. A new device replaces the account's old ones.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Give a desk account a TOTP second factor and print its secret (or --remove it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--remove", action="store_true", help="Remove the account's second factor."
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account named {options['username']!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        if options["remove"]:
            self.stdout.write(f"Removed {removed} device(s) of {user.get_username()}.")
            return
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(f"Second factor for {user.get_username()}.")
        self.stdout.write(f"Secret:  {b32encode(device.bin_key).decode()}")
        self.stdout.write(f"Address: {device.config_url}")
