"""Tables that fit the terminal without cutting a figure.

Every column of a :class:`Sheet` is given an explicit width before rich draws it. Figure columns are as wide as
their longest line and never wrap; only text columns (labels, names, prose) narrow, and never below their longest
word, so that they wrap at word boundaries. When even that does not fit, :meth:`Sheet.table` returns None and the
caller picks another layout (stacked groups, intervals under figures, two tables instead of one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

PLAIN = {
    "box": box.SIMPLE_HEAD,
    "show_edge": False,
    "pad_edge": False,
    "padding": (0, 1, 0, 0),
}


@dataclass
class Col:
    """One column: a header, how to align it, and whether it holds figures (never wrapped, never cut)."""

    header: str = ""
    justify: str = "left"
    figure: bool = False
    max_width: int | None = None  # text columns: wrap within this width even when the terminal has room
    min_width: int = 0  # text columns: narrower than this, another layout reads better (a word per line)
    fold_beyond: int | None = None  # text columns: a word longer than this may be folded (never a figure)
    style: str = ""


@dataclass
class Sheet:
    """Columns and rows, laid out against a width only when asked (:meth:`table`)."""

    columns: Sequence[Col]
    options: dict = field(default_factory=dict)
    title: str = ""  # a line above the table
    after: list[str] = field(default_factory=list)  # lines under it (e.g. what moved out of the table)
    rows: list[tuple[list[RenderableType], str, bool]] = field(default_factory=list)

    def add_row(self, *cells: RenderableType | None, style: str = "", end_section: bool = False) -> None:
        self.rows.append(([as_cell(c) for c in cells], style, end_section))

    def end_section(self) -> None:
        """Leave a blank line after the last row (between the blocks of a stacked layout)."""
        if self.rows:
            cells, style, _ = self.rows[-1]
            self.rows[-1] = (cells, style, True)

    def table(self, width: int, console: Console, *, force: bool = False) -> Table | None:
        """A rich Table no wider than ``width``, or None when one cannot be had without cutting something.

        ``force``: the narrowest table there is, even if wider than ``width`` (a line may run long; nothing is
        cut), for a last layout that must be shown."""
        options = {**PLAIN, **self.options}
        ranges = [self._measure(i, console) for i in range(len(self.columns))]
        room = width - _overhead(Table(*(c.header for c in self.columns), **options))
        widths = _allocate(ranges, [c.figure for c in self.columns], room)
        if widths is None:
            if not force:
                return None
            widths = [low for low, _ in ranges]
        table = Table(**options)
        for col, w, (low, _) in zip(self.columns, widths, ranges, strict=True):
            header = _justified(Text(wrap_words(col.header, w)), w, col.justify) if col.figure else col.header
            # a figure column never wraps and never cuts ("ignore"), so its cells are justified here
            table.add_column(
                header,
                justify=col.justify,
                style=col.style,
                width=w,
                min_width=low if col.figure else None,
                no_wrap=col.figure,
                overflow="ignore" if col.figure else "fold",
            )
        for cells, style, end_section in self.rows:
            cells = [
                _justified(cell, w, col.justify) if col.figure and isinstance(cell, Text) else cell
                for cell, col, w in zip(cells, self.columns, widths, strict=False)
            ]
            table.add_row(*cells, style=style or None, end_section=end_section)
        measured = Measurement.get(console, console.options.update_width(max(width, 1)), table)
        if measured.maximum > width and not force:
            return None
        return table

    def _measure(self, index: int, console: Console) -> tuple[int, int]:
        """(narrowest, widest) content width of a column, header included."""
        col = self.columns[index]
        cells = [row[0][index] for row in self.rows if index < len(row[0])]
        header_words = col.header.split()
        low = max((cell_len(w) for w in header_words), default=0)
        high = max((cell_len(line) for line in col.header.splitlines()), default=0)
        options = console.options.update_width(10_000)
        for cell in cells:
            if col.figure:
                longest = max((cell_len(line) for line in _plain(cell).splitlines()), default=0)
                low, high = max(low, longest), max(high, longest)
            else:
                m = Measurement.get(console, options, cell)
                low, high = max(low, m.minimum), max(high, m.maximum)
        if not col.figure:
            low = max(low, min(col.min_width, high))
            if col.fold_beyond is not None:
                low = min(low, max(col.fold_beyond, 1))
            if col.max_width is not None:
                high = min(high, max(col.max_width, low))
        return low, max(high, low)


def as_cell(value: RenderableType | None) -> RenderableType:
    """Strings become plain Text: a figure such as '[1]' or a name with brackets is never read as markup."""
    if value is None:
        return Text("")
    return Text(value) if isinstance(value, str) else value


def indent(value: RenderableType | str, level: int = 1) -> Padding:
    """A cell shifted right by two spaces per level (groups under an indicator, orgs under a heading)."""
    return Padding(as_cell(value), (0, 0, 0, 2 * level))


def wrap_words(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` cells (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def fitted(layouts: Sequence[Sheet | Sequence[Sheet]], width: int, console: Console) -> list[RenderableType]:
    """The first layout whose every sheet fits ``width``, as titles, tables, the lines under them and a blank
    line. When none does, the last layout at its narrowest (a line may then run long; nothing is cut)."""
    choice: list[tuple[Sheet, Table]] = []
    for layout in layouts:
        sheets = [layout] if isinstance(layout, Sheet) else list(layout)
        tables = [sheet.table(width, console) for sheet in sheets]
        if all(t is not None for t in tables):
            choice = [(s, t) for s, t in zip(sheets, tables, strict=True) if t is not None]
            break
    else:
        last = layouts[-1]
        sheets = [last] if isinstance(last, Sheet) else list(last)
        choice = [(s, t) for s in sheets if (t := s.table(width, console, force=True)) is not None]
    out: list[RenderableType] = []
    for sheet, table in choice:
        if sheet.title:
            out.append(Text(sheet.title, style="italic"))
        out.append(table)
        out += [Text(line, style="italic") for line in sheet.after]
        out.append(Text(""))
    return out


def _justified(text: Text, width: int, justify: str) -> Text:
    """``text`` with every line padded to ``width`` on the side ``justify`` says (longer lines left whole)."""
    lines = text.split("\n", allow_blank=True)
    for line in lines:
        pad = width - cell_len(line.plain)
        if pad <= 0:
            continue
        if justify == "right":
            line.pad_left(pad)
        elif justify == "center":
            line.pad_left(pad // 2)
            line.pad_right(pad - pad // 2)
        else:
            line.pad_right(pad)
    return Text("\n").join(lines)


def _plain(cell: RenderableType) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, Padding):
        return _plain(cell.renderable)
    return str(cell)


def _overhead(table: Table) -> int:
    """Cells of a row that are not content: padding, and the box's edges and dividers (as rich counts them)."""
    _, right, _, left = table.padding
    n = len(table.columns)
    pads = 0
    for i in range(n):
        pads += (left if (i > 0 or table.pad_edge) else 0) + (right if (i < n - 1 or table.pad_edge) else 0)
    edges = (2 if table.box and table.show_edge else 0) + ((n - 1) if table.box else 0)
    return pads + edges


def _allocate(ranges: list[tuple[int, int]], figure: list[bool], room: int) -> list[int] | None:
    """Widths within ``room``: every column at its widest if it fits; otherwise text columns narrow first (the
    widest first), then figure columns down to their longest value (only their headers wrap). None when the
    narrowest widths do not fit."""
    widths = [high for _, high in ranges]
    excess = sum(widths) - room
    if excess <= 0:
        return widths
    if sum(low for low, _ in ranges) > room:
        return None
    while excess > 0:
        i = max(
            (i for i, (low, _) in enumerate(ranges) if widths[i] > low),
            key=lambda i: (not figure[i], widths[i]),
        )
        widths[i] -= 1
        excess -= 1
    return widths
