#!/usr/bin/env python3
"""Reads a tile archive with independent readers and prints what they see, as JSON.

    archive-reference.py mbtiles FILE [--gdal-tile Z/X/Y]   (Debian's python3: sqlite3, GDAL, PIL)
    archive-reference.py pmtiles FILE [--lookups N]         (the test venv: the pmtiles package)
    archive-reference.py server BASE-URL Z/X/Y ... [--suffix .png]   (urllib: what a server answers)

The archive tests (Tests/GeoToolzIOTests/*ArchiveTests.swift) compare the output with what
they wrote: every tile's SHA-256, the metadata, how tiles are stored.
"""

import argparse
import hashlib
import json
import sys


def tile_record(z, x, y, data):
    return [z, x, y, hashlib.sha256(data).hexdigest(), len(data)]


def read_mbtiles(path, gdal_tile):
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    out["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
    out["journal_mode"] = db.execute("PRAGMA journal_mode").fetchone()[0]
    out["objects"] = {name: kind for kind, name in db.execute("SELECT type, name FROM sqlite_master")}
    unique = [row[2] for row in db.execute("PRAGMA index_list(map)")]
    out["map_has_unique_index"] = any(unique)
    out["metadata"] = dict(db.execute("SELECT name, value FROM metadata"))
    out["map_rows"] = db.execute("SELECT COUNT(*) FROM map").fetchone()[0]
    out["image_rows"] = db.execute("SELECT COUNT(*) FROM images").fetchone()[0]
    out["distinct_images"] = db.execute("SELECT COUNT(DISTINCT tile_data) FROM images").fetchone()[0]
    tiles = []
    for z, column, row, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
        tiles.append(tile_record(z, column, (1 << z) - 1 - row, data))
    out["tiles"] = tiles
    if gdal_tile:
        out["gdal"] = read_with_gdal(path, db, gdal_tile)
    db.close()
    return out


def read_with_gdal(path, db, address):
    """Opens the archive with GDAL's MBTiles driver and reads the pixels of one tile, to compare
    with the PNG stored for it, decoded by PIL."""
    import io

    from osgeo import gdal
    from PIL import Image

    gdal.UseExceptions()
    z, x, y = (int(part) for part in address.split("/"))
    dataset = gdal.OpenEx(path, gdal.OF_RASTER)
    transform = dataset.GetGeoTransform()
    half = 20037508.342789244
    span = 2 * half / (1 << z)
    column = round((-half + x * span - transform[0]) / transform[1])
    row = round((half - y * span - transform[3]) / transform[5])
    bands = dataset.RasterCount
    # GDAL's raster ends at the bounds in the metadata: a tile on the edge is read where it overlaps.
    left, top = max(column, 0), max(row, 0)
    right, bottom = min(column + 256, dataset.RasterXSize), min(row + 256, dataset.RasterYSize)
    pixels = [
        dataset.GetRasterBand(band + 1).ReadRaster(left, top, right - left, bottom - top, buf_type=gdal.GDT_Byte)
        for band in range(bands)
    ]
    stored = db.execute(
        "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
        (z, x, (1 << z) - 1 - y),
    ).fetchone()[0]
    image = Image.open(io.BytesIO(stored)).convert("RGBA").crop(
        (left - column, top - row, right - column, bottom - row))
    expected = [image.getchannel(channel).tobytes() for channel in "RGBA"[:bands]]
    return {
        "driver": dataset.GetDriver().ShortName,
        "width": dataset.RasterXSize,
        "height": dataset.RasterYSize,
        "bands": bands,
        "geotransform": list(transform),
        "srs_epsg": dataset.GetSpatialRef().GetAuthorityCode(None),
        "window": [column, row],
        "overlap": [right - left, bottom - top],
        "pixels_match": pixels == expected,
        "opaque_pixels": sum(1 for value in pixels[-1] if value == 255) if bands == 4 else None,
    }


def read_pmtiles(path, lookups):
    from pmtiles.reader import MmapSource, Reader, all_tiles
    from pmtiles.tile import deserialize_directory

    with open(path, "rb") as f:
        source = MmapSource(f)
        reader = Reader(source)
        header = reader.header()
        out = {"header": {key: (value.name if hasattr(value, "name") else value) for key, value in header.items()}}
        out["metadata"] = reader.metadata()
        tiles = []
        for (z, x, y), data in all_tiles(source):
            tiles.append(tile_record(z, x, y, data))
        out["tiles"] = tiles

        # The directories as stored: how many leaves, whether blobs are in tile-id order
        # (clustered), how many distinct blobs the entries point at.
        # (deserialize_directory inflates gzip itself)
        def read_directory(offset, length):
            return deserialize_directory(source(offset, length))

        root = read_directory(header["root_offset"], header["root_length"])
        entries = [entry for entry in root if entry.run_length > 0]
        leaves = [entry for entry in root if entry.run_length == 0]
        for leaf in leaves:
            entries += read_directory(header["leaf_directory_offset"] + leaf.offset, leaf.length)
        out["root_entries"] = len(root)
        out["leaves"] = len(leaves)
        out["entries"] = len(entries)
        out["runs_over_one"] = sum(1 for entry in entries if entry.run_length > 1)
        blobs = {(entry.offset, entry.length) for entry in entries}
        out["distinct_blobs"] = len(blobs)
        out["distinct_blob_bytes"] = sum(length for _, length in blobs)
        end = 0
        clustered = True
        for entry in sorted(entries, key=lambda entry: entry.tile_id):
            if entry.offset == end:
                end += entry.length
            elif entry.offset + entry.length > end:
                clustered = False
        out["clustered_order"] = clustered
        out["root_fits"] = 127 + header["root_length"] <= 16384

        # Look-ups by z/x/y through the package's own Hilbert ids, for a spread of tiles.
        step = max(1, len(tiles) // max(1, lookups))
        checked = 0
        wrong = []
        for z, x, y, digest, _ in tiles[::step]:
            data = reader.get(z, x, y)
            checked += 1
            if data is None or hashlib.sha256(data).hexdigest() != digest:
                wrong.append(f"{z}/{x}/{y}")
        out["lookups_checked"] = checked
        out["lookups_wrong"] = wrong
    return out


def fetch_tiles(base, addresses, suffix):
    """`{"z/x/y": [status, sha256, length]}` of `BASE/z/x/y<suffix>` for each address."""
    import urllib.error
    import urllib.request

    out = {}
    for address in addresses:
        try:
            with urllib.request.urlopen(f"{base}/{address}{suffix}", timeout=30) as response:
                data = response.read()
                out[address] = [response.status, hashlib.sha256(data).hexdigest(), len(data)]
        except urllib.error.HTTPError as error:
            out[address] = [error.code, None, 0]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("format", choices=["mbtiles", "pmtiles", "server"])
    parser.add_argument("path")
    parser.add_argument("tiles", nargs="*")
    parser.add_argument("--gdal-tile")
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--suffix", default=".png")
    args = parser.parse_intermixed_args()
    if args.format == "server":
        result = fetch_tiles(args.path, args.tiles, args.suffix)
    elif args.format == "mbtiles":
        result = read_mbtiles(args.path, args.gdal_tile)
    else:
        result = read_pmtiles(args.path, args.lookups)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
