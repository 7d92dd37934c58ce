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
   Each post is a distinct reader's real form (their cookies, CSRF token, answer and
   proof of work), encoded in phase 1; phase 2 only sends the bytes, over a kept-alive
   connection per client as a browser posts, so the client (on the same 2 cores,
   in Python threads) takes as little of the machine as it can. The client's share of
   the CPU during the post phase is reported.

Usage (from the repository root, .venv active):
    python bench/comment_post.py [--forms 600] [--clients 16] [--write]
`--url` posts against an already running server instead of starting one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.support.webclient import CommentFormState, Reader, filled_form

from _common import machine, parallel_slowdown, reference_ms, served_site_process, write_section
from flood import schedstat
from http_load import cpu_ticks, descendants

MIN_WAIT = 3.0
PHASE_LIMIT_SECONDS = 300
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class EncodedPost:
    path: str
    body: bytes
    headers: dict[str, str]


@dataclass
class PostPhase:
    accepted: int
    latencies: list[float]
    errors: list[str]
    seconds: float
    client_cpu: float  # the load generator's CPU time / wall time (1.0: one core)
    server: dict[str, float]  # the server's processes over the phase (empty: not ours)


def server_use(pids: list[int]) -> tuple[int, float, float]:
    return (cpu_ticks(pids), *schedstat(pids))


def first_article_path(base: str) -> str:
    html = Reader(base).request("/").body
    start = html.index('href="/news/') + len('href="')
    return html[start : html.index('"', start)]


def encoded_post(reader: Reader, state: CommentFormState, data: dict[str, str]) -> EncodedPost:
    """The request a reader's browser sends for this filled form, as bytes: its path,
    body and headers (this reader's cookies: CSRF, and whatever the site set)."""
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in reader.jar)
    path = urllib.parse.urlsplit(urllib.parse.urljoin(reader.base_url + "/", state.action)).path
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Cookie": cookies,
    }
    return EncodedPost(path=path, body=urllib.parse.urlencode(data).encode(), headers=headers)


def prepare(base: str, path: str, count: int, clients: int) -> tuple[list, list[float]]:
    """Fetch, fill and encode `count` forms; returns the encoded posts and timings."""
    timings: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_LIMIT_SECONDS

    def one(n: int) -> EncodedPost | None:
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
        return encoded_post(reader, state, data)

    with ThreadPoolExecutor(clients) as pool:
        ready = [r for r in pool.map(one, range(count)) if r is not None]
    return ready, timings


def post_all(
    ready: list[EncodedPost], base: str, clients: int, pids: list[int] | None = None
) -> PostPhase:
    """Send every encoded post from `clients` threads, each over its own kept-alive
    connection (opened again if the server closes it)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + PHASE_LIMIT_SECONDS
    host = urllib.parse.urlsplit(base)
    queue = iter(ready)

    def client() -> None:
        connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            t0 = time.perf_counter()
            try:
                connection.request("POST", item.path, item.body, item.headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection(
                    host.hostname or "127.0.0.1", host.port, timeout=30
                )
                with lock:
                    errors.append(f"connection: {exc!r}")
                continue
            elapsed = time.perf_counter() - t0
            if response.will_close:
                connection.close()
                connection = http.client.HTTPConnection(
                    host.hostname or "127.0.0.1", host.port, timeout=30
                )
            with lock:
                if response.status == 201:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{response.status} {body[:120]!r}")
        connection.close()

    use = server_use(pids) if pids else None
    started = time.monotonic()
    cpu_started = time.process_time()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    server: dict[str, float] = {}
    if use is not None and pids:
        ticks, ran, waited = (b - a for a, b in zip(use, server_use(pids), strict=True))
        server = {
            "cpu_ms": ticks * TICK_MS,  # user + system CPU of every server process
            "ran_ms": ran,  # on a CPU (scheduler's count, finer than ticks)
            "runqueue_ms": waited,  # runnable, waiting for a CPU
        }
    return PostPhase(
        accepted=len(latencies),
        latencies=latencies,
        errors=errors,
        seconds=wall,
        client_cpu=(time.process_time() - cpu_started) / wall if wall else 0.0,
        server=server,
    )


def measure(base: str, *, forms: int, clients: int, server_pid: int | None) -> dict[str, float]:
    path = first_article_path(base)
    ready, prep = prepare(base, path, forms, clients)
    # Until the newest form is as old as a reader must take (with a margin for the
    # clocks): posted sooner it is rightly refused as too fast.
    time.sleep(MIN_WAIT + 0.5)
    pids = [server_pid, *descendants(server_pid)] if server_pid else None
    phase = post_all(ready, base, clients, pids)
    if phase.errors:
        print("first errors:", phase.errors[:3], file=sys.stderr)
    ordered = sorted(phase.latencies) or [0.0]
    return {
        "forms": len(ready),
        "accepted": phase.accepted,
        "errors": len(phase.errors),
        "seconds": phase.seconds,
        "rate": phase.accepted / phase.seconds if phase.seconds else 0.0,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "prep": statistics.median(prep or [0.0]) * 1000,
        "client_cpu": phase.client_cpu * 100,
        "load": os.getloadavg()[0],
        # The machine's speed just then (its CPU is shared): compare runs by this too.
        "reference_ms": reference_ms(),
        # Both cores busy at once (the two workers): how much slower each ran just then.
        "two_at_once": parallel_slowdown(),
        # Per accepted post: the server's CPU, and its time runnable but not running.
        "server_cpu": phase.server.get("ran_ms", 0.0) / max(phase.accepted, 1),
        "server_runqueue": phase.server.get("runqueue_ms", 0.0) / max(phase.accepted, 1),
        "server_busy": phase.server.get("ran_ms", 0.0) / (phase.seconds * 10)
        if phase.seconds
        else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--forms", type=int, default=600)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--workers", type=int, default=2, help="server processes (serve's default: the cores)"
    )
    parser.add_argument("--url", help="a running server on loopback (default: start one)")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument(
        "--label",
        default="",
        help="named in the row (the code measured: with PYTHONPATH=<worktree>/src the "
        "server runs another commit's code, for a before/after pair in one run)",
    )
    args = parser.parse_args()
    raised = {
        "DISCUSSION_RATE_PER_IP": "1000000/60",
        "DISCUSSION_RATE_PER_ARTICLE": "1000000/60",
        "DISCUSSION_ATTEMPTS_PER_IP": "1000000/60",
    }
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
            parser.error("loopback only")
        result = measure(
            args.url.rstrip("/"), forms=args.forms, clients=args.clients, server_pid=None
        )
    else:
        with served_site_process(workers=args.workers, env_extra=raised) as (base, pid):
            result = measure(base, forms=args.forms, clients=args.clients, server_pid=pid)
    mode = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite (embedded)"
    row = (
        f"| {dt.datetime.now(dt.UTC):%H:%M} UTC{' ' + args.label if args.label else ''} | "
        f"{mode}, {os.environ.get('BROADSHEET_SERVER', 'granian')}, {args.workers} workers | "
        f"{args.clients} | "
        f"{result['forms']} | {result['accepted']} | {result['errors']} | "
        f"{result['seconds']:.1f} | **{result['rate']:.0f}** | {result['p50']:.0f} | "
        f"{result['p99']:.0f} | {result['prep']:.0f} | {result['client_cpu']:.0f}% | "
        f"{result['server_cpu']:.2f} | {result['server_runqueue']:.2f} | "
        f"{result['server_busy']:.0f}% | {result['load']:.1f} | {result['reference_ms']:.0f} | "
        f"{result['two_at_once']:.2f}× |"
    )
    body = (
        f"Measured {dt.date.today():%Y-%m-%d} by `bench/comment_post.py` on {machine()}.\n"
        "`broadsheet serve` (its default server, 2 workers unless the row says otherwise, "
        "SQLite WAL) on loopback; "
        "the client runs on "
        "the same 2 cores. Every check on: signed single-use captcha answered, ALTCHA proof "
        "of work solved by the client, honeypot, minimum time, duplicate/link checks, bans, "
        "rate limits and the per-IP attempt budget (raised by configuration, still checked). "
        "Posts start once the forms are 3 s old, each a distinct reader's form encoded "
        "beforehand and sent over a kept-alive connection per client; accepted = stored "
        "and acknowledged (201). Client CPU: the load generator's share of one core during "
        "the post phase. Server: its processes over the post phase, per accepted post, from "
        "the scheduler (/proc/<pid>/task/*/schedstat): time on a CPU, time runnable but "
        "waiting for one, and its share of one core (200%: both cores); what is neither "
        "is sleep (sockets, SQLite's lock). Load: the 1-minute load average after it. "
        "Reference loop: a fixed pure-Python loop timed after the post phase (`_common."
        "reference_ms`), how fast the shared machine ran then: lower is faster. Two at once: "
        "that loop's CPU time in two processes at once against one alone, just after "
        "(`_common.parallel_slowdown`; 1.00×: the two cores are the machine's own).\n\n"
        "| run | mode | clients | forms | accepted | errors | post phase s | accepted/s | "
        "p50 ms | p99 ms | form+PoW ms (client) | client CPU | server CPU ms/post | "
        "server run queue ms/post | server busy | load | reference loop ms | two at once |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n" + row
    )
    print(body)
    if args.write:
        write_section("Comment posting throughput", body)


if __name__ == "__main__":
    main()
