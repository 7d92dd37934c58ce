"""Time and peak memory of `broadsheet bench-data` at a given size.

    .venv/bin/python bench/bench_data.py --articles 10000 --comments 100000 \
        --json /tmp/bench-data.jsonl [--database-url postgres://...] [--data-dir DIR]
    .venv/bin/python bench/bench_data.py --report /tmp/bench-data.jsonl

Runs the command in a fresh data folder (or the one given, to measure a resumed run)
under `/usr/bin/time -v`, bounded by `--timeout`, and records wall time, CPU time and
peak resident memory (the command's one process: SQLite runs inside it; PostgreSQL's
server work is not in these numbers). `--report` writes the "Data generation" section
of BENCHMARKS.md from the collected runs and the notes file beside them
(`<json>.notes.md`), where extrapolations are labelled as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import BROADSHEET, machine, write_section  # noqa: E402 - after the path is set


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--workers", type=int, default=1, help="bench-data --workers (PostgreSQL).")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--report", type=Path)
    return parser.parse_args()


def _field(text: str, name: str) -> str:
    match = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def _seconds(clock: str) -> float:
    parts = [float(p) for p in clock.split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def run(args: argparse.Namespace) -> dict[str, object]:
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-data-"))
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=600)
    command = [
        "/usr/bin/time",
        "-v",
        BROADSHEET,
        "bench-data",
        f"--articles={args.articles}",
        f"--comments={args.comments}",
        f"--workers={args.workers}",
        "--no-progress",
    ]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=args.timeout, check=True
    )
    result = {
        "database": "postgresql" if args.database_url else "sqlite",
        "articles": args.articles,
        "comments": args.comments,
        "wall_s": _seconds(_field(done.stderr, "Elapsed (wall clock) time (h:mm:ss or m:ss)")),
        "cpu_s": float(_field(done.stderr, "User time (seconds)"))
        + float(_field(done.stderr, "System time (seconds)")),
        "peak_rss_mib": int(_field(done.stderr, "Maximum resident set size (kbytes)")) / 1024,
        "load": os.getloadavg()[0],
        "output": done.stdout.strip(),
        "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    print(json.dumps(result, indent=1))
    return result


def report(path: Path) -> None:
    runs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows = [
        "| database | articles | comments | wall time | CPU time | peak RSS | load average | run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        rows.append(
            f"| {r['database']} | {r['articles']:,} | {r['comments']:,} | "
            f"{r['wall_s']:.0f} s | {r['cpu_s']:.0f} s | {r['peak_rss_mib']:.0f} MiB | "
            f"{r['load']:.1f} | {r.get('note') or r['output']} |"
        )
    notes = path.with_suffix(".notes.md")
    body = "\n".join(
        [
            f"Measured by `bench/bench_data.py` on {runs[0]['machine']}: "
            "`broadsheet bench-data` in a fresh data folder, under `/usr/bin/time -v`. "
            "CPU time and peak RSS are the command's own process (SQLite works inside it; "
            "PostgreSQL's server is not counted). The machine was shared: wall time "
            "includes waiting for a core (load average at the end of each run).",
            "",
            *rows,
            "",
            notes.read_text().strip() if notes.exists() else "",
        ]
    )
    write_section("Data generation", body)
    print(f"Wrote the 'Data generation' section of BENCHMARKS.md from {len(runs)} runs.")


def main() -> None:
    args = parse_args()
    if args.report:
        report(args.report)
        return
    result = run(args)
    if args.json:
        with args.json.open("a") as handle:
            handle.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
