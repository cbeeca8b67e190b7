"""The tile paths each server is sent, the per-request expression of cold-expression included."""

import sys
import unittest
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

from harness.servers import EXPRESSION_PARAMETERS, GeoToolz, TiTiler  # noqa: E402
from harness.tilemath import Tile  # noqa: E402


class TilePathTests(unittest.TestCase):
    def setUp(self):
        self.tile = Tile(12, 768, 1548)
        self.geotoolz = GeoToolz(Path(sys.executable), BENCH.parent, Path("/tmp"))
        self.titiler = TiTiler(BENCH / "peers/titiler", Path("/nonexistent-venv"), BENCH.parent / "data", Path("/tmp"))

    def test_a_layer_is_its_own_tile_route(self):
        self.assertEqual(self.geotoolz.tile_path("landsat-ndvi", self.tile), "/tiles/landsat-ndvi/12/768/1548.png")

    def test_the_expression_request_carries_titilers_parameters_in_the_query(self):
        path = self.geotoolz.tile_path("landsat-ndvi-expression", self.tile)
        route, query = path.split("?")
        self.assertEqual(route, "/tiles/landsat-ndvi/12/768/1548.png")
        # '+' is sent as %2B: a bare '+' in a query reads as a space.
        self.assertIn("expression=(b4-b3)/(b4%2Bb3)", query)
        self.assertEqual(dict(urllib.parse.parse_qsl(query)), EXPRESSION_PARAMETERS)

    def test_the_peer_sends_its_own_expression_request_for_it(self):
        theirs = self.titiler.tile_path("landsat-ndvi-expression", self.tile)
        self.assertEqual(theirs, self.titiler.tile_path("landsat-ndvi", self.tile))
        query = dict(urllib.parse.parse_qsl(theirs.split("?", 1)[1]))
        for name in ("expression", "rescale", "colormap_name", "resampling"):
            self.assertEqual(query[name], EXPRESSION_PARAMETERS[name], name)


if __name__ == "__main__":
    unittest.main()
