# Two commands on a fresh machine with Python 3.11+: `make build`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ETL := $(BIN)/etl

RAW := $(wildcard data/raw/*.csv) data/raw/source/article.txt
CODE := $(wildcard etl/*.py etl/*/*.py etl/sql/*.sql)
# Every table has its raw file, so the raw files name the published ones.
TABLES := $(basename $(notdir $(wildcard data/raw/*.csv)))
OUTPUTS := datapackage.json data/processed/baotou_sci_tech.duckdb \
	data/processed/baotou_sci_tech.sql data/processed/baotou_sci_tech.xlsx \
	data/processed/validation_report.json \
	$(foreach t,$(TABLES),data/processed/$(t).csv data/processed/$(t).parquet)

.PHONY: help build test validate lint dictionary clean bench site serve docs npm release
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
	touch $(STAMP)

build: $(OUTPUTS) ## Set up .venv from the lock if needed, then build the release

$(OUTPUTS) &: $(RAW) $(CODE) $(STAMP)
	$(ETL) build && touch $(OUTPUTS)

# The SQL console's DuckDB-WASM, from the npm registry as pinned in package-lock.json.
# Without npm the site builds without the console, and its browser tests skip.
NPM_STAMP := node_modules/.package-lock.json
$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
			|| echo "warning: npm ci failed: the site's SQL console is left out"; \
	else echo "warning: no npm: the site's SQL console is left out"; fi

npm: $(NPM_STAMP) ## Install the site's browser dependencies (npm ci from the lock)

# One test worker per core and one more (at most 4: many tests wait on a process, a browser
# or the disk), a test file per worker at a time (pytest-xdist), the longest files first
# (tests/conftest.py). On 2 cores, 4 workers were no quicker than 3 (169-206 s against
# 169-200 s in the same runs; the suite keeps both cores busy either way).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(min((os.cpu_count() or 1) + 1, 4))")
test: build $(NPM_STAMP) ## Run the test suite (builds first)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile \
		--no-loadscope-reorder; status=$$?; \
		if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

validate: $(STAMP) ## Check the raw data and the published package without publishing
	$(ETL) validate
	$(BIN)/frictionless validate datapackage.json
	$(ETL) dictionary --check

dictionary: $(STAMP) ## Regenerate docs/data-dictionary.md from the metadata
	$(ETL) dictionary

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/mypy

# Python and R data packages, SQLite for Datasette, the archive for portals, SHA256SUMS.
# BASE_URL=https://…/ (where the release is served) makes the portal exports' URLs absolute.
BASE_URL ?=
export BASE_URL # to the recipe as an environment variable: no quote in it can end the shell's
release: build ## Write dist/ from the release (BASE_URL=https://… for absolute links)
	$(BIN)/python -m etl.distribute --out dist --base-url "$$BASE_URL"

site: build $(NPM_STAMP) ## Static release site in site/ (opens offline; git ignores it)
	$(ETL) site

PORT ?= 8000
serve: site ## Serve site/ on http://127.0.0.1:$(PORT)/ (the SQL console needs a server)
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

docs: build ## Great Expectations Data Docs in build/gx-data-docs/
	$(ETL) docs

bench: $(STAMP) ## Benchmark the build on synthetic tables (not part of the tests)
	$(BIN)/python -m bench.run

clean: ## Remove build by-products (not the committed release)
	rm -rf .etl-staging data/.etl-staging .etl-journal.json .etl.lock site build dist \
		tests/artifacts .pytest_cache \
		.ruff_cache
	rm -f data/processed/*.duckdb data/processed/.etl-manifest.json
