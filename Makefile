# Two commands set everything up: `make run` (the demo on http://127.0.0.1:8000; `make run PORT=8080` for
# another port) and `make test` (the suite).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run reset-demo test lint install install-test lock clean serve stop

run: install
	$(BIN)/python manage.py migrate --no-input
	@# The demo content goes into an empty database only, so that what you changed since is kept.
	$(BIN)/python manage.py load_demo_content --if-empty
	$(BIN)/python manage.py create_demo_users
	@# Links in e-mails lead to the address the demo is served at; the worker sends scheduled announcements,
	@# batched updates and e-mail retries, and stops with the server.
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	$(BIN)/python manage.py db_worker --no-reload --interval 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A production-like stack: two gunicorn app servers on PostgreSQL and Redis, the worker, and nginx on
# http://127.0.0.1:8080 (deploy/serve says what it sets); Ctrl-C stops it, `make stop` stops one left running.
serve: install
	deploy/serve

stop:
	deploy/serve stop

# Load the Nottingham demo content again over your edits to it (rows you added yourself stay).
reset-demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_demo_users

test: install-test lint
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

install: $(VENV)/.installed-base node_modules/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

# The virtual environment is made with Python $(PYTHON_VERSION): pyenv's, else one on the PATH.
$(BIN)/python:
	@py="$$(pyenv which python 2>/dev/null || command -v python$(PYTHON_VERSION) || true)"; \
	if [ -z "$$py" ] || ! "$$py" -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(PYTHON_VERSION)".split("."))))'; then \
	  echo "Python $(PYTHON_VERSION) is needed: install it (for example 'pyenv install $(PYTHON_VERSION)') and run make again." >&2; exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

# Django talks to PostgreSQL through psycopg 3 whenever it is installed: an environment made before the suite
# moved to production's psycopg2 loses it, so that the tests run on the driver production uses.
$(VENV)/.installed-test: requirements/test.txt requirements/base.txt $(VENV)/.installed-base
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip uninstall --quiet --yes psycopg psycopg-binary pytest-postgresql 2>/dev/null || true
	touch $@

# The npm packages' install scripts are not needed (vnu-jar's only looks for Java), so none run.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: install Node.js and npm (Debian: apt-get install nodejs npm)." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Re-pin the Python dependencies from requirements/*.in after changing them.
lock: | $(BIN)/python
	rm -rf .venv-lock && $(BIN)/python -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements/base.in
	{ echo "# Pinned from base.in by \`make lock\`; edit base.in, not this file."; .venv-lock/bin/pip freeze; } > requirements/base.txt
	.venv-lock/bin/pip install --quiet -r requirements/test.in
	{ echo "# Pinned from test.in by \`make lock\`; edit test.in, not this file."; echo "-r base.txt"; \
	  .venv-lock/bin/pip freeze | grep -vxFf <(grep -v '^#' requirements/base.txt); } > requirements/test.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
