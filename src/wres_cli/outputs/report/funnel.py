"""The report's funnel plots (with --by org): for each percentage and relative likelihood, every organisation
against the overall figure, with 95% and 99.8% control limits; organisations outside the 99.8% limits are
labelled. The section comes before the benchmarking table of ranks, which it replaces as the way to compare
organisations (see docs/funnel.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wres_cli.core.schema import ALL
from wres_cli.outputs.report.cells import Draw, label, number, slug, value_kind
from wres_cli.outputs.report.charts import REFERENCE, WHITE, Chart, _figure, _render, _styled, missing
from wres_cli.outputs.report.model import Section, Table, cell
from wres_cli.results.benchmarking import FUNNELLED, KEY, LIMITS, funnel_curves
from wres_cli.statistics.funnel import LEVELS

if TYPE_CHECKING:
    import pandas as pd

    from wres_cli.results.benchmarking import FunnelCurves
    from wres_cli.results.model import Results

RANK_WARNING = (
    "Ranks and quartiles are kept for comparison with earlier returns, but do not read them as a league table: "
    "they ignore how many people each organisation has, so a small organisation comes top or bottom by chance. "
    "The funnel plots show which organisations differ from the overall figure by more than chance."
)
ADJUSTMENT = {
    "none": "The limits allow for chance alone (funnel_overdispersion: none).",
    "multiplicative": "The limits are widened by √φ̂ when φ̂ > 1 (funnel_overdispersion: multiplicative).",
    "additive": "The limits add the spread between organisations, τ², estimated from the Winsorised z-scores "
    "(funnel_overdispersion: additive).",
}
SHORT_NAME = 34  # characters of an organisation's name in a chart label


def funnel_sections(results: Results, draw: Draw) -> list[Section]:
    """One funnel chart per percentage and ratio followed by one table of every organisation's z-score,
    limits and outcome; nothing when fewer than two organisations are compared."""
    table = results.benchmark
    if table is None or table.empty:
        return []
    table = table.loc[table["measure"].isin(FUNNELLED)]
    if table.loc[table["org"] != ALL, "org"].nunique() < 2:
        return []
    config = results.config
    blocks: list[Any] = []
    spread = []
    figures = table.groupby(KEY, sort=False, dropna=False)
    several = table.drop_duplicates(KEY)["indicator"].duplicated(keep=False).to_numpy()
    for (_, part), many in zip(figures, several, strict=True):
        curves = funnel_curves(part, config.confidence, config.funnel_overdispersion)
        if curves is None:
            continue
        name = _figure_name(results, part.iloc[0], many)
        phi = part["funnel_dispersion"].dropna()
        if len(phi):
            spread.append(f"{name} {float(phi.iloc[0]):.2f}")
        blocks += draw(
            funnel_chart,
            f"funnel-{slug(name)}",
            f"{name}: funnel plot",
            _points(part),
            curves,
            ratio=part["measure"].iat[0] != "percent",
            ylabel=f"{part['group'].iat[0]} %".strip(),
        )
    blocks.append(_funnel_table(results, table))
    paragraphs = [
        "Each organisation's figure against the overall figure of all organisations (the centre line), with "
        "control limits that narrow as organisations get larger: 95% (dashed) and 99.8% (solid). Outside the "
        "99.8% limits, an organisation is marked above or below: chance alone would put it there about once in "
        "500. Within the limits, its difference from the overall figure is consistent with chance. Above and "
        "below describe position only; whether that is better or worse depends on the indicator.",
        "Percentages are placed by the number of people they count, with limits from the binomial distribution "
        "around the overall percentage; relative likelihoods by their precision (1 / SE² of the log ratio), "
        "on a log scale. Withheld or not calculable figures are not placed. "
        + ADJUSTMENT[config.funnel_overdispersion],
    ]
    if spread:
        paragraphs.append(
            "φ̂, the mean squared z-score after Winsorising (about 1 when organisations differ only by chance; "
            f"well above 1 when they differ by more): {'; '.join(spread)}."
        )
    return [Section("funnels", "Comparing organisations: funnel plots", paragraphs, blocks)]


def _figure_name(results: Results, row: Any, several: bool) -> str:
    """'Indicator 2 (Appointed from shortlisting), White ÷ BME': the figure's group, and its section and
    breakdown too when the indicator has several figures."""
    parts = (row["section"], row["breakdown"], row["group"]) if several else (row["group"],)
    what = " ".join(str(x) for x in parts if x)
    short = label(results, row["indicator"])
    return f"Indicator {row['indicator']}" + (f" ({short})" if short else "") + (f", {what}" if what else "")


def _points(part: pd.DataFrame) -> list[tuple[str, float | None, str]]:
    """(organisation, value, outcome) of every organisation, in the order of ``part``."""
    return [
        (str(r["org"]), number(r["value"]) if r["funnel_outcome"] else None, str(r["funnel_outcome"]))
        for r in part.to_dict("records")
        if r["org"] != ALL
    ]


def _short(name: str) -> str:
    return name if len(name) <= SHORT_NAME else name[: SHORT_NAME - 1].rstrip() + "…"


@_styled
def funnel_chart(
    key: str,
    title: str,
    points: list[tuple[str, float | None, str]],
    curves: FunnelCurves,
    *,
    ratio: bool,
    ylabel: str = "%",
) -> Chart:
    """Organisations as dots against size (or precision), the overall figure as the centre line and the
    95% (dashed) and 99.8% (solid) control limits; organisations outside the 99.8% limits are drawn as
    triangles in the reference colour and labelled. A withheld figure (None) is named in the note."""
    shown = "{:.2f}" if ratio else "{:.1f}%"
    drawn = [(n, v, o, x) for (n, v, o), x in zip(points, curves.units_x, strict=True) if not missing(v)]
    flagged = [(n, v, o) for n, v, o, _ in drawn if o in ("above", "below")]
    alt = (
        f"Overall {shown.format(curves.centre)}; {len(drawn)} organisations placed, "
        f"{sum(o == 'above' for *_, o in flagged)} above and {sum(o == 'below' for *_, o in flagged)} below "
        "the 99.8% limits" + "".join(f"; {n}: {shown.format(v)} ({o})" for n, v, o in flagged)
    )
    chart = Chart(key, title, alt)
    skipped = [n for n, v, _ in points if missing(v)]
    if skipped:
        chart.notes.append(f"Not placed (withheld, not calculable or not computed): {'; '.join(skipped)}.")
    if not drawn:
        return chart
    fig, ax = _figure(3.4)
    for level, style in zip(LEVELS, ("--", "-"), strict=True):
        name = f"{level:.1%}".replace(".0%", "%") + " limits"
        ax.plot(curves.x, curves.low[level], style, color="#555555", linewidth=1, label=name)
        ax.plot(curves.x, curves.high[level], style, color="#555555", linewidth=1)
    ax.axhline(curves.centre, color="black", linewidth=1.2, label=f"Overall ({shown.format(curves.centre)})")
    inside = [(x, v) for _, v, o, x in drawn if o not in ("above", "below")]
    if inside:
        ax.plot(*zip(*inside, strict=True), "o", color=WHITE, markersize=5, label="Within the limits")
    for outcome, marker in (("above", "^"), ("below", "v")):
        out = [(x, v) for _, v, o, x in drawn if o == outcome]
        if out:
            ax.plot(*zip(*out, strict=True), marker, color=REFERENCE, markersize=7,
                    label=f"{outcome.capitalize()} the 99.8% limits")  # fmt: skip
    widest = LEVELS[-1]  # the range shows every point and the outer limits where the largest organisation is
    values = [v for _, v, *_ in drawn] + [curves.centre, curves.low[widest][-1], curves.high[widest][-1]]
    low, high = min(v for v in values if not missing(v)), max(v for v in values if not missing(v))
    if ratio:
        ax.set_yscale("log")
        ax.minorticks_off()
        low, high = low / 1.3, high * 1.3
        ticks = [t for t in (0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 6, 8) if low <= t <= high]
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_ylim(low, high)
        if low < 1 < high:
            ax.axhline(1.0, color="#999999", linestyle=":", linewidth=1, label="1.00 = equal likelihood")
        ax.set_xlabel("Precision (1 / SE² of the log ratio): larger organisations to the right")
        ax.set_ylabel("Relative likelihood (log scale)")
    else:
        pad = max(2.0, (high - low) * 0.15)
        ax.set_ylim(max(0.0, low - pad), min(100.0, high + pad))
        ax.set_xlabel("People counted (denominator)")
        ax.set_ylabel(ylabel)
    ax.set_xlim(0, curves.x[-1])
    _label(fig, ax, [(n, x, v) for n, v, o, x in drawn if o in ("above", "below")])
    ax.set_title(title, loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False, fontsize=8)
    _render(fig, chart)
    return chart


def _label(fig, ax, points: list[tuple[str, float, float]]) -> None:
    """Name each point beside it: to its right where the name fits inside the plot, else to its left, moved
    down (highest point first) so that no two names overlap."""
    size = 7
    height = 1.25 * size * fig.dpi / 72  # a line of text, in display pixels
    per_char = 0.55 * size * fig.dpi / 72
    left, right = ax.transAxes.transform((0, 0))[0], ax.transAxes.transform((1, 0))[0]
    placed: list[tuple[float, float, float]] = []  # (x0, x1, y) of each name placed, in display pixels
    for name, x, v in sorted(points, key=lambda p: -p[2]):
        text = _short(name)
        px, py = ax.transData.transform((x, v))
        east = px + 6 + per_char * len(text) <= right or px < (left + right) / 2
        x0, x1 = (px + 6, px + 6 + per_char * len(text)) if east else (px - 6 - per_char * len(text), px - 6)
        y = py
        for a, b, other in sorted(placed, key=lambda p: -p[2]):
            if a < x1 and x0 < b and abs(y - other) < height:
                y = other - height
        placed.append((x0, x1, y))
        points_per_pixel = 72 / fig.dpi  # offsets in points hold at any resolution the chart is saved at
        ax.annotate(text, (x, v), xytext=(6 if east else -6, (y - py) * points_per_pixel),
                    textcoords="offset points", fontsize=size, color=REFERENCE, ha="left" if east else "right",
                    va="center")  # fmt: skip


def _funnel_table(results: Results, table: pd.DataFrame) -> Table:
    """Every organisation's figure, z-score, limits and outcome, organisations in alphabetical order (not
    ranked) after the overall figure."""
    columns = ["Indicator", "Figure", "Organisation", "Value", "z", "95% low", "95% high", "99.8% low",
               "99.8% high", "Outcome"]  # fmt: skip
    order = table.assign(_all=table["org"] != ALL).sort_values(["_all", "org"], kind="stable")
    body = []
    for _, part in order.groupby(KEY, sort=False, dropna=False):
        for r in part.to_dict("records"):
            kind = value_kind(r["measure"])
            reference = r["org"] == ALL
            body.append(
                [
                    cell(r["indicator"]),
                    cell(" ".join(str(x) for x in (r["section"], r["breakdown"], r["group"]) if x)),
                    cell("All organisations" if reference else r["org"]),
                    cell(r["value"], kind),
                    cell(r["funnel_z"], "ratio_change"),
                    *(cell(r[name], kind) for name in LIMITS),
                    cell("overall (centre line)" if reference else r["funnel_outcome"] or "not placed"),
                ]
            )
    note = (
        "z: the organisation's distance from the overall figure in standard errors"
        + ("" if results.config.funnel_overdispersion == "none" else ", allowing for over-dispersion")
        + "; outside ±3.09 is outside the 99.8% limits (for percentages, whose limits are exact binomial "
        "ones, nearly so)."
    )
    return Table(
        "Funnel plots: each organisation against the overall figure", columns, body, note, sheet="Funnel"
    )
