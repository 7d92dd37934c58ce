"""List pages at scale: server-side p50/p95 of the front page and a section page.

    # a 1,000-article SQLite folder (filled first) against a big one, interleaved
    .venv/bin/python bench/list_pages.py --site /tmp/lp-1k --fill 1000 \
        --site /tmp/bench-1m-sqlite --json /tmp/lp.jsonl
    # PostgreSQL: DIR,DATABASE_URL (a database only for the benchmark)
    .venv/bin/python bench/list_pages.py \
        --site /tmp/lp-pg-1k,postgres://broadsheet@127.0.0.1:54329/lp1k --fill 1000 \
        --site /tmp/qp-pgdata,postgres://broadsheet@127.0.0.1:54329/postgres --json /tmp/lp.jsonl
    # write the "List pages at scale" section of BENCHMARKS.md from the collected runs
    .venv/bin/python bench/list_pages.py --report /tmp/lp.jsonl

Each page is requested through Django's test client, in process: the time is the
application's (middleware, view, queries, template), with no network, no HTTP server
and no page cache in front (`broadsheet.pagecache` sits before Django in the WSGI app,
which the test client does not pass through), so every request renders: it shows what
the database's size costs a page. The sites are measured in `--rounds` alternating
rounds (a fresh process per site and round, `--warmup` requests first), so a busy
machine slows them alike and the ratio stays fair. `--fill N` fills the sites named
before it to N articles with bench-data; other sites are only read (the pages write
nothing). Every run is bounded by --max-seconds.

The report compares, per backend and run, the biggest site with the smallest one
against the target: at most 1.5 times the time with 1,000 articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import BROADSHEET, machine, write_section  # noqa: E402 - after the path is set

TARGET_RATIO = 1.5
PAGES = ["front", "section"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="DIR[,DATABASE_URL]",
        help="A data folder, and a PostgreSQL URL when the site is not on SQLite.",
    )
    parser.add_argument(
        "--fill", type=int, action="append", default=[], help="Fill the last --site to N."
    )
    parser.add_argument("--requests", type=int, default=200, help="Per page and site.")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=10, help="Per page, site and round.")
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument("--json", type=Path, help="Append this run's results here.")
    parser.add_argument("--label", default="", help="A note stored with the run.")
    parser.add_argument("--report", type=Path, help="Write BENCHMARKS.md's section and exit.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # DIR[,URL]: one measuring process
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def site_env(site: str) -> dict[str, str]:
    data_dir, _, database_url = site.partition(",")
    env = {**os.environ, "BROADSHEET_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING"}
    env.pop("DEBUG", None)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def fill(site: str, articles: int) -> None:
    """Migrate and fill the site to `articles` (bench-data adds only what is missing)."""
    env = site_env(site)
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=3600)
    subprocess.run(
        [BROADSHEET, "bench-data", "--articles", str(articles), "--no-progress"],
        env=env,
        check=True,
        timeout=6 * 3600,
    )


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def worker(site: str, *, requests: int, warmup: int, describe: bool) -> dict[str, Any]:
    """Runs in its own process: time each page `requests` times; with `describe`, also
    count what the site holds."""
    os.environ.clear()
    os.environ.update(site_env(site))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django.test import Client

    from broadsheet.news.models import Article, Section

    section = Section.objects.order_by("order", "name").first()
    if section is None:
        raise SystemExit(f"{site}: no section; fill it with `broadsheet bench-data` first.")
    urls = {"front": "/", "section": section.get_absolute_url()}
    result: dict[str, Any] = {"backend": connection.vendor, "urls": urls, "pages": {}}
    if describe:
        applied = MigrationRecorder.Migration.objects.filter(app="news")
        result.update(
            articles=Article.objects.count(),
            live=Article.objects.live().count(),
            in_section=Article.objects.live().filter(section=section).count(),
            list_indexes=applied.filter(name="0004_list_indexes").exists(),
        )
    client = Client()
    db_ms: list[float] = []

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any) -> Any:
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, ctx)
        finally:
            db_ms[-1] += (time.perf_counter() - begun) * 1000

    for name, url in urls.items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
        totals: list[float] = []
        db_ms.clear()
        with connection.execute_wrapper(timed):
            for _ in range(requests):
                db_ms.append(0.0)
                begun = time.perf_counter()
                response = client.get(url)
                totals.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, url
        result["pages"][name] = {"ms": totals, "db_ms": db_ms[:]}
    return result


def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Alternate the sites round by round; one result per site."""
    per_round = max(1, args.requests // args.rounds)
    results: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + args.max_seconds
    for round_number in range(args.rounds):
        for site in args.site:
            if time.monotonic() > deadline:
                print("stopped at --max-seconds")
                break
            command = [
                sys.executable,
                __file__,
                "--worker",
                site,
                "--requests",
                str(per_round),
                "--warmup",
                str(args.warmup),
            ]
            if round_number == 0:
                command.append("--describe")
            timeout = max(10.0, deadline - time.monotonic() + 60)
            output = subprocess.run(
                command, check=True, capture_output=True, text=True, timeout=timeout
            ).stdout
            part = json.loads(output.strip().splitlines()[-1])
            if site not in results:
                results[site] = {**part, "pages": {p: {"ms": [], "db_ms": []} for p in PAGES}}
            for page in PAGES:
                for key in ("ms", "db_ms"):
                    results[site]["pages"][page][key] += part["pages"][page][key]
    run_id = time.strftime("%Y-%m-%d %H:%M")
    summary = []
    for result in results.values():
        pages = {}
        for page in PAGES:
            ms, db = result["pages"][page]["ms"], result["pages"][page]["db_ms"]
            pages[page] = {
                "url": result["urls"][page],
                "requests": len(ms),
                "p50_ms": round(statistics.median(ms), 2),
                "p95_ms": round(percentile(ms, 95), 2),
                "db_p50_ms": round(statistics.median(db), 2),
            }
            print(
                f"{result['backend']:10} {result['articles']:>9,} {page:8} n={len(ms):4} "
                f"p50 {pages[page]['p50_ms']:7.2f} ms p95 {pages[page]['p95_ms']:7.2f} ms "
                f"(queries p50 {pages[page]['db_p50_ms']:.2f} ms)"
            )
        summary.append(
            {
                "run": run_id,
                "backend": result["backend"],
                "articles": result["articles"],
                "live": result["live"],
                "in_section": result["in_section"],
                "list_indexes": result["list_indexes"],
                "pages": pages,
                "machine": machine(),
                "label": args.label,
            }
        )
    return summary


def report(path: Path) -> None:
    runs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    lines = [
        "`bench/list_pages.py`: the front page and a section page (the first section, "
        "about a tenth of the articles) through Django's test client, in process: the "
        "application's time (middleware, view, queries, template) with no HTTP server "
        "and no page cache in front, so every request renders. Sites compared in one "
        "run are measured in alternating rounds, each round a fresh process with warm-up "
        'requests first. p50/p95 in ms; "queries" is the p50 time spent in the database. '
        "Target: at most 1.5× the time with 1,000 articles.",
        "",
        f"Machine: {runs[-1]['machine']}.",
        "",
        "| run | backend | articles | new indexes | front p50 | front p95 | front queries "
        "| section p50 | section p95 | section queries |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        front, sect = run["pages"]["front"], run["pages"]["section"]
        lines.append(
            f"| {run['run']} | {run['backend']} | {run['articles']:,} "
            f"| {'yes' if run['list_indexes'] else 'no'} | {front['p50_ms']:.1f} "
            f"| {front['p95_ms']:.1f} | {front['db_p50_ms']:.1f} | {sect['p50_ms']:.1f} "
            f"| {sect['p95_ms']:.1f} | {sect['db_p50_ms']:.1f} |"
        )
    lines += ["", "Biggest site against the smallest of the same run and backend (p50):", ""]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in runs:
        groups.setdefault((run["run"], run["backend"]), []).append(run)
    for (run_id, backend), group in groups.items():
        if len(group) < 2:
            continue
        small, big = (
            min(group, key=lambda r: r["articles"]),
            max(group, key=lambda r: r["articles"]),
        )
        for page in PAGES:
            ratio = big["pages"][page]["p50_ms"] / small["pages"][page]["p50_ms"]
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            lines.append(
                f"- {run_id}, {backend}, {page}: {big['articles']:,} against "
                f"{small['articles']:,} articles: {ratio:.2f}× ({verdict} the 1.5× target)"
            )
    notes = sorted({f"{r['run']}: {r['label']}" for r in runs if r.get("label")})
    if notes:
        lines += ["", *(f"- {note}" for note in notes)]
    write_section("List pages at scale", "\n".join(lines))
    print("\n".join(lines))


def main() -> None:
    args = parse_args()
    if args.worker:
        result = worker(
            args.worker, requests=args.requests, warmup=args.warmup, describe=args.describe
        )
        print(json.dumps(result))
        return
    if args.report:
        report(args.report)
        return
    if not args.site:
        raise SystemExit("Name at least one --site to measure.")
    for site, articles in fill_plan(sys.argv[1:]):
        fill(site, articles)
    results = measure(args)
    if args.json:
        with args.json.open("a") as handle:
            for result in results:
                handle.write(json.dumps(result) + "\n")


def fill_plan(argv: list[str]) -> list[tuple[str, int]]:
    """(site, N) for each `--fill N` that follows a `--site` on the command line."""
    plan, last_site = [], None
    for flag, value in itertools.pairwise(argv):
        if flag == "--site":
            last_site = value
        elif flag == "--fill" and last_site is not None:
            plan.append((last_site, int(value)))
    return plan


if __name__ == "__main__":
    main()
