#!/usr/bin/env python3
"""Decodes the tiles `geotoolz bench-render --write-tiles DIR` wrote with Pillow, a decoder
independent of the encoders GeoToolz links, and prints JSON: per layer and format, how many
tiles decoded, their pixel sizes, whether every format of a tile has the same size, and the mean
absolute difference of each lossy format's RGB from the PNG's (over pixels the PNG has opaque).

    /usr/bin/python3 bench/harness/decode_tiles.py DIR [--size 256]

Run with a python that has Pillow (Debian's python3-pil); the harness itself needs only the
standard library, so it runs this as a separate process and records a skip when Pillow is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    import PIL
    from PIL import Image, ImageChops, ImageStat
except ImportError:  # reported as JSON, so the harness can say why the check did not run
    print(json.dumps({"skipped": f"Pillow is not installed for {sys.executable}"}))
    sys.exit(0)

EXTENSIONS = ("png", "webp", "jpg")


def rgb_and_mask(image: Image.Image) -> tuple[Image.Image, Image.Image]:
    """The image's RGB, and a mask of its opaque pixels."""
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A").point(lambda a: 255 if a == 255 else 0)
    return rgba.convert("RGB"), alpha


def check(folder: Path, size: int) -> dict:
    layers: dict[str, dict] = {}
    for layer_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        # Each tile once, by its path without the extension.
        tiles = sorted({p.with_suffix("") for p in layer_dir.rglob("*") if p.suffix[1:] in EXTENSIONS})
        formats = {ext: {"tiles": 0, "decoded": 0, "sizes": {}, "modes": {}, "errors": []} for ext in EXTENSIONS}
        mismatched, diffs = 0, {ext: [] for ext in EXTENSIONS if ext != "png"}
        for tile in tiles:
            decoded = {}
            for ext in EXTENSIONS:
                path = tile.with_suffix(f".{ext}")
                if not path.exists():
                    continue
                entry = formats[ext]
                entry["tiles"] += 1
                try:
                    with Image.open(path) as image:
                        image.load()
                        decoded[ext] = image.copy()
                except Exception as error:  # any decoder failure is a finding, not a crash
                    entry["errors"].append(f"{path.relative_to(folder)}: {error}")
                    continue
                entry["decoded"] += 1
                key = f"{decoded[ext].width}x{decoded[ext].height}"
                entry["sizes"][key] = entry["sizes"].get(key, 0) + 1
                entry["modes"][decoded[ext].mode] = entry["modes"].get(decoded[ext].mode, 0) + 1
            if len({image.size for image in decoded.values()}) > 1:
                mismatched += 1
            if "png" in decoded:
                reference, opaque = rgb_and_mask(decoded["png"])
                for ext, image in decoded.items():
                    if ext == "png" or image.size != reference.size:
                        continue
                    # Mean over the opaque pixels of the PNG of |channel difference|, all three channels.
                    stat = ImageStat.Stat(ImageChops.difference(reference, image.convert("RGB")), mask=opaque)
                    if stat.count[0]:
                        diffs[ext].append(sum(stat.mean) / 3)
        for ext in EXTENSIONS:
            entry = formats[ext]
            if not entry["tiles"]:
                formats.pop(ext)
                continue
            entry["all_expected_size"] = entry["sizes"] == {f"{size}x{size}": entry["decoded"]}
            if ext in diffs and diffs[ext]:
                entry["mean_abs_diff_vs_png"] = sum(diffs[ext]) / len(diffs[ext])
        layers[layer_dir.name] = {"tiles": len(tiles), "size_mismatches": mismatched, "formats": formats}
    return {"decoder": f"Pillow {PIL.__version__}", "expected_size": f"{size}x{size}", "layers": layers}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", type=int, default=256, help="the tile side in pixels (512 at @2x)")
    args = parser.parse_args()
    print(json.dumps(check(args.folder, args.size), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
