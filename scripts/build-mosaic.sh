#!/usr/bin/env bash
# Builds DIR/srtm-mosaic (default DIR: data) from DIR/srtm90.tif: the DEM cut into 3 × 3 pieces
# that overlap by 16 pixels, some reprojected, so the demo layer `elevation-mosaic` reads many
# files in three CRSs:
#   srtm_r{row}_c{column}.tif   EPSG:4326 as cut (Int16, no nodata)
#   the centre column           EPSG:32611 (UTM 11N), Int16, nodata -32768 around the rotated footprint
#   the bottom-right piece      EPSG:3857, Float32, nodata -9999
# Only gdal-bin's tools. Deterministic (fixed options, no timestamps) and idempotent: a finished
# mosaic (its .complete marker names this script's version) is left alone.
set -euo pipefail

dir="${1:-data}"
version="srtm-mosaic v1"
source="$dir/srtm90.tif"
out="$dir/srtm-mosaic"

fail() {
    echo "build-mosaic: $*" >&2
    exit 1
}

[[ -f "$out/.complete" && "$(cat "$out/.complete")" == "$version" ]] && exit 0
[[ -f "$source" ]] || fail "$source is missing (run scripts/fetch-data.sh first)"
for tool in gdalinfo gdal_translate gdalwarp; do
    command -v "$tool" >/dev/null || fail "$tool is needed (Debian: gdal-bin)"
done

size="$(gdalinfo "$source" | sed -n 's/^Size is \([0-9]*\), *\([0-9]*\)$/\1 \2/p')"
read -r width height <<<"$size"
[[ -n "${width:-}" && -n "${height:-}" ]] || fail "cannot read the size of $source"

work="$(mktemp -d "$dir/.srtm-mosaic.XXXXXX")"
trap 'rm -rf "$work"' EXIT
overlap=16
creation=(-co TILED=YES -co COMPRESS=DEFLATE)
for row in 0 1 2; do
    for column in 0 1 2; do
        x0=$((column * width / 3))
        y0=$((row * height / 3))
        x1=$(((column + 1) * width / 3 + overlap))
        y1=$(((row + 1) * height / 3 + overlap))
        ((x1 > width)) && x1=$width
        ((y1 > height)) && y1=$height
        name="srtm_r${row}_c${column}.tif"
        piece="$work/cut-$name"
        gdal_translate -q -srcwin "$x0" "$y0" $((x1 - x0)) $((y1 - y0)) "${creation[@]}" "$source" "$piece"
        if ((column == 1)); then
            gdalwarp -q -t_srs EPSG:32611 -r bilinear -dstnodata -32768 "${creation[@]}" "$piece" "$work/$name"
        elif ((row == 2 && column == 2)); then
            gdalwarp -q -t_srs EPSG:3857 -r bilinear -ot Float32 -dstnodata -9999 "${creation[@]}" "$piece" "$work/$name"
        else
            mv "$piece" "$work/$name"
        fi
        rm -f "$piece"
    done
done
echo "$version" >"$work/.complete"
chmod 755 "$work"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "build-mosaic: $out ok (9 pieces in EPSG:4326, EPSG:32611 and EPSG:3857)"
