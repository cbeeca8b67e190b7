#!/usr/bin/python3
"""The expected pixels of a tile drawn with TiTiler's rendering parameters, computed without
GeoToolz: GDAL's own warp (as `gdalwarp -t_srs EPSG:3857 -te … -ts …` does), numpy for band
math and stretches, matplotlib for colormaps. Compares them with a tile PNG and prints JSON:

    {"pixels": N, "matching": M, "transparent": T, "expectedTransparent": E, "maxDifference": D}

Used by the server's tests (Tests/GeoToolzServerTests/RenderingParameterTests.swift).

    tile-reference.py PNG SOURCE Z/X/Y SPEC_JSON

SPEC_JSON: {"bands": [file bands to read], "resampling": "bilinear", "nodata": N (optional),
"expression": "python over b1…bN" (optional; else the bands as read), then one of
"colormap": {"name": NAME, "vmin": A, "vmax": B} (matplotlib's rule),
"classes": {"value": [r, g, b, a]} (other values transparent), or
"stretch": [[low, high], …] (TiTiler's rescale to bytes, truncated), and "opaque": true for
return_mask=false (nodata drawn as the colormap's first colour, or black), "tolerance": channel
difference allowed (default 0)}.
"""

import json
import sys

import numpy
from osgeo import gdal
from PIL import Image
import matplotlib

import tile_warp


def warp(source, bands, z, x, y, side, resampling, nodata):
    """The bands' values by band number (tile_warp.warp)."""
    return dict(zip(bands, tile_warp.warp(source, bands, z, x, y, side, resampling, nodata)))


def expected(spec, values, side):
    if "expression" in spec:
        names = {f"b{band}": value for band, value in values.items()}
        names["where"] = numpy.where
        with numpy.errstate(all="ignore"):
            layers = [numpy.asarray(eval(part, {"__builtins__": {}}, names), dtype=numpy.float32)
                      for part in spec["expression"].split(";")]
    else:
        layers = [values[band] for band in spec["bands"]]
    invalid = numpy.zeros((side, side), dtype=bool)
    for layer in layers:
        invalid |= ~numpy.isfinite(layer)
    rgba = numpy.zeros((side, side, 4), dtype=numpy.uint8)
    if "colormap" in spec:
        colormap = spec["colormap"]
        cmap = matplotlib.colormaps[colormap["name"]]
        # matplotlib's rule, t in float64: Normalize would round vmin and vmax to float16
        # (numpy's smallest scalar type for them), moving the bounds of values like -0.2.
        low, high = colormap["vmin"], colormap["vmax"]
        data = numpy.where(invalid, 0, layers[0]).astype(numpy.float64)
        rgba[:] = cmap((data - low) / (high - low), bytes=True)
        fill = cmap(0.0, bytes=True)
    elif "classes" in spec:
        data = layers[0]
        for value, colour in spec["classes"].items():
            rgba[data == float(value)] = colour
        fill = spec["classes"][min(spec["classes"], key=float)]
    else:
        for index, layer in enumerate(layers):
            low, high = spec["stretch"][index if len(spec["stretch"]) > 1 else 0]
            # rio-tiler's linear_rescale, then a cast to bytes (truncation).
            scaled = (numpy.clip(layer, low, high) - low) / (high - low) * 255
            rgba[..., index] = numpy.where(invalid, 0, scaled).astype(numpy.uint8)
        if len(layers) == 1:
            rgba[..., 1] = rgba[..., 0]
            rgba[..., 2] = rgba[..., 0]
        rgba[..., 3] = 255
        fill = (0, 0, 0, 255)
    if spec.get("opaque"):
        rgba[invalid] = fill
        rgba[..., 3] = numpy.where(invalid, 255, rgba[..., 3])
    else:
        rgba[invalid] = 0
    return rgba, invalid


def main():
    png, source, tile, spec = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    z, x, y = map(int, tile.split("/"))
    actual = numpy.asarray(Image.open(png).convert("RGBA"))
    side = actual.shape[0]
    bands = sorted(set(spec["bands"]))
    values = warp(source, bands, z, x, y, side, spec.get("resampling", "nearest"), spec.get("nodata"))
    wanted, invalid = expected(spec, values, side)
    difference = numpy.abs(actual.astype(int) - wanted.astype(int))
    # Fully transparent pixels match whatever their colour channels hold.
    difference[(actual[..., 3] == 0) & (wanted[..., 3] == 0)] = 0
    worst = difference.max(axis=2)
    print(json.dumps({
        "pixels": int(side * side),
        "matching": int((worst <= spec.get("tolerance", 0)).sum()),
        "transparent": int((actual[..., 3] == 0).sum()),
        "expectedTransparent": int((wanted[..., 3] == 0).sum()),
        "expectedNodata": int(invalid.sum()),
        "maxDifference": int(worst.max()),
    }))


if __name__ == "__main__":
    main()
