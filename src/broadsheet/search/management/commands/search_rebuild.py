"""`broadsheet search_rebuild`: bring the search index in step with the articles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from broadsheet.search.backends import get_backend
from broadsheet.search.services import (
    DEFAULT_BATCH_SIZE,
    search_rebuild,
    search_rebuild_candidates,
)


class Command(BaseCommand):
    help = (
        "Index every publishable article whose search document is missing or stale, and "
        "drop documents of articles that may no longer be found. Safe to run at any "
        "time and to interrupt: finished batches stay, and a second run goes on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="Reindex every publishable article, fresh or not."
        )
        parser.add_argument(
            "--start-after",
            type=int,
            default=0,
            metavar="ID",
            help="Resume a --full run after this article id.",
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (e.g. in cron)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        full, start_after = options["full"], options["start_after"]
        candidates = search_rebuild_candidates(full=full, start_after=start_after)
        total = candidates.count()
        self.stdout.write(f"Search backend: {get_backend().name}; {total} articles to index.")
        done = {"last_id": start_after}
        with tqdm(
            total=total,
            unit="article",
            disable=options["no_progress"],
            file=self.stderr._out,
            dynamic_ncols=True,
        ) as bar:

            def progress(count: int, last_id: int) -> None:
                done["last_id"] = last_id
                bar.update(count)

            try:
                report = search_rebuild(
                    full=full,
                    start_after=start_after,
                    batch_size=options["batch_size"],
                    progress=progress,
                )
            except KeyboardInterrupt:
                again = f" --full --start-after={done['last_id']}" if full else ""
                self.stderr.write(f"Interrupted. To go on: broadsheet search_rebuild{again}")
                raise
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {report.indexed} articles, removed {report.removed} documents "
                f"(last article id {report.last_id})."
            )
        )
