"""The requests each server is sent for the projected layers: their named requests (bilinear,
expression, @2x, band sums) and the peer's templates for them."""

import re
import sys
import unittest
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

from harness.servers import (  # noqa: E402
    BAND_COUNTS, EXPRESSION_PARAMETERS, REQUESTS, GeoToolz, TiTiler, band_sum_parameters, png_size,
)
from harness.tilemath import Tile  # noqa: E402


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


if __name__ == "__main__":
    unittest.main()
