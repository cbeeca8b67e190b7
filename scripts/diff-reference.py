#!/usr/bin/python3
"""The metrics `geotoolz diff` reports for two versions of a layer, computed without GeoToolz:
GDAL's own warp of each version's source to each tile (as scripts/tile-reference.py does), numpy
for the pipelines' arithmetic and for the metrics. Prints JSON:

    {"tiles": [{"tile": "z/x/y", "pixels": N, "compared": C, "meanAbsoluteDifference": …,
                "rootMeanSquareDifference": …, "maxAbsoluteDifference": …, "changedFraction": …,
                "becameNodata": L, "becameValid": G, "confusion": [[old, new, pixels], …]}, …],
     "percentiles": {"changedFraction": {"p50": …, "p90": …, "p99": …, "max": …},
                     "meanAbsoluteDifference": {…}}}

Used by Tests/GeoToolzDiffTests.

    diff-reference.py SPEC_JSON

SPEC_JSON: {"tiles": ["z/x/y", …], "side": 256 (optional), "tolerance": T (optional, 0),
"classes": true to add confusion matrices (first band; null is nodata),
"old": VERSION, "new": VERSION}, each VERSION {"source": PATH, "bands": [file bands],
"resampling": "nearest", "nodata": N (optional), "expressions": ["python over b1…bN", …]
(optional, applied in turn, each giving one band; b1…bN are the bands as the pipeline takes them,
in the order given; any pixel invalid in an input band is nodata, as are non-finite results)}.
"""

import json
import sys

import numpy

from tile_warp import warp


def values(version, z, x, y, side):
    layers = warp(version["source"], version["bands"], z, x, y, side, version.get("resampling", "nearest"),
                  version.get("nodata"))
    for expression in version.get("expressions", []):
        invalid = numpy.zeros((side, side), dtype=bool)
        for layer in layers:
            invalid |= ~numpy.isfinite(layer)
        names = {f"b{index + 1}": layer for index, layer in enumerate(layers)}
        names["where"] = numpy.where
        with numpy.errstate(all="ignore"):
            result = numpy.asarray(eval(expression, {"__builtins__": {}}, names), dtype=numpy.float32)
        result = numpy.broadcast_to(result, (side, side)).copy()
        result[invalid | ~numpy.isfinite(result)] = numpy.nan
        layers = [result]
    return layers


def metrics(old, new, tolerance, classes):
    side = old[0].shape[0]
    old_valid = numpy.logical_and.reduce([numpy.isfinite(layer) for layer in old])
    new_valid = numpy.logical_and.reduce([numpy.isfinite(layer) for layer in new])
    both = old_valid & new_valid
    bands = min(len(old), len(new))
    differences = numpy.stack([new[band].astype(numpy.float64) - old[band].astype(numpy.float64)
                               for band in range(bands)])[:, both]
    absolute = numpy.abs(differences)
    changed_values = int((absolute > tolerance).any(axis=0).sum()) if absolute.size else 0
    lost = int((old_valid & ~new_valid).sum())
    gained = int((~old_valid & new_valid).sum())
    result = {
        "pixels": side * side,
        "compared": int(both.sum()),
        "meanAbsoluteDifference": float(absolute.mean()) if absolute.size else 0.0,
        "rootMeanSquareDifference": float(numpy.sqrt((absolute ** 2).mean())) if absolute.size else 0.0,
        "maxAbsoluteDifference": float(absolute.max()) if absolute.size else 0.0,
        "becameNodata": lost,
        "becameValid": gained,
        "changedFraction": (changed_values + lost + gained) / (side * side),
    }
    if classes:
        def label(array):
            return numpy.where(numpy.isfinite(array), array, numpy.float32(-1e30))
        pairs = numpy.stack([label(old[0]).ravel(), label(new[0]).ravel()], axis=1)
        cells, counts = numpy.unique(pairs, axis=0, return_counts=True)
        result["confusion"] = [[None if a == numpy.float32(-1e30) else float(a),
                                None if b == numpy.float32(-1e30) else float(b), int(n)]
                               for (a, b), n in zip(cells, counts)]
    return result


def main():
    spec = json.loads(sys.argv[1])
    side = spec.get("side", 256)
    tiles = []
    for tile in spec["tiles"]:
        z, x, y = map(int, tile.split("/"))
        old = values(spec["old"], z, x, y, side)
        new = values(spec["new"], z, x, y, side)
        entry = metrics(old, new, spec.get("tolerance", 0), spec.get("classes", False))
        entry["tile"] = tile
        tiles.append(entry)
    percentiles = {}
    for metric in ["changedFraction", "meanAbsoluteDifference"]:
        series = numpy.array([tile[metric] for tile in tiles])
        percentiles[metric] = {f"p{p}": float(numpy.percentile(series, p)) for p in (50, 90, 99)}
        percentiles[metric]["max"] = float(series.max())
    print(json.dumps({"tiles": tiles, "percentiles": percentiles}))


if __name__ == "__main__":
    main()
