"""Lighthouse scores of an article page (median of 3 runs) on Debian's Chromium.

Usage: python bench/lighthouse.py    (from the repository root, with .venv active)
Needs `npm ci` (lighthouse 12.2.3 in node_modules) and /usr/bin/chromium. Loopback only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, served_site, write_section

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--no-first-run --disable-quic"
)
RUNS = 3


def first_article_url(base: str) -> str:
    html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    start = html.index('href="/news/') + len('href="')
    return base + html[start : html.index('"', start)]


def lighthouse(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            check=True,
            timeout=180,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )
        report = json.loads(out.read_text())
    return {c: float(report["categories"][c]["score"]) for c in CATEGORIES}


def main() -> None:
    with served_site() as base:
        url = first_article_url(base)
        runs = [lighthouse(url) for _ in range(RUNS)]
    medians = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
    rows = "\n".join(
        f"| {c} | {medians[c]:.2f} | {', '.join(f'{r[c]:.2f}' for r in runs)} | "
        f"{'yes' if medians[c] >= 0.95 else 'NO'} |"
        for c in CATEGORIES
    )
    body = (
        f"Measured {dt.date.today():%Y-%m-%d} by `bench/lighthouse.py` on {machine()}.\n"
        f"Lighthouse 12.2.3, Debian Chromium, headless, the first sample article served by "
        "`broadsheet serve` (its default server, 2 workers) on loopback. "
        f"Median of {RUNS} runs.\n\n"
        "| category | median | runs | ≥ 0.95 |\n|---|---|---|---|\n" + rows
    )
    write_section("Lighthouse: article page", body)
    print(body)


if __name__ == "__main__":
    main()
