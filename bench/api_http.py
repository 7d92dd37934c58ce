"""The API over HTTP: `broadsheet serve` (granian, 2 workers) on loopback, wrk as the
client, each run bounded (-d). Measures, in one run so the ratios are fair:

- a list of 20 articles and an article, rendered every time (page cache off);
- the same article URL stored by the page cache: a full answer against a 304
  (If-None-Match with its ETag);
- keyset page 500 against page 1 (the cursor of page 500 read from the database).

    .venv/bin/python bench/api_http.py --site /tmp/api-bench   # a folder bench-data filled

The folder is migrated and filled beforehand (`broadsheet bench-data --articles N`);
nothing is written to it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import machine, served_site_process


def wrk(url: str, seconds: int, header: str | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"]
    if header:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match or ("Non-2xx" in out and header is None):
        raise RuntimeError(out)
    return float(match.group(1))


def cursor_of_page(site: Path, page: int, limit: int) -> str:
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(site)}
    code = (
        "from broadsheet.news.models import Article\n"
        "from broadsheet.api.selectors import Cursor\n"
        f"a = Article.objects.live().order_by('-published_at', '-id')[{(page - 1) * limit - 1}]\n"
        "print(Cursor(at=a.published_at, pk=a.pk).encode())\n"
    )
    broadsheet = str(Path(sys.executable).with_name("broadsheet"))
    out = subprocess.run(
        [broadsheet, "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return out.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--deep-page", type=int, default=0, help="also page N against page 1")
    args = parser.parse_args()
    os.environ["BENCH_DATA_DIR"] = str(args.site)
    results: dict[str, float] = {}
    with served_site_process(demo=False, env_extra={"BROADSHEET_PAGE_CACHE": "0"}) as (base, _):
        first = json.load(urllib.request.urlopen(base + "/api/v1/articles/?limit=1"))
        article = f"{base}/api/v1/articles/{first['items'][0]['id']}/"
        results["list of 20, uncached"] = wrk(base + "/api/v1/articles/?limit=20", args.seconds)
        results["article, uncached"] = wrk(article, args.seconds)
        if args.deep_page:
            deep = cursor_of_page(args.site, args.deep_page, 20)
            results["page 1"] = wrk(base + "/api/v1/articles/?limit=20", args.seconds)
            results[f"page {args.deep_page}"] = wrk(
                f"{base}/api/v1/articles/?limit=20&cursor={deep}", args.seconds
            )
    with served_site_process(demo=False) as (base, _):
        article = f"{base}/api/v1/articles/{first['items'][0]['id']}/"
        etag = urllib.request.urlopen(article).headers["ETag"]
        results["article, stored: full answer"] = wrk(article, args.seconds)
        results["article, stored: 304"] = wrk(article, args.seconds, f"If-None-Match: {etag}")
    print(machine())
    for name, rate in results.items():
        print(f"| {name} | {rate:,.0f} req/s |")


if __name__ == "__main__":
    main()
