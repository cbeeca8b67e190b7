#!/usr/bin/env bash
# Fetches MapLibre GL JS into DIR (default: vendor/maplibre), once, for the viewer's MapLibre view
# (served at /vendor/maplibre/). Debian does not package it; the PyPI wheel maplibre==0.3.6 (MIT)
# ships MapLibre GL JS 5.3.0 (3-clause BSD, named in the head of maplibre-gl.js):
#   maplibre-gl.js, maplibre-gl.css  from maplibre/srcjs/
#   LICENSE.md                       the wheel's own licence
# The wheel and each file are checked against pinned SHA-256s; a file already present with its
# pinned SHA-256 is kept; anything else is fetched again.
set -euo pipefail

exec "$(dirname "$0")/fetch-wheel-files.sh" fetch-maplibre "${1:-vendor/maplibre}" maplibre==0.3.6 \
    eeafab617d4a1b71c0c174c71405f67c4b4e494fe1b27968d4d2359bc160e277 \
    maplibre/srcjs/maplibre-gl.js e380deae560bc5d182be4124a1b9cdd5086304b0cb82c92a5af23d018aa81015 \
    maplibre/srcjs/maplibre-gl.css 792ac997dcf6ae6f643eb4e2dee4630c85e7056526bd8fb85ffe83c67d6c41b4 \
    maplibre-0.3.6.dist-info/LICENSE.md 541e6f1cc3074fe39bbc77983d55069537b3524c6afc0aa482af42fa70564d80
