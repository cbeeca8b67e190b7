#!/usr/bin/python3
"""The tiles a seeding plan over polygons should hold, computed with shapely, for the tests.

Usage: coverage-reference.py REQUEST.json
REQUEST: {"grid": "WebMercatorQuad" | "WorldCRS84Quad", "zooms": [z, ...],
          "geojson": <GeoJSON area>, "data": [west, south, east, north]}
Prints {"<z>": [[x, y], ...]}: the tiles whose interior meets both the area's interior
(DE-9IM T********: touching along an edge is not enough) and the data box's, with tile edges
from the slippy-map formulas (or 180/2^z degrees for WorldCRS84Quad).
"""
import json
import math
import sys

from shapely.geometry import box, shape
from shapely.ops import unary_union


def geometry(area):
    if area["type"] == "FeatureCollection":
        return unary_union([shape(feature["geometry"]) for feature in area["features"]])
    if area["type"] == "Feature":
        return shape(area["geometry"])
    return shape(area)


def tile_box(grid, z, x, y):
    if grid == "WorldCRS84Quad":
        size = 180.0 / (1 << z)
        return (-180 + x * size, 90 - (y + 1) * size, -180 + (x + 1) * size, 90 - y * size)
    n = float(1 << z)

    def lat(row):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return (x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y))


def main():
    request = json.load(open(sys.argv[1]))
    grid = request["grid"]
    area = geometry(request["geojson"])
    west, south, east, north = request["data"]
    answer = {}
    for z in request["zooms"]:
        columns = (2 << z) if grid == "WorldCRS84Quad" else (1 << z)
        rows = 1 << z
        tiles = []
        for y in range(rows):
            w0, s0, e0, n0 = tile_box(grid, z, 0, y)
            if s0 >= north or n0 <= south or s0 >= area.bounds[3] or n0 <= area.bounds[1]:
                continue
            for x in range(columns):
                w, s, e, n = tile_box(grid, z, x, y)
                if w >= east or e <= west or w >= area.bounds[2] or e <= area.bounds[0]:
                    continue
                if area.relate_pattern(box(w, s, e, n), "T********"):
                    tiles.append([x, y])
        answer[str(z)] = tiles
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
