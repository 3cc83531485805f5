"""The same as test_database.py against a throwaway PostgreSQL server the suite starts itself (tests/pg.py):
every framework's figures equal the files', typed columns equal their CSV export, a 1,000,000-row table equals
its CSV within a small, fixed memory bound, and the password comes from PGPASSWORD and is never shown."""

from __future__ import annotations

import json
import time
import tracemalloc

import pandas as pd
import pytest

from conftest import SAMPLE
from pg import million_rows, postgres_csv, postgres_server, postgres_tables, read_text  # noqa: F401 (fixtures)
from test_database import FRAMEWORKS, Statements, assert_same, framework_config, in_order
from wres_cli import pipeline
from wres_cli.core.config import Config, from_mapping
from wres_cli.core.errors import InputError
from wres_cli.inputs.load import load_dataset
from wres_cli.validation.run import validate

INTEGER_YEAR = {"Year": "integer"}


@pytest.fixture(scope="module")
def sample_pg(postgres, monkeypatch_module) -> str:
    """Every framework's sample files as tables wres.<framework>_<dataset> (years as integers); the URL of the
    database, without its password (PGPASSWORD holds it)."""
    database = postgres.create_database("wres_sample")
    tables = {}
    for framework, (folder, datasets, _) in FRAMEWORKS.items():
        for name in datasets:
            tables[f"wres.{framework.replace('-', '_')}_{name}"] = read_text(folder / f"{name}.csv")
    postgres_tables(postgres, database, tables, INTEGER_YEAR)
    postgres_tables(postgres, database, {"survey_aggregated": read_text(SAMPLE / "survey_aggregated.csv")})
    monkeypatch_module.setenv("PGPASSWORD", postgres.password)
    return postgres.url(database)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("by_org", [False, True])
@pytest.mark.parametrize("framework", list(FRAMEWORKS))
def test_every_figure_of_every_framework_equals_the_files(sample_pg, framework, by_org):
    folder, datasets, _ = FRAMEWORKS[framework]
    files = {name: folder / f"{name}.csv" for name in datasets}
    tables = {name: f"{sample_pg}#wres.{framework.replace('-', '_')}_{name}" for name in datasets}
    options = dict(config=framework_config(framework), framework=framework, by_org=by_org, trend=True)
    a = pipeline.compute(files.pop("workforce"), **files, **options)
    b = pipeline.compute(tables.pop("workforce"), **tables, **options)
    assert_same(a, b)
    assert b.datasets[0].path == f"{sample_pg}#wres.{framework.replace('-', '_')}_workforce"


def test_an_aggregated_survey_table_equals_the_file(sample_pg):
    a = pipeline.compute(SAMPLE / "workforce.csv", survey=SAMPLE / "survey_aggregated.csv")
    b = pipeline.compute(f"{sample_pg}#wres.nhs_wres_workforce", survey=f"{sample_pg}#survey_aggregated")
    assert_same(a, b)


def test_booleans_and_a_summed_count_equal_the_tables_csv_export(postgres, sample_pg, tmp_path):
    """Boolean flags and an integer count column (summed in the database) give what the table's CSV export
    gives (exported as pandas writes it: True/False)."""
    from sqlalchemy import create_engine

    records = read_text(SAMPLE / "workforce.csv").drop(columns="Employee Number")
    counted = records.groupby(list(records.columns), dropna=False).size().reset_index(name="Headcount")
    for flag in ("Disciplinary", "Non-mandatory training"):
        counted[flag] = counted[flag].str.strip().str.upper().str[0].map({"Y": "true", "N": "false"})
    types = {
        **INTEGER_YEAR,
        "Headcount": "integer",
        "Disciplinary": "boolean",
        "Non-mandatory training": "boolean",
    }
    postgres_tables(postgres, "wres_sample", {"wres.counted": counted}, types)
    engine = create_engine(
        postgres.url("wres_sample", password=True).replace("postgresql:", "postgresql+psycopg:")
    )
    with engine.connect() as connection:
        pd.read_sql_table("counted", connection, schema="wres").to_csv(tmp_path / "export.csv", index=False)
    engine.dispose()
    with Statements() as sql:
        summed = pipeline.compute(f"{sample_pg}#wres.counted", trend=True)
    assert any('sum(wres.counted."Headcount")' in s for s in sql.sent)
    assert_same(pipeline.compute(tmp_path / "export.csv", trend=True), summed)
    records_figures = pipeline.compute(SAMPLE / "workforce.csv")
    pd.testing.assert_frame_equal(
        in_order(records_figures.rows),
        in_order(pipeline.compute(f"{sample_pg}#wres.counted").rows),
        check_exact=True,
    )


def test_a_negative_count_is_not_hidden_by_the_sum(postgres, sample_pg):
    frame = pd.DataFrame({"Ethnicity": ["A", "A", "N"], "Year": ["2026"] * 3, "Count": ["3", "-2", "4"]})
    postgres_tables(postgres, "wres_sample", {"negative": frame}, {"Count": "integer"})
    with pytest.raises(
        InputError, match=r"'-2' is not a whole number of people >= 0; .* \(1 bad row\(s\) in all\)"
    ):
        load_dataset(f"{sample_pg}#negative", "workforce", Config())


def test_a_query_with_casts_and_a_years_filter(sample_pg):
    config = from_mapping(
        {
            "sources": {
                "workforce": {
                    "url": sample_pg,
                    "query": 'SELECT *, "Year"::text AS "Snapshot" FROM wres.nhs_wres_workforce WHERE "Year" > 0',
                    "years": [2025],
                }
            },
            "columns": {"workforce": {"year": "Snapshot"}},
        },
        "wres.yaml",
    )
    loaded = pipeline.load(None, config=config)
    assert loaded.datasets["workforce"].years == (2025,)
    a = pipeline.compute(SAMPLE / "workforce.csv", year=2025, indicator_3_method="1y")
    b = pipeline.compute(None, config=config, indicator_3_method="1y")
    pd.testing.assert_frame_equal(in_order(a.rows), in_order(b.rows), check_exact=True)


def test_the_password_comes_from_the_environment_and_is_never_shown(postgres, sample_pg, run, monkeypatch):
    with_password = postgres.url("wres_sample", password=True) + "#wres.nhs_wres_board"
    done = run("compute", with_password, "--format", "json")
    assert postgres.password not in done.stdout + done.stderr
    assert json.loads(done.stdout)["meta"]["inputs"][0]["path"] == (
        f"postgresql://{postgres.user}:***@{postgres.host}:{postgres.port}/wres_sample#wres.nhs_wres_board"
    )
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    refused = run("compute", f"{sample_pg}#wres.nhs_wres_board", code=2)
    assert "password authentication failed" in refused.stderr and "not-the-password" not in refused.stderr
    wrong = postgres.url("wres_sample").replace("@", ":Wr0ng-secret@") + "#wres.nhs_wres_board"
    refused = run("validate", wrong, code=1)
    assert "Wr0ng-secret" not in refused.stdout + refused.stderr and "E101" in refused.stdout


def test_a_missing_table_lists_the_schemas_tables(sample_pg):
    with pytest.raises(
        InputError, match=r"no table or view 'wres.nowhere'; tables and views in schema 'wres': "
    ):
        load_dataset(f"{sample_pg}#wres.nowhere", "workforce", Config())


def test_validate_counts_repeated_people_in_the_database(postgres, sample_pg):
    frame = read_text(SAMPLE / "workforce.csv")
    frame.loc[5, ["Employee Number", "Year"]] = frame.loc[4, ["Employee Number", "Year"]].to_numpy()
    postgres_tables(postgres, "wres_sample", {"twice": frame}, INTEGER_YEAR)
    report = validate(f"{sample_pg}#twice")
    person = frame.loc[4, "Employee Number"]
    assert [f.message for f in report.findings if f.code == "E302"] == [
        f"person ID {person!r} is on 2 rows in {frame.loc[4, 'Year']}"
    ]
    with pytest.raises(InputError, match="so the person would be counted more than once"):
        pipeline.compute(f"{sample_pg}#twice")


# ------------------------------------------------------------------------------------------ a million rows


@pytest.fixture(scope="module")
def million_pg(postgres, sample_pg, million) -> tuple[str, object]:
    """The 1,000,000-row workforce (pg.million) as a CSV file and as a table."""
    _, export = million
    postgres_csv(postgres, "wres_sample", "wres.million", export, INTEGER_YEAR)
    return f"{sample_pg}#wres.million", export


def test_a_million_rows_compute_as_the_csv_within_a_fixed_memory_bound(million_pg):
    url, export = million_pg
    started = time.perf_counter()
    from_csv = pipeline.compute(export, by_org=True, trend=True)
    csv_seconds = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    try:
        from_table = pipeline.compute(url, by_org=True, trend=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    table_seconds = time.perf_counter() - started
    assert_same(from_csv, from_table)
    assert from_table.datasets[0].rows == 1_000_000
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    print(
        f"\n1,000,000 rows: CSV {csv_seconds:.2f} s, PostgreSQL {table_seconds:.2f} s (traced peak {peak / 2**20:.1f} MiB)"
    )


def test_without_a_server_the_tests_skip_except_under_ci(monkeypatch):
    import pg

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL tests must run under CI=true"):
        pg._unavailable("no PostgreSQL server binaries")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server binaries"):
        pg._unavailable("no PostgreSQL server binaries")
