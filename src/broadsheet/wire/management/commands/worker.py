"""`broadsheet worker`: run the background worker (huey's consumer) alone.

`broadsheet serve` starts one beside the site; run this instead where the site's
processes and the worker live apart (scale mode: both on the same Redis).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker: wire polling and translation (huey's consumer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=None, help="Worker threads.")
        parser.add_argument(
            "--stop-with",
            type=int,
            default=None,
            metavar="PID",
            help="Stop (gracefully) when the process PID ends: how serve starts it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--workers", str(options["workers"])] if options["workers"] else []
        if options["stop_with"]:
            threading.Thread(target=_stop_with, args=(options["stop_with"],), daemon=True).start()
        call_command("run_huey", *extra)


def _stop_with(pid: int) -> None:
    """SIGTERM to this process (huey's consumer stops gracefully on it) once `pid` ends."""
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        except PermissionError:
            pass  # alive, owned by someone else
        time.sleep(1)
