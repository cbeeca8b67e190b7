#!/usr/bin/env bash
# Fetches MapLibre GL JS into DIR (default: vendor/maplibre), once, for the viewer's MapLibre view
# (served at /vendor/maplibre/). Debian does not package it; the PyPI wheel maplibre==0.3.6 (MIT)
# ships MapLibre GL JS 5.3.0 (3-clause BSD, named in the head of maplibre-gl.js):
#   maplibre-gl.js, maplibre-gl.css  from maplibre/srcjs/
#   LICENSE.md                       the wheel's own licence
# The wheel and each file are checked against pinned SHA-256s; a file already present with its
# pinned SHA-256 is kept; anything else is fetched again.
set -euo pipefail

dir="${1:-vendor/maplibre}"
wheel_spec="maplibre==0.3.6"
wheel_sha256=eeafab617d4a1b71c0c174c71405f67c4b4e494fe1b27968d4d2359bc160e277
files=(maplibre-gl.js maplibre-gl.css LICENSE.md)

# Where each file is in the wheel, and its pinned SHA-256 (functions: macOS ships bash 3).
member() {
    case "$1" in
        LICENSE.md) echo maplibre-0.3.6.dist-info/LICENSE.md ;;
        *) echo "maplibre/srcjs/$1" ;;
    esac
}
expected_sha256() {
    case "$1" in
        maplibre-gl.js) echo e380deae560bc5d182be4124a1b9cdd5086304b0cb82c92a5af23d018aa81015 ;;
        maplibre-gl.css) echo 792ac997dcf6ae6f643eb4e2dee4630c85e7056526bd8fb85ffe83c67d6c41b4 ;;
        LICENSE.md) echo 541e6f1cc3074fe39bbc77983d55069537b3524c6afc0aa482af42fa70564d80 ;;
    esac
}

fail() {
    echo "fetch-maplibre: $*" >&2
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

echo "fetch-maplibre: downloading $wheel_spec for ${missing[*]}"
python3 -m pip download --quiet --no-deps --only-binary=:all: "$wheel_spec" -d "$work" \
    || fail "pip could not download $wheel_spec"
wheel="$(ls "$work"/*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || fail "pip downloaded no wheel for $wheel_spec"
actual="$(checksum "$wheel")"
[[ "$actual" == "$wheel_sha256" ]] || fail "$(basename "$wheel") has SHA-256 $actual, expected $wheel_sha256"

for name in "${missing[@]}"; do
    unzip -q -o -j "$wheel" "$(member "$name")" -d "$work" || fail "$(member "$name") is not in $(basename "$wheel")"
    actual="$(checksum "$work/$name")"
    [[ "$actual" == "$(expected_sha256 "$name")" ]] \
        || fail "$name has SHA-256 $actual, expected $(expected_sha256 "$name")"
    mv -f "$work/$name" "$dir/$name"
    echo "fetch-maplibre: $dir/$name ok"
done
