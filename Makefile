# The two commands a fresh machine needs (see README.md):
#   make run    install the dashboard and start it on the embedded store with demo data
#   make test   install everything the tests need and run them
# While working: make test-fast runs the quick tests alone, in under a minute (no browser, no PostGIS, nothing
# marked slow; see tests/README.md).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast lint system-deps screenshots

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Leaflet and its plugins come from the npm registry (package-lock.json): served by the app, never a CDN.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# streamlit run app.py, with the first map ready before the first visitor (ui/serve.py).
run: $(VENV)/.runtime node_modules/.installed
	$(PY) -m ui.serve

system-deps:
	@{ test -x /usr/bin/chromium && command -v npm >/dev/null && test -x /usr/lib/postgresql/15/bin/initdb \
	   && test -f /usr/share/postgresql/15/extension/postgis.control && test -x /usr/sbin/nginx; } \
	   || sh scripts/install-system-deps.sh

# One worker per core; a test file stays on one worker (its module fixtures: app servers, stores).
test: system-deps $(VENV)/.dev node_modules/.installed
	$(PY) -m pytest -n auto --dist loadfile

test-fast: $(VENV)/.dev node_modules/.installed
	$(PY) -m pytest -q -m "not browser and not postgis and not slow"

# The README's screenshots (docs/screenshots/), French and English, from a temporary demo store: see scripts/screenshots.py.
screenshots: $(VENV)/.dev node_modules/.installed
	$(PY) scripts/screenshots.py

lint: $(VENV)/.dev
	$(PY) -m ruff check .
