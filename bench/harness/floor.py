"""The read floor: `bench/floor/warp_floor` (plain C against the same GDAL) beside the read stage
of `geotoolz bench-render`, over the same tiles of the same file, on the same machine."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from . import report
from .processes import HarnessError, run_bounded

# elevation-utm: the SRTM in UTM 11N with a nodata collar (scripts/build-projected.sh), read
# with nearest resampling; the file its layer reads, relative to the data directory.
LAYER = "elevation-utm"
SOURCE = "projected/srtm-utm11.tif"
ZOOMS = "11-15"
# Issue 17: a projected nodata tile's in-process read within this many times the C floor's.
READ_LIMIT = 1.5


def bench_render_command(binary: Path, rounds: int) -> list[str]:
    return [str(binary), "bench-render", "--layers", "layers", "--data", "data", "--layer", LAYER,
            "--zooms", ZOOMS, "--rounds", str(rounds), "--json"]


def floor_command(floor: Path, data: Path, tiles_file: Path, rounds: int) -> list[str]:
    return [str(floor), str(data / SOURCE), str(tiles_file), "--resampling", "nearest", "--rounds", str(rounds)]


def layer_report(output: str) -> dict:
    """The layer's entry of `bench-render --json`."""
    try:
        parsed = json.loads(output)
    except json.JSONDecodeError:
        raise HarnessError(f"bench-render printed no JSON: {output[-300:]!r}") from None
    for entry in report.stage_reports(parsed):
        if entry["layer"] == LAYER:
            if "tileList" not in entry:
                raise HarnessError("this geotoolz's bench-render --json lists no tiles (tileList)")
            return entry
    raise HarnessError(f"bench-render measured no {LAYER}")


def summary(pairs: list[dict]) -> dict:
    """Median over the passes of each program's mean read per tile, and the median of the passes'
    ratios: the two runs of a pass follow each other, so load from elsewhere falls on both."""
    ours = statistics.median(p["geotoolz_read_ms"] for p in pairs)
    floor = statistics.median(p["floor_read_ms"] for p in pairs)
    ratios = [p["geotoolz_read_ms"] / p["floor_read_ms"] for p in pairs if p["floor_read_ms"]]
    ratio = statistics.median(ratios) if ratios else None
    return {"geotoolz_read_ms": ours, "floor_read_ms": floor, "ratio": ratio,
            "within_limit": ratio is not None and ratio <= READ_LIMIT, "limit": READ_LIMIT}


def measure(binary: Path, floor: Path, repo: Path, workdir: Path, passes: int, rounds: int, note_command) -> dict:
    """`passes` times in turn: bench-render, then the floor over the tiles bench-render listed; one
    thread each, so load from elsewhere falls on both alike."""
    if not floor.is_file():
        raise HarnessError(f"{floor} missing (make bench builds it from bench/floor/warp_floor.c)")
    tiles_file = workdir / "floor-tiles.txt"
    pairs = []
    for index in range(passes):
        command = bench_render_command(binary, rounds)
        result = run_bounded(command, 600, "geotoolz bench-render (read floor)", cwd=repo)
        entry = layer_report(result.stdout)
        tiles_file.write_text("\n".join(entry["tileList"]) + "\n")
        c_command = floor_command(floor, repo / "data", tiles_file, rounds)
        c_result = run_bounded(c_command, 600, "warp_floor")
        if c_result.returncode != 0:
            raise HarnessError(f"warp_floor exited {c_result.returncode}: {c_result.stderr[-500:]}")
        c_output = json.loads(c_result.stdout)
        if index == 0:
            note_command(" ".join(command))
            note_command(" ".join(c_command[:2]) + " <bench-render's tileList> " + " ".join(c_command[3:]))
        pairs.append({"geotoolz_read_ms": entry["read"]["mean"], "geotoolz_read_median_ms": entry["read"]["median"],
                      "floor_read_ms": c_output["read_ms"]["mean"], "floor_read_median_ms": c_output["read_ms"]["median"],
                      "tiles": entry["tiles"], "gdal": c_output["gdal"]})
    return {"layer": LAYER, "source": SOURCE, "zooms": ZOOMS, "resampling": "nearest", "rounds": rounds,
            "passes": pairs, **summary(pairs)}
