"""Child processes in their own process groups, always stopped; ports; bounded waits; RSS."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable


class HarnessError(RuntimeError):
    """The harness itself could not do its job (as opposed to a target that was missed)."""


_running: list["ManagedProcess"] = []


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    """Polls predicate until it holds; raises HarnessError naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() >= deadline:
            raise HarnessError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class ManagedProcess:
    """A child started in a new session, so that it and everything it forks stop together."""

    def __init__(self, name: str, command: list[str], log_path: Path, env: dict | None = None, cwd: Path | None = None):
        self.name = name
        self.command = command
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        _running.append(self)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        """The last lines the process wrote, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM to the whole group, SIGKILL after grace seconds; idempotent."""
        if self in _running:
            _running.remove(self)
        try:
            if self.alive():
                _signal_group(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=grace)
                except subprocess.TimeoutExpired:
                    pass
            # Workers may outlive their parent; the group still names them.
            _signal_group(self.process.pid, signal.SIGKILL)
            if self.alive():
                self.process.wait(timeout=5)
        finally:
            self._log.close()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all() -> None:
    """Stops every process still running; registered with atexit and used on signals."""
    for managed in list(reversed(_running)):
        try:
            managed.stop(grace=5.0)
        except Exception:  # noqa: BLE001 - cleanup must reach every process
            pass


def _terminate(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stops children at exit, and turns SIGTERM/SIGHUP into an exit that runs finally blocks."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)


def run_bounded(command: list[str], timeout: float, what: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Runs a short command in its own group, killing the group if it outlives timeout."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process.pid, signal.SIGKILL)
        process.communicate()
        raise HarnessError(f"{what} did not finish within {timeout:.0f} s: {' '.join(command)}") from None
    except BaseException:
        _signal_group(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def descendants(pid: int) -> list[int]:
    """Every live process whose parent chain leads to pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields follow the last ')'.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def vm_hwm_kb(pid: int) -> int:
    """The peak resident set (VmHWM) of one process in KiB, 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_mb(pid: int, with_children: bool) -> float:
    """VmHWM of pid, plus that of all its descendants when with_children, in MiB."""
    pids = [pid] + (descendants(pid) if with_children else [])
    return sum(vm_hwm_kb(p) for p in pids) / 1024.0
