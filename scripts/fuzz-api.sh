#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis.
#
#   scripts/fuzz-api.sh [GEOTOOLZ_BINARY]   (default: .build/debug/geotoolz)
#
# Starts `geotoolz serve` with the demo layers on a free loopback port, runs schemathesis against
# /openapi.json with bounded examples and time, and stops the server. Fails on a 5xx, a response
# the document does not describe (status, content type, headers, body schema), a response slower
# than MAX_RESPONSE_SECONDS, a run longer than RUN_SECONDS, or a server that died on the way.
# Environment: SCHEMATHESIS (default .test-venv/bin/schemathesis), FUZZ_EXAMPLES, FUZZ_SEED.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="$(realpath "${1:-.build/debug/geotoolz}")"
schemathesis="$(realpath "${SCHEMATHESIS:-.test-venv/bin/schemathesis}")"
config="$(realpath scripts/fuzz-api.toml)"
examples="${FUZZ_EXAMPLES:-40}"
# A fixed seed keeps CI reproducible; set FUZZ_SEED to explore other inputs.
seed="${FUZZ_SEED:-20261202}"
start_seconds=120
# Examples, coverage and fuzzing of every operation within this: the 47 operations take about a
# minute on the debug build of a two-core machine; the margin is for a busy one.
run_seconds=300
max_response_seconds=10

fail() {
    echo "fuzz-api: $*" >&2
    exit 1
}

[ -x "$binary" ] || fail "no server binary at $binary (swift build first)"
[ -x "$schemathesis" ] || fail "no schemathesis at $schemathesis (make test-venv installs it)"

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT

# Port 0: the kernel picks a free port, and the start-up log says which. The log exists before
# the server starts, so reading it never races the shell that creates it.
: >"$work/server.log"
# Posting is rate-limited per address, and every request comes from loopback: a high limit lets
# the fuzzer reach past the 429s into the pipeline loader. Query images and statistics are
# bounded to 512 × 512 pixels, so that the debug build answers every schema-valid box within the
# render budget and larger ones exercise the documented 413.
"$binary" serve --host 127.0.0.1 --port 0 --layers layers --data data --static static \
    --pipeline-uploads 100000 --query-max-pixels 262144 --statistics-max-pixels 262144 \
    >"$work/server.out" 2>"$work/server.log" &
server_pid=$!

port=""
for _ in $(seq $((start_seconds * 10))); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; fail "the server exited at start-up"; }
    port="$(sed -n 's|.*at http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$work/server.log" | head -n 1)"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log" >&2; fail "the server did not listen within ${start_seconds}s"; }
base="http://127.0.0.1:$port"
echo "fuzz-api: geotoolz serve at $base; schemathesis, $examples examples per operation, seed $seed"

# The stateful phase adds nothing but links inferred from bodies (it takes TileJSON's "{z}"
# template for a value). A posted pipeline is valid only when its layer exists and its operators
# fit together, which no schema can say: a schema-valid body answered 400 is not a failure, so
# positive_data_acceptance is left out; every other check still applies to the POST routes. Run in the scratch folder: schemathesis keeps a
# crash cache in its working directory.
# One worker: with two, hypothesis describes strategies from threads and CPython 3.11's parser
# can fail under that ("AST constructor recursion depth mismatch"), failing the run at random.
# Exit codes: schemathesis's own, or 124 when `timeout` had to stop a run that hung.
status=0
(cd "$work" && timeout --signal=TERM --kill-after=10 "$run_seconds" \
    env NO_COLOR=1 "$schemathesis" --config-file "$config" run "$base/openapi.json" \
    --url "$base" \
    --checks all \
    --exclude-checks ignored_auth,use_after_free,ensure_resource_availability,positive_data_acceptance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout "$max_response_seconds" \
    --max-response-time "$max_response_seconds" \
    --suppress-health-check all \
    --generation-database none \
    --no-color </dev/null) || status=$?

if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 50 "$work/server.log" >&2
    fail "the server died during the run"
fi
case "$status" in
    0) echo "fuzz-api: passed" ;;
    124 | 137) fail "schemathesis did not finish within ${run_seconds}s" ;;
    *) fail "schemathesis found problems (exit $status)" ;;
esac
