"""What the benchmark ran on: machine and tool versions."""

from __future__ import annotations

import os
import platform
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

from .processes import HarnessError, run_bounded


def _first_line(command: list[str], cwd: Path | None = None, env: dict | None = None) -> str | None:
    """The first non-empty output line of a short command, or None when it cannot run."""
    if shutil.which(command[0]) is None and not Path(command[0]).is_file():
        return None
    try:
        result = run_bounded(command, 60, command[0], cwd=cwd, env=env)
    except (HarnessError, OSError):
        return None
    for line in (result.stdout + "\n" + result.stderr).splitlines():
        if line.strip():
            return line.strip()
    return None


def machine() -> dict:
    """CPU model, logical cores, memory and kernel."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "kernel": platform.release(),
        "os": _os_name(),
    }


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.system()


def versions(repo: Path, binary: Path) -> dict:
    """GeoToolz commit and the versions of the tools involved."""
    # Optional locks off: reading the commit must not take the index lock of a busy work tree.
    git_env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"], cwd=repo, env=git_env)
    dirty = None
    if commit and shutil.which("git"):
        result = run_bounded(["git", "diff", "--quiet", "HEAD", "--", "Sources", "Package.swift"], 60, "git diff", cwd=repo, env=git_env)
        dirty = result.returncode == 1
    gdal = _first_line(["gdal-config", "--version"]) or _first_line(["gdalinfo", "--version"])
    return {
        "geotoolz_commit": commit,
        "geotoolz_sources_modified": dirty,
        "geotoolz_binary": str(binary),
        "geotoolz_binary_mtime": _mtime(binary),
        "swift": _first_line(["swift", "--version"]),
        "gdal": gdal,
        "wrk": (_first_line(["wrk", "-v"]) or "").split(" Copyright")[0] or None,
        "redis_server": _first_line(["redis-server", "--version"]),
        "python": sys.version.split()[0],
    }


def _mtime(path: Path) -> str | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OSError:
        return None
