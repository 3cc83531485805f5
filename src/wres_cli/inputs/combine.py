"""Several files of one dataset (one export per year) -> one Dataset, refused when two files hold the same year.

Each file is read and mapped on its own, by the same parsers as a single file; the frames are then put end to
end. Category columns keep one set of categories (the union); every row keeps the file and line it came from,
so a message about a row still names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from wres_cli.core.errors import InputError
from wres_cli.core.frameworks import UNKNOWN
from wres_cli.inputs.dataset import Dataset, Part


def combine(parts: Sequence[Dataset]) -> Dataset:
    """One Dataset from the files of one dataset; a single file is returned as it is."""
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    _check_years(parts)
    forms = {p.form for p in parts}
    if len(forms) > 1:
        raise InputError(
            f"{' and '.join(str(p.path) for p in parts)}: the {first.name} files mix "
            "record-level and aggregated rows; give every year in the same form"
        )
    _check_columns(parts)
    columns = list(first.frame.columns)
    frame = pd.DataFrame({c: _joined([p.frame[c] for p in parts], c) for c in columns})
    starts = np.cumsum([0] + [len(p.frame) for p in parts])
    lines = np.concatenate([p.line(np.arange(len(p.frame))) for p in parts]).astype(np.int64)
    return Dataset(
        first.name,
        first.path,
        frame,
        dict(first.columns),
        form=first.form,
        warnings=tuple(w for p in parts for w in p.warnings),
        ignored=tuple(dict.fromkeys(h for p in parts for h in p.ignored)),
        first_line=first.first_line,
        notes=tuple(dict.fromkeys(n for p in parts for n in p.notes)),
        parts=tuple(
            Part(p.path, int(a), int(b)) for p, a, b in zip(parts, starts[:-1], starts[1:], strict=True)
        ),
        row_lines=lines,
    )


def _check_years(parts: Sequence[Dataset]) -> None:
    """Every file needs a year column, and no two files may hold the same reporting year."""
    for part in parts:
        if "year" not in part.frame:
            others = ", ".join(str(p.path) for p in parts if p is not part)
            raise InputError(
                f"{part.path}: has no year column, so its rows cannot be told apart from those of {others}; "
                f"with several {part.name} files, each needs a year (or snapshot date) column"
            )
    for a, b in combinations(parts, 2):
        both = sorted(set(a.years) & set(b.years))
        if both:
            shown = ", ".join(map(str, both))
            raise InputError(
                f"{a.path} and {b.path} both hold rows for {shown}; give each reporting year in one file only "
                "(a year would otherwise be counted twice)"
            )


def _check_columns(parts: Sequence[Dataset]) -> None:
    """Every file must give the same columns: a column missing from one year would count as nobody there."""
    first = parts[0]
    wanted = set(first.frame.columns)
    for part in parts[1:]:
        have = set(part.frame.columns)
        if have == wanted:
            continue
        missing, extra = sorted(wanted - have), sorted(have - wanted)
        lacking, holder = (part, first) if missing else (first, part)
        names = missing or extra
        headers = ", ".join(repr(holder.columns.get(n, n)) for n in names)
        raise InputError(
            f"{lacking.path}: has no column for {', '.join(names)} ({headers} in {holder.path}); every "
            f"{first.name} file must give the same columns, or that year's figures would count nobody there"
        )


def _joined(columns: list[pd.Series], name: str) -> object:
    """One column from the same column of every file (categories unioned, in a stable order)."""
    if all(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        categories = _union([list(c.cat.categories) for c in columns], ordered=columns[0].cat.ordered)
        recoded = [
            pd.Categorical(c, categories=categories, ordered=columns[0].cat.ordered).codes for c in columns
        ]
        return pd.Categorical.from_codes(
            np.concatenate(recoded), categories=categories, ordered=columns[0].cat.ordered
        )
    if any(isinstance(c.dtype, pd.CategoricalDtype) for c in columns):
        columns = [c.astype(object) for c in columns]
    arrays = [c.to_numpy() for c in columns]
    kinds = {a.dtype for a in arrays}
    if len(kinds) > 1 and not all(a.dtype.kind in "iub" for a in arrays):
        return np.concatenate([a.astype(object) for a in arrays])
    return np.concatenate(arrays)


def _union(lists: list[list], *, ordered: bool) -> list:
    """The categories of every file: the same list when they agree; else sorted when each file's were (orgs),
    else in order of first appearance, with Unknown kept last."""
    if all(lst == lists[0] for lst in lists):
        return lists[0]
    merged = list(dict.fromkeys(v for lst in lists for v in lst))
    if all(lst == sorted(lst, key=str) for lst in lists):
        merged.sort(key=str)
    elif not ordered:
        from wres_cli.inputs.characteristics import natural_key

        if all(lst == sorted(lst, key=natural_key) for lst in lists):
            merged.sort(key=natural_key)
    if UNKNOWN in merged:
        merged = [v for v in merged if v != UNKNOWN] + [UNKNOWN]
    return merged
