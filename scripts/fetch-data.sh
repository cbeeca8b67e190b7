#!/usr/bin/env bash
# Placeholder until the sample rasters are wired in.
set -euo pipefail
mkdir -p "${1:-data}"
