"""Plain-text rendering in the official order, tables as ASCII grids.

Grid columns line up in a monospace terminal: characters of East Asian Width ``W`` or ``F``
count as two columns. Borders are ASCII (``+ - |``) because box-drawing characters are of
ambiguous width. Merged cells of the template are drawn as spanning cells (a rowspan's text
sits on its first line). A blank cell (not stated) is printed empty, never as 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import attrs

from govdisclosure.model import AnnualReport, Grid, Paragraph, Table2
from govdisclosure.zh import display_width, format_count, format_date, format_money, printable

from ._layout import (
    Cell,
    Heading,
    Memo,
    MoneyText,
    Role,
    Signature,
    TableLayout,
    Template,
    Text,
    fill,
    layout,
    outline_tables,
)

__all__ = ["render_grid", "render_text"]


def __dir__() -> list[str]:
    return __all__


def _pad(text: str, width: int, align: str) -> str:
    gap = width - display_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def _align(cell: Cell) -> str:
    if cell.role is Role.VALUE:
        return "right"
    if cell.role is Role.ROW:
        return "left"
    return "center"


def _clean(text: str) -> str:
    # A cell is one line of the grid: line breaks and tabs would break the columns.
    return " ".join(printable(text).split())


def _widths(table: TableLayout, texts: dict[int, str]) -> list[int]:
    """Column widths: each column fits its cells; a spanning cell widens its last column."""
    widths = [0] * table.n_cols
    for cell in sorted(table.cells, key=lambda c: c.colspan):
        need = display_width(texts[id(cell)])
        if cell.colspan == 1:
            widths[cell.col] = max(widths[cell.col], need)
            continue
        span = range(cell.col, cell.col + cell.colspan)
        have = sum(widths[c] for c in span) + 3 * (cell.colspan - 1)
        if need > have:
            widths[span[-1]] += need - have
    return widths


def render_grid(table: TableLayout) -> list[str]:
    """The table as lines of equal display width."""
    texts = {id(cell): _clean(cell.text) for cell in table.cells}
    return _draw(_geometry(table), _widths(table, texts), lambda cell, inner: _pad(
        texts[id(cell)], inner, _align(cell)))


@attrs.frozen(eq=False)
class _Geometry:
    """What a grid's drawing keeps whatever its column widths: each border line as its
    boundary characters and the fill of each column, each content line as its cells."""

    borders: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  #: the top one first
    #: each line's cells: (cell, first column, colspan, whether its text starts on the line)
    lines: tuple[tuple[tuple[Cell, int, int, bool], ...], ...]


def _geometry(table: TableLayout) -> _Geometry:
    occ = table.occupancy()
    n_rows, n_cols = table.n_rows, table.n_cols

    def vertical(r: int, b: int) -> bool:
        return 0 <= r < n_rows and (b in (0, n_cols) or occ[r][b - 1] is not occ[r][b])

    def border(r: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The line below row ``r`` (``r = -1``: the top border)."""
        horizontal = [
            r in (-1, n_rows - 1) or occ[r][c] is not occ[r + 1][c] for c in range(n_cols)
        ]
        chars: list[str] = []
        for b in range(n_cols + 1):
            side = (b > 0 and horizontal[b - 1]) or (b < n_cols and horizontal[b])
            upright = vertical(r, b) or vertical(r + 1, b)
            chars.append("+" if side and upright else "-" if side else "|" if upright else " ")
        return tuple(chars), tuple("-" if h else " " for h in horizontal)

    def line(r: int) -> tuple[tuple[Cell, int, int, bool], ...]:
        cells: list[tuple[Cell, int, int, bool]] = []
        c = 0
        while c < n_cols:
            cell = occ[r][c]
            cells.append((cell, c, cell.colspan, cell.row == r))
            c += cell.colspan
        return tuple(cells)

    return _Geometry(borders=tuple(border(r) for r in range(-1, n_rows)),
                     lines=tuple(line(r) for r in range(n_rows)))


_Shape = tuple[tuple[str, ...], tuple[str, ...]]


def _border(shape: _Shape, widths: Sequence[int], drawn: dict[_Shape, str]) -> str:
    """A border line of ``shape`` with ``widths`` (the lines of one drawing repeat: ``drawn``
    keeps each shape's)."""
    text = drawn.get(shape)
    if text is None:
        chars, fills = shape
        out = [chars[0]]
        for char, fill, width in zip(chars[1:], fills, widths, strict=True):
            out.append(fill * (width + 2))
            out.append(char)
        text = drawn[shape] = "".join(out)
    return text


def _draw(geometry: _Geometry, widths: Sequence[int],
          content_of: Callable[[Cell, int], str]) -> list[str]:
    """The grid with ``widths``; ``content_of(cell, inner)`` is a cell's padded text."""
    drawn: dict[_Shape, str] = {}

    def border(shape: _Shape) -> str:
        return _border(shape, widths, drawn)

    lines = [border(geometry.borders[0])]
    for cells, shape in zip(geometry.lines, geometry.borders[1:], strict=True):
        out: list[str] = []
        for cell, c, colspan, starts in cells:
            inner = sum(widths[c : c + colspan]) + 3 * (colspan - 1)
            out.append("| " + (content_of(cell, inner) if starts else " " * inner) + " ")
        out.append("|")
        lines.append("".join(out))
        lines.append(border(shape))
    return lines


# --- the skeleton drawn once per format, shape and column widths -----------------------


@attrs.frozen(eq=False)
class _Plan:
    """What the widths of a skeleton depend on, computed once, and its drawings by widths."""

    skeleton: TableLayout
    base: tuple[int, ...]  #: widths from the single-column labels
    #: (column, value indices) of the single-column values
    columns: tuple[tuple[int, tuple[int, ...]], ...]
    #: spanning cells in width order: (first column, colspan, label width or -1, value index)
    spans: tuple[tuple[int, int, int, int], ...]
    value_index: dict[int, int]  #: id(cell) → value index
    geometry: _Geometry
    #: each content line's cells: (first column, colspan, what: 0 the continuation of a
    #: rowspan, 1 a label, 2 a value; label text, label width, align, value index)
    lines: tuple[tuple[tuple[int, int, int, str, int, str, int], ...], ...]
    marked: bool  #: whether a label holds the slot mark (then drawn cell by cell)
    #: the widths when no value widens a column: the labels' alone
    label_widths: tuple[int, ...]
    #: the widest value that widens no column (the narrowest room a value has among them)
    room: int


_PLANS: dict[int, _Plan] = {}
#: (plan, column widths) → (the drawing, the inner width of each value's cell). The key
#: keeps its plan (and so the skeleton whose id keys the plan) alive.
_DRAWINGS: dict[tuple[_Plan, tuple[int, ...]], tuple[Template, tuple[int, ...]] | None] = {}
#: The text of a count (``""`` for a blank), plain and grouped; of an amount with its unit.
_COUNTS = (Memo(lambda n: "" if n is None else format_count(n)),
           Memo(lambda n: "" if n is None else format_count(n, group=True)))
_MONEY: tuple[MoneyText, MoneyText] = (
    lambda amount, unit: format_money(amount) + (unit or ""),
    lambda amount, unit: format_money(amount, group=True) + (unit or ""),
)


def _plan(skeleton: TableLayout) -> _Plan:
    plan = _PLANS.get(id(skeleton))
    if plan is None:
        index: dict[int, int] = {}
        for cell in skeleton.cells:
            if cell.role is Role.VALUE:
                index[id(cell)] = len(index)
        geometry = _geometry(skeleton)

        def entry(cell: Cell, c: int, colspan: int, starts: bool
                  ) -> tuple[int, int, int, str, int, str, int]:
            if not starts:
                return (c, colspan, 0, "", 0, "", -1)
            value = index.get(id(cell))
            if value is not None:
                return (c, colspan, 2, "", 0, "", value)
            text = _clean(cell.text)
            return (c, colspan, 1, text, display_width(text), _align(cell), -1)

        lines = tuple(tuple(entry(*cell) for cell in line) for line in geometry.lines)
        base = [0] * skeleton.n_cols
        columns: dict[int, list[int]] = {}
        spans: list[tuple[int, int, int, int]] = []
        for cell in sorted(skeleton.cells, key=lambda c: c.colspan):
            value = index.get(id(cell), -1)
            need = -1 if value >= 0 else display_width(_clean(cell.text))
            if cell.colspan > 1:
                spans.append((cell.col, cell.colspan, need, value))
            elif value >= 0:
                columns.setdefault(cell.col, []).append(value)
            else:
                base[cell.col] = max(base[cell.col], need)
        # A spanning label that fits over the label widths of its columns always fits: the
        # widths only grow from there.
        spans = [
            (col, colspan, need, value) for col, colspan, need, value in spans
            if value >= 0 or need > sum(base[col : col + colspan]) + 3 * (colspan - 1)
        ]
        # The widths from the labels alone, and the room each value has in them: a value
        # no wider than every room widens nothing (the spans run as without values).
        widths = list(base)
        rooms = [base[col] for col, values in columns.items() for _ in values]
        for col, colspan, need, value in spans:
            have = sum(widths[col : col + colspan]) + 3 * (colspan - 1)
            if value >= 0:
                rooms.append(have)
            elif need > have:
                widths[col + colspan - 1] += need - have
        if len(_PLANS) > 1024:
            _PLANS.clear()
        plan = _PLANS[id(skeleton)] = _Plan(
            skeleton, tuple(base), tuple((c, tuple(v)) for c, v in columns.items()),
            tuple(spans), index, geometry, lines, "\x00" in _labels(skeleton), tuple(widths),
            min(rooms, default=0))
    return plan


def _widen(plan: _Plan, need: list[int]) -> tuple[int, ...]:
    """The column widths that fit the labels and values of ``need`` widths (as
    :func:`_widths` computes them cell by cell)."""
    widths = list(plan.base)
    for col, values in plan.columns:
        widths[col] = max(widths[col], *map(need.__getitem__, values))
    for col, colspan, label, value in plan.spans:
        want = label if value < 0 else need[value]
        have = sum(widths[col : col + colspan]) + 3 * (colspan - 1)
        if want > have:
            widths[col + colspan - 1] += want - have
    return tuple(widths)


def _drawing(plan: _Plan, widths: tuple[int, ...]) -> tuple[Template, tuple[int, ...]] | None:
    """The skeleton drawn with ``widths`` and the inner width of each value's cell (``None``
    if a label holds the slot mark: then the table is drawn cell by cell)."""
    key = (plan, widths)
    if key in _DRAWINGS:
        return _DRAWINGS[key]
    # _draw with the skeleton's cells resolved once: literal text up to each value, the
    # value's inner width, and its index (a test holds this to render_grid's drawing).
    inners = [0] * len(plan.value_index)
    template = None
    if not plan.marked:
        borders = plan.geometry.borders
        drawn: dict[_Shape, str] = {}
        pieces: list[str] = []
        order: list[int] = []
        run = [_border(borders[0], widths, drawn)]
        for cells, shape in zip(plan.lines, borders[1:], strict=True):
            run.append("\n")
            for c, colspan, what, text, width, align, value in cells:
                inner = widths[c] if colspan == 1 else (
                    sum(widths[c : c + colspan]) + 3 * (colspan - 1))
                if what == 2:
                    run.append("| ")
                    pieces.append("".join(run))
                    run = [" "]
                    order.append(value)
                    inners[value] = inner
                elif what == 0:
                    run.append("| " + " " * inner + " ")
                else:
                    gap = inner - width
                    if align == "right":
                        run.append("| " + " " * gap + text + " ")
                    elif align == "center":
                        run.append("| " + " " * (gap // 2) + text + " " * (gap - gap // 2) + " ")
                    else:
                        run.append("| " + text + " " * gap + " ")
            run.append("|\n")
            run.append(_border(shape, widths, drawn))
        pieces.append("".join(run))
        template = Template(pieces, order)
    entry = None if template is None else (template, tuple(inners))
    if len(_DRAWINGS) > 512:  # about 10 KB each
        _DRAWINGS.clear()
    _DRAWINGS[key] = entry
    return entry


def _fast_grid(table: Table2 | Grid, group: bool) -> str:
    blank, texts = fill(table, _COUNTS[group], _MONEY[group])
    plan = _plan(blank)
    # Only an amount's unit (16万) is ever wide, and only table 二 holds amounts.
    wide = isinstance(table, Table2) and not "".join(texts).isascii()
    need = [display_width(t) for t in texts] if wide else list(map(len, texts))
    entry = _drawing(plan, plan.label_widths if max(need, default=0) <= plan.room
                     else _widen(plan, need))
    if entry is None:
        return "\n".join(render_grid(layout(table, group=group)))
    template, inners = entry
    if wide:
        return template.fill(list(map(_pad, texts, inners, ["right"] * len(texts))))
    return template.fill(list(map(str.rjust, texts, inners)))


def _labels(table: TableLayout) -> str:
    """Every label of ``table`` in one string (to check for the slot mark)."""
    return "".join(c.text for c in table.cells)


def _parts(report: AnnualReport, group: bool) -> Iterator[str]:
    # Report text reaches a terminal: no ESC sequence or control character gets through.
    for part in outline_tables(report):
        if isinstance(part, Paragraph | Heading | Text):
            yield printable(part.text)
        elif isinstance(part, Table2 | Grid):
            yield _fast_grid(part, group)
        elif isinstance(part, Signature):
            lines = [printable(part.body)]
            if part.date is not None:
                lines.append(format_date(part.date))
            yield "\n".join(lines)


def render_text(report: AnnualReport, *, group: bool = False) -> str:
    """The whole report as plain text: title, 文号, sections 一 to 六, signature block.

    Control characters and bidirectional controls of the report's text are removed
    (:func:`govdisclosure.zh.printable`).
    """
    return "\n\n".join(_parts(report, group)) + "\n"
