"""Text table -> Dataset: every column the tool uses mapped to its canonical categories, flags and numbers.

The only place that knows raw values; the form of a file (records or an aggregated survey) is told by its
header row (:class:`~wres_cli.inputs.columns.Layout`).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from wres_cli.core.config import Config
from wres_cli.inputs.categories import (
    assignment_group,
    capability_reason,
    disability_group,
    medical_subgroup,
    pay_band,
    staff_category,
)
from wres_cli.inputs.characteristics import characteristic_group, pay_grades
from wres_cli.inputs.columns import EVENT_FLAGS, Layout
from wres_cli.inputs.dataset import Dataset, ProblemSink, Source
from wres_cli.inputs.ethnicity import census_group, ethnic_group
from wres_cli.inputs.read import Table
from wres_cli.inputs.survey import aggregated_survey, survey_answers
from wres_cli.inputs.values import mapped, parse_counts, parse_flag, parse_numbers, parse_years


def from_table(table: Table, layout: Layout, config: Config, sink: ProblemSink) -> Dataset | None:
    """The Dataset of the text columns ``read_table`` returned, every defect sent to ``sink``; None when a
    required column is missing (the sink collects problems, so there is nothing to build)."""
    if layout.report_missing(sink):
        return None
    src = Source(layout.dataset, layout.path, layout.columns, table.frame.index, table.first_line, sink)
    if layout.aggregated:
        frame = aggregated_survey(src, table.frame, config)
        form, ignored = "aggregated", ()
    else:
        frame = canonical_frame(src, table.frame, config)
        form, ignored = "records", layout.ignored
    return Dataset(
        layout.dataset,
        layout.path,
        frame,
        dict(layout.columns),
        form=form,
        warnings=tuple(src.warnings),
        ignored=ignored,
        first_line=table.first_line,
        notes=tuple(src.notes),
    )


def canonical_frame(src: Source, raw: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The canonical columns of record-level rows (or rows with a count), on the table's row labels."""
    cols = src.columns
    out: dict[str, object] = _groups(src, raw, config)
    if src.name == "workforce":
        out.update(_workforce(src, raw, config))
    for flag in EVENT_FLAGS:
        if flag in cols:
            out[flag] = parse_flag(src, flag, raw[cols[flag]])
    if "capability_reason" in cols:
        out["capability_reason"] = _reasons(src, raw, config)
        if "capability" in out:  # WDES metric 3 counts capability on grounds of performance, not ill health
            ill = (out["capability_reason"] == "Ill health").to_numpy()
            out["capability"] = np.where(ill, 0, out["capability"]).astype(np.int8)
    if src.name == "recruitment" and "shortlisted" not in cols:
        out["shortlisted"] = np.ones(len(raw), dtype=np.int8)
    if src.name == "survey":
        out.update(survey_answers(src, raw, config))
    if "year" in cols:
        out["year"] = parse_years(src, raw[cols["year"]])
    if "org" in cols:
        org = raw[cols["org"]].astype("category")
        out["org"] = (
            org.cat.rename_categories([str(c).strip() for c in org.cat.categories])
            if org.cat.categories.is_unique
            else org
        )
    if "person_id" in cols and cols["person_id"] in raw:  # read for `validate` only
        out["person_id"] = raw[cols["person_id"]]
    out["count"] = parse_counts(src, raw[cols["count"]]) if "count" in cols else np.ones(len(raw), np.int64)
    return pd.DataFrame(out, index=raw.index, copy=False)  # fresh arrays (shared ones are copy-on-write)


def _reasons(src: Source, raw: pd.DataFrame, config: Config) -> pd.Series:
    column = raw[src.columns["capability_reason"]]
    result = capability_reason(column, config.capability_reasons)
    return mapped(src, "capability_reason", column, result, "capability reasons", "capability_reasons")


def _groups(src: Source, raw: pd.DataFrame, config: Config) -> dict[str, object]:
    """The group columns indicators compare: ethnicity (another may stand in, see GROUP_COLUMNS), disability
    and the configured characteristic."""
    cols, out = src.columns, {}
    if "ethnicity" in cols:
        column = raw[cols["ethnicity"]]
        result = ethnic_group(column, config.ethnicity, gypsy_traveller=config.gypsy_traveller)
        out["ethnicity"] = mapped(src, "ethnicity", column, result, "ethnicity mapping", "ethnicity")
        if config.groups == "detailed":
            out["census_group"] = census_group(
                column, out["ethnicity"], config.ethnic_groups, gypsy_traveller=config.gypsy_traveller
            )
    if "disability" in cols:
        column = raw[cols["disability"]]
        result = disability_group(column, config.disability)
        out["disability"] = mapped(src, "disability", column, result, "disability mapping", "disability")
    if "characteristic" in cols:
        name = config.characteristic
        column = raw[cols["characteristic"]]
        result = characteristic_group(column, config.characteristics[name])
        out["characteristic"] = mapped(
            src, "characteristic", column, result, f"groups of {name!r}", f"characteristics.{name}.groups"
        )
    return out


def _workforce(src: Source, raw: pd.DataFrame, config: Config) -> dict[str, object]:
    """Pay grade or band, staff category, medical subgroup and bank staff."""
    cols, out = src.columns, {}
    if "pay_grade" in cols:
        column = raw[cols["pay_grade"]]
        result = pay_grades(column, config.grade_order)
        out["pay_grade"] = mapped(src, "pay_grade", column, result, "grade_order", "grade_order")
    if "pay_band" in cols:
        column = raw[cols["pay_band"]]
        out["pay_band"] = mapped(
            src, "pay_band", column, pay_band(column, config.bands), "band spellings", "bands"
        )
    if "staff_group" in cols:
        column = raw[cols["staff_group"]]
        result = staff_category(column, config.staff_groups)
        out["staff_category"] = mapped(src, "staff_group", column, result, "staff groups", "staff_groups")
    if "grade" in cols:
        out.update(_medical(src, raw[cols["grade"]], out.get("staff_category"), config))
    if "assignment_category" in cols:
        column = raw[cols["assignment_category"]]
        result = assignment_group(column, config.assignment_categories)
        groups = mapped(
            src,
            "assignment_category",
            column,
            result,
            "assignment categories (each is Bank or Substantive)",
            "assignment_categories",
        )
        out["bank"] = (groups == "Bank").to_numpy(dtype=bool)
    if "salary" in cols:
        out["salary_band"] = _salary_bands(src, raw[cols["salary"]], config.salary_bands)
    return out


def salary_band_labels(bounds: tuple[float, ...]) -> list[str]:
    """'Under £30,000', '£30,000 to £69,999', '£70,000 and over' for bounds (30000, 70000)."""

    def money(value: float) -> str:
        return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"

    labels = [f"Under {money(bounds[0])}"]
    labels += [f"{money(low)} to {money(high - 1)}" for low, high in itertools.pairwise(bounds)]
    return [*labels, f"{money(bounds[-1])} and over"]


def _salary_bands(src: Source, raw: pd.Series, bounds: tuple[float, ...]) -> pd.Categorical:
    """Annual salaries (£, '£32,500' or 32500) -> the configured salary bands; blank -> no band."""
    from wres_cli.core.errors import InputError, where

    text = raw.astype("string").str.replace(r"[£,\s]", "", regex=True)

    def error(position: int, rows: int) -> InputError:
        line = int(src.line(np.array([position]))[0])
        return InputError(
            f"{where(src.path, line, src.columns['salary'])}: {raw.iloc[position]!r} is not an annual salary "
            f"in pounds ({rows} bad row(s) in all)"
        )

    blank = text.isna().to_numpy() | (text == "").to_numpy(dtype=bool, na_value=False)
    values = parse_numbers(src, "salary", text.mask(blank), error, whole=False)
    values = np.where(blank, np.nan, values)
    codes = np.searchsorted(np.asarray(bounds), values, side="right")
    codes = np.where(np.isnan(values), -1, codes)
    return pd.Categorical.from_codes(codes, categories=salary_band_labels(bounds))


def _medical(src: Source, grade: pd.Series, category: pd.Series | None, config: Config) -> dict[str, object]:
    """Medical & dental subgroup for doctors; other staff's grade column is not looked at."""
    if category is not None:
        medical = (category == "Medical & dental").to_numpy()
        grade = grade.where(medical)
    result = medical_subgroup(grade, config.medical_grades)
    subgroup = mapped(src, "grade", grade, result, "medical grade subgroups", "medical_grades")
    senior = result.extra if result.extra is not None else pd.Series(False, index=grade.index)
    return {"medical_subgroup": subgroup, "senior_medical": senior.to_numpy(dtype=bool)}
