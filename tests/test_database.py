"""A table in a SQLite database computes exactly as the same data in a file, fetching only an aggregate.

Every framework's sample data is loaded into SQLite and every figure compared with the file path; typed
tables are compared with their own CSV export; a 1,000,000-row table is compared with its export and read
within a small, fixed memory bound.
"""

from __future__ import annotations

import re
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from conftest import SAMPLE
from pg import export_csv, million_rows, read_text, sqlite_tables  # noqa: F401 (the fixture million)
from wres_cli import pipeline
from wres_cli.core.config import Config, from_mapping
from wres_cli.core.errors import ConfigError, InputError
from wres_cli.inputs.load import load_dataset
from wres_cli.inputs.sources import DatabaseSource, as_text, database_source, redact

KEY = ["framework", "indicator", "org", "year", "section", "breakdown", "group", "measure"]
CHARACTERISTIC = {
    "characteristic": "Disability",
    "characteristics": {
        "Disability": {
            "reference": "No",
            "groups": {
                "Yes": "Yes",
                "No": "No",
                "Not Declared": "Unknown",
                "Prefer Not To Answer": "Unknown",
                "Prefer not to say": "Unknown",
            },
        }
    },
}
# framework -> (folder of its sample files, the datasets it reads, configuration)
FRAMEWORKS = {
    "nhs-wres": (SAMPLE, ("workforce", "recruitment", "board", "survey"), {}),
    "sc-wres": (SAMPLE / "sc-wres", ("workforce", "recruitment", "survey"), None),
    "wdes": (SAMPLE / "wdes", ("workforce", "recruitment", "board", "survey"), {}),
    "characteristic": (SAMPLE / "wdes", ("workforce", "recruitment"), CHARACTERISTIC),
}


def framework_config(framework: str) -> Config:
    folder, _, given = FRAMEWORKS[framework]
    if given is None:
        from wres_cli.core.config import load_config

        return load_config(folder / "wres.yaml")
    return from_mapping(given, "test")


def in_order(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """Rows in key order: a table has no row order, so organisations may come in another order than a file's."""
    if frame is None:
        return None
    keys = [k for k in KEY if k in frame.columns]
    return frame.sort_values(keys, kind="stable", ignore_index=True)


def assert_same(a, b) -> None:
    """Every figure, trend, benchmark and dataset summary of two Results equal (not merely close)."""
    pd.testing.assert_frame_equal(in_order(a.rows), in_order(b.rows), check_exact=True)
    for table in ("trend", "benchmark"):
        left, right = getattr(a, table), getattr(b, table)
        assert (left is None) == (right is None)
        if left is not None:
            pd.testing.assert_frame_equal(in_order(left), in_order(right), check_exact=True)
    assert [replace(d, path="") for d in a.datasets] == [replace(d, path="") for d in b.datasets]
    assert len(a.warnings) == len(b.warnings)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """Every sample file of every framework as a TEXT table '<framework>_<dataset>' of one SQLite file."""
    tables = {}
    for framework, (folder, datasets, _) in FRAMEWORKS.items():
        for name in datasets:
            tables[f"{framework}_{name}"] = read_text(folder / f"{name}.csv")
    tables["survey_aggregated"] = read_text(SAMPLE / "survey_aggregated.csv")
    return sqlite_tables(tmp_path_factory.mktemp("db") / "esr.db", tables)


@pytest.mark.parametrize("by_org", [False, True])
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_every_figure_of_every_framework_equals_the_files(sample_db, framework, by_org):
    folder, datasets, _ = FRAMEWORKS[framework]
    config = framework_config(framework)
    files = {name: folder / f"{name}.csv" for name in datasets}
    tables = {name: f"sqlite:///{sample_db}#{framework}_{name}" for name in datasets}
    options = dict(config=config, framework=framework, by_org=by_org, trend=True)
    from_files = pipeline.compute(files.pop("workforce"), **files, **options)
    from_tables = pipeline.compute(tables.pop("workforce"), **tables, **options)
    assert_same(from_files, from_tables)
    assert (from_tables.rows["status"] == "computed").any()
    assert all(d.path.startswith("sqlite:///") for d in from_tables.datasets)


def test_an_aggregated_survey_table_equals_the_file(sample_db):
    url = f"sqlite:///{sample_db}"
    a = pipeline.compute(SAMPLE / "workforce.csv", survey=SAMPLE / "survey_aggregated.csv")
    b = pipeline.compute(f"{url}#nhs-wres_workforce", survey=f"{url}#survey_aggregated")
    assert_same(a, b)
    assert b.datasets[1].form == "aggregated"


def test_typed_columns_and_a_summed_count_equal_the_tables_own_csv_export(tmp_path):
    """Whole-number years and counts, 0/1 flags: the table read in the database gives what its CSV export
    gives, and what the record-level file gives (a count column is summed in the database)."""
    records = read_text(SAMPLE / "workforce.csv").drop(columns="Employee Number")
    counted = records.groupby(list(records.columns), dropna=False).size().reset_index(name="Headcount")
    counted["Year"] = counted["Year"].astype(int)
    for flag in ("Disciplinary", "Non-mandatory training"):
        counted[flag] = counted[flag].str.strip().str.upper().str[0].map({"Y": 1, "N": 0}).astype("Int64")
    database = sqlite_tables(
        tmp_path / "typed.db",
        {"counted": counted},
        {
            "Year": "INTEGER",
            "Headcount": "INTEGER",
            "Disciplinary": "INTEGER",
            "Non-mandatory training": "INTEGER",
        },
    )
    export = export_csv(database, "counted", tmp_path / "export.csv")
    summed = pipeline.compute(f"sqlite:///{database}#counted", trend=True)
    assert_same(pipeline.compute(export, trend=True), summed)
    records_figures = pipeline.compute(SAMPLE / "workforce.csv", trend=True)
    pd.testing.assert_frame_equal(in_order(records_figures.rows), in_order(summed.rows), check_exact=True)


def test_a_bad_count_is_reported_as_in_a_file(tmp_path):
    """A negative or blank count is not hidden by SUM: the count column is then grouped on, and the error
    names the value and the table rows."""
    frame = pd.DataFrame({"Ethnicity": ["A", "A", "N", "N"], "Year": [2026] * 4, "Count": [3, -2, 4, None]})
    database = sqlite_tables(tmp_path / "bad.db", {"t": frame}, {"Year": "INTEGER", "Count": "INTEGER"})
    with pytest.raises(InputError) as caught:
        load_dataset(f"sqlite:///{database}#t", "workforce", Config())
    assert str(caught.value) == (
        f"sqlite:///{database}#t, column 'Count': '-2' is not a whole number of people >= 0; a count says how "
        "many people the row stands for (2 bad row(s) in all)"
    )


def test_columns_are_matched_by_their_spellings_and_by_the_configuration(tmp_path):
    frame = read_text(SAMPLE / "workforce.csv").rename(
        columns={"Ethnic Origin": "Heritage", "Pay Band": "AFC_BAND", "Staff Group": "staff group"}
    )
    database = sqlite_tables(tmp_path / "renamed.db", {"staff": frame})
    frame.to_csv(tmp_path / "renamed.csv", index=False)
    config = from_mapping({"columns": {"workforce": {"ethnicity": "Heritage"}}}, "test")
    a = pipeline.compute(tmp_path / "renamed.csv", config=config)
    b = pipeline.compute(f"sqlite:///{database}#staff", config=config)
    assert_same(a, b)
    with pytest.raises(
        InputError, match=r"required column 'ethnicity' is missing; columns found: .*Heritage"
    ):
        pipeline.compute(f"sqlite:///{database}#staff")


class Statements:
    """The SQL sent to the database while the block runs."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def __enter__(self) -> Statements:
        event.listen(Engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(Engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.sent.append(" ".join(statement.split()))

    def reading(self, table: str) -> list[str]:
        return [s for s in self.sent if re.search(rf'FROM "?{table}"?\b', s) and "sqlite_master" not in s]


def test_a_configured_query_and_years_filter_in_the_database(sample_db):
    url = f"sqlite:///{sample_db}"
    config = from_mapping(
        {
            "sources": {
                "workforce": {"url": url, "table": "nhs-wres_workforce", "years": [2026]},
                "recruitment": {
                    "url": url,
                    "query": 'SELECT * FROM "nhs-wres_recruitment" -- the view: a comment with a colon: here\n',
                },
            }
        },
        "wres.yaml",
    )
    with Statements() as sql:
        loaded = pipeline.load(None, config=config)
    assert loaded.datasets["workforce"].years == (2026,)
    grouped = [s for s in sql.reading("nhs-wres_workforce") if "GROUP BY" in s and "count(*)" in s]
    assert grouped and all("WHERE" in s for s in grouped)
    single = pipeline.compute(SAMPLE / "workforce.csv", recruitment=SAMPLE / "recruitment.csv", year=2026)
    filtered = pipeline.compute(None, config=config, indicator_3_method="1y")
    expected = pipeline.compute(
        SAMPLE / "workforce.csv", recruitment=SAMPLE / "recruitment.csv", year=2026, indicator_3_method="1y"
    )
    pd.testing.assert_frame_equal(in_order(expected.rows), in_order(filtered.rows), check_exact=True)
    assert single.year == filtered.year == 2026
    assert str(filtered.datasets[1].path) == f"{url} (sources.recruitment)"


def test_only_an_aggregate_leaves_the_database(sample_db):
    """No statement reads a row per person: each groups (or asks for distinct values), and person IDs are only
    counted (the check that nobody is on two rows of a year)."""
    url = f"sqlite:///{sample_db}#nhs-wres_workforce"
    with Statements() as sql:
        dataset = load_dataset(url, "workforce", Config())
    reads = sql.reading("nhs-wres_workforce")
    assert reads
    for statement in reads:
        assert "GROUP BY" in statement or "DISTINCT" in statement, statement
        if "Employee Number" in statement:
            assert "HAVING count(*) >" in statement, statement
    assert len(dataset.frame) < 0.05 * dataset.rows
    assert dataset.rows == 11_882 and int(dataset.frame["count"].sum()) == 11_882


def test_a_person_twice_in_a_year_is_refused_as_in_a_file(tmp_path):
    frame = read_text(SAMPLE / "workforce.csv")
    frame.loc[5, "Employee Number"] = frame.loc[4, "Employee Number"]
    frame.loc[5, "Year"] = frame.loc[4, "Year"]
    database = sqlite_tables(tmp_path / "twice.db", {"staff": frame})
    with pytest.raises(
        InputError, match=r"person ID '.+' is on 2 rows in 2025, so the person would be counted"
    ):
        pipeline.compute(f"sqlite:///{database}#staff")


def test_unmapped_values_are_named_with_their_table_rows_and_no_line_numbers(tmp_path):
    frame = read_text(SAMPLE / "workforce.csv")
    frame.loc[[3, 7, 9], "Ethnic Origin"] = "X9 Martian"
    database = sqlite_tables(tmp_path / "odd.db", {"staff": frame})
    with pytest.raises(InputError) as caught:
        pipeline.compute(f"sqlite:///{database}#staff")
    message = str(caught.value)
    assert message.startswith(
        f"sqlite:///{database}#staff column 'Ethnic Origin': 1 value not in the ethnicity"
    )
    assert "'X9 Martian' (3 rows)" in message and "line" not in message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sqlite:///{db}", "name the table after '#'"),
        (
            "sqlite:///{db}#nowhere",
            "no table or view 'nowhere'; tables and views: characteristic_recruitment, ",
        ),
        ("sqlite:///{missing}#staff", "no such database file"),
        ("nosuchdb://host/x#t", "unknown kind of database 'nosuchdb'"),
        ("sqlite:///{db}#main.nowhere", "no table or view 'main.nowhere'"),
    ],
)
def test_a_bad_source_is_a_clear_input_error(sample_db, tmp_path, source, expected):
    source = source.format(db=sample_db, missing=tmp_path / "missing.db")
    with pytest.raises(InputError, match=re.escape(expected)):
        pipeline.compute(source)
    assert not (tmp_path / "missing.db").exists()  # SQLite would have created it


def test_a_query_must_be_one_select(sample_db):
    config = from_mapping(
        {"sources": {"workforce": {"url": f"sqlite:///{sample_db}", "query": "DELETE FROM x; SELECT 1"}}}, "c"
    )
    with pytest.raises(InputError, match="the query must be one SELECT statement"):
        pipeline.compute(None, config=config)


def test_the_database_is_only_read(sample_db):
    from sqlalchemy import text

    from wres_cli.inputs.sources import connected

    source = database_source(f"sqlite:///{sample_db}#nhs-wres_board")
    with (
        pytest.raises(InputError, match=r"attempt to write a readonly database"),
        connected(source) as connection,
    ):
        connection.execute(text('DELETE FROM "nhs-wres_board"'))


@pytest.mark.parametrize("missing", [("psycopg", "psycopg2"), ("psycopg2",)])
def test_a_missing_driver_names_the_extra_to_install(monkeypatch, missing):
    import sys

    for module in ("psycopg", "psycopg2"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    for module in missing:
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    source = "postgresql+psycopg2://analyst@dw/esr#wres.staff" if missing == ("psycopg2",) else None
    source = source or "postgresql://analyst:s3cret@dw/esr#wres.staff"
    with pytest.raises(InputError) as caught:
        pipeline.compute(source)
    assert "pip install 'wres-cli[postgres]'" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_urls_are_redacted_in_every_message():
    assert redact("postgresql://analyst:pa/ss?w@rd@dw:5432/esr?sslmode=require&password=x") == (
        "postgresql://analyst:***@dw:5432/esr?sslmode=require&password=***"
    )
    assert redact("sqlite:///esr.db") == "sqlite:///esr.db"
    assert redact("mssql+pyodbc://u:${DW_PASSWORD}@dw/esr") == "mssql+pyodbc://u:***@dw/esr"
    source = database_source("postgresql://analyst:s3cret@dw/esr#wres.staff")
    assert "s3cret" not in f"{source} {source!r} {source.location}"


def test_a_url_takes_placeholders_from_the_environment(sample_db, monkeypatch):
    monkeypatch.setenv("WRES_TEST_DB", str(sample_db))
    dataset = load_dataset("sqlite:///${WRES_TEST_DB}#nhs-wres_board", "board", Config())
    assert dataset.rows == 28
    monkeypatch.delenv("WRES_TEST_DB")
    with pytest.raises(InputError, match="the environment variable WRES_TEST_DB named in the URL is not set"):
        load_dataset("sqlite:///${WRES_TEST_DB}#nhs-wres_board", "board", Config())


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ({"workforce": "esr.csv"}, "sources.workforce must be a database table as URL#TABLE"),
        ({"workfroce": {"url": "sqlite:///x.db", "table": "t"}}, "did you mean 'workforce'"),
        ({"workforce": {"url": "sqlite:///x.db"}}, "needs either table (a table or view) or query"),
        (
            {"workforce": {"url": "sqlite:///x.db", "table": "t", "tabel": 1}},
            "unknown key sources.workforce.tabel",
        ),
        ({"workforce": {"url": "x.db", "table": "t"}}, "sources.workforce.url must be a database URL"),
        ({"workforce": {"url": "sqlite:///x.db", "table": "t", "years": "2026"}}, "years must be a list"),
    ],
)
def test_configured_sources_are_checked(sources, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        from_mapping({"sources": sources}, "wres.yaml")


def test_no_workforce_at_all_is_a_clear_error():
    with pytest.raises(InputError, match="no workforce input: give the workforce file"):
        pipeline.compute(None)


def test_raw_values_become_the_text_of_a_csv_export():
    import datetime
    import decimal

    assert [
        as_text(v) for v in (None, "", "N/A", " A ", True, 0, 2026.0, 2.5, decimal.Decimal("12.000"))
    ] == [
        None,
        None,
        None,
        " A ",
        "True",
        "0",
        "2026",
        "2.5",
        "12",
    ]
    assert as_text(datetime.date(2026, 3, 31)) == "2026-03-31"
    assert as_text(datetime.datetime(2026, 3, 31)) == "2026-03-31"
    assert isinstance(database_source({"url": "sqlite:///x.db", "table": "t"}), DatabaseSource)


# ------------------------------------------------------------------------------------------ a million rows


def test_a_million_rows_compute_as_their_csv_export(million):
    database, export = million
    a = pipeline.compute(export, by_org=True, trend=True)
    b = pipeline.compute(f"sqlite:///{database}#workforce", by_org=True, trend=True)
    assert_same(a, b)
    assert b.datasets[0].rows == 1_000_000


def test_a_million_rows_are_read_within_a_small_fixed_memory_bound(million):
    """The aggregate, not the table, comes back: its size depends on the distinct values, not on the rows."""
    database, _ = million
    tracemalloc.start()
    try:
        dataset = load_dataset(f"sqlite:///{database}#workforce", "workforce", Config())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert dataset.rows == 1_000_000
    assert len(dataset.frame) < 20_000  # rows fetched: one per combination of what the values mean
    assert peak < 48 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_an_event_table_is_refused_as_it_would_take_person_ids_out(sample_db):
    from wres_cli.validation.run import validate

    url = f"sqlite:///{sample_db}#nhs-wres_workforce"
    with pytest.raises(
        InputError, match=r"an event table \(disciplinary\) is matched to the workforce person by"
    ):
        pipeline.compute(url, disciplinary=url)
    report = validate(url, disciplinary=url)
    assert [f.code for f in report.findings if "event table" in f.message] == ["E101"]
