#!/usr/bin/env python3
"""Seeded synthetic WRES inputs: workforce, recruitment, board and NHS Staff Survey files.

Everything is made up (no real person, organisation or response).  The same arguments give
byte-identical files.  numpy + pyarrow only, fully vectorised (no per-row Python), so a
national-scale run takes seconds::

    python sample_data/generate.py --out sample_data
    python sample_data/generate.py --out /tmp/national --staff 1500000 --orgs 220 \\
        --applications 3000000 --survey 600000 --format parquet

``--messy`` (the default) adds the mess a correct reader must handle (padded ESR codes, mixed
pay-band spellings, Y/N vs Yes/No vs y, blank vs "Z Not Stated"); it never adds a value the
product should reject.  ``--clean`` writes the same people in canonical spellings.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DEFAULTS = {
    "staff": 6000,
    "orgs": 1,
    "years": 2,
    "latest_year": 2026,
    "applications": 8000,
    "survey": 3000,
    "seed": 20260331,
    "fmt": "csv",
    "messy": True,
    "frameworks": True,
}
WHITE, BME, UNKNOWN = 0, 1, 2

# ------------------------------------------------------------------------------------ rates (targets)

BME_SHARE = 0.25  # of all staff; Unknown is UNKNOWN_SHARE, White the rest
UNKNOWN_SHARE = 0.05
RETENTION = 0.90  # share of last year's staff still there this year
GROWTH = 0.02  # headcount growth per year
PROMOTION = (0.06, 0.045)  # yearly chance a White / BME stayer moves up one band
DISCIPLINARY = 0.01  # entered formal disciplinary in the year, all staff
DISCIPLINARY_RR = 1.30  # BME vs White
TRAINING = 0.30  # accessed non-mandatory training / CPD
TRAINING_RR = 1.15  # White vs BME
APPLICANT_SHARES = (0.55, 0.40, 0.05)  # White, BME, Unknown shortlisted applicants
APPOINTED_WHITE = 0.20
APPOINTED_RR = 1.60  # White vs BME (BME ~12.5%)
APPOINTED_UNKNOWN = 0.16
BOARD_BME = {"non-executive": 0.14, "executive": 0.10}  # ~12% overall
BOARD_UNKNOWN = 0.015
BOARD_TURNOVER = 0.15
VACANCY_SIZE = 6  # shortlisted applicants per vacancy (mean)

STAFF_GROUPS = (  # ESR staff group, share of staff, BME share relative to the whole workforce
    ("Administrative and Clerical", 0.25, 0.60),
    ("Estates and Ancillary", 0.07, 0.80),
    ("Nursing and Midwifery Registered", 0.27, 1.30),
    ("Additional Clinical Services", 0.17, 1.00),
    ("Allied Health Professionals", 0.07, 0.70),
    ("Add Prof Scientific and Technic", 0.05, 1.10),
    ("Healthcare Scientists", 0.02, 0.90),
    ("Medical and Dental", 0.10, 1.65),
)
MEDICAL = len(STAFF_GROUPS) - 1
NURSING_LIKE = (2, 3)

BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM")
BAND_BME = (0.90, 0.90, 0.85, 0.80, 1.35, 1.05, 0.80, 0.70, 0.60, 0.50, 0.45, 0.40, 0.35)
TOP_PROMOTABLE = BANDS.index("8d")  # 8d -> 9 is the last automatic step; nobody is promoted to VSM
BAND_MIX = np.array(  # % of each non-medical staff group (STAFF_GROUPS order) in each band
    [  # 1    2    3    4    5    6    7   8a   8b   8c   8d    9   VSM
        [0.0, 14, 22, 20, 12, 9, 8, 6.0, 3.5, 2.0, 1.2, 0.5, 0.4],
        [1.5, 45, 18, 12, 8, 6, 4, 3.0, 1.5, 0.6, 0.3, 0.1, 0.0],
        [0.0, 0, 0, 0, 45, 32, 16, 4.5, 1.5, 0.6, 0.3, 0.05, 0.05],
        [0.0, 25, 45, 20, 7, 2, 1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0, 0, 0.5, 20, 38, 28, 9.0, 3.0, 1.2, 0.5, 0.2, 0.0],
        [0.0, 0, 8, 12, 15, 20, 22, 12.0, 6.0, 3.0, 1.5, 0.5, 0.0],
        [0.0, 5, 10, 12, 15, 20, 20, 10.0, 5.0, 2.0, 1.0, 0.0, 0.0],
    ]
)
GRADES = (  # medical grade, share of medical staff, BME share relative to all medical staff
    ("Consultant", 0.445, 0.85),
    ("Specialty Doctor", 0.110, 1.35),
    ("Associate Specialist", 0.040, 1.30),
    ("Specialty Registrar", 0.200, 1.05),
    ("Core Trainee", 0.060, 1.10),
    ("Foundation Year 1", 0.045, 0.90),
    ("Foundation Year 2", 0.045, 0.90),
    ("Clinical Fellow", 0.050, 1.50),
    ("Clinical Director", 0.004, 0.60),
    ("Medical Director", 0.001, 0.60),
)
GRADE_NEXT = {  # a stayer's grade next year, with probability
    "Foundation Year 1": ("Foundation Year 2", 1.0),
    "Foundation Year 2": ("Core Trainee", 0.6),
    "Core Trainee": ("Specialty Registrar", 0.3),
    "Specialty Registrar": ("Consultant", 0.12),
}
TRAINEES = ("Specialty Registrar", "Core Trainee", "Foundation Year 1", "Foundation Year 2")
ASSIGNMENTS = ("Permanent", "Fixed Term Temp", "Bank")
ASSIGNMENT_MIX = ((0.870, 0.078, 0.052), (0.25, 0.75, 0.0))  # others; trainees (overall ~85/10/5)

ESR_WHITE = (
    ("A White - British", 79.0),
    ("B White - Irish", 2.5),
    ("C White - Any other White background", 14.0),
    ("CP White Polish", 2.5),
    ("CY White Other European", 2.0),
)
ESR_BME = (  # label, weight among nursing & additional clinical, medical & dental, everyone else
    ("H Asian or Asian British - Indian", 18, 33, 18),
    ("J Asian or Asian British - Pakistani", 5, 14, 10),
    ("K Asian or Asian British - Bangladeshi", 2, 4, 5),
    ("L Asian or Asian British - Any other Asian background", 22, 9, 8),
    ("LH Asian British", 2, 3, 4),
    ("M Black or Black British - Caribbean", 4, 2, 10),
    ("N Black or Black British - African", 30, 11, 18),
    ("P Black or Black British - Any other Black background", 3, 2, 4),
    ("D Mixed - White & Black Caribbean", 1.5, 1, 3),
    ("E Mixed - White & Black African", 1, 1, 2),
    ("F Mixed - White & Asian", 1.5, 2, 3),
    ("G Mixed - Any other mixed background", 2, 3, 4),
    ("R Chinese", 2, 4, 3),
    ("S Any Other Ethnic Group", 6, 10, 6),
)
ESR_LABELS = (*(w[0] for w in ESR_WHITE), *(b[0] for b in ESR_BME), "Z Not Stated", "99 Not known")
ESR_Z = len(ESR_LABELS) - 2

CENSUS = (  # applicant / board labels: (label, weight) per group White, BME, Unknown
    (("White - British", 82), ("White - Irish", 2), ("White - Any other White background", 16)),
    (
        ("Asian or Asian British - Indian", 22), ("Asian or Asian British - Pakistani", 10),
        ("Asian or Asian British - Bangladeshi", 4),
        ("Asian or Asian British - Any other Asian background", 8),
        ("Asian or Asian British - Chinese", 3), ("Black or Black British - African", 26),
        ("Black or Black British - Caribbean", 5),
        ("Black or Black British - Any other Black background", 2),
        ("Mixed - White and Black Caribbean", 2), ("Mixed - White and Black African", 2),
        ("Mixed - White and Asian", 3), ("Mixed - Any other mixed background", 3),
        ("Other ethnic group - Arab", 4), ("Other ethnic group - Any other ethnic group", 6),
    ),
    (("Prefer not to say", 1),),
)  # fmt: skip

BOARD_ROLES = (  # role, voting, executive; NED and associate NED counts vary by organisation
    ("Chair", True, False),
    ("Non-executive Director", True, False),
    ("Chief Executive", True, True),
    ("Director of Finance", True, True),
    ("Medical Director", True, True),
    ("Chief Nurse", True, True),
    ("Chief Operating Officer", True, True),
    ("Director of Workforce", False, True),
    ("Director of Strategy", False, True),
    ("Associate Non-executive Director", False, False),
)

SURVEY_ETHNICITY = (  # survey category, group, share of respondents
    ("White", WHITE, 0.700),
    ("Mixed / Multiple ethnic groups", BME, 0.020),
    ("Asian / Asian British", BME, 0.105),
    ("Black / African / Caribbean / Black British", BME, 0.085),
    ("Chinese", BME, 0.007),
    ("Arab", BME, 0.006),
    ("Other ethnic group", BME, 0.017),
    ("Prefer not to say", UNKNOWN, 0.040),
    (None, UNKNOWN, 0.020),
)
FREQUENCY = ("Never", "1-2", "3-5", "6-10", "More than 10")
AT_LEAST_ONCE_MIX = (0.55, 0.25, 0.10, 0.10)  # 1-2, 3-5, 6-10, more than 10
SURVEY_RATES = {  # per group White, BME, Unknown
    "Q14a": (0.28, 0.31, 0.33),  # harassment etc. from patients / public, at least once
    "staff": (0.22, 0.28, 0.30),  # from managers or colleagues (Q14b or Q14c), at least once
    "Q15": ((0.58, 0.17, 0.25), (0.45, 0.30, 0.25), (0.40, 0.30, 0.30)),  # Yes, No, Don't know
    "Q16b": (0.07, 0.17, 0.14),  # discrimination from manager / colleagues
}
STAFF_PATTERN = (0.25, 0.45, 0.30)  # of those harassed by staff: managers only, colleagues only, both
ITEM_BLANK = 0.02  # item non-response per question

ORG_PLACES = ("North", "South", "East", "West", "Upper", "Kings", "Queens", "High", "Long", "Green", "Silver",
              "Stone", "Ash", "Oak", "Elm", "Mill", "Fair", "Marsh", "Wood", "Bright", "Hazel", "Thorn",
              "Wil", "Brad")  # fmt: skip
ORG_SUFFIXES = ("brook", "vale", "field", "ford", "ham", "ton", "bury", "wick", "combe", "mere", "ley",
                "stead", "worth", "by", "dale", "holm", "haven", "minster", "gate", "well")  # fmt: skip
ORG_TYPES = ("NHS Foundation Trust", "NHS Trust", "Teaching Hospitals NHS Foundation Trust",
             "University Hospitals NHS Trust", "Community Healthcare NHS Trust",
             "Healthcare NHS Foundation Trust")  # fmt: skip

COLUMNS = {
    "workforce": ("Organisation", "Year", "Employee Number", "Ethnic Origin", "Staff Group", "Pay Band",
                  "Grade", "Assignment Category", "Disciplinary", "Non-mandatory training"),
    "recruitment": ("Organisation", "Year", "Vacancy Reference", "Ethnicity", "Shortlisted", "Appointed"),
    "board": ("Organisation", "Year", "Role", "Ethnicity", "Voting", "Executive"),
    "survey": ("Organisation", "Ethnicity", "Q14a", "Q14b", "Q14c", "Q15", "Q16b"),
    "survey_aggregated": ("indicator", "group", "n", "percent"),
}  # fmt: skip


# ------------------------------------------------------------------------------------------ helpers


def _draw(rng: np.random.Generator, probs, rows: np.ndarray | None = None, n: int = 0) -> np.ndarray:
    """Categorical draws: ``probs`` is (k,) for ``n`` draws or (cells, k) with one cell index per row."""
    table = np.atleast_2d(np.asarray(probs, dtype=float))
    table = table / table.sum(axis=1, keepdims=True)
    k = table.shape[1]
    rows = np.zeros(n, dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    cdf = np.cumsum(table, axis=1)
    last = k - 1 - np.argmax(table[:, ::-1] > 0, axis=1)  # last category with a non-zero chance
    cdf[np.arange(k)[None, :] >= last[:, None]] = 1.0
    flat = (cdf + np.arange(len(table))[:, None]).ravel()
    picked = np.searchsorted(flat, rng.random(len(rows)) + rows, side="right") - rows * k
    return np.minimum(picked, k - 1)


def _allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each at least ``minimum``."""
    spare = total - minimum * len(weights)
    exact = spare * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    short = spare - int(counts.sum())
    counts[np.argsort(counts - exact, kind="stable")[:short]] += 1
    return counts + minimum


def _text(labels, index: np.ndarray, blank: np.ndarray | None = None) -> pa.Array:
    """Strings ``labels[index]`` (null where ``blank``) as a dictionary array: no per-row string copies."""
    indices = pa.array(np.asarray(index, np.int32), mask=blank)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), pa.string()))


def _numbered(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Fixed-width strings ``prefix + zero-padded number`` assembled from digit bytes (no Python loop)."""
    numbers = np.asarray(numbers, dtype=np.int64)
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    size = len(head) + width
    buf = np.empty((len(numbers), size), dtype=np.uint8)
    buf[:, : len(head)] = head
    for j in range(width):
        buf[:, len(head) + j] = numbers // 10 ** (width - 1 - j) % 10 + 48
    offsets = np.arange(len(numbers) + 1, dtype=np.int32) * size
    return pa.StringArray.from_buffers(len(numbers), pa.py_buffer(offsets), pa.py_buffer(buf.ravel()))


def _systematic(rng: np.random.Generator, p: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Flags with P(flag) = p each, and per stratum a count within 1 of its expectation.

    Systematic sampling in a random order: small samples show the built-in rates instead of noise.
    """
    n = len(p)
    perm = rng.permutation(n)
    keys = strata[perm]
    if n and keys.max() < 2**16:
        keys = keys.astype(np.uint16)  # stable argsort of 16-bit keys is a radix sort
    order = perm[np.argsort(keys, kind="stable")]
    ps, st = p[order], strata[order]
    starts = np.r_[True, st[1:] != st[:-1]] if n else np.zeros(0, dtype=bool)
    run = np.cumsum(starts) - 1
    cum = np.cumsum(ps)
    high = cum - (cum - ps)[starts][run] + rng.random(int(starts.sum()))[run]
    flag = np.empty(n, dtype=bool)
    flag[order] = np.floor(high) > np.floor(high - ps)
    return flag


def _digits(value: int) -> int:
    return len(str(int(value)))


def _yes_no(flag: np.ndarray, rng: np.random.Generator, messy: bool, style: str, odd: float = 0.03):
    """'Y'/'N' or 'Yes'/'No'; in messy mode a few rows use another spelling (y, n, Y, yes...)."""
    base = {"Y": ("Y", "N"), "Yes": ("Yes", "No")}[style]
    other = {"Y": ("y", "n"), "Yes": ("Y", "N")}[style]
    index = np.where(flag, 0, 1)
    if messy:
        index = index + 2 * (rng.random(len(flag)) < odd)
    return _text((*base, *other), index)


class Orgs(NamedTuple):
    """Organisations: labels, codes, latest-year staff, yearly growth and local BME-share multiplier."""

    labels: tuple[str, ...]
    codes: tuple[str, ...]
    staff: np.ndarray
    growth: np.ndarray
    bme: np.ndarray  # multiplier on the BME share (local population)

    def effect(self, rng: np.random.Generator, sd: float) -> np.ndarray:
        """Log-normal multiplier per organisation (1 with a single organisation)."""
        draw = np.exp(rng.normal(0.0, sd, len(self.codes)))
        return draw if len(self.codes) > 1 else np.ones(1)


def _organisations(rng: np.random.Generator, orgs: int, staff: int) -> Orgs:
    places = np.array([p + s for p in ORG_PLACES for s in ORG_SUFFIXES])
    order = rng.permutation(len(places))
    names = [str(places[order[i % len(places)]]) + (f" {i // len(places) + 1}" if i >= len(places) else "")
             for i in range(orgs)]  # fmt: skip
    kinds = _draw(rng, (6, 3, 1, 1, 1, 1), n=orgs)
    space = 26 * 26 * 99
    if orgs > space:
        raise ValueError(f"at most {space} organisations")
    picks = rng.choice(space, size=orgs, replace=False)
    letters, number = np.divmod(picks, 99)
    codes = tuple(
        f"R{chr(65 + a // 26)}{chr(65 + a % 26)}{n + 1:02d}" for a, n in zip(letters, number, strict=True)
    )
    labels = tuple(f"{c} {n} {ORG_TYPES[k]}" for c, n, k in zip(codes, names, kinds, strict=True))
    weights = np.clip(np.exp(rng.normal(0.0, 0.6, orgs)), 0.3, 3.0) if orgs > 1 else np.ones(1)
    growth = rng.uniform(-0.01, 0.05, orgs) if orgs > 1 else np.full(1, GROWTH)
    sizes = _allocate(staff, weights, minimum=1)
    bme = np.clip(np.exp(rng.normal(0.0, 0.5, orgs)), 0.25, 3.0) if orgs > 1 else np.ones(1)
    bme = bme / np.average(bme, weights=sizes)  # national BME share stays ~BME_SHARE
    return Orgs(labels, codes, sizes, growth, bme)


def _org_text(orgs: Orgs, org: np.ndarray) -> pa.Array:
    return _text(orgs.labels, org)


# ---------------------------------------------------------------------------------------- workforce


def _cell_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BME relative factor per non-medical (group, band) cell and per medical grade, with cell weights."""
    group_share = np.array([g[1] for g in STAFF_GROUPS])
    group_rel = np.array([g[2] for g in STAFF_GROUPS])
    band_rel = np.array(BAND_BME)
    mix = BAND_MIX / BAND_MIX.sum(axis=1, keepdims=True)
    rel_band = group_rel[:MEDICAL, None] * band_rel[None, :]
    rel_grade = group_rel[MEDICAL] * np.array([g[2] for g in GRADES])
    weights = np.concatenate([(group_share[:MEDICAL, None] * mix).ravel(),
                              group_share[MEDICAL] * np.array([g[1] for g in GRADES])])  # fmt: skip
    return rel_band, rel_grade, weights


def _bme_base() -> float:
    """Base BME propensity so the expected workforce share is BME_SHARE (cells capped at 0.85)."""
    rel_band, rel_grade, weights = _cell_tables()
    rel = np.concatenate([rel_band.ravel(), rel_grade])
    low, high = 0.0, 2.0
    for _ in range(60):
        mid = (low + high) / 2
        share = (1 - UNKNOWN_SHARE) * float(weights @ np.minimum(0.85, mid * rel))
        low, high = (mid, high) if share < BME_SHARE else (low, mid)
    return (low + high) / 2


def _new_people(rng: np.random.Generator, org: np.ndarray, orgs: Orgs, first_id: int) -> dict:
    """Draw joiners: staff group, band or grade, assignment, ethnic group and ESR code."""
    n = len(org)
    group = _draw(rng, [g[1] for g in STAFF_GROUPS], n=n)
    medical = group == MEDICAL
    band = np.full(n, -1, dtype=np.int64)
    grade = np.full(n, -1, dtype=np.int64)
    band[~medical] = _draw(rng, BAND_MIX, rows=group[~medical])
    grade[medical] = _draw(rng, [g[1] for g in GRADES], n=int(medical.sum()))
    trainee = np.isin(grade, [i for i, g in enumerate(GRADES) if g[0] in TRAINEES])
    assignment = _draw(rng, ASSIGNMENT_MIX, rows=trainee.astype(np.int64))

    rel_band, rel_grade, _ = _cell_tables()
    by_band = rel_band[np.minimum(group, MEDICAL - 1), np.maximum(band, 0)]
    rel = np.where(medical, rel_grade[np.maximum(grade, 0)], by_band)
    p_bme = (1 - UNKNOWN_SHARE) * np.minimum(0.85, _bme_base() * orgs.bme[org] * rel)
    u = rng.random(n)
    ethnic = np.where(u < UNKNOWN_SHARE, UNKNOWN, np.where(u < UNKNOWN_SHARE + p_bme, BME, WHITE))
    column = np.where(np.isin(group, NURSING_LIKE), 0, np.where(medical, 1, 2))
    label = np.full(n, ESR_Z, dtype=np.int64)
    white = ethnic == WHITE
    label[white] = _draw(rng, [w[1] for w in ESR_WHITE], n=int(white.sum()))
    bme = ethnic == BME
    bme_weights = np.array([b[1:] for b in ESR_BME], dtype=float).T
    label[bme] = len(ESR_WHITE) + _draw(rng, bme_weights, rows=column[bme])
    ids = first_id + np.cumsum(rng.integers(1, 4, n))
    return {"org": org, "id": ids, "group": group, "band": band, "grade": grade,
            "assignment": assignment, "ethnic": ethnic, "label": label}  # fmt: skip


def _progress(rng: np.random.Generator, people: dict[str, np.ndarray]) -> None:
    """One year on for stayers: promotions, medical training progression, some contract changes."""
    n = len(people["id"])
    band = people["band"]
    chance = np.where(people["ethnic"] == BME, PROMOTION[1], PROMOTION[0])
    up = (band >= 0) & (band <= TOP_PROMOTABLE) & (rng.random(n) < chance)
    people["band"] = band + up
    grade = people["grade"].copy()
    u = rng.random(n)
    names = [g[0] for g in GRADES]
    for src, (dst, p) in GRADE_NEXT.items():
        grade[(people["grade"] == names.index(src)) & (u < p)] = names.index(dst)
    people["grade"] = grade
    trainee = np.isin(grade, [names.index(t) for t in TRAINEES])
    redraw = rng.random(n) < 0.10
    fresh = _draw(rng, ASSIGNMENT_MIX, rows=trainee.astype(np.int64))
    people["assignment"] = np.where(redraw, fresh, people["assignment"])


def _workforce_rows(rng: np.random.Generator, orgs: Orgs, years: list[int]) -> dict[str, np.ndarray]:
    """Simulate staff year by year (~10% turnover, ~2% growth) with disciplinary and training flags."""
    n_orgs = len(orgs.codes)
    sizes = np.empty((len(years), n_orgs), dtype=np.int64)
    sizes[-1] = orgs.staff
    for y in range(len(years) - 2, -1, -1):
        sizes[y] = np.maximum(1, np.rint(sizes[y + 1] / (1 + orgs.growth)).astype(np.int64))
    disc_org = orgs.effect(rng, 0.35)
    train_org = orgs.effect(rng, 0.25)
    train_rr = orgs.effect(rng, 0.10)
    disc_rr = orgs.effect(rng, 0.20)

    next_id = int(rng.integers(1000, 20000))
    people = _new_people(rng, np.repeat(np.arange(n_orgs), sizes[0]), orgs, next_id)
    out: dict[str, list[np.ndarray]] = {}
    for y, year in enumerate(years):
        if y:
            keep = rng.random(len(people["id"])) < RETENTION
            people = {k: v[keep] for k, v in people.items()}
            _progress(rng, people)
            joiners = np.maximum(0, sizes[y] - np.bincount(people["org"], minlength=n_orgs))
            new = _new_people(rng, np.repeat(np.arange(n_orgs), joiners), orgs, next_id)
            people = {k: np.concatenate([people[k], new[k]]) for k in people}
            # Stayers and joiners are each sorted by (org, id) and joiners have higher ids.
            by_org = np.argsort(people["org"], kind="stable")
            people = {k: v[by_org] for k, v in people.items()}
        next_id = int(people["id"].max()) + 1
        n = len(people["id"])
        ethnic, org = people["ethnic"], people["org"]
        # White rate x with BME at RR * x and Unknown at x, so that the all-staff rate is DISCIPLINARY.
        shares = (1 - BME_SHARE - UNKNOWN_SHARE, BME_SHARE, UNKNOWN_SHARE)
        white_disc = DISCIPLINARY / (shares[0] + DISCIPLINARY_RR * shares[1] + shares[2])
        p_disc = white_disc * np.where(ethnic == BME, DISCIPLINARY_RR * disc_rr[org], 1.0) * disc_org[org]
        bme_train = TRAINING / (TRAINING_RR * shares[0] + shares[1] + shares[2])
        p_train = bme_train * np.where(ethnic == WHITE, TRAINING_RR * train_rr[org], 1.0) * train_org[org]
        strata = org * 3 + ethnic
        disciplinary = _systematic(rng, np.minimum(p_disc, 1.0), strata)
        training = _systematic(rng, np.minimum(p_train, 0.95), strata)
        rows = dict(people, year=np.full(n, year), disciplinary=disciplinary, training=training)
        for k, v in rows.items():
            out.setdefault(k, []).append(v)
    return {k: np.concatenate(v) for k, v in out.items()}  # sorted by year, org, employee number


def _band_spellings(band: str) -> tuple[tuple[str, float], ...]:
    """Spellings of one band with their messy-mode weights (the first one is the clean spelling)."""
    if band == "VSM":
        return (("VSM", 0.80), ("Very Senior Manager", 0.20))
    if band.startswith("8"):
        letter = band[1]
        return (
            (f"Band {band}", 0.55),
            (f"Band 8 - Range {letter.upper()}", 0.20),
            (f"AfC Band {band}", 0.15),
            (band.upper(), 0.10),
        )
    return ((f"Band {band}", 0.72), (f"AfC Band {band}", 0.14), (band, 0.14))


def _band_text(rng: np.random.Generator, band: np.ndarray, messy: bool) -> pa.Array:
    """Pay band strings; medical rows blank, or "Medical and Dental" for ~10% of them in messy mode."""
    spellings = [_band_spellings(b) for b in BANDS]
    width = max(len(s) for s in spellings)
    labels = [s[i][0] if i < len(s) else "" for s in spellings for i in range(width)]
    labels.append("Medical and Dental")
    medical = band < 0
    rows = np.maximum(band, 0)
    if messy:
        weights = np.array([[s[i][1] if i < len(s) else 0.0 for i in range(width)] for s in spellings])
        style = _draw(rng, weights, rows=rows)
        blank = medical & (rng.random(len(band)) >= 0.10)
    else:
        style = np.zeros(len(band), dtype=np.int64)
        blank = medical
    index = np.where(medical, len(labels) - 1, rows * width + style)
    return _text(labels, index, blank)


def _ethnic_text(rng: np.random.Generator, label: np.ndarray, messy: bool) -> pa.Array:
    """ESR 'code label' strings; messy mode pads ~2% (" N  Black ... "), and Unknown is Z / blank / 99."""
    padded = [f" {t.split(' ', 1)[0]}  {t.split(' ', 1)[1]} " for t in ESR_LABELS]
    index = label.copy()
    blank = None
    if messy:
        n = len(label)
        unknown = label == ESR_Z
        u = rng.random(n)
        index = np.where(unknown & (u < 0.05), ESR_Z + 1, index)
        blank = unknown & (u >= 0.05) & (u < 0.25)
        index = np.where(~unknown & (rng.random(n) < 0.02), index + len(ESR_LABELS), index)
    return _text((*ESR_LABELS, *padded), index, blank)


def _workforce_table(rng: np.random.Generator, orgs: Orgs, years: list[int], messy: bool,
                     mess: np.random.Generator) -> tuple[pa.Table, dict]:  # fmt: skip
    rows = _workforce_rows(rng, orgs, years)
    width = max(7, _digits(rows["id"].max()))
    grade_names = [g[0] for g in GRADES]
    columns = [
        _org_text(orgs, rows["org"]),
        pa.array(rows["year"], pa.int64()),
        _numbered("E", rows["id"], width),
        _ethnic_text(mess, rows["label"], messy),
        _text([g[0] for g in STAFF_GROUPS], rows["group"]),
        _band_text(mess, rows["band"], messy),
        _text(grade_names, np.maximum(rows["grade"], 0), rows["grade"] < 0),
        _text(ASSIGNMENTS, rows["assignment"]),
        _yes_no(rows["disciplinary"], mess, messy, "Y"),
        _yes_no(rows["training"], mess, messy, "Yes"),
    ]
    return pa.Table.from_arrays(columns, names=list(COLUMNS["workforce"])), rows


# -------------------------------------------------------------------------------------- recruitment


def _census_labels(rng: np.random.Generator, ethnic: np.ndarray) -> np.ndarray:
    """Index into the flattened CENSUS label list for each White / BME / Unknown person."""
    out = np.zeros(len(ethnic), dtype=np.int64)
    start = 0
    for g, labels in enumerate(CENSUS):
        rows = ethnic == g
        out[rows] = start + _draw(rng, [w for _, w in labels], n=int(rows.sum()))
        start += len(labels)
    return out


CENSUS_LABELS = tuple(label for group in CENSUS for label, _ in group)


def _recruitment_table(rng: np.random.Generator, orgs: Orgs, years: list[int], applications: int,
                       messy: bool, mess: np.random.Generator) -> pa.Table:  # fmt: skip
    """Shortlisted applications per organisation and year, ~40% BME, White ~1.6x as likely appointed."""
    n_orgs = len(orgs.codes)
    per = np.stack([_allocate(applications, orgs.staff.astype(float)) for _ in years])  # (years, orgs)
    org = np.tile(np.repeat(np.arange(n_orgs), per[0]), len(years))
    year_idx = np.repeat(np.arange(len(years)), per.sum(axis=1))
    n = len(org)
    white_rate = APPOINTED_WHITE * orgs.effect(rng, 0.15)
    rr = APPOINTED_RR * orgs.effect(rng, 0.15)
    bme_share = np.minimum(0.85, APPLICANT_SHARES[1] * orgs.bme**0.8)
    u = rng.random(n)
    unknown_share = APPLICANT_SHARES[2]
    ethnic = np.where(u < unknown_share, UNKNOWN, np.where(u < unknown_share + bme_share[org], BME, WHITE))
    p = np.select([ethnic == WHITE, ethnic == BME], [white_rate[org], white_rate[org] / rr[org]],
                  APPOINTED_UNKNOWN)  # fmt: skip
    appointed = _systematic(rng, p, (year_idx * n_orgs + org) * 3 + ethnic)
    label = _census_labels(rng, ethnic)
    # Rows are sorted by cell (year, org).  Sorted uniforms per cell from exponential spacings put each
    # cell's applications in vacancy order (Poisson-like shortlist sizes) without a sort.
    cell = year_idx * n_orgs + org
    n_cells = len(years) * n_orgs
    size = np.bincount(cell, minlength=n_cells)
    k = np.maximum(1, np.rint(size / VACANCY_SIZE)).astype(np.int64)
    gaps = rng.exponential(size=n)
    before = np.concatenate([[0.0], np.cumsum(gaps)])[np.cumsum(size) - size]
    total = np.bincount(cell, weights=gaps, minlength=n_cells) + rng.exponential(size=n_cells)
    share = (np.cumsum(gaps) - before[cell]) / total[cell]
    local = np.minimum((share * k[cell]).astype(np.int64), k[cell] - 1)
    offset = np.cumsum(k) - k
    vac_cell = np.repeat(np.arange(n_cells), k)
    vac_number = rng.integers(1000, 50000, n_cells)[vac_cell] + np.arange(len(vac_cell)) - offset[vac_cell]
    references = pc.binary_join_element_wise(
        pc.take(pa.array(orgs.codes), pa.array(vac_cell % n_orgs)),
        pc.take(pa.array([f"{y % 100:02d}" for y in years]), pa.array(vac_cell // n_orgs)),
        _numbered("", vac_number, max(5, _digits(vac_number.max()))),
        "-",
    )
    reference = pc.take(references, pa.array(offset[cell] + local))  # unique-ish: plain strings write faster
    blank = (ethnic == UNKNOWN) & (mess.random(n) < 0.2) if messy else None
    columns = [
        _org_text(orgs, org),
        pa.array(np.asarray(years, dtype=np.int64)[year_idx], pa.int64()),
        reference,
        _text(CENSUS_LABELS, label, blank),
        _text(("Yes",), np.zeros(n, dtype=np.int64)),
        _yes_no(appointed, mess, messy, "Yes", odd=0.02),
    ]
    return pa.Table.from_arrays(columns, names=list(COLUMNS["recruitment"]))


# -------------------------------------------------------------------------------------------- board


def _board_table(rng: np.random.Generator, orgs: Orgs, years: list[int], messy: bool,
                 mess: np.random.Generator) -> pa.Table:  # fmt: skip
    """Boards of ~14 (5 NEDs on average, 0-2 associate NEDs), ~12% BME, ~15% turnover a year."""
    n_orgs = len(orgs.codes)
    counts = np.ones((n_orgs, len(BOARD_ROLES)), dtype=np.int64)
    counts[:, 1] = rng.integers(4, 7, n_orgs) if n_orgs > 1 else 5  # the typical board of 14 for one org
    counts[:, -1] = rng.integers(0, 3, n_orgs) if n_orgs > 1 else 1
    org = np.repeat(np.arange(n_orgs), counts.sum(axis=1))
    role = np.repeat(np.tile(np.arange(len(BOARD_ROLES)), n_orgs), counts.ravel())
    executive = np.array([r[2] for r in BOARD_ROLES])[role]
    voting = np.array([r[1] for r in BOARD_ROLES])[role]
    p_bme = np.minimum(0.8, np.where(executive, BOARD_BME["executive"], BOARD_BME["non-executive"])
                       * orgs.bme[org] ** 0.7)  # fmt: skip

    def draw_ethnic(bme: np.ndarray) -> np.ndarray:
        return np.where(rng.random(len(org)) < BOARD_UNKNOWN, UNKNOWN, np.where(bme, BME, WHITE))

    # First year: each board's BME count within 1 of its expectation (14 seats are too few for
    # independent draws to show the pattern); replacements in later years are independent draws.
    slots = np.arange(len(org))
    ethnic = draw_ethnic(_systematic(rng, p_bme, org))
    label = _census_labels(rng, ethnic)
    parts = []
    for y, _year in enumerate(years):
        if y:
            change = rng.random(len(slots)) < BOARD_TURNOVER
            ethnic = np.where(change, draw_ethnic(rng.random(len(org)) < p_bme), ethnic)
            label = np.where(change, _census_labels(rng, ethnic), label)
        parts.append((np.full(len(slots), y), ethnic.copy(), label.copy()))
    year_idx = np.concatenate([p[0] for p in parts])
    label = np.concatenate([p[2] for p in parts])
    rows = np.tile(slots, len(years))
    org_rows = org[rows]
    order = np.lexsort((rows, year_idx, org_rows))
    rows, year_idx, label, org_rows = rows[order], year_idx[order], label[order], org_rows[order]
    odd = 0.05
    columns = [
        _org_text(orgs, org_rows),
        pa.array(np.asarray(years, dtype=np.int64)[year_idx], pa.int64()),
        _text([r[0] for r in BOARD_ROLES], role[rows]),
        _text(CENSUS_LABELS, label),
        _yes_no(voting[rows], mess, messy, "Yes", odd),
        _yes_no(executive[rows], mess, messy, "Yes", odd),
    ]
    return pa.Table.from_arrays(columns, names=list(COLUMNS["board"]))


# ------------------------------------------------------------------------------------------- survey


def _frequency(rng: np.random.Generator, hit: np.ndarray) -> np.ndarray:
    """Index into FREQUENCY: 0 (Never) unless ``hit``, then 1-2 / 3-5 / 6-10 / more than 10."""
    return np.where(hit, 1 + _draw(rng, AT_LEAST_ONCE_MIX, n=len(hit)), 0)


def _survey_rows(rng: np.random.Generator, orgs: Orgs, respondents: int) -> dict[str, np.ndarray]:
    """Record-level survey answers (indices; -1 = blank) with the WRES 5-8 rates by group."""
    per = _allocate(respondents, orgs.staff.astype(float)) if respondents else np.zeros(len(orgs.codes), int)
    org = np.repeat(np.arange(len(orgs.codes)), per)
    n = len(org)
    shares = np.array([s[2] for s in SURVEY_ETHNICITY])
    bme = np.array([s[1] == BME for s in SURVEY_ETHNICITY])
    table = np.tile(shares, (len(orgs.codes), 1))
    scale = np.minimum(0.85, shares[bme].sum() * orgs.bme) / shares[bme].sum()
    table[:, bme] *= scale[:, None]
    white = [s[0] for s in SURVEY_ETHNICITY].index("White")
    table[:, white] = np.maximum(0.05, 1 - (table.sum(axis=1) - table[:, white]))
    category = _draw(rng, table, rows=org)
    group = np.array([s[1] for s in SURVEY_ETHNICITY])[category]

    def rate(key: str) -> np.ndarray:
        return np.array(SURVEY_RATES[key])[group] * orgs.effect(rng, 0.10)[org]

    q14a = _frequency(rng, rng.random(n) < rate("Q14a"))
    staff_hit = rng.random(n) < rate("staff")
    pattern = _draw(rng, STAFF_PATTERN, n=n)
    q14b = _frequency(rng, staff_hit & (pattern != 1))
    q14c = _frequency(rng, staff_hit & (pattern != 0))
    q15 = _draw(rng, np.array(SURVEY_RATES["Q15"]), rows=group)
    q16b = np.where(rng.random(n) < rate("Q16b"), 0, 1)
    answers = {"Q14a": q14a, "Q14b": q14b, "Q14c": q14c, "Q15": q15, "Q16b": q16b}
    for values in answers.values():
        values[rng.random(n) < ITEM_BLANK] = -1
    order = np.lexsort((rng.random(n), org))
    return {k: v[order] for k, v in dict(answers, org=org, category=category, group=group).items()}


def _survey_table(rows: dict[str, np.ndarray], orgs: Orgs) -> pa.Table:
    labels = [s[0] or "" for s in SURVEY_ETHNICITY]
    blank_category = np.array([s[0] is None for s in SURVEY_ETHNICITY])[rows["category"]]
    columns = [_org_text(orgs, rows["org"]), _text(labels, rows["category"], blank_category)]
    for key, labels in (("Q14a", FREQUENCY), ("Q14b", FREQUENCY), ("Q14c", FREQUENCY),
                        ("Q15", ("Yes", "No", "Don't know")), ("Q16b", ("Yes", "No"))):  # fmt: skip
        values = rows[key]
        columns.append(_text(labels, np.maximum(values, 0), values < 0))
    return pa.Table.from_arrays(columns, names=list(COLUMNS["survey"]))


def aggregate_survey(rows: dict[str, np.ndarray], n_orgs: int) -> dict[str, np.ndarray]:
    """WRES 5-8 per organisation and group (White, BME): respondents answering and % 'at least once' / yes.

    5: Q14a answered, yes = 1-2 or more.  6: Q14b or Q14c answered, yes = either at least once (counted once).
    7: Q15 answered (Don't know included), yes = Yes.  8: Q16b answered, yes = Yes.  Unknown is left out.
    Percent is rounded half up to 1 dp; NaN when nobody in the group answered.
    """
    q14b, q14c = rows["Q14b"], rows["Q14c"]
    rules = {
        "5": (rows["Q14a"] >= 0, rows["Q14a"] >= 1),
        "6": ((q14b >= 0) | (q14c >= 0), (q14b >= 1) | (q14c >= 1)),
        "7": (rows["Q15"] >= 0, rows["Q15"] == 0),
        "8": (rows["Q16b"] >= 0, rows["Q16b"] == 0),
    }
    out: dict[str, list] = {"org": [], "indicator": [], "group": [], "n": [], "percent": []}
    for indicator, (answered, yes) in rules.items():
        for group, name in ((WHITE, "White"), (BME, "BME")):
            mask = answered & (rows["group"] == group)
            n = np.bincount(rows["org"][mask], minlength=n_orgs)
            k = np.bincount(rows["org"][mask & yes], minlength=n_orgs)
            tenths = (2000 * k + n) // np.maximum(2 * n, 1)  # exact round-half-up to 0.1 percentage point
            pct = np.where(n > 0, tenths / 10, np.nan)
            out["org"].append(np.arange(n_orgs))
            out["indicator"].append(np.full(n_orgs, indicator))
            out["group"].append(np.full(n_orgs, name))
            out["n"].append(n)
            out["percent"].append(pct)
    flat = {k: np.concatenate(v) for k, v in out.items()}
    order = np.argsort(flat["org"], kind="stable")
    return {k: v[order] for k, v in flat.items()}


def _aggregated_table(agg: dict[str, np.ndarray], orgs: Orgs) -> pa.Table:
    """The aggregated form; with several organisations an ``Organisation`` column comes first."""
    percent = pa.array(agg["percent"], pa.float64(), mask=np.isnan(agg["percent"]))
    columns = [pa.array(agg["indicator"], pa.string()), pa.array(agg["group"], pa.string()),
               pa.array(agg["n"], pa.int64()), percent]  # fmt: skip
    names = list(COLUMNS["survey_aggregated"])
    if len(orgs.codes) > 1:
        columns.insert(0, _org_text(orgs, agg["org"]))
        names.insert(0, "Organisation")
    return pa.Table.from_arrays(columns, names=names)


# --------------------------------------------------------------------- WDES and Social Care WRES files

DISABILITY_LABELS = ("Yes", "No", "Not Declared", "Prefer Not To Answer")
DISABILITY_MIX = (0.06, 0.74, 0.15, 0.05)  # ESR: declaration is low, so Unknown is large
CAPABILITY = 0.005  # entered the formal capability process in the year, all staff
CAPABILITY_RR = 2.0  # Disabled vs Non-disabled
APPLICANT_DISABLED = (0.08, 0.07)  # shortlisted applicants: Disabled, Unknown
APPOINTED_DISABILITY_RR = 1.15  # Non-disabled vs Disabled
BOARD_DISABLED = 0.04
WDES_SURVEY_GROUPS = (("Yes", 0.23), ("No", 0.72), ("Prefer not to say", 0.04), (None, 0.01))
WDES_RATES = {  # per group Disabled, Non-disabled, Unknown
    "Q14a": (0.32, 0.26, 0.30),  # harassment from patients / public, at least once
    "Q14b": (0.17, 0.10, 0.13),  # from managers
    "Q14c": (0.25, 0.17, 0.20),  # from other colleagues
    "Q14d": (0.48, 0.46, 0.45),  # reported it (asked of those harassed)
    "Q15": (0.51, 0.58, 0.50),  # equal opportunities: Yes (rest No / Don't know)
    "Q11e": (0.27, 0.20, 0.25),  # felt pressure from their manager to come to work when unwell
    "Q4b": (0.34, 0.44, 0.38),  # satisfied with the extent the organisation values their work
    "Q31b": (0.72, 0.0, 0.0),  # adequate adjustments (disabled staff who needed one)
    "Engagement": (6.6, 7.0, 6.8),  # mean staff engagement score, 0-10
}
SATISFACTION = ("Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied",
                "Very dissatisfied")  # fmt: skip
COUNCIL = {"staff": 2500, "applications": 1500, "survey": 900, "grades": 16, "senior": 14}
SC_BME, SC_UNKNOWN = 0.18, 0.06
SC_RATES = {  # White rate, minority ethnic ÷ White
    "Regulated": (0.15, 1.0),  # registered social workers and occupational therapists
    "Fitness to Practise": (0.02, 2.5),  # among regulated professionals
    "Disciplinary": (0.015, 1.6),
    "Non-mandatory CPD": (0.35, 0.9),
    "Leaver": (0.12, 1.1),
    "Appointed": (0.24, 0.5),
}
SC_SURVEY = {"Q14a": (0.30, 0.36, 0.33), "Q14c": (0.15, 0.21, 0.18), "Q14b": (0.09, 0.14, 0.12)}
SC_CONFIG = """# Social Care WRES sample: council pay grades lowest first; grade 14 and above is senior management.
grade_order: [{grades}]
senior_grade: Grade {senior}
local_population_bme: 22.0  # % minority ethnic in the local population (metric 9)
"""


def _disability_columns(rng: np.random.Generator, table: pa.Table, rows: dict) -> pa.Table:
    """The NHS workforce with an ESR disability (one per person, stable across years) and capability."""
    _, person = np.unique(rows["id"], return_inverse=True)
    label = _draw(rng, DISABILITY_MIX, n=int(person.max()) + 1)[person]
    group = np.select([label == 0, label == 1], [0, 1], 2)  # Disabled, Non-disabled, Unknown
    shares = (DISABILITY_MIX[0], 1 - DISABILITY_MIX[0])
    base = CAPABILITY / (shares[1] + CAPABILITY_RR * shares[0])
    p = base * np.where(group == 0, CAPABILITY_RR, 1.0)
    years = rows["year"] - rows["year"].min()
    capability = _systematic(rng, p, (years * len(np.unique(rows["org"])) + rows["org"]) * 3 + group)
    table = table.append_column("Disability", _text(DISABILITY_LABELS, label))
    return table.append_column("Capability", _text(("Y", "N"), np.where(capability, 0, 1)))


def _recruitment_disability(rng: np.random.Generator, table: pa.Table) -> pa.Table:
    """Shortlisted applicants' disability, drawn given the appointment so Non-disabled are 1.15x as likely."""
    appointed = table["Appointed"].combine_chunks().indices.to_numpy(zero_copy_only=False) % 2 == 0
    d, unknown = APPLICANT_DISABLED
    rate = appointed.mean() if len(appointed) else 0.0
    q = rate / ((1 - d) + d / APPOINTED_DISABILITY_RR)  # Non-disabled (and Unknown) appointment rate
    p_app = d * q / APPOINTED_DISABILITY_RR / max(rate, 1e-12)
    p_not = d * (1 - q / APPOINTED_DISABILITY_RR) / max(1 - rate, 1e-12)
    disabled = rng.random(len(appointed)) < np.where(appointed, p_app, p_not)
    label = np.where(disabled, 0, np.where(rng.random(len(appointed)) < unknown / (1 - d), 2, 1))
    return table.append_column("Disability", _text(("Yes", "No", "Prefer not to say"), label))


def _wdes_survey_table(rng: np.random.Generator, orgs: Orgs, respondents: int) -> pa.Table:
    """Record-level NHS Staff Survey answers for WDES metrics 4-9a, grouped by the survey's disability question."""
    per = _allocate(respondents, orgs.staff.astype(float)) if respondents else np.zeros(len(orgs.codes), int)
    org = np.repeat(np.arange(len(orgs.codes)), per)
    n = len(org)
    category = _draw(rng, [w for _, w in WDES_SURVEY_GROUPS], n=n)
    group = np.minimum(category, 2)  # Yes -> Disabled, No -> Non-disabled, the rest Unknown

    def hit(key: str) -> np.ndarray:
        return rng.random(n) < np.array(WDES_RATES[key])[group]

    q14 = {k: _frequency(rng, hit(k)) for k in ("Q14a", "Q14b", "Q14c")}
    harassed = (q14["Q14a"] > 0) | (q14["Q14b"] > 0) | (q14["Q14c"] > 0)
    q14d = np.where(harassed, np.where(hit("Q14d"), 0, 1), -1)
    q15 = np.where(hit("Q15"), 0, 1 + (rng.random(n) < 0.4))
    q11e = np.where(hit("Q11e"), 0, 1)
    q4b = np.where(hit("Q4b"), _draw(rng, (0.3, 0.7), n=n), 2 + _draw(rng, (0.45, 0.35, 0.2), n=n))
    needed = group == 0
    q31b = np.where(needed, np.where(rng.random(n) < 0.25, 2, np.where(hit("Q31b"), 0, 1)), -1)
    score = np.clip(rng.normal(np.array(WDES_RATES["Engagement"])[group], 1.6), 0, 10)
    answers = {"Q14a": q14["Q14a"], "Q14b": q14["Q14b"], "Q14c": q14["Q14c"], "Q14d": q14d, "Q15": q15,
               "Q11e": q11e, "Q4b": q4b, "Q31b": q31b}  # fmt: skip
    for values in answers.values():
        values[rng.random(n) < ITEM_BLANK] = -1
    labels = {"Q14d": ("Yes", "No"), "Q15": ("Yes", "No", "Don't know"), "Q11e": ("Yes", "No"),
              "Q4b": SATISFACTION, "Q31b": ("Yes", "No", "No adjustment required")}  # fmt: skip
    names = [w for w, _ in WDES_SURVEY_GROUPS]
    columns = [_org_text(orgs, org), _text([w or "" for w in names], category, category == len(names) - 1)]
    for key, values in answers.items():
        columns.append(_text(labels.get(key, FREQUENCY), np.maximum(values, 0), values < 0))
    blank = rng.random(n) < ITEM_BLANK
    columns.append(pa.array(np.round(score, 1), pa.float64(), mask=blank))
    return pa.Table.from_arrays(columns, names=["Organisation", "Disability", *answers, "Engagement"])


def _sc_tables(rng: np.random.Generator, years: list[int], messy: bool) -> dict[str, pa.Table]:
    """One council's Social Care WRES inputs: workforce with council grades, recruitment and staff survey."""
    staff, grades, senior = COUNCIL["staff"], COUNCIL["grades"], COUNCIL["senior"]
    org = _text(("Northvale Council",), np.zeros(staff * len(years), np.int64))
    year = np.repeat(np.asarray(years, np.int64), staff)
    n = len(year)
    u = rng.random(n)
    ethnic = np.where(u < SC_UNKNOWN, UNKNOWN, np.where(u < SC_UNKNOWN + SC_BME, BME, WHITE))
    # grades: a bell around grade 6; minority ethnic staff less often in the senior grades
    grade = np.clip(np.rint(rng.gamma(4.0, 1.6, n)), 1, grades).astype(np.int64)
    demote = (ethnic == BME) & (grade >= senior - 2) & (rng.random(n) < 0.5)
    grade = np.where(demote, grade - 3, grade)
    flags = {}
    for name, (white, rr) in SC_RATES.items():
        if name == "Appointed":
            continue
        p = white * np.where(ethnic == BME, rr, 1.0)
        if name == "Fitness to Practise":
            p = np.where(flags["Regulated"], p, 0.0)
        flags[name] = _systematic(rng, np.minimum(p, 1.0), (year - years[0]) * 3 + ethnic)
    label = _census_labels(rng, ethnic)
    blank = (ethnic == UNKNOWN) & (rng.random(n) < 0.3) if messy else None
    workforce = pa.Table.from_arrays(
        [org, pa.array(year), _numbered("C", np.arange(n) + 10001, 6), _text(CENSUS_LABELS, label, blank),
         _text([f"Grade {g}" for g in range(1, grades + 1)], grade - 1),
         *(_yes_no(v, rng, messy, "Yes") for v in flags.values())],
        names=["Organisation", "Year", "Employee Number", "Ethnicity", "Pay Grade", *flags],
    )  # fmt: skip
    apps = COUNCIL["applications"]
    year = np.repeat(np.asarray(years, np.int64), apps)
    u = rng.random(len(year))
    ethnic = np.where(u < 0.05, UNKNOWN, np.where(u < 0.40, BME, WHITE))
    white, rr = SC_RATES["Appointed"]
    appointed = _systematic(rng, white * np.where(ethnic == BME, rr, 1.0), (year - years[0]) * 3 + ethnic)
    recruitment = pa.Table.from_arrays(
        [_text(("Northvale Council",), np.zeros(len(year), np.int64)), pa.array(year),
         _text(CENSUS_LABELS, _census_labels(rng, ethnic)), _text(("Yes",), np.zeros(len(year), np.int64)),
         _yes_no(appointed, rng, messy, "Yes")],
        names=["Organisation", "Year", "Ethnicity", "Shortlisted", "Appointed"],
    )  # fmt: skip
    m = COUNCIL["survey"]
    u = rng.random(m)
    ethnic = np.where(u < 0.05, UNKNOWN, np.where(u < 0.25, BME, WHITE))
    answers = {k: _frequency(rng, rng.random(m) < np.array(v)[ethnic]) for k, v in SC_SURVEY.items()}
    survey = pa.Table.from_arrays(
        [_text(("Northvale Council",), np.zeros(m, np.int64)), _text(CENSUS_LABELS, _census_labels(rng, ethnic)),
         *(_text(FREQUENCY, v) for v in answers.values())],
        names=["Organisation", "Ethnicity", *answers],
    )  # fmt: skip
    return {"workforce": workforce, "recruitment": recruitment, "survey": survey}


# ------------------------------------------------------------------------------------------- output


def _write(table: pa.Table, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pq.write_table(table, path, store_schema=False)  # dictionary columns read back as plain strings
        return
    if "percent" in table.column_names:  # one decimal place as published ("57.0", not "57")
        text = [None if v is None else f"{v:.1f}" for v in table["percent"].to_pylist()]
        table = table.set_column(table.column_names.index("percent"), "percent", pa.array(text, pa.string()))
    with path.open("wb") as handle:
        handle.write((",".join(table.column_names) + "\n").encode())
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        pacsv.write_csv(table, handle, options)


def command(out_dir, **params) -> str:
    """The CLI command that reproduces a ``generate`` call (non-default options only)."""
    args = ["python sample_data/generate.py", f"--out {out_dir}"]
    flags = {"latest_year": "--latest-year", "fmt": "--format"}
    for key, default in DEFAULTS.items():
        value = params.get(key, default)
        if value == default:
            continue
        if key == "messy":
            args.append("--messy" if value else "--clean")
        elif key == "frameworks":
            args.append("--no-frameworks")
        else:
            args.append(f"{flags.get(key, '--' + key)} {value}")
    return " ".join(args)


FILE_NOTES = {
    "workforce": "ESR-style export, one row per person per year: ethnic origin (ESR code + label),\n"
    "  staff group, AfC pay band or medical grade, assignment category, entered formal disciplinary\n"
    "  (Y/N), accessed non-mandatory training (Yes/No). WRES 1, 3, 4 and the workforce side of 9.",
    "recruitment": "one row per shortlisted application: vacancy, census-style ethnicity,\n"
    "  appointed (Yes/No). WRES 2.",
    "board": "board members per organisation and year (no names): role, ethnicity, voting,\n"
    "  executive. WRES 9.",
    "survey": "NHS Staff Survey record-level answers, latest year: Q14a / Q14b / Q14c (harassment from\n"
    "  public / managers / colleagues), Q15 (equal opportunities), Q16b (discrimination). WRES 5-8.",
    "survey_aggregated": "the same survey as n and % per group (White, BME{by_org}), to 1 dp:\n"
    "  5 = Q14a at least once (1-2 or more); 6 = Q14b or Q14c at least once, a respondent counted once,\n"
    "  answered = either item answered; 7 = Q15 Yes (Don't know counts as answered); 8 = Q16b Yes.",
}
README_PATTERNS = """Built-in patterns: ~70% White / ~25% BME / ~5% Unknown staff (BME higher in nursing,
medical and bands 5-6, lower in 8c+ and VSM); ~90% of staff the same people next year, headcount +2%;
disciplinary ~1% a year, BME 1.3x as likely; non-mandatory training ~30%, White 1.15x as likely;
~40% BME applicants, appointed ~20% White vs ~12.5% BME (relative likelihood 1.6); board ~12% BME;
survey White / BME: harassment from public ~28 / 31%, from staff ~22 / 28%, equal opportunities
~58 / 45%, discrimination ~7 / 17%. With several organisations each varies around these.
Messy mode adds padded ESR codes, band spellings (Band 8a, Band 8 - Range A, AfC Band 8a, 8A),
Y/N vs Yes/No vs y, and Unknown ethnicity as "Z Not Stated", "99 Not known" or blank.
"""
FRAMEWORK_NOTES = """
## Other frameworks (`--no-frameworks` leaves these out)

- `wdes/`: the same trust for the Workforce Disability Equality Standard. `workforce`, `recruitment` and
  `board` are the files above plus an ESR `Disability` column (Yes / No / Not Declared / Prefer Not To
  Answer; ~6% Disabled, ~20% Unknown) and, on the workforce, `Capability` (entered the formal capability
  process, ~0.5% a year, Disabled 2x as likely); applicants: Non-disabled 1.15x as likely to be appointed;
  board ~4% Disabled. `survey` is a record-level staff survey grouped by its disability question:
  Q14a-d, Q15, Q11e, Q4b, Q31b (adjustments, disabled staff only) and an `Engagement` score (0-10).

      wres compute sample_data/wdes/workforce.csv --framework wdes --recruitment sample_data/wdes/recruitment.csv \\
        --board sample_data/wdes/board.csv --survey sample_data/wdes/survey.csv

- `sc-wres/`: one council ("Northvale Council", 2,500 staff a year, grades 1-16) for the Social Care WRES:
  `workforce` (ethnicity, pay grade, regulated professional, fitness to practise, disciplinary,
  non-mandatory CPD, leaver), `recruitment` (minority ethnic applicants half as likely to be appointed),
  `survey` (harassment from the public Q14a, colleagues Q14c, managers Q14b) and `wres.yaml` (grade order,
  senior from Grade 14, local population 22% minority ethnic).

      wres compute sample_data/sc-wres/workforce.csv --framework sc-wres -c sample_data/sc-wres/wres.yaml \\
        --recruitment sample_data/sc-wres/recruitment.csv --survey sample_data/sc-wres/survey.csv
"""


def _readme(out_dir, params: dict, years: list[int], ext: str) -> str:
    by_org = ", per organisation" if params["orgs"] > 1 else ""
    files = "\n".join(f"- `{name}.{ext}`: {note.format(by_org=by_org)}" for name, note in FILE_NOTES.items())
    return (
        "# Sample data (synthetic)\n\n"
        "**Everything here is synthetic**, made up by `generate.py` from a fixed seed: no real person,\n"
        "organisation, application or survey response. Regenerate (byte-identical) with:\n\n"
        f"    {command(out_dir, **params)}\n\n"
        f"{params['staff']:,} staff per year in {params['orgs']} organisation(s), years"
        f" {years[0]}-{years[-1]} (31 March snapshots);\n{params['applications']:,} shortlisted applications"
        f" per year; a board of ~14 per organisation;\n{params['survey']:,} survey respondents (latest year);"
        f" seed {params['seed']}; {'messy' if params['messy'] else 'clean'} spellings.\n\n"
        f"{files}\n\n{README_PATTERNS}{FRAMEWORK_NOTES if params['frameworks'] else ''}"
    )


def generate(
    out_dir,
    *,
    staff: int = DEFAULTS["staff"],
    orgs: int = DEFAULTS["orgs"],
    years: int = DEFAULTS["years"],
    latest_year: int = DEFAULTS["latest_year"],
    applications: int = DEFAULTS["applications"],
    survey: int = DEFAULTS["survey"],
    seed: int = DEFAULTS["seed"],
    fmt: str = DEFAULTS["fmt"],
    messy: bool = DEFAULTS["messy"],
    frameworks: bool = DEFAULTS["frameworks"],
) -> dict[str, Path]:
    """Write the synthetic files into ``out_dir``; return {name: path} for the five data files and README."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if orgs < 1 or years < 1 or staff < orgs or applications < 0 or survey < 0:
        raise ValueError("need orgs >= 1, years >= 1, staff >= orgs, applications >= 0, survey >= 0")
    params = {"staff": staff, "orgs": orgs, "years": years, "latest_year": latest_year,
              "applications": applications, "survey": survey, "seed": seed, "fmt": fmt,
              "messy": messy, "frameworks": frameworks}  # fmt: skip
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    year_list = list(range(latest_year - years + 1, latest_year + 1))
    # Independent streams (data and spelling mess per table): one table's size never changes another.
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(11)]  # first 8 unchanged
    organisations = _organisations(rngs[0], orgs, staff)

    tables: dict[str, pa.Table] = {}
    tables["workforce"], workforce_rows = _workforce_table(rngs[1], organisations, year_list, messy, rngs[2])
    tables["recruitment"] = _recruitment_table(
        rngs[3], organisations, year_list, applications, messy, rngs[4]
    )
    tables["board"] = _board_table(rngs[5], organisations, year_list, messy, rngs[6])
    rows = _survey_rows(rngs[7], organisations, survey)
    tables["survey"] = _survey_table(rows, organisations)
    tables["survey_aggregated"] = _aggregated_table(aggregate_survey(rows, orgs), organisations)

    paths: dict[str, Path] = {}
    for name, table in tables.items():
        paths[name] = out / f"{name}.{fmt}"
        _write(table, paths[name], fmt)
    if frameworks:
        extra = {
            "wdes/workforce": _disability_columns(rngs[8], tables["workforce"], workforce_rows),
            "wdes/recruitment": _recruitment_disability(rngs[8], tables["recruitment"]),
            "wdes/board": tables["board"].append_column(
                "Disability", _text(("Yes", "No"), np.where(rngs[8].random(tables["board"].num_rows)
                                                            < BOARD_DISABLED, 0, 1))),
            "wdes/survey": _wdes_survey_table(rngs[9], organisations, survey),
            **{f"sc-wres/{k}": v for k, v in _sc_tables(rngs[10], year_list, messy).items()},
        }  # fmt: skip
        for name, table in extra.items():
            paths[name] = out / f"{name}.{fmt}"
            paths[name].parent.mkdir(exist_ok=True)
            _write(table, paths[name], fmt)
        order = ", ".join(f"Grade {g}" for g in range(1, COUNCIL["grades"] + 1))
        paths["sc-wres/config"] = out / "sc-wres" / "wres.yaml"
        paths["sc-wres/config"].write_text(SC_CONFIG.format(grades=order, senior=COUNCIL["senior"]))
    paths["readme"] = out / "README.md"
    paths["readme"].write_text(_readme(out_dir, params, year_list, fmt), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="output directory")
    numbers = (
        ("--staff", "staff", "staff per year, all organisations"),
        ("--orgs", "orgs", "number of organisations"),
        ("--years", "years", "reporting years (31 March snapshots)"),
        ("--latest-year", "latest_year", "latest reporting year"),
        ("--applications", "applications", "shortlisted applications per year, all organisations"),
        ("--survey", "survey", "survey respondents (latest year)"),
        ("--seed", "seed", "random seed"),
    )
    for flag, key, text in numbers:
        parser.add_argument(flag, dest=key, type=int, default=DEFAULTS[key], help=f"{text} ({DEFAULTS[key]})")
    parser.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default=DEFAULTS["fmt"])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--messy", dest="messy", action="store_true", default=DEFAULTS["messy"],
                      help="realistic spelling mess a reader must handle (default)")  # fmt: skip
    mode.add_argument("--clean", dest="messy", action="store_false", help="canonical spellings only")
    parser.add_argument("--no-frameworks", dest="frameworks", action="store_false",
                        help="leave out the WDES and Social Care WRES files")  # fmt: skip
    args = parser.parse_args(argv)
    started = time.perf_counter()
    params = {k: v for k, v in vars(args).items() if k != "out"}
    try:
        paths = generate(args.out, **params)
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - started
    for name, path in paths.items():
        print(f"{path}  {path.stat().st_size / 1e6:8.2f} MB  ({name})")
    print(f"done in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
