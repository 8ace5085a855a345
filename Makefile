# Two targets do all the set-up on a fresh machine: `make ask` and `make test`.
# Each creates .venv and installs banbot into it (editable, with its dev tools) first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
Q ?= when do updates stop?

.PHONY: ask test lint bench docker-smoke clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	touch $@

ask: $(BIN)/.installed
	$(BIN)/banbot ask "$(Q)"

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --editable '.[dev,bench]'
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

docker-smoke:
	bash scripts/docker-smoke.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
