"""The production layout on one machine, loaded through nginx, then checked for invalidation.

Starts, all on loopback and all stopped by PID at the end:
- PostgreSQL 15 (Debian's) primary and a streaming replica made with pg_basebackup;
- Redis;
- two or more `broadsheet serve` app processes sharing them, with
  DATABASE_REPLICA_URL (anonymous reads go to the replica) and
  BROADSHEET_PROXY_PURGE_URLS pointing at nginx;
- nginx with the configuration printed in docs/deploy.md (read from there, so the two
  cannot drift apart) and Debian's cache-purge module.
Loads the sample content (`broadsheet demo`), runs a bounded wrk load on the front page
and an article page, through nginx and straight at one app process (ratios within this
run), and counts the transactions each database server ran. Then an editor publishes
articles through the services (news.services.article_publish) and the script checks,
through nginx, that the next request shows them: first with whatever the app's own
after-commit invalidation does, then with an explicit `proxy_purge`.

Whatever is missing (nginx, its purge module, wrk, PostgreSQL, Redis) is installed with
apt-get, as bin/_services.sh does.

Usage (from the repository root, .venv active):
    python bench/proxy_layout.py [--apps 2] [--workers 2] [--duration 10]
                                 [--connections 32] [--write] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from _common import BROADSHEET, ROOT, machine, write_section

DEPLOY_DOC = ROOT / "docs" / "deploy.md"
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"
SECTION = "Production layout through nginx"
STEP_TIMEOUT = 600  # any one setup command
IS_ROOT = os.geteuid() == 0


# --- installing and running -------------------------------------------------------------


def apt_ensure(packages: list[str]) -> None:
    """Install the Debian packages that are missing (as bin/_venv.sh's apt_install)."""
    missing = [
        p
        for p in packages
        if subprocess.run(["dpkg", "-s", p], capture_output=True, check=False).returncode
    ]
    if not missing:
        return
    print("Installing system packages:", " ".join(missing), flush=True)
    sudo = [] if IS_ROOT else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if IS_ROOT else command


def pg_bin(name: str) -> str:
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    return f"{bindirs[-1]}/{name}"


def free_ports(count: int) -> list[int]:
    """`count` distinct free loopback ports below the kernel's ephemeral range.

    Ports from bind(0) come from that range, where the many outgoing connections made
    during set-up (to PostgreSQL, Redis) may take one before the service meant for it
    starts listening; below it nothing is handed out by itself.
    """
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    chosen: list[int] = []
    candidates = list(range(max(1024, low - 12000), low))
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise RuntimeError("no free loopback ports")


def wait_for(check: Callable[[], bool], *, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.2)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Layout:
    """Everything started, so that everything can be stopped by its PID."""

    root: Path
    started: list[tuple[str, int, int]] = field(default_factory=list)  # name, pid, signal
    popens: dict[int, subprocess.Popen] = field(default_factory=dict)

    def track(self, name: str, pid: int, stop_signal: int = signal.SIGTERM) -> None:
        self.started.append((name, pid, stop_signal))

    def spawn(self, name: str, command: list[str], *, env: dict[str, str], log: str) -> int:
        handle = open(self.root / log, "ab")  # noqa: SIM115 - kept open for the child
        proc = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
        self.popens[proc.pid] = proc
        self.track(name, proc.pid)
        return proc.pid

    def stop_all(self) -> None:
        for name, pid, stop_signal in reversed(self.started):
            try:
                os.kill(pid, stop_signal)
            except ProcessLookupError:
                continue
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                proc = self.popens.get(pid)
                if (proc.poll() is not None) if proc else not pid_alive(pid):
                    break
                time.sleep(0.1)
            else:
                print(f"{name} (pid {pid}) did not stop; killing it", file=sys.stderr)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.started.clear()


# --- the services -----------------------------------------------------------------------


def start_postgres(layout: Layout) -> tuple[int, int]:
    """A primary and a streaming replica (pg_basebackup -R); returns their ports."""
    pg_dir = layout.root / "pg"
    pg_dir.mkdir()
    if IS_ROOT:
        shutil.chown(pg_dir, "postgres")
    primary, replica = pg_dir / "primary", pg_dir / "replica"
    primary_port, replica_port = free_ports(2)
    subprocess.run(
        [
            *as_postgres([pg_bin("initdb"), "-D", str(primary), "-A", "trust", "-U", "broadsheet"]),
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
        timeout=STEP_TIMEOUT,
    )

    def start(data: Path, port: int, name: str) -> None:
        options = f"-p {port} -k {pg_dir} -c listen_addresses=127.0.0.1"
        subprocess.run(
            [
                *as_postgres(
                    [pg_bin("pg_ctl"), "-D", str(data), "-l", str(pg_dir / f"{name}.log")]
                ),
                "-w",
                "-o",
                options,
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=STEP_TIMEOUT,
        )
        pid = int((data / "postmaster.pid").read_text().split()[0])
        layout.track(f"PostgreSQL {name}", pid, signal.SIGINT)  # fast shutdown

    start(primary, primary_port, "primary")
    psql(primary_port, "CREATE DATABASE broadsheet", database="postgres")
    subprocess.run(
        [
            *as_postgres([pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port)]),
            "-U",
            "broadsheet",
            "-D",
            str(replica),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ],
        check=True,
        capture_output=True,
        timeout=STEP_TIMEOUT,
    )
    start(replica, replica_port, "replica")
    wait_for(
        lambda: psql(replica_port, "SELECT pg_is_in_recovery()") == "t",
        what="the replica to accept reads",
    )
    return primary_port, replica_port


def psql(port: int, sql: str, *, database: str = "broadsheet") -> str:
    result = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "broadsheet",
            "-d",
            database,
            "-tAX",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.strip()


def transactions(port: int) -> int:
    value = psql(port, "SELECT xact_commit FROM pg_stat_database WHERE datname = 'broadsheet'")
    return int(value or 0)


def start_redis(layout: Layout) -> int:
    (port,) = free_ports(1)
    redis_dir = layout.root / "redis"
    redis_dir.mkdir()
    pidfile = redis_dir / "redis.pid"
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--dir",
            str(redis_dir),
            "--logfile",
            str(redis_dir / "log"),
        ],
        check=True,
        timeout=60,
    )
    wait_for(lambda: pidfile.exists() and pidfile.read_text().strip() != "", what="Redis")
    layout.track("Redis", int(pidfile.read_text()))
    return port


def nginx_config_from_docs() -> str:
    """The configuration block of docs/deploy.md, between its markers."""
    text = DEPLOY_DOC.read_text()
    block = text.split("<!-- nginx-config:start -->", 1)[1].split("<!-- nginx-config:end -->")[0]
    return block.strip().removeprefix("```nginx").removesuffix("```").strip() + "\n"


def start_nginx(
    layout: Layout, *, port: int, purge_port: int, app_ports: list[int], media_root: Path
) -> None:
    """nginx in front of the app processes, its purge server on `purge_port`."""
    nginx_dir = layout.root / "nginx"
    nginx_dir.mkdir()
    site = nginx_config_from_docs()
    for placeholder, value in {
        "@APP_SERVERS@": " ".join(f"server 127.0.0.1:{p};" for p in app_ports),
        "@LISTEN@": f"127.0.0.1:{port}",
        "@PURGE_LISTEN@": f"127.0.0.1:{purge_port}",
        "@PURGE_ALLOW@": "allow 127.0.0.1;",
        "@CACHE_DIR@": str(nginx_dir / "cache"),
        "@MEDIA_ROOT@": str(media_root),
    }.items():
        site = site.replace(placeholder, value)
    if "@" in re.sub(r"#.*", "", site):
        raise RuntimeError("an nginx placeholder was left unreplaced")
    (nginx_dir / "broadsheet.conf").write_text(site)
    temp = {name: nginx_dir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = f"""
load_module {PURGE_MODULE};
{"user root;" if IS_ROOT else ""}
worker_processes auto;
pid {nginx_dir / "nginx.pid"};
error_log {nginx_dir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {nginx_dir / "broadsheet.conf"};
}}
"""
    (nginx_dir / "nginx.conf").write_text(main)
    command = ["nginx", "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir)]
    subprocess.run([*command, "-t", "-q"], check=True, timeout=60)
    pid = layout.spawn(
        "nginx", [*command, "-g", "daemon off;"], env=dict(os.environ), log="nginx.out"
    )
    # SIGQUIT: finish the requests in flight, then exit.
    layout.started[-1] = ("nginx", pid, signal.SIGQUIT)
    try:
        wait_for(
            lambda: (
                http_get(f"http://127.0.0.1:{port}/robots.txt")
                .headers.get("server", "")
                .startswith("nginx")
            ),
            what="nginx",
            seconds=30,
        )
    except RuntimeError:
        logs = [nginx_dir / "error.log", layout.root / "nginx.out"]
        tail = "\n".join(f.read_text()[-2000:] for f in logs if f.exists())
        raise RuntimeError(f"nginx did not start:\n{tail}") from None


# --- HTTP -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def http_get(url: str, *, method: str = "GET") -> Reply:
    request = urllib.request.Request(url, method=method, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read().decode("utf-8", "replace"),
            )
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, "")
    except OSError:
        return Reply(0, {}, "")


def first_article_path(base: str) -> str:
    html = http_get(base + "/").body
    return re.search(r'href="(/news/[^"]+/)"', html).group(1)  # type: ignore[union-attr]


def form_values(body: str) -> tuple[str, str]:
    """A reader's comment-form values, as `/comments/form/` answers them (the article
    page itself is the same for every reader and carries none)."""
    values = json.loads(body)
    return str(values.get("csrf", "")), str(values.get("form_token", ""))


# --- load -------------------------------------------------------------------------------


def parse_duration_ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, *, duration: int, connections: int) -> dict[str, float]:
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            "--timeout",
            "5s",
            "-H",
            "Accept-Encoding: gzip, br",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    if not re.search(r"99%\s+[\d.]+(?:us|ms|s|m)\b", output):
        raise RuntimeError(f"wrk measured nothing usable on {url}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50": parse_duration_ms(re.search(r"50%\s+(\S+)", output).group(1)),  # type: ignore[union-attr]
        "p99": parse_duration_ms(re.search(r"99%\s+(\S+)", output).group(1)),  # type: ignore[union-attr]
        "bad": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


# --- the editor (a separate process, as the desk would be) -----------------------------


def editor_loop() -> None:
    """Run inside the app's environment: read JSON commands on stdin, answer on stdout."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.utils.text import slugify

    from broadsheet.news.models import Article, Section
    from broadsheet.news.services import article_publish
    from broadsheet.pagecache.proxy import proxy_purge

    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editor"))
    section = Section.objects.order_by("order", "pk").first()
    assert section is not None
    print(json.dumps({"ready": True, "section": f"/section/{section.slug}/"}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        started = time.perf_counter()
        if command["do"] == "publish":
            article = Article.objects.create(
                headline=command["headline"],
                slug=slugify(command["headline"]),
                standfirst="Published by bench/proxy_layout.py to check invalidation.",
                body="<p>Checking that readers see this at once through the proxy.</p>",
                section=section,
                status=Article.Status.DRAFT,
                created_by=editor,
            )
            article_publish(article=article, user=editor)
            reply = {"path": article.get_absolute_url(), "section": f"/section/{section.slug}/"}
        elif command["do"] == "purge":
            proxy_purge(command["paths"])
            reply = {}
        else:
            reply = {"error": f"unknown command {command['do']!r}"}
        reply["seconds"] = time.perf_counter() - started
        print(json.dumps(reply), flush=True)


class Editor:
    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--editor"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = json.loads(self.proc.stdout.readline() or "{}")  # type: ignore[union-attr]
        assert hello.get("ready")
        self.section: str = hello["section"]

    def ask(self, **command: object) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        return json.loads(self.proc.stdout.readline())  # type: ignore[union-attr]

    def close(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def check_invalidation(editor: Editor, base: str) -> list[dict[str, object]]:
    """Publish, then ask nginx at once; returns one row per (publication, page)."""
    rows: list[dict[str, object]] = []
    # A first publication pays for the editor process's imports and connections.
    editor.ask(do="publish", headline=f"Proxy check warm-up {time.time_ns()}")
    for n, how in enumerate(("app's after-commit invalidation", "explicit proxy_purge"), 1):
        headline = f"Proxy check {n} {time.time_ns()}"
        # Warm the pages in nginx's cache; the second request must come from the cache.
        pages = ["/", "/latest/", "/feeds/rss/", editor.section]
        for path in pages:
            http_get(base + path)
        warm = {path: http_get(base + path).headers.get("x-cache", "") for path in pages}
        warmed_at = time.monotonic()
        published = editor.ask(do="publish", headline=headline)
        assert published["section"] == editor.section
        pages_after = [*pages, published["path"]]
        if how == "explicit proxy_purge":
            editor.ask(do="purge", paths=pages_after)
        for path in pages_after:
            reply = http_get(base + path)
            seen_after = time.monotonic() - warmed_at
            visible = headline in reply.body
            waited = 0.0
            if not visible:  # how long until the microcache lets it through
                poll_started = time.monotonic()
                while not visible and time.monotonic() - poll_started < 5:
                    time.sleep(0.05)
                    visible = headline in http_get(base + path).body
                waited = time.monotonic() - poll_started
            rows.append(
                {
                    "how": how,
                    "path": path if not path.startswith("/news/") else "/news/<new>/",
                    "warm": warm.get(path, "(not cached)") or "(not cached)",
                    "status": reply.status,
                    "cache": reply.headers.get("x-cache", "") or "(not cached)",
                    "next": headline in reply.body,
                    "after": seen_after,
                    "waited": waited if visible else None,
                    "publish_s": published["seconds"],
                }
            )
    return rows


# --- main -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> str:
    apt_ensure(["nginx", "libnginx-mod-http-cache-purge", "wrk", "postgresql", "redis-server"])
    layout = Layout(Path(tempfile.mkdtemp(prefix="broadsheet-layout.")))
    layout.root.chmod(0o755)  # the postgres user must reach its folders inside
    try:
        primary_port, replica_port = start_postgres(layout)
        redis_port = start_redis(layout)
        data_dir = layout.root / "data"
        data_dir.mkdir()
        port, purge_port, *app_ports = free_ports(2 + args.apps)
        # nginx first: the set-up's publications already purge through it (502 until the
        # apps answer).
        start_nginx(
            layout,
            port=port,
            purge_port=purge_port,
            app_ports=app_ports,
            media_root=data_dir / "media",
        )
        env = {
            **os.environ,
            "BROADSHEET_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"postgres://broadsheet@127.0.0.1:{primary_port}/broadsheet",
            "DATABASE_REPLICA_URL": f"postgres://broadsheet@127.0.0.1:{replica_port}/broadsheet",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "BROADSHEET_PROXY_PURGE_URLS": f"http://127.0.0.1:{purge_port}/purge",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("DEBUG", None)
        started = time.monotonic()
        for step in (["migrate", "-v", "0"], ["demo"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run(
                [BROADSHEET, *step],
                env=env,
                check=True,
                timeout=STEP_TIMEOUT,
                stdout=subprocess.DEVNULL,
            )
        setup_seconds = time.monotonic() - started
        app_pids = []
        for n, app_port in enumerate(app_ports, 1):
            pid = layout.spawn(
                f"broadsheet serve #{n}",
                [
                    BROADSHEET,
                    "serve",
                    "--no-migrate",
                    "--port",
                    str(app_port),
                    "--workers",
                    str(args.workers),
                ],
                env=env,
                log=f"app{n}.log",
            )
            app_pids.append(pid)
        for app_port, pid in zip(app_ports, app_pids, strict=True):
            wait_for(
                lambda app_port=app_port, pid=pid: (
                    layout.popens[pid].poll() is None
                    and http_get(f"http://127.0.0.1:{app_port}/").status == 200
                ),
                what=f"the app on port {app_port} (see app*.log)",
            )
        base, direct = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{app_ports[0]}"
        article = first_article_path(base)

        # Safety first: two readers through nginx get their own comment-form values.
        one, two = http_get(base + "/comments/form/"), http_get(base + "/comments/form/")
        tokens_distinct = form_values(one.body) != form_values(two.body) and all(
            form_values(one.body)
        )
        http_get(base + article)
        nginx_caches_article = bool(http_get(base + article).headers.get("x-cache"))

        results = []
        for label, url in (
            ("front page, through nginx", base + "/"),
            ("front page, one app process directly", direct + "/"),
            ("article page, through nginx", base + article),
            ("article page, one app process directly", direct + article),
        ):
            before = (transactions(primary_port), transactions(replica_port))
            measured = wrk(url, duration=args.duration, connections=args.connections)
            time.sleep(1.5)  # PostgreSQL publishes its counters about once a second
            measured["primary_tx"] = transactions(primary_port) - before[0]
            measured["replica_tx"] = transactions(replica_port) - before[1]
            results.append((label, measured))
            print(label, measured, flush=True)

        editor = Editor(env)
        try:
            invalidation = check_invalidation(editor, base)
        finally:
            editor.close()
        lag = psql(
            primary_port,
            "SELECT coalesce(max(extract(epoch FROM replay_lag)) * 1000, 0)::int "
            "FROM pg_stat_replication",
        )
        errors = (layout.root / "nginx" / "error.log").read_text()
        crashed = "exited on signal" in errors
    finally:
        layout.stop_all()
        if not args.keep:
            shutil.rmtree(layout.root, ignore_errors=True)
        else:
            print("kept:", layout.root)

    return report(
        args,
        results=results,
        invalidation=invalidation,
        tokens_distinct=tokens_distinct,
        nginx_caches_article=nginx_caches_article,
        setup_seconds=setup_seconds,
        lag_ms=lag,
        nginx_crashed=crashed,
    )


def report(
    args: argparse.Namespace,
    *,
    results: list[tuple[str, dict[str, float]]],
    invalidation: list[dict[str, object]],
    tokens_distinct: bool,
    nginx_caches_article: bool,
    setup_seconds: float,
    lag_ms: str,
    nginx_crashed: bool,
) -> str:
    by_label = dict(results)
    ratio_front = (
        by_label["front page, through nginx"]["rps"]
        / by_label["front page, one app process directly"]["rps"]
    )
    ratio_article = (
        by_label["article page, through nginx"]["rps"]
        / by_label["article page, one app process directly"]["rps"]
    )
    pg_version = subprocess.run(
        [pg_bin("postgres"), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    nginx_version = subprocess.run(
        ["nginx", "-v"], capture_output=True, text=True, check=False
    ).stderr.strip()
    lines = [
        f"Measured {dt.date.today():%Y-%m-%d} by `bench/proxy_layout.py` on {machine()}.",
        "Everything on this one machine, loopback only: "
        f"{nginx_version.replace('nginx version: ', '')} "
        "(configuration of `docs/deploy.md`, Debian's cache-purge module) → "
        f"{args.apps} `broadsheet serve` processes × {args.workers} workers → "
        f"{pg_version.replace('postgres (PostgreSQL) ', 'PostgreSQL ')} primary + streaming "
        "replica (pg_basebackup), Redis; sample content of `broadsheet demo` "
        f"(set-up {setup_seconds:.0f} s). Load: `wrk -t2 -c{args.connections} "
        f"-d{args.duration}s`, gzip accepted, on the same cores as everything else, so "
        "compare the rows as ratios. Transactions = `xact_commit` of each server during "
        "the run (the sample shows where reads went).",
        "",
        "| target | requests/s | p50 ms | p99 ms | non-2xx | errors | primary tx | replica tx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, m in results:
        lines.append(
            f"| {label} | **{m['rps']:.0f}** | {m['p50']:.1f} | {m['p99']:.1f} | "
            f"{m['bad']:.0f} | {m['errors']:.0f} | {m['primary_tx']:.0f} | {m['replica_tx']:.0f} |"
        )
    lines += [
        "",
        f"Through nginx vs one app process directly: front page **{ratio_front:.1f}×**, "
        f"article page **{ratio_article:.1f}×** (nginx also spreads the article page over "
        f"all {args.apps} processes; it never stores it).",
        f"Two readers through nginx got distinct comment-form values (CSRF and form tokens "
        f"from `/comments/form/`): "
        f"**{'yes' if tokens_distinct else 'NO'}**; nginx stored the article page: "
        f"**{'YES' if nginx_caches_article else 'no'}**. Replication replay lag at the end: "
        f"{lag_ms} ms. nginx workers crashed: {'YES' if nginx_crashed else 'no'}.",
        "",
        "Invalidation through nginx: an editor process publishes a new article with "
        "`article_publish`; the pages are requested through nginx right after the commit "
        "(they were cached, `X-Cache` shown, just before). First with only what the app "
        "does after commit, then with an explicit `proxy_purge` of the changed paths.",
        "",
        "| after publishing | page | cached before | status | X-Cache now | "
        "new article on the next request | s since warmed | visible after polling (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in invalidation:
        waited = row["waited"]
        lines.append(
            f"| {row['how']} | `{row['path']}` | {row['warm']} | {row['status']} | "
            f"{row['cache']} | **{'yes' if row['next'] else 'no'}** | {row['after']:.2f} | "
            f"{'—' if row['next'] else ('never (5 s)' if waited is None else f'{waited:.2f}')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--apps", type=int, default=2, help="app processes (>= 2)")
    parser.add_argument("--workers", type=int, default=2, help="workers per app process")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--editor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.editor:
        editor_loop()
        return
    if args.apps < 2:
        parser.error("the layout has at least two app processes")
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be 1..120 seconds")
    body = run(args)
    print(body)
    if args.write:
        write_section(SECTION, body)


if __name__ == "__main__":
    main()
