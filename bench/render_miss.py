"""The article page's render when the page cache misses, by what caused the miss.

    .venv/bin/python bench/render_miss.py [--renders 100] [--data-dir DIR] [--write]

The page and site of `bench/http_load.py` (about 1,500 words, a lead photo, 30 approved
comments, a generated site of 300 articles; SQLite, the embedded default), requested
in-process through the page cache's front and Django (`broadsheet.wsgi`'s stack: the
front, every middleware, the view, the templates, the stored entry built; no network),
one request at a time. Before each measured request, the cause happens for real:

- cold: the stored pages, every memo and the language links kept per path dropped (a
  process's first render of this page; what every page shares stays: the compiled
  templates, URL patterns and static files' URLs);
- new comment: an approved comment is added to the article (`comment_import`, which
  commits and bumps the board as a moderator's approval does); after the measured
  read it is deleted and the page read again, unmeasured, so the thread stays at 30;
- ranking moved: the most-read order changed (the `reads` tag, as `reads_flush` bumps it);
- article in its section: another article is published in the page's section (its
  section's and tags' lists change, so the related list loads again; the article's
  memo does not depend on them);
- first read of a new article: a copy of the article (its body, photo, bylines, tags,
  sources and 30 comments) is published, and its page is read for the first time: what
  a breaking story's first reader meets, in a process that has served other pages;
  deleted after the read, so every measured read finds the same site;
- per-reader render: the page cache bypassed (a reader who has just posted, staff),
  nothing changed in between: the reader's own comment form (a question, tokens, a
  proof-of-work challenge), the rest from the memos.

Each scenario: p50, p95 and min of the wall time, the queries of one render, and a
cProfile of the new-comment renders by where the time goes. Bounded by `--max-seconds`
per scenario. After each scenario a fixed pure-Python loop is timed ("reference loop"):
the machine is shared, and the same code has run at half the speed an hour later.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _common import machine, reference_ms, runs_appended, write_section  # noqa: E402
from http_load import (  # noqa: E402
    ARTICLE_SLUG,
    TARGET_RENDER_P50_MS,
    load_average,
    make_site,
    percentile,
    profile_summary,
    setup_django,
)

SECTION = "Page-cache misses: the article page's render"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=100, help="Measured per scenario.")
    parser.add_argument("--profile-renders", type=int, default=30)
    parser.add_argument(
        "--profile", default="new comment", help="The scenario profiled (its name's start)."
    )
    parser.add_argument("--pstats", type=Path, help="Also dump the profile here (pstats).")
    parser.add_argument("--max-seconds", type=float, default=120)
    parser.add_argument("--data-dir", type=Path, help="Keep the data folder here (reused).")
    parser.add_argument("--json", type=Path, help="Append this run to a JSON-lines file.")
    parser.add_argument("--write", action="store_true", help=f'Write "{SECTION}".')
    parser.add_argument("--report", type=Path, help="Only write the section from this file.")
    parser.add_argument("--label", default="", help="What this run measured (the code's commit).")
    return parser.parse_args()


def front_reader(
    path: str | Callable[[], str], *, cookie: str = ""
) -> Callable[[], tuple[str, bytes]]:
    """One GET of `path` (or of the path `path()` names then) through the front, as a
    browser asks (br or gzip)."""
    from broadsheet.wsgi import application as app  # what `broadsheet serve` runs

    def get() -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path() if callable(path) else path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        seen: dict[str, str] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            assert status.startswith("200 "), status
            seen.update(headers)

        body = b"".join(app(environ, start_response))
        return seen["X-Page-Cache"], body

    return get


def measure(
    name: str,
    get: Callable[[], tuple[str, bytes]],
    *,
    before: Callable[[], None],
    after: Callable[[], None] | None,
    renders: int,
    max_seconds: float,
    profile: int = 0,
    pstats_file: Path | None = None,
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expected = "bypass" if "bypass" in name else "miss"
    # One cycle unmeasured first: the scenario before may have left no memos (cold), and
    # the queries counted are those of this cause's renders, not of a first render.
    before()
    get()
    if after:
        after()
    before()
    with CaptureQueriesContext(connection) as queries:
        outcome, body = get()
    assert outcome == expected, (name, outcome)
    query_count = len(queries.captured_queries)  # the log is cleared by later requests
    if after:
        after()
    times: list[float] = []
    # The render's own CPU time too: on a machine shared with other work, wall time
    # counts the waits for a core; the CPU time of the rendering thread does not.
    cpu: list[float] = []
    deadline = time.monotonic() + max_seconds
    while len(times) < renders and time.monotonic() < deadline:
        before()
        started, started_cpu = time.perf_counter(), time.thread_time()
        outcome, _ = get()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        assert outcome == expected, (name, outcome)
        if after:
            after()
    result: dict[str, Any] = {
        "name": name,
        "renders": len(times),
        "p50": statistics.median(times),
        "cpu_p50": statistics.median(cpu),
        "p95": percentile(times, 95),
        "min": min(times),
        "queries": query_count,
        "bytes": len(body),
        "reference_ms": reference_ms(),
    }
    if profile:
        profiler = cProfile.Profile()
        for _ in range(profile):
            before()
            profiler.enable()
            get()
            profiler.disable()
            if after:
                after()
        result["profile"] = profile_summary(profiler, profile)
        if pstats_file:
            profiler.dump_stats(pstats_file)
    print(
        f"{name}: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, "
        f"CPU p50 {result['cpu_p50']:.1f} ms, "
        f"min {result['min']:.1f} ms, {result['queries']} queries, "
        f"reference loop {result['reference_ms']:.0f} ms",
        flush=True,
    )
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-render-miss-"))
    try:
        return run_in(args, args.data_dir or tmp / "data")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_in(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)  # page cache off: the per-reader render, and no front in Client
    path = make_site()
    from django.conf import settings
    from django.utils import timezone

    from broadsheet.core import paths
    from broadsheet.discussion.models import Comment
    from broadsheet.discussion.services import comment_import
    from broadsheet.news.models import Article
    from broadsheet.pagecache.memo import memo_store
    from broadsheet.pagecache.pages import POSTED_COOKIE, pages_invalidate_now
    from broadsheet.pagecache.store import store

    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "machine": machine(),
        "load_start": load_average(),
        "scenarios": [],
    }
    settings.BROADSHEET_PAGE_CACHE = True
    article = Article.objects.get(slug=ARTICLE_SLUG)
    get = front_reader(path)
    for _ in range(3):
        get()
    made: list[int] = []
    counter = iter(range(1_000_000))

    def cold() -> None:
        store().clear()
        memo_store().clear()
        # A page's language links, kept per path by core/paths since 64288b6 (memos
        # before): dropped with the memos, so a cold render still works them out.
        kept = getattr(paths, "_in_languages", None)  # absent in an older commit
        if kept is not None:
            kept.clear()

    def add_comment() -> None:
        n = next(counter)
        comment = comment_import(
            article=article,
            parent=None,
            name="Bench reader",
            text=f"One more view on this, number {n} :-)",
            created_at=timezone.now(),
        )
        made.append(comment.pk)

    def drop_comment() -> None:
        Comment.objects.filter(pk__in=made).delete()
        made.clear()
        get()

    def ranking_moved() -> None:
        pages_invalidate_now({"reads"})

    def publish_nearby() -> None:
        n = next(counter)
        Article.objects.create(
            slug=f"render-miss-nearby-{n}-{time.time_ns()}",
            headline=f"A nearby story, number {n}",
            standfirst="Published while the page was stored.",
            body="<p>A short story.</p>",
            language="en",
            section_id=article.section_id,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )

    thread = list(Comment.objects.filter(article=article).order_by("created_at", "pk"))
    newest: dict[str, str] = {}

    def publish_copy() -> None:
        """A new article like the measured one (body, photo, bylines, tags, sources and
        its 30 comments), published: its page has never been rendered."""
        n = next(counter)
        copy = Article.objects.create(
            slug=f"render-miss-copy-{n}-{time.time_ns()}",
            headline=f"{article.headline} ({n})",
            standfirst=article.standfirst,
            body=article.body,
            language=article.language,
            section_id=article.section_id,
            lead_photo_id=article.lead_photo_id,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for byline in article.bylines.all():
            copy.bylines.create(author_id=byline.author_id, position=byline.position)
        copy.tags.set(article.tags.all())
        for source in article.sources.all():
            copy.sources.create(name=source.name, url=source.url, position=source.position)
        copied: dict[int, Comment] = {}
        for comment in thread:
            copied[comment.pk] = comment_import(
                article=copy,
                parent=copied.get(comment.parent_id) if comment.parent_id else None,
                name=comment.name,
                text=comment.text,
                created_at=comment.created_at,
            )
        newest["path"] = copy.get_absolute_url()
        newest["slug"] = copy.slug

    def drop_copy() -> None:
        # The site stays as it was: the next copy's page costs what this one's did.
        Article.objects.filter(slug=newest["slug"]).delete()

    scenarios = result["scenarios"]

    def scenario(name: str, get: Callable[[], tuple[str, bytes]], **kwargs: Any) -> None:
        profiled = name.startswith(args.profile)
        kwargs.setdefault("after", None)
        scenarios.append(
            measure(
                name,
                get,
                renders=args.renders,
                max_seconds=args.max_seconds,
                profile=args.profile_renders if profiled else 0,
                pstats_file=args.pstats if profiled else None,
                **kwargs,
            )
        )

    scenario("cold", get, before=cold)
    scenario("new comment", get, before=add_comment, after=drop_comment)
    scenario("ranking moved", get, before=ranking_moved)
    scenario("article in its section", get, before=publish_nearby)
    scenario(
        "first read of a new article",
        front_reader(lambda: newest["path"]),
        before=publish_copy,
        after=drop_copy,
    )
    # A reader who has just posted (the bs_posted cookie) or staff: every read renders,
    # with this reader's own form values; the shared parts come from the memos.
    posted = front_reader(path, cookie=f"{POSTED_COOKIE}=1")
    scenario("per-reader render (page cache bypassed)", posted, before=lambda: None)
    result["load_end"] = load_average()
    return result


def report(runs: list[dict[str, Any]]) -> str:
    latest = runs[-1]
    parts = [
        f"Measured by `bench/render_miss.py` on {latest['machine']}. "
        + __doc__.split("\n\n", 2)[2].split("Each scenario:")[0].strip().replace("\n", " "),
        f"Target: the article page's uncached render p50 ≤ {TARGET_RENDER_P50_MS:.0f} ms. "
        "A page-cache miss renders the whole page, but the parts that did not change come "
        "from memos kept with the versions of the tags they depend on "
        "(`pagecache/memo.py`, `pagecache/blocks.py`); cold is the render with none.",
    ]
    for run_ in reversed(runs):
        rows = [
            f"### {run_['date']}" + (f": {run_['label']}" if run_.get("label") else ""),
            "",
            f"Load average {run_['load_start']} at the start, {run_['load_end']} at the end.",
            "",
            "| cause of the render | renders | p50 ms | p95 ms | min ms | queries "
            "| reference loop ms | target |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in run_["scenarios"]:
            verdict = "met" if s["p50"] <= TARGET_RENDER_P50_MS else "**missed**"
            rows.append(
                f"| {s['name']} | {s['renders']} | {s['p50']:.1f} | {s['p95']:.1f} | "
                f"{s['min']:.1f} | {s['queries']} | {s.get('reference_ms', 0):.0f} | {verdict} |"
            )
        profiled = next((s for s in run_["scenarios"] if "profile" in s), None)
        if profiled:
            prof = profiled["profile"]
            rows += [
                "",
                f"Where a {profiled['name']} render's time goes (cProfile over "
                f"{prof['renders']} renders, {prof['ms_per_render']:.1f} ms each with the "
                "profiler's overhead):",
                "",
                "| where | ms per render | share |",
                "|---|---|---|",
            ]
            for name, ms in prof["buckets"]:
                rows.append(f"| {name} | {ms:.2f} | {ms / prof['ms_per_render']:.0%} |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts)


def main() -> None:
    args = parse_args()
    if args.report:
        runs = [json.loads(line) for line in args.report.read_text().splitlines() if line]
        write_section(SECTION, report(runs))
        return
    result = run(args)
    runs = runs_appended(args.json, result) if args.json else [result]
    print()
    print(report([result]))
    if args.write:
        write_section(SECTION, report(runs))


if __name__ == "__main__":
    main()
