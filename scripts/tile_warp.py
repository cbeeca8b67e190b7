"""A tile's source values as gdalwarp reads them, for the reference scripts (tile-reference.py,
diff-reference.py): GDAL's warp of the source onto the WebMercatorQuad tile, never GeoToolz."""

import numpy
from osgeo import gdal

ORIGIN = 20037508.342789244


def tile_bounds(z, x, y):
    """The EPSG:3857 bounds of XYZ tile z/x/y."""
    size = 2 * ORIGIN / (1 << z)
    return (-ORIGIN + x * size, ORIGIN - (y + 1) * size, -ORIGIN + (x + 1) * size, ORIGIN - y * size)


def warp(source, bands, z, x, y, side, resampling, nodata):
    """The `bands` of `source` warped onto tile z/x/y, `side` pixels a side, as float32 arrays in
    the order asked, NaN where there is no data.

    Only the bands asked for (gdalwarp 3.6 cannot select bands), each masked by its own nodata:
    gdalwarp's default for several bands (UNIFIED_SRC_NODATA=PARTIAL) masks a pixel only where
    every band holds nodata."""
    dataset = gdal.Open(source)
    selected = gdal.Translate("", dataset, format="VRT", bandList=bands)
    options = dict(
        format="MEM", dstSRS="EPSG:3857", outputBounds=tile_bounds(z, x, y), width=side, height=side,
        resampleAlg=resampling, outputType=gdal.GDT_Float32, dstNodata=float("nan"), errorThreshold=0.125,
        warpOptions=["UNIFIED_SRC_NODATA=NO"])
    if nodata is not None:
        options["srcNodata"] = nodata
    warped = gdal.Warp("", selected, **options)
    return [warped.GetRasterBand(index + 1).ReadAsArray().astype(numpy.float32) for index in range(len(bands))]
