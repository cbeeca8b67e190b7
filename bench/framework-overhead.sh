#!/usr/bin/env bash
# Hummingbird 2's cost per request beside `geotoolz serve`'s, on one cached tile.
#
#   bench/framework-overhead.sh [ROUNDS]   (default 5; run from the repository root after `make release`)
#
# Builds bench/hummingbird-probe (Hummingbird answering the tile route with fixed bytes and the
# same headers, doing nothing else), fetches one tile from `geotoolz serve` into its memory cache
# and gives the probe the same bytes, then alternates wrk runs (2 threads, 32 connections, 8 s)
# between geotoolz, the probe, and the probe with NIO's event loops as Swift's global executor.
# For each run: requests/s, and the server process's CPU time (user + system, from /proc) per
# request, which varies less than throughput on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${1:-5}"
tile=/tiles/elevation/12/693/1585.png
geotoolz=.build/release/geotoolz
probe=bench/hummingbird-probe/.build/release/HummingbirdProbe
[ -x "$geotoolz" ] || { echo "no $geotoolz: run make release first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: make bench-deps installs it" >&2; exit 1; }
swift build -c release --package-path bench/hummingbird-probe >/dev/null 2>&1 || { echo "building the probe failed" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # url
    for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
    echo "no answer from $1" >&2
    exit 1
}

gt_port=$(free_port)
"$geotoolz" serve --port "$gt_port" >"$work/geotoolz.log" 2>&1 &
gt_pid=$!
pids+=("$gt_pid")
wait_for "http://127.0.0.1:$gt_port$tile"
curl -sf -o "$work/tile.png" "http://127.0.0.1:$gt_port$tile"
[ "$(curl -s -D - -o /dev/null "http://127.0.0.1:$gt_port$tile" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}')" = memory ]

hb_port=$(free_port)
"$probe" "$hb_port" "$work/tile.png" >"$work/probe.log" 2>&1 &
hb_pid=$!
pids+=("$hb_pid")
hx_port=$(free_port)
"$probe" "$hx_port" "$work/tile.png" --nio-executor >"$work/probe-nio.log" 2>&1 &
hx_pid=$!
pids+=("$hx_pid")
wait_for "http://127.0.0.1:$hb_port$tile"
wait_for "http://127.0.0.1:$hx_port$tile"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # name pid port
    local before after output
    before=$(cpu_ticks "$2")
    output=$(wrk -t2 -c32 -d8s "http://127.0.0.1:$3$tile")
    after=$(cpu_ticks "$2")
    python3 - "$1" "$before" "$after" "$(getconf CLK_TCK)" "$output" <<'PY'
import re, sys
name, before, after, ticks, output = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
requests = int(re.search(r"(\d+) requests in", output).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
cpu_us = (after - before) / ticks * 1e6 / requests
print(f"| {name} | {rate:,.0f} | {cpu_us:.1f} | {errors.group(1) if errors else 0} |")
PY
}

echo "| server | requests/s | CPU µs per request | non-2xx |"
echo "|---|---:|---:|---:|"
for _ in $(seq "$rounds"); do
    measure "geotoolz (NIO handlers, full tile path)" "$gt_pid" "$gt_port"
    measure "Hummingbird 2, fixed bytes" "$hb_pid" "$hb_port"
    measure "Hummingbird 2, fixed bytes, NIO executor" "$hx_pid" "$hx_port"
done
