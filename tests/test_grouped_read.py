"""Reading a CSV or Parquet record file as counts of its raw values (inputs/grouped.py) gives what reading it
whole gives: the same counts, categories in the same order, the same warnings and notes, the same messages
with the same lines; and the rows are never held."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from wres_cli.core.config import Config, load_config
from wres_cli.core.errors import WresError
from wres_cli.inputs import grouped
from wres_cli.inputs.grouped import GroupedDataset
from wres_cli.inputs.load import load_dataset, load_inputs, without_org
from wres_cli.inputs.person_hashes import id_hashes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of a few hundred rows, combined often: every file is read as many batches."""
    monkeypatch.setattr(grouped, "BLOCK_BYTES", 1 << 14)
    monkeypatch.setattr(grouped, "BATCH_ROWS", 700)
    monkeypatch.setattr(grouped, "COMBINE_AT", 2_000)


def as_parquet(path: Path, folder: Path) -> Path:
    """The file as Parquet, every column text (as a CSV export holds it)."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    import pyarrow as pa

    table = pacsv.read_csv(
        path, convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()))
    )
    out = folder / f"{path.stem}.parquet"
    pq.write_table(table, out, row_group_size=1_500)
    return out


def counts(frame: pd.DataFrame) -> pd.Series:
    """People by every canonical column: what the figures are made of."""
    columns = [c for c in frame.columns if c not in ("count", "person_id")]
    keyed = frame[[*columns, "count"]].copy()
    for column in columns:
        keyed[column] = keyed[column].astype(object).where(keyed[column].notna(), "<blank>")
    return keyed.groupby(columns, dropna=False)["count"].sum().sort_index()


def assert_same(path: Path, dataset: str, config: Config) -> GroupedDataset:
    whole = load_dataset(path, dataset, config)
    counted = load_dataset(path, dataset, config, grouped=True)
    assert isinstance(counted, GroupedDataset)
    assert len(counted.frame) < len(whole.frame)
    assert (counted.rows, counted.years) == (whole.rows, whole.years)
    assert (counted.warnings, counted.notes, counted.ignored) == (whole.warnings, whole.notes, whole.ignored)
    assert list(counted.frame.columns) == [c for c in whole.frame.columns if c != "person_id"]
    for column in counted.frame.columns:
        a, b = whole.frame[column], counted.frame[column]
        assert a.dtype == b.dtype, column
        if isinstance(a.dtype, pd.CategoricalDtype):
            assert list(a.cat.categories) == list(b.cat.categories), column
    pd.testing.assert_series_equal(counts(counted.frame), counts(whole.frame))
    return counted


SAMPLE_FILES = [
    ("workforce.csv", "workforce", None),
    ("recruitment.csv", "recruitment", None),
    ("wdes/workforce.csv", "workforce", None),
    ("sc-wres/workforce.csv", "workforce", "sc-wres/wres.yaml"),
    ("sc-wres/recruitment.csv", "recruitment", "sc-wres/wres.yaml"),
]


@pytest.mark.parametrize("form", ["csv", "parquet"])
@pytest.mark.parametrize(("name", "dataset", "config"), SAMPLE_FILES)
def test_sample_files_count_alike(tmp_path, name, dataset, config, form):
    path = SAMPLES / name
    if form == "parquet":
        path = as_parquet(path, tmp_path)
    assert_same(path, dataset, load_config(SAMPLES / config) if config else Config())


def test_esr_export_with_dates_counts_alike():
    ds = assert_same(ROOT / "tests" / "data" / "esr" / "staff-in-post-2025-09-30.csv", "workforce", Config())
    assert ds.group_rows.sum() == ds.rows


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["expect"] == "same" and not c.get("as")], ids=lambda c: c["file"]
)
def test_real_world_spellings_count_alike(case):
    options = read_options(case)
    whole = load_dataset(BAD / case["file"], "workforce", Config(), **options)
    counted = load_dataset(BAD / case["file"], "workforce", Config(), grouped=True, **options)
    pd.testing.assert_series_equal(counts(counted.frame), counts(whole.frame))
    assert (counted.rows, counted.warnings) == (whole.rows, whole.warnings)


def read_options(case: dict) -> dict:
    """The read options of a corpus case's command-line arguments."""
    from wres_cli.cli.options import reading

    args = [str(a) for a in case.get("args", [])]
    given = dict(zip(args[::2], args[1::2], strict=True))
    return reading(
        given.get("--encoding"),
        given.get("--delimiter"),
        None,
        int(given["--header-row"]) if "--header-row" in given else None,
    )


def message(path: Path, dataset: str = "workforce", **options) -> str:
    with pytest.raises(WresError) as caught:
        load_dataset(path, dataset, Config(), **options)
    return caught.value.message


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["expect"] == "error" and not c.get("as")], ids=lambda c: c["file"]
)
def test_refused_files_say_the_same(case):
    path = BAD / case["file"]
    options = read_options(case)
    assert message(path, grouped=True, **options) == message(path, **options)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def many_rows(n: int) -> list[str]:
    groups = ["A White - British", "H Indian", "Z Not Stated", "M Caribbean"]
    return [
        f"Trust {i % 3},2025,E{i:06d},{groups[i % 4]},Band {5 + i % 3},{'Y' if i % 7 == 0 else 'N'}"
        for i in range(n)
    ]


HEADER = "Organisation,Year,Employee Number,Ethnic Origin,Pay Band,Disciplinary"


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_a_bad_value_late_in_the_file_is_named_at_its_first_line(tmp_path, form):
    rows = many_rows(3_000)
    rows[2_401] = rows[2_401].replace("H Indian", "Q9 Martian")
    rows[2_800] = rows[2_800].replace("A White - British", "Q9 Martian")
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    if form == "parquet":
        path = as_parquet(path, tmp_path)
    said = message(path, grouped=True)
    assert said == message(path)
    assert "lines 2403, 2802" in said and "2 rows" in said


def refusal(path: Path, grouped: bool) -> str:
    """What reading a workforce file for `wres compute` says (load_inputs checks the person IDs)."""
    with pytest.raises(WresError) as caught:
        if grouped:
            load_inputs({"workforce": path}, Config())
        else:
            from wres_cli.inputs.people import refuse_repeated_people

            refuse_repeated_people(load_dataset(path, "workforce", Config()))
    return caught.value.message


def test_a_person_twice_in_a_year_is_refused_alike(tmp_path):
    rows = many_rows(3_000)
    rows[2_500] = rows[2_500].replace("E002500", "E000010")
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    said = refusal(path, grouped=True)
    assert said == refusal(path, grouped=False)
    assert "'E000010'" in said and "line 2502" in said


def test_a_person_in_two_years_is_counted(tmp_path):
    rows = many_rows(2_000) + [r.replace(",2025,", ",2026,") for r in many_rows(2_000)]
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    assert_same(path, "workforce", Config())


def test_two_spellings_of_one_year_are_read_whole(tmp_path):
    """'2025' and '31/03/2025' are one reporting year: a repeat across them is found on the whole read."""
    rows = many_rows(1_000)
    rows[900] = rows[900].replace("E000900", "E000001").replace(",2025,", ",31/03/2025,")
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    said = refusal(path, grouped=True)
    assert said == refusal(path, grouped=False) and "'E000001'" in said


def test_person_id_hashes_tell_ids_apart():
    import pyarrow as pa

    ids = pa.array(["E1", "E10", "1E", "", None, "E1", "e1", "E01"] * 3).slice(2, 20)
    hashes = id_hashes(ids)
    values = ids.to_pylist()
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a is not None and b is not None:
                assert (hashes[i] == hashes[j]) == (a == b), (a, b)
    same_width = pa.array(["E0001", "E0002", "E0001", "E1000"])
    mixed = pa.array(["E0001", "E0002", "E0001", "E1000", "E1"])  # one width, and not: the same hashes
    assert list(id_hashes(same_width)) == list(id_hashes(mixed)[:4])
    assert len(set(id_hashes(same_width).tolist())) == 3
    numbers = id_hashes(pa.array([1, 2, None, 1]))
    assert numbers[0] == numbers[3] != numbers[1]


def test_applicant_ids_are_not_read_for_recruitment(tmp_path):
    rows = [f"A{i:05d},{['A', 'H', 'Z'][i % 3]},Y,{'Y' if i % 4 == 0 else 'N'}" for i in range(2_000)]
    path = write(tmp_path / "recruitment.csv", ["Applicant ID,Ethnicity,Shortlisted,Appointed", *rows])
    assert_same(path, "recruitment", Config())


def test_blank_flags_are_counted_in_rows(tmp_path):
    rows = [
        r.removesuffix(",N") + "," if i % 5 == 0 and r.endswith(",N") else r
        for i, r in enumerate(many_rows(2_000))
    ]
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    ds = assert_same(path, "workforce", Config())
    assert any("blank value(s) in column 'Disciplinary'" in w for w in ds.warnings)


def test_rows_without_an_organisation_are_told_alike(tmp_path):
    rows = many_rows(2_000)
    for i in (1_500, 1_700, 1_900):
        rows[i] = rows[i].replace(f"Trust {i % 3},", ",", 1)
    path = write(tmp_path / "workforce.csv", [HEADER, *rows])
    counted = assert_same(path, "workforce", Config())
    assert without_org(counted) == without_org(load_dataset(path, "workforce", Config()))
    assert "on 3 row(s)" in without_org(counted)[0]


def test_a_row_holding_only_a_person_id_is_kept_as_ever(tmp_path):
    rows = [*many_rows(500), "Trust 9,,E999999,,,"]
    path = write(tmp_path / "workforce.csv", [HEADER, *rows, ",,,,,", ",,E888888,,,"])
    assert message(path, grouped=True) == message(path)


def test_excel_and_event_datasets_are_read_whole():
    esr = ROOT / "tests" / "data" / "esr"
    read = load_inputs(
        {"workforce": esr / "staff-in-post-2025.csv", "disciplinary": esr / "disciplinary-cases.csv"},
        Config(),
    )
    assert not isinstance(read["workforce"], GroupedDataset)
    alone = load_inputs({"workforce": esr / "staff-in-post-2025.csv"}, Config())
    assert isinstance(alone["workforce"], GroupedDataset)
    assert not grouped.groupable(esr / "esr-staff-in-post.xlsx", "workforce")
    assert not grouped.groupable(esr / "staff-in-post-2025.csv", "board")


def test_memory_holds_combinations_not_rows(tmp_path):
    """However many rows, what is held is one row per combination of values."""
    path = write(tmp_path / "workforce.csv", [HEADER, *many_rows(20_000)])
    ds = load_dataset(path, "workforce", Config(), grouped=True)
    assert isinstance(ds, GroupedDataset)
    assert len(ds.frame) <= 3 * 4 * 3 * 2 and ds.rows == 20_000
    assert int(ds.group_rows.sum()) == 20_000 and int(ds.frame["count"].sum()) == 20_000
    assert np.all(np.diff(ds.line(np.arange(len(ds.frame)))) > 0)  # in the order of their first lines


@pytest.mark.parametrize("form", ["csv", "parquet"])
def test_a_count_column_is_summed_per_combination(tmp_path, form):
    rows = [f"Trust {i % 2},2025,{['A', 'H', 'Z'][i % 3]},Band {5 + i % 2},{i % 4}" for i in range(2_000)]
    path = write(tmp_path / "workforce.csv", ["Organisation,Year,Ethnicity,Pay Band,Headcount", *rows])
    if form == "parquet":
        path = as_parquet(path, tmp_path)
    ds = assert_same(path, "workforce", Config())
    assert int(ds.frame["count"].sum()) == sum(i % 4 for i in range(2_000)) and ds.rows == 2_000


def test_empty_batches_count_nothing():
    import pyarrow as pa

    counter = grouped._Counter(["a"], None, None)
    for values in ([], ["x", None, "y", "x"], [], [None, "y"]):
        counter.add(pa.record_batch({"a": pa.array(values, pa.string())}))
    numbers, rows, first = counter.result()
    assert numbers[:, 0].tolist() == [0, -1, 1] and rows.tolist() == [2, 2, 2] and first.tolist() == [0, 1, 2]


@pytest.mark.parametrize("column", ["Employee Number", "Ethnic Origin"])
def test_bytes_that_are_not_utf8_are_refused_alike(tmp_path, column):
    """CSV values are read as bytes and checked as UTF-8 once per distinct value (and every person ID): a
    file with one bad byte, late, says what the whole read says."""
    rows = [f"{row},Staff Nurse" for row in many_rows(3_000)]
    # past the encoding sniff, in a column wres does not read: not the byte to name
    rows[2_000] = rows[2_000].replace("Staff Nurse", "Staff Nurs\xe9")
    bad = rows[2_500].split(",")
    bad[HEADER.split(",").index(column)] += "\xff"
    rows[2_500] = ",".join(bad)
    path = tmp_path / "workforce.csv"
    path.write_bytes(("\n".join([f"{HEADER},Job Role", *rows]) + "\n").encode("latin-1"))
    said = message(path, grouped=True)
    assert said == message(path)
    assert f"line 2502, column {column!r}" in said and "--encoding" in said, said
