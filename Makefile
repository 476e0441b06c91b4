# Octobot task runner. `make run` and `make test` work on a fresh Debian 12 machine (as root).
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080

.PHONY: help deps ui e2e-deps configure build build-dev build-asan run test test-unit test-integration test-asan fuzz bench-api bench-proxy bench-sandbox bench-chat bench-tools bench-ui image image-only clean

help:
	@echo "make run         install deps, build (release), build the session image, start the server (single-user)"
	@echo "make test        the whole suite: unit + integration (SQLite and PostgreSQL) + ASan/UBSan unit tests"
	@echo "make build       release build into build/bin"
	@echo "make bench-api   HTTP/API benchmark (bench/api)"
	@echo "make bench-proxy octobot-proxy against no proxy, mitmproxy and squid (bench/proxy)"
	@echo "make bench-sandbox session start-up vs docker run, 50 at once, idle memory (bench/sandbox)"
	@echo "make bench-chat  first text delta vs ACP in the container, relay latency per chunk (bench/chat)"
	@echo "make bench-tools session diff vs git diff in the container, terminal echo latency (bench/tools)"
	@echo "make bench-ui    first screen, long tasks while a long answer streams and in a 1,000-session list (bench/ui)"
	@echo "make image       the session image octobot/agent:<version> (deploy/agent-image)"

deps:
	@scripts/install-deps.sh

build: deps
	@scripts/build-ui.sh --optional
	@cmake --preset release -DBUILD_TESTING=OFF >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@ln -sfn release/bin build/bin

# The web UI (ui/ → ui/dist), which the server serves at /.
ui:
	@scripts/build-ui.sh

# The session image is built (cached: seconds when nothing changed) before the server starts.
run: build image-only
	@build/bin/octobot server --listen $(LISTEN)

build-dev: deps
	@cmake --preset dev -DBUILD_TESTING=ON >/dev/null
	@cmake --build --preset dev -j $(JOBS)

build-asan: deps
	@cmake --preset asan -DBUILD_TESTING=ON >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# playwright-core for the browser tests (tests/e2e), at the locked version.
e2e-deps:
	@cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error

# Every test, PostgreSQL ones included, against a throwaway PostgreSQL 15.
test-dev: build-dev e2e-deps ui
	@scripts/with-postgres.sh ctest --test-dir build/dev --output-on-failure -j $(JOBS)

# Unit and store tests under AddressSanitizer + UBSan, and the proxy under real clients.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
test-asan: build-asan
	@$(ASAN_ENV) scripts/with-postgres.sh ctest --test-dir build/asan --output-on-failure -j $(JOBS) -LE integration
	@$(ASAN_ENV) ctest --test-dir build/asan --output-on-failure -R proxy_real_clients

# libFuzzer targets (fuzz/), each run for FUZZ_SECONDS (default 20) on a copy of its seed corpus.
fuzz: deps
	@scripts/run-fuzzers.sh

test: test-dev test-asan fuzz

bench-api: build
	@bench/api/run.sh

bench-proxy: build
	@bench/proxy/run.sh

bench-sandbox: build image-only
	@bench/sandbox/run.py

bench-chat: build image-only
	@bench/chat/run.py

bench-tools: build image-only
	@bench/tools/run.py

bench-ui: build image-only e2e-deps
	@node bench/ui/run.mjs

# The session image octobot/agent:<version>, offline (deploy/agent-image; cached, seconds when warm).
image: build image-only

image-only:
	@scripts/build-agent-image.sh --bin-dir build/bin

clean:
	rm -rf build
