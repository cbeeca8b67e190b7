"""The mosaic-load step's files: GDAL reads each as a 16 × 16 byte raster in EPSG:4326 where the
grid puts it, holding its column + 1."""

import json
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BENCH))

from harness.geotiff import geotiff_bytes, write_grid  # noqa: E402


class GeoTiffTests(unittest.TestCase):
    def setUp(self):
        self.directory = Path(tempfile.mkdtemp(prefix="bench-geotiff-"))
        self.addCleanup(shutil.rmtree, self.directory, True)

    def test_the_grid_is_rows_of_directories_of_columns(self):
        self.assertEqual(write_grid(self.directory, rows=3, columns=4), 12)
        files = sorted(p.relative_to(self.directory).as_posix() for p in self.directory.rglob("*.tif"))
        self.assertEqual(files[:5], ["grid/r00/c00.tif", "grid/r00/c01.tif", "grid/r00/c02.tif", "grid/r00/c03.tif",
                                     "grid/r01/c00.tif"])
        self.assertEqual(len(files), 12)

    def test_a_file_is_a_little_endian_tiff_with_its_pixels_last(self):
        body = geotiff_bytes(16, 16, bytes([7]) * 256, -120.0, 38.0, 0.01 / 16)
        self.assertEqual(body[:4], b"II*\x00")
        self.assertEqual(struct.unpack_from("<I", body, 4)[0], 8)
        self.assertEqual(body[-256:], bytes([7]) * 256)
        with self.assertRaises(ValueError):
            geotiff_bytes(16, 16, b"\x00" * 10, 0, 0, 1)

    @unittest.skipUnless(shutil.which("gdalinfo"), "gdalinfo (gdal-bin) is not installed")
    def test_gdal_reads_it_where_the_grid_puts_it(self):
        write_grid(self.directory, rows=3, columns=4)
        path = self.directory / "grid/r02/c03.tif"
        result = subprocess.run(["gdalinfo", "-json", "-stats", str(path)], capture_output=True, text=True, check=True)
        info = json.loads(result.stdout)
        self.assertEqual(info["size"], [16, 16])
        self.assertEqual(info["driverShortName"], "GTiff")
        self.assertIn('ID["EPSG",4326]', info["coordinateSystem"]["wkt"])
        west, size, _, north, _, negative = info["geoTransform"]
        self.assertAlmostEqual(west, -120 + 0.03)
        self.assertAlmostEqual(north, 38 - 0.02)
        self.assertAlmostEqual(size, 0.01 / 16)
        self.assertAlmostEqual(negative, -0.01 / 16)
        band = info["bands"][0]
        self.assertEqual(band["type"], "Byte")
        self.assertEqual((band["minimum"], band["maximum"]), (4, 4))


if __name__ == "__main__":
    unittest.main()
