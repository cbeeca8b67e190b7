"""Web-Mercator (XYZ) tile math and the deterministic tile lists of the scenarios."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable

# A test a tile must pass to be listed (harness/projection.py footprint_filter); None lists every tile.
Keep = Callable[["Tile"], bool] | None

# Web-Mercator's latitude limit: the square world of the XYZ tile matrix.
MAX_LATITUDE = 85.0511287798066


@dataclass(frozen=True, order=True)
class Tile:
    """One XYZ tile, y counted from the top."""

    z: int
    x: int
    y: int

    def __str__(self) -> str:
        return f"{self.z}/{self.x}/{self.y}"


@dataclass(frozen=True)
class Bounds:
    """A lon/lat rectangle, as TileJSON's bounds [west, south, east, north]."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def from_tilejson(cls, values: list[float]) -> "Bounds":
        west, south, east, north = (float(v) for v in values)
        return cls(west, south, east, north)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.west + self.east) / 2, (self.south + self.north) / 2


@dataclass(frozen=True)
class TileRange:
    """The tiles of one zoom between two corners, both inclusive."""

    z: int
    x_min: int
    x_max: int
    y_min: int
    y_max: int

    @property
    def width(self) -> int:
        return self.x_max - self.x_min + 1

    @property
    def height(self) -> int:
        return self.y_max - self.y_min + 1

    def __len__(self) -> int:
        return max(0, self.width) * max(0, self.height)

    def tiles(self) -> list[Tile]:
        """Row by row, west to east."""
        return [
            Tile(self.z, x, y)
            for y in range(self.y_min, self.y_max + 1)
            for x in range(self.x_min, self.x_max + 1)
        ]


def tile_fraction(lon: float, lat: float, z: int) -> tuple[float, float]:
    """The fractional tile coordinates of a lon/lat point at zoom z."""
    n = 2**z
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def tile_range(bounds: Bounds, z: int) -> TileRange:
    """The tiles sharing area with bounds (edges that only touch do not count, as the server)."""
    n = 2**z
    west, north = tile_fraction(bounds.west, bounds.north, z)
    east, south = tile_fraction(bounds.east, bounds.south, z)
    x_min = max(0, math.floor(west))
    x_max = min(n - 1, math.ceil(east) - 1)
    y_min = max(0, math.floor(north))
    y_max = min(n - 1, math.ceil(south) - 1)
    return TileRange(z, x_min, x_max, y_min, y_max)


def shuffled(tiles: list[Tile], seed: int) -> list[Tile]:
    """A copy of tiles in a fixed pseudo-random order."""
    result = list(tiles)
    random.Random(seed).shuffle(result)
    return result


def first_kept(tiles: Iterable[Tile], count: int, keep: Keep) -> list[Tile]:
    """The first count tiles that keep passes, testing no more than needed (a test may be costly)."""
    return list(islice(tiles if keep is None else (t for t in tiles if keep(t)), count))


def cold_tiles(bounds: Bounds, zooms: range, count: int, seed: int, keep: Keep = None) -> list[Tile]:
    """count distinct tiles of the zooms that keep passes, a seeded sample in a seeded order (all
    when fewer)."""
    every = [tile for z in zooms for tile in tile_range(bounds, z).tiles()]
    return first_kept(shuffled(every, seed), count, keep)


def sample_tiles(level: TileRange, count: int, seed: int, keep: Keep = None) -> list[Tile]:
    """count distinct tiles of one zoom's range that keep passes (all when fewer), a seeded sample
    in a seeded order, drawn by index: a deep zoom's range holds millions of tiles, too many to list."""
    size = len(level)
    rng = random.Random(seed)

    def tile(index: int) -> Tile:
        return Tile(level.z, level.x_min + index % level.width, level.y_min + index // level.width)

    if size <= 4 * count:
        return first_kept(map(tile, rng.sample(range(size), size)), count, keep)
    # Indices drawn one by one until count pass: the range is far larger than the sample.
    seen: set[int] = set()
    taken: list[Tile] = []
    while len(taken) < count and len(seen) < size:
        index = rng.randrange(size)
        if index not in seen:
            seen.add(index)
            taken += first_kept([tile(index)], 1, keep)
    return taken


def cold_tiles_from(
    bounds: Bounds, first_zoom: int, last_allowed_zoom: int, count: int, seed: int, keep: Keep = None
) -> tuple[list[Tile], range]:
    """At least count distinct tiles from first_zoom down, using the fewest zooms.

    Every tile of the shallower zooms that keep passes is taken; the deepest zoom gives a seeded
    subset that makes up the count. Returns the shuffled tiles and the zoom range used.
    """
    taken: list[Tile] = []
    for z in range(first_zoom, last_allowed_zoom + 1):
        level = tile_range(bounds, z).tiles()
        missing = count - len(taken)
        picked = first_kept(shuffled(level, seed + z), missing, keep)
        if len(picked) == missing:
            taken += picked
            return shuffled(taken, seed), range(first_zoom, z + 1)
        # Every tile of the zoom was tested: the ones kept, in the zoom's own order.
        kept = set(picked)
        taken += [tile for tile in level if tile in kept]
    return shuffled(taken, seed), range(first_zoom, last_allowed_zoom + 1)


def centre_block(bounds: Bounds, z: int, count: int) -> list[Tile]:
    """About count tiles in a square around the centre of bounds, clipped to the data."""
    side = math.ceil(math.sqrt(count))
    level = tile_range(bounds, z)
    cx, cy = (int(v) for v in tile_fraction(*bounds.centre, z))
    x0 = min(max(level.x_min, cx - side // 2), max(level.x_min, level.x_max - side + 1))
    y0 = min(max(level.y_min, cy - side // 2), max(level.y_min, level.y_max - side + 1))
    block = TileRange(z, x0, min(level.x_max, x0 + side - 1), y0, min(level.y_max, y0 + side - 1))
    return block.tiles()[:count]


def leaflet_order(view: TileRange) -> list[Tile]:
    """The tiles of a viewport in the order Leaflet's GridLayer queues them.

    Leaflet lists the range row by row, then stably sorts by the distance of each tile's
    integer coordinates to the range's centre ((min + max) / 2).
    """
    centre_x = (view.x_min + view.x_max) / 2
    centre_y = (view.y_min + view.y_max) / 2
    return sorted(view.tiles(), key=lambda t: math.hypot(t.x - centre_x, t.y - centre_y))


def map_pans(bounds: Bounds, z: int, width: int, height: int, step: int, count: int) -> list[list[Tile]]:
    """count viewports of width x height tiles snaking over the layer, each step tiles on.

    The view starts at the north-west corner, pans east by step until the next pan would leave
    the data, then pans south by step and continues west, and so on (bouncing north at the
    bottom). Each viewport is in Leaflet's centre-out order.
    """
    level = tile_range(bounds, z)
    if level.width < width or level.height < height:
        raise ValueError(f"zoom {z} is {level.width}x{level.height} tiles, smaller than a {width}x{height} view")
    x, y = level.x_min, level.y_min
    dx, dy = step, step
    views = []
    for _ in range(count):
        view = TileRange(z, x, x + width - 1, y, y + height - 1)
        views.append(leaflet_order(view))
        if level.x_min <= x + dx and x + dx + width - 1 <= level.x_max:
            x += dx
            continue
        dx = -dx
        if not (level.y_min <= y + dy and y + dy + height - 1 <= level.y_max):
            dy = -dy
        y += dy
    return views
