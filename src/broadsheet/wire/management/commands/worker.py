"""`broadsheet worker`: run the background worker (huey's consumer) alone.

`broadsheet serve` starts one beside the site; run this instead where the site's
processes and the worker live apart (scale mode: both on the same Redis).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker: wire polling and translation (huey's consumer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None, help="Worker threads.")

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--workers", str(options["workers"])] if options["workers"] else []
        call_command("run_huey", *extra)
