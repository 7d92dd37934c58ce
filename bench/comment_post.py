"""Comment posting throughput of `broadsheet serve` on loopback, every check on.

Each simulated reader does what a browser does: loads the article page, reads the form,
answers the question, solves the proof of work (ALTCHA, SHA-256) and posts. The server
is the embedded default (SQLite, `broadsheet serve` with 2 workers) with the captcha,
the proof of work, the honeypot, the minimum time, the duplicate and link checks and the
rate limits all on.
Only the rate limits are raised (by configuration, still checked on every post), or they
would rightly answer 429 to one IP posting thousands of comments.

Two phases, so that the client's own work does not hide the server's speed:
1. prepare: fetch N forms and solve their questions and proofs of work (client work,
   timed separately);
2. after the minimum time a reader must take (DISCUSSION_MIN_SUBMIT_SECONDS, 3 s) has
   passed, post them all from C concurrent clients: accepted comments per second.

Usage (from the repository root, .venv active):
    python bench/comment_post.py [--forms 600] [--clients 16] [--write]
`--url` posts against an already running server instead of starting one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.discussion.webclient import Reader, filled_form

from _common import machine, served_site, write_section

MIN_WAIT = 3.0
PHASE_LIMIT_SECONDS = 300


def first_article_path(base: str) -> str:
    html = Reader(base).request("/").body
    start = html.index('href="/news/') + len('href="')
    return html[start : html.index('"', start)]


def prepare(base: str, path: str, count: int, clients: int) -> tuple[list, list[float]]:
    """Fetch and fill `count` forms; returns (reader, state, data) triples and timings."""
    timings: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_LIMIT_SECONDS

    def one(n: int) -> tuple | None:
        if time.monotonic() > deadline:
            return None
        reader = Reader(base)
        t0 = time.perf_counter()
        state = reader.form(path)
        data = filled_form(
            state, name=f"Bench reader {n % 97}", text=f"Benchmark comment {uuid.uuid4().hex}"
        )
        with lock:
            timings.append(time.perf_counter() - t0)
        return reader, state, data

    with ThreadPoolExecutor(clients) as pool:
        ready = [r for r in pool.map(one, range(count)) if r is not None]
    return ready, timings


def post_all(ready: list, clients: int) -> tuple[int, list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_LIMIT_SECONDS

    def one(item: tuple) -> None:
        if time.monotonic() > deadline:
            return
        reader, state, data = item
        t0 = time.perf_counter()
        response = reader.post_comment(state, json_reply=True, **data)
        elapsed = time.perf_counter() - t0
        with lock:
            if response.status == 201:
                latencies.append(elapsed)
            else:
                errors.append(f"{response.status} {response.body[:120]}")

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, ready))
    return len(latencies), latencies, errors, time.monotonic() - started


def measure(base: str, *, forms: int, clients: int) -> dict[str, float]:
    path = first_article_path(base)
    t0 = time.monotonic()
    ready, prep = prepare(base, path, forms, clients)
    wait = t0 + MIN_WAIT - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    accepted, latencies, errors, wall = post_all(ready, clients)
    if errors:
        print("first errors:", errors[:3], file=sys.stderr)
    ordered = sorted(latencies) or [0.0]
    return {
        "forms": len(ready),
        "accepted": accepted,
        "errors": len(errors),
        "seconds": wall,
        "rate": accepted / wall if wall else 0.0,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "prep": statistics.median(prep or [0.0]) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--forms", type=int, default=600)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    args = parser.parse_args()
    raised = {
        "DISCUSSION_RATE_PER_IP": "1000000/60",
        "DISCUSSION_RATE_PER_ARTICLE": "1000000/60",
        "DISCUSSION_ATTEMPTS_PER_IP": "1000000/60",
    }
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
            parser.error("loopback only")
        result = measure(args.url.rstrip("/"), forms=args.forms, clients=args.clients)
    else:
        with served_site(env_extra=raised) as base:
            result = measure(base, forms=args.forms, clients=args.clients)
    mode = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (embedded)"
    row = (
        f"| {mode}, 2 workers | {args.clients} | {result['forms']} | "
        f"{result['accepted']} | {result['errors']} | {result['seconds']:.1f} | "
        f"**{result['rate']:.0f}** | {result['p50']:.0f} | {result['p99']:.0f} | "
        f"{result['prep']:.0f} |"
    )
    body = (
        f"Measured {dt.date.today():%Y-%m-%d} by `bench/comment_post.py` on {machine()}.\n"
        "`broadsheet serve` (its default server, 2 workers, SQLite WAL) on loopback; "
        "the client runs on "
        "the same 2 cores. Every check on: signed single-use captcha answered, ALTCHA proof "
        "of work solved by the client, honeypot, minimum time, duplicate/link checks, rate "
        "limits (raised by configuration, still checked). Posts start once the forms are 3 s "
        "old; accepted = stored and acknowledged (201).\n\n"
        "| mode | clients | forms | accepted | errors | post phase s | accepted/s | "
        "p50 ms | p99 ms | form+PoW ms (client) |\n|---|---|---|---|---|---|---|---|---|---|\n"
        + row
    )
    print(body)
    if args.write:
        write_section("Comment posting throughput", body)


if __name__ == "__main__":
    main()
