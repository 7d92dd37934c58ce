"""`broadsheet backup`: the database and the uploaded media in one archive, taken while
the site runs (core/backup.py; docs/backup.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the media folder (a tar archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: <data folder>/backups/broadsheet-<time>.tar).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            output = Path(options["output"]).resolve()
        else:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
            output = Path(settings.DATA_DIR) / "backups" / f"broadsheet-{stamp}.tar"
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written: {output} ({manifest.engine} database, "
            f"{manifest.media_files} media files)"
        )
