"""`broadsheet erase_comment_ips`: forget commenters' IP addresses after the retention period.

Safe on a schedule (cron, a systemd timer): it only ever erases, and repeats cheaply.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from broadsheet.discussion.services import comment_erase_old_ips


class Command(BaseCommand):
    help = "Erase the IP address of comments older than DISCUSSION_IP_RETENTION_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: DISCUSSION_IP_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the comments whose address would be erased.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = (
            options["days"]
            if options["days"] is not None
            else (settings.DISCUSSION_IP_RETENTION_DAYS)
        )
        count = comment_erase_old_ips(older_than_days=days, dry_run=options["dry_run"])
        verb = "would erase" if options["dry_run"] else "erased"
        self.stdout.write(f"{verb} the IP address of {count} comment(s) older than {days} days")
