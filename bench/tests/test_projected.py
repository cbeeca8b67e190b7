"""The projected scenarios (cold-projected, -bilinear, -expression, cold-2x): the requests each
server is sent, their tile lists, the checks that a query is honoured, and their targets."""

import re
import sys
import unittest
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

import run  # noqa: E402
from harness import report  # noqa: E402
from harness.processes import HarnessError  # noqa: E402
from harness.servers import (  # noqa: E402
    BAND_COUNTS, EXPRESSION_PARAMETERS, REQUESTS, GeoToolz, TiTiler, band_sum_parameters, png_size,
)
from harness.tilemath import Bounds, Tile, cold_tiles, sample_tiles, tile_range  # noqa: E402

# elevation-utm's and landsat-utm's TileJSON bounds, as geotoolz serve reports them.
ELEVATION_UTM = Bounds.from_tilejson([-120.85756516956725, 36.5757702814966, -117.29666962662544, 38.68686696739348])
LANDSAT_UTM = Bounds.from_tilejson([-112.92053155043934, 40.60013192146387, -112.49880125037588, 41.01142732506634])


def query_of(path: str) -> dict:
    return dict(urllib.parse.parse_qsl(path.split("?", 1)[1])) if "?" in path else {}


class ProjectedRequestTests(unittest.TestCase):
    def setUp(self):
        self.tile = Tile(13, 1380, 3170)
        self.geotoolz = GeoToolz(Path(sys.executable), BENCH.parent, Path("/tmp"))
        self.titiler = TiTiler(BENCH / "peers/titiler", Path("/nonexistent-venv"), BENCH.parent / "data", Path("/tmp"))

    def test_cold_projected_is_the_layers_own_rendering(self):
        self.assertEqual(self.geotoolz.tile_path("elevation-utm", self.tile), "/tiles/elevation-utm/13/1380/3170.png")
        theirs = self.titiler.tile_path("elevation-utm", self.tile)
        self.assertTrue(theirs.startswith("/cog/tiles/WebMercatorQuad/13/1380/3170.png?"), theirs)
        query = query_of(theirs)
        self.assertTrue(query["url"].endswith("/data/projected/srtm-utm11.tif"), query["url"])
        self.assertEqual({k: query[k] for k in ("bidx", "rescale", "colormap_name", "resampling", "reproject")},
                         {"bidx": "1", "rescale": "0,4400", "colormap_name": "viridis", "resampling": "nearest",
                          "reproject": "nearest"})

    def test_the_peer_template_matches_the_layer_file(self):
        # The peer draws what layers/elevation-utm.yaml draws: a change to either shows here.
        layer = (BENCH.parent / "layers/elevation-utm.yaml").read_text()
        colormap = re.search(r"Colormap, name: (\w+), vmin: (-?[\d.]+), vmax: (-?[\d.]+)", layer)
        self.assertIsNotNone(colormap)
        self.assertIn("resampling: nearest", layer)
        query = query_of(self.titiler.tile_path("elevation-utm", self.tile))
        self.assertEqual(query["colormap_name"], colormap.group(1).lower())
        self.assertEqual(query["rescale"], f"{colormap.group(2)},{colormap.group(3)}")

    def test_bilinear_changes_only_the_resampling_on_both_servers(self):
        ours = self.geotoolz.tile_path("elevation-utm-bilinear", self.tile)
        self.assertEqual(ours, "/tiles/elevation-utm/13/1380/3170.png?resampling=bilinear")
        nearest = query_of(self.titiler.tile_path("elevation-utm", self.tile))
        bilinear = query_of(self.titiler.tile_path("elevation-utm-bilinear", self.tile))
        self.assertEqual((bilinear["resampling"], bilinear["reproject"]), ("bilinear", "bilinear"))
        for name in ("resampling", "reproject"):
            del nearest[name], bilinear[name]
        self.assertEqual(nearest, bilinear)

    def test_the_expression_request_gives_cold_expressions_query_over_landsat_utm(self):
        ours = self.geotoolz.tile_path("landsat-utm-expression", self.tile)
        self.assertTrue(ours.startswith("/tiles/landsat-utm/13/1380/3170.png?"), ours)
        self.assertIn("expression=(b4-b3)/(b4%2Bb3)", ours)
        self.assertEqual(query_of(ours), EXPRESSION_PARAMETERS)
        theirs = self.titiler.tile_path("landsat-utm-expression", self.tile)
        self.assertEqual(theirs, self.titiler.tile_path("landsat-utm", self.tile))
        query = query_of(theirs)
        self.assertTrue(query["url"].endswith("/data/projected/landsat-utm12.tif"), query["url"])
        for name in ("expression", "rescale", "colormap_name", "resampling"):
            self.assertEqual(query[name], EXPRESSION_PARAMETERS[name], name)
        self.assertEqual(query["reproject"], query["resampling"])

    def test_2x_is_geotoolzs_route_and_the_peers_tilesize(self):
        self.assertEqual(self.geotoolz.tile_path("elevation-utm-2x", self.tile), "/tiles/elevation-utm/13/1380/3170@2x.png")
        one = self.titiler.tile_path("elevation-utm", self.tile)
        two = self.titiler.tile_path("elevation-utm-2x", self.tile)
        self.assertEqual(two, one + "&tilesize=512")
        self.assertEqual(query_of(two)["tilesize"], "512")
        self.assertNotIn("tilesize", query_of(one))

    def test_band_sums_are_the_same_request_on_both_servers(self):
        for count in BAND_COUNTS:
            name = f"landsat-utm-bands{count}"
            self.assertIn(name, REQUESTS)
            ours = query_of(self.geotoolz.tile_path(name, self.tile))
            theirs = query_of(self.titiler.tile_path(name, self.tile))
            self.assertEqual(ours, band_sum_parameters(count))
            self.assertEqual(ours["expression"].split("+"), [f"b{i}" for i in range(1, count + 1)])
            for key, value in ours.items():
                self.assertEqual(theirs[key], value, f"{name} {key}")
            self.assertEqual(theirs["reproject"], theirs["resampling"])
            self.assertTrue(theirs["url"].endswith("/data/projected/landsat-utm12.tif"))
        self.assertEqual(band_sum_parameters(7)["rescale"], "0,1785")

    def test_png_size_reads_the_header(self):
        header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (512).to_bytes(4, "big") + (256).to_bytes(4, "big")
        self.assertEqual(png_size(header + b"\x08\x03\x00\x00\x00"), (512, 256))
        self.assertIsNone(png_size(b'{"error": "no"}'))
        self.assertIsNone(png_size(header[:20]))


class QueryCheckTests(unittest.TestCase):
    def test_the_broken_query_changes_only_the_parameter(self):
        path = "/tiles/x/1/2/3.png?expression=(b4-b3)/(b4%2Bb3)&colormap_name=rdylgn&resampling=bilinear"
        broken = run.broken_query(path, "colormap_name")
        self.assertEqual(broken, path.replace("colormap_name=rdylgn", "colormap_name=no-such-colormap_name"))
        self.assertEqual(run.broken_query("/t.png?resampling=bilinear", "resampling"),
                         "/t.png?resampling=no-such-resampling")
        with self.assertRaises(HarnessError):
            run.broken_query("/t.png?xresampling=bilinear", "resampling")
        with self.assertRaises(HarnessError):
            run.broken_query("/t.png", "resampling")

    def test_every_checked_request_gives_its_parameter(self):
        geotoolz = GeoToolz(Path(sys.executable), BENCH.parent, Path("/tmp"))
        for scenario, (request, parameter) in run.QUERY_CHECKS.items():
            self.assertIn(scenario, run.LOAD_SCENARIOS)
            run.broken_query(geotoolz.tile_path(request, Tile(12, 1, 2)), parameter)


class ProjectedListTests(unittest.TestCase):
    def test_the_cold_projected_list_is_distinct_seeded_and_within_the_bounds(self):
        tiles = cold_tiles(ELEVATION_UTM, run.PROJECTED_ZOOMS, 2000, run.SEED)
        self.assertEqual(len(set(tiles)), 2000)
        self.assertEqual(tiles, cold_tiles(ELEVATION_UTM, run.PROJECTED_ZOOMS, 2000, run.SEED))
        self.assertEqual({t.z for t in tiles} <= set(range(11, 16)), True)
        for tile in tiles:
            level = tile_range(ELEVATION_UTM, tile.z)
            self.assertTrue(level.x_min <= tile.x <= level.x_max and level.y_min <= tile.y <= level.y_max, tile)

    def test_a_deep_zoom_is_sampled_without_listing_it(self):
        level = tile_range(ELEVATION_UTM, 18)
        self.assertGreater(len(level), 5_000_000)
        tiles = sample_tiles(level, 300, seed=7)
        self.assertEqual(len(set(tiles)), 300)
        self.assertEqual(tiles, sample_tiles(level, 300, seed=7))
        self.assertNotEqual(tiles, sample_tiles(level, 300, seed=8))
        for tile in tiles:
            self.assertTrue(level.x_min <= tile.x <= level.x_max and level.y_min <= tile.y <= level.y_max, tile)
        self.assertEqual(sorted(sample_tiles(tile_range(ELEVATION_UTM, 6), 300, seed=7)),
                         sorted(tile_range(ELEVATION_UTM, 6).tiles()), "a small zoom gives every tile")


class ColdWiringTests(unittest.TestCase):
    """run_cold sends each projected scenario's request over its list, to the peer as well."""

    def test_each_scenario_runs_its_request_over_its_list_on_both_servers(self):
        bench = object.__new__(run.Bench)
        bench.args = run.parse_args(["--connections", "32", "--peer", "titiler"])
        bench.peer = object()
        bench.cold = bench.cold_ndvi = []
        bench.cold_projected = [Tile(13, 1, 1), Tile(13, 1, 2)]
        bench.cold_projected_expression = [Tile(12, 5, 5)]
        calls = []
        bench.list_run = lambda scenario, connections, start, layer, groups, repeat: calls.append(
            (scenario, start, layer, [t for g in groups for t in g]))
        bench.start_geotoolz, bench.start_peer = "geotoolz", "peer"
        for scenario in run.PROJECTED_SCENARIOS:
            bench.run_cold(scenario)
        expected = {"cold-projected": ("elevation-utm", bench.cold_projected),
                    "cold-projected-bilinear": ("elevation-utm-bilinear", bench.cold_projected),
                    "cold-projected-expression": ("landsat-utm-expression", bench.cold_projected_expression),
                    "cold-2x": ("elevation-utm-2x", bench.cold_projected)}
        self.assertEqual(len(calls), 8)
        for scenario, start, layer, tiles in calls:
            self.assertEqual((layer, tiles), expected[scenario], scenario)
        self.assertEqual({(c[0], c[1]) for c in calls}, {(s, w) for s in expected for w in ("geotoolz", "peer")})

    def test_repeats_alternate_the_servers_on_fresh_starts(self):
        bench = object.__new__(run.Bench)
        bench.args = run.parse_args(["--connections", "32,128", "--peer", "titiler", "--repeats", "2"])
        bench.peer = object()
        bench.cold = bench.cold_ndvi = bench.cold_projected_expression = []
        bench.cold_projected = [Tile(13, 1, 1)]
        calls = []
        bench.list_run = lambda scenario, connections, start, layer, groups, repeat: calls.append(
            (connections, repeat, start))
        bench.start_geotoolz, bench.start_peer = "geotoolz", "peer"
        bench.run_cold("cold-projected")
        self.assertEqual(calls, [(c, r, s) for c in (32, 128) for r in (1, 2) for s in ("geotoolz", "peer")])

    def test_the_new_scenarios_and_step_can_be_chosen(self):
        args = run.parse_args(["--scenarios", ",".join(run.PROJECTED_SCENARIOS + ["scaling"]), "--scaling-tiles", "30"])
        self.assertEqual(args.selected, set(run.PROJECTED_SCENARIOS) | {"scaling"})
        self.assertEqual(args.scaling_tiles, 30)
        self.assertEqual(run.parse_args([]).scaling_tiles, 300)
        self.assertEqual(run.parse_args(["--quick"]).scaling_tiles, 60)
        self.assertTrue(set(run.PROJECTED_SCENARIOS) <= run.PEER_SCENARIOS & run.COLD_SCENARIOS)


def list_run(scenario: str, server: str, rate: float, p99: float = 20.0, connections: int = 32,
             repeat: int | None = None) -> dict:
    run = {"scenario": scenario, "connections": connections, "server": server, "mode": "list", "peak_rss_mb": 90.0,
           "metrics": {"requests": 100, "listed": 100, "complete": True, "requests_per_s": rate,
                       "latency_ms": {"p50": p99 / 2, "p90": p99, "p99": p99, "max": p99}}}
    if repeat is not None:
        run["repeat"] = repeat
    return run


def status(checks: list[dict], target: str) -> str:
    return next(c["status"] for c in checks if c["target"] == target)


class ProjectedTargetTests(unittest.TestCase):
    def test_each_projected_scenario_has_its_own_ratio(self):
        cases = [("cold-projected", 15), ("cold-projected-bilinear", 12), ("cold-projected-expression", 10),
                 ("cold-2x", 10)]
        for scenario, minimum in cases:
            label = f"{scenario}: tiles/s >= {minimum}x peer"
            passing = {"runs": [list_run(scenario, "geotoolz", minimum * 100.0), list_run(scenario, "titiler", 100.0)]}
            self.assertEqual(status(report.target_checks(passing, "titiler"), label), report.PASS, scenario)
            failing = {"runs": [list_run(scenario, "geotoolz", minimum * 100.0 - 1), list_run(scenario, "titiler", 100.0)]}
            self.assertEqual(status(report.target_checks(failing, "titiler"), label), report.FAIL, scenario)
            self.assertEqual(status(report.target_checks(passing, None), label), report.NOT_CHECKED, scenario)
            self.assertEqual(status(report.target_checks({"runs": []}, "titiler"), label), report.NOT_RUN, scenario)

    def test_the_ratio_is_read_at_32_connections(self):
        runs = [list_run("cold-2x", "geotoolz", 2000.0, connections=128), list_run("cold-2x", "titiler", 100.0, connections=128),
                list_run("cold-2x", "geotoolz", 900.0), list_run("cold-2x", "titiler", 100.0)]
        self.assertEqual(status(report.target_checks({"runs": runs}, "titiler"), "cold-2x: tiles/s >= 10x peer"),
                         report.FAIL)

    def test_cold_projected_p99_stays_under_50_ms(self):
        label = "cold-projected: p99 < 50 ms"
        self.assertEqual(status(report.target_checks({"runs": [list_run("cold-projected", "geotoolz", 900.0, 49.9)]}, None),
                                label), report.PASS)
        self.assertEqual(status(report.target_checks({"runs": [list_run("cold-projected", "geotoolz", 900.0, 50.0)]}, None),
                                label), report.FAIL)
        self.assertEqual(status(report.target_checks({"runs": []}, None), label), report.NOT_RUN)
        # The peer's latency is not geotoolz's target.
        runs = [list_run("cold-projected", "titiler", 50.0, 900.0), list_run("cold-projected", "geotoolz", 900.0, 10.0)]
        self.assertEqual(status(report.target_checks({"runs": runs}, "titiler"), label), report.PASS)
        self.assertNotIn("cold-projected-bilinear: p99 < 50 ms",
                         [c["target"] for c in report.target_checks({"runs": runs}, "titiler")])


class RepeatTests(unittest.TestCase):
    """With --repeats, each repeat's geotoolz run is set against the peer's run of the same repeat,
    and a target is judged on the median over the repeats."""

    def test_each_repeat_is_paired_with_the_peers_run_of_the_same_repeat(self):
        # Paired by repeat the ratios are 14, 16 and 15.5 (median 15.5: pass); against the peer's
        # first run alone they would be 14, 12.8 and 15.5 (median 14: fail).
        runs = []
        for repeat, (ours, theirs) in enumerate(((1400.0, 100.0), (1280.0, 80.0), (1550.0, 100.0)), start=1):
            runs += [list_run("cold-projected", "geotoolz", ours, repeat=repeat),
                     list_run("cold-projected", "titiler", theirs, repeat=repeat)]
        check = next(c for c in report.target_checks({"runs": runs}, "titiler")
                     if c["target"] == "cold-projected: tiles/s >= 15x peer")
        self.assertEqual(check["status"], report.PASS)
        self.assertEqual(check["value"], "15.5x (median of 3: 14.0x, 16.0x, 15.5x)")
        rows = report.ratios({"runs": runs}, "titiler")
        self.assertEqual([(r["repeat"], r["tiles_per_s_ratio"]) for r in rows], [(1, 14.0), (2, 16.0), (3, 15.5)])

    def test_one_slow_repeat_does_not_decide_but_a_slow_median_does(self):
        label = "cold-projected: p99 < 50 ms"
        one_slow = [list_run("cold-projected", "geotoolz", 900.0, p99, repeat=i + 1)
                    for i, p99 in enumerate((42.0, 71.0, 46.0))]
        self.assertEqual(status(report.target_checks({"runs": one_slow}, None), label), report.PASS)
        two_slow = [list_run("cold-projected", "geotoolz", 900.0, p99, repeat=i + 1)
                    for i, p99 in enumerate((42.0, 71.0, 50.5))]
        check = next(c for c in report.target_checks({"runs": two_slow}, None) if c["target"] == label)
        self.assertEqual(check["status"], report.FAIL)
        self.assertEqual(check["value"], "50.5 ms (median of 3: 42.0, 71.0, 50.5)")

    def test_a_geotoolz_run_that_answered_nothing_fails_and_a_silent_peer_is_beaten(self):
        label = "cold-2x: tiles/s >= 10x peer"
        silent_ours = [list_run("cold-2x", "geotoolz", 0.0), list_run("cold-2x", "titiler", 30.0)]
        self.assertEqual(status(report.target_checks({"runs": silent_ours}, "titiler"), label), report.FAIL)
        silent_peer = [list_run("cold-2x", "geotoolz", 300.0), list_run("cold-2x", "titiler", 0.0)]
        check = next(c for c in report.target_checks({"runs": silent_peer}, "titiler") if c["target"] == label)
        self.assertEqual((check["status"], check["value"]), (report.PASS, "peer 0 tiles/s"))

    def test_the_per_request_expression_has_its_targets(self):
        runs = [list_run("cold-expression", "geotoolz", 900.0, 45.0), list_run("cold-expression", "titiler", 100.0)]
        checks = report.target_checks({"runs": runs}, "titiler")
        self.assertEqual(status(checks, "cold-expression: tiles/s >= 10x peer"), report.FAIL)
        self.assertEqual(status(checks, "cold-expression: p99 < 50 ms"), report.PASS)

    def test_the_report_names_each_repeat(self):
        runs = []
        for repeat, (ours, theirs) in enumerate(((1500.0, 100.0), (1400.0, 100.0)), start=1):
            for server, rate in (("geotoolz", ours), ("titiler", theirs)):
                entry = list_run("cold-projected", server, rate, repeat=repeat)
                entry["metrics"].update(socket_errors_total=0, non_200=0, bytes_per_request=9000.0, x_cache={})
                runs.append(entry)
        results = {"date": "2026-12-03 07:00:00 UTC", "warnings": [], "commands": [], "runs": runs,
                   "machine": {"cpu": "cpu", "cores": 2, "memory_gib": 8, "kernel": "6.1", "os": "Debian 12"},
                   "versions": {}, "options": {"peer": "titiler", "summary": "test"}}
        results["ratios"] = report.ratios(results, "titiler")
        results["targets"] = report.target_checks(results, "titiler")
        text = report.markdown(results)
        self.assertIn("| cold-projected #2 | 32 | geotoolz |", text)
        self.assertIn("| cold-projected #2 | 32 | 14.0 |", text)
        self.assertIn("judged on the median over the repeats", text)
        self.assertIn("| cold-projected: tiles/s >= 15x peer | 14.5x (median of 2: 15.0x, 14.0x) | FAIL |", text)

    def test_repeats_reach_the_options_and_must_be_positive(self):
        self.assertEqual(run.parse_args([]).repeats, 1)
        self.assertEqual(run.parse_args(["--repeats", "3"]).repeats, 3)
        with self.assertRaises(SystemExit):
            run.parse_args(["--repeats", "0"])


if __name__ == "__main__":
    unittest.main()
