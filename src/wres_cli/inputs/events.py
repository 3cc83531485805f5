"""Event files: disciplinary cases, capability cases and training, one row per case, from case-management and
learning systems, turned into the people each counts.

Events happen during the year, to leavers too, so the numerator of indicators 3 (disciplinary), 4 (training)
and WDES 3 (capability) is best counted from these files, while the staff they are compared with stay the
31 March snapshot of the workforce file. A case names its person by group (ethnicity, disability) or by a
person ID found in the workforce (whose group, organisation and bank status it then takes); its year comes
from its year or date column by the rule every date follows. With person IDs, a person counts once per year
however many cases they had.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError, where
from wres_cli.core.frameworks import GROUP_COLUMNS
from wres_cli.inputs.columns import EVENT_DATASETS
from wres_cli.inputs.dataset import Dataset, Part

WHAT = {
    "disciplinary": "disciplinary cases",
    "capability": "capability cases",
    "training": "training records",
}
_NOT_CARRIED = ("count", "person_id", "year", *EVENT_DATASETS.values())


def event_dataset(events: Dataset, workforce: Dataset) -> Dataset:
    """The people an event file counts: one row per case (per person and year with person IDs), with the
    group columns, year, organisation and bank status, and the event column (1) the indicators count."""
    frame, notes = events.frame, list(events.notes)
    keep = np.ones(len(frame), bool)
    if "mandatory" in frame:
        mandatory = frame["mandatory"].to_numpy() == 1
        if mandatory.any():
            notes.append(
                f"{events.label}: {int(mandatory.sum()):,} mandatory training record(s) are not counted "
                "(indicator 4 counts non-mandatory training and CPD)"
            )
        keep &= ~mandatory
    if "capability_reason" in frame:
        ill = (frame["capability_reason"] == "Ill health").to_numpy()
        notes.append(
            f"{events.label}: capability cases on grounds of performance are counted; {int(ill.sum()):,} on "
            "grounds of ill health are not (WDES metric 3)"
        )
        keep &= ~ill
    elif events.name == "capability":
        notes.append(
            f"{events.label}: no reason column, so every capability case is counted; WDES metric 3 counts cases on "
            "grounds of performance, not ill health (add a 'Reason' column to leave those out)"
        )
    if "year" not in frame and workforce.years:
        raise InputError(
            f"{events.label}: no year or date column, so its {WHAT[events.name]} cannot be placed in a reporting "
            f"year; add the date of each (e.g. a 'Start Date' column) or map one under columns.{events.name}.year"
        )
    positions = np.flatnonzero(keep)
    out = frame.iloc[positions].reset_index(drop=True)
    if "person_id" in out:
        out, positions, merged = _by_person(events, out, positions, workforce)
        if merged:
            notes.append(
                f"{events.label}: {merged:,} more case(s) of a person already counted that year are not counted "
                "again (a person counts once a year)"
            )
    else:
        notes.append(
            f"{events.label}: no person ID column, so each row counts as one person and bank-only staff cannot "
            "be told apart"
        )
    out[EVENT_DATASETS[events.name]] = np.ones(len(out), np.int8)
    out = out.drop(columns=[c for c in ("mandatory", "capability_reason", "person_id") if c in out])
    return Dataset(
        events.name,
        events.path,
        out,
        dict(events.columns),
        warnings=events.warnings,
        ignored=events.ignored,
        first_line=events.first_line,
        notes=tuple(dict.fromkeys(notes)),
        parts=_parts(events, positions),
        row_lines=events.line(positions).astype(np.int64),
    )


def _parts(events: Dataset, positions: np.ndarray) -> tuple[Part, ...]:
    """The files of the kept rows (rows stay in file order, so each file's rows stay together)."""
    if not events.parts:
        return ()
    bounds = np.searchsorted(positions, [p.start for p in events.parts] + [events.parts[-1].stop])
    return tuple(
        Part(p.path, int(a), int(b)) for p, a, b in zip(events.parts, bounds[:-1], bounds[1:], strict=True)
    )


def _by_person(
    events: Dataset, out: pd.DataFrame, positions: np.ndarray, workforce: Dataset
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Cases with a person ID: each takes the workforce's columns of that person (their row of the same year,
    else their last before it, else their first after it), and a person counts once per year."""
    wf = workforce.frame
    if "person_id" not in wf:
        raise InputError(
            f"{events.label}: cases are named by person ID ({events.columns['person_id']!r}), but the workforce "
            "file has no person ID column to find them in; add one (e.g. 'Employee Number') or give each case's "
            "ethnicity"
        )
    ids = out["person_id"].astype("string").str.strip()
    both = pd.concat([ids, wf["person_id"].astype("string").str.strip()], ignore_index=True)
    codes = pd.factorize(both)[0]
    case_ids, staff_ids = codes[: len(ids)], codes[len(ids) :]
    has_id = case_ids >= 0
    year = out["year"].to_numpy() if "year" in out else np.zeros(len(out), np.int32)
    # a person counts once a year: the first of their cases
    key = pd.Series(case_ids.astype(np.int64) * 10_000 + (year.astype(np.int64) % 10_000))
    first = ~(key.duplicated() & has_id)
    merged = int((~first).sum())
    out, positions, case_ids, year, has_id = (
        out.loc[first].reset_index(drop=True),
        positions[first],
        case_ids[first],
        year[first],
        has_id[first],
    )
    staff_year = wf["year"].to_numpy() if "year" in wf else np.zeros(len(wf), np.int32)
    row = _matching_rows(case_ids, year, staff_ids, staff_year)
    lost = has_id & (row < 0)
    if lost.any():
        at = int(np.flatnonzero(lost)[0])
        line = int(events.line(positions[at : at + 1])[0])
        raise InputError(
            f"{where(events.path_of(int(positions[at])), line, events.columns['person_id'])}: person ID "
            f"{str(ids.iloc[np.flatnonzero(first)[at]])!r} is not in the workforce file ({int(lost.sum()):,} "
            "such case(s) in all); give such cases an ethnicity (or disability) column, or check that the IDs "
            "are the workforce file's"
        )
    no_id = np.flatnonzero(~has_id)
    own_groups = [c for c in GROUP_COLUMNS if c in out]
    if no_id.size and not own_groups:
        line = int(events.line(positions[no_id[:1]])[0])
        raise InputError(
            f"{where(events.path_of(int(positions[no_id[0]])), line, events.columns['person_id'])}: no person ID "
            f"({no_id.size:,} row(s)), and the file has no ethnicity (or disability) column to count the case "
            "by; give every case its person ID"
        )
    found = row >= 0
    taken = np.where(found, row, 0)
    for column in wf.columns:
        values = wf[column]
        if column in _NOT_CARRIED or (column in own_groups):
            continue
        if not (isinstance(values.dtype, pd.CategoricalDtype) or values.dtype.kind == "b"):
            continue
        picked = values.iloc[taken].reset_index(drop=True)
        if values.dtype.kind == "b":
            out[column] = picked.to_numpy() & found
        elif column in out:  # the case's own value (e.g. its organisation) wins; the workforce fills blanks
            out[column] = (
                out[column].astype(object).where(out[column].notna(), picked.astype(object).where(found))
            )
            out[column] = out[column].astype("category")
        else:
            out[column] = picked.where(pd.Series(found))
    return out, positions, merged


def _matching_rows(
    case_ids: np.ndarray, case_year: np.ndarray, staff_ids: np.ndarray, staff_year: np.ndarray
) -> np.ndarray:
    """For each case, the workforce row of the same person: same year, else the latest before, else the
    earliest after; -1 when the person is not there."""
    staff = pd.DataFrame(
        {"id": staff_ids, "year": staff_year.astype(np.int64), "row": np.arange(staff_ids.size)}
    )
    staff = staff.loc[staff["id"] >= 0].sort_values("year", kind="stable")
    cases = pd.DataFrame(
        {"id": case_ids, "year": case_year.astype(np.int64), "case": np.arange(case_ids.size)}
    ).sort_values("year", kind="stable")
    before = pd.merge_asof(cases, staff, on="year", by="id", direction="backward")
    after = pd.merge_asof(cases, staff, on="year", by="id", direction="forward")
    row = before["row"].fillna(after["row"]).fillna(-1).to_numpy(dtype=np.int64)
    out = np.full(case_ids.size, -1, np.int64)
    out[before["case"].to_numpy()] = row
    return out
