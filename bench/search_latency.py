"""Search latency at scale: p50/p95 of the search page's selector on N articles.

    # generate (resumable) and measure, SQLite in its own data folder
    .venv/bin/python bench/search_latency.py --articles 100000 --data-dir /tmp/bench-sqlite \
        --json /tmp/search-latency.jsonl
    # the same on PostgreSQL: a database only for the benchmark
    .venv/bin/python bench/search_latency.py --articles 100000 --data-dir /tmp/bench-pg \
        --database-url postgres://broadsheet@127.0.0.1:55432/bench --json /tmp/search-latency.jsonl
    # measure what a data folder or database holds now, generating nothing
    .venv/bin/python bench/search_latency.py --skip-generate --data-dir ... --json ...
    # write the "Search latency" section of BENCHMARKS.md from the collected runs
    .venv/bin/python bench/search_latency.py --report /tmp/search-latency.jsonl

Articles come from `broadsheet bench-data` (600-2,000-word bodies in English, Ukrainian
and Russian with a Zipf-like word spread, bylines, tags, drafts and scheduled articles;
see docs/search.md), so the index is the one a real site of that size would hold. The
script then runs a fixed set of queries, grouped by class, through
`search_results_page`, the selector behind /search/ (count, ranked hits, documents and
articles: everything but the template), `--repeat` times each after one warm-up, and
prints p50/p95 per query, per class and overall. In-process: no network, nothing leaves
the host; every run is bounded by `--max-seconds`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import machine, write_section  # noqa: E402 - after the path is set

# (query, filters, class). The classes are what the report groups by.
QUERIES: list[tuple[str, dict[str, Any], str]] = [
    ("ceasefire", {}, "common word"),
    ("government budget", {}, "common word"),
    ("переговори", {}, "common word"),
    ("выборы парламент", {}, "common word"),
    ("nuclear inspection agency", {}, "common word"),
    ('"peace talks"', {}, "phrase / OR / NOT"),
    ("Київ -війна", {}, "phrase / OR / NOT"),
    ("harvest OR wheat", {}, "phrase / OR / NOT"),
    ("election", {"language": "en"}, "filtered"),
    ("energy", {"section_slug": "economy"}, "filtered"),
    ("police", {"days": 365}, "filtered"),
    ("ceasefire", {"language": "uk"}, "filtered"),
    # Made-up words of the generated English, by rank: in about 8% and 2% of the
    # articles, then 0.8% and 0.01% (measured at 1,000,000).
    ("<en:1000>", {}, "less common word"),
    ("<en:3000>", {}, "less common word"),
    ("<en:12000>", {}, "rare word"),
    ("<en:20000>", {}, "rare word"),
    ("xqzvbnmw", {}, "no results"),
]
CLASSES = [
    "common word",
    "phrase / OR / NOT",
    "filtered",
    "less common word",
    "rare word",
    "no results",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="Separate data folder (SQLite file).")
    parser.add_argument(
        "--database-url", default="", help="A PostgreSQL URL of a database only for the benchmark."
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="bench-data's parallel article batches (PostgreSQL only: its server does most "
        "of the work, one core per connection).",
    )
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument(
        "--max-seconds", type=float, default=600, help="Stop measuring after this long."
    )
    parser.add_argument("--json", type=Path, help="Append this run's results to a JSON-lines file.")
    parser.add_argument("--label", default="", help="A note stored with the run.")
    parser.add_argument(
        "--report",
        type=Path,
        help="Write BENCHMARKS.md's section from this JSON-lines file and exit.",
    )
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    if args.data_dir is None:
        sys.exit("--data-dir is required to measure.")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["BROADSHEET_DATA_DIR"] = str(args.data_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("bench-data", articles=args.articles, comments=0, workers=args.workers)
    print(f"generation: {time.perf_counter() - started:.0f} s for this run")


def ranked_word(text: str) -> str:
    """`<en:N>` is the generated English's N-th word by frequency; other text is itself."""
    if not (text.startswith("<en:") and text.endswith(">")):
        return text
    from broadsheet.benchdata.corpus import corpus_default

    return corpus_default().words_by_rank("en", int(text[4:-1]))


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from broadsheet.news.models import Section
    from broadsheet.search.backends import get_backend
    from broadsheet.search.models import SearchDocument
    from broadsheet.search.selectors import search_request_build, search_results_page

    documents = SearchDocument.objects.count()
    backend = get_backend().name
    print(
        f"backend {backend} ({connection.vendor}), {documents} indexed articles, "
        f"{args.repeat} runs per query after one warm-up"
    )
    deadline = time.monotonic() + args.max_seconds
    results: list[dict[str, Any]] = []
    print(f"{'query':<40} {'class':<18} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for text, options, klass in QUERIES:
        text = ranked_word(text)
        filters: dict[str, Any] = {}
        if "language" in options:
            filters["language"] = options["language"]
        if "section_slug" in options:
            filters["section"] = Section.objects.get(slug=options["section_slug"])
        if "days" in options:
            filters["date_from"] = timezone.localdate() - dt.timedelta(days=options["days"])
        timings: list[float] = []
        hits = ""
        for run in range(args.repeat + 1):
            if time.monotonic() > deadline:
                break
            started = time.perf_counter()
            outcome = search_results_page(
                request=search_request_build(text=text, **filters), page_number=1, per_page=20
            )
            elapsed = (time.perf_counter() - started) * 1000
            if run:
                timings.append(elapsed)
            count = outcome.page.paginator.count if outcome.page else 0
            hits = f">{outcome.more_than}" if outcome.more_than else str(count)
        if not timings:
            break
        label = text + (f" {options}" if options else "")
        results.append({"query": label, "class": klass, "hits": hits, "timings": timings})
        print(
            f"{label[:40]:<40} {klass:<18} {hits:>6} {percentile(timings, 50):>8.1f} "
            f"{percentile(timings, 95):>8.1f}"
        )
    everything = [t for r in results for t in r["timings"]]
    print(
        f"{'all queries':<40} {'':<18} {'':>6} {percentile(everything, 50):>8.1f} "
        f"{percentile(everything, 95):>8.1f}"
    )
    return {
        "backend": backend,
        "documents": documents,
        "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load": os.getloadavg()[0],
        "repeat": args.repeat,
        "label": args.label,
        "queries": results,
    }


def report(path: Path) -> None:
    """Write the "Search latency" section from the runs in `path` (one JSON a line)."""
    runs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    runs.sort(key=lambda r: (r["backend"], r["documents"]))
    head = "| backend | indexed articles | " + " | ".join(CLASSES) + " | all queries |"
    rows = [head, "|" + "---|" * (len(CLASSES) + 3)]
    for run in runs:
        cells = []
        for klass in [*CLASSES, None]:
            timings = [
                t for q in run["queries"] if klass in (None, q["class"]) for t in q["timings"]
            ]
            cells.append(
                f"{percentile(timings, 50):.0f} / {percentile(timings, 95):.0f}" if timings else "-"
            )
        rows.append(f"| {run['backend']} | {run['documents']:,} | " + " | ".join(cells) + " |")
    detail = []
    for run in runs:
        detail.append(
            f"\n{run['backend']}, {run['documents']:,} articles (measured {run['measured']}, "
            f"load average {run['load']:.1f}, {run['repeat']} runs per query"
            f"{', ' + run['label'] if run['label'] else ''}):\n"
        )
        detail.append("| query | class | hits | p50 ms | p95 ms |\n|---|---|---|---|---|")
        for q in run["queries"]:
            detail.append(
                f"| `{q['query']}` | {q['class']} | {q['hits']} | "
                f"{percentile(q['timings'], 50):.1f} | {percentile(q['timings'], 95):.1f} |"
            )
    notes = path.with_suffix(".notes.md")
    body = "\n".join(
        [
            f"Measured by `bench/search_latency.py` on {runs[0]['machine']}.",
            "Milliseconds, p50 / p95, of `search_results_page` (count, ranked hits, "
            "documents, articles: the search page without its template), "
            "several runs per query after a warm-up (how many: with each run below), on data from "
            "`broadsheet bench-data` (600-2,000-word articles in three languages).",
            "",
            *rows,
            "",
            notes.read_text().strip() if notes.exists() else "",
            "",
            "Per query:",
            *detail,
        ]
    )
    write_section("Search latency", body)
    print(f"Wrote the 'Search latency' section of BENCHMARKS.md from {len(runs)} runs.")


def main() -> None:
    args = parse_args()
    if args.report:
        report(args.report)
        return
    setup_django(args)
    if not args.skip_generate:
        generate(args)
    if args.repeat > 0:
        result = measure(args)
        if args.json:
            with args.json.open("a") as handle:
                handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
