"""The footprint test of the projected lists: UTM as PROJ computes it, and tiles kept or left out
as rio-tiler's tile_exists (TiTiler's 404 "outside bounds") decides them."""

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.projection import Rectangle, Utm, footprint_filter, overlaps  # noqa: E402
from harness.tilemath import Bounds, Tile, cold_tiles, cold_tiles_from, sample_tiles, tile_range  # noqa: E402

# /layers/<layer>/info of elevation-utm and landsat-utm as geotoolz serve reports them (trimmed).
ELEVATION_INFO = {"bounds": [-120.85756516956725, 36.5757702814966, -117.29666962662544, 38.68686696739348],
                  "sources": [{"files": 1, "crs": {"code": "EPSG:32611"}, "size": [3437, 2530],
                               "geoTransform": [164147.6758633033, 90, 0, 4282072.926448675, 0, -90]}]}
LANDSAT_INFO = {"bounds": [-112.92053155043934, 40.60013192146387, -112.49880125037588, 41.01142732506634],
                "sources": [{"files": 1, "crs": {"code": "EPSG:32612"}, "size": [1157, 1500],
                             "geoTransform": [338489.0049907582, 30, 0, 4541120.703442362, 0, -30]}]}


def tiles(*names: str) -> list[Tile]:
    return [Tile(*map(int, name.split("/"))) for name in names]


class UtmTests(unittest.TestCase):
    def test_forward_agrees_with_proj(self):
        # rasterio.warp.transform("EPSG:4326", "EPSG:326zz"/"EPSG:32733", ...) in the peer's venv.
        cases = [(Utm(11, True), -117.0, 0.0, 500000.0, 0.0),
                 (Utm(11, True), -120.85, 36.58, 155491.5522, 4055185.9064),
                 (Utm(11, True), -121.5, 37.5, 102138.0050, 4159863.7826),
                 (Utm(11, True), -114.2, 40.1, 738674.5040, 4442614.4484),
                 (Utm(12, True), -112.5, 41.01, 373864.7414, 4540950.7320),
                 (Utm(33, False), 14.5, -33.2, 453397.5100, 6326429.3368)]
        for utm, lon, lat, easting, northing in cases:
            e, n = utm.forward(lon, lat)
            self.assertAlmostEqual(e, easting, delta=0.001, msg=(lon, lat))
            self.assertAlmostEqual(n, northing, delta=0.001, msg=(lon, lat))

    def test_only_wgs84_utm_codes_are_read(self):
        self.assertEqual(Utm.from_code("EPSG:32611"), Utm(11, True))
        self.assertEqual(Utm.from_code("epsg:32733"), Utm(33, False))
        self.assertEqual(Utm.from_code("EPSG:32611").central_meridian, -117.0)
        for code in ("EPSG:4326", "EPSG:3857", "EPSG:32661", "EPSG:32600", "EPSG:326111", ""):
            self.assertIsNone(Utm.from_code(code), code)

    def test_the_rectangle_comes_from_the_geotransform(self):
        rectangle = Rectangle.from_geotransform([100.0, 30, 0, 5000.0, 0, -30], [10, 20])
        self.assertEqual(rectangle, Rectangle(100.0, 4400.0, 400.0, 5000.0))


class FootprintTests(unittest.TestCase):
    def test_tiles_outside_the_rectangle_are_left_out_as_rio_tiler_leaves_them(self):
        # rio-tiler 9.4 tile_exists on data/projected: False for the first, True for the second list.
        for info, outside, inside in (
            (ELEVATION_INFO, tiles("11/336/784", "11/337/784", "11/338/784", "11/339/784"),
             tiles("11/355/784", "11/356/784", "11/336/785", "11/356/785")),
            (LANDSAT_INFO, tiles("11/384/767", "11/384/768", "11/384/769", "12/768/1535", "12/768/1536"),
             tiles("11/381/767", "11/382/767", "11/383/767", "11/381/768")),
        ):
            keep = footprint_filter(info)
            bounds = Bounds.from_tilejson(info["bounds"])
            for tile in outside + inside:
                level = tile_range(bounds, tile.z)
                self.assertTrue(level.x_min <= tile.x <= level.x_max and level.y_min <= tile.y <= level.y_max,
                                f"{tile} lies within the TileJSON bounds")
            self.assertEqual([t for t in outside if keep(t)], [])
            self.assertEqual([t for t in inside if not keep(t)], [])

    def test_a_sliver_of_less_than_half_a_pixel_is_left_out(self):
        # rio-tiler keeps 11/354/784 (it overlaps the rectangle by a few metres); the margin does not.
        source = ELEVATION_INFO["sources"][0]
        utm, rectangle = Utm(11, True), Rectangle.from_geotransform(source["geoTransform"], source["size"])
        tile = Tile(11, 354, 784)
        self.assertTrue(overlaps(tile, utm, rectangle, 0.0))
        self.assertFalse(overlaps(tile, utm, rectangle, 45.0))
        self.assertFalse(footprint_filter(ELEVATION_INFO)(tile))

    def test_other_layers_are_not_filtered(self):
        geographic = {"sources": [{**LANDSAT_INFO["sources"][0], "crs": {"code": "EPSG:4326"}}]}
        mosaic = {"sources": [{**LANDSAT_INFO["sources"][0], "files": 9}]}
        two = {"sources": LANDSAT_INFO["sources"] * 2}
        for info in (geographic, mosaic, two, {"sources": []}, {}):
            self.assertIsNone(footprint_filter(info))

    def test_every_list_keeps_only_tiles_over_the_file(self):
        keep = footprint_filter(ELEVATION_INFO)
        bounds = Bounds.from_tilejson(ELEVATION_INFO["bounds"])
        listed = cold_tiles(bounds, range(11, 16), 500, seed=3, keep=keep)
        self.assertEqual(len(set(listed)), 500)
        self.assertTrue(all(keep(t) for t in listed))
        self.assertEqual(listed, [t for t in cold_tiles(bounds, range(11, 16), 2000, seed=3) if keep(t)][:500])
        corner = tile_range(bounds, 11)
        self.assertEqual(sorted(sample_tiles(corner, 1000, seed=3, keep=keep)),
                         sorted(t for t in corner.tiles() if keep(t)), "a small zoom gives every kept tile")
        deep = sample_tiles(tile_range(bounds, 18), 200, seed=3, keep=keep)
        self.assertEqual(len(set(deep)), 200)
        self.assertTrue(all(keep(t) for t in deep))
        landsat_keep = footprint_filter(LANDSAT_INFO)
        landsat, zooms = cold_tiles_from(Bounds.from_tilejson(LANDSAT_INFO["bounds"]), 10, 16, 300, 3, landsat_keep)
        self.assertEqual(len(set(landsat)), 300)
        self.assertTrue(all(landsat_keep(t) for t in landsat))
        self.assertEqual((zooms.start, zooms.stop - 1), (10, 14))


if __name__ == "__main__":
    unittest.main()
