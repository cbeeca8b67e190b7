#!/usr/bin/env python3
"""make soak: `geotoolz serve` at its default settings under a long bounded load of distinct tiles.

wrk cycles over far more distinct tiles (several layers, zooms 10-15) than the default tile cache
holds, so every cache level fills and keeps evicting while GDAL keeps reading new blocks. The
server's resident memory (VmRSS) is sampled every --interval seconds; the run fails when it
reaches --limit-mb. Results go to bench/results/soak-<time>.md and .json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.loadgen import run_wrk  # noqa: E402
from harness.processes import HarnessError, install_cleanup, stop_all  # noqa: E402
from harness.servers import GeoToolz  # noqa: E402
from harness.tilemath import Bounds, cold_tiles  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
LAYERS = ["elevation", "hillshade", "landsat-ndvi", "landsat-truecolor"]
SEED = 20261202


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=REPO / ".build/release/geotoolz")
    parser.add_argument("--duration", type=int, default=600, help="seconds of load (default 600)")
    parser.add_argument("--interval", type=int, default=10, help="seconds between RSS samples (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tiles", type=int, default=6000, help="distinct tiles per layer at most")
    parser.add_argument("--limit-mb", type=float, default=300.0, help="fail when RSS reaches this")
    parser.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results")
    return parser.parse_args(argv)


def resident_mb(pid: int) -> float:
    """VmRSS of the process now, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise HarnessError(f"no VmRSS for process {pid}")


def tile_paths(server, geotoolz: GeoToolz, count: int) -> list[list[str]]:
    """One group per layer: its distinct tiles over zooms 10-15, in a seeded order."""
    groups = []
    for layer in LAYERS:
        tilejson = geotoolz.tilejson(server.base_url, layer)
        bounds = Bounds.from_tilejson(tilejson["bounds"])
        zooms = range(max(10, int(tilejson["minzoom"])), min(15, int(tilejson["maxzoom"])) + 1)
        groups.append([geotoolz.tile_path(layer, tile) for tile in cold_tiles(bounds, zooms, count, SEED)])
    # wrk's threads each take whole groups: interleave layers so both threads see every layer.
    mixed = [path for row in zip(*groups) for path in row]
    return [mixed[0::2], mixed[1::2]]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    install_cleanup()
    workdir = Path(tempfile.mkdtemp(prefix="geotoolz-soak-"))
    try:
        geotoolz = GeoToolz(args.binary, REPO, workdir)
        server = geotoolz.start()
        pid = server.process.pid
        groups = tile_paths(server, geotoolz, args.tiles)
        distinct = sum(len(group) for group in groups)
        print(f"soak: {distinct} distinct tiles, {args.connections} connections, {args.duration} s", flush=True)

        outcome: dict = {}

        def load() -> None:
            try:
                outcome["wrk"] = run_wrk(
                    server.base_url, groups, "cycle", args.connections, args.duration, workdir, "soak")
            except HarnessError as error:
                outcome["error"] = error

        worker = threading.Thread(target=load, daemon=True)
        started = time.monotonic()
        worker.start()
        samples = [{"seconds": 0, "rss_mb": round(resident_mb(pid), 1)}]
        while worker.is_alive():
            worker.join(timeout=max(0.0, started + len(samples) * args.interval - time.monotonic()))
            if not server.process.alive():
                raise HarnessError(f"the server exited during the soak:\n{server.process.log_tail()}")
            samples.append({"seconds": round(time.monotonic() - started), "rss_mb": round(resident_mb(pid), 1)})
            print(f"soak: {samples[-1]['seconds']:4d} s  RSS {samples[-1]['rss_mb']:7.1f} MB", flush=True)
        if "error" in outcome:
            raise outcome["error"]
        figures = outcome["wrk"]
        peak = max(sample["rss_mb"] for sample in samples)
        passed = peak < args.limit_mb
        results = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": server.command,
            "wrk_command": figures["wrk_command"],
            "distinct_tiles": distinct,
            "duration_s": args.duration,
            "requests_per_s": figures.get("requests_per_s"),
            "non_200": figures.get("non_200"),
            "socket_errors": figures.get("socket_errors_total"),
            "peak_rss_mb": peak,
            "vm_hwm_mb": server.peak_rss_mb(),
            "limit_mb": args.limit_mb,
            "passed": passed,
            "samples": samples,
        }
        server.stop()
        args.results_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        (args.results_dir / f"soak-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
        lines = [
            f"# Soak {results['date']}", "",
            f"- server: `{results['command']}`", f"- load: `{results['wrk_command']}`",
            f"- {distinct} distinct tiles, {args.duration} s, {round(results['requests_per_s'] or 0)} requests/s, "
            f"non-200 {results['non_200']}, socket errors {results['socket_errors']}",
            f"- peak RSS {peak:.1f} MB (VmHWM {results['vm_hwm_mb']:.1f} MB), limit {args.limit_mb:.0f} MB: "
            f"{'pass' if passed else 'FAIL'}", "", "| seconds | RSS MB |", "|---:|---:|",
        ] + [f"| {sample['seconds']} | {sample['rss_mb']} |" for sample in samples]
        (args.results_dir / f"soak-{stamp}.md").write_text("\n".join(lines) + "\n")
        print("\n".join(lines[:6]))
        return 0 if passed else 1
    except HarnessError as error:
        print(f"soak: failed: {error}", file=sys.stderr)
        return 1
    finally:
        stop_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
