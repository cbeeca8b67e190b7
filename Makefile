# GeoToolz — set-up, build, test and run.
#   make run    installs what is missing, fetches the sample data, builds (release) and serves
#   make test   installs what is missing, fetches the sample data, builds and runs every test
#   make fuzz   runs the libFuzzer targets (README "Fuzzing"); `make fuzz-smoke` is the short run `make test` ends with
#   make bench  the HTTP benchmarks (bench/README.md); `make bench PEER=titiler` runs TiTiler beside
#   make soak   ten minutes of load at default settings, failing when memory passes 300 MB

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgdal-dev libpng-dev libdeflate-dev libsqlite3-dev libwebp-dev libturbojpeg0-dev libhiredis-dev redis-server redis-tools gdal-bin chromium libjs-leaflet fonts-dejavu-core python3-pip unzip
# python3-matplotlib: the scaling step's plot (bench/harness/plot_scaling.py, Debian's python3).
BENCH_APT_PACKAGES := wrk python3 python3-venv python3-matplotlib
# What `make test` fuzzes the HTTP API with (schemathesis) and drives Chromium with (the DevTools
# protocol, scripts/browser/) and reads PMTiles archives with (the pmtiles package,
# scripts/archive-reference.py), pinned with their dependencies, in a venv; and what the server's
# tests compute reference tiles with (scripts/tile-reference.py, Debian's python3).
TEST_APT_PACKAGES := python3 python3-venv python3-numpy python3-matplotlib python3-pil python3-gdal python3-owslib python3-shapely
TEST_VENV := .test-venv
PEER ?=
BENCH_ARGS ?=
DATA_DIR ?= data
# MapLibre GL JS for the viewer's MapLibre view (not packaged by Debian; fetched, never committed).
MAPLIBRE_DIR ?= vendor/maplibre
HOST ?= 127.0.0.1
PORT ?= 8080
REDIS_PORT ?= 6379
REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)
# The C program the bench measures the read floor with.
READ_FLOOR := .build/bench/warp_floor
# Fuzzing: seconds per target, which targets, and where crashes and grown corpora go.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TARGETS ?= PipelineConfig LayerFile BandMath Route
FUZZ_ARGS ?=
FUZZ_OUT ?= .fuzz

.PHONY: deps bench-deps test-deps data build release test fuzz-api fuzz-build fuzz fuzz-smoke run redis format lint bench bench-render soak clean

# Installs the Debian packages of $(1) that are missing.
define install_missing
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# System packages, installed only when missing.
deps:
	$(call install_missing,$(APT_PACKAGES))

# What the HTTP benchmarks drive the servers with; a peer's Python packages go into a venv.
bench-deps:
	$(call install_missing,$(BENCH_APT_PACKAGES))

test-deps:
	$(call install_missing,$(TEST_APT_PACKAGES))

# Debian's own python3 (not whichever is first on PATH), so the venv is the same everywhere;
# made again whenever the pinned requirements change.
TEST_REQUIREMENTS := scripts/fuzz-api.requirements.txt scripts/browser/requirements.txt scripts/archives.requirements.txt
$(TEST_VENV)/installed: $(TEST_REQUIREMENTS) | test-deps
	rm -rf $(TEST_VENV)
	/usr/bin/python3 -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install --disable-pip-version-check -q $(addprefix -r ,$(TEST_REQUIREMENTS))
	touch $@

# Real sample rasters, fetched once and checked by SHA-256; then the SRTM cut into a mosaic of
# pieces in three CRSs for the `elevation-mosaic` demo layer, and both samples reprojected to UTM
# with nodata for `elevation-utm` and `landsat-utm` (each built once); and MapLibre GL JS,
# fetched the same way.
data: deps
	@scripts/fetch-data.sh $(DATA_DIR)
	@scripts/fetch-maplibre.sh $(MAPLIBRE_DIR)
	@scripts/build-mosaic.sh $(DATA_DIR)
	@scripts/build-projected.sh $(DATA_DIR)

build: deps
	swift build

release: deps
	swift build -c release

# The benchmark harness's unit tests, then the Swift tests, which start and stop their own servers
# (tile servers, redis-server) on free loopback ports, then the API fuzzed against /openapi.json.
test: deps test-deps data $(TEST_VENV)/installed
	python3 -m unittest discover -s bench/tests
	swift build --build-tests
	swift test --skip-build --no-parallel
	scripts/fuzz-api.sh .build/debug/geotoolz
	$(MAKE) fuzz-smoke

# Only the schemathesis run against a live server (scripts/fuzz-api.sh), on the debug build.
fuzz-api: deps test-deps data $(TEST_VENV)/installed
	swift build --product geotoolz
	scripts/fuzz-api.sh .build/debug/geotoolz

# Serves the demo layers, with a local Redis as the shared cache when one runs or can be
# started, and with the in-process cache alone otherwise.
run: deps data release
	@redis=""; \
	if redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1 || \
	   redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
	     --maxmemory 512mb --maxmemory-policy allkeys-lru >/dev/null 2>&1 && sleep 0.5 && \
	   redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1; then \
		redis="--redis $(REDIS_URL)"; echo "tile cache: memory + $(REDIS_URL)"; \
	else \
		echo "tile cache: memory only (no Redis could be started)"; \
	fi; \
	exec .build/release/geotoolz serve --host $(HOST) --port $(PORT) --layers layers --data $(DATA_DIR) \
		--static static --maplibre $(MAPLIBRE_DIR) $$redis

# Every scenario of bench/README.md over loopback, at bounded durations; results in bench/results/.
bench: deps bench-deps data release $(READ_FLOOR)
	python3 bench/run.py $(if $(PEER),--peer $(PEER)) --floor $(READ_FLOOR) $(BENCH_ARGS)

# The read floor the bench measures beside geotoolz (bench/floor/warp_floor.c): plain C against
# the same GDAL, built with the Swift toolchain's clang.
$(READ_FLOOR): bench/floor/warp_floor.c | deps
	@mkdir -p $(dir $@)
	$(SWIFT_BIN)clang -O2 -Wall -Wextra -Werror $$(gdal-config --cflags) $< -o $@ $$(gdal-config --libs) -lm

# The server at its default settings under SOAK_SECONDS of wrk over thousands of distinct tiles,
# its RSS sampled every 10 s; fails when RSS reaches SOAK_LIMIT_MB (bench/README.md).
SOAK_SECONDS ?= 600
SOAK_LIMIT_MB ?= 300
soak: deps bench-deps data release
	python3 bench/soak.py --duration $(SOAK_SECONDS) --limit-mb $(SOAK_LIMIT_MB)

# Per-stage render times (read, operators, encode) of every layer, in-process, release build.
bench-render: deps data release
	.build/release/geotoolz bench-render

# The fuzz targets, built apart in .build-fuzz with coverage and AddressSanitizer, -DFUZZING (so
# they hand main to libFuzzer) and libFuzzer's no-main runtime; linked by lld, since gold warns on
# every ASan symbol.
FUZZ_BUILD := .build-fuzz
SWIFT_BIN := $(dir $(realpath $(shell command -v swift)))
LIBFUZZER := $(shell $(SWIFT_BIN)clang -print-file-name=libclang_rt.fuzzer_no_main-$(shell uname -m).a)
FUZZ_SWIFT_FLAGS := --scratch-path $(FUZZ_BUILD) --toolset $(FUZZ_BUILD)/toolset.json \
	-Xswiftc -DFUZZING -Xswiftc -sanitize=address \
	-Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
	-Xlinker --whole-archive -Xlinker $(LIBFUZZER) -Xlinker --no-whole-archive -Xlinker -lstdc++

fuzz-build: deps
	@mkdir -p $(FUZZ_BUILD)
	@echo '{"schemaVersion": "1.0", "linker": {"path": "$(SWIFT_BIN)ld.lld"}}' > $(FUZZ_BUILD)/toolset.json
	@for target in $(FUZZ_TARGETS); do \
		swift build $(FUZZ_SWIFT_FLAGS) --product Fuzz$$target || exit 1; \
	done

# Each target for $(1) seconds from its seed corpus (Tests/FuzzCorpus/<target>) and the inputs
# earlier runs found ($(FUZZ_OUT)/corpus/<target>); crashes go to $(FUZZ_OUT)/crashes/<target>/.
# An input that runs past 10 s or 2 GB counts as a crash; leaks are not what these targets hunt.
define run_fuzz
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$target $(FUZZ_OUT)/crashes/$$target; \
		dict=Tests/FuzzCorpus/$$target.dict; \
		echo "fuzzing $$target for $(1) s"; \
		ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/debug/Fuzz$$target \
			$(FUZZ_OUT)/corpus/$$target Tests/FuzzCorpus/$$target \
			$$([ -f $$dict ] && echo -dict=$$dict) -max_total_time=$(1) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_OUT)/crashes/$$target/ -print_final_stats=1 $(FUZZ_ARGS) \
			>$(FUZZ_OUT)/$$target.log 2>&1 \
		|| { tail -n 60 $(FUZZ_OUT)/$$target.log; echo "Fuzz$$target failed: see $(FUZZ_OUT)/$$target.log and $(FUZZ_OUT)/crashes/$$target/"; exit 1; }; \
		grep -a -E '^stat::number_of_executed_units|^Done' $(FUZZ_OUT)/$$target.log; \
	done
endef

fuzz: fuzz-build
	$(call run_fuzz,$(FUZZ_SECONDS))

fuzz-smoke: fuzz-build
	$(call run_fuzz,$(FUZZ_SMOKE_SECONDS))

format:
	swift format --in-place --recursive Package.swift Sources Tests

lint:
	swift format lint --recursive Package.swift Sources Tests

clean:
	rm -rf .build $(FUZZ_BUILD) $(TEST_VENV)
