# salesnb: `make` or `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Debian packages the features need: CJK fonts so Chinese shows as glyphs in charts and reports; Pango
# and HarfBuzz for WeasyPrint's PDFs; poppler-utils (pdffonts, pdftoppm) for the PDF checks.
SYSTEM_PACKAGES ?= fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.DEFAULT_GOAL := help
# Debian packages of the real-browser tests (tests/browser): Playwright drives the system Chromium; npm
# installs axe-core, the accessibility rules the reports are checked against. Debian's npm is asked for only
# when no npm is on PATH: a Node.js from elsewhere (NodeSource's package provides npm and conflicts with
# Debian's) already has one, and apt-get would refuse the pair.
BROWSER_PACKAGES ?= chromium $(if $(shell command -v npm),,npm)
# axe-core from npm at the version its lock file pins, kept under tests/ (node_modules is not in git).
AXE_DIR := tests/browser/axe
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js
# Debian packages of the spreadsheet test (tests/functional/test_spreadsheet_safety.py): headless
# LibreOffice Calc opens the CSV and XLSX files salesnb writes and must find no formula in them.
SPREADSHEET_PACKAGES ?= libreoffice-calc-nogui

.PHONY: help install dev lock sysdeps browser-deps axe-deps spreadsheet-deps demo test test-fast test-browser lint format docs lab clean test-external

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Locked installs. pyproject.toml keeps lower bounds; uv.lock holds the exact versions, resolved once for
# every CPython 3.11+ on Linux x86_64 and aarch64 (uv resolves universally and records the dependency graph
# that tests/unit/test_packaging.py walks; pip-tools resolves for the one interpreter and platform it runs
# on). `make lock` exports it to PEP 751 files that plain pip (26.1 and newer, where installing a pylock.toml
# is still marked experimental) installs, so a newcomer needs nothing but python3: $(LOCK) for `make
# install`, $(DEV_LOCK) with the dev extra for `make dev`. The project itself goes in editable and --no-deps,
# so nothing is resolved again. A changed lock or pyproject.toml re-runs the install.
LOCK := pylock.toml
DEV_LOCK := pylock.dev.toml
UV_EXPORT = $(BIN)/uv export --quiet --frozen --format pylock.toml --no-emit-project

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "salesnb needs Python 3.11 or newer; set PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The pip step is a no-op once pip can read the lock; it updates a .venv made before (or by an older pip).
$(VENV)/.installed: $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet "pip>=26.1"
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet -r $(DEV_LOCK)
	@touch $@

install: $(VENV)/.installed ## Create .venv and install salesnb into it, at the locked versions
dev: $(VENV)/.installed-dev ## Install salesnb with the dev extras (tests, lint), at the locked versions

lock: dev ## Re-lock after editing pyproject.toml's dependencies (UPGRADE=1 takes the newest releases)
	$(BIN)/uv lock $(if $(UPGRADE),--upgrade)
	$(UV_EXPORT) --output-file $(LOCK)
	$(UV_EXPORT) --all-extras --output-file $(DEV_LOCK)

sysdeps: ## Install the Debian packages salesnb needs (CJK fonts) when missing
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "warning: install$$missing yourself (no apt-get here)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "warning: install$$missing as root; Chinese text will show as boxes until then"; exit 0; fi; \
	echo "installing$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null

browser-deps: dev ## Install Chromium and axe-core for the real-browser tests; Playwright comes with the dev extras
	@$(MAKE) --no-print-directory sysdeps SYSTEM_PACKAGES="$(BROWSER_PACKAGES)"
	@$(MAKE) --no-print-directory axe-deps

# npm ci installs exactly the lock file's versions (and fails when package.json and the lock disagree); a
# changed lock re-runs it. Without npm the accessibility test skips, saying so.
$(AXE): $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	@if ! command -v npm >/dev/null; then echo "warning: npm is not installed (Debian: npm); the axe-core test will skip"; exit 0; fi; \
	cd $(AXE_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/axe-core/axe.min.js

axe-deps: $(AXE) ## Install axe-core (npm, the locked version) for the reports' accessibility test

spreadsheet-deps: ## Install headless LibreOffice Calc (Debian) for the spreadsheet-injection test
	@$(MAKE) --no-print-directory sysdeps SYSTEM_PACKAGES="$(SPREADSHEET_PACKAGES)"

demo: install sysdeps ## Build the demo organisation and render its latest month and quarter
	$(BIN)/salesnb demo

# The suite runs in one pytest process per core (pytest-xdist); --dist loadfile keeps each test file in one
# process, so a notebook's cells (nbval) run in order and a module's rendered fixtures are built once.
# TEST_WORKERS=0 runs it in this process alone (for a debugger or -x).
TEST_WORKERS ?= auto
test: dev sysdeps browser-deps spreadsheet-deps ## Run the whole test suite: unit, functional, notebooks (nbval), browser and spreadsheet tests
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: dev ## Run the unit tests only
	$(BIN)/python -m pytest tests/unit

test-external: dev ## Real public data from ../shared/real-data through docs/examples (skipped when absent)
	$(BIN)/python -m pytest tests/external -m external

test-browser: browser-deps ## JupyterLab in headless Chromium; screenshots in test-artifacts/browser/
	$(BIN)/python -m pytest tests/browser -m browser

lint: dev ## Check style with ruff
	$(BIN)/ruff check salesnb tests benchmarks
	$(BIN)/ruff format --check salesnb tests benchmarks

format: dev ## Format the code with ruff
	$(BIN)/ruff format salesnb tests benchmarks
	$(BIN)/ruff check --fix salesnb tests benchmarks

docs: install ## Regenerate docs/data-model.md from the schema and the table of docs/kpis.md from the KPI catalog
	$(BIN)/python -c 'from salesnb.warehouse.schema import describe_markdown as d; open("docs/data-model.md", "w", encoding="utf-8").write(d())'
	$(BIN)/python -c 'from salesnb.kpis.catalog.markdown import write_catalog; write_catalog("docs/kpis.md")'

lab: install ## Open JupyterLab on the workbench (make demo first builds the demo warehouse)
	$(BIN)/jupyter lab --ServerApp.root_dir=. notebooks/workbench.ipynb

clean: ## Remove the virtual environment, the warehouse and rendered reports
	rm -rf $(VENV) data reports/*/ reports/index.html .pytest_cache .ruff_cache
