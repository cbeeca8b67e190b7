"""Headless Chromium driven over the DevTools protocol, for the viewer's browser tests.

    with Chromium("/usr/bin/chromium") as browser:
        page = browser.new_page("http://127.0.0.1:8080/")
        page.wait_for("document.readyState === 'complete'", "the page to load")

Chromium runs in a session of its own with a fresh profile, on a port it picks itself (read from
the profile's DevToolsActivePort file); it is killed (its whole process group) when the `with`
block ends, however it ends, and dies with this process if this process is killed outright.
Every wait is bounded in time and in the number of polls.
"""

import base64
import collections
import ctypes
import io
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

import websocket
from PIL import Image

WIDTH, HEIGHT = 1000, 700


class Failure(Exception):
    """A check that did not hold; its message says what was expected and what was seen."""


def _die_with_parent():
    # PR_SET_PDEATHSIG: Chromium gets SIGKILL when this process goes, even by SIGKILL.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def _read(path):
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return ""


class Chromium:
    def __init__(self, executable, start_seconds=30, extra_arguments=()):
        self.executable = executable
        self.extra_arguments = list(extra_arguments)
        self.start_seconds = start_seconds
        self.process = None
        self.profile = None
        self.connection = None
        self.pages = []

    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_):
        self.close()

    def _start(self):
        if not os.access(self.executable, os.X_OK):
            raise Failure(f"no Chromium at {self.executable} (make deps installs it)")
        self.profile = tempfile.mkdtemp(prefix="geotoolz-cdp-")
        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        self.process = subprocess.Popen(
            [
                self.executable, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                f"--user-data-dir={self.profile}", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", f"--window-size={WIDTH},{HEIGHT}", *self.extra_arguments,
                "about:blank",
            ],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            start_new_session=True, preexec_fn=_die_with_parent)
        active = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + self.start_seconds
        port = path = None
        for _ in range(self.start_seconds * 20):
            if self.process.poll() is not None:
                raise Failure(f"Chromium exited at start-up ({self.process.returncode}):\n{self.log_tail()}")
            lines = _read(active).split("\n")
            if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].startswith("/devtools/"):
                port, path = int(lines[0]), lines[1].strip()
                break
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if port is None:
            raise Failure(f"Chromium wrote no DevToolsActivePort within {self.start_seconds} s:\n{self.log_tail()}")
        self.connection = Connection(f"ws://127.0.0.1:{port}{path}")

    def log_tail(self, characters=3000):
        try:
            with open(os.path.join(self.profile, "chromium.log"), "rb") as log:
                return log.read().decode("utf-8", "replace")[-characters:]
        except OSError:
            return ""

    def new_page(self, url):
        """A new tab of WIDTH x HEIGHT CSS pixels at scale 1, navigated to `url`."""
        target = self.connection.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.connection.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self.connection, session)
        self.pages.append(page)
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        page.send("Page.navigate", {"url": url})
        return page

    def close(self):
        if self.connection:
            self.connection.close()
            self.connection = None
        if self.process and self.process.poll() is None:
            for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.process:
            # Renderers and helpers left in the group once Chromium itself has gone.
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if getattr(self, "log", None):
            self.log.close()
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


class Connection:
    """One WebSocket to the browser; pages talk through it by session id (flat mode)."""

    def __init__(self, url, timeout=30):
        # No Origin header: Chromium refuses DevTools WebSockets from origins it was not told of.
        self.socket = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self.next_id = 0
        self.events = collections.deque(maxlen=10000)

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Failure(f"no answer to {method} within {timeout} s")
            self.socket.settimeout(remaining)
            try:
                reply = json.loads(self.socket.recv())
            except websocket.WebSocketTimeoutException:
                raise Failure(f"no answer to {method} within {timeout} s") from None
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise Failure(f"{method} failed: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def close(self):
        try:
            self.socket.close()
        except Exception:
            pass


class Page:
    def __init__(self, connection, session):
        self.connection = connection
        self.session = session

    def send(self, method, params=None, timeout=30):
        return self.connection.send(method, params, session=self.session, timeout=timeout)

    def evaluate(self, expression):
        """The value of a JavaScript expression (awaited when it is a promise)."""
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise Failure(f"script failed: {details.get('exception', {}).get('description') or details.get('text')}"
                          f"\n  in: {expression[:300]}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=30, interval=0.1):
        """Polls `expression` until it is truthy (at most timeout/interval polls within `timeout`
        seconds) and returns its value; fails saying `what` was awaited and the last value seen.
        A script error counts as not yet (the page may still be loading) and is reported if the
        wait times out."""
        deadline = time.monotonic() + timeout
        value = None
        for _ in range(int(timeout / interval) + 1):
            try:
                value = self.evaluate(expression)
            except Failure as error:
                value = error
            if value and not isinstance(value, Failure):
                return value
            if time.monotonic() >= deadline:
                break
            time.sleep(interval)
        seen = f"last error: {value}" if isinstance(value, Failure) else f"last value: {value!r}"
        raise Failure(f"timed out after {timeout} s waiting for {what} ({seen})")

    def screenshot(self, clip=None):
        """The page as an RGB image, of `clip` = (x, y, width, height) CSS pixels when given."""
        params = {"format": "png", "captureBeyondViewport": False}
        if clip:
            x, y, width, height = clip
            params["clip"] = {"x": x, "y": y, "width": width, "height": height, "scale": 1}
        data = base64.b64decode(self.send("Page.captureScreenshot", params)["data"])
        return Image.open(io.BytesIO(data)).convert("RGB")

    def problems(self):
        """Script exceptions, console errors and the browser's own log entries (but for failed
        requests) this page reported so far."""
        found = []
        for event in self.connection.events:
            if event.get("sessionId") != self.session:
                continue
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                found.append("exception: " + (details.get("exception", {}).get("description") or details.get("text", "")))
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: " +
                             " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif event["method"] == "Log.entryAdded":
                # The browser's own complaints (bad markup, blocked requests...); a failed request's
                # status is the server's answer, which the tests expect and check themselves.
                entry = params.get("entry", {})
                if entry.get("source") != "network" and entry.get("level") in ("error", "warning", "verbose", "info"):
                    found.append(f"browser log ({entry.get('source')}, {entry.get('level')}): {entry.get('text')}")
        return found
