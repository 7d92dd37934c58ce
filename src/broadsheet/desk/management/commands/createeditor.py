"""`broadsheet createeditor`: a desk account with a generated password, printed once."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.desk.roles import ROLES


class Command(BaseCommand):
    help = "Create a desk account (Editor by default) and print its generated password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", default="Editor", choices=ROLES)
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help="If the account exists, give it a new generated password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = options["username"]
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first()
        if user is not None and not options["reset_password"]:
            raise CommandError(
                f"The account {username!r} exists. Use --reset-password to give it a new one."
            )
        if user is None:
            user = User.objects.create_user(username=username, email=options["email"])
        user.is_staff = True
        user.set_password(password)
        user.save()
        try:
            group = Group.objects.get(name=options["role"])
        except Group.DoesNotExist as exc:
            raise CommandError("Roles are missing: run `broadsheet migrate` first.") from exc
        user.groups.add(group)
        self.stdout.write(f"Desk account: {username} ({options['role']})")
        self.stdout.write(f"Password:     {password}")
