"""Shared by the benchmark scripts: a served site on loopback, the machine, the report.

Every server started here listens on 127.0.0.1 only and is stopped by its PID.
"""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
BROADSHEET = str(Path(sys.executable).with_name("broadsheet"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def machine() -> str:
    """One line describing where the numbers were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if "model name" in line]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gib:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def reference_ms() -> float:
    """A fixed pure-Python loop, timed: how fast this shared machine ran just then (the
    same code measured here has varied by half from one hour to the next)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _reference_cpu_ms(_: int) -> float:
    started = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return (time.process_time() - started) * 1000


def parallel_slowdown() -> float:
    """The reference loop's CPU time when it runs in two processes at once, against one
    alone (1.0: the two cores are the machine's own). On this VM two busy processes have
    each taken up to 1.5 times the CPU time of one alone, from one minute to the next:
    a load on both cores (two workers) is as slow as that then, whatever its code."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_reference_cpu_ms, [0, 0]))  # started, imported
        alone = min(pool.submit(_reference_cpu_ms, 0).result() for _ in range(2))
        together = max(pool.map(_reference_cpu_ms, [0, 0]))
    return together / alone


@contextmanager
def served_site(
    *, workers: int = 2, demo: bool = True, env_extra: dict[str, str] | None = None
) -> Iterator[str]:
    """Start `broadsheet serve` on a fresh data folder with the sample content."""
    with served_site_process(workers=workers, demo=demo, env_extra=env_extra) as (base, _pid):
        yield base


@contextmanager
def served_site_process(
    *, workers: int = 2, demo: bool = True, env_extra: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """`served_site`, with the server's PID (`broadsheet serve` execs the server in its
    own process, so its workers are that PID's children)."""
    data_dir = Path(
        os.environ.get("BENCH_DATA_DIR")
        or subprocess.check_output(["mktemp", "-d"], text=True).strip()
    )
    env = {**os.environ, "BROADSHEET_DATA_DIR": str(data_dir), **(env_extra or {})}
    env.pop("DEBUG", None)
    subprocess.run([BROADSHEET, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    if demo:
        subprocess.run(
            [BROADSHEET, "demo"], env=env, check=True, timeout=300, stdout=subprocess.DEVNULL
        )
    port = free_port()
    proc = subprocess.Popen(
        [BROADSHEET, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("broadsheet serve did not start") from None
                time.sleep(0.5)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def runs_appended(path: Path, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Append this run to a JSON-lines file; every run it now holds, oldest first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        handle.write(json.dumps(result) + "\n")
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section `## name` of BENCHMARKS.md with `body`."""
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    block = f"## {name}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = (
        pattern.sub(block + "\n", text)
        if pattern.search(text)
        else (text.rstrip() + "\n\n" + block)
    )
    BENCHMARKS.write_text(text.rstrip() + "\n")
