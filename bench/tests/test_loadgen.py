"""How the harness reads what bench/wrk/tiles.lua prints."""

import json
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.loadgen import _parse  # noqa: E402
from harness.processes import HarnessError  # noqa: E402


def done_line(**changes) -> str:
    figures = {
        "requests": 2000, "listed": 2000, "threads": 2, "threads_finished": 2,
        "active_us": 2_000_000, "wrk_duration_us": 2_300_000,
        "latency_us": {"p50": 30_000, "p90": 34_000, "p99": 45_000, "max": 52_000, "mean": 31_000},
        "errors": {"connect": 0, "read": 0, "write": 0, "timeout": 1, "status": 3},
        "statuses": {"200": 1997, "503": 3}, "x_cache": {"miss": 1997}, "bytes": 15_000_000,
    }
    figures.update(changes)
    return "BENCH_JSON " + json.dumps(figures)


class ParseTests(unittest.TestCase):
    def test_rates_come_from_the_active_window_not_wrks_duration(self):
        figures = _parse("Running 60s test\n" + done_line() + "\n", "", "cold")
        self.assertEqual(figures["requests_per_s"], 1000.0)
        self.assertEqual(figures["latency_ms"]["p99"], 45.0)
        self.assertEqual(figures["socket_errors_total"], 1)
        self.assertEqual(figures["non_200"], 3)
        self.assertEqual(figures["bytes_per_request"], 7500.0)
        self.assertTrue(figures["complete"])

    def test_a_thread_that_did_not_finish_its_share_marks_the_run_incomplete(self):
        self.assertFalse(_parse(done_line(threads_finished=1), "", "cold")["complete"])

    def test_no_results_line_is_an_error_naming_the_run(self):
        with self.assertRaisesRegex(HarnessError, "cold-c32: wrk printed no results"):
            _parse("unable to connect\n", "", "cold-c32")


if __name__ == "__main__":
    unittest.main()
