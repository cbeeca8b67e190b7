#!/usr/bin/python3
"""References for the server's query endpoints, computed with GDAL's Python bindings and numpy
only (never GeoToolz). Prints one JSON object.

  query-reference.py warp-compare ANSWER.tif REFERENCE.tif
      how many pixels of two rasters agree (value and validity), and whether the geotransforms do
  query-reference.py statistics SOURCE BAND OVERVIEW AREA PERCENTS BINS
      statistics of the source band's pixels whose centres fall inside AREA (a GeoJSON geometry
      in the source's CRS), read from the full raster (OVERVIEW -1) or overview OVERVIEW, over
      the window of that level covering the area's box; PERCENTS comma-separated
"""
import json
import math
import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()


def read(path):
    dataset = gdal.Open(path)
    values = dataset.ReadAsArray().astype(np.float64)
    band = dataset.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    if nodata is not None and not math.isnan(nodata):
        values[values == nodata] = np.nan
    return dataset, values


def warp_compare(answer, reference):
    a_set, a = read(answer)
    r_set, r = read(reference)
    same_shape = a.shape == r.shape
    both_nan = np.isnan(a) & np.isnan(r)
    close = np.abs(a - r) <= 1e-4 * np.maximum(1, np.abs(r))
    equal = int(np.count_nonzero(both_nan | close)) if same_shape else 0
    transform_equal = all(
        abs(x - y) <= 1e-9 * max(1, abs(y)) for x, y in zip(a_set.GetGeoTransform(), r_set.GetGeoTransform())
    )
    return {"pixels": int(r.size), "equal": equal, "transformEqual": transform_equal, "shape": same_shape,
            "valid": int(np.count_nonzero(~np.isnan(r)))}


def statistics(source, band_number, overview, area_text, percents, bins):
    dataset = gdal.Open(source)
    band = dataset.GetRasterBand(band_number)
    nodata = band.GetNoDataValue()
    level = band if overview < 0 else band.GetOverview(overview)
    origin_x, pixel_width, _, origin_y, _, pixel_height = dataset.GetGeoTransform()
    scale_x = dataset.RasterXSize / level.XSize
    scale_y = dataset.RasterYSize / level.YSize
    area = ogr.CreateGeometryFromJson(area_text)
    min_x, max_x, min_y, max_y = area.GetEnvelope()
    left = (min_x - origin_x) / pixel_width
    right = (max_x - origin_x) / pixel_width
    top = (max_y - origin_y) / pixel_height
    bottom = (min_y - origin_y) / pixel_height
    column = max(0, math.floor(left / scale_x))
    last_column = min(level.XSize, math.ceil(right / scale_x))
    row = max(0, math.floor(top / scale_y))
    last_row = min(level.YSize, math.ceil(bottom / scale_y))
    width, height = last_column - column, last_row - row
    values = level.ReadAsArray(column, row, width, height).astype(np.float64)
    # The pixels whose centres lie in the area: GDAL's rasteriser without ALL_TOUCHED.
    mask_set = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Byte)
    mask_set.SetGeoTransform((origin_x + column * pixel_width * scale_x, pixel_width * scale_x, 0,
                              origin_y + row * pixel_height * scale_y, 0, pixel_height * scale_y))
    memory = ogr.GetDriverByName("Memory").CreateDataSource("area")
    layer = memory.CreateLayer("area")
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(area)
    layer.CreateFeature(feature)
    gdal.RasterizeLayer(mask_set, [1], layer, burn_values=[1])
    inside = mask_set.ReadAsArray().astype(bool)
    valid = inside & np.isfinite(values)
    if nodata is not None and not math.isnan(nodata):
        valid &= values != nodata
    chosen = values[valid]
    result = {"column": column, "row": row, "width": width, "height": height,
              "pixels": int(np.count_nonzero(inside)), "count": int(chosen.size)}
    if chosen.size:
        counts, edges = np.histogram(chosen, bins=bins)
        result.update({
            "min": float(chosen.min()), "max": float(chosen.max()), "mean": float(chosen.mean()),
            "std": float(chosen.std()),
            "percentiles": [float(np.percentile(chosen, p)) for p in percents],
            "histogram": {"counts": [int(c) for c in counts], "edges": [float(e) for e in edges]},
        })
    return result


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "warp-compare":
        print(json.dumps(warp_compare(sys.argv[2], sys.argv[3])))
    elif command == "statistics":
        percents = [float(p) for p in sys.argv[6].split(",")]
        print(json.dumps(statistics(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], percents,
                                    int(sys.argv[7]))))
    else:
        sys.exit("unknown command " + command)
