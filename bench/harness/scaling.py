"""The scaling step: how the cost of a cold tile grows with zoom, tile size, bands read and
connections.

Every point of a sweep is a list run (harness/loadgen.py): distinct tiles, each requested once,
on a freshly started server, for geotoolz and (with --peer) the peer alike. This module plans the
points, runs them through callbacks of bench/run.py, and reduces the figures to
results["scaling"], from which report.py writes a table and harness/plot_scaling.py draws the
plot. Everything but run() is pure, so the tests build plans and read synthetic results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .loadgen import WRK_THREADS
from .servers import BAND_COUNTS
from .tilemath import Bounds, Keep, Tile, cold_tiles, cold_tiles_from, sample_tiles, tile_range

SWEEPS = ("zoom", "scale", "bands", "connections")
ZOOM_LAYER, BANDS_LAYER = "elevation-utm", "landsat-utm"
ZOOMS = range(5, 19)
# --quick: every other zoom.
QUICK_ZOOMS = range(6, 19, 2)
# @1x beside @2x at a zoom of whole-resolution reads and one of overview reads.
SCALE_ZOOMS = (12, 14)
CONNECTIONS = (8, 32, 128, 512)
# Every sweep but the connections' runs at the targets' connection count.
FIXED_CONNECTIONS = 32
TILES_PER_POINT, QUICK_TILES_PER_POINT = 300, 60
# The connections sweep gives every connection at least this many tiles: with fewer, a run at
# 512 connections would be one burst of requests and its end, not a rate.
TILES_PER_CONNECTION = 2
# The band sweep's zooms start here and go deeper until the count is reached, as cold-ndvi's.
BANDS_FIRST_ZOOM = 10

TITLES = {
    "zoom": "zoom (elevation-utm, nearest)",
    "scale": "@1x vs @2x (elevation-utm)",
    "bands": "bands read (landsat-utm, expression b1+...+bn)",
    "connections": "connections (cold-projected request)",
}
X_LABELS = {"zoom": "zoom", "scale": "tile", "bands": "bands read", "connections": "connections"}


@dataclass(frozen=True)
class Footprint:
    """Where a layer's tiles are drawn from: its TileJSON bounds, the zooms it serves, and the test
    of its file's rectangle (harness/projection.py; None: every tile within the bounds)."""

    bounds: Bounds
    zooms: range
    keep: Keep = None


@dataclass(frozen=True)
class Point:
    """One list run of a sweep, made on every server."""

    sweep: str
    value: int  # the sweep's x: the zoom, the scale, the band count or the connection count
    label: str  # how the table and the plot name it
    request: str  # a layer or a named request of servers.REQUESTS
    tiles: tuple[Tile, ...]
    connections: int
    zooms: str  # the zooms of its tiles: "12", "10-15"
    widened: bool = False  # geotoolz serves it from the layer's copy whose zoom range covers the sweep

    @property
    def key(self) -> str:
        """A name unique in a plan and safe in a file name (wrk's paths file)."""
        return f"scaling-{self.sweep}-" + re.sub(r"[^A-Za-z0-9]+", "-", self.label).strip("-")


@dataclass
class Plan:
    """The points to run, the points left out (and why), and the zoom range geotoolz's copy of the
    zoom sweep's layer must serve, when the sweep reaches past the layer's own."""

    points: list[Point]
    skipped: list[dict] = field(default_factory=list)
    widen_to: tuple[int, int] | None = None


def _zoom_text(zooms: range) -> str:
    return str(zooms.start) if len(zooms) == 1 else f"{zooms.start}-{zooms.stop - 1}"


def zoom_points(layer: Footprint, zooms: range, per_point: int, seed: int) -> Plan:
    """Up to per_point tiles of each zoom within the layer's footprint; a zoom of fewer tiles than
    wrk has threads is skipped. Zooms the layer does not serve (geotoolz answers 404) make every
    point of the sweep read the widened copy, so the whole curve is one layer's."""
    served = layer.zooms
    widen = any(z not in served for z in zooms)
    points, skipped = [], []
    for z in zooms:
        tiles = sample_tiles(tile_range(layer.bounds, z), per_point, seed + z, layer.keep)
        if len(tiles) < WRK_THREADS:
            skipped.append({"sweep": "zoom", "value": z, "label": f"z{z}",
                            "reason": f"{len(tiles)} tile(s) over the file, fewer than wrk's {WRK_THREADS} threads"})
            continue
        points.append(Point("zoom", z, f"z{z}", ZOOM_LAYER, tuple(tiles), FIXED_CONNECTIONS, str(z), widen))
    widen_to = (min(zooms.start, served.start), max(zooms.stop - 1, served.stop - 1)) if widen else None
    return Plan(points, skipped, widen_to)


def scale_points(layer: Footprint, zooms: tuple[int, ...], per_point: int, seed: int) -> list[Point]:
    """The same tiles of each zoom at @1x (256 px) and @2x (512 px)."""
    points = []
    for z in zooms:
        tiles = tuple(sample_tiles(tile_range(layer.bounds, z), per_point, seed + z, layer.keep))
        for scale, request in ((1, ZOOM_LAYER), (2, f"{ZOOM_LAYER}-2x")):
            points.append(Point("scale", scale, f"z{z} @{scale}x", request, tiles, FIXED_CONNECTIONS, str(z)))
    return points


def band_points(layer: Footprint, per_point: int, seed: int) -> list[Point]:
    """The same landsat-utm tiles read with 1, 3 and 7 bands (servers.band_sum_parameters)."""
    tiles, zooms = cold_tiles_from(layer.bounds, BANDS_FIRST_ZOOM, layer.zooms.stop - 1, per_point, seed, layer.keep)
    return [Point("bands", n, f"{n} band{'s' if n > 1 else ''}", f"{BANDS_LAYER}-bands{n}", tuple(tiles),
                  FIXED_CONNECTIONS, _zoom_text(zooms)) for n in BAND_COUNTS]


def connection_points(layer: Footprint, zooms: range, per_point: int, connections: tuple[int, ...],
                      seed: int) -> list[Point]:
    """The cold-projected request at each connection count over the start of one seeded list of
    the zooms: per_point tiles, or TILES_PER_CONNECTION per connection when that is more."""
    counts = {c: max(per_point, TILES_PER_CONNECTION * c) for c in connections}
    every = cold_tiles(layer.bounds, zooms, max(counts.values()), seed, layer.keep)
    return [Point("connections", c, f"{c} connections", ZOOM_LAYER, tuple(every[:counts[c]]), c, _zoom_text(zooms))
            for c in connections]


def plan(elevation: Footprint, landsat: Footprint, projected_zooms: range, per_point: int, quick: bool,
         seed: int) -> Plan:
    """Every sweep's points in order: zoom, scale, bands (landsat-utm), connections (over the
    cold-projected zooms)."""
    result = zoom_points(elevation, QUICK_ZOOMS if quick else ZOOMS, per_point, seed)
    result.points += scale_points(elevation, SCALE_ZOOMS, per_point, seed)
    result.points += band_points(landsat, per_point, seed)
    result.points += connection_points(elevation, projected_zooms, per_point, CONNECTIONS, seed)
    return result


def widened_layer(text: str, minzoom: int, maxzoom: int) -> str:
    """A layer file with its minzoom and maxzoom set (added when absent), the rest unchanged."""
    for key, value in (("minzoom", minzoom), ("maxzoom", maxzoom)):
        pattern = re.compile(rf"^{key}:.*$", re.MULTILINE)
        if pattern.search(text):
            text = pattern.sub(f"{key}: {value}", text, count=1)
        else:
            text = text.rstrip("\n") + f"\n{key}: {value}\n"
    return text


# Running ------------------------------------------------------------------------------------

# (start, point) -> {"server", "figures" (run_wrk's), "peak_rss_mb", "path"}: one list run on the
# fresh server start() gives.
Measure = Callable[[Callable, Point], dict]


def run(plan: Plan, starters: dict[str, Callable[[Point], Callable]], measure: Measure, log,
        description: dict) -> dict:
    """Each point on each server (starters: server name -> the start function for a point), in
    plan order; returns results["scaling"]."""
    measured = []
    for point in plan.points:
        servers = {}
        for name, starter_for in starters.items():
            figures = server_figures(measure(starter_for(point), point))
            servers[name] = figures
            refused = figures["non_200"] + figures["socket_errors"]
            log(f"  scaling {point.sweep} {point.label} {name}: {figures['requests']}/{figures['listed']} answered"
                f"{f' ({refused} not 200 or socket errors)' if refused else ''}, {figures['tiles_per_s']:.0f} tiles/s "
                f"answered 200, p99 {figures['p99_ms']:.1f} ms")
        measured.append(point_entry(point, servers))
    return summary(plan, measured, list(starters), description)


def server_figures(outcome: dict) -> dict:
    """One server's figures at one point, from run_wrk's. tiles/s counts the 200 answers only: a
    server that sheds load (geotoolz's 503 when its render queue is full) answers refusals fast,
    and a rate of all answers would rise as it refuses more; responses/s keeps that rate."""
    m = outcome["figures"]
    latency = m["latency_ms"]
    tiles = m["statuses"].get("200", 0)
    return {
        "tiles_per_s": tiles / m["active_s"] if m["active_s"] > 0 else 0.0,
        "responses_per_s": m["requests_per_s"], "p50_ms": latency["p50"], "p90_ms": latency["p90"],
        "p99_ms": latency["p99"], "max_ms": latency["max"], "requests": m["requests"], "listed": m["listed"],
        "complete": m["complete"], "socket_errors": m["socket_errors_total"], "non_200": m["non_200"],
        "statuses": m["statuses"], "bytes_per_request": m["bytes_per_request"],
        "peak_rss_mb": round(outcome["peak_rss_mb"], 1), "path": outcome["path"], "wrk_command": m["wrk_command"],
    }


def point_entry(point: Point, servers: dict) -> dict:
    return {"sweep": point.sweep, "value": point.value, "label": point.label, "request": point.request,
            "zooms": point.zooms, "tiles": len(point.tiles), "connections": point.connections,
            "widened": point.widened, "servers": servers}


def summary(plan: Plan, measured: list[dict], servers: list[str], description: dict) -> dict:
    """results["scaling"]: the points by sweep, in plan order, and what was left out."""
    sweeps = {sweep: [entry for entry in measured if entry["sweep"] == sweep] for sweep in SWEEPS}
    return {**description, "servers": servers, "widened_zooms": list(plan.widen_to) if plan.widen_to else None,
            "skipped": plan.skipped, "sweeps": {sweep: entries for sweep, entries in sweeps.items() if entries}}


def warnings(scaling: dict) -> list[str]:
    """Errors and non-200 answers of geotoolz, and lists a server did not finish within the bound."""
    found = []
    for sweep, entries in scaling["sweeps"].items():
        for entry in entries:
            for server, f in entry["servers"].items():
                where = f"{server} scaling {sweep} {entry['label']}"
                if server == "geotoolz" and (f["socket_errors"] or f["non_200"]):
                    found.append(f"{where}: {f['socket_errors']} socket errors, {f['non_200']} non-200 responses "
                                 f"{f['statuses']}")
                if not f["complete"]:
                    found.append(f"{where}: {f['requests']} of {f['listed']} tiles answered within the bound; "
                                 "figures cover those")
    return found


# Reading results["scaling"] -----------------------------------------------------------------


def table_rows(scaling: dict) -> list[dict]:
    """One row per point: its figures per server and geotoolz / each other server's tiles/s."""
    rows = []
    for sweep in SWEEPS:
        for entry in scaling["sweeps"].get(sweep, []):
            servers = entry["servers"]
            ours = servers.get("geotoolz")
            ratios = {name: (ours["tiles_per_s"] / f["tiles_per_s"] if ours and f["tiles_per_s"] else None)
                      for name, f in servers.items() if name != "geotoolz"}
            rows.append({"sweep": sweep, "label": entry["label"], "tiles": entry["tiles"],
                         "connections": entry["connections"], "zooms": entry["zooms"],
                         "servers": servers, "ratios": ratios})
    return rows


def plot_panels(scaling: dict) -> list[dict]:
    """What harness/plot_scaling.py draws, one panel per sweep in SWEEPS order: x values (numbers,
    or labels for the scale sweep, whose points are categories) and, per server, tiles/s and p99 in
    the same order (None where a server has no figure for a point), and the answers that were not
    200 (or socket errors) at each point."""
    panels = []
    for sweep in SWEEPS:
        entries = scaling["sweeps"].get(sweep, [])
        categorical = sweep == "scale"
        panel = {"sweep": sweep, "title": TITLES[sweep], "xlabel": X_LABELS[sweep], "categorical": categorical,
                 "x": [e["label"] if categorical else e["value"] for e in entries], "series": {}}
        for server in scaling["servers"]:
            figures = [e["servers"].get(server) for e in entries]
            panel["series"][server] = {
                "tiles_per_s": [f["tiles_per_s"] if f else None for f in figures],
                "p99_ms": [f["p99_ms"] if f else None for f in figures],
                # Points where some answers were not 200 (refusals, errors): the plot marks them.
                "non_200": [(f["non_200"] + f["socket_errors"]) if f else None for f in figures],
            }
        panels.append(panel)
    return panels
