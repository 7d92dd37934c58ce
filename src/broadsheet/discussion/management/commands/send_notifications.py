"""`broadsheet send_notifications`: send the discussion mail that is due.

Mail normally leaves right after the posting transaction commits; this command sends
what is left (retries after a failure, mail queued while the server was down). Run it
from cron every few minutes; no worker process is needed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from broadsheet.discussion.services import outbox_send_due


class Command(BaseCommand):
    help = "Send due reply notifications and confirmations; retry failed ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = outbox_send_due(limit=options["limit"])
        self.stdout.write(f"sent {sent}, failed {failed}")
