# The two commands a fresh machine needs (see README.md):
#   make run    install the dashboard and start it on the embedded store with demo data
#   make test   install everything the tests need and run them
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint system-deps

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py

system-deps:
	@test -x /usr/bin/chromium || sh scripts/install-system-deps.sh

test: $(VENV)/.dev system-deps
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
