"""Which XYZ tiles touch a UTM raster's own rectangle, with the standard library only.

The lon/lat bounds of a raster in UTM (its TileJSON bounds) hold corners outside the rotated
rectangle the file covers. geotoolz answers tiles there with a transparent tile; TiTiler
(rio-tiler's tile_exists) transforms the tile's bounds into the file's CRS, finds no overlap with
the file's rectangle and answers 404, which a load run would count as a fast answer. The projected
scenarios' lists keep only tiles overlapping the rectangle, tested as rio-tiler tests them: the
tile's edges densified, projected, and their bounding box compared with the rectangle.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .tilemath import Tile

# WGS 84, the datum of EPSG:326xx (north) and 327xx (south).
SEMI_MAJOR = 6378137.0
FLATTENING = 1 / 298.257223563
UTM_SCALE = 0.9996
FALSE_EASTING, FALSE_NORTHING_SOUTH = 500000.0, 10000000.0
# rio-tiler's transform_bounds(..., densify_pts=21): points added along each edge of a tile.
DENSIFY_POINTS = 21
# Web Mercator's sphere.
MERCATOR_RADIUS = 6378137.0


def _kruger_coefficients(n: float) -> tuple[float, list[float]]:
    """The rectifying radius A and the series alpha_1..6 of Krüger's forward transverse Mercator,
    to n^6 (Karney 2011, "Transverse Mercator with an accuracy of a few nanometers")."""
    radius = SEMI_MAJOR / (1 + n) * (1 + n**2 / 4 + n**4 / 64 + n**6 / 256)
    alphas = [
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180 - 127 * n**5 / 288 + 7891 * n**6 / 37800,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440 + 281 * n**5 / 630 - 1983433 * n**6 / 1935360,
        61 * n**3 / 240 - 103 * n**4 / 140 + 15061 * n**5 / 26880 + 167603 * n**6 / 181440,
        49561 * n**4 / 161280 - 179 * n**5 / 168 + 6601661 * n**6 / 7257600,
        34729 * n**5 / 80640 - 3418889 * n**6 / 1995840,
        212378941 * n**6 / 319334400,
    ]
    return radius, alphas


_RECTIFYING_RADIUS, _ALPHAS = _kruger_coefficients(FLATTENING / (2 - FLATTENING))
_ECCENTRICITY = math.sqrt(FLATTENING * (2 - FLATTENING))


@dataclass(frozen=True)
class Utm:
    """A UTM zone of WGS 84."""

    zone: int
    north: bool

    @classmethod
    def from_code(cls, code: str) -> "Utm | None":
        """EPSG:326zz or EPSG:327zz; None for any other CRS."""
        match = re.fullmatch(r"EPSG:32([67])(\d\d)", code.strip().upper())
        if not match or not 1 <= int(match.group(2)) <= 60:
            return None
        return cls(int(match.group(2)), match.group(1) == "6")

    @property
    def central_meridian(self) -> float:
        return -183.0 + 6.0 * self.zone

    def forward(self, lon: float, lat: float) -> tuple[float, float]:
        """Easting and northing in metres of a WGS 84 lon/lat."""
        phi, lam = math.radians(lat), math.radians(lon - self.central_meridian)
        sin_phi = math.sin(phi)
        t = math.sinh(math.atanh(sin_phi) - _ECCENTRICITY * math.atanh(_ECCENTRICITY * sin_phi))
        xi_prime = math.atan2(t, math.cos(lam))
        eta_prime = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
        xi, eta = xi_prime, eta_prime
        for j, alpha in enumerate(_ALPHAS, start=1):
            xi += alpha * math.sin(2 * j * xi_prime) * math.cosh(2 * j * eta_prime)
            eta += alpha * math.cos(2 * j * xi_prime) * math.sinh(2 * j * eta_prime)
        easting = FALSE_EASTING + UTM_SCALE * _RECTIFYING_RADIUS * eta
        northing = UTM_SCALE * _RECTIFYING_RADIUS * xi + (0.0 if self.north else FALSE_NORTHING_SOUTH)
        return easting, northing


@dataclass(frozen=True)
class Rectangle:
    """A raster's extent in its own CRS: x_min, y_min, x_max, y_max."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @classmethod
    def from_geotransform(cls, transform: list[float], size: list[int]) -> "Rectangle":
        """From GDAL's geotransform (no rotation) and the raster's width and height."""
        x0, dx, _, y0, _, dy = transform
        xs, ys = (x0, x0 + dx * size[0]), (y0, y0 + dy * size[1])
        return cls(min(xs), min(ys), max(xs), max(ys))


def tile_edge_points(tile: Tile) -> list[tuple[float, float]]:
    """Lon/lat points along a tile's four edges, evenly spaced in Web Mercator metres as
    rio-tiler densifies them (DENSIFY_POINTS between each pair of corners)."""
    n = 2**tile.z
    extent = math.pi * MERCATOR_RADIUS
    size = 2 * extent / n
    west, north = -extent + tile.x * size, extent - tile.y * size
    east, south = west + size, north - size
    steps = [i / (DENSIFY_POINTS + 1) for i in range(DENSIFY_POINTS + 2)]
    points = []
    for s in steps:
        x, y = west + s * size, south + s * size
        points += [(x, north), (x, south), (west, y), (east, y)]
    return [(math.degrees(x / MERCATOR_RADIUS), math.degrees(math.atan(math.sinh(y / MERCATOR_RADIUS))))
            for x, y in points]


def overlaps(tile: Tile, utm: Utm, rectangle: Rectangle, margin: float) -> bool:
    """Whether the box of the tile's projected edges overlaps the rectangle by more than margin
    metres along both axes."""
    projected = [utm.forward(lon, lat) for lon, lat in tile_edge_points(tile)]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    return (min(xs) + margin < rectangle.x_max and max(xs) - margin > rectangle.x_min
            and min(ys) + margin < rectangle.y_max and max(ys) - margin > rectangle.y_min)


def footprint_filter(info: dict):
    """A test of tiles against the rectangle of a one-file UTM layer, from geotoolz's
    /layers/<layer>/info; None for any other layer (its lists are not filtered). A tile must overlap
    the rectangle by half a source pixel: a sliver of less holds no pixel centre, and the margin
    keeps the test on the same side as rio-tiler's where the two computations differ."""
    sources = info.get("sources") or []
    if len(sources) != 1 or sources[0].get("files", 1) != 1:
        return None
    source = sources[0]
    utm = Utm.from_code((source.get("crs") or {}).get("code", ""))
    if utm is None or "geoTransform" not in source or "size" not in source:
        return None
    rectangle = Rectangle.from_geotransform(source["geoTransform"], source["size"])
    margin = min(abs(source["geoTransform"][1]), abs(source["geoTransform"][5])) / 2

    def keep(tile: Tile) -> bool:
        return overlaps(tile, utm, rectangle, margin)

    return keep
