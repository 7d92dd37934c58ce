"""HTTP load on the article page: `broadsheet serve` against nginx serving the same bytes.

    .venv/bin/python bench/http_load.py                       # granian and gunicorn
    .venv/bin/python bench/http_load.py --server granian --page-cache off
    # collect runs, then write BENCHMARKS.md's section from all of them
    .venv/bin/python bench/http_load.py --data-dir /tmp/http-load-data --json /tmp/http.jsonl
    .venv/bin/python bench/http_load.py --report /tmp/http.jsonl

What it does, all on loopback, every load bounded by `--duration`:
1. A fresh data folder (or `--data-dir`, reused) with a small generated site
   (`bench-data`) and one English article of about 1,500 words with a lead photo and 30
   approved comments, written by the project's own generators.
2. Uncached render, in-process: `--renders` sequential GETs of the article page through
   Django's test client (URL routing, every middleware, view, template; no network) with
   BROADSHEET_PAGE_CACHE=off; p50/p95, queries and the slowest ones, then a cProfile of
   a few renders grouped by where the time goes.
3. For each `--server`: `broadsheet serve --server S --workers N` on a free port with
   BROADSHEET_PAGE_CACHE from `--page-cache` (without a page cache in the tree the
   switch has no effect, and the output says so). Its article page is fetched once and
   those exact bytes are served as a static file by Debian's nginx (private config and
   prefix in a temporary folder, as many worker processes as the app, started and
   stopped by PID). wrk (`--latency`, the same threads and connections for every
   target) loads nginx, the app, nginx, then the same server running a bare WSGI
   callable that returns the bytes from memory (the ceiling for a page cache in
   Python), then nginx again; each target is compared with the nginx runs around it.
   Plus one connection alone on each (sequential requests over HTTP), and after the
   load the VmRSS of every server process from /proc.

wrk and nginx are installed with apt-get when missing. The machine may be shared:
the load average is recorded with every load, and comparisons are ratios within a run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib.util
import json
import os
import pstats
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _common import BROADSHEET, free_port, machine, runs_appended, write_section  # noqa: E402

SECTION = "Serving the article page"
ARTICLE_SLUG = "http-load-article"
ARTICLE_WORDS = (1_450, 1_550)
COMMENTS = 30
SITE_ARTICLES = 300  # the rest of the site: front page, related, most read/commented
SITE_COMMENTS = 1_500
SERVERS = ("granian", "gunicorn")
TARGET_NGINX_SHARE = 0.50
TARGET_RENDER_P50_MS = 10.0


# --- tools --------------------------------------------------------------------------


def apt_install(*packages: str) -> None:
    """Install Debian packages that are missing (as bin/_venv.sh's apt_install does)."""
    missing = [
        p
        for p in packages
        if subprocess.run(["dpkg", "-s", p], capture_output=True, check=False).returncode != 0
    ]
    if not missing:
        return
    print(f"Installing system packages: {' '.join(missing)}", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True, timeout=600)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", *missing], env=env, check=True, timeout=900
    )


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise SystemExit("nginx not found after installing it")
    return found


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- data ---------------------------------------------------------------------------


def setup_django(data_dir: Path) -> None:
    """Django in this process on the bench data folder, page cache off."""
    os.environ["BROADSHEET_DATA_DIR"] = str(data_dir)
    os.environ["BROADSHEET_PAGE_CACHE"] = "off"
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG"):
        os.environ.pop(name, None)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    # Last: another checkout's code on PYTHONPATH (a before/after pair) comes first.
    sys.path.append(str(ROOT / "src"))
    import django

    django.setup()


def make_site() -> str:
    """A small generated site and the measured article; returns the article's path."""
    from django.core.management import call_command

    from broadsheet.news.models import Article

    call_command("migrate", verbosity=0)
    existing = Article.objects.filter(slug=ARTICLE_SLUG).first()
    if existing is None:
        call_command("bench-data", articles=SITE_ARTICLES, comments=SITE_COMMENTS, no_progress=True)
        existing = make_article()
    return f"/news/{existing.slug}/"


def _lead_photo() -> Any:
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    from broadsheet.photos.models import Photo
    from broadsheet.photos.services import photo_make_renditions

    image = Image.new("RGB", (1600, 900), (38, 70, 110))
    draw = ImageDraw.Draw(image)
    rng = random.Random(5)
    for _ in range(60):  # some structure, so the renditions compress like a photo
        x, y = rng.randrange(1600), rng.randrange(900)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300)), colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    photo = Photo(
        alt_text="Coloured shapes on a blue ground", caption="A generated picture", credit="Bench"
    )
    photo.image.save("http-load.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    photo_make_renditions(photo=photo)
    return photo


def make_article() -> Any:
    """One English article of about 1,500 words, bylines, tags, sources, a lead photo
    and 30 approved comments (a third of them replies), from the bench-data corpus."""
    from django.db import transaction
    from django.utils import timezone

    from broadsheet.benchdata.corpus import corpus_default
    from broadsheet.benchdata.vocabulary import FIRST_NAMES, LAST_NAMES, OUTLETS
    from broadsheet.discussion.services import comment_import
    from broadsheet.news.models import Article, ArticleSource, Author, Byline, Section, Tag

    corpus = corpus_default()
    seed = 0
    while True:  # the first body of the wanted length: deterministic
        rng = random.Random(seed)
        body = corpus.body(rng, "en")
        if ARTICLE_WORDS[0] <= body.words <= ARTICLE_WORDS[1]:
            break
        seed += 1
    now = timezone.now()
    with transaction.atomic():
        article = Article.objects.create(
            slug=ARTICLE_SLUG,
            headline=corpus.headline(rng, "en"),
            standfirst=corpus.sentence(rng, "en", 20, 30),
            body=body.html,
            language="en",
            section=Section.objects.order_by("order", "pk").first(),
            lead_photo=_lead_photo(),
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(hours=3),
        )
        for position, author in enumerate(
            Author.objects.filter(slug__startswith="benchdata-en-").order_by("slug")[:2]
        ):
            Byline.objects.create(article=article, author=author, position=position)
        article.tags.set(Tag.objects.filter(slug__startswith="benchdata-en-").order_by("slug")[:4])
        for position, (name, url) in enumerate(OUTLETS[:2]):
            ArticleSource.objects.create(
                article=article, name=name, url=f"{url}{ARTICLE_SLUG}", position=position
            )
        made: list[Any] = []
        for i in range(COMMENTS):
            parent = rng.choice(made[-5:]) if made and rng.random() < 0.35 else None
            made.append(
                comment_import(
                    article=article,
                    parent=parent if parent is None or parent.depth < 4 else None,
                    name=f"{rng.choice(FIRST_NAMES['en'])} {rng.choice(LAST_NAMES['en'])}",
                    text=corpus.comment(rng, "en"),
                    created_at=now - dt.timedelta(hours=2, minutes=-3 * i),
                )
            )
    print(f"article: {body.words} words, {COMMENTS} comments, /news/{ARTICLE_SLUG}/")
    return article


# --- uncached render, in-process ----------------------------------------------------


def measure_render(path: str, *, renders: int, profile_renders: int, max_seconds: float) -> dict:
    """p50/p95 of full requests through Django's test client, page cache off."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(5):  # templates compiled, caches warm, connection open
        response = client.get(path)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as capture:
        client.get(path)
    queries = list(capture.captured_queries)  # the next request clears the log
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    times: list[float] = []
    deadline = time.monotonic() + max_seconds
    while len(times) < renders and time.monotonic() < deadline:
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(profile_renders):
        client.get(path)
    profiler.disable()
    return {
        "renders": len(times),
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "min": min(times),
        "queries": len(queries),
        "sql_ms": sql_ms,
        "slowest_queries": [
            (float(q["time"]) * 1000, re.sub(r"\s+", " ", q["sql"])[:160])
            for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]
        ],
        "bytes": len(response.content),
        "profile": profile_summary(profiler, profile_renders),
    }


# Where a function's own time goes, by the file it lives in (first match wins).
BUCKETS = [
    ("Django templates (django.template)", ("django/template/",)),
    ("ORM: queries built, rows turned into models (django.db.models)", ("django/db/models/",)),
    (
        "database: driver and SQLite (django.db.backends, sqlite3)",
        ("django/db/backends/", "sqlite3", "SQLite"),
    ),
    ("translation (django.utils.translation, gettext)", ("translation", "gettext")),
    ("other django.utils (escaping, lazy strings, dates)", ("django/utils/",)),
    (
        "request, URLs, middleware, response (django core/http/urls/middleware, whitenoise)",
        ("django/core/", "django/http/", "django/urls/", "django/middleware/", "whitenoise"),
    ),
    ("django, other", ("django/",)),
    ("broadsheet's own code", ("broadsheet/",)),
    ("other libraries (site-packages)", ("site-packages",)),
]


def _bucket(filename: str, funcname: str) -> str:
    where = f"{filename}:{funcname}"
    for name, needles in BUCKETS:
        if any(n in where for n in needles):
            return name
    return "Python standard library, builtins called from it"


def profile_summary(profiler: cProfile.Profile, renders: int) -> dict:
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    buckets: dict[str, float] = defaultdict(float)
    for (filename, _line, funcname), (_cc, _nc, tottime, _ct, callers) in raw.items():
        where = _bucket(filename, funcname)
        if filename == "~" and callers and not where.startswith("database"):
            # A builtin (getattr, isinstance, str.join ...): its time is its caller's.
            for (c_file, _c_line, c_func), caller_stats in callers.items():
                buckets[_bucket(c_file, c_func)] += caller_stats[2]
        else:
            buckets[where] += tottime

    def label(key: tuple[str, int, str]) -> str:
        filename, line, funcname = key
        short = re.sub(r".*/(site-packages|src)/", "", filename)
        return f"{short}:{line} {funcname}" if line else funcname

    own = [  # the project's functions and template tags by inclusive time: what to go after
        (label(k), v[3] / renders * 1000)
        for k, v in raw.items()
        if "broadsheet/" in k[0] and "/migrations/" not in k[0]
    ]
    hot = [(label(k), v[2] / renders * 1000, v[1] // renders) for k, v in raw.items()]
    return {
        "renders": renders,
        "ms_per_render": total / renders * 1000,
        "buckets": sorted(
            ((k, v / renders * 1000) for k, v in buckets.items()), key=lambda kv: -kv[1]
        ),
        "project_cumulative": sorted(own, key=lambda x: -x[1])[:15],
        "hottest_own": sorted(hot, key=lambda x: -x[1])[:12],
    }


# --- servers ------------------------------------------------------------------------


def wait_for(url: str, proc: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(
                    f"{url} did not answer; log:\n{log.read_text()[-3000:]}"
                ) from None
            time.sleep(0.3)


def stop(proc: subprocess.Popen[bytes], *, sig: int = signal.SIGTERM, wait: float = 20) -> float:
    """Stop a server by its PID; returns the seconds it took to exit."""
    started = time.monotonic()
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return time.monotonic() - started


@contextmanager
def app_server(
    *, server: str, workers: int, data_dir: Path, page_cache: str, access_log: str, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_PAGE_CACHE": page_cache,
        "BROADSHEET_ACCESS_LOG": access_log,
    }
    for name in ("DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env["LOG_LEVEL"] = "WARNING"
    port = free_port()
    log = tmp / f"{server}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                BROADSHEET,
                "serve",
                "--no-migrate",
                "--server",
                server,
                "--workers",
                str(workers),
                "--port",
                str(port),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/robots.txt", proc, 300, log)  # a first start collects static files
        yield base, proc
    finally:
        stop(proc)


FLOOR_APP = """
from pathlib import Path

PAGE = Path(__file__).with_name("article.html").read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [PAGE]
"""


@contextmanager
def floor_server(
    *, server: str, workers: int, page: bytes, access_log: str, tmp: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The same server, as `broadsheet serve` runs it, with a bare WSGI callable that
    returns the page's bytes from memory: the most any Python page cache could reach."""
    from broadsheet.core.management.commands.serve import server_argv

    folder = tmp / "floor"
    folder.mkdir(exist_ok=True)
    (folder / "article.html").write_bytes(page)
    (folder / "bench_floor.py").write_text(FLOOR_APP)
    port = free_port()
    argv = [
        "bench_floor:application" if arg == "broadsheet.wsgi:application" else arg
        for arg in server_argv(
            server=server,
            host="127.0.0.1",
            port=port,
            workers=workers,
            access_log=access_log == "on",
        )
    ]
    log = tmp / f"floor-{server}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=folder,
            env={**os.environ, "PYTHONPATH": str(folder)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", proc, 60, log)
        yield base, proc
    finally:
        stop(proc)


@contextmanager
def nginx_static(*, page: bytes, workers: int, access_log: bool, tmp: Path) -> Iterator[str]:
    """Debian's nginx on loopback serving `page` as /article.html; private prefix."""
    prefix = tmp / "nginx"
    (prefix / "www").mkdir(parents=True, exist_ok=True)
    (prefix / "www" / "article.html").write_bytes(page)
    # nginx's workers run as www-data when the master is root: let them reach the file.
    for folder in (tmp, prefix, prefix / "www"):
        folder.chmod(0o755)
    (prefix / "www" / "article.html").chmod(0o644)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""
worker_processes {workers};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    {f"access_log {prefix}/access.log combined buffer=64k;" if access_log else "access_log off;"}
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {prefix}/www;
    }}
}}
"""
    )
    log = prefix / "error.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [nginx_binary(), "-p", str(prefix), "-c", str(conf)], stdout=out, stderr=out
        )  # errors go to the same file
    url = f"http://127.0.0.1:{port}/article.html"
    try:
        wait_for(url, proc, 30, log)
        yield url
    finally:
        stop(proc, sig=signal.SIGQUIT)  # graceful: workers finish, master removes its pid


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found += [child, *descendants(child)]
    return found


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def wait_idle(pid: int, *, max_seconds: float = 120) -> float:
    """Wait until the server's processes stop using CPU: requests that wrk sent but
    stopped waiting for are still served after it ends (a slow page leaves a queue),
    and would otherwise be counted against the next load. Returns the seconds waited."""
    started = time.monotonic()
    pids = [pid, *descendants(pid)]
    quiet = 0
    last = cpu_ticks(pids)
    while quiet < 2 and time.monotonic() - started < max_seconds:
        time.sleep(0.5)
        now = cpu_ticks(pids)
        quiet = quiet + 1 if now - last <= 2 else 0
        last = now
    return time.monotonic() - started


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def process_memory(pid: int) -> dict:
    """VmRSS of the server's main process and of each process under it."""
    children = []
    for child in descendants(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            children.append({"pid": child, "rss": rss_mib(child), "cmd": cmd[:80]})
        except OSError:
            continue
    return {"main": rss_mib(pid), "children": children}


# --- wrk ----------------------------------------------------------------------------

_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT[unit]


def wrk(url: str, *, threads: int, connections: int, duration: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "p50": _ms(latency["50"]),
        "p90": _ms(latency["90"]),
        "p99": _ms(latency["99"]),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "load": load_average(),
    }


# --- the run ------------------------------------------------------------------------


def page_cache_present() -> bool:
    return importlib.util.find_spec("broadsheet.pagecache") is not None


def run(args: argparse.Namespace) -> dict:
    apt_install("wrk", "nginx-light")
    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-http-load-"))
    try:
        return run_in(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_in(args: argparse.Namespace, tmp: Path) -> dict:
    data_dir = args.data_dir or tmp / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)
    path = make_site()
    from django.db import connections

    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_start": load_average(),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration": args.duration,
        "page_cache": args.page_cache,
        "access_log": args.access_log,
        "page_cache_present": page_cache_present(),
        "label": args.label,
    }
    if not result["page_cache_present"]:
        print(
            "NOTE: no page cache in this tree (src/broadsheet/pagecache is absent): "
            "--page-cache has no effect, every request renders."
        )
    if args.renders:
        print(f"uncached render, in-process: {args.renders} requests ...", flush=True)
        result["render"] = measure_render(
            path, renders=args.renders, profile_renders=args.profile_renders, max_seconds=120
        )
        print_render(result["render"])
    connections.close_all()

    load = {"threads": args.threads, "connections": args.connections, "duration": args.duration}
    apps: dict[str, dict[str, Any]] = {}
    sequence: list[dict[str, Any]] = []  # every load in the order run, nginx between others

    def measure(name: str, kind: str, server: str, url: str, pid: int | None) -> None:
        wrk(url, threads=args.threads, connections=args.connections, duration=2)  # warm-up
        if pid:
            wait_idle(pid)
        result_ = wrk(url, **load)
        if pid:
            result_["drain_seconds"] = wait_idle(pid)
        sequence.append({"name": name, "kind": kind, "server": server, **result_})
        print(f"{name}:", fmt(result_), flush=True)

    with ExitStack() as stack:
        static_url = ""
        for server in args.servers:
            with app_server(
                server=server,
                workers=args.workers,
                data_dir=data_dir,
                page_cache=args.page_cache,
                access_log=args.access_log,
                tmp=tmp,
            ) as (base, proc):
                if not static_url:  # the bytes this app serves, as a static file
                    with urllib.request.urlopen(base + path, timeout=30) as response:
                        assert response.status == 200
                        page = response.read()
                    result["page_bytes"] = len(page)
                    print(f"article page: {len(page)} bytes", flush=True)
                    static_url = stack.enter_context(
                        nginx_static(
                            page=page,
                            workers=args.workers,
                            access_log=args.access_log == "on",
                            tmp=tmp,
                        )
                    )
                    measure("nginx, static file", "nginx", "", static_url, None)
                measure(f"{server}, article page", "app", server, base + path, proc.pid)
                # What a reader's script fetches when it turns to the stored page's comment
                # form (a question, tokens, a challenge: never stored by any cache).
                measure(
                    f"{server}, comment form values",
                    "form",
                    server,
                    base + "/comments/form/",
                    proc.pid,
                )
                memory = process_memory(proc.pid)
                alone = wrk(base + path, threads=1, connections=1, duration=args.alone_duration)
                wait_idle(proc.pid)
                apps[server] = {"alone": alone, "memory": memory}
                print(f"{server} one connection:", fmt(alone), flush=True)
                print(f"{server} memory after the load:", memory, flush=True)
            # nginx again after each target: each is compared with the nginx runs around it.
            measure("nginx, static file", "nginx", "", static_url, None)
            if args.floor:
                with floor_server(
                    server=server,
                    workers=args.workers,
                    page=page,
                    access_log=args.access_log,
                    tmp=tmp,
                ) as (floor_base, floor_proc):
                    measure(
                        f"{server}, bare WSGI callable",
                        "floor",
                        server,
                        floor_base + "/",
                        floor_proc.pid,
                    )
                    apps[server]["floor_alone"] = wrk(
                        floor_base + "/", threads=1, connections=1, duration=args.alone_duration
                    )
                measure("nginx, static file", "nginx", "", static_url, None)
    result["sequence"] = sequence
    result["apps"] = apps
    result["load_end"] = load_average()
    return result


def fmt(r: dict) -> str:
    return (
        f"{r['rps']:.0f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, "
        f"errors {r['socket_errors']}, non-2xx {r['non2xx']}, load {r['load']}"
    )


def print_render(r: dict) -> None:
    print(
        f"render p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, min {r['min']:.1f} ms "
        f"({r['renders']} renders, {r['queries']} queries, {r['sql_ms']:.1f} ms SQL)"
    )
    prof = r["profile"]
    print(f"profile: {prof['ms_per_render']:.1f} ms/render under cProfile")
    for name, ms in prof["buckets"]:
        print(f"  {ms:6.2f} ms  {name}")
    print("project functions, inclusive ms per render:")
    for name, ms in prof["project_cumulative"]:
        print(f"  {ms:6.2f} ms  {name}")


# --- report -------------------------------------------------------------------------


def report(runs: list[dict]) -> str:
    latest = runs[-1]
    parts = [
        f"Measured by `bench/http_load.py` on {latest['machine']}. Loopback only; wrk "
        "(Debian) with `--latency`, the same threads and connections for every target, "
        f"each load {latest['duration']} s after a 2 s warm-up; nginx is loaded again "
        "after every other target and each target is compared with the mean of the nginx "
        "runs around it. nginx (Debian, `nginx-light`) serves the exact bytes the app "
        "returned for the page, as a static file, with as many worker processes as the "
        'app. "Bare WSGI callable": the same server, started as `broadsheet serve` starts '
        "it, with an app that returns those bytes from memory: the ceiling for any page "
        "cache written in Python. The article: about 1,500 generated words, a lead photo, "
        "30 approved comments, on a generated site of "
        f"{SITE_ARTICLES} articles (SQLite, the embedded default; no proxy in front). "
        "Responses uncompressed (wrk sends no Accept-Encoding). The machine is shared with "
        "other work (data generation, other test runs): load average with each load; "
        "compare ratios within a run, not across runs.",
        ANALYSIS,
        summary(runs),
    ]
    for run_ in reversed(runs):
        parts.append(run_report(run_))
    return "\n\n".join(parts)


# What the tables mean for the targets; every number is in the tables below.
ANALYSIS = """\
How to read it, and what would close the gaps:

- **Server.** granian and gunicorn run the same Django with the same workers; the
  comparison line of each run gives the ratio. gunicorn's sync workers close the
  connection after every response (no keep-alive) and parse HTTP in Python; granian
  keeps connections and parses in Rust, which matters most where the app's own work is
  small (the cached page, the bare callable). With the page cache off both are bound by
  the render. `broadsheet serve` runs granian, one worker per core,
  `--blocking-threads 1`; `--server gunicorn` remains.
- **Cached page against nginx.** The bare-callable row is the most a Python page cache
  on this server can reach here; the gap between it and the article page is the page
  cache's hit path (lookup, version board, headers) plus the access log. Until
  2026-11-25 15:45 the stored article page carried the comment form's per-reader values,
  filled on every hit (signing a question, a proof-of-work challenge, a CSRF token);
  since then the page is the same bytes for every reader and the form fetches its
  values from `/comments/form/` (the "comment form values" row: one such request per
  reader who turns to the form). The rest, from the bare callable up to nginx, is the
  cost of the WSGI server and Python per request: only a cache in front of Python (nginx or a CDN
  honouring the page's `Cache-Control`/purges, see pagecache/proxy.py) closes it.
- **Uncached render.** The render here is the page cache switched off: Django alone,
  every part computed, as a process's first render is (about 16 queries). The buckets
  say where its time goes: Django's template engine and the ORM building queries and
  model instances, far more than SQLite itself. Since 2026-12-01 a miss behind the page
  cache redoes only what changed (memos checked against the version board,
  `pagecache/memo.py`): its render by cause of the miss is in "Page-cache misses: the
  article page's render". Under the load average shown, every number is slower than on
  an idle machine: the minimum is closer to the idle cost than the p50.
- **Memory** is VmRSS of each worker after the load; the main process of either
  server only supervises."""


def share_text(share: float) -> str:
    return f"{share:.1%}" if share >= 0.01 else f"{share:.2%}"


def summary(runs: list[dict]) -> str:
    """One row per run: each target's share of nginx's req/s, the render p50."""
    servers = sorted({server for r in runs for server in r["apps"]})
    head = "| run (UTC) | page cache | access log | load avg at start | " + " | ".join(
        f"{s} page | {s} bare callable" for s in servers
    )
    lines = [
        "Summary, newest first (share of nginx's req/s; details of each run below):",
        "",
        head + " | uncached render p50 ms |",
        "|---" * (4 + 2 * len(servers) + 1) + "|",
    ]
    for r in reversed(runs):
        cells = [
            r["date"][:16].replace("T", " "),
            r["page_cache"] if r["page_cache_present"] else "absent",
            r["access_log"],
            r["load_start"].split()[0],
        ]
        apps, floors = loads_of(r, "app"), loads_of(r, "floor")
        for server in servers:
            for found in (apps, floors):
                cells.append(
                    share_text(nginx_share(r, found[server][0])) if server in found else ""
                )
        cells.append(f"{r['render']['p50']:.0f}" if "render" in r else "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def nginx_share(r: dict, index: int) -> float:
    """req/s of load `index` over the mean of the nginx runs just before and after it."""
    sequence = r["sequence"]
    before = next(x for x in reversed(sequence[:index]) if x["kind"] == "nginx")
    after = next((x for x in sequence[index + 1 :] if x["kind"] == "nginx"), before)
    return float(sequence[index]["rps"]) / statistics.mean([before["rps"], after["rps"]])


def loads_of(r: dict, kind: str) -> dict[str, tuple[int, dict]]:
    """The loads of one kind by server, with their place in the sequence."""
    return {x["server"]: (i, x) for i, x in enumerate(r["sequence"]) if x["kind"] == kind}


def run_report(r: dict) -> str:
    cache = (
        f"page cache {r['page_cache']}"
        if r["page_cache_present"]
        else f"`--page-cache {r['page_cache']}` (no page cache in this tree: no effect)"
    )
    head = (
        f"### {r['date'][:16].replace('T', ' ')} UTC: {', '.join(r['apps'])}, "
        f"{r['workers']} workers, {cache}, access log {r['access_log']}"
        + (f", {r['label']}" if r["label"] else "")
    )
    lines = [
        head,
        "",
        f"Load average {r['load_start']} at the start, {r['load_end']} at the end. "
        f"wrk -t{r['threads']} -c{r['connections']} -d{r['duration']}s; "
        f"page {r['page_bytes']:,} bytes.",
        "",
        "| target | req/s | p50 ms | p99 ms | vs nginx (runs around it) | errors | load avg |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, x in enumerate(r["sequence"]):
        share = f"**{nginx_share(r, i):.2%}**" if x["kind"] in ("app", "floor") else ""
        lines.append(
            f"| {x['name']} | {x['rps']:,.0f} | {x['p50']:.2f} | {x['p99']:.2f} | {share} | "
            f"{x['socket_errors'] + x['non2xx']} | {x['load']} |"
        )
    queued = [
        f"{x['name']} {x['drain_seconds']:.0f} s"
        for x in r["sequence"]
        if x.get("drain_seconds", 0) > 1.5
    ]
    if queued:
        lines += [
            "",
            "Requests still queued in the server when wrk stopped took this long to finish "
            "(waited for before the next load): " + ", ".join(queued) + ".",
        ]
    lines += [
        "",
        "One connection alone (sequential requests over HTTP: one request's latency):",
        "",
        "| server | target | req/s | p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for server, a in r["apps"].items():
        for target, key in (("article page", "alone"), ("bare WSGI callable", "floor_alone")):
            if key in a:
                x = a[key]
                lines.append(
                    f"| {server} | {target} | {x['rps']:,.0f} | {x['p50']:.2f} | {x['p99']:.2f} |"
                )
    lines += ["", comparison(r)] if len(r["apps"]) > 1 else []
    lines += [
        "",
        "Memory after the load (VmRSS, MiB):",
        "",
        "| server | main process | each process under it (the workers) |",
        "|---|---|---|",
    ]
    for server, a in r["apps"].items():
        m = a["memory"]
        each = ", ".join(f"{c['rss']:.0f}" for c in m["children"])
        lines.append(f"| {server} | {m['main']:.0f} | {each} |")
    if "render" in r:
        lines += ["", render_report(r["render"])]
    lines += ["", targets(r)]
    return "\n".join(lines)


def comparison(r: dict) -> str:
    """Each server's numbers as a multiple of the last one's (the reference)."""
    servers = list(r["apps"])
    ref = servers[-1]
    apps, floors = loads_of(r, "app"), loads_of(r, "floor")
    rows = []
    for server in servers[:-1]:
        parts = [
            f"article page {apps[server][1]['rps'] / max(apps[ref][1]['rps'], 0.01):.2f}× the req/s"
        ]
        if server in floors and ref in floors:
            parts.append(
                f"bare callable {floors[server][1]['rps'] / max(floors[ref][1]['rps'], 0.01):.2f}×"
            )
        parts.append(
            f"one connection p50 {r['apps'][server]['alone']['p50']:.2f} ms against "
            f"{r['apps'][ref]['alone']['p50']:.2f} ms"
        )
        rows.append(f"{server} against {ref}, same workers: " + "; ".join(parts) + ".")
    return " ".join(rows)


def render_report(x: dict) -> str:
    prof = x["profile"]
    lines = [
        f"Uncached render, in-process (Django test client: routing, every middleware, "
        f"view, template; no network; BROADSHEET_PAGE_CACHE=off and the page cache's WSGI "
        f"front not in the path), {x['renders']} sequential requests after 5 warm-ups: "
        f"**p50 {x['p50']:.1f} ms**, p95 {x['p95']:.1f} ms, min {x['min']:.1f} ms; "
        f"{x['queries']} queries ({x['sql_ms']:.1f} ms in SQL); {x['bytes']:,} bytes.",
        "",
        f"Where the time goes (cProfile over {prof['renders']} renders, "
        f"{prof['ms_per_render']:.1f} ms per render with the profiler's own overhead; "
        "own time of each function, builtins charged to their caller, grouped by where "
        "the code lives):",
        "",
        "| where | ms per render | share |",
        "|---|---|---|",
    ]
    for name, ms in prof["buckets"]:
        lines.append(f"| {name} | {ms:.2f} | {ms / prof['ms_per_render']:.0%} |")
    lines += [
        "",
        "The project's costliest functions (inclusive, ms per render under the profiler):",
        "",
        "| function | ms |",
        "|---|---|",
    ]
    for name, ms in prof["project_cumulative"][:12]:
        lines.append(f"| `{name}` | {ms:.2f} |")
    lines += ["", "Slowest queries of one render:", "", "| ms | query |", "|---|---|"]
    for ms, sql in x["slowest_queries"]:
        lines.append(f"| {ms:.1f} | `{sql}…` |")
    lines += ["", "Hottest functions by own time (ms per render, calls per render):", ""]
    lines += ["| function | ms | calls |", "|---|---|---|"]
    for name, ms, calls in prof["hottest_own"][:10]:
        lines.append(f"| `{name}` | {ms:.2f} | {calls:,} |")
    return "\n".join(lines)


def targets(r: dict) -> str:
    rows = ["Targets:", ""]
    for server, (i, x) in loads_of(r, "app").items():
        share = nginx_share(r, i)
        nginx_rps = x["rps"] / share if share else 0.0
        verdict = "met" if share >= TARGET_NGINX_SHARE else "**missed**"
        rows.append(
            f"- Article page ≥ {TARGET_NGINX_SHARE:.0%} of nginx's req/s, {server} "
            f"(page cache {r['page_cache']}): {share:.2%} ({verdict}; p99 {x['p99']:.1f} ms)."
            + (
                ""
                if share >= TARGET_NGINX_SHARE
                else f" Needs {TARGET_NGINX_SHARE * nginx_rps:,.0f} req/s, "
                f"{TARGET_NGINX_SHARE * nginx_rps / max(x['rps'], 0.01):.1f}× this."
            )
        )
    for server, (i, _x) in loads_of(r, "floor").items():
        rows.append(
            f"- Ceiling on {server}: a bare WSGI callable with the same bytes reached "
            f"{nginx_share(r, i):.1%} of nginx."
        )
    if "render" in r:
        p50 = r["render"]["p50"]
        verdict = "met" if p50 <= TARGET_RENDER_P50_MS else "**missed**"
        rows.append(
            f"- Uncached render p50 ≤ {TARGET_RENDER_P50_MS:.0f} ms: {p50:.1f} ms ({verdict}"
            + ("" if p50 <= TARGET_RENDER_P50_MS else f", {p50 / TARGET_RENDER_P50_MS:.1f}× over")
            + ")."
        )
    for server, a in r["apps"].items():
        worker = max((c["rss"] for c in a["memory"]["children"]), default=a["memory"]["main"])
        rows.append(f"- Memory, {server}: one worker {worker:.0f} MiB after the load.")
    return "\n".join(rows)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server",
        default=",".join(SERVERS),
        help=f"Comma-separated servers to measure, of {', '.join(SERVERS)} (default: both).",
    )
    parser.add_argument(
        "--workers", type=int, default=len(os.sched_getaffinity(0)), help="Default: the cores."
    )
    parser.add_argument("--page-cache", choices=("on", "off"), default="on")
    parser.add_argument(
        "--access-log",
        choices=("on", "off"),
        default="off",
        help="The app's access log (BROADSHEET_ACCESS_LOG, off in `broadsheet serve` by "
        "default), and nginx's alike.",
    )
    parser.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="Skip the bare WSGI callable on each server (the ceiling for a Python cache).",
    )
    parser.add_argument("--duration", type=int, default=10, help="Seconds of each wrk load.")
    parser.add_argument("--alone-duration", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--renders", type=int, default=200, help="0 skips the render timing.")
    parser.add_argument("--profile-renders", type=int, default=30)
    parser.add_argument("--data-dir", type=Path, help="Keep the data folder here (reused).")
    parser.add_argument("--label", default="", help="A note shown with this run.")
    parser.add_argument("--json", type=Path, help="Append this run to a JSON-lines file.")
    parser.add_argument(
        "--write",
        action="store_true",
        help=f'Write BENCHMARKS.md\'s "{SECTION}" (every run in --json, else this one).',
    )
    parser.add_argument("--report", type=Path, help="Only write the section from this file.")
    args = parser.parse_args()
    args.servers = [s.strip() for s in args.server.split(",") if s.strip()]
    unknown = set(args.servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s): {', '.join(sorted(unknown))}")
    return args


def main() -> None:
    args = parse_args()
    if args.report:
        runs = [json.loads(line) for line in args.report.read_text().splitlines() if line]
        write_section(SECTION, report(runs))
        return
    result = run(args)
    runs = runs_appended(args.json, result) if args.json else [result]
    print()
    print(run_report(result))
    if args.write:
        write_section(SECTION, report(runs))


if __name__ == "__main__":
    main()
