# `make bench SIZE=100000` for a quick run (default: national size, 3,000,000 workforce rows).
# Everything bootstraps its own virtual environment: on a new machine only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/wres compute sample_data/workforce.csv \
		--recruitment sample_data/recruitment.csv \
		--board sample_data/board.csv \
		--survey sample_data/survey.csv

lint: $(TEST_STAMP)
	$(BIN)/ruff check src indicators tests sample_data

test: lint
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py $(if $(SIZE),--rows $(SIZE))

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
