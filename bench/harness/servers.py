"""The servers under test (GeoToolz, TiTiler), a scratch Redis, and a small HTTP client."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .processes import HarnessError, ManagedProcess, free_port, peak_rss_mb, run_bounded, wait_until
from .tilemath import Tile

START_TIMEOUT = 90.0

# TiTiler's "Performance Tuning" page recommends these GDAL settings for dynamic tiling; the
# HTTP ones do nothing for local files and are kept so the peer runs as documented.
TITILER_GDAL_ENV = {
    "GDAL_CACHEMAX": "200",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_INGESTED_BYTES_AT_OPEN": "32768",
    "GDAL_HTTP_MERGE_CONSECUTIVE_RANGES": "YES",
    "GDAL_HTTP_MULTIPLEX": "YES",
    "GDAL_HTTP_VERSION": "2",
    "VSI_CACHE": "TRUE",
    "VSI_CACHE_SIZE": "5000000",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".tif,.TIF,.tiff",
}


# A tile's side in pixels at scale 1; a request of scale 2 asks the 512 px tile.
TILE_SIZE = 256


@dataclass(frozen=True)
class TileRequest:
    """A request that is not a layer's own rendering: the layer it draws, the tile route's query
    (TiTiler's rendering parameters, which geotoolz takes under the same names) and the tile's
    scale (2: the 512 px tile, geotoolz's `@2x` route and TiTiler's `tilesize=512`)."""

    layer: str
    query: str = ""
    scale: int = 1


def rendering_query(parameters: dict) -> str:
    """A query of rendering parameters; '+' is sent as %2B, as a bare '+' in a query reads as a space."""
    return urllib.parse.urlencode(parameters, safe="(),/-")


# cold-expression and cold-projected-expression: the NDVI, stretch and colormap given with each
# request as an expression instead of the layer's pipeline. TiTiler's request for the layer
# (peers/titiler/layers.json) is that expression already, so the peer sends the layer's request.
EXPRESSION_PARAMETERS = {
    "expression": "(b4-b3)/(b4+b3)", "rescale": "-0.2,0.6", "colormap_name": "rdylgn", "resampling": "bilinear",
}
# The scaling step's band counts: landsat-utm read through an expression summing its first n bands.
BAND_COUNTS = (1, 3, 7)


def band_sum_parameters(bands: int) -> dict:
    """The expression b1+...+bn over a byte raster, stretched over the sum's whole range."""
    return {"expression": "+".join(f"b{i}" for i in range(1, bands + 1)), "rescale": f"0,{255 * bands}",
            "colormap_name": "viridis", "resampling": "bilinear"}


# Named requests: a peer request of the same name in peers/titiler/layers.json is sent to the
# peer, else its layer's (so the peer's NDVI expression stands for the expression requests).
REQUESTS = {
    "landsat-ndvi-expression": TileRequest("landsat-ndvi", rendering_query(EXPRESSION_PARAMETERS)),
    # cold-projected-bilinear: the nearest-neighbour layer read bilinearly, per request.
    "elevation-utm-bilinear": TileRequest("elevation-utm", rendering_query({"resampling": "bilinear"})),
    "landsat-utm-expression": TileRequest("landsat-utm", rendering_query(EXPRESSION_PARAMETERS)),
    "elevation-utm-2x": TileRequest("elevation-utm", scale=2),
    **{f"landsat-utm-bands{n}": TileRequest("landsat-utm", rendering_query(band_sum_parameters(n)))
       for n in BAND_COUNTS},
}


def tile_request(name: str) -> TileRequest:
    """The named request, or a layer's own rendering."""
    return REQUESTS.get(name, TileRequest(name))


def png_size(body: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk; None for anything else."""
    if len(body) < 24 or body[:8] != b"\x89PNG\r\n\x1a\n" or body[12:16] != b"IHDR":
        return None
    return int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")


class HttpClient:
    """Sequential GETs over one keep-alive connection to 127.0.0.1."""

    def __init__(self, base_url: str, timeout: float = 60.0):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self._connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names) and body; one retry on a dropped connection."""
        for attempt in range(2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._connection.request("GET", path)
                response = self._connection.getresponse()
                body = response.read()
                headers = {name.lower(): value for name, value in response.getheaders()}
                return response.status, headers, body
            except (http.client.HTTPException, ConnectionError, socket.timeout) as error:
                self.close()
                if attempt == 1:
                    raise HarnessError(f"GET {path} on {self.host}:{self.port} failed: {error}") from error
        raise AssertionError("unreachable")

    def get_json(self, path: str):
        status, _, body = self.get(path)
        if status != 200:
            raise HarnessError(f"GET {path} answered {status}: {body[:200]!r}")
        return json.loads(body)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def answers_200(base_url: str, path: str) -> bool:
    """Whether GET path answers 200 right now."""
    client = HttpClient(base_url, timeout=2.0)
    try:
        return client.get(path)[0] == 200
    except HarnessError:
        return False
    finally:
        client.close()


@dataclass
class RunningServer:
    """A started server: where it listens, its process, and how it was started."""

    name: str
    base_url: str
    process: ManagedProcess
    multi_process: bool
    tile_path: Callable[[str, Tile], str]
    notes: dict = field(default_factory=dict)

    @property
    def command(self) -> str:
        return " ".join(_shell_quote(part) for part in self.process.command)

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.process.pid, with_children=self.multi_process)

    def stop(self) -> None:
        self.process.stop()


def _shell_quote(text: str) -> str:
    if text and all(c.isalnum() or c in "-_./:=,@%+" for c in text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def _wait_healthy(process: ManagedProcess, base_url: str, path: str) -> None:
    """Waits for path to answer 200; fails early, with the log, if the process exits."""

    def ready() -> bool:
        if not process.alive():
            raise HarnessError(
                f"{process.name} exited with status {process.process.returncode} before answering "
                f"{path}:\n{process.log_tail()}"
            )
        return answers_200(base_url, path)

    try:
        wait_until(ready, START_TIMEOUT, f"{process.name} to answer {base_url}{path}", interval=0.2)
    except HarnessError:
        process.stop()
        raise


class GeoToolz:
    """Starts `geotoolz serve` from the repository root."""

    name = "geotoolz"

    def __init__(self, binary: Path, repo: Path, workdir: Path, server_threads: int | None = None):
        if not binary.is_file():
            raise HarnessError(f"geotoolz binary not found at {binary} (make release builds it)")
        self.binary, self.repo, self.workdir, self.server_threads = binary, repo, workdir, server_threads
        self.starts = 0

    def tile_path(self, name: str, tile: Tile) -> str:
        """A layer's tile, or the tile of a named request of REQUESTS (its scale's route, its query)."""
        request = tile_request(name)
        scale = f"@{request.scale}x" if request.scale != 1 else ""
        path = f"/tiles/{request.layer}/{tile.z}/{tile.x}/{tile.y}{scale}.png"
        return path + (f"?{request.query}" if request.query else "")

    def start(self, memory_cache_mb: int | None = None, redis_url: str | None = None,
              layers_dir: Path | None = None) -> RunningServer:
        """A fresh server (empty caches) on a free port, healthy; layers_dir instead of the
        repository's layers/ (a scratch folder of layer files over the same data)."""
        port = free_port()
        command = [
            str(self.binary), "serve", "--host", "127.0.0.1", "--port", str(port),
            "--layers", str(layers_dir or "layers"), "--data", "data", "--static", "static", "--log-level", "warning",
        ]
        if memory_cache_mb is not None:
            command += ["--memory-cache", str(memory_cache_mb)]
        if redis_url:
            command += ["--redis", redis_url]
        if self.server_threads:
            command += ["--threads", str(self.server_threads)]
        self.starts += 1
        log = self.workdir / f"geotoolz-{self.starts}.log"
        process = ManagedProcess("geotoolz serve", command, log, cwd=self.repo)
        base_url = f"http://127.0.0.1:{port}"
        _wait_healthy(process, base_url, "/health")
        return RunningServer(self.name, base_url, process, False, self.tile_path)

    def tilejson(self, base_url: str, layer: str) -> dict:
        return self._get_json(base_url, f"/layers/{layer}/tilejson.json")

    def layer_info(self, base_url: str, layer: str) -> dict:
        """The layer's sources as read: their CRS, geotransform and size among them."""
        return self._get_json(base_url, f"/layers/{layer}/info")

    @staticmethod
    def _get_json(base_url: str, path: str):
        client = HttpClient(base_url)
        try:
            return client.get_json(path)
        finally:
            client.close()


class TiTiler:
    """TiTiler (titiler.application under uvicorn, 2 workers) in its own virtualenv."""

    name = "titiler"

    def __init__(self, peer_dir: Path, venv: Path, data_dir: Path, workdir: Path, workers: int = 2):
        self.peer_dir, self.venv, self.data_dir, self.workdir, self.workers = peer_dir, venv, data_dir, workdir, workers
        self.layers = json.loads((peer_dir / "layers.json").read_text())["layers"]
        self.starts = 0

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def ensure_venv(self, log) -> None:
        """Creates the virtualenv and installs the pinned requirements once (again if they change)."""
        requirements = self.peer_dir / "requirements.txt"
        digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
        stamp = self.venv / ".requirements.sha256"
        if self.python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
            return
        if not self.python.exists():
            log(f"creating {self.venv}")
            result = run_bounded([sys.executable, "-m", "venv", str(self.venv)], 300, "python3 -m venv")
            if result.returncode != 0:
                raise HarnessError(
                    f"python3 -m venv {self.venv} failed (Debian needs python3-venv):\n{result.stderr[-2000:]}"
                )
        log(f"installing {requirements} into {self.venv}")
        pip = [str(self.python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        for command in (pip + ["--upgrade", "pip"], pip + ["-r", str(requirements)]):
            result = run_bounded(command, 1200, "pip install")
            if result.returncode != 0:
                raise HarnessError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
        stamp.write_text(digest + "\n")

    def versions(self) -> dict:
        """Installed versions of the peer's main packages."""
        code = (
            "import importlib.metadata as m, json;"
            "print(json.dumps({p: m.version(p) for p in "
            "['titiler.application', 'titiler.core', 'rio-tiler', 'rasterio', 'uvicorn', 'fastapi']}))"
        )
        result = run_bounded([str(self.python), "-c", code], 60, "reading TiTiler versions")
        versions = json.loads(result.stdout) if result.returncode == 0 else {}
        gdal = run_bounded([str(self.python), "-c", "import rasterio; print(rasterio.__gdal_version__)"], 60, "GDAL version")
        if gdal.returncode == 0:
            versions["GDAL (rasterio wheel)"] = gdal.stdout.strip()
        return versions

    def tile_path(self, name: str, tile: Tile) -> str:
        """The equivalent request of a layer or a named request of REQUESTS: layers.json's
        template of that name, else its layer's; tilesize for a larger scale."""
        request = tile_request(name)
        spec = self.layers.get(name) or self.layers[request.layer]
        source = urllib.parse.quote(str((self.data_dir / spec["source"]).resolve()), safe="/")
        path = spec["template"].format(z=tile.z, x=tile.x, y=tile.y, url=source)
        return path + (f"&tilesize={TILE_SIZE * request.scale}" if request.scale != 1 else "")

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update(TITILER_GDAL_ENV)
        return env

    def start(self) -> RunningServer:
        """A fresh uvicorn with its workers, healthy."""
        uvicorn = self.venv / "bin" / "uvicorn"
        if not uvicorn.exists():
            raise HarnessError(f"{uvicorn} missing: the TiTiler virtualenv is incomplete")
        port = free_port()
        command = [
            str(uvicorn), "titiler.application.main:app", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(self.workers), "--no-access-log",
        ]
        self.starts += 1
        log = self.workdir / f"titiler-{self.starts}.log"
        process = ManagedProcess("titiler (uvicorn)", command, log, env=self.environment(), cwd=self.workdir)
        base_url = f"http://127.0.0.1:{port}"
        _wait_healthy(process, base_url, "/healthz")
        return RunningServer(self.name, base_url, process, True, self.tile_path, {"gdal_env": TITILER_GDAL_ENV})


class Redis:
    """A scratch redis-server on a free port, without persistence."""

    def __init__(self, workdir: Path):
        if shutil.which("redis-server") is None:
            raise HarnessError("redis-server not found (Debian: apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(workdir),
        ]
        self.process = ManagedProcess("redis-server", command, workdir / "redis.log")
        self.command = " ".join(_shell_quote(part) for part in command)

        def ready() -> bool:
            if not self.process.alive():
                raise HarnessError(f"redis-server exited:\n{self.process.log_tail()}")
            try:
                return self.call("PING") == "PONG"
            except OSError:
                return False

        wait_until(ready, 20, f"redis-server on port {self.port}")

    def call(self, *args: str):
        """One command over RESP whose reply is a simple string or an integer."""
        payload = f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args)
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(payload.encode())
            reply = sock.makefile("rb").readline().decode().rstrip("\r\n")
        kind, rest = reply[:1], reply[1:]
        if kind == "-":
            raise HarnessError(f"redis {args[0]}: {rest}")
        return int(rest) if kind == ":" else rest

    def flush(self) -> None:
        self.call("FLUSHALL")

    def keys(self) -> int:
        return int(self.call("DBSIZE"))

    def stop(self) -> None:
        self.process.stop()
