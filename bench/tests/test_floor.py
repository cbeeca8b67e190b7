"""The read-floor step's parsing and summary (harness/floor.py) and its report lines."""

import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import floor, report  # noqa: E402
from harness.processes import HarnessError  # noqa: E402


def bench_render_output(layers):
    return json.dumps({"loadSeconds": 1.0, "layers": layers})


class FloorTests(unittest.TestCase):
    def test_layer_report_finds_the_layer_and_needs_its_tiles(self):
        entry = {"layer": floor.LAYER, "tileList": ["11/1/2"], "read": {"mean": 1.0, "median": 1.0}}
        self.assertEqual(floor.layer_report(bench_render_output([{"layer": "other"}, entry])), entry)
        with self.assertRaisesRegex(HarnessError, "tileList"):
            floor.layer_report(bench_render_output([{"layer": floor.LAYER}]))
        with self.assertRaisesRegex(HarnessError, "measured no"):
            floor.layer_report(bench_render_output([{"layer": "other", "tileList": []}]))
        with self.assertRaisesRegex(HarnessError, "no JSON"):
            floor.layer_report("error: no such layer")

    def test_the_ratio_is_the_median_of_the_passes_ratios(self):
        passes = [{"geotoolz_read_ms": 1.0, "floor_read_ms": 1.0}, {"geotoolz_read_ms": 3.0, "floor_read_ms": 1.0},
                  {"geotoolz_read_ms": 1.2, "floor_read_ms": 0.6}]
        result = floor.summary(passes)
        self.assertAlmostEqual(result["ratio"], 2.0)
        self.assertAlmostEqual(result["geotoolz_read_ms"], 1.2)
        self.assertAlmostEqual(result["floor_read_ms"], 1.0)
        self.assertFalse(result["within_limit"])
        self.assertTrue(floor.summary(passes[:1])["within_limit"])

    def test_the_check_passes_only_within_the_limit(self):
        def check(ratio):
            entry = {"ratio": ratio, "geotoolz_read_ms": ratio, "floor_read_ms": 1.0,
                     "within_limit": ratio <= floor.READ_LIMIT}
            return report._read_floor_check({"read_floor": entry})["status"]
        self.assertEqual(check(1.2), report.PASS)
        self.assertEqual(check(1.6), report.FAIL)
        self.assertEqual(report._read_floor_check({})["status"], report.NOT_RUN)

    def test_the_floor_reads_the_tiles_bench_render_listed(self):
        command = floor.floor_command(Path("/bin/floor"), Path("/d"), Path("/t/tiles.txt"), 5)
        self.assertEqual(command, ["/bin/floor", "/d/projected/srtm-utm11.tif", "/t/tiles.txt", "--resampling",
                                   "nearest", "--rounds", "5"])
        self.assertIn("--json", floor.bench_render_command(Path("/bin/geotoolz"), 5))


if __name__ == "__main__":
    unittest.main()
