#!/usr/bin/env bash
# Fetches the sample rasters into DIR (default: data), once.
#
# Both files ship inside the PyPI wheel localtileserver==1.0.0 (MIT licence):
#   landsat.tif  Landsat 7 ETM+ scene, 7 bands, EPSG:4326, Great Salt Lake (red = 3, NIR = 4)
#   srtm90.tif   SRTM 90 m elevation, Int16, EPSG:4326, Sierra Nevada
# A file already present with the pinned SHA-256 is kept; anything else is fetched again.
set -euo pipefail

exec "$(dirname "$0")/fetch-wheel-files.sh" fetch-data "${1:-data}" localtileserver==1.0.0 - \
    localtileserver/tiler/data/landsat.tif a975165abd0f643e7865b2ba9f19d02eb8eb57a274cdcd4bdacca30107c81b66 \
    localtileserver/tiler/data/srtm90.tif 4cfc724096b8d4b3395b9a3fea9c5b251ad816d6395a47aa626bff037e18fcd1
