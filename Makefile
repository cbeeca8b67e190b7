# GeoToolz — set-up, build, test and run.
#   make run    installs what is missing, fetches the sample data, builds (release) and serves
#   make test   installs what is missing, fetches the sample data, builds and runs every test

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgdal-dev libpng-dev libhiredis-dev redis-server gdal-bin chromium libjs-leaflet fonts-dejavu-core
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8080
REDIS_PORT ?= 6379
REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)

.PHONY: deps data build release test run redis format lint bench clean

# System packages, installed only when missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Real sample rasters, fetched once and checked by SHA-256.
data: deps
	@scripts/fetch-data.sh $(DATA_DIR)

build: deps
	swift build

release: deps
	swift build -c release

# Tests start and stop their own servers (tile servers, redis-server) on free loopback ports.
test: deps data
	swift build --build-tests
	swift test --skip-build --no-parallel

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
		--static static $$redis

# Per-stage render times (read, operators, encode) in-process, release build.
bench: release
	.build/release/geotoolz bench-render --layer elevation --zoom 12

format:
	swift format --in-place --recursive Package.swift Sources Tests

lint:
	swift format lint --recursive Package.swift Sources Tests

clean:
	rm -rf .build
