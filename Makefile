# The two commands in README.md: `make serve` (preview the site) and `make test` (every test).
# Both install what is missing first, so they work on a fresh machine with Python 3.11 and npm:
# `make serve` only what building the site needs, `make test` everything.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-site browser serve serve-en build test clean

# Requirements by job (requirements/): the site alone for serve and build, everything for test.
setup-site: $(VENV)/.site-installed node_modules/.installed
setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.site-installed: requirements/site.txt requirements/lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/site.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed: $(VENV)/.site-installed requirements/test.txt requirements/examples.txt requirements/deepspeed.txt
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -r requirements/deepspeed.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The preview rebuilds only the pages whose source changed (--dirty), so a save shows in about a
# second; a dirty build warns that other pages' navigation may be stale, hence --no-strict here.
# `make build` and the tests build everything, strictly.
## Preview the Chinese site at http://127.0.0.1:8000/ with live reload
serve: setup-site browser
	$(BIN)/mkdocs serve --dirty --no-strict -f mkdocs.yml -a 127.0.0.1:8000

## Preview the English site at http://127.0.0.1:8001/ with live reload
serve-en: setup-site browser
	$(BIN)/mkdocs serve --dirty --no-strict -f mkdocs.en.yml -a 127.0.0.1:8001

## Build both languages into site/ (Chinese at /, English at /en/), with a PDF of each
build: setup-site browser
	rm -rf site
	$(BIN)/mkdocs build --strict -f mkdocs.yml
	$(BIN)/mkdocs build --strict -f mkdocs.en.yml
	$(BIN)/python scripts/build_pdf.py --site site

## Debian's Chromium and fonts: the build draws diagrams with it, the browser tests drive it
browser:
	bash scripts/ensure-browser.sh

## Run every test (screenshots go to test-results/screenshots/)
test: setup browser
	$(BIN)/python -m pytest -n auto --maxprocesses=4

clean:
	rm -rf site .cache .pytest_cache .hypothesis
