"""The harness reads prewarm's and export's closing lines as they print them."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.seeding import finished_line  # noqa: E402


class FinishedLineTests(unittest.TestCase):
    def test_an_export_line_is_read(self):
        output = ("export 24374 tiles of elevation (zooms 6-14) @1x as png into /tmp/e.pmtiles, 3 at once\n"
                  "export 100/24374 (0.4%), 50.0 tiles/s, ETA 8:05; rendered 100, skipped 0, failed 0\n"
                  "export finished: rendered 24370, skipped 4 (cached 0, outside 4, resumed 0), failed 0, "
                  "139.7 MB, 31.2 s, 781.6 tiles/s\n")
        self.assertEqual(finished_line(output, "export"),
                         {"tiles": 24370, "skipped": 4, "seconds": 31.2, "tiles_per_s": 781.6})
        self.assertIsNone(finished_line(output, "prewarm"))

    def test_a_refreshing_prewarm_line_is_read(self):
        output = ("prewarm finished: rendered 50 (refreshed 20), skipped 9 (cached 7, uncached 2, outside 0, "
                  "resumed 0), failed 0, 1.2 MB, 2.0 s, 29.5 tiles/s")
        self.assertEqual(finished_line(output, "prewarm")["tiles"], 50)
        self.assertEqual(finished_line(output, "prewarm")["skipped"], 9)

    def test_an_unfinished_run_gives_none(self):
        self.assertIsNone(finished_line("export stopped at the end of --duration 1s: rendered 3, ...", "export"))


if __name__ == "__main__":
    unittest.main()
