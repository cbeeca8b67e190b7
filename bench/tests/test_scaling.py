"""The scaling step: its plan, the widened layer, the figures it keeps, the report's table, what the
plot draws, and the plot script writing a PNG from a results JSON."""

import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

from harness import report, scaling  # noqa: E402
from harness.servers import REQUESTS, png_size  # noqa: E402
from harness.tilemath import Bounds  # noqa: E402

ELEVATION_UTM = Bounds.from_tilejson([-120.85756516956725, 36.5757702814966, -117.29666962662544, 38.68686696739348])
LANDSAT_UTM = Bounds.from_tilejson([-112.92053155043934, 40.60013192146387, -112.49880125037588, 41.01142732506634])
PLOT_PYTHON = Path("/usr/bin/python3")


def a_plan(per_point: int = 30, quick: bool = False) -> scaling.Plan:
    return scaling.plan(scaling.Footprint(ELEVATION_UTM, range(6, 17)), scaling.Footprint(LANDSAT_UTM, range(8, 17)),
                        range(11, 16), per_point, quick, seed=1)


def wrk_figures(listed: int, ok: int, refused: int = 0, active_s: float = 0.5, p99: float = 40.0) -> dict:
    """run_wrk's figures for a list run of listed tiles, ok of them 200 and refused 503."""
    statuses = {"200": ok, **({"503": refused} if refused else {})}
    requests = ok + refused
    return {"requests": requests, "listed": listed, "complete": requests == listed, "active_s": active_s,
            "requests_per_s": requests / active_s, "latency_ms": {"p50": p99 / 2, "p90": p99, "p99": p99, "max": p99},
            "socket_errors_total": 0, "non_200": refused, "statuses": statuses, "bytes_per_request": 2000.0,
            "wrk_command": "wrk ..."}


class PlanTests(unittest.TestCase):
    def test_the_zoom_sweep_widens_the_layer_and_skips_a_zoom_wrk_cannot_split(self):
        plan = a_plan()
        zooms = [p for p in plan.points if p.sweep == "zoom"]
        self.assertEqual([p.value for p in zooms], list(range(6, 19)))
        self.assertEqual([s["value"] for s in plan.skipped], [5], "z5 holds one tile within the bounds")
        self.assertEqual(plan.widen_to, (5, 18))
        self.assertTrue(all(p.widened for p in zooms), "the whole curve is drawn by one layer")
        self.assertEqual({p.request for p in zooms}, {"elevation-utm"})
        self.assertEqual([len(p.tiles) for p in zooms[:5]], [4, 4, 9, 30, 30])
        for point in zooms:
            self.assertEqual(point.connections, 32)
            self.assertEqual({t.z for t in point.tiles}, {point.value})
            self.assertEqual(len(set(point.tiles)), len(point.tiles))

    def test_zooms_the_layer_serves_need_no_widening(self):
        plan = scaling.zoom_points(scaling.Footprint(ELEVATION_UTM, range(6, 17)), range(8, 13), 30, seed=1)
        self.assertIsNone(plan.widen_to)
        self.assertFalse(any(p.widened for p in plan.points))
        self.assertFalse(any(p.widened for p in a_plan().points if p.sweep != "zoom"))

    def test_quick_takes_every_other_zoom(self):
        zooms = [p.value for p in a_plan(quick=True).points if p.sweep == "zoom"]
        self.assertEqual(zooms, [6, 8, 10, 12, 14, 16, 18])

    def test_the_scale_sweep_asks_the_same_tiles_at_1x_and_2x(self):
        points = [p for p in a_plan().points if p.sweep == "scale"]
        self.assertEqual([(p.label, p.request) for p in points],
                         [("z12 @1x", "elevation-utm"), ("z12 @2x", "elevation-utm-2x"),
                          ("z14 @1x", "elevation-utm"), ("z14 @2x", "elevation-utm-2x")])
        self.assertEqual(points[0].tiles, points[1].tiles)
        self.assertEqual(points[2].tiles, points[3].tiles)
        self.assertEqual(REQUESTS["elevation-utm-2x"].scale, 2)

    def test_the_band_sweep_reads_1_3_and_7_bands_of_the_same_tiles(self):
        points = [p for p in a_plan().points if p.sweep == "bands"]
        self.assertEqual([(p.value, p.request) for p in points],
                         [(1, "landsat-utm-bands1"), (3, "landsat-utm-bands3"), (7, "landsat-utm-bands7")])
        self.assertEqual(len({p.tiles for p in points}), 1)
        self.assertEqual(len(points[0].tiles), 30)
        self.assertEqual(points[0].zooms, "10-12")
        for point in points:
            self.assertIn(point.request, REQUESTS)

    def test_the_connection_sweep_gives_each_connection_two_tiles_from_one_list(self):
        points = [p for p in a_plan().points if p.sweep == "connections"]
        self.assertEqual([(p.connections, len(p.tiles)) for p in points], [(8, 30), (32, 64), (128, 256), (512, 1024)])
        self.assertEqual(points[1].tiles, points[3].tiles[:64], "each list starts the longest")
        self.assertEqual({t.z for t in points[3].tiles} <= set(range(11, 16)), True)
        self.assertEqual([len(p.tiles) for p in scaling.connection_points(scaling.Footprint(ELEVATION_UTM, range(6, 17)),
                                                                           range(11, 16), 300, (8, 512), 1)], [300, 1024])

    def test_every_point_has_a_distinct_file_safe_key(self):
        keys = [p.key for p in a_plan().points]
        self.assertEqual(len(keys), len(set(keys)))
        for key in keys:
            self.assertRegex(key, r"^scaling-[a-z]+-[A-Za-z0-9-]+$")

    def test_the_widened_layer_sets_only_the_zoom_range(self):
        text = (BENCH.parent / "layers/elevation-utm.yaml").read_text()
        widened = scaling.widened_layer(text, 5, 18)
        self.assertIn("\nminzoom: 5\n", widened)
        self.assertIn("\nmaxzoom: 18\n", widened)
        changed = [(a, b) for a, b in zip(text.splitlines(), widened.splitlines()) if a != b]
        self.assertEqual([b for _, b in changed], ["minzoom: 5", "maxzoom: 18"])
        self.assertEqual(scaling.widened_layer("name: x\nsource: a.tif\n", 2, 20),
                         "name: x\nsource: a.tif\nminzoom: 2\nmaxzoom: 20\n")


class RunTests(unittest.TestCase):
    """run() with a fake measure: every point on every server, through the starter for the point."""

    def setUp(self):
        self.plan = scaling.Plan(
            [p for p in a_plan().points if p.label in {"z6", "z12", "z12 @2x", "512 connections"}],
            [{"sweep": "zoom", "value": 5, "label": "z5", "reason": "1 tile(s)"}], (5, 18))
        self.calls = []

        def measure(start, point):
            self.calls.append((start, point.key))
            refused = 10 if point.sweep == "connections" and start == "start-geotoolz" else 0
            return {"server": start, "peak_rss_mb": 120.04, "path": f"/{point.request}",
                    "figures": wrk_figures(len(point.tiles), len(point.tiles) - refused, refused)}

        starters = {"geotoolz": lambda point: "start-widened" if point.widened else "start-geotoolz",
                    "titiler": lambda point: "start-titiler"}
        description = {"tiles_per_point": 30, "tiles_per_connection": 2, "connections": 32, "list_bound_s": 60}
        self.result = scaling.run(self.plan, starters, measure, lambda message: None, description)

    def test_each_point_runs_on_each_server_in_plan_order(self):
        self.assertEqual(len(self.calls), 8)
        self.assertEqual(self.calls[0], ("start-widened", "scaling-zoom-z6"))
        self.assertEqual(self.calls[1], ("start-titiler", "scaling-zoom-z6"))
        self.assertEqual(self.calls[4][0], "start-geotoolz", "a point of another sweep reads the layer itself")
        self.assertEqual(list(self.result["sweeps"]), ["zoom", "scale", "connections"])
        self.assertEqual(self.result["widened_zooms"], [5, 18])
        self.assertEqual(self.result["servers"], ["geotoolz", "titiler"])
        self.assertEqual(self.result["skipped"][0]["value"], 5)
        json.dumps(self.result)  # what goes into the results JSON

    def test_tiles_per_second_counts_the_200_answers_only(self):
        point = self.result["sweeps"]["connections"][0]
        ours, theirs = point["servers"]["geotoolz"], point["servers"]["titiler"]
        self.assertEqual(point["tiles"], 1024)
        self.assertAlmostEqual(ours["tiles_per_s"], 1014 / 0.5)
        self.assertAlmostEqual(ours["responses_per_s"], 1024 / 0.5)
        self.assertAlmostEqual(theirs["tiles_per_s"], 1024 / 0.5)
        self.assertEqual(ours["peak_rss_mb"], 120.0)

    def test_geotoolz_refusals_and_unfinished_lists_are_warned(self):
        warnings = scaling.warnings(self.result)
        self.assertEqual(len(warnings), 1)
        self.assertIn("geotoolz scaling connections 512 connections", warnings[0])
        self.assertIn("'503': 10", warnings[0])
        self.result["sweeps"]["zoom"][0]["servers"]["titiler"].update(complete=False, requests=2)
        self.assertIn("titiler scaling zoom z6: 2 of 4 tiles answered within the bound; figures cover those",
                      scaling.warnings(self.result))

    def test_the_table_has_a_row_per_point_with_the_ratio(self):
        rows = scaling.table_rows(self.result)
        self.assertEqual([r["label"] for r in rows], ["z6", "z12", "z12 @2x", "512 connections"])
        self.assertAlmostEqual(rows[0]["ratios"]["titiler"], 1.0)
        self.assertAlmostEqual(rows[3]["ratios"]["titiler"], 1014 / 1024)
        results = {"scaling": {**self.result, "plot": "x-scaling.png", "zoom_note": "widened copy"}}
        text = "\n".join(report._scaling_section(results))
        self.assertIn("| sweep | point | zooms | tiles | conns | geotoolz tiles/s | geotoolz p50 / p99 ms | geotoolz not 200 / "
                      "socket errors | titiler tiles/s | titiler p50 / p99 ms | titiler not 200 / socket errors | "
                      "geotoolz / titiler tiles/s |", text)
        self.assertIn("| zoom | z6 | 6 | 4 | 32 | 8 | 20.0 / 40.0 | 0 | 8 | 20.0 / 40.0 | 0 | 1.0 |", text)
        self.assertIn("| connections | 512 connections | 11-15 | 1024 | 512 | 2,028 | 20.0 / 40.0 | 503: 10 | 2,048 |", text)
        self.assertIn("- widened copy", text)
        self.assertIn("- z5 skipped: 1 tile(s).", text)
        self.assertIn("`x-scaling.png`", text)
        self.assertEqual(report._scaling_section({}), [])

    def test_the_plot_draws_every_sweep_for_every_server(self):
        panels = scaling.plot_panels(self.result)
        self.assertEqual([p["sweep"] for p in panels], list(scaling.SWEEPS))
        zoom, scale, bands, connections = panels
        self.assertEqual(zoom["x"], [6, 12])
        self.assertFalse(zoom["categorical"])
        self.assertTrue(scale["categorical"])
        self.assertEqual(scale["x"], ["z12 @2x"])
        self.assertEqual(bands["x"], [])
        self.assertEqual(connections["series"]["geotoolz"]["non_200"], [10])
        self.assertEqual(connections["series"]["titiler"]["non_200"], [0])
        self.assertAlmostEqual(connections["series"]["geotoolz"]["tiles_per_s"][0], 2028.0)
        del self.result["sweeps"]["zoom"][1]["servers"]["titiler"]
        self.assertEqual(scaling.plot_panels(self.result)[0]["series"]["titiler"]["p99_ms"], [40.0, None])


def synthetic_results() -> dict:
    """A results JSON with every sweep, both servers, one refused point, one server missing a point."""
    def point(sweep, value, label, ours, theirs, non_200=0):
        servers = {"geotoolz": {"tiles_per_s": ours, "p99_ms": 1000.0 / ours, "non_200": non_200, "socket_errors": 0}}
        if theirs:
            servers["titiler"] = {"tiles_per_s": theirs, "p99_ms": 1000.0 / theirs, "non_200": 0, "socket_errors": 0}
        return {"sweep": sweep, "value": value, "label": label, "servers": servers}

    sweeps = {
        "zoom": [point("zoom", z, f"z{z}", 400.0 + z, 30.0 + z) for z in (6, 10, 14, 18)],
        "scale": [point("scale", 1, "z12 @1x", 420.0, 35.0), point("scale", 2, "z12 @2x", 200.0, None)],
        "bands": [point("bands", n, f"{n} bands", 130.0 / n, 20.0 / n) for n in (1, 3, 7)],
        "connections": [point("connections", c, f"{c} connections", 300.0 + c, 40.0, 700 if c == 512 else 0)
                        for c in (8, 32, 128, 512)],
    }
    return {"date": "2026-12-02 10:00:00 UTC",
            "scaling": {"servers": ["geotoolz", "titiler"], "tiles_per_point": 30, "sweeps": sweeps}}


@unittest.skipUnless(PLOT_PYTHON.exists(), f"{PLOT_PYTHON} is missing")
class PlotScriptTests(unittest.TestCase):
    """harness/plot_scaling.py run as run.py runs it (Debian's python3 with python3-matplotlib)."""

    def setUp(self):
        has = subprocess.run([str(PLOT_PYTHON), "-c", "import matplotlib"], capture_output=True)
        if has.returncode != 0:
            self.skipTest(f"{PLOT_PYTHON} has no matplotlib (Debian: python3-matplotlib)")
        self.folder = Path(tempfile.mkdtemp(prefix="plot-scaling-test-"))

    def tearDown(self):
        for path in self.folder.iterdir():
            path.unlink()
        self.folder.rmdir()

    def plot(self, results: dict) -> subprocess.CompletedProcess:
        source = self.folder / "results.json"
        source.write_text(json.dumps(results))
        command = [str(PLOT_PYTHON), str(BENCH / "harness/plot_scaling.py"), str(source), str(self.folder / "out.png")]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def test_a_png_is_written_from_a_small_results_json(self):
        result = self.plot(synthetic_results())
        self.assertEqual(result.returncode, 0, result.stderr)
        body = (self.folder / "out.png").read_bytes()
        self.assertEqual(body[:8], b"\x89PNG\r\n\x1a\n")
        width, height = png_size(body)
        self.assertEqual((width, height), (1200, 1440), "4 sweeps by 2 metrics at 100 dpi")

    def test_a_results_json_without_the_step_is_refused(self):
        result = self.plot({"date": "x", "runs": []})
        self.assertEqual(result.returncode, 1)
        self.assertIn("holds no scaling step", result.stderr)
        self.assertFalse((self.folder / "out.png").exists())


if __name__ == "__main__":
    unittest.main()
