"""A file read as counts groups raw values that map alike into one class (inputs/grouped.py with the classes
of reduction.py): fewer rows to map and sum, the same figures and warnings as the whole read."""

from __future__ import annotations

from wres_cli.core.config import Config
from wres_cli.inputs.grouped import GroupedDataset
from wres_cli.inputs.load import load_dataset


def test_spellings_that_map_alike_are_counted_as_one(tmp_path):
    lines = [
        "Organisation,Year,Employee Number,Ethnic Origin,Staff Group,Pay Band,Assignment Category",
        "R1 Trust,2025,E1,A White - British,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E2,C White - Any other White background,Medical and Dental,Band 5,Fixed Term Temp",
        "R1 Trust,2025,E3,H Asian or Asian British - Indian,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E4,N Black or Black British - African,Medical and Dental,Band 5,Permanent",
        "R1 Trust,2025,E5,A White - British,Medical and Dental,Band 5,Bank",
    ]
    path = tmp_path / "workforce.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = load_dataset(path, "workforce", Config())
    counted = load_dataset(path, "workforce", Config(), grouped=True)
    assert isinstance(counted, GroupedDataset)
    assert len(counted.frame) == 3  # White x substantive, BME x substantive, White x bank
    assert counted.group_rows.tolist() == [2, 2, 1]
    assert counted.rows == whole.rows
    assert counted.warnings == whole.warnings
