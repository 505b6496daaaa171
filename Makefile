# anzhi: the two commands of README.md are `make run` and `make test`.
SHELL := /bin/bash
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
CARGO ?= cargo
LISTEN ?= 127.0.0.1:8080
DATA_DIR ?= ./data

.PHONY: run test web web-deps build release test-rust test-web test-e2e lint deps pg-test fmt clippy fuzz

## run: build the web app and the server, start it on the embedded database with demo data
run: web
	$(CARGO) build -p anzhi
	./target/debug/anzhi serve --demo --listen $(LISTEN) --data-dir $(DATA_DIR)

## test: every test — Rust (SQLite, and PostgreSQL), web unit tests, browser tests in Chromium
test: deps web
	@source scripts/pg-test-env.sh && \
	  $(MAKE) --no-print-directory test-rust && \
	  $(MAKE) --no-print-directory test-web && \
	  $(MAKE) --no-print-directory test-e2e && \
	  $(MAKE) --no-print-directory fuzz

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web-deps: web/node_modules/.package-lock.json

## web: build web/dist (embedded by the server)
web: web-deps
	cd web && npm run build

build: web
	$(CARGO) build -p anzhi

## release: the single binary with the web app embedded
release: web
	$(CARGO) build --release -p anzhi

test-rust:
	$(CARGO) build -p anzhi
	$(CARGO) test --workspace

test-web: web-deps
	cd web && npm run lint && npm test

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

test-e2e: e2e/node_modules/.package-lock.json
	$(CARGO) build -p anzhi
	cd e2e && npm test

## fuzz: the parsers of uploaded files, 30 s each (needs nightly; skipped without it)
fuzz:
	scripts/fuzz.sh

## deps: Debian packages the tests need (Chromium, a CJK font, PostgreSQL), installed when missing
deps:
	@scripts/install-deps.sh

fmt:
	$(CARGO) fmt --all

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings
