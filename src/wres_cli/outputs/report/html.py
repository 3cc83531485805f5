"""The report as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts, fonts or images
fetched from anywhere. Printed (or turned into PDF) on A4, the summary fills the first page on its own and the
appendices follow from the second, without a forced break between them."""

from __future__ import annotations

from html import escape

from wres_cli.outputs.report.model import Chart, Notes, Report, Section, Table, display

NUMERIC = {"count", "percent", "ratio", "points", "ratio_change", "p", "int"}

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --band: #f3f3f3; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 60rem; padding: 1.5rem; line-height: 1.4; font-size: 10.5pt; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.subtitle, .note, figcaption { color: var(--muted); }
.notice { border: 1px solid #E69F00; background: #fff7e6; padding: .6rem .8rem; }
nav ol { columns: 2; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: 9pt; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .2rem .4rem; vertical-align: top; text-align: left; }
th { background: var(--band); }
td.token { overflow-wrap: anywhere; font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: 8pt; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.withheld { color: var(--muted); font-style: italic; }
figure { margin: .8rem 0; }
figure svg { width: 100%; height: auto; }
.alt { font-size: 8.5pt; }
.summary h2 { margin-top: .8rem; }
.summary table { font-size: 8.5pt; }
.summary td:nth-child(2) { font-weight: 600; }
.summary td.range { white-space: nowrap; }
.notes { font-size: 8.5pt; color: var(--muted); }
.notes h3 { font-size: 9pt; color: var(--ink); margin: .6rem 0 .2rem; }
.notes p { margin: .15rem 0; }
@page { size: A4; margin: 12mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  nav { display: none; }
  h1 { font-size: 15pt; }
  section.summary { break-after: page; }
  section.summary h2 { margin-top: .4rem; }
  .summary table { font-size: 8pt; }
  .summary td, .summary th { padding: .15rem .3rem; }
  .notes { font-size: 8pt; }
  section.appendix h2 { margin-top: 1.2rem; }
  figure, caption, h2, h3 { break-inside: avoid; break-after: avoid; }
  figure { break-inside: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def render(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
    ]
    if report.notice:
        parts.append(f'<p class="notice" role="note">{escape(report.notice)}</p>')
    parts += ["</header>", "<main>"]
    for n, section in enumerate(report.sections):
        if n == 1:  # the contents of the appendices, on screen only
            parts.append('<nav aria-label="Appendices"><ol>')
            parts += [f'<li><a href="#{s.key}">{escape(s.heading)}</a></li>' for s in report.sections[1:]]
            parts.append("</ol></nav>")
        parts += section_html(section)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def section_html(section: Section) -> list[str]:
    kind = "appendix" if section.appendix else "summary"
    parts = [f'<section id="{section.key}" class="{kind}">', f"<h2>{escape(section.heading)}</h2>"]
    parts += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    for block in section.blocks:
        if isinstance(block, Chart):
            parts.append(chart_html(block))
        elif isinstance(block, Notes):
            parts.append(notes_html(block))
        else:
            parts.append(table_html(block))
    parts.append("</section>")
    return parts


def notes_html(notes: Notes) -> str:
    head = f"<h3>{escape(notes.title)}</h3>" if notes.title else ""
    return f'<div class="notes">{head}{"".join(f"<p>{escape(p)}</p>" for p in notes.paragraphs)}</div>'


def table_html(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for value, kind in row:
            classes = []
            if kind in NUMERIC:
                classes.append("num")
                if isinstance(value, str):
                    classes.append("withheld")
            elif isinstance(value, str) and len(value) > 32 and " " not in value:
                classes.append("token")  # a digest or long path may wrap anywhere rather than widen the table
            elif isinstance(value, str) and len(value) < 24 and ("–" in value or " to " in value):
                classes.append("range")  # an interval ('1.44–1.79') is not broken over lines
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{escape(display(value, kind))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (
        f"<table><caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{note}"
    )


def chart_html(chart: Chart) -> str:
    note = f" {escape(chart.note)}" if chart.note else ""
    if not chart.svg:
        return (
            f'<figure><h3>{escape(chart.title)}</h3><p class="alt">Nothing to draw: {escape(chart.alt)}.{note}'
            "</p></figure>"
        )
    return (
        f'<figure aria-label="{escape(chart.title)}">{chart.svg}'
        f'<figcaption class="alt"><strong>{escape(chart.title)}.</strong> {escape(chart.alt)}{note}</figcaption>'
        "</figure>"
    )
