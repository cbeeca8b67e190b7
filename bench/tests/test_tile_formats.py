"""tile-formats in the report: each format's bytes and encode time over PNG's, the check that
the lossy formats are smaller on the RGB Landsat layers, and the independent decode of the tiles."""

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from harness import report  # noqa: E402


def row(layer: str, fmt: str, total_bytes: int, encode_mean: float, dropped: int | None = None) -> dict:
    entry = {"layer": layer, "format": fmt, "zooms": [12, 13, 14], "tiles": 48, "samples": 240,
             "read": {"median": 1.0, "p99": 2.0, "mean": 1.1}, "operators": {"median": 0.5, "p99": 1.0, "mean": 0.6},
             "encode": {"median": encode_mean * 0.9, "p99": encode_mean * 2, "mean": encode_mean},
             "total": {"median": 3.0, "p99": 5.0, "mean": 3.2}, "medianBytes": total_bytes // 48,
             "totalBytes": total_bytes, "forms": {fmt: 240}}
    if dropped:
        entry["droppedTiles"] = dropped
    return entry


def results(rows: list[dict], decode: dict | None = None) -> dict:
    base = {
        "date": "2026-12-02 10:00:00 UTC", "warnings": [], "commands": ["geotoolz bench-render --format all"],
        "machine": {"cpu": "cpu", "cores": 2, "memory_gib": 8, "kernel": "6.1", "os": "Debian 12"},
        "versions": {"geotoolz": "test"}, "options": {"peer": None, "summary": "test"}, "runs": [],
        "tile_formats": {"zooms": "12-14", "tiles_per_zoom": 16, "rgb_layers": run.RGB_LAYERS, "rows": rows,
                         "skipped": [{"layer": "elevation-dem", "format": "jpg", "reason": "serves png, webp only"}],
                         "decode": decode},
    }
    base["targets"] = report.target_checks(base, None)
    return base


def format_check(checks: list[dict]) -> dict:
    return next(c for c in checks if c["target"].startswith("WebP and JPEG"))


class TileFormatReportTests(unittest.TestCase):
    def setUp(self):
        self.layers = [
            row("landsat-truecolor", "png", 4_800_000, 2.0), row("landsat-truecolor", "webp", 1_200_000, 3.0),
            row("landsat-truecolor", "jpg", 960_000, 0.5),
            row("landsat-falsecolor", "png", 4_000_000, 2.0), row("landsat-falsecolor", "webp", 1_000_000, 3.0),
            row("landsat-falsecolor", "jpg", 2_000_000, 0.5),
            row("landsat-ndvi", "png", 400_000, 1.0), row("landsat-ndvi", "webp", 300_000, 1.5),
            row("landsat-ndvi", "jpg", 500_000, 0.5),
        ]

    def test_each_format_is_compared_with_the_pngs_of_its_layer(self):
        rows = report.format_rows(self.layers)
        by_key = {(r["layer"], r["format"]): r for r in rows}
        self.assertAlmostEqual(by_key["landsat-truecolor", "png"]["bytes_vs_png"], 1.0)
        self.assertAlmostEqual(by_key["landsat-truecolor", "jpg"]["bytes_vs_png"], 0.2)
        self.assertAlmostEqual(by_key["landsat-falsecolor", "webp"]["bytes_vs_png"], 0.25)
        self.assertAlmostEqual(by_key["landsat-truecolor", "webp"]["encode_vs_png"], 1.5)
        self.assertIsNone(report.format_rows([self.layers[1]])[0]["bytes_vs_png"])

    def test_the_check_needs_both_lossy_formats_smaller_on_every_rgb_layer(self):
        self.assertEqual(format_check(results(report.format_rows(self.layers))["targets"])["status"], report.PASS)
        larger = [dict(r, totalBytes=4_100_000) if (r["layer"], r["format"]) == ("landsat-falsecolor", "jpg") else r
                  for r in self.layers]
        check = format_check(results(report.format_rows(larger))["targets"])
        self.assertEqual(check["status"], report.FAIL)
        self.assertIn("landsat-falsecolor jpg 1.02x", check["value"])
        # A colormapped layer's JPEG being larger is no failure: the check reads the RGB layers.
        self.assertNotIn("landsat-ndvi", check["value"])
        missing = [r for r in self.layers if r["format"] != "webp"]
        self.assertEqual(format_check(results(report.format_rows(missing))["targets"])["status"], report.FAIL)
        untried = dict(results([]), tile_formats=None)
        self.assertEqual(format_check(report.target_checks(untried, None))["status"], report.NOT_RUN)

    def test_the_markdown_shows_every_row_what_was_left_out_and_the_decode(self):
        layers = [dict(r, droppedTiles=3) if r["layer"] == "landsat-ndvi" else r for r in self.layers]
        decode = {"decoder": "Pillow 9.4.0", "expected_size": "256x256", "layers": {
            "landsat-truecolor": {"tiles": 48, "size_mismatches": 0, "formats": {
                "png": {"tiles": 48, "decoded": 48, "all_expected_size": True},
                "jpg": {"tiles": 48, "decoded": 48, "all_expected_size": True, "mean_abs_diff_vs_png": 1.234}}}}}
        text = report.markdown(results(report.format_rows(layers), decode))
        self.assertIn("## Tile formats", text)
        self.assertIn("| landsat-truecolor | jpg | 48 | 0.450 / 1.000 / 0.500 | 0.25 | 20,000 | 960,000 | 0.200 |",
                      text)
        self.assertIn("landsat-ndvi: 3 tiles left out in every format", text)
        self.assertIn("elevation-dem: jpg skipped (serves png, webp only).", text)
        self.assertIn("Independent decode (Pillow 9.4.0): every tile decoded at 256x256", text)
        self.assertIn("landsat-truecolor jpg 48/48 (mean |RGB - PNG| 1.23)", text)
        bad = json.loads(json.dumps(decode))
        bad["layers"]["landsat-truecolor"]["formats"]["jpg"]["decoded"] = 47
        self.assertIn("**some tiles did not decode", report.markdown(results(report.format_rows(layers), bad)))
        skipped = report.markdown(results(report.format_rows(layers), {"skipped": "no Pillow"}))
        self.assertIn("Independent decode: skipped (no Pillow).", skipped)

    def test_tile_formats_is_a_step_of_its_own(self):
        self.assertEqual(run.parse_args(["--scenarios", "tile-formats"]).selected, {"tile-formats"})


def pillow_python() -> str | None:
    """A python with Pillow: Debian's (python3-pil, which `make test` installs) or this one."""
    for python in (str(run.PIL_PYTHON), sys.executable):
        if Path(python).exists() and subprocess.run([python, "-c", "import PIL"], capture_output=True).returncode == 0:
            return python
    return None


class DecodeTilesTests(unittest.TestCase):
    def setUp(self):
        self.python = pillow_python()
        if self.python is None:
            self.skipTest("no python with Pillow")
        self.directory = Path(tempfile.mkdtemp(prefix="bench-decode-"))
        self.addCleanup(shutil.rmtree, self.directory, True)

    def write_tiles(self, script: str) -> None:
        subprocess.run([self.python, "-c", script, str(self.directory)], check=True)

    def decode(self) -> dict:
        result = subprocess.run([self.python, str(BENCH / "harness/decode_tiles.py"), str(self.directory)],
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    def test_a_tile_in_three_formats_decodes_at_one_size(self):
        self.write_tiles(
            "import sys, pathlib\n"
            "from PIL import Image\n"
            "folder = pathlib.Path(sys.argv[1]) / 'layer' / '12' / '5'\n"
            "folder.mkdir(parents=True)\n"
            "image = Image.new('RGB', (256, 256), (200, 100, 50))\n"
            "image.save(folder / '7.png'); image.save(folder / '7.webp', quality=80); image.save(folder / '7.jpg')\n"
            "(folder / '8.jpg').write_bytes(b'not a jpeg')\n")
        output = self.decode()
        layer = output["layers"]["layer"]
        self.assertEqual(layer["tiles"], 2)
        self.assertEqual(layer["size_mismatches"], 0)
        self.assertTrue(layer["formats"]["png"]["all_expected_size"])
        self.assertEqual(layer["formats"]["webp"]["decoded"], 1)
        self.assertLess(layer["formats"]["webp"]["mean_abs_diff_vs_png"], 3)
        self.assertEqual((layer["formats"]["jpg"]["tiles"], layer["formats"]["jpg"]["decoded"]), (2, 1))
        self.assertIn("8.jpg", layer["formats"]["jpg"]["errors"][0])

    def test_a_format_at_another_size_is_a_mismatch(self):
        self.write_tiles(
            "import sys, pathlib\n"
            "from PIL import Image\n"
            "folder = pathlib.Path(sys.argv[1]) / 'layer' / '12' / '5'\n"
            "folder.mkdir(parents=True)\n"
            "Image.new('RGBA', (256, 256)).save(folder / '7.png')\n"
            "Image.new('RGB', (128, 128)).save(folder / '7.jpg')\n")
        layer = self.decode()["layers"]["layer"]
        self.assertEqual(layer["size_mismatches"], 1)
        self.assertFalse(layer["formats"]["jpg"]["all_expected_size"])


if __name__ == "__main__":
    unittest.main()
