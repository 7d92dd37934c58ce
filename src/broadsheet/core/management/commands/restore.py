"""`broadsheet restore ARCHIVE`: put a backup back. Says what it would do unless given
--yes (it replaces the whole database). Stop the site first (docs/backup.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser

from broadsheet.core.backup import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `broadsheet backup` (dry run unless --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the database and write the media files back.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            manifest = backup_read_manifest(archive_path=archive)
            self.stdout.write(
                f"Backup of {manifest.created_at}: {manifest.engine} database, "
                f"{manifest.media_files} media files."
            )
            if not options["yes"]:
                self.stdout.write(
                    "Dry run: nothing changed. With --yes the current database is replaced "
                    "by this backup's (stop the site first)."
                )
                return
            backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The shared cache may hold what the old database said.
        cache.clear()
        self.stdout.write(
            "Restored. Start (or restart) the site: pages kept in the memory of processes "
            "that ran before the restore show the old content."
        )
