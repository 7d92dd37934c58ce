"""`broadsheet serve`: migrate, collect static files, then run the production server.

The server is granian (WSGI) by default: on the article page it measured ahead of
gunicorn's sync workers on the same cores (bench/http_load.py, BENCHMARKS.md "Serving
the article page"). `--server gunicorn` stays for comparison and for platforms without
granian's wheel.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

SERVERS = ("granian", "gunicorn")
# Seconds a worker gets to finish its requests after SIGTERM/SIGINT before it is killed.
GRACEFUL_SECONDS = 10


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


def server_argv(
    *, server: str, host: str, port: int, workers: int, access_log: bool = True
) -> list[str]:
    """The command line that runs `broadsheet.wsgi` under `server` with `workers` processes."""
    if server == "granian":
        return [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            # One request at a time per worker, as gunicorn's sync workers: Django's ORM
            # and SQLite gain nothing from more threads in one process, and granian's
            # default thread pool made the article page about 35% slower here.
            "--blocking-threads",
            "1",
            "--no-ws",
            "--access-log" if access_log else "--no-access-log",
            "--workers-kill-timeout",
            str(GRACEFUL_SECONDS),
            # A worker that dies (out of memory, a crash in a C extension) comes back.
            "--respawn-failed-workers",
            "broadsheet.wsgi:application",
        ]
    if server == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "broadsheet.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            *(["--access-logfile", "-"] if access_log else []),
            "--graceful-timeout",
            str(GRACEFUL_SECONDS),
            "--timeout",
            "30",
        ]
    raise CommandError(f"Unknown server {server!r}: choose one of {', '.join(SERVERS)}.")


def start_worker() -> int:
    """Start `broadsheet worker` beside the server and return its PID.

    It is started through an intermediate process that exits at once, so it is no child
    of the server (whose children are its HTTP workers), and it is told to stop when
    this process ends: serve execs into the server, which keeps the PID.
    """
    read_end, write_end = os.pipe()
    intermediate = os.fork()
    if intermediate == 0:  # pragma: no cover - the child's own side
        os.close(read_end)
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "broadsheet", "worker", "--stop-with", str(os.getppid())],
            start_new_session=True,
        )
        os.write(write_end, str(worker.pid).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        pid = int(pipe.read() or 0)
    os.waitpid(intermediate, 0)
    return pid


class Command(BaseCommand):
    help = "Migrate, collect static files and serve the site (granian, one worker per core)."

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
            "--server",
            choices=SERVERS,
            default=os.environ.get("BROADSHEET_SERVER", "granian"),
            help="The WSGI server (default: granian).",
        )
        # Off by default, as granian and gunicorn have it: a proxy in front logs the
        # requests, and granian's line per request (Python logging, a flush each) cost
        # 44% of the cached page's throughput here (BENCHMARKS.md, "Serving the article
        # page"). BROADSHEET_ACCESS_LOG=on or --access-log turns it on.
        parser.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            default=os.environ.get("BROADSHEET_ACCESS_LOG", "off").lower() in ("on", "1", "true"),
            help="A line per request on stdout (default: off, or BROADSHEET_ACCESS_LOG).",
        )
        parser.add_argument(
            "--worker",
            action=argparse.BooleanOptionalAction,
            default=os.environ.get("BROADSHEET_WORKER", "on").lower() in ("on", "1", "true"),
            help="Start the background worker beside the site (default: on; off where "
            "`broadsheet worker` runs elsewhere, or BROADSHEET_WORKER=off).",
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
        if workers < 1:
            raise CommandError("--workers takes 1 or more (0 in BROADSHEET_WORKERS: one per core).")
        argv = server_argv(
            server=options["server"],
            host=options["host"],
            port=options["port"],
            workers=workers,
            access_log=options["access_log"],
        )
        self.stdout.write(
            f"Serving on http://{options['host']}:{options['port']}/ with {options['server']}, "
            f"{workers} worker(s). Ctrl-C stops."
        )
        sys.stdout.flush()
        if options["worker"]:
            start_worker()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server
