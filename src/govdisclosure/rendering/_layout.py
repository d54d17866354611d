"""The printed layout of tables 二、三、四 and the order of a report, shared by every renderer.

A table is laid out as a :class:`TableLayout`: a rectangle of logical rows and columns and the
cells anchored in it with their ``rowspan``/``colspan``, exactly as in the template (spec
``format.md`` §4–§5). Spans are computed from the label paths of the format's axes, so a
format variant with an extra category gets its row or column, and the spans around it, with
no change here.

A ``GROUP`` row or column (not printed in the template) gets a line of its own only when the
report states a value for it: the line sits first under the group's spanning label, a row
with an empty label of its own (so its label path still reads as the group's), a column of
table 三 headed :data:`~govdisclosure.formats.GROUP_COLUMN` (``小计``), which page text keeps.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from govdisclosure import categories
from govdisclosure.formats import (
    GROUP_COLUMN,
    SECTION_HEADINGS,
    T2_ROW_HEADER,
    TABLE3_NOTE,
    ReportFormat,
    ValueKind,
)
from govdisclosure.layout import Axis, Kind, Node
from govdisclosure.model import AnnualReport, Grid, Paragraph, Section, Table2, Table3, Table4
from govdisclosure.zh import format_count, format_money

__all__ = [
    "ROW_HEADER_LABEL",
    "SLOT",
    "Cell",
    "Heading",
    "Memo",
    "MoneyText",
    "Part",
    "Role",
    "Signature",
    "TableLayout",
    "Template",
    "Text",
    "default_title",
    "fill",
    "layout",
    "outline",
    "outline_tables",
    "skeleton",
]


def __dir__() -> list[str]:
    return __all__


#: Header of the label column of each table 二 block. The template prints it but
#: formats.py does not declare it (yet).
ROW_HEADER_LABEL = T2_ROW_HEADER


class Role(enum.Enum):
    """What a cell of a laid-out table is."""

    NOTE = "note"  #: the top-left cell of table 三 (the printed 勾稽 note)
    BLOCK = "block"  #: a full-width block heading of table 二 (第二十条第（一）项)
    COLUMN = "column"  #: a column header
    ROW = "row"  #: a row header (label)
    VALUE = "value"  #: a data cell


@attrs.frozen(kw_only=True)
class Cell:
    """One cell anchored at ``(row, col)``; ``place`` = (row path, column path) of a value."""

    text: str
    role: Role
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    numeric: bool = False
    #: the value as plain digits (``"1234"``, ``"4166.241619"``); ``None`` for a blank
    raw: str | None = None
    place: tuple[str, str] | None = None


@attrs.frozen(kw_only=True)
class TableLayout:
    """A table as printed: ``n_rows`` × ``n_cols`` and the cells anchored in it."""

    name: str  #: 二, 三 or 四
    n_rows: int
    n_cols: int
    header_rows: int  #: leading rows that are column headers (``<thead>``)
    label_cols: int  #: leading columns that are row labels
    cells: tuple[Cell, ...]

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        """The cells anchored in each row, left to right."""
        by_row: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            by_row[cell.row].append(cell)
        for line in by_row:
            yield tuple(sorted(line, key=lambda c: c.col))

    def occupancy(self) -> list[list[Cell]]:
        """For each position, the cell covering it (every position is covered once)."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    assert grid[r][c] is None, (self.name, r, c)
                    grid[r][c] = cell
        out: list[list[Cell]] = []
        for r, line in enumerate(grid):
            missing = [c for c, cell in enumerate(line) if cell is None]
            assert not missing, (self.name, r, missing)
            out.append([cell for cell in line if cell is not None])
        return out


# --- spans from label paths ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Span:
    level: int  #: depth of the label (0 = outermost)
    start: int  #: first line it covers
    lines: int  #: number of lines it covers
    levels: int  #: number of levels it covers (a leaf spans to the innermost level)
    text: str


def _spans(paths: Sequence[tuple[str, ...]]) -> tuple[int, list[_Span]]:
    """Merged label cells over consecutive lines sharing a path prefix, and the depth."""
    depth = max((len(p) for p in paths), default=0)
    spans: list[_Span] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:
                i += 1
                continue
            if len(path) == level + 1:
                spans.append(_Span(level=level, start=i, lines=1, levels=depth - level,
                                   text=path[level]))
                i += 1
                continue
            j = i + 1
            prefix = path[: level + 1]
            while j < len(paths) and len(paths[j]) > level + 1 and paths[j][: level + 1] == prefix:
                j += 1
            spans.append(_Span(level=level, start=i, lines=j - i, levels=1, text=path[level]))
            i = j
    return depth, spans


def _lines(axis: Axis, path: Callable[[Node], tuple[str, ...]],
           stated_groups: frozenset[int], own: str = "") -> list[tuple[tuple[str, ...], Node]]:
    """The printed lines of an axis in order: leaves and totals, and stated groups (under
    the group's label, as ``own``)."""
    out: list[tuple[tuple[str, ...], Node]] = []
    for node in axis.nodes:
        if node.kind in (Kind.LEAF, Kind.TOTAL):
            out.append((path(node), node))
        elif node.kind is Kind.GROUP and node.index in stated_groups:
            out.append(((*path(node), own), node))
    return out


def _axis_title(axis: Axis) -> tuple[str, ...]:
    """The label over the whole axis (``申请人情况``) when it has an implicit root."""
    if not any(axis.is_root(n) for n in axis.nodes):
        return ()
    for node in axis.nodes:
        cat = node.category
        if isinstance(cat, type) and issubclass(cat, categories.Category):
            return (cat.axis_root.label,)
    return ()


@attrs.frozen(kw_only=True)
class _Frame:
    """The value-independent part of a grid's layout (cached per format and shape)."""

    n_rows: int
    n_cols: int
    header_rows: int
    label_cols: int
    headers: tuple[Cell, ...]
    #: (row, col, row path, column path, row node index, column node index)
    slots: tuple[tuple[int, int, str, str, int, int], ...]


def _frame(
    row_lines: Sequence[tuple[tuple[str, ...], tuple[str, ...], int]],
    col_lines: Sequence[tuple[tuple[str, ...], tuple[str, ...], int, int | None]],
    corner: str,
) -> _Frame:
    """Lay out a grid from its row lines ``(printed path, place path, node index)`` and its
    column lines ``(printed path, place path, node index, row node override)``."""
    label_cols, row_spans = _spans([p for p, _, _ in row_lines])
    header_rows, col_spans = _spans([p for p, _, _, _ in col_lines])
    cells: list[Cell] = []
    if header_rows and label_cols:
        cells.append(Cell(text=corner, role=Role.NOTE, row=0, col=0, rowspan=header_rows,
                          colspan=label_cols))
    for s in col_spans:
        cells.append(Cell(text=s.text, role=Role.COLUMN, row=s.level, col=label_cols + s.start,
                          rowspan=s.levels, colspan=s.lines))
    for s in row_spans:
        cells.append(Cell(text=s.text, role=Role.ROW, row=header_rows + s.start, col=s.level,
                          rowspan=s.lines, colspan=s.levels))
    slots = []
    for i, (_, row_place, row_index) in enumerate(row_lines):
        for j, (_, col_place, col_index, row_override) in enumerate(col_lines):
            slots.append((header_rows + i, label_cols + j, "/".join(row_place),
                          "/".join(col_place),
                          row_index if row_override is None else row_override, col_index))
    return _Frame(
        n_rows=header_rows + len(row_lines),
        n_cols=label_cols + len(col_lines),
        header_rows=header_rows,
        label_cols=label_cols,
        headers=tuple(cells),
        slots=tuple(slots),
    )


def _stated_groups(grid: Grid) -> tuple[frozenset[int], frozenset[int]]:
    """Indices of the group rows and group columns that hold a stated value."""
    rows = frozenset(
        n.index for n in grid.rows.groups()
        if any(v is not None for v in grid.values[n.index])
    )
    cols = frozenset(
        n.index for n in grid.columns.groups()
        if any(line[n.index] is not None for line in grid.values)
    )
    return rows, cols


@functools.lru_cache(maxsize=256)
def _table3_frame(cls: type[Grid], fmt: type[ReportFormat], generation: int,
                  group_rows: frozenset[int], group_cols: frozenset[int]) -> _Frame:
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    title = _axis_title(cols)

    def row_path(node: Node) -> tuple[str, ...]:
        return cls.row_path(fmt, node)

    row_lines = [(p, row_path(n), n.index) for p, n in _lines(rows, row_path, group_rows)]
    col_lines = [
        ((*title, *p), n.path, n.index, None)
        for p, n in _lines(cols, lambda n: n.path, group_cols, GROUP_COLUMN)
    ]
    return _frame(row_lines, col_lines, TABLE3_NOTE)


@functools.lru_cache(maxsize=256)
def _table4_frame(cls: type[Grid], fmt: type[ReportFormat], generation: int,
                  group_rows: frozenset[int], group_cols: frozenset[int]) -> _Frame:
    # Table 四 prints its three rows side by side as column groups over one line of values.
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)

    def row_path(node: Node) -> tuple[str, ...]:
        return cls.row_path(fmt, node)

    col_lines = [
        ((*rp, *p), c.path, c.index, r.index)
        for rp, r in _lines(rows, row_path, group_rows)
        for p, c in _lines(cols, lambda n: n.path, group_cols)
    ]
    # The place of each value keeps the row path: 行政诉讼/复议后起诉 × 结果维持.
    frame = _frame([((), (), 0)], col_lines, "")
    slots = tuple(
        (r, c, "/".join(row_path(rows.nodes[ri])), cp, ri, ci)
        for r, c, _, cp, ri, ci in frame.slots
    )
    return attrs.evolve(frame, slots=slots)


def _value_cell(row: int, col: int, value: int | Decimal | None, place: tuple[str, str],
                colspan: int = 1, unit: str | None = None, group: bool = False) -> Cell:
    if value is None:
        return Cell(text="", role=Role.VALUE, row=row, col=col, colspan=colspan, numeric=True,
                    place=place)
    if isinstance(value, Decimal):
        # the unit as printed (16万): an amount is never shown without it
        text, raw = format_money(value, group=group) + (unit or ""), str(value) + (unit or "")
    else:
        text, raw = format_count(value, group=group), format_count(value)
    return Cell(text=text, role=Role.VALUE, row=row, col=col, colspan=colspan, numeric=True,
                raw=raw, place=place)


def _grid_layout(grid: Grid, frame_of: Callable[..., _Frame], group: bool) -> TableLayout:
    group_rows, group_cols = _stated_groups(grid)
    frame = frame_of(type(grid), grid.format, categories.Category.generation, group_rows,
                     group_cols)
    values = grid.values
    cells = [
        _value_cell(r, c, values[ri][ci], (rp, cp), 1, None, group)
        for r, c, rp, cp, ri, ci in frame.slots
    ]
    return TableLayout(
        name=grid.table, n_rows=frame.n_rows, n_cols=frame.n_cols,
        header_rows=frame.header_rows, label_cols=frame.label_cols,
        cells=(*frame.headers, *cells),
    )


@functools.singledispatch
def layout(table: object, *, group: bool = False) -> TableLayout:
    """The printed layout of table 二, 三 or 四 (dispatch on the table's class).

    Values print as the template prints them, without grouping separators; ``group=True``
    groups them (``1,234``). A cell's ``raw`` is always the plain number.
    """
    raise TypeError(f"no layout for {type(table).__name__}")


@layout.register
def _(table: Table3, *, group: bool = False) -> TableLayout:
    return _grid_layout(table, _table3_frame, group)


@layout.register
def _(table: Table4, *, group: bool = False) -> TableLayout:
    return _grid_layout(table, _table4_frame, group)


_T2Frame = tuple[int, tuple[Cell, ...], tuple[tuple[int, int, int, str, str], ...]]
_T2_FRAMES: dict[type[ReportFormat], _T2Frame] = {}


def _table2_frame(fmt: type[ReportFormat]) -> _T2Frame:
    """(rows, header cells, value slots ``(row, col, colspan, row path, column label)``)."""
    frame = _T2_FRAMES.get(fmt)
    if frame is None:
        frame = _T2_FRAMES[fmt] = _make_table2_frame(fmt)
    return frame


def _make_table2_frame(fmt: type[ReportFormat]) -> _T2Frame:
    width = 1 + max(len(b.columns) for b in fmt.table2_blocks)
    cells: list[Cell] = []
    slots: list[tuple[int, int, int, str, str]] = []
    row = 0
    for block in fmt.table2_blocks:
        cells.append(Cell(text=block.label, role=Role.BLOCK, row=row, col=0, colspan=width))
        row += 1
        cells.append(Cell(text=ROW_HEADER_LABEL, role=Role.COLUMN, row=row, col=0))
        last = len(block.columns) - 1
        for j, column in enumerate(block.columns):
            span = width - 1 - last if j == last else 1
            cells.append(Cell(text=column.label, role=Role.COLUMN, row=row, col=1 + j,
                              colspan=span))
        row += 1
        for _, row_label in block.rows:
            cells.append(Cell(text=row_label, role=Role.ROW, row=row, col=0))
            for j, column in enumerate(block.columns):
                span = width - 1 - last if j == last else 1
                slots.append((row, 1 + j, span, f"{block.label}/{row_label}", column.label))
            row += 1
    return row, tuple(cells), tuple(slots)


@layout.register
def _(table: Table2, *, group: bool = False) -> TableLayout:
    n_rows, headers, slots = _table2_frame(table.format)
    width = 1 + max(len(b.columns) for b in table.format.table2_blocks)
    cells = []
    for (r, c, span, rp, cp), (_, value, unit) in zip(slots, table.cells_with_units(),
                                                      strict=True):
        cells.append(_value_cell(r, c, value, (rp, cp), span, unit, group))
    return TableLayout(name="二", n_rows=n_rows, n_cols=width, header_rows=0, label_cols=1,
                       cells=(*headers, *cells))


# --- the frame once, the values per report ----------------------------------------------

#: Value texts and raw numbers of one table, in the order of its skeleton's value cells.
Values = tuple[tuple[str | None, ...], tuple[str | None, ...]]
_SKELETONS: dict[int, tuple[object, TableLayout]] = {}


def _skeleton(key: object, make: Callable[[], TableLayout]) -> TableLayout:
    # Keyed by the identity of a cached frame, which the entry keeps alive (no id reuse).
    entry = _SKELETONS.get(id(key))
    if entry is None:
        if len(_SKELETONS) > 1024:
            _SKELETONS.clear()
        entry = _SKELETONS[id(key)] = (key, make())
    return entry[1]


class Memo(dict[int | None, str]):
    """The text of each count (``None``: a blank), computed once by ``make``: a renderer
    maps a table's values through ``memo.__getitem__`` in C. Bounded: cleared when large."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[int | None], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: int | None) -> str:
        if len(self) > 8192:  # about a megabyte
            self.clear()
        text = self[key] = self._make(key)
        return text


_T = TypeVar("_T")

#: ``(amount, unit)`` → its text in one renderer (amounts are few: no memo).
MoneyText = Callable[[Decimal, str | None], str]

#: The mark of value ``i`` in a skeleton drawn to make a :class:`Template`.
SLOT = "\x00{}\x00"
_SLOTS = re.compile("\x00([0-9]+)\x00")


class Template:
    """A skeleton drawn once and split where its values go: ``literals[k]`` precedes the
    ``k``-th slot, which takes value ``order[k]``. ``template.fill(texts)`` is then a list
    copy, a slice assignment and one join, all in C."""

    __slots__ = ("_order", "_pieces")

    def __init__(self, literals: Sequence[str], order: Sequence[int]) -> None:
        if len(literals) != len(order) + 1 or sorted(order) != list(range(len(order))):
            raise ValueError("expected one literal more than slots, each value once")
        pieces: list[str] = [""] * (2 * len(literals) - 1)
        pieces[::2] = literals
        self._pieces = pieces
        self._order = None if list(order) == list(range(len(order))) else _taker(order)

    @classmethod
    def of(cls, drawn: str, labels: str, values: int) -> Template | None:
        """The template of ``drawn``, whose values are marked by :data:`SLOT` (``None`` if
        a label holds the mark, or a value's mark is missing or repeated: then the table is
        drawn cell by cell)."""
        if "\x00" in labels or drawn.count("\x00") != 2 * values:
            return None
        split = _SLOTS.split(drawn)
        order = [int(i) for i in split[1::2]]
        if sorted(order) != list(range(values)):
            return None
        return cls(split[::2], order)

    def fill(self, texts: Sequence[str]) -> str:
        out = self._pieces.copy()
        out[1::2] = texts if self._order is None else self._order(texts)
        return "".join(out)


@attrs.frozen(eq=False)
class _Fill:
    """How to read the values of one (table class, format, stated groups) in skeleton order."""

    skeleton: TableLayout
    #: the flat (row-major) positions of the values, in the order of the value cells
    take: Callable[[Sequence[int | None]], tuple[int | None, ...]]


@attrs.frozen(eq=False)
class _GridPlan:
    width: int
    group_rows: tuple[int, ...]
    group_cols: tuple[int, ...]
    fills: dict[tuple[bool, ...], _Fill]


_GRID_FILLS: dict[tuple[type[Grid], type[ReportFormat], int], _GridPlan] = {}


def _grid_plan(grid: Grid) -> _GridPlan:
    key = (type(grid), grid.format, categories.Category.generation)
    plan = _GRID_FILLS.get(key)
    if plan is None:
        if len(_GRID_FILLS) > 256:
            _GRID_FILLS.clear()
        plan = _GRID_FILLS[key] = _GridPlan(
            width=len(grid.columns),
            group_rows=tuple(n.index for n in grid.rows.groups()),
            group_cols=tuple(n.index for n in grid.columns.groups()),
            fills={},
        )
    return plan


def _grid_fill(grid: Grid) -> tuple[_Fill, tuple[int | None, ...]]:
    """The grid's fill and its values flattened row by row."""
    plan = _grid_plan(grid)
    values = grid.values
    flat = tuple(itertools.chain.from_iterable(values))
    width, n_rows = plan.width, len(values)
    # Which group rows and columns state a value (C-level counts of blanks).
    stated = (
        *(values[i].count(None) != width for i in plan.group_rows),
        *(flat[c::width].count(None) != n_rows for c in plan.group_cols),
    )
    fill = plan.fills.get(stated)
    if fill is None:
        group_rows = frozenset(i for i, s in zip(plan.group_rows, stated, strict=False) if s)
        group_cols = frozenset(
            c for c, s in zip(plan.group_cols, stated[len(plan.group_rows):], strict=True) if s
        )
        frame_of: Callable[..., _Frame] = (
            _table3_frame if isinstance(grid, Table3) else _table4_frame
        )
        frame = frame_of(type(grid), grid.format, categories.Category.generation, group_rows,
                         group_cols)
        blank = _skeleton(frame, lambda: TableLayout(
            name=grid.table, n_rows=frame.n_rows, n_cols=frame.n_cols,
            header_rows=frame.header_rows, label_cols=frame.label_cols,
            cells=(*frame.headers, *(_value_cell(r, c, None, (rp, cp))
                                     for r, c, rp, cp, _, _ in frame.slots))))
        fill = plan.fills[stated] = _Fill(blank, _taker(
            [ri * width + ci for _, _, _, _, ri, ci in frame.slots]))
    return fill, flat


def _taker(positions: Sequence[int]) -> Callable[[Sequence[_T]], tuple[_T, ...]]:
    """The items at ``positions``, as a tuple, in C."""
    if len(positions) == 1:  # itemgetter of one position gives the item, not a tuple
        only = positions[0]
        return lambda values: (values[only],)
    return operator.itemgetter(*positions)


_T2_FILLS: dict[type[ReportFormat], tuple[TableLayout, tuple[int, ...]]] = {}


def _table2_fill(fmt: type[ReportFormat]) -> tuple[TableLayout, tuple[int, ...]]:
    """Table 二's skeleton and the positions of its amounts."""
    entry = _T2_FILLS.get(fmt)
    if entry is None:
        entry = _T2_FILLS[fmt] = _make_table2_fill(fmt)
    return entry


def _make_table2_fill(fmt: type[ReportFormat]) -> tuple[TableLayout, tuple[int, ...]]:
    n_rows, headers, slots = _table2_frame(fmt)
    width = 1 + max(len(b.columns) for b in fmt.table2_blocks)
    blank = _skeleton(_T2_FRAMES[fmt], lambda: TableLayout(
        name="二", n_rows=n_rows, n_cols=width, header_rows=0, label_cols=1,
        cells=(*headers, *(_value_cell(r, c, None, (rp, cp), span)
                           for r, c, span, rp, cp in slots))))
    money = tuple(i for i, cell in enumerate(fmt.table2_cells())
                  if cell.column.kind is ValueKind.MONEY)
    return blank, money


def fill(table: Table2 | Grid, count: Memo, money: MoneyText) -> tuple[TableLayout, list[str]]:
    """The table's :func:`skeleton` and the text of each of its value cells, in order:
    ``count[n]`` for a count or a blank (``None``), ``money(amount, unit)`` for an amount.

    The skeleton is one object for every table of the same format and shape, so a renderer
    draws it once and fills in these texts.
    """
    if isinstance(table, Table2):
        blank, positions = _table2_fill(table.format)
        values: list[Any] = list(table.values)
        amounts = [(i, values[i]) for i in positions if values[i] is not None]
        for i in positions:
            values[i] = None  # an amount is never looked up as a count (Decimal(1) == 1)
        texts = list(map(count.__getitem__, values))
        units = table.units
        for i, amount in amounts:
            texts[i] = money(amount, units[i])
        return blank, texts
    grid_fill, flat = _grid_fill(table)
    return grid_fill.skeleton, list(map(count.__getitem__, grid_fill.take(flat)))


def _texts(values: Sequence[tuple[int | Decimal | None, str | None]], group: bool) -> Values:
    texts: list[str | None] = []
    raws: list[str | None] = []
    for value, unit in values:
        if value is None:
            texts.append(None)
            raws.append(None)
        elif type(value) is int:
            raw = format_count(value)
            raws.append(raw)
            texts.append(format_count(value, group=True) if group else raw)
        else:
            assert isinstance(value, Decimal)
            printed = unit or ""
            raws.append(str(value) + printed)
            texts.append(format_money(value, group=group) + printed)
    return tuple(texts), tuple(raws)


def skeleton(table: Table2 | Grid, *, group: bool = False) -> tuple[TableLayout, Values]:
    """The table's layout without its values, and the values' texts and raw numbers.

    The skeleton (value cells blank, in the order of :func:`layout`'s value cells) is one
    object for every table of the same format and shape, so a renderer can draw it once and
    fill in the values: ``layout(t)`` is the skeleton with ``texts[i]``/``raws[i]`` in its
    ``i``-th value cell.
    """
    if isinstance(table, Table2):
        blank, _ = _table2_fill(table.format)
        pairs = [(value, unit) for _, value, unit in table.cells_with_units()]
        return blank, _texts(pairs, group)
    grid_fill, flat = _grid_fill(table)
    return grid_fill.skeleton, _texts([(v, None) for v in grid_fill.take(flat)], group)


# --- the report's outline -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Heading:
    """A heading: level 0 = title, 1 = section (一、…), 2+ = subsections."""

    level: int
    text: str


@attrs.frozen(kw_only=True)
class Text:
    """A paragraph; ``kind`` is ``"doc_number"`` for the 文号 line."""

    text: str
    kind: str = "paragraph"


@attrs.frozen(kw_only=True)
class Signature:
    """The signature block: the issuing body and the date."""

    body: str
    date: dt.date | None


Part = Heading | Text | TableLayout | Signature


def default_title(report: AnnualReport) -> str:
    """The published title, or the usual one: ``<机关><年>年政府信息公开工作年度报告``."""
    meta = report.metadata
    return meta.title or f"{meta.body}{meta.year}年政府信息公开工作年度报告"


_HEADINGS: dict[tuple[int, str], Heading] = {}


def _heading(level: int, text: str) -> Heading:
    # Section and subsection headings repeat from report to report: one object each.
    heading = _HEADINGS.get((level, text))
    if heading is None:
        if len(_HEADINGS) > 4096:
            _HEADINGS.clear()
        heading = _HEADINGS[level, text] = Heading(level=level, text=text)
    return heading


def _section(section: Section, level: int) -> Iterator[Heading | Paragraph]:
    for item in section.content:
        if isinstance(item, Paragraph):
            yield item
        else:
            yield _heading(level, item.heading)
            yield from _section(item, level + 1)


def outline(report: AnnualReport, *, group: bool = False) -> Iterator[Part]:
    """The report in official order: title, 文号, the six sections, the signature block."""
    for part in outline_tables(report):
        if isinstance(part, Paragraph):
            yield Text(text=part.text)
        elif isinstance(part, Heading | Text | Signature):
            yield part
        else:
            yield layout(part, group=group)


def outline_tables(
    report: AnnualReport,
) -> Iterator[Heading | Text | Paragraph | Signature | Table2 | Grid]:
    """:func:`outline` with each table as the model's table, for renderers that draw its
    :func:`skeleton` once and fill in the values, and each paragraph as the model's
    :class:`~govdisclosure.model.Paragraph` (a :class:`Text` is then the 文号 line)."""
    meta = report.metadata
    yield Heading(level=0, text=default_title(report))
    if meta.doc_number:
        yield Text(text=meta.doc_number, kind="doc_number")
    narrative = dict(report.sections())
    tables: dict[str, Table2 | Grid] = {
        "二": report.table2, "三": report.table3, "四": report.table4,
    }
    for key, heading in SECTION_HEADINGS.items():
        yield _heading(1, heading)
        section = narrative.get(key)
        if section is not None:
            yield from _section(section, 2)
        table = tables.get(key)
        if table is not None:
            yield table
    yield Signature(body=meta.body, date=meta.published)
