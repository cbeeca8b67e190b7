"""The harness's tile lists: the same tiles the server computes, built as bench/README.md says."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.tilemath import Bounds, cold_tiles, cold_tiles_from, centre_block, map_pans, tile_range  # noqa: E402

# The elevation layer's TileJSON bounds, as geotoolz serve reports them.
ELEVATION = Bounds.from_tilejson([-120.75592734926073, 36.63401097629555, -117.3045101961451, 38.62692343411471])
# The landsat-ndvi layer's.
NDVI = Bounds.from_tilejson([-112.9090535109483, 40.60608951774341, -112.5077760735321, 41.005480493062954])


class TileRangeTests(unittest.TestCase):
    def test_ranges_match_the_servers_own(self):
        # `geotoolz prewarm --layer elevation --zoom 6-13 --dry-run` lists these ranges.
        expected = {6: (10, 11, 24, 24), 10: (168, 178, 392, 399), 12: (674, 713, 1570, 1599),
                    13: (1348, 1426, 3141, 3198)}
        for z, (x_min, x_max, y_min, y_max) in expected.items():
            level = tile_range(ELEVATION, z)
            self.assertEqual((level.x_min, level.x_max, level.y_min, level.y_max), (x_min, x_max, y_min, y_max), z)
        self.assertEqual(len(tile_range(ELEVATION, 12)), 1200)


class ColdListTests(unittest.TestCase):
    def test_cold_list_is_distinct_seeded_and_inside(self):
        tiles = cold_tiles(ELEVATION, range(10, 14), 2000, seed=1)
        self.assertEqual(len(tiles), 2000)
        self.assertEqual(len(set(tiles)), 2000)
        self.assertEqual(tiles, cold_tiles(ELEVATION, range(10, 14), 2000, seed=1))
        self.assertNotEqual(tiles, cold_tiles(ELEVATION, range(10, 14), 2000, seed=2))
        for tile in tiles:
            level = tile_range(ELEVATION, tile.z)
            self.assertTrue(level.x_min <= tile.x <= level.x_max and level.y_min <= tile.y <= level.y_max, tile)
        self.assertEqual({tile.z for tile in tiles}, {10, 11, 12, 13})

    def test_a_small_layer_takes_deeper_zooms_until_the_count(self):
        tiles, zooms = cold_tiles_from(NDVI, 10, 16, 2000, seed=1)
        self.assertEqual(len(tiles), 2000)
        self.assertEqual(len(set(tiles)), 2000)
        self.assertEqual((zooms.start, zooms.stop - 1), (10, 15))
        shallower = sum(len(tile_range(NDVI, z)) for z in range(10, 15))
        self.assertEqual(sum(1 for tile in tiles if tile.z < 15), shallower, "every shallower tile is taken")


class MapViewTests(unittest.TestCase):
    def test_pans_are_whole_overlapping_viewports_centre_out(self):
        pans = map_pans(ELEVATION, 12, width=10, height=6, step=2, count=40)
        self.assertEqual(len(pans), 40)
        for pan in pans:
            self.assertEqual(len(set(pan)), 60)
            xs, ys = [t.x for t in pan], [t.y for t in pan]
            self.assertEqual((max(xs) - min(xs), max(ys) - min(ys)), (9, 5))
            centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
            first, last = pan[0], pan[-1]
            self.assertLessEqual(abs(first.x - centre[0]) + abs(first.y - centre[1]),
                                 abs(last.x - centre[0]) + abs(last.y - centre[1]))
        for before, after in zip(pans, pans[1:]):
            self.assertGreaterEqual(len(set(before) & set(after)), 40, "a pan of 2 tiles keeps most of the view")

    def test_the_hot_set_is_a_block_at_the_centre(self):
        block = centre_block(ELEVATION, 12, 100)
        self.assertEqual(len(set(block)), 100)
        self.assertEqual(max(t.x for t in block) - min(t.x for t in block), 9)


if __name__ == "__main__":
    unittest.main()
