# salesnb: `make` or `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Debian packages the features need: CJK fonts so Chinese shows as glyphs in charts and reports; Pango
# and HarfBuzz for WeasyPrint's PDFs; poppler-utils (pdffonts, pdftoppm) for the PDF checks.
SYSTEM_PACKAGES ?= fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.DEFAULT_GOAL := help
# Debian packages of the real-browser test (tests/browser): Playwright drives the system Chromium.
BROWSER_PACKAGES ?= chromium
# Debian packages of the spreadsheet test (tests/functional/test_spreadsheet_safety.py): headless
# LibreOffice Calc opens the CSV and XLSX files salesnb writes and must find no formula in them.
SPREADSHEET_PACKAGES ?= libreoffice-calc-nogui

.PHONY: help install dev sysdeps browser-deps spreadsheet-deps demo test test-fast test-browser lint format docs lab clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "salesnb needs Python 3.11 or newer; set PYTHON=python3.x"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install salesnb into it
dev: $(VENV)/.installed-dev ## Install salesnb with the dev extras (tests, lint)

sysdeps: ## Install the Debian packages salesnb needs (CJK fonts) when missing
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "warning: install$$missing yourself (no apt-get here)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "warning: install$$missing as root; Chinese text will show as boxes until then"; exit 0; fi; \
	echo "installing$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null

browser-deps: dev ## Install Chromium (Debian) for the real-browser test; Playwright comes with the dev extras
	@$(MAKE) --no-print-directory sysdeps SYSTEM_PACKAGES="$(BROWSER_PACKAGES)"

spreadsheet-deps: ## Install headless LibreOffice Calc (Debian) for the spreadsheet-injection test
	@$(MAKE) --no-print-directory sysdeps SYSTEM_PACKAGES="$(SPREADSHEET_PACKAGES)"

demo: install sysdeps ## Build the demo organisation and render its latest month and quarter
	$(BIN)/salesnb demo

test: dev sysdeps browser-deps spreadsheet-deps ## Run the whole test suite: unit, functional, notebooks (nbval), browser and spreadsheet tests
	$(BIN)/python -m pytest

test-fast: dev ## Run the unit tests only
	$(BIN)/python -m pytest tests/unit

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
