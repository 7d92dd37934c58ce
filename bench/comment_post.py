"""Comment posting throughput against a running `broadsheet serve` on loopback.

Each simulated reader does what a browser does: loads the article page, reads the form,
answers the question, solves the proof of work (ALTCHA, SHA-256) and posts. The server
is the embedded default with the captcha and every check on; nothing is bypassed. Only
the rate limits must be raised, or they (rightly) answer 429 to one IP posting hundreds
of comments:

    export BROADSHEET_DATA_DIR=/tmp/bench-data \\
           DISCUSSION_RATE_PER_IP=100000/60 DISCUSSION_RATE_PER_ARTICLE=100000/60
    broadsheet migrate && broadsheet demo     # or any live article
    broadsheet serve --port 8791 &
    python bench/comment_post.py --url http://127.0.0.1:8791/news/<slug>/ --seconds 20

A reader may post no sooner than DISCUSSION_MIN_SUBMIT_SECONDS after the form was
shown (3 s by default), so each client prepares a batch of forms, waits that long once
and then posts the batch: the wait is the reader's, the measured posts are the server's.

Prints one Markdown table row:
| clients | seconds | posted | posts/s | p50 ms | p99 ms | errors | form+PoW ms |
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.discussion.webclient import Reader, filled_form


def run(url: str, *, clients: int, seconds: float, batch: int, min_wait: float) -> str:
    path = "/" + url.split("/", 3)[3]
    base = url[: len(url) - len(path) + 1]
    latencies: list[float] = []
    prepare: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def client(n: int) -> None:
        reader = Reader(base)
        while time.monotonic() < deadline:
            ready = []
            for _ in range(batch):
                t0 = time.perf_counter()
                state = reader.form(path)
                data = filled_form(
                    state, name=f"Bench {n}", text=f"Benchmark comment {uuid.uuid4().hex}"
                )
                ready.append((time.monotonic(), state, data))
                with lock:
                    prepare.append(time.perf_counter() - t0)
            for shown, state, data in ready:
                if time.monotonic() >= deadline:
                    return
                wait = shown + min_wait - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                t0 = time.perf_counter()
                response = reader.post_comment(state, json_reply=True, **data)
                elapsed = time.perf_counter() - t0
                with lock:
                    if response.status == 201:
                        latencies.append(elapsed)
                    else:
                        errors.append(f"{response.status} {response.body[:120]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    if errors:
        print("first errors:", errors[:3], file=sys.stderr)
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"| {clients} | {wall:.1f} | {len(latencies)} | {len(latencies) / wall:.1f} | "
        f"{statistics.median(ordered) * 1000:.0f} | {p99 * 1000:.0f} | {len(errors)} | "
        f"{statistics.median(prepare or [0.0]) * 1000:.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True, help="an article page on 127.0.0.1")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument(
        "--min-wait", type=float, default=3.0, help="the server's DISCUSSION_MIN_SUBMIT_SECONDS"
    )
    args = parser.parse_args()
    if not args.url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        parser.error("loopback only")
    print("| clients | seconds | posted | posts/s | p50 ms | p99 ms | errors | form+PoW ms |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        run(
            args.url,
            clients=args.clients,
            seconds=args.seconds,
            batch=args.batch,
            min_wait=args.min_wait,
        )
    )


if __name__ == "__main__":
    main()
