"""`broadsheet serve`: migrate, collect static files, then run the production server."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def static_files_changed() -> bool:
    """True when a static source file is newer than the last collectstatic (or none ran).

    Compressing every file with brotli takes tens of seconds; a restart of an unchanged
    installation should not pay for it again.
    """
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if storage.path(path) and os.path.getmtime(storage.path(path)) > collected_at:
                return True
    return False


class Command(BaseCommand):
    help = "Migrate, collect static files and serve the site with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("BROADSHEET_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("BROADSHEET_PORT", "8000"))
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("BROADSHEET_WORKERS", "0")) or None,
            help="Worker processes (default: the cores available).",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Skip migrations (when a deploy step ran them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=1)
        if static_files_changed():
            self.stdout.write("Collecting and compressing static files ...")
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = options["workers"] or available_cores()
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Serving on http://{bind}/ with {workers} worker(s). Ctrl-C stops.")
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "--timeout",
            "30",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
