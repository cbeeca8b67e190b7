"""cold-mosaic, mosaic-stages and mosaic-load in the report: the mosaic beside the single file
it was cut from, as ratios, and the 10,000-file load."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run  # noqa: E402
from harness import report  # noqa: E402


def stage(mean: float, p99: float | None = None) -> dict:
    return {"mean": mean, "median": mean * 0.9, "p99": p99 if p99 is not None else mean * 1.5}


def stage_report(layer: str, read: float, total: float, mosaic: dict | None = None) -> dict:
    entry = {"layer": layer, "zooms": [10, 11, 12, 13], "tiles": 64, "samples": 320, "read": stage(read),
             "operators": stage(0.2), "encode": stage(0.5), "total": stage(total), "medianBytes": 9000,
             "forms": {"palette-8bit": 320}}
    if mosaic:
        entry["mosaic"] = mosaic
    return entry


def list_run(layer: str, connections: int, rate: float, p50: float, p99: float) -> dict:
    return {"scenario": "cold-mosaic", "connections": connections, "server": "geotoolz", "mode": "list",
            "layer": layer, "peak_rss_mb": 80.0,
            "metrics": {"requests": 500, "listed": 500, "complete": True, "requests_per_s": rate,
                        "latency_ms": {"p50": p50, "p90": p99, "p99": p99, "max": p99},
                        "socket_errors_total": 0, "socket_errors": {}, "non_200": 0, "statuses": {"200": 500},
                        "bytes_per_request": 9000.0, "x_cache": {"miss": 500}}}


def results(**extra) -> dict:
    base = {
        "date": "2026-12-02 10:00:00 UTC", "warnings": [], "commands": ["geotoolz bench-render"],
        "machine": {"cpu": "cpu", "cores": 2, "memory_gib": 8, "kernel": "6.1", "os": "Debian 12"},
        "versions": {"geotoolz": "test"}, "options": {"peer": None, "summary": "test"},
        "runs": [list_run("elevation-mosaic", 32, 600.0, 40.0, 90.0), list_run("elevation", 32, 800.0, 30.0, 60.0)],
    }
    base.update(extra)
    base["mosaic_ratios"] = report.mosaic_ratios(base, "elevation-mosaic", "elevation")
    base["targets"] = report.target_checks(base, None)
    return base


class MosaicReportTests(unittest.TestCase):
    def setUp(self):
        self.layers = [
            stage_report("elevation-mosaic", read=3.0, total=4.0, mosaic={"files": 9, "fileReadsPerTile": 1.75}),
            stage_report("elevation", read=2.0, total=3.2),
        ]

    def test_stage_ratios_are_mosaic_over_single_file_means(self):
        ratios = report.stage_ratios(self.layers, "elevation-mosaic", "elevation")
        self.assertEqual(set(ratios), {"read", "operators", "encode", "total"})
        self.assertAlmostEqual(ratios["read"], 1.5)
        self.assertAlmostEqual(ratios["operators"], 1.0)
        self.assertAlmostEqual(ratios["total"], 1.25)
        self.assertEqual(report.stage_ratios(self.layers[1:], "elevation-mosaic", "elevation"), {})
        # bench-render printed no mean before: its median stands in.
        older = [{**entry, "total": {"median": entry["total"]["mean"], "p99": 9.0}} for entry in self.layers]
        self.assertAlmostEqual(report.stage_ratios(older, "elevation-mosaic", "elevation")["total"], 1.25)

    def test_cold_mosaic_pairs_the_layers_at_each_connection_count(self):
        rows = report.mosaic_ratios(results(), "elevation-mosaic", "elevation")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["connections"], 32)
        self.assertAlmostEqual(rows[0]["tiles_per_s_ratio"], 0.75)
        self.assertAlmostEqual(rows[0]["p50_ratio"], 40 / 30)
        self.assertAlmostEqual(rows[0]["p99_ratio"], 1.5)

    def test_the_cost_target_reads_bench_renders_total(self):
        def status(total: float) -> str:
            layers = [dict(self.layers[0], total=stage(total)), self.layers[1]]
            stages = {"layers": layers, "ratios": report.stage_ratios(layers, "elevation-mosaic", "elevation")}
            checks = report.target_checks(results(mosaic_stages=stages), None)
            return next(c["status"] for c in checks if c["target"].startswith("mosaic tile"))

        self.assertEqual(status(4.8), report.PASS)
        self.assertEqual(status(4.9), report.FAIL)
        checks = report.target_checks(results(), None)
        self.assertEqual(next(c["status"] for c in checks if c["target"].startswith("mosaic tile")), report.NOT_RUN)

    def test_the_markdown_names_each_layer_and_shows_every_ratio(self):
        stages = {"layers": self.layers, "ratios": report.stage_ratios(self.layers, "elevation-mosaic", "elevation")}
        load = {"files": 10000, "file_pixels": "16x16", "written_s": 1.2, "zoom": 13, "renders": 3,
                "loads": [{"load_s": 3.21, "process_wall_s": 3.6, "file_reads_per_tile": 30.0,
                           "render_median_ms": 4.5, "tiles": 1}]}
        text = report.markdown(results(mosaic_stages=stages, mosaic_load=load))
        self.assertIn("| cold-mosaic: elevation-mosaic | 32 |", text)
        self.assertIn("| cold-mosaic: elevation | 32 |", text)
        self.assertIn("| 32 | 0.75 | 1.33 | 1.50 |", text)
        self.assertIn("| elevation-mosaic | 64 | 320 | 3.00 / 2.70 / 4.50 |", text)
        self.assertIn("1.75 of 9", text)
        self.assertIn("| mosaic / single (means) |  |  | 1.50 | 1.00 | 1.00 | 1.25 |  |", text)
        self.assertIn("## Loading a mosaic of 10,000 files", text)
        self.assertIn("| 1 | 3.21 | 3.60 | 30.0 | 4.50 |", text)

    def test_pairs_are_summed_by_zoom_and_over_all(self):
        samples = [{"z": 12, "elevation-mosaic": 6.0, "elevation": 4.0}, {"z": 13, "elevation-mosaic": 3.0,
                    "elevation": 3.0}, {"z": 13, "elevation-mosaic": 5.0, "elevation": 3.0}]
        pairs = report.paired_summary(samples, "elevation-mosaic", "elevation")
        self.assertEqual(list(pairs["by_zoom"]), ["12", "13"])
        self.assertAlmostEqual(pairs["by_zoom"]["12"]["ratio"], 1.5)
        self.assertEqual(pairs["by_zoom"]["13"]["tiles"], 2)
        self.assertAlmostEqual(pairs["by_zoom"]["13"]["ratio"], 4 / 3)
        self.assertAlmostEqual(pairs["all"]["ratio"], 14 / 10)
        text = report.markdown(results(cold_mosaic_pairs=pairs))
        self.assertIn("| z12 | 1 | 6.00 | 4.00 | 1.50 |", text)
        self.assertIn("| all | 3 | 4.67 | 3.33 | 1.40 |", text)
        self.assertIsNone(report.paired_summary([], "elevation-mosaic", "elevation")["all"])

    def test_a_scenario_of_one_layer_keeps_its_plain_name(self):
        single = results(runs=[dict(list_run("elevation", 32, 800.0, 30.0, 60.0), scenario="cold")])
        self.assertIn("| cold | 32 |", report.markdown(single))


class ArgumentTests(unittest.TestCase):
    def test_the_mosaic_steps_can_be_chosen_alone(self):
        args = run.parse_args(["--scenarios", "cold-mosaic,mosaic-stages,mosaic-load", "--connections", "32"])
        self.assertEqual(args.selected, {"cold-mosaic", "mosaic-stages", "mosaic-load"})
        self.assertEqual((args.mosaic_loads, args.paired_tiles), (3, 400))
        self.assertEqual(run.parse_args(["--quick"]).paired_tiles, 100)

    def test_paths_given_relative_are_made_absolute(self):
        # The peer starts from a scratch working directory: a relative --venv would not be found there.
        args = run.parse_args(["--venv", ".bench-venv", "--binary", "geotoolz", "--floor", "warp_floor"])
        for path in (args.venv, args.binary, args.floor, args.results_dir):
            self.assertTrue(path.is_absolute(), path)
        self.assertEqual(args.venv, Path.cwd() / ".bench-venv")

    def test_bench_render_output_before_and_with_the_load_time(self):
        layers = [stage_report("elevation", read=2.0, total=3.2)]
        self.assertEqual(report.stage_reports(layers), layers)
        self.assertEqual(report.stage_reports({"loadSeconds": 0.4, "loadedLayers": 1, "layers": layers}), layers)


if __name__ == "__main__":
    unittest.main()
