#!/usr/bin/env python3
"""HTTP benchmark of `geotoolz serve`, optionally against TiTiler, on loopback.

    python3 bench/run.py                      # every scenario, 32 and 128 connections
    python3 bench/run.py --peer titiler       # the same against TiTiler, with ratios
    python3 bench/run.py --quick              # smoke test: 32 connections, short lists
    python3 bench/run.py --scenarios cold,hot-memory
    python3 bench/run.py --scenarios scaling --peer titiler   # cost against zoom, size, bands, connections

Run from the repository root. Writes bench/results/<UTC timestamp>.md and .json and prints
the markdown. Exit status 0 when the harness ran (targets missed are recorded, not fatal),
1 when it could not (a server did not start, wrk missing, ...), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import floor, report, scaling, sysinfo  # noqa: E402
from harness.geotiff import write_grid  # noqa: E402
from harness.loadgen import require_wrk, run_wrk  # noqa: E402
from harness.processes import HarnessError, install_cleanup, run_bounded, stop_all  # noqa: E402
from harness.projection import footprint_filter  # noqa: E402
from harness.seeding import finished_line  # noqa: E402
from harness.servers import (  # noqa: E402
    TILE_SIZE, GeoToolz, HttpClient, Redis, RunningServer, TiTiler, png_size, tile_request,
)
from harness.tilemath import Bounds, Tile, centre_block, cold_tiles, cold_tiles_from, map_pans  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
PROJECTED_SCENARIOS = ["cold-projected", "cold-projected-bilinear", "cold-projected-expression", "cold-2x"]
LOAD_SCENARIOS = ["cold", "cold-mosaic", "cold-ndvi", "cold-expression", *PROJECTED_SCENARIOS, "hot-memory",
                  "hot-redis", "map-view"]
OTHER_STEPS = ["png-size", "equivalence", "prewarm", "export", "stages", "read-floor", "mosaic-stages", "mosaic-load",
               "tile-formats", "scaling"]
PEER_SCENARIOS = {"cold", "cold-ndvi", "cold-expression", *PROJECTED_SCENARIOS, "map-view"}
COLD_SCENARIOS = {"cold", "cold-mosaic", "cold-ndvi", "cold-expression", *PROJECTED_SCENARIOS}
ELEVATION, NDVI = "elevation", "landsat-ndvi"
# The samples as projected COGs with nodata (scripts/build-projected.sh): the SRTM in UTM 11N
# (nearest, viridis) and the Landsat scene in UTM 12N (NDVI), and the named requests over them
# (harness/servers.py REQUESTS): elevation-utm read bilinearly, landsat-utm's NDVI as a
# per-request expression, elevation-utm's 512 px @2x tiles.
ELEVATION_UTM, LANDSAT_UTM = "elevation-utm", "landsat-utm"
ELEVATION_UTM_BILINEAR, LANDSAT_UTM_EXPRESSION, ELEVATION_UTM_2X = (
    "elevation-utm-bilinear", "landsat-utm-expression", "elevation-utm-2x")
PROJECTED_ZOOMS = range(11, 16)
# The SRTM of `elevation` cut into 9 pieces in 3 CRSs (scripts/build-mosaic.sh), with the same
# pipeline: cold-mosaic and mosaic-stages compare the two over the same tiles.
ELEVATION_MOSAIC = "elevation-mosaic"
# The mosaic-load step's layer: MosaicScaleTests' grid of 10,000 files of 16 × 16 pixels, 0.01°
# each, over 120°–119° W, 37°–38° N. No minzoom, so loading also finds the first zoom whose tiles
# stay under max_files_per_tile, as it does for a layer written that way.
MOSAIC_GRID_LAYER = """name: grid
source: grid/**/*.tif
bands: [1]
mosaic: first
resampling: nearest
maxzoom: 18
pipeline: {_target_: Colormap, name: gray, vmin: 0, vmax: 101}
"""
MOSAIC_LOAD_ZOOM = 13
# bench-render renders the grid's centre tile at z13 (about 25 files) once to warm up, then this
# many times. One tile: the files of several would pass the 64 readers a mosaic keeps open, and
# every round would reopen them.
MOSAIC_LOAD_ROUNDS = 5
# tile-formats: the RGB Landsat layers, whose lossy formats are to be smaller than PNG, and two
# colormapped layers (palette PNG, lossless WebP) for contrast.
RGB_LAYERS = ["landsat-truecolor", "landsat-falsecolor"]
FORMAT_LAYERS = RGB_LAYERS + [NDVI, ELEVATION]
# Native Landsat resolution (30 m) is about z12 at 41° N; from z12 the tiles nearest the scene's
# centre lie wholly inside it, so JPEG (which refuses transparent pixels without a fill) takes them.
FORMAT_ZOOMS = "12-14"
FORMAT_TILES_PER_ZOOM = 16
# Debian's python, which has Pillow (python3-pil) for the independent decode of the tiles.
PIL_PYTHON = Path("/usr/bin/python3")
# landsat-ndvi drawn from an expression in each request's query (harness/servers.py REQUESTS).
NDVI_EXPRESSION = "landsat-ndvi-expression"
# A scenario of a per-request query measures nothing if the query is ignored: before the runs its
# request must answer a PNG, and answer 400 when this parameter names something that does not exist.
QUERY_CHECKS = {
    "cold-expression": (NDVI_EXPRESSION, "colormap_name"),
    "cold-projected-bilinear": (ELEVATION_UTM_BILINEAR, "resampling"),
    "cold-projected-expression": (LANDSAT_UTM_EXPRESSION, "colormap_name"),
}
# Debian's python, which has matplotlib (python3-matplotlib) for the scaling plot.
MATPLOTLIB_PYTHON = Path("/usr/bin/python3")
SEED = 20240601
# Tiles per layer in the pixel comparison with the peer.
EQUIVALENCE_TILES = 10


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def absolute_path(text: str) -> Path:
    """A path argument made absolute: servers and tools run from other working directories."""
    return Path(text).resolve()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", choices=["titiler"], help="also benchmark this server and compare")
    parser.add_argument("--quick", action="store_true", help="32 connections, 3 s hot runs, 500-tile lists")
    parser.add_argument("--scenarios", help=f"comma-separated subset of {','.join(LOAD_SCENARIOS + OTHER_STEPS)}")
    parser.add_argument("--connections", help="comma-separated wrk connection counts (default 32,128)")
    parser.add_argument("--duration", type=int, help="seconds of each hot run (default 10, quick 3)")
    parser.add_argument("--cold-duration", type=int, default=60, help="upper bound in seconds of a list run")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of each cold scenario but cold-mosaic at each connection count, each on "
                             "fresh servers, geotoolz then the peer; targets are judged on the median over them "
                             "(default 1)")
    parser.add_argument("--cold-tiles", type=int, help="tiles per cold list (default 2000, quick 500)")
    parser.add_argument("--pans", type=int, help="viewports in the map-view sequence (default 40, quick 20)")
    parser.add_argument("--png-tiles", type=int, default=200, help="tiles per layer in the PNG size check")
    parser.add_argument("--prewarm-zoom", default="6-14", help="zoom range of the prewarm step (default: the layer's)")
    parser.add_argument("--mosaic-loads", type=int, default=3, help="loads of the 10,000-file mosaic (mosaic-load)")
    parser.add_argument("--paired-tiles", type=int, help="tiles fetched in pairs in cold-mosaic (default 400, quick 100)")
    parser.add_argument("--scaling-tiles", type=int, help=f"tiles per point of the scaling step (default "
                        f"{scaling.TILES_PER_POINT}, quick {scaling.QUICK_TILES_PER_POINT})")
    parser.add_argument("--binary", type=absolute_path, default=REPO / ".build/release/geotoolz")
    parser.add_argument("--floor", type=absolute_path, default=REPO / ".build/bench/warp_floor",
                        help="the read floor's C program (make bench builds it)")
    parser.add_argument("--floor-passes", type=int, default=3, help="read-floor: bench-render and the C floor in turn")
    parser.add_argument("--server-threads", type=int, help="geotoolz serve --threads (default: its own)")
    parser.add_argument("--venv", type=absolute_path, default=REPO / ".bench-venv", help="TiTiler's virtualenv")
    parser.add_argument("--results-dir", type=absolute_path, default=BENCH_DIR / "results")
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in (args.connections or ("32" if args.quick else "32,128")).split(",")]
    args.duration = args.duration or (3 if args.quick else 10)
    args.cold_tiles = args.cold_tiles or (500 if args.quick else 2000)
    args.pans = args.pans or (20 if args.quick else 40)
    args.paired_tiles = args.paired_tiles or (100 if args.quick else 400)
    args.scaling_tiles = args.scaling_tiles or (scaling.QUICK_TILES_PER_POINT if args.quick else scaling.TILES_PER_POINT)
    chosen = (args.scenarios or ",".join(LOAD_SCENARIOS + OTHER_STEPS)).split(",")
    unknown = [name for name in chosen if name not in LOAD_SCENARIOS + OTHER_STEPS]
    if unknown:
        parser.error(f"unknown scenario(s) {unknown}; choose from {LOAD_SCENARIOS + OTHER_STEPS}")
    args.selected = set(chosen)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if any(c < 2 for c in args.connections):
        parser.error("wrk runs 2 threads: every connection count must be at least 2")
    return args


class Bench:
    """One benchmark run: prepares tile lists, runs the scenarios, writes the report."""

    def __init__(self, args: argparse.Namespace, workdir: Path):
        self.args = args
        self.workdir = workdir
        self.geotoolz = GeoToolz(args.binary, REPO, workdir, args.server_threads)
        self.peer = TiTiler(BENCH_DIR / "peers/titiler", args.venv, REPO / "data", workdir) if args.peer else None
        self.redis: Redis | None = None
        self.commands: list[str] = []
        self.results: dict = {"runs": [], "warnings": []}

    # Preparation ----------------------------------------------------------------------------

    def note_command(self, command: str) -> None:
        if command not in self.commands:
            self.commands.append(command)

    def start_geotoolz(self, **options) -> RunningServer:
        server = self.geotoolz.start(**options)
        self.note_command(server.command)
        return server

    def start_peer(self) -> RunningServer:
        server = self.peer.start()
        env = " ".join(f"{k}={v}" for k, v in server.notes["gdal_env"].items())
        self.note_command(f"{env} {server.command}")
        return server

    def prepare_lists(self, server: RunningServer) -> None:
        """Builds every tile list from the layers' TileJSON bounds."""
        elevation = Bounds.from_tilejson(self.geotoolz.tilejson(server.base_url, ELEVATION)["bounds"])
        ndvi_json = self.geotoolz.tilejson(server.base_url, NDVI)
        ndvi = Bounds.from_tilejson(ndvi_json["bounds"])
        count = self.args.cold_tiles
        self.cold = cold_tiles(elevation, range(10, 14), count, SEED)
        if len(self.cold) < count:
            log(f"note: elevation z10-13 holds only {len(self.cold)} tiles")
        self.cold_ndvi, ndvi_zooms = cold_tiles_from(ndvi, 10, int(ndvi_json["maxzoom"]), count, SEED)
        self.prepare_projected_lists(server)
        self.hot = centre_block(elevation, 12, 100)
        self.pans = map_pans(elevation, 12, width=10, height=6, step=2, count=self.args.pans)
        requests = sum(len(p) for p in self.pans)
        distinct = len({t for p in self.pans for t in p})
        self.results["tile_lists"] = {
            "cold": {"layer": ELEVATION, "zooms": "10-13", "tiles": len(self.cold), "seed": SEED,
                     "bounds": [elevation.west, elevation.south, elevation.east, elevation.north]},
            "cold-mosaic": {"layers": f"{ELEVATION_MOSAIC} and {ELEVATION}", "tiles": "the cold list, each once per layer"},
            "cold-ndvi": {"layer": NDVI, "zooms": f"{ndvi_zooms.start}-{ndvi_zooms.stop - 1}",
                          "tiles": len(self.cold_ndvi), "seed": SEED,
                          "bounds": [ndvi.west, ndvi.south, ndvi.east, ndvi.north]},
            "cold-expression": {"layer": NDVI, "query": tile_request(NDVI_EXPRESSION).query,
                                "tiles": "the cold-ndvi list", "zooms": f"{ndvi_zooms.start}-{ndvi_zooms.stop - 1}"},
            "hot": {"layer": ELEVATION, "zoom": 12, "tiles": len(self.hot), "around": "the layer's centre"},
            "map-view": {"layer": ELEVATION, "zoom": 12, "viewport": "10x6 tiles", "step": "2 tiles",
                         "pans": len(self.pans), "requests": requests, "distinct_tiles": distinct,
                         "order": "each viewport centre-out as Leaflet queues it"},
        }
        self.results["tile_lists"].update(self.projected_list_notes)
        log(f"tile lists: cold {len(self.cold)}, cold-ndvi {len(self.cold_ndvi)} (z{ndvi_zooms.start}-"
            f"{ndvi_zooms.stop - 1}), hot {len(self.hot)}, map-view {len(self.pans)} pans / {requests} requests, "
            f"cold-projected {len(self.cold_projected)}, cold-projected-expression "
            f"{len(self.cold_projected_expression)}")

    def prepare_projected_lists(self, server: RunningServer) -> None:
        """The projected scenarios' lists: distinct elevation-utm tiles of z11-15, and landsat-utm's
        from z10 down as cold-ndvi's, each within the layer's TileJSON bounds and overlapping the
        file's own UTM rectangle (harness/projection.py: the lon/lat bounds' corners lie outside it,
        where TiTiler answers 404); tiles of the nodata collar are among them. The layers' bounds,
        zoom ranges and footprint tests are kept for the scaling step."""
        count = self.args.cold_tiles
        self.projected = {}
        for layer in (ELEVATION_UTM, LANDSAT_UTM):
            tilejson = self.geotoolz.tilejson(server.base_url, layer)
            keep = footprint_filter(self.geotoolz.layer_info(server.base_url, layer))
            if keep is None:
                log(f"note: {layer} is not one file in UTM: its tiles are not tested against the file's rectangle")
            self.projected[layer] = (Bounds.from_tilejson(tilejson["bounds"]),
                                     range(int(tilejson["minzoom"]), int(tilejson["maxzoom"]) + 1), keep)
        elevation, _, elevation_keep = self.projected[ELEVATION_UTM]
        landsat, landsat_zooms, landsat_keep = self.projected[LANDSAT_UTM]
        self.cold_projected = cold_tiles(elevation, PROJECTED_ZOOMS, count, SEED, elevation_keep)
        if len(self.cold_projected) < count:
            log(f"note: {ELEVATION_UTM} z11-15 holds only {len(self.cold_projected)} tiles")
        self.cold_projected_expression, zooms = cold_tiles_from(landsat, 10, landsat_zooms.stop - 1, count, SEED,
                                                                landsat_keep)

        def bounds(b: Bounds) -> list[float]:
            return [b.west, b.south, b.east, b.north]

        projected_zooms = f"{PROJECTED_ZOOMS.start}-{PROJECTED_ZOOMS.stop - 1}"
        self.projected_list_notes = {
            "cold-projected": {"layer": ELEVATION_UTM, "zooms": projected_zooms, "tiles": len(self.cold_projected),
                               "seed": SEED, "bounds": bounds(elevation),
                               "footprint": "overlapping the file's UTM rectangle by half a pixel or more"},
            "cold-projected-bilinear": {"layer": ELEVATION_UTM, "query": tile_request(ELEVATION_UTM_BILINEAR).query,
                                        "tiles": "the cold-projected list"},
            "cold-projected-expression": {"layer": LANDSAT_UTM, "query": tile_request(LANDSAT_UTM_EXPRESSION).query,
                                          "zooms": f"{zooms.start}-{zooms.stop - 1}",
                                          "tiles": len(self.cold_projected_expression), "seed": SEED,
                                          "bounds": bounds(landsat),
                                          "footprint": "overlapping the file's UTM rectangle by half a pixel or more"},
            "cold-2x": {"layer": ELEVATION_UTM, "tile": f"{TILE_SIZE * 2} px (@2x)", "tiles": "the cold-projected list"},
        }

    # Load scenarios -------------------------------------------------------------------------

    def record(self, scenario: str, connections: int, server: RunningServer, mode: str, figures: dict, **notes) -> None:
        figures = dict(figures)
        wrk_command = figures.pop("wrk_command")
        self.note_command(wrk_command)
        run = {
            "scenario": scenario, "connections": connections, "server": server.name, "mode": mode,
            "metrics": figures, "peak_rss_mb": round(server.peak_rss_mb(), 1),
            "server_command": server.command, "wrk_command": wrk_command, **notes,
        }
        self.results["runs"].append(run)
        m = figures
        log(f"  {scenario} c{connections} {server.name}: {m['requests']} requests, {m['requests_per_s']:.0f}/s, "
            f"p99 {m['latency_ms']['p99']:.1f} ms, errors {m['socket_errors_total']}, non-200 {m['non_200']}, "
            f"RSS {run['peak_rss_mb']:.0f} MB")

    def wrk_list(self, server: RunningServer, layer: str, groups: list[list[Tile]], connections: int,
                 label: str) -> dict:
        """server answers every tile of groups once; wrk's figures."""
        paths = [[server.tile_path(layer, tile) for tile in group] for group in groups]
        return run_wrk(server.base_url, paths, "list", connections, self.args.cold_duration, self.workdir, label)

    def list_run(self, scenario: str, connections: int, start, layer: str, groups: list[list[Tile]],
                 repeat: int = 1) -> dict:
        """A fresh server answers every tile of groups once; returns wrk's figures."""
        server = start()
        try:
            figures = self.wrk_list(server, layer, groups, connections,
                                    f"{scenario}-c{connections}-{server.name}-{repeat}")
            notes = {"repeat": repeat} if self.args.repeats > 1 else {}
            if scenario == "map-view":
                # Pans whose every tile was answered, per second of the active window.
                notes["pans_per_s"] = (len(groups) / figures["active_s"]
                                       if figures["complete"] and figures["active_s"] else None)
            self.record(scenario, connections, server, "list", figures, layer=layer, **notes)
            return figures
        finally:
            server.stop()

    def servers_for(self, scenario: str) -> list:
        starters = [self.start_geotoolz]
        if self.peer and scenario in PEER_SCENARIOS:
            starters.append(self.start_peer)
        return starters

    def run_cold(self, scenario: str) -> None:
        if scenario == "cold-mosaic":
            self.run_cold_mosaic()
            return
        layer, tiles = {"cold": (ELEVATION, self.cold), "cold-ndvi": (NDVI, self.cold_ndvi),
                        "cold-expression": (NDVI_EXPRESSION, self.cold_ndvi),
                        "cold-projected": (ELEVATION_UTM, self.cold_projected),
                        "cold-projected-bilinear": (ELEVATION_UTM_BILINEAR, self.cold_projected),
                        "cold-projected-expression": (LANDSAT_UTM_EXPRESSION, self.cold_projected_expression),
                        "cold-2x": (ELEVATION_UTM_2X, self.cold_projected)}[scenario]
        for connections in self.args.connections:
            for repeat in range(1, self.args.repeats + 1):
                for start in self.servers_for(scenario):
                    self.list_run(scenario, connections, start, layer, [[t] for t in tiles], repeat)

    def run_cold_mosaic(self) -> None:
        """The cold list from the mosaic and from the single file, back to back at each
        connection count, then tile by tile in pairs."""
        for connections in self.args.connections:
            for layer in (ELEVATION_MOSAIC, ELEVATION):
                self.list_run("cold-mosaic", connections, self.start_geotoolz, layer, [[t] for t in self.cold])
        self.paired_mosaic_pass()

    def paired_mosaic_pass(self) -> None:
        """Each tile of the start of the cold list from the mosaic, then from the single file, on
        one connection to one fresh server: the two renders of a pair run moments apart, so load
        from elsewhere on the machine, which moves whole wrk runs, falls on both alike."""
        server = self.start_geotoolz()
        client = HttpClient(server.base_url)
        samples = []
        try:
            for tile in self.cold[: self.args.paired_tiles]:
                pair = {"z": tile.z}
                for layer in (ELEVATION_MOSAIC, ELEVATION):
                    started = time.perf_counter()
                    status, _, body = client.get(server.tile_path(layer, tile))
                    pair[layer] = (time.perf_counter() - started) * 1000
                    if status != 200:
                        raise HarnessError(f"cold-mosaic pairs: {layer} {tile} answered {status}: {body[:200]!r}")
                samples.append(pair)
        finally:
            client.close()
            server.stop()
        self.results["cold_mosaic_pairs"] = report.paired_summary(samples, ELEVATION_MOSAIC, ELEVATION)
        overall = self.results["cold_mosaic_pairs"]["all"]
        log(f"  cold-mosaic pairs: {overall['tiles']} tiles, mosaic / single file {overall['ratio']:.2f}x (mean latency)")

    def run_map_view(self) -> None:
        for connections in self.args.connections:
            for start in self.servers_for("map-view"):
                self.list_run("map-view", connections, start, ELEVATION, self.pans)

    def run_hot(self, scenario: str) -> None:
        """The working set is cached first and checked to come back from the expected cache."""
        expected = "memory" if scenario == "hot-memory" else "redis"
        for connections in self.args.connections:
            if expected == "redis":
                self.ensure_redis().flush()
                server = self.start_geotoolz(memory_cache_mb=0, redis_url=self.redis.url)
            else:
                server = self.start_geotoolz()
            try:
                paths = [server.tile_path(ELEVATION, tile) for tile in self.hot]
                self.fill_cache(server, paths, expected)
                label = f"{scenario}-c{connections}"
                figures = run_wrk(server.base_url, [[p] for p in paths], "cycle", connections,
                                  self.args.duration, self.workdir, label)
                self.record(scenario, connections, server, "cycle", figures, working_set=len(paths))
            finally:
                server.stop()

    def fill_cache(self, server: RunningServer, paths: list[str], expected: str) -> None:
        """Requests every path once, then checks each is now answered X-Cache: expected."""
        client = HttpClient(server.base_url)
        try:
            for path in paths:
                status, _, body = client.get(path)
                if status != 200:
                    raise HarnessError(f"filling the cache: {path} answered {status}: {body[:200]!r}")
            pending = list(paths)
            # A Redis write may still be on its way when the first check runs.
            for _ in range(20):
                pending = [p for p in pending if client.get(p)[1].get("x-cache") != expected]
                if not pending:
                    return
                time.sleep(0.1)
            source = client.get(pending[0])[1].get("x-cache")
            raise HarnessError(f"{len(pending)} of {len(paths)} tiles not served from {expected} "
                               f"after filling (e.g. {pending[0]}: X-Cache {source})")
        finally:
            client.close()

    def check_query(self, server: RunningServer, what: str, request: str, parameter: str, tile: Tile) -> None:
        """A scenario of a per-request query measures nothing if the query is ignored: the
        request's tile must be a PNG, and the same request with parameter naming something that
        does not exist must be refused."""
        client = HttpClient(server.base_url)
        try:
            path = server.tile_path(request, tile)
            status, headers, body = client.get(path)
            if status != 200 or headers.get("content-type") != "image/png":
                raise HarnessError(f"{what}: {path} answered {status} {headers.get('content-type')}: "
                                   f"{body[:300]!r} (does this geotoolz take TiTiler's rendering parameters?)")
            bad = broken_query(path, parameter)
            status, _, body = client.get(bad)
            if status != 400:
                raise HarnessError(f"{what}: {bad} answered {status}, not 400: this geotoolz ignores {parameter}, "
                                   "so the scenario would measure the layer's own rendering")
        finally:
            client.close()

    def check_scale(self, server: RunningServer, what: str, request: str, tile: Tile) -> None:
        """A request of scale 2 must answer a PNG of twice the side, or cold-2x measures 256 px tiles."""
        client = HttpClient(server.base_url)
        try:
            path = server.tile_path(request, tile)
            status, _, body = client.get(path)
            side = TILE_SIZE * tile_request(request).scale
            if status != 200 or png_size(body) != (side, side):
                raise HarnessError(f"{what}: {path} answered {status} with a PNG of {png_size(body)}, not "
                                   f"{side} x {side} px")
        finally:
            client.close()

    def ensure_redis(self) -> Redis:
        if self.redis is None:
            self.redis = Redis(self.workdir)
            self.note_command(self.redis.command)
        return self.redis

    # Other steps ----------------------------------------------------------------------------

    def png_sizes(self, server: RunningServer, peer: RunningServer | None) -> None:
        """Mean body bytes of the same tiles, fetched one by one from each server."""
        sample = {ELEVATION: self.cold[: self.args.png_tiles], NDVI: self.cold_ndvi[: self.args.png_tiles]}
        sizes = {}
        for layer, tiles in sample.items():
            ours = self.body_sizes(server, layer, tiles)
            entry = {"tiles": len(tiles), "geotoolz_mean_bytes": sum(ours) / len(ours)}
            if peer:
                theirs = self.body_sizes(peer, layer, tiles)
                entry[f"{peer.name}_mean_bytes"] = sum(theirs) / len(theirs)
                larger = [(tile, a, b) for tile, a, b in zip(tiles, ours, theirs) if a > b]
                entry["larger_on_geotoolz"] = len(larger)
                entry["larger_tiles"] = [
                    {"tile": f"{t.z}/{t.x}/{t.y}", "geotoolz_bytes": a, f"{peer.name}_bytes": b} for t, a, b in larger]
            sizes[layer] = entry
        self.results["png_sizes"] = sizes

    @staticmethod
    def body_sizes(server: RunningServer, layer: str, tiles: list[Tile]) -> list[int]:
        client = HttpClient(server.base_url)
        try:
            sizes = []
            for tile in tiles:
                status, _, body = client.get(server.tile_path(layer, tile))
                if status != 200:
                    raise HarnessError(f"PNG size check: {server.name} answered {status} for {layer} {tile}")
                sizes.append(len(body))
            return sizes
        finally:
            client.close()

    def equivalence(self, server: RunningServer, peer: RunningServer) -> None:
        """Runs compare.py with the peer's python on a few tiles of each cold list."""
        lists = {ELEVATION: self.cold, NDVI: self.cold_ndvi, ELEVATION_UTM: self.cold_projected,
                 LANDSAT_UTM: self.cold_projected_expression}
        tiles = {layer: [[t.z, t.x, t.y] for t in tiles[:EQUIVALENCE_TILES]] for layer, tiles in lists.items()}
        tiles_file = self.workdir / "equivalence-tiles.json"
        tiles_file.write_text(json.dumps(tiles))
        command = [str(self.peer.python), str(BENCH_DIR / "peers/titiler/compare.py"), "--geotoolz", server.base_url,
                   "--titiler", peer.base_url, "--data", str(REPO / "data"), "--tiles", str(tiles_file)]
        self.note_command(" ".join(command))
        result = run_bounded(command, 300, "compare.py")
        if result.returncode != 0:
            raise HarnessError(f"compare.py failed:\n{result.stderr[-2000:]}")
        self.results["equivalence"] = json.loads(result.stdout)

    def prewarm(self) -> None:
        """`geotoolz prewarm` of the elevation layer into the empty harness Redis."""
        redis = self.ensure_redis()
        redis.flush()
        command = [str(self.args.binary), "prewarm", "--layers", "layers", "--data", "data", "--layer", ELEVATION,
                   "--zoom", self.args.prewarm_zoom, "--redis", redis.url]
        self.note_command(" ".join(command))
        started = time.monotonic()
        result = run_bounded(command, 900, "geotoolz prewarm", cwd=REPO)
        elapsed = time.monotonic() - started
        output = result.stdout + result.stderr
        finished = finished_line(output, "prewarm")
        entry = {"zoom": self.args.prewarm_zoom, "exit_status": result.returncode, "wall_seconds": round(elapsed, 2),
                 "redis_keys": redis.keys(), "last_line": output.strip().splitlines()[-1] if output.strip() else ""}
        if finished:
            entry.update(tiles=finished["tiles"], seconds=finished["seconds"], tiles_per_s=finished["tiles_per_s"],
                         source="as printed by prewarm")
        else:
            keys = entry["redis_keys"]
            entry.update(tiles=keys, seconds=elapsed, tiles_per_s=keys / elapsed if elapsed else None,
                         source="Redis keys / wall time (prewarm's summary line not found)")
        if result.returncode != 0:
            self.results["warnings"].append(f"geotoolz prewarm exited {result.returncode}: {entry['last_line']}")
        self.results["prewarm"] = entry
        log(f"prewarm: {entry['tiles']} tiles, {entry['tiles_per_s']:.0f} tiles/s")

    def export(self) -> None:
        """`geotoolz export` of the elevation layer over the prewarm step's zooms into each archive format."""
        folder = Path(tempfile.mkdtemp(prefix="geotoolz-bench-export-"))
        entries = {}
        try:
            for kind in ("mbtiles", "pmtiles"):
                path = folder / f"elevation.{kind}"
                command = [str(self.args.binary), "export", "--layers", "layers", "--data", "data", "--layer",
                           ELEVATION, "--zoom", self.args.prewarm_zoom, "-o", str(path)]
                self.note_command(" ".join(command))
                result = run_bounded(command, 900, f"geotoolz export {kind}", cwd=REPO)
                output = result.stdout + result.stderr
                finished = finished_line(output, "export")
                entry = {"zoom": self.args.prewarm_zoom, "exit_status": result.returncode,
                         "bytes": path.stat().st_size if path.exists() else None,
                         "last_line": output.strip().splitlines()[-1] if output.strip() else ""}
                if finished:
                    entry.update(finished)
                if result.returncode != 0 or not finished:
                    self.results["warnings"].append(f"geotoolz export {kind} exited {result.returncode}: "
                                                    f"{entry['last_line']}")
                entries[kind] = entry
                log(f"export {kind}: {entry.get('tiles')} tiles, {entry.get('tiles_per_s')} tiles/s")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        self.results["export"] = entries

    def stages(self) -> None:
        """Per-stage render times from `geotoolz bench-render --json`, when the build has it."""
        help_text = run_bounded([str(self.args.binary), "bench-render", "--help"], 60, "bench-render --help", cwd=REPO)
        if "--json" not in help_text.stdout + help_text.stderr:
            self.results["stages"] = {"skipped": "this geotoolz has no bench-render --json"}
            return
        command = [str(self.args.binary), "bench-render", "--layers", "layers", "--data", "data",
                   "--layer", ELEVATION, "--layer", NDVI, "--json"]
        if self.args.quick:
            command += ["--rounds", "2"]
        self.note_command(" ".join(command))
        result = run_bounded(command, 600, "geotoolz bench-render", cwd=REPO)
        try:
            self.results["stages"] = report.stage_reports(json.loads(result.stdout))
        except json.JSONDecodeError:
            self.results["stages"] = {"skipped": f"bench-render --json exited {result.returncode}: "
                                                 f"{(result.stderr or result.stdout)[-300:]}"}

    def read_floor(self) -> None:
        """The projected nodata layer's read stage beside plain C warping the same tiles."""
        rounds = 2 if self.args.quick else 5
        entry = floor.measure(self.args.binary, self.args.floor, REPO, self.workdir, self.args.floor_passes, rounds,
                              self.note_command)
        self.results["read_floor"] = entry
        log(f"  read {entry['geotoolz_read_ms']:.3f} ms, C floor {entry['floor_read_ms']:.3f} ms: {entry['ratio']:.2f}x")

    def mosaic_stages(self) -> None:
        """bench-render of the mosaic and the single-file layer over the single file's tiles."""
        command = [str(self.args.binary), "bench-render", "--layers", "layers", "--data", "data",
                   "--layer", ELEVATION_MOSAIC, "--layer", ELEVATION, "--tiles-of", ELEVATION, "--json"]
        if self.args.quick:
            command += ["--rounds", "2"]
        self.note_command(" ".join(command))
        result = run_bounded(command, 600, "geotoolz bench-render (mosaic)", cwd=REPO)
        try:
            layers = report.stage_reports(json.loads(result.stdout))
        except json.JSONDecodeError:
            raise HarnessError(f"bench-render --tiles-of exited {result.returncode}: "
                               f"{(result.stderr or result.stdout)[-300:]}") from None
        self.results["mosaic_stages"] = {"layers": layers,
                                         "ratios": report.stage_ratios(layers, ELEVATION_MOSAIC, ELEVATION)}
        ratio = self.results["mosaic_stages"]["ratios"].get("total")
        log(f"mosaic / single file per tile (bench-render mean total): {ratio:.2f}x" if ratio else
            "mosaic-stages: no ratio")

    def mosaic_load(self) -> None:
        """Loads of a layer over 10,000 generated files by bench-render, which reports the load
        time and the files one tile reads."""
        scratch = self.workdir / "mosaic-10000"
        data, layers = scratch / "data", scratch / "layers"
        layers.mkdir(parents=True)
        started = time.monotonic()
        files = write_grid(data)
        written = time.monotonic() - started
        (layers / "grid.yaml").write_text(MOSAIC_GRID_LAYER)
        log(f"mosaic-load: {files} files written in {written:.1f} s")
        command = [str(self.args.binary), "bench-render", "--layers", str(layers), "--data", str(data),
                   "--zooms", str(MOSAIC_LOAD_ZOOM), "--tiles", "1", "--rounds", str(MOSAIC_LOAD_ROUNDS), "--json"]
        self.note_command(f"(files by bench/harness/geotiff.py write_grid) {' '.join(command)}")
        loads = []
        for _ in range(self.args.mosaic_loads):
            started = time.monotonic()
            result = run_bounded(command, 900, "geotoolz bench-render (10,000 files)", cwd=REPO)
            wall = time.monotonic() - started
            try:
                output = json.loads(result.stdout)
            except json.JSONDecodeError:
                raise HarnessError(f"bench-render over {files} files exited {result.returncode}: "
                                   f"{(result.stderr or result.stdout)[-300:]}") from None
            layer = report.stage_reports(output)[0]
            loads.append({"load_s": output["loadSeconds"], "process_wall_s": round(wall, 3),
                          "file_reads_per_tile": layer["mosaic"]["fileReadsPerTile"],
                          "render_median_ms": layer["total"]["median"], "tiles": layer["tiles"]})
            log(f"  {files} files loaded in {output['loadSeconds']:.2f} s, "
                f"{layer['mosaic']['fileReadsPerTile']:.1f} files read per z{MOSAIC_LOAD_ZOOM} tile")
        self.results["mosaic_load"] = {"files": files, "file_pixels": "16x16", "written_s": round(written, 2),
                                       "zoom": MOSAIC_LOAD_ZOOM, "renders": MOSAIC_LOAD_ROUNDS + 1,
                                       "layer": MOSAIC_GRID_LAYER, "loads": loads}

    def tile_formats(self) -> None:
        """bench-render of the Landsat and two colormapped layers in every format over the same
        tiles, which it writes out; then those files decoded by Pillow."""
        tiles_dir = self.workdir / "tile-formats"
        command = [str(self.args.binary), "bench-render", "--layers", "layers", "--data", "data"]
        for layer in FORMAT_LAYERS:
            command += ["--layer", layer]
        command += ["--format", "all", "--zooms", FORMAT_ZOOMS, "--tiles", str(FORMAT_TILES_PER_ZOOM), "--json"]
        if self.args.quick:
            command += ["--rounds", "2"]
        self.note_command(" ".join(command))
        result = run_bounded(command + ["--write-tiles", str(tiles_dir)], 900, "geotoolz bench-render --format all",
                             cwd=REPO)
        try:
            output = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise HarnessError(f"bench-render --format all exited {result.returncode}: "
                               f"{(result.stderr or result.stdout)[-300:]}") from None
        rows = report.format_rows(report.stage_reports(output))
        python = PIL_PYTHON if PIL_PYTHON.exists() else Path(sys.executable)
        decode_command = [str(python), str(BENCH_DIR / "harness/decode_tiles.py"), str(tiles_dir)]
        self.note_command(f"{python} bench/harness/decode_tiles.py <the --write-tiles folder>")
        decoded = run_bounded(decode_command, 300, "decode_tiles.py")
        try:
            decode = json.loads(decoded.stdout)
        except json.JSONDecodeError:
            decode = {"skipped": f"decode_tiles.py exited {decoded.returncode}: {decoded.stderr[-300:]}"}
        self.results["tile_formats"] = {
            "zooms": FORMAT_ZOOMS, "tiles_per_zoom": FORMAT_TILES_PER_ZOOM, "rgb_layers": RGB_LAYERS,
            "rows": rows, "skipped": output.get("skipped"), "decode": decode,
        }
        for row in rows:
            if row["format"] != "png":
                log(f"  {row['layer']} {row['format']}: {row['bytes_vs_png']:.2f}x PNG's bytes, "
                    f"encode mean {row['encode']['mean']:.2f} ms ({row['encode_vs_png']:.2f}x PNG's)")

    def run_scaling(self) -> None:
        """The scaling step (harness/scaling.py): its sweeps' list runs, each on fresh servers."""
        elevation, served, elevation_keep = self.projected[ELEVATION_UTM]
        landsat, landsat_zooms, landsat_keep = self.projected[LANDSAT_UTM]
        plan = scaling.plan(scaling.Footprint(elevation, served, elevation_keep),
                            scaling.Footprint(landsat, landsat_zooms, landsat_keep), PROJECTED_ZOOMS,
                            self.args.scaling_tiles, self.args.quick, SEED)
        start_widened = self.widened_starter(plan.widen_to) if plan.widen_to else None
        starters = {"geotoolz": lambda point: start_widened if point.widened else self.start_geotoolz}
        if self.peer:
            starters[self.peer.name] = lambda point: self.start_peer
        a = self.args
        description = {
            "tiles_per_point": a.scaling_tiles, "tiles_per_connection": scaling.TILES_PER_CONNECTION,
            "connections": scaling.FIXED_CONNECTIONS, "list_bound_s": a.cold_duration, "seed": SEED,
            "zoom_note": (f"The zoom sweep's geotoolz layer is a copy of layers/{ELEVATION_UTM}.yaml with zooms "
                          f"{plan.widen_to[0]}-{plan.widen_to[1]}: the layer serves {served.start}-{served.stop - 1} "
                          "and answers 404 outside; the copy reads the same file the same way."
                          if plan.widen_to else None),
            "scale_note": f"@2x: geotoolz's {TILE_SIZE * 2} px tile route, the peer's tilesize={TILE_SIZE * 2}.",
            "bands_note": f"bands: {LANDSAT_UTM} through ?expression=b1+...+bn&rescale=0,255n&colormap_name=viridis"
                          "&resampling=bilinear on both servers (harness/servers.py band_sum_parameters).",
        }
        self.results["scaling"] = scaling.run(plan, starters, self.scaling_point, log, description)
        self.results["warnings"] += scaling.warnings(self.results["scaling"])

    def widened_starter(self, zooms: tuple[int, int]):
        """Starts geotoolz over a scratch folder holding elevation-utm with its zoom range set to
        zooms, checking through its TileJSON that the range took."""
        folder = self.workdir / "scaling-layers"
        folder.mkdir(exist_ok=True)
        text = (REPO / "layers" / f"{ELEVATION_UTM}.yaml").read_text()
        (folder / f"{ELEVATION_UTM}.yaml").write_text(scaling.widened_layer(text, *zooms))

        def start() -> RunningServer:
            server = self.start_geotoolz(layers_dir=folder)
            tilejson = self.geotoolz.tilejson(server.base_url, ELEVATION_UTM)
            if (tilejson["minzoom"], tilejson["maxzoom"]) != zooms:
                server.stop()
                raise HarnessError(f"the widened {ELEVATION_UTM} serves zooms {tilejson['minzoom']}-"
                                   f"{tilejson['maxzoom']}, not {zooms[0]}-{zooms[1]}")
            return server

        return start

    def scaling_point(self, start, point: scaling.Point) -> dict:
        """One point of the scaling step on the fresh server start() gives: wrk's figures, the
        server's peak RSS and the first tile's path (not a run of the Runs table)."""
        server = start()
        try:
            figures = self.wrk_list(server, point.request, [[t] for t in point.tiles], point.connections,
                                    f"{point.key}-{server.name}")
            return {"server": server.name, "figures": figures, "peak_rss_mb": server.peak_rss_mb(),
                    "path": server.tile_path(point.request, point.tiles[0])}
        finally:
            server.stop()

    # The whole run --------------------------------------------------------------------------

    def run(self) -> dict:
        require_wrk()
        selected = self.args.selected
        started = datetime.now(timezone.utc)
        self.results.update(
            date=started.strftime("%Y-%m-%d %H:%M:%S UTC"),
            machine=sysinfo.machine(),
            versions=sysinfo.versions(REPO, self.args.binary),
            options=self.options_summary(),
        )
        if self.peer:
            self.peer.ensure_venv(log)
            self.results["versions"].update({f"{k}": v for k, v in self.peer.versions().items()})
        if "stages" in selected:
            log("render stages (bench-render)")
            self.stages()
        if "read-floor" in selected:
            log("read floor: bench/floor/warp_floor beside bench-render")
            self.read_floor()
        if "mosaic-stages" in selected:
            log("render stages, mosaic beside single file (bench-render --tiles-of)")
            self.mosaic_stages()
        if "mosaic-load" in selected:
            log("mosaic-load: 10,000 files")
            self.mosaic_load()
        if "tile-formats" in selected:
            log("tile-formats: png, webp, jpg over the Landsat layers (bench-render --format all)")
            self.tile_formats()
        self.checks_against_peer(selected)
        for scenario in LOAD_SCENARIOS:
            if scenario not in selected:
                continue
            log(f"scenario {scenario}")
            if scenario in COLD_SCENARIOS:
                self.run_cold(scenario)
            elif scenario == "map-view":
                self.run_map_view()
            else:
                self.run_hot(scenario)
        if "prewarm" in selected:
            log("prewarm")
            self.prewarm()
        if "export" in selected:
            log("export: MBTiles and PMTiles")
            self.export()
        if "scaling" in selected:
            log("scaling: cost against zoom, tile size, bands read and connections")
            self.run_scaling()
        self.finish()
        return self.results

    def checks_against_peer(self, selected: set[str]) -> None:
        """Builds the tile lists, then the PNG size check and the pixel comparison."""
        server = self.start_geotoolz()
        peer = None
        try:
            self.prepare_lists(server)
            self.check_queries(server, selected)
            want_png = "png-size" in selected
            want_equivalence = "equivalence" in selected and self.peer is not None
            if self.peer and (want_png or want_equivalence):
                peer = self.start_peer()
            if want_equivalence:
                log("equivalence check")
                self.equivalence(server, peer)
            if want_png:
                log("PNG size check")
                self.png_sizes(server, peer)
        finally:
            server.stop()
            if peer:
                peer.stop()

    def check_queries(self, server: RunningServer, selected: set[str]) -> None:
        """The per-request queries of the chosen scenarios and of the scaling step are honoured."""
        lists = {"cold-expression": self.cold_ndvi, "cold-projected-bilinear": self.cold_projected,
                 "cold-projected-expression": self.cold_projected_expression}
        for scenario, (request, parameter) in QUERY_CHECKS.items():
            if scenario in selected:
                self.check_query(server, scenario, request, parameter, lists[scenario][0])
        if "cold-2x" in selected or "scaling" in selected:
            self.check_scale(server, "cold-2x", ELEVATION_UTM_2X, self.cold_projected[0])
        if "scaling" in selected:
            for count in scaling.BAND_COUNTS:
                self.check_query(server, "scaling", f"{LANDSAT_UTM}-bands{count}", "colormap_name",
                                 self.cold_projected_expression[0])

    def options_summary(self) -> dict:
        a = self.args
        summary = (f"connections {','.join(map(str, a.connections))}; wrk -t2; hot runs {a.duration} s; "
                   f"list runs bounded by {a.cold_duration} s; cold lists {a.cold_tiles} tiles, "
                   f"{a.repeats} run(s) each; "
                   f"map-view {a.pans} pans; scaling {a.scaling_tiles} tiles per point; peer {a.peer or 'none'}; "
                   f"scenarios {','.join(sorted(a.selected))}")
        return {"peer": a.peer, "quick": a.quick, "connections": a.connections, "hot_duration_s": a.duration,
                "list_bound_s": a.cold_duration, "cold_tiles": a.cold_tiles, "repeats": a.repeats, "pans": a.pans,
                "scaling_tiles": a.scaling_tiles,
                "scenarios": sorted(a.selected), "summary": summary}

    def finish(self) -> None:
        """Ratios, target checks and loud warnings for errors on geotoolz."""
        for run in self.results["runs"]:
            m = run["metrics"]
            where = f"{run['scenario']} at {run['connections']} connections" + (
                f" (repeat {run['repeat']})" if "repeat" in run else "")
            if run["server"] == "geotoolz" and (m["socket_errors_total"] or m["non_200"]):
                self.results["warnings"].append(
                    f"geotoolz {where}: {m['socket_errors_total']} socket errors {m['socket_errors']}, "
                    f"{m['non_200']} non-200 responses {m['statuses']}")
            if run["mode"] == "list" and not m["complete"]:
                self.results["warnings"].append(
                    f"{run['server']} {where}: {m['requests']} of {m['listed']} requests answered within the "
                    f"{self.args.cold_duration} s bound; figures cover those")
        self.results["ratios"] = report.ratios(self.results, self.args.peer)
        self.results["mosaic_ratios"] = report.mosaic_ratios(self.results, ELEVATION_MOSAIC, ELEVATION)
        self.results["targets"] = report.target_checks(self.results, self.args.peer)
        self.results["commands"] = self.commands
        self.results["scenario_notes"] = report.SCENARIO_NOTES

    def close(self) -> None:
        if self.redis:
            self.redis.stop()


def broken_query(path: str, parameter: str) -> str:
    """path with the value of its query's parameter replaced by a name no server knows."""
    route, _, query = path.partition("?")
    broken, found = re.subn(rf"(^|&){re.escape(parameter)}=[^&]*", rf"\g<1>{parameter}=no-such-{parameter}", query)
    if found != 1:
        raise HarnessError(f"{path} does not give {parameter} once")
    return f"{route}?{broken}"


def write_outputs(results: dict, results_dir: Path) -> tuple[Path, Path]:
    """The markdown and the JSON; then, for a run with the scaling step, its plot drawn from the JSON."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    markdown_path, json_path = results_dir / f"{stamp}.md", results_dir / f"{stamp}.json"
    plot_path = results_dir / f"{stamp}-scaling.png"
    if results.get("scaling"):
        results["scaling"]["plot"] = plot_path.name
    text = report.markdown(results)
    markdown_path.write_text(text)
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    if results.get("scaling"):
        failure = plot_scaling(json_path, plot_path)
        if failure:
            # The report names the plot: say there instead why it is missing.
            text += f"\n**The scaling plot was not drawn**: {failure}\n"
            markdown_path.write_text(text)
            results["warnings"].append(f"scaling plot not drawn: {failure}")
    print(text)
    return markdown_path, json_path


def plot_scaling(json_path: Path, plot_path: Path) -> str | None:
    """Runs harness/plot_scaling.py with Debian's python (matplotlib); None when the PNG is written,
    else why not."""
    python = MATPLOTLIB_PYTHON if MATPLOTLIB_PYTHON.exists() else Path(sys.executable)
    command = [str(python), str(BENCH_DIR / "harness/plot_scaling.py"), str(json_path), str(plot_path)]
    try:
        result = run_bounded(command, 120, "plot_scaling.py")
    except HarnessError as error:
        return str(error)
    if result.returncode != 0 or not plot_path.exists():
        return f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()[-300:]}"
    log(f"wrote {plot_path.name}")
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    install_cleanup()
    workdir = Path(tempfile.mkdtemp(prefix="geotoolz-bench-"))
    bench = None
    try:
        bench = Bench(args, workdir)
        results = bench.run()
        markdown_path, json_path = write_outputs(results, args.results_dir)
        for warning in results["warnings"]:
            print(f"WARNING: {warning}", file=sys.stderr)
        log(f"wrote {markdown_path.relative_to(REPO) if markdown_path.is_relative_to(REPO) else markdown_path} "
            f"and {json_path.name}")
        return 0
    except HarnessError as error:
        print(f"bench: harness failed: {error}", file=sys.stderr)
        print(f"bench: logs kept in {workdir}", file=sys.stderr)
        workdir = None
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    except SystemExit as stop:
        print(f"bench: stopped (exit status {stop.code})", file=sys.stderr)
        raise
    finally:
        if bench:
            bench.close()
        stop_all()
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
