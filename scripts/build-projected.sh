#!/usr/bin/env bash
# Builds DIR/projected (default DIR: data) from the sample rasters: the kind of file most servers
# are given, a projected cloud-optimised GeoTIFF with a nodata value, so the demo layers and the
# benchmarks cover it beside the EPSG:4326 samples:
#   srtm-utm11.tif     DIR/srtm90.tif in UTM 11N (EPSG:32611), 90 m, Int16, nodata -32768 in the
#                      collar around the rotated footprint; 512-pixel blocks, nearest overviews
#   landsat-utm12.tif  DIR/landsat.tif in UTM 12N (EPSG:32612), 30 m, 7 Byte bands, nodata 0;
#                      pixel-interleaved 256-pixel blocks, averaged overviews
# Only gdal-bin's tools. Deterministic (fixed options, no timestamps) and idempotent: a finished
# folder (its .complete marker names this script's version) is left alone.
set -euo pipefail

dir="${1:-data}"
version="projected v1"
out="$dir/projected"

fail() {
    echo "build-projected: $*" >&2
    exit 1
}

[[ -f "$out/.complete" && "$(cat "$out/.complete")" == "$version" ]] && exit 0
for source in srtm90.tif landsat.tif; do
    [[ -f "$dir/$source" ]] || fail "$dir/$source is missing (run scripts/fetch-data.sh first)"
done
for tool in gdal_translate gdalwarp; do
    command -v "$tool" >/dev/null || fail "$tool is needed (Debian: gdal-bin)"
done

work="$(mktemp -d "$dir/.projected.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# project SOURCE NAME CRS RESOLUTION NODATA TYPE BLOCK OVERVIEWS [warp options...]
project() {
    local source="$1" name="$2" crs="$3" resolution="$4" nodata="$5" type="$6" block="$7" overviews="$8"
    shift 8
    gdalwarp -q -t_srs "$crs" -tr "$resolution" "$resolution" -r bilinear -ot "$type" -dstnodata "$nodata" \
        -co TILED=YES -co COMPRESS=DEFLATE "$@" "$dir/$source" "$work/warped-$name"
    gdal_translate -q -of COG -co COMPRESS=DEFLATE -co PREDICTOR=2 -co BLOCKSIZE="$block" \
        -co OVERVIEW_RESAMPLING="$overviews" "$work/warped-$name" "$work/$name"
    rm -f "$work/warped-$name"
}

project srtm90.tif srtm-utm11.tif EPSG:32611 90 -32768 Int16 512 NEAREST
project landsat.tif landsat-utm12.tif EPSG:32612 30 0 Byte 256 AVERAGE -co INTERLEAVE=PIXEL

echo "$version" >"$work/.complete"
chmod 755 "$work"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "build-projected: $out ok (a UTM 11N DEM and a UTM 12N Landsat scene, both with nodata)"
