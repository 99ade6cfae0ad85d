# Praxis: `make run` serves the demo, `make test` runs the whole suite.
# Both create .venv and install what they need on a fresh machine (Python 3.11+, make).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra Daphne options; behind the TLS proxy: make serve DAPHNE_ARGS=--proxy-headers
DAPHNE_ARGS ?=

.PHONY: run dev test test-tantivy install install-test migrate demo index serve lint format check e2e bench clean messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# axe-core for the accessibility checks in tests/e2e/test_conformance.py (Node.js and npm).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.package-lock.json

var:
	@mkdir -p var/media

migrate: install var
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py seed_demo

index: demo
	$(PY) manage.py update_index

serve:
	@echo "Praxis on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) -m daphne $(DAPHNE_ARGS) -b $(HOST) -p $(PORT) config.asgi:application

## Set up everything and serve Praxis with demo content over ASGI (Daphne), DEBUG off
## (config.settings.local: the site's own error pages, static files through WhiteNoise).
run: index serve

## The same with DEBUG on and autoreload (config.settings.dev), for working on Praxis.
dev: index
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

## Install the test extras and run the whole suite: the project tests on every core
## (pytest-xdist, one test file per worker at a time), the real-browser tests on their own
## (they time live delivery), then the modelsearch conformance suite against Whoosh and
## Tantivy, then the search tests again with SEARCH_BACKEND=tantivy (test-tantivy).
TEST_WORKERS ?= auto
# TANTIVY=0 leaves out the SEARCH_BACKEND=tantivy pass (CI runs it as a step of its own).
TANTIVY ?= 1
test: install-test var
	$(PY) -m pytest tests --ignore=tests/search_conformance --ignore=tests/e2e \
		-n $(TEST_WORKERS) --dist loadfile
	$(PY) -m pytest tests/e2e
	$(PY) -m pytest tests/search_conformance --ds=tests.search_conformance.settings \
		-n $(TEST_WORKERS) --dist loadfile
	@if [ "$(TANTIVY)" != 0 ]; then $(MAKE) test-tantivy; fi

## The search tests with SEARCH_BACKEND=tantivy: modelsearch's conformance suite and the
## Tantivy tests with Tantivy as the default backend, then tests/search (parity with the
## database backend, the search page).
test-tantivy: install-test var
	SEARCH_CONFORMANCE_BACKEND=tantivy $(PY) -m pytest tests/search_conformance \
		--ds=tests.search_conformance.settings -k "Tantivy or tantivy" \
		-n $(TEST_WORKERS) --dist loadfile
	SEARCH_BACKEND=tantivy $(PY) -m pytest tests/search -n $(TEST_WORKERS) --dist loadfile

## Only the real-browser tests.
e2e: install-test var
	$(PY) -m pytest tests/e2e

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install-test
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .
	$(VENV)/bin/djhtml templates

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## Extract the interface strings into locale/<lang>/LC_MESSAGES/*.po (new ones untranslated,
## changed ones fuzzy), then compile the .mo files Praxis serves. Needs gettext. Translate
## what is new (terms: locale/GLOSSARY.md) and run it again; tests/i18n checks both.
LOCALES := $(foreach code,pl sl lt nb,--locale=$(code))
MESSAGE_IGNORES := --ignore='.venv/*' --ignore='var/*' --ignore='tests/*' --ignore='docs/*' \
	--ignore='benchmarks/*'
messages: install
	$(PY) manage.py makemessages $(LOCALES) $(MESSAGE_IGNORES) --no-obsolete -v0
	$(PY) manage.py makemessages --domain djangojs $(LOCALES) $(MESSAGE_IGNORES) --no-obsolete -v0
	$(PY) manage.py compilemessages $(LOCALES) --ignore='.venv/*' -v0

bench: install-test index
	$(PY) benchmarks/pages.py

clean:
	rm -rf var/test-* var/test-index
