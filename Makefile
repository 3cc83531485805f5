# `make bench SIZE=100000` for a quick run (default: national size, 3,000,000 workforce rows).
# Everything bootstraps its own virtual environment: on a new machine only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean sample-report

# `make demo` also copies the sample files into a SQLite database (one table per file) and computes on it.
DEMO_DIR := $(VENV)/demo
DEMO_DB := $(DEMO_DIR)/esr.db
define SAMPLE_TO_SQLITE
import csv, sqlite3, sys
database = sqlite3.connect(sys.argv[1])
for name in ("workforce", "recruitment", "board", "survey"):
    with open("sample_data/" + name + ".csv", newline="", encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        columns = ", ".join('"' + column + '"' for column in header)
        database.execute("CREATE TABLE " + name + " (" + columns + ")")
        database.executemany("INSERT INTO " + name + " VALUES (" + ", ".join("?" * len(header)) + ")", rows)
database.commit()
endef
export SAMPLE_TO_SQLITE

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
	@echo
	@echo "Also try: the Social Care WRES and the WDES on their own sample files:"
	@echo "  $(BIN)/wres compute sample_data/sc-wres/workforce.csv --framework sc-wres -c sample_data/sc-wres/wres.yaml \\"
	@echo "      --recruitment sample_data/sc-wres/recruitment.csv --survey sample_data/sc-wres/survey.csv"
	@echo "  $(BIN)/wres compute sample_data/wdes/workforce.csv --framework wdes --recruitment sample_data/wdes/recruitment.csv \\"
	@echo "      --board sample_data/wdes/board.csv --survey sample_data/wdes/survey.csv"
	@echo "  $(BIN)/wres validate sample_data/workforce.csv --recruitment sample_data/recruitment.csv"
	@echo "  $(BIN)/wres report sample_data/workforce.csv --survey sample_data/survey.csv --suppress 10 -o report.html"
	@echo "  $(BIN)/wres disclosure-check sample_data/workforce.csv --survey sample_data/survey.csv --suppress 10"
	@echo
	@echo "From a database (README: From a database): the sample files as tables of $(DEMO_DB), computed in it:"
	@rm -f $(DEMO_DB) && mkdir -p $(dir $(DEMO_DB)) && $(BIN)/python -c "$$SAMPLE_TO_SQLITE" $(DEMO_DB)
	$(BIN)/wres compute 'sqlite:///$(DEMO_DB)#workforce' --recruitment 'sqlite:///$(DEMO_DB)#recruitment' \
		--board 'sqlite:///$(DEMO_DB)#board' --survey 'sqlite:///$(DEMO_DB)#survey' --format csv -o $(DEMO_DIR)/from-database.csv
	@$(BIN)/wres compute sample_data/workforce.csv --recruitment sample_data/recruitment.csv \
		--board sample_data/board.csv --survey sample_data/survey.csv --format csv -o $(DEMO_DIR)/from-files.csv 2>/dev/null
	@cmp -s $(DEMO_DIR)/from-database.csv $(DEMO_DIR)/from-files.csv \
		&& echo "Every figure equals the one computed from the CSV files ($(DEMO_DIR)/from-database.csv, from-files.csv)." \
		|| { echo "The figures from the database differ from the files'"; exit 1; }

lint: $(TEST_STAMP)
	$(BIN)/ruff check src indicators tests sample_data benchmarks
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py $(if $(SIZE),--rows $(SIZE))

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# The sample board report (docs/sample-report.html) and, when Chromium is installed, a PNG of its first page
# rendered headless (docs/sample-report.png). Without Chromium the PNG step is skipped and the target still succeeds.
CHROMIUM := $(firstword $(foreach b,chromium chromium-browser google-chrome,$(shell command -v $(b) 2>/dev/null)))

sample-report: $(STAMP)
	$(BIN)/wres report sample_data/workforce.csv \
		--recruitment sample_data/recruitment.csv \
		--board sample_data/board.csv \
		--survey sample_data/survey.csv \
		--suppress 10 --output docs/sample-report.html
ifeq ($(CHROMIUM),)
	@echo "sample-report: docs/sample-report.png skipped: no chromium, chromium-browser or google-chrome on PATH (on Debian: apt-get install chromium)"
else
	@log=$$(mktemp); rm -f docs/sample-report.png; \
	if timeout 120 $(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1240,1754 \
		--screenshot=$(CURDIR)/docs/sample-report.png file://$(CURDIR)/docs/sample-report.html >$$log 2>&1 \
		&& test -s docs/sample-report.png; then \
		echo "sample-report: rendered docs/sample-report.png with $(CHROMIUM)"; rm -f $$log; \
	else cat $$log; rm -f $$log; echo "sample-report: $(CHROMIUM) failed to render the PNG"; exit 1; fi
endif
