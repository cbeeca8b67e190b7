"""Drives a server with wrk and the Lua script bench/wrk/tiles.lua."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .processes import HarnessError

SCRIPT = Path(__file__).resolve().parent.parent / "wrk" / "tiles.lua"
WRK_THREADS = 2
# Far above any latency seen here: wrk drops latencies above --timeout from its histogram.
WRK_TIMEOUT = "30s"
# wrk may take this long past -d to join its threads and print.
EXIT_GRACE = 30.0


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise HarnessError("wrk not found (Debian: apt-get install wrk)")
    return path


def write_paths(groups: list[list[str]], file_name: Path) -> None:
    """One "group<TAB>path" line per request, groups in order."""
    with open(file_name, "w") as out:
        for index, paths in enumerate(groups):
            for path in paths:
                out.write(f"{index}\t{path}\n")


def run_wrk(
    base_url: str,
    groups: list[list[str]],
    mode: str,
    connections: int,
    duration: int,
    workdir: Path,
    label: str,
) -> dict:
    """Runs wrk once and returns its figures and the exact command line.

    mode "list": every path once (groups kept whole and in order within one wrk thread), -d
    only bounds the run; the harness interrupts wrk as soon as every thread reports its share
    answered. mode "cycle": every thread loops over all paths for duration seconds.
    """
    wrk = require_wrk()
    if mode == "list" and len(groups) < WRK_THREADS:
        raise HarnessError(f"{label}: {len(groups)} request groups cannot feed {WRK_THREADS} wrk threads")
    paths_file = workdir / f"{label}.paths"
    done_file = workdir / f"{label}.done"
    write_paths(groups, paths_file)
    done_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env.update(
        BENCH_PATHS=str(paths_file), BENCH_THREADS=str(WRK_THREADS), BENCH_MODE=mode, BENCH_DONE=str(done_file)
    )
    command = [
        wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{duration}s", "--timeout", WRK_TIMEOUT,
        "-s", str(SCRIPT), base_url,
    ]
    env_text = " ".join(f"{k}={env[k]}" for k in ("BENCH_MODE", "BENCH_THREADS", "BENCH_PATHS", "BENCH_DONE"))
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, start_new_session=True
    )
    interrupted = False
    try:
        if mode == "list":
            interrupted = _interrupt_when_done(process, done_file, duration)
        stdout, stderr = process.communicate(timeout=duration + EXIT_GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise HarnessError(f"{label}: wrk did not exit within {duration + EXIT_GRACE:.0f} s") from None
    except BaseException:
        process.kill()
        process.wait()
        raise
    figures = _parse(stdout, stderr, label)
    figures["wrk_command"] = f"{env_text} {' '.join(command)}"
    figures["stopped_early_by_harness"] = interrupted
    return figures


def _interrupt_when_done(process: subprocess.Popen, done_file: Path, duration: int) -> bool:
    """SIGINTs wrk once every thread has appended its line to done_file.

    wrk sleeps for all of -d even after its threads stop; on SIGINT it stops sleeping and
    prints its results. Returns whether it was interrupted (False: -d ran out first).
    """
    deadline = time.monotonic() + duration + EXIT_GRACE
    while process.poll() is None and time.monotonic() < deadline:
        try:
            finished = len(done_file.read_text().split())
        except FileNotFoundError:
            finished = 0
        if finished >= WRK_THREADS:
            process.send_signal(signal.SIGINT)
            return True
        time.sleep(0.02)
    return False


def _parse(stdout: str, stderr: str, label: str) -> dict:
    """The JSON line of the script's done(), with derived figures."""
    line = next((l for l in stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if line is None:
        raise HarnessError(f"{label}: wrk printed no results.\nstdout:\n{stdout[-2000:]}\nstderr:\n{stderr[-2000:]}")
    raw = json.loads(line[len("BENCH_JSON "):])
    requests = int(raw["requests"])
    active_s = raw["active_us"] / 1e6
    statuses = {str(k): int(v) for k, v in (raw.get("statuses") or {}).items()}
    errors = {k: int(v) for k, v in raw["errors"].items()}
    latency = raw["latency_us"]
    return {
        "requests": requests,
        "listed": int(raw["listed"]),
        "complete": raw["threads_finished"] == raw["threads"],
        "active_s": active_s,
        "wrk_duration_s": raw["wrk_duration_us"] / 1e6,
        "requests_per_s": requests / active_s if active_s > 0 else 0.0,
        "latency_ms": {k: latency[k] / 1000.0 for k in ("p50", "p90", "p99", "max", "mean")},
        "socket_errors": {k: errors[k] for k in ("connect", "read", "write", "timeout")},
        "socket_errors_total": sum(errors[k] for k in ("connect", "read", "write", "timeout")),
        "statuses": statuses,
        "non_200": sum(v for k, v in statuses.items() if k != "200"),
        "x_cache": {str(k): int(v) for k, v in (raw.get("x_cache") or {}).items()},
        "bytes_per_request": raw["bytes"] / requests if requests else 0.0,
        "wrk_stderr": stderr.strip()[-500:],
    }
