"""Compares the same tiles from GeoToolz and TiTiler pixel by pixel (decoded RGBA).

Runs with the TiTiler virtualenv's python (numpy and rasterio come with titiler):

    .bench-venv/bin/python bench/peers/titiler/compare.py \
        --geotoolz http://127.0.0.1:8080 --titiler http://127.0.0.1:8000 \
        --data data --tiles tiles.json

tiles.json maps a layer name to [[z, x, y], ...]. Prints JSON: per layer the mean absolute
difference per channel (0-255), the share of pixels whose four channels all lie within
+-8, and the share whose transparency disagrees. Pixels transparent in both count as equal
whatever colour they carry.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import ColorInterp
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile

TOLERANCE = 8
HERE = Path(__file__).resolve().parent


def fetch(url: str) -> bytes:
    """The body of a 200 answer; anything else is an error naming the URL."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            return response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}: {error.read()[:300]!r}") from error


def decode_rgba(png: bytes) -> np.ndarray:
    """A PNG (palette, grey, grey+alpha, RGB or RGBA) as an H x W x 4 uint8 array."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with MemoryFile(png) as memory, memory.open() as image:
            data = image.read()
            count = image.count
            if count == 1 and image.colorinterp[0] == ColorInterp.palette:
                # GDAL's PNG driver puts the tRNS alpha into the colour table entries.
                lut = np.zeros((256, 4), dtype=np.uint8)
                for index, entry in image.colormap(1).items():
                    lut[index] = entry
                return lut[data[0]]
    height, width = data.shape[1:]
    opaque = np.full((height, width), 255, dtype=np.uint8)
    if count == 1:
        return np.dstack([data[0], data[0], data[0], opaque])
    if count == 2:
        return np.dstack([data[0], data[0], data[0], data[1]])
    if count == 3:
        return np.dstack([data[0], data[1], data[2], opaque])
    return np.dstack([data[0], data[1], data[2], data[3]])


def compare(ours: np.ndarray, theirs: np.ndarray) -> dict:
    """Per-channel absolute differences of two RGBA tiles."""
    if ours.shape != theirs.shape:
        raise RuntimeError(f"tile sizes differ: {ours.shape} vs {theirs.shape}")
    ours, theirs = ours.astype(np.int16), theirs.astype(np.int16)
    both_clear = (ours[..., 3] == 0) & (theirs[..., 3] == 0)
    difference = np.abs(ours - theirs)
    difference[both_clear] = 0
    return {
        "pixels": int(difference.shape[0] * difference.shape[1]),
        "abs_sum": difference.reshape(-1, 4).sum(axis=0).astype(np.int64),
        "within": int(np.all(difference <= TOLERANCE, axis=-1).sum()),
        "alpha_disagrees": int(((ours[..., 3] == 0) != (theirs[..., 3] == 0)).sum()),
        "max": difference.reshape(-1, 4).max(axis=0),
    }


def titiler_path(spec: dict, data_dir: Path, z: int, x: int, y: int) -> str:
    source = urllib.parse.quote(str((data_dir / spec["source"]).resolve()), safe="/")
    return spec["template"].format(z=z, x=x, y=y, url=source)


def compare_layer(layer: str, tiles: list, args, spec: dict) -> dict:
    """Fetches every tile from both servers and sums up the differences."""
    pixels, within, alpha_disagrees = 0, 0, 0
    abs_sum = np.zeros(4, dtype=np.int64)
    worst = np.zeros(4, dtype=np.int64)
    per_tile = []
    for z, x, y in tiles:
        ours = decode_rgba(fetch(f"{args.geotoolz}/tiles/{layer}/{z}/{x}/{y}.png"))
        theirs = decode_rgba(fetch(args.titiler + titiler_path(spec, args.data, z, x, y)))
        result = compare(ours, theirs)
        pixels += result["pixels"]
        within += result["within"]
        alpha_disagrees += result["alpha_disagrees"]
        abs_sum += result["abs_sum"]
        worst = np.maximum(worst, result["max"])
        per_tile.append(
            {"tile": f"{z}/{x}/{y}", "within_tolerance": round(result["within"] / result["pixels"], 4)}
        )
    mean = abs_sum / max(pixels, 1)
    return {
        "tiles": len(tiles),
        "mean_abs_diff": dict(zip("rgba", (round(float(v), 3) for v in mean))),
        "max_abs_diff": dict(zip("rgba", (int(v) for v in worst))),
        "within_tolerance": round(within / max(pixels, 1), 4),
        "tolerance": TOLERANCE,
        "alpha_disagrees": round(alpha_disagrees / max(pixels, 1), 4),
        "per_tile": per_tile,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geotoolz", required=True, help="base URL of a running geotoolz serve")
    parser.add_argument("--titiler", required=True, help="base URL of a running TiTiler")
    parser.add_argument("--data", type=Path, required=True, help="the data directory both serve")
    parser.add_argument("--tiles", type=Path, required=True, help="JSON: layer -> [[z, x, y], ...]")
    parser.add_argument("--layers-json", type=Path, default=HERE / "layers.json")
    args = parser.parse_args()
    specs = json.loads(args.layers_json.read_text())["layers"]
    wanted = json.loads(args.tiles.read_text())
    report = {"decoder": f"rasterio {rasterio.__version__} (GDAL {rasterio.__gdal_version__})"}
    for layer, tiles in wanted.items():
        report[layer] = compare_layer(layer, tiles, args, specs[layer])
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
