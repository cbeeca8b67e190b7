#!/usr/bin/env python3
"""Draws the scaling step of a benchmark run from its results JSON into a PNG: tiles/s and p99
against zoom, @1x/@2x, bands read and connections, one line (or bar) per server.

    /usr/bin/python3 bench/harness/plot_scaling.py bench/results/<stamp>.json bench/results/<stamp>-scaling.png

Run with a python that has matplotlib (Debian's python3-matplotlib); bench/run.py runs it after
writing the JSON. What is drawn comes from harness/scaling.py plot_panels, which the tests read
without matplotlib.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.scaling import plot_panels  # noqa: E402

try:
    import matplotlib

    matplotlib.use("Agg")  # no display: only files are written
    import matplotlib.pyplot as plt
    from matplotlib import ticker
except ImportError:
    print(f"plot_scaling: matplotlib is not installed for {sys.executable} (Debian: python3-matplotlib)",
          file=sys.stderr)
    sys.exit(2)

METRICS = (("tiles_per_s", "tiles/s answered 200 (log)"), ("p99_ms", "p99 ms (log)"))
COLOURS = {"geotoolz": "tab:blue", "titiler": "tab:orange"}


def plain(value: float, _position) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def plain_minor(value: float, position) -> str:
    """Minor ticks labelled at 2 and 5 times a power of ten only, so labels do not overlap."""
    if value <= 0:
        return ""
    leading = round(value / 10 ** math.floor(math.log10(value)))
    return plain(value, position) if leading in (2, 5) else ""


def mark_refusals(axis, xs: list, series: dict, metric: str, marked: list[bool]) -> None:
    """A red cross on each point where some answers were not 200 or wrk saw socket errors: its
    tiles/s counts the 200s only, and its latencies include the refusals."""
    points = [(x, y) for x, y, bad in zip(xs, series[metric], series["non_200"]) if y is not None and bad]
    if points:
        axis.scatter(*zip(*points), marker="x", s=80, color="red", zorder=3,
                     label=None if marked[0] else "not 200 or socket errors")
        marked[0] = True


def draw_lines(axis, panel: dict, metric: str) -> None:
    """A sweep of numbers: a line per server, points without a figure left out."""
    marked = [False]
    for server, series in panel["series"].items():
        pairs = [(x, y) for x, y in zip(panel["x"], series[metric]) if y is not None]
        if pairs:
            axis.plot(*zip(*pairs), marker="o", label=server, color=COLOURS.get(server))
        mark_refusals(axis, panel["x"], series, metric, marked)
    if panel["sweep"] == "connections":
        axis.set_xscale("log", base=2)
    axis.set_xticks(panel["x"])
    axis.set_xticklabels([str(x) for x in panel["x"]])


def draw_bars(axis, panel: dict, metric: str) -> None:
    """A sweep of categories (@1x, @2x at each zoom): bars side by side, one per server."""
    servers = list(panel["series"])
    width = 0.8 / max(len(servers), 1)
    marked = [False]
    for i, server in enumerate(servers):
        series = panel["series"][server]
        xs = [j + (i - (len(servers) - 1) / 2) * width for j in range(len(panel["x"]))]
        present = [(x, v) for x, v in zip(xs, series[metric]) if v is not None]
        if present:
            axis.bar(*zip(*present), width, label=server, color=COLOURS.get(server))
        mark_refusals(axis, xs, series, metric, marked)
    axis.set_xticks(range(len(panel["x"])))
    axis.set_xticklabels(panel["x"])


def draw(results: dict, out: Path) -> None:
    scaling = results["scaling"]
    panels = plot_panels(scaling)
    figure, axes = plt.subplots(len(panels), len(METRICS), figsize=(12, 3.6 * len(panels)), squeeze=False)
    for row, panel in zip(axes, panels):
        for axis, (metric, label) in zip(row, METRICS):
            axis.set_title(f"{label.split(' (')[0]} vs {panel['title']}", fontsize=10)
            axis.set_xlabel(panel["xlabel"])
            axis.set_ylabel(label)
            if not panel["x"]:
                axis.text(0.5, 0.5, "not measured", ha="center", va="center", transform=axis.transAxes)
                continue
            (draw_bars if panel["categorical"] else draw_lines)(axis, panel, metric)
            axis.set_yscale("log")
            # Plain numbers: the figures span one or two decades, where 4x10^2 reads badly.
            axis.yaxis.set_major_formatter(ticker.FuncFormatter(plain))
            axis.yaxis.set_minor_formatter(ticker.FuncFormatter(plain_minor))
            axis.grid(True, which="both", alpha=0.3)
            axis.legend(fontsize=8)
    tiles = scaling.get("tiles_per_point")
    figure.suptitle(f"GeoToolz scaling, {results.get('date', '')}: cold list runs, fresh server per point"
                    + (f", up to {tiles} tiles per point" if tiles else ""), fontsize=11)
    figure.tight_layout(rect=(0, 0, 1, 0.98))
    figure.savefig(out, dpi=100)
    plt.close(figure)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="a bench/run.py results JSON holding a scaling step")
    parser.add_argument("out", type=Path, help="the PNG to write")
    args = parser.parse_args()
    results = json.loads(args.results.read_text())
    if not results.get("scaling"):
        print(f"plot_scaling: {args.results} holds no scaling step", file=sys.stderr)
        return 1
    draw(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
