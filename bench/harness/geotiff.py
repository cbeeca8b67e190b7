"""A minimal GeoTIFF writer: one band of bytes in EPSG:4326, uncompressed, one strip.

Enough to make the thousands of small files of the mosaic-load step in about a second with the
standard library alone (the harness needs no GDAL bindings); GDAL reads them as it reads any
GeoTIFF (bench/tests/test_geotiff.py checks that with gdalinfo).
"""

from __future__ import annotations

import struct
from pathlib import Path

SHORT, LONG, DOUBLE = 3, 4, 12
# GeoKeyDirectory: version 1.1.0, three keys: a geographic model, pixels as areas, EPSG:4326.
GEOKEYS_4326 = (1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326)


def geotiff_bytes(width: int, height: int, pixels: bytes, west: float, north: float, pixel_size: float) -> bytes:
    """The file: `pixels` (row-major, width × height bytes) with its top-left corner at
    (west, north) in degrees and square pixels of `pixel_size` degrees."""
    if len(pixels) != width * height:
        raise ValueError(f"{width}x{height} pixels need {width * height} bytes, got {len(pixels)}")
    scale = struct.pack("<3d", pixel_size, pixel_size, 0.0)
    tiepoint = struct.pack("<6d", 0.0, 0.0, 0.0, west, north, 0.0)
    geokeys = struct.pack(f"<{len(GEOKEYS_4326)}H", *GEOKEYS_4326)
    entries = 14
    data_start = 8 + 2 + 12 * entries + 4
    scale_at = data_start
    tiepoint_at = scale_at + len(scale)
    geokeys_at = tiepoint_at + len(tiepoint)
    pixels_at = geokeys_at + len(geokeys)
    # (tag, type, count, value or offset), in tag order as TIFF requires.
    tags = [
        (256, SHORT, 1, width),  # ImageWidth
        (257, SHORT, 1, height),  # ImageLength
        (258, SHORT, 1, 8),  # BitsPerSample
        (259, SHORT, 1, 1),  # Compression: none
        (262, SHORT, 1, 1),  # PhotometricInterpretation: black is zero
        (273, LONG, 1, pixels_at),  # StripOffsets
        (277, SHORT, 1, 1),  # SamplesPerPixel
        (278, SHORT, 1, height),  # RowsPerStrip: one strip
        (279, LONG, 1, len(pixels)),  # StripByteCounts
        (284, SHORT, 1, 1),  # PlanarConfiguration: contiguous
        (339, SHORT, 1, 1),  # SampleFormat: unsigned integer
        (33550, DOUBLE, 3, scale_at),  # ModelPixelScaleTag
        (33922, DOUBLE, 6, tiepoint_at),  # ModelTiepointTag
        (34735, SHORT, len(GEOKEYS_4326), geokeys_at),  # GeoKeyDirectoryTag
    ]
    assert len(tags) == entries
    ifd = [struct.pack("<2sHI", b"II", 42, 8), struct.pack("<H", entries)]
    for tag, kind, count, value in tags:
        inline = kind == SHORT and count == 1
        ifd.append(struct.pack("<HHIH2x", tag, kind, count, value) if inline else struct.pack("<HHII", tag, kind, count, value))
    ifd.append(struct.pack("<I", 0))  # no next IFD
    return b"".join(ifd) + scale + tiepoint + geokeys + pixels


def write_grid(directory: Path, rows: int = 100, columns: int = 100, size: int = 16, cell: float = 0.01,
               west: float = -120.0, north: float = 38.0) -> int:
    """`rows` × `columns` files of size × size pixels, each a `cell`-degree square, from (west,
    north) going east and south: `grid/rNN/cNN.tif`, one directory per row, each file's value its
    column + 1. The defaults are MosaicScaleTests' fixture: 10,000 files over 120°–119° W,
    37°–38° N. Returns how many files were written."""
    for row in range(rows):
        folder = directory / "grid" / f"r{row:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for column in range(columns):
            pixels = bytes([(column + 1) % 256]) * (size * size)
            body = geotiff_bytes(size, size, pixels, west + cell * column, north - cell * row, cell / size)
            (folder / f"c{column:02d}.tif").write_bytes(body)
    return rows * columns
