"""`broadsheet bench-data --articles N --comments M`: a realistic site, in bulk."""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from broadsheet.benchdata.services import (
    ARTICLE_BATCH,
    COMMENT_BATCH,
    benchdata_articles_present,
    benchdata_comments_present,
    benchdata_generate,
)


class Command(BaseCommand):
    help = (
        "Generate a realistic site for benchmarks: sections, tags, authors, articles of "
        "600-2,000 words and threaded comments in English, Ukrainian and Russian, indexed "
        "for search. Adds only what is missing: interrupt it and run it again to go on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, required=True, metavar="N")
        parser.add_argument("--comments", type=int, default=0, metavar="M")
        parser.add_argument("--article-batch", type=int, default=ARTICLE_BATCH)
        parser.add_argument("--comment-batch", type=int, default=COMMENT_BATCH)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Article batches written at once, each on its own connection "
            "(PostgreSQL only; e.g. the number of cores the server may use).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bars (e.g. in logs)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        articles, comments = options["articles"], options["comments"]
        if articles < 0 or comments < 0:
            raise CommandError("--articles and --comments take zero or more.")
        started = time.monotonic()
        bars = {
            kind: tqdm(
                total=total,
                initial=min(present, total),
                unit=kind[:-1],
                desc=kind,
                disable=options["no_progress"],
                file=self.stderr._out,
                dynamic_ncols=True,
                position=position,
            )
            for position, (kind, total, present) in enumerate(
                [
                    ("articles", articles, benchdata_articles_present()),
                    ("comments", comments, benchdata_comments_present()),
                ]
            )
        }
        try:
            report = benchdata_generate(
                articles=articles,
                comments=comments,
                article_batch=options["article_batch"],
                comment_batch=options["comment_batch"],
                workers=options["workers"],
                progress=lambda kind, count: self._advance(bars, kind, count, options),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            self.stderr.write("\nInterrupted. Run the same command again to go on.")
            raise
        finally:
            for bar in bars.values():
                bar.close()
        if report.indexes_rebuilt:
            self.stdout.write(f"Built {report.indexes_rebuilt} comment indexes after the rows.")
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {report.articles_added} articles (had {report.articles_before}) and "
                f"{report.comments_added} comments (had {report.comments_before}) in "
                f"{time.monotonic() - started:.1f} s; peak memory {peak_mib:.0f} MiB."
            )
        )

    def _advance(
        self, bars: dict[str, Any], kind: str, count: int, options: dict[str, Any]
    ) -> None:
        if kind not in bars:  # the indexes built at the end of a large run
            bars[kind] = tqdm(
                unit=kind[:-2] + "x",
                desc=kind,
                disable=options["no_progress"],
                file=self.stderr._out,
                position=len(bars),
            )
        bars[kind].update(count)
