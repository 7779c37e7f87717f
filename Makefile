# Quick start: `make run` (the app on the bundled data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
GAZETTEER := data/build/gazetteer.sqlite

.PHONY: run dev test fuzz lint format bench gazetteer clean

run: $(VENV)/.installed $(GAZETTEER)
	$(PY) -m finder.serve

# `python -m finder.serve` is `streamlit run app.py` with Nagle's algorithm off (see finder/serve.py).
# Development: reload on save, and Streamlit's post-run collection back on (production turns both off).
dev: $(VENV)/.installed $(GAZETTEER)
	$(PY) -m finder.serve --server.fileWatcherType auto --server.runOnSave true --runner.postScriptGC true

test: $(VENV)/.installed-dev $(GAZETTEER) node_modules/.installed
	$(PY) -m pytest

# The fuzz suite at a developer's size (thousands of examples, failures shrunk); `make test` runs it small.
fuzz: $(VENV)/.installed-dev $(GAZETTEER)
	FINDER_FUZZ_PROFILE=fuzz $(PY) -m pytest tests/fuzz -p no:cacheprovider

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed $(GAZETTEER)
	$(PY) -m finder bench

gazetteer: $(GAZETTEER)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# JavaScript the browser tests inject (axe-core), pinned in package-lock.json; the app needs none.
# Without npm the accessibility tests are skipped locally (CI installs npm and requires them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "make: npm not found (apt-get install npm): the accessibility tests will be skipped" >&2; \
	fi

$(GAZETTEER): scripts/build_gazetteer.py requirements.txt | $(VENV)/.installed
	$(PY) scripts/build_gazetteer.py --output $@

clean:
	rm -rf $(VENV) data/build node_modules
