"""Charts as SVG text, and as PNG images for Word (matplotlib, imported on first use): a colour-blind-safe
palette (Okabe–Ito), a title, axis labels and a text alternative (``<title>`` and ``aria-label``) on every chart.

Each function takes plain numbers and labels; values withheld by suppression or not calculable are passed as
None, left out of the drawing, and named in the chart's note.

Charts are drawn on matplotlib Figure objects, not through pyplot, and the house style applies only while a
chart is drawn (``rc_context``): building a report changes no matplotlib setting, backend or list of open
figures in the process that builds it (a notebook, a web application).
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

WHITE, BME, UNKNOWN = "#0072B2", "#E69F00", "#999999"  # Okabe–Ito blue and orange; neutral grey
COLOURS = {"White": WHITE, "BME": BME, "Unknown": UNKNOWN}
REFERENCE, BAND = "#D55E00", "#F0E442"  # vermillion reference lines, yellow band
ACCENT = "#009E73"
PNG_DPI = 200  # print quality at the width of an A4 page
_PNG: ContextVar[bool] = ContextVar("png", default=False)  # also render each chart as PNG (see _styled)
WIDTH = 7.4  # inches: fits an A4 page with margins
STYLE = {  # matplotlib settings while a chart is drawn and saved (see _styled)
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "svg.fonttype": "none",
    "svg.hashsalt": "wres",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.family": "DejaVu Sans",
}


@dataclass
class Chart:
    """One chart: its SVG (empty when there was nothing to draw), title, text alternative and a note."""

    key: str
    title: str
    alt: str
    svg: str = ""
    notes: list[str] = field(default_factory=list)
    png: bytes = b""  # the same chart as a PNG image, when asked for (``png=True``)

    @property
    def note(self) -> str:
        return " ".join(self.notes)


def _styled(draw: Callable[..., Chart]) -> Callable[..., Chart]:
    """Draw under the house style, inside ``matplotlib.rc_context``: matplotlib's settings are the caller's
    again afterwards, so a notebook or application that builds a report keeps its own. ``png=True`` renders
    the chart as a PNG image as well (for Word)."""

    @functools.wraps(draw)
    def styled(*args: Any, png: bool = False, **kwargs: Any) -> Chart:
        import matplotlib

        token = _PNG.set(png)
        try:
            with matplotlib.rc_context(STYLE):
                return draw(*args, **kwargs)
        finally:
            _PNG.reset(token)

    return styled


def _figure(height: float):
    """A figure of the report's width and one axes, made without pyplot (no backend chosen, no figure kept in
    pyplot's list of open figures)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH, height))
    return fig, fig.subplots()


def _box(**style: Any):
    """A legend swatch."""
    from matplotlib.patches import Rectangle

    return Rectangle((0, 0), 1, 1, **style)


def _render(fig, chart: Chart) -> None:
    """The figure as the chart's SVG and, when asked for, its PNG."""
    chart.svg = _svg(fig, chart)
    if _PNG.get():
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
        chart.png = buffer.getvalue()


def _svg(fig, chart: Chart) -> str:
    """The figure as inline SVG: no XML prolog or metadata, ids made unique per chart, title and aria-label."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    prefix = f"{chart.key}-"
    text = re.sub(r'\bid="', f'id="{prefix}', text)
    text = re.sub(r'href="#', f'href="#{prefix}', text)
    text = re.sub(r"url\(#", f"url(#{prefix}", text)
    label = html.escape(chart.alt, quote=True)
    head = f'<svg role="img" aria-labelledby="{prefix}title" aria-label="{label}" '
    text = text.replace("<svg ", head, 1)
    close = text.index(">", text.index("<svg")) + 1
    return (
        text[:close] + f'<title id="{prefix}title">{html.escape(chart.title)}. {label}</title>' + text[close:]
    )


def missing(value) -> bool:
    """True for a value not drawn: None, NaN, or text that suppression put in place of a number."""
    return value is None or isinstance(value, str) or value != value


@_styled
def band_shares(
    key: str, title: str, bands: list[str], shares: list[dict[str, float | None]], reference: float | None
) -> Chart:
    """Stacked horizontal bars of the BME / White / Unknown share in each band, with the workforce-wide
    BME share as a reference line. A band's withheld shares are drawn together as one hatched segment."""
    alt_parts = []
    for band, share in zip(bands, shares, strict=True):
        shown = ", ".join(
            f"{g} {share[g]:.1f}%" for g in ("BME", "White", "Unknown") if not missing(share.get(g))
        )
        alt_parts.append(f"{band}: {shown or 'withheld'}")
    ref_text = f"; the BME share of the whole workforce is {reference:.1f}%" if not missing(reference) else ""
    chart = Chart(
        key, title, f"Share of staff by ethnic group in each band{ref_text}. " + "; ".join(alt_parts)
    )
    if not bands:
        chart.notes.append("No staff in this group.")
        return chart
    fig, ax = _figure(0.8 + 0.28 * len(bands))
    y = list(range(len(bands)))[::-1]
    hidden_any = False
    for row, share in zip(y, shares, strict=True):
        left = 0.0
        for group in ("BME", "White", "Unknown"):
            value = share.get(group)
            if missing(value):
                continue
            ax.barh(row, value, left=left, color=COLOURS[group], height=0.7, edgecolor="white", linewidth=0.5)
            left += value
        if left < 99.95 and any(missing(share.get(g)) for g in ("BME", "White", "Unknown")):
            hidden_any = True
            ax.barh(
                row,
                100 - left,
                left=left,
                color="white",
                hatch="////",
                edgecolor="#666666",
                height=0.7,
                linewidth=0.5,
            )
    if not missing(reference):
        ax.axvline(reference, color=REFERENCE, linestyle="--", linewidth=1.2)
    ax.set_yticks(y, bands)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of staff in the band")
    ax.set_ylabel("Pay band / grade")
    ax.set_title(title, loc="left")
    handles = [_box(color=COLOURS[g]) for g in ("BME", "White", "Unknown")]
    labels = ["BME", "White", "Unknown"]
    if hidden_any:
        handles.append(_box(facecolor="white", hatch="////", edgecolor="#666666"))
        labels.append("Withheld (small numbers)")
        chart.notes.append("Hatched segments are shares withheld because they would reveal a small count.")
    if not missing(reference):
        from matplotlib.lines import Line2D

        handles.append(Line2D([0], [0], color=REFERENCE, linestyle="--"))
        labels.append(f"BME share of workforce ({reference:.1f}%)")
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.5 / (0.8 + 0.28 * len(bands)) - 0.08),
        ncol=len(labels),
        frameon=False,
        fontsize=8,
    )
    _render(fig, chart)
    return chart


@_styled
def dot_intervals(
    key: str,
    title: str,
    items: list[tuple[str, float | None, float | None, float | None]],
    *,
    xlabel: str = "Relative likelihood (log scale; 1.00 = equal)",
    band: tuple[float, float] | None = None,
    highlight: str | None = None,
) -> Chart:
    """Dots with interval bars on a log scale, the 1.00 line, and the optional descriptive band.
    ``items`` are (label, value, low, high); a None value is left out and named in the note."""
    drawn = [(label, v, lo, hi) for label, v, lo, hi in items if not missing(v) and v > 0]
    skipped = [label for label, v, *_ in items if missing(v) or v <= 0]
    alt = "; ".join(
        f"{label}: {v:.2f}" + (f" ({lo:.2f} to {hi:.2f})" if not (missing(lo) or missing(hi)) else "")
        for label, v, lo, hi in drawn
    )
    chart = Chart(
        key,
        title,
        (alt or "No figure to draw") + ". Values above 1 mean the first-named group is more likely.",
    )
    if skipped:
        chart.notes.append(f"Not drawn (withheld, not calculable or not computed): {'; '.join(skipped)}.")
    if not drawn:
        return chart
    fig, ax = _figure(0.9 + 0.38 * len(drawn))
    y = list(range(len(drawn)))[::-1]
    values = [v for _, v, *_ in drawn]
    bounds = [b for _, _, lo, hi in drawn for b in (lo, hi) if not missing(b) and b > 0]
    low, high = min([*values, *bounds, 0.8]), max([*values, *bounds, 1.25])
    if band:
        ax.axvspan(
            band[0],
            band[1],
            color=BAND,
            alpha=0.35,
            linewidth=0,
            label=f"band {band[0]:.2f}–{band[1]:.2f} (descriptive)",
        )
        low, high = min(low, band[0]), max(high, band[1])
    ax.axvline(1.0, color="black", linewidth=1, label="1.00 = equal likelihood")
    for row, (label, v, lo, hi) in zip(y, drawn, strict=True):
        colour = REFERENCE if highlight and label == highlight else WHITE
        if not (missing(lo) or missing(hi)):
            ax.plot([lo, hi], [row, row], color=colour, linewidth=2, solid_capstyle="butt")
        ax.plot([v], [row], "o", color=colour, markersize=7)
        ax.annotate(f"{v:.2f}", (v, row), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(low / 1.15, high * 1.15)
    ticks = [
        t for t in (0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3, 4, 6, 8) if low / 1.15 <= t <= high * 1.15
    ]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(y, [label for label, *_ in drawn])
    ax.set_ylim(-0.7, len(drawn) - 0.3)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.55 / (0.9 + 0.38 * len(drawn)) - 0.12),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    _render(fig, chart)
    return chart


@_styled
def paired_bars(
    key: str, title: str, items: list[tuple[str, dict[str, tuple]]], *, ylabel: str = "% of respondents"
) -> Chart:
    """White and BME bars side by side per item with interval whiskers. ``items`` are
    (label, {group: (value, low, high)})."""
    alt, skipped = [], []
    for label, groups in items:
        parts = [
            f"{g} {groups[g][0]:.1f}%" for g in ("White", "BME") if g in groups and not missing(groups[g][0])
        ]
        alt.append(f"{label}: {', '.join(parts) or 'withheld'}")
        if len(parts) < 2:
            skipped.append(label)
    chart = Chart(key, title, "; ".join(alt) or "No figure to draw")
    if skipped:
        chart.notes.append(
            f"Some bars are not drawn (withheld, not calculable or not computed): {'; '.join(skipped)}."
        )
    if not any(not missing(g[0]) for _, groups in items for g in groups.values()):
        return chart
    fig, ax = _figure(3.2)
    width = 0.38
    for offset, group in ((-width / 2, "White"), (width / 2, "BME")):
        for i, (_, groups) in enumerate(items):
            value, low, high = groups.get(group, (None, None, None))
            if missing(value):
                continue
            ax.bar(i + offset, value, width, color=COLOURS[group])
            if not (missing(low) or missing(high)):
                ax.errorbar(
                    i + offset,
                    value,
                    yerr=[[value - low], [high - value]],
                    color="black",
                    capsize=3,
                    linewidth=1,
                )
            ax.annotate(
                f"{value:.1f}%",
                (i + offset, value if missing(high) else high),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                va="bottom",
                fontsize=7,
            )
    handles = [_box(color=COLOURS[g]) for g in ("White", "BME")]
    ax.legend(handles, ["White", "BME"], frameon=False, loc="upper right")
    ax.set_xticks(range(len(items)), [label for label, _ in items], fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("Indicator")
    ax.set_ylim(
        0,
        max(
            100 if "equal" in " ".join(label for label, _ in items).lower() else 0,
            max(
                (g[2] if not missing(g[2]) else g[0])
                for _, groups in items
                for g in groups.values()
                if not missing(g[0])
            )
            * 1.2,
        ),
    )
    ax.set_title(title, loc="left")
    _render(fig, chart)
    return chart


@_styled
def share_bars(
    key: str,
    title: str,
    items: list[tuple[str, float | None, float | None, float | None]],
    *,
    xlabel: str = "% BME",
) -> Chart:
    """Horizontal bars of a BME share with interval whiskers (board vs workforce)."""
    drawn = [i for i in items if not missing(i[1])]
    chart = Chart(
        key, title, "; ".join(f"{label}: {v:.1f}% BME" for label, v, *_ in drawn) or "No figure to draw"
    )
    skipped = [label for label, v, *_ in items if missing(v)]
    if skipped:
        chart.notes.append(f"Not drawn (withheld, not calculable or not computed): {'; '.join(skipped)}.")
    if not drawn:
        return chart
    fig, ax = _figure(0.9 + 0.4 * len(drawn))
    y = list(range(len(drawn)))[::-1]
    for row, (_label, v, lo, hi) in zip(y, drawn, strict=True):
        colour = BME if row == y[0] else ACCENT
        ax.barh(row, v, color=colour, height=0.6)
        if not (missing(lo) or missing(hi)):
            ax.errorbar(v, row, xerr=[[v - lo], [hi - v]], color="black", capsize=3, linewidth=1)
        ax.annotate(f"{v:.1f}%", (v, row), textcoords="offset points", xytext=(4, -10), fontsize=8)
    ax.axvline(drawn[0][1], color=REFERENCE, linestyle="--", linewidth=1.2)
    ax.set_yticks(y, [label for label, *_ in drawn])
    ax.set_xlim(0, max(max(hi if not missing(hi) else v for _, v, _, hi in drawn) * 1.15, 10))
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    _render(fig, chart)
    return chart


@_styled
def trend_lines(
    key: str,
    title: str,
    years: list[int],
    series: dict[str, list[tuple]],
    *,
    ylabel: str,
    log: bool = False,
    reference: float | None = None,
) -> Chart:
    """One line per series over the years, with interval whiskers; ``series`` maps a label to
    (value, low, high) per year (None where withheld)."""
    alt = []
    for label, points in series.items():
        shown = [
            f"{y}: {p[0]:.2f}" if log else f"{y}: {p[0]:.1f}"
            for y, p in zip(years, points, strict=True)
            if not missing(p[0])
        ]
        alt.append(f"{label} — {', '.join(shown) or 'withheld'}")
    chart = Chart(key, title, "; ".join(alt))
    absent = [
        f"{label} {y}"
        for label, points in series.items()
        for y, p in zip(years, points, strict=True)
        if missing(p[0])
    ]
    if absent:
        chart.notes.append(f"Not drawn (withheld or not calculable): {', '.join(absent)}.")
    if all(missing(p[0]) for points in series.values() for p in points):
        return chart
    fig, ax = _figure(2.6)
    palette = [BME, WHITE, ACCENT, "#CC79A7", "#56B4E9", REFERENCE]
    for colour, (label, points) in zip(palette, series.items(), strict=False):
        xs = [y for y, p in zip(years, points, strict=True) if not missing(p[0])]
        vs = [p[0] for p in points if not missing(p[0])]
        ax.plot(xs, vs, "o-", color=colour, label=label)
        for x, p in zip(years, points, strict=True):
            if not any(missing(v) for v in p):
                ax.plot([x, x], [p[1], p[2]], color=colour, linewidth=1.5, alpha=0.7)
    if reference is not None:
        ax.axhline(reference, color="black", linewidth=1)
    if log:
        ax.set_yscale("log")
        ax.minorticks_off()
        low, high = ax.get_ylim()
        ticks = [
            t for t in (0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 6, 8) if low <= t <= high
        ]
        ax.set_yticks(ticks, [f"{t:.2f}" for t in ticks])
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xlabel("Reporting year (31 March)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    ax.legend(frameon=False, fontsize=8, loc="best")
    _render(fig, chart)
    return chart
