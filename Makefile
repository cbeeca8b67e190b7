# GeoToolz — set-up, build, test and run.
#   make run    installs what is missing, fetches the sample data, builds (release) and serves
#   make test   installs what is missing, fetches the sample data, builds and runs every test

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libgdal-dev libpng-dev libhiredis-dev redis-server gdal-bin
DATA_DIR ?= data

.PHONY: deps data build release test run bench format lint clean

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

test: deps data
	swift build --build-tests
	swift test --skip-build

run: deps data release
	@for f in layers/*.yaml; do n=$$(basename $$f .yaml); \
		.build/release/geotoolz render --layer $$n --tile 10/170/395 -o /tmp/geotoolz-$$n.png || exit 1; done

bench: release
	.build/release/geotoolz bench-render --layer elevation --zoom 12

format:
	swift format --in-place --recursive Package.swift Sources Tests

lint:
	swift format lint --recursive Package.swift Sources Tests

clean:
	rm -rf .build
