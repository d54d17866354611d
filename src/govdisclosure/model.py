"""The report model: frozen, slotted attrs classes for the whole annual report.

Field-level rules (types, non-negative counts, ``bool`` refused, table shapes) are checked
when an object is built, so no invalid object exists, ``attrs.evolve`` included. Report-level
identities (spec ``format.md`` §7.1–7.2) are *not* enforced here, so a published report that
does not add up can still be loaded and audited; :func:`govdisclosure.build` and
:func:`govdisclosure.validate` enforce them (the model never imports its checks).

A cell that is ``None`` was left blank as published: *not stated*. It is never read as 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from .errors import InvalidValue, LayoutError, Problem
from .formats import ReportFormat, T2Cell, ValueKind, get_format
from .layout import Axis, Kind, Node
from .units import MONEY_UNITS, split_amount

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "AMOUNT_DIGITS",
    "AMOUNT_LIMIT",
    "COUNT_LIMIT",
    "AnnualReport",
    "Count",
    "Grid",
    "Metadata",
    "Money",
    "Paragraph",
    "Section",
    "Table2",
    "Table3",
    "Table4",
    "derive_totals",
]


def __dir__() -> list[str]:
    return __all__


Count: TypeAlias = int | None
Money: TypeAlias = Decimal | None
T2Value: TypeAlias = int | Decimal | None
#: A row or column given by code, label path, category class or node.
Key: TypeAlias = "str | type | Node"



# --- narrative ----------------------------------------------------------------------------


#: Counts hold fewer than 15 digits: ``|count| < COUNT_LIMIT`` (a bound every reader,
#: writer and renderer can rely on; no report counts a quadrillion of anything).
COUNT_LIMIT = 10**15
#: Amounts: finite, non-negative, below ``AMOUNT_LIMIT`` and of at most ``AMOUNT_DIGITS``
#: significant digits as stored (so that every decimal context of 28 digits is exact).
AMOUNT_LIMIT = Decimal(10**15)
AMOUNT_DIGITS = 20


def _scalar_problem(value: str) -> str | None:
    """Text must be Unicode scalar values: a lone surrogate (``"\\ud800"``) cannot be
    written as UTF-8 by any writer."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (
            f"expected text of Unicode characters, got a lone surrogate "
            f"{value[exc.start]!a} at position {exc.start}"
        )
    return None


def _text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidValue([Problem(attribute.name, f"expected text, got {type(value).__name__}")])
    if not value.isascii() and (message := _scalar_problem(value)):
        raise InvalidValue([Problem(attribute.name, message)])


@attrs.frozen(kw_only=True)
class Paragraph:
    """One paragraph of narrative text, as published."""

    text: str = attrs.field(validator=_text)


def _setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the slots ``names`` of ``cls`` themselves, past its frozen
    ``__setattr__``: for the ``_proven`` constructors and the exact JSON reader only."""
    return tuple(getattr(cls, name).__set__ for name in names)


(_SET_TEXT,) = _setters(Paragraph, "text")


def _content(inst: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    bad = [
        Problem(f"{attribute.name}[{i}]", f"expected Paragraph or Section, got {type(v).__name__}")
        for i, v in enumerate(value)
        if not isinstance(v, Paragraph | Section)
    ]
    if bad:
        raise InvalidValue(bad)


def _blocks(value: Iterable[Paragraph | Section]) -> tuple[Paragraph | Section, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Section:
    """A heading with its paragraphs and subsections, kept in published order."""

    heading: str = attrs.field(validator=_text)
    content: tuple[Paragraph | Section, ...] = attrs.field(
        default=(), converter=_blocks, validator=_content
    )

    @classmethod
    def of(cls, heading: str, *content: str | Paragraph | Section) -> Section:
        """Build a section; plain strings become paragraphs."""
        return cls(
            heading=heading,
            content=tuple(Paragraph(text=x) if isinstance(x, str) else x for x in content),
        )

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph, subsections included, in order."""
        for item in self.content:
            if isinstance(item, Paragraph):
                yield item
            else:
                yield from item.paragraphs()

    @property
    def text(self) -> str:
        """All the section's text, one paragraph a line, headings included."""
        return "\n".join([self.heading, *(item.text for item in self.content)])


_SECTION_SETTERS = _setters(Section, "heading", "content")


# --- metadata -----------------------------------------------------------------------------


def _year(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 2000 <= value <= 2999:
        raise InvalidValue([Problem("年度", f"expected a year such as 2020, got {value!r}")])


def _optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(inst, attribute, value)
        if value == "":  # so that every form (CSV: an empty value) reads it back as None
            raise InvalidValue([Problem(attribute.name, "expected text, or None when there is "
                                        "none; got empty text")])


def _optional_date(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not dt.date):
        raise InvalidValue([Problem("发布日期", f"expected a date, got {value!r}")])


@attrs.frozen(kw_only=True)
class Metadata:
    """Who issued the report, for which year, and how it was published."""

    #: the issuing body (机关), e.g. 永春县石鼓镇人民政府
    body: str = attrs.field(validator=_text)
    #: the year reported on (not the year of publication)
    year: int = attrs.field(validator=_year)
    #: 文号, e.g. 永石政〔2021〕1号
    doc_number: str | None = attrs.field(default=None, validator=_optional_text)
    #: 发布日期 (date on the signature block or of publication)
    published: dt.date | None = attrs.field(default=None, validator=_optional_date)
    #: 标题 as published
    title: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if not self.body.strip():
            raise InvalidValue([Problem("机关", "expected the issuing body's name, got no text")])

    @classmethod
    def _proven(cls, body: str, year: int, doc_number: str | None, published: dt.date | None,
                title: str | None) -> Metadata:
        """Metadata whose fields a reader has already proved valid (what the validators and
        ``__attrs_post_init__`` check), built without checking them again. Internal, as
        :meth:`Grid._proven`."""
        metadata = object.__new__(cls)
        s_body, s_year, s_doc_number, s_published, s_title = _METADATA_SETTERS
        s_body(metadata, body)
        s_year(metadata, year)
        s_doc_number(metadata, doc_number)
        s_published(metadata, published)
        s_title(metadata, title)
        return metadata


_METADATA_SETTERS = _setters(Metadata, "body", "year", "doc_number", "published", "title")


# --- tables -------------------------------------------------------------------------------


_CELL_TYPES = frozenset({int, type(None)})
_IN_RANGE = range(COUNT_LIMIT).__contains__


def _digits(value: int) -> str:
    """An integer for a message: itself, or its number of digits when it is huge."""
    # str() of an integer of thousands of digits raises ValueError (Python's digit limit)
    return str(value) if abs(value) < 10**30 else "an integer of more than 30 digits"


def _count_problem(value: object) -> str | None:
    if value is None or (type(value) is int and 0 <= value < COUNT_LIMIT):
        return None
    if isinstance(value, bool):
        return f"expected a non-negative integer count, got the boolean {value!r}"
    if type(value) is int and value >= COUNT_LIMIT:
        return f"expected a count below 10**15, got {_digits(value)}"
    if type(value) is int:
        return f"expected a non-negative integer count, got {value}"
    return f"expected a non-negative integer count, got {type(value).__name__} {value!r}"


@attrs.frozen(kw_only=True)
class Grid:
    """A table of counts with a row axis and a column axis (tables 三 and 四).

    ``values[r][c]`` is indexed by node indices of the two axes; positions of header nodes
    are always ``None``. Prefer ``grid[row, column]`` and :meth:`from_counts`.
    """

    table: ClassVar[str]
    format: type[ReportFormat] = attrs.field(converter=get_format)
    values: tuple[tuple[Count, ...], ...] = attrs.field(repr=False)
    _transposed: tuple[tuple[Count, ...], ...] | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False
    )
    #: whether the identities hold on ``values`` as ``checks._holds_lines`` judges them, when
    #: the reader that built the grid judged it already (``None``: not judged yet)
    _holds: bool | None = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    @classmethod
    def row_axis(cls, fmt: type[ReportFormat]) -> Axis:
        raise NotImplementedError

    @classmethod
    def column_axis(cls, fmt: type[ReportFormat]) -> Axis:
        raise NotImplementedError

    @classmethod
    def row_path(cls, fmt: type[ReportFormat], node: Node) -> tuple[str, ...]:
        """Official label path of a row (as in CSV and findings)."""
        return node.path

    @property
    def rows(self) -> Axis:
        return self.row_axis(self.format)

    @property
    def columns(self) -> Axis:
        return self.column_axis(self.format)

    @values.validator
    def _check_values(self, attribute: attrs.Attribute[Any], values: object) -> None:
        rows, cols = self.rows, self.columns
        if type(values) is not tuple or len(values) != len(rows):
            raise LayoutError(
                [Problem(f"表{self.table}", f"expected {len(rows)} rows of values")]
            )
        width = len(cols)
        # Fast path, in C: every line a tuple of the right width, header lines and columns
        # blank, every value a non-negative int (bool is not int here) or a blank
        # (``filter(None, …)`` drops blanks and zeros). Otherwise find and name every problem.
        if set(map(type, values)) == {tuple} and set(map(len, values)) == {width}:
            flat = tuple(itertools.chain.from_iterable(values))
            if (
                _CELL_TYPES.issuperset(map(type, flat))
                and all(map(_IN_RANGE, filter(None, flat)))
                and all(values[i].count(None) == width for i in rows.no_cells)
                and all(
                    list(map(operator.itemgetter(i), values)).count(None) == len(values)
                    for i in cols.no_cells
                )
            ):
                return
        problems: list[Problem] = []
        for row, line in zip(rows.nodes, values, strict=True):
            if type(line) is not tuple or len(line) != width:
                problems.append(Problem(self.place(row), f"expected {width} values"))
                continue
            for col, value in zip(cols.nodes, line, strict=True):
                if value is None:
                    continue
                if not (row.has_cells and col.has_cells):
                    problems.append(Problem(self.place(row, col), "expected no value here"))
                    continue
                message = _count_problem(value)
                if message:
                    problems.append(Problem(self.place(row, col), message))
        if problems:
            raise InvalidValue(problems)

    @classmethod
    def _proven(cls, fmt: type[ReportFormat], values: tuple[tuple[Count, ...], ...],
                holds: bool | None = None) -> Self:
        """A grid whose values a reader has already proved valid (what ``_check_values``
        checks): built without running the validator again. Internal: only for readers whose
        proof is tested to accept exactly what the validator accepts
        (``tests/test_jsonio.py``); ``holds``: whether the identities hold, when the reader
        judged it with the lines of ``checks._holds_lines`` (tested to be their answer)."""
        grid = object.__new__(cls)
        set_format, set_values, set_transposed, set_holds = _GRID_SETTERS
        set_format(grid, fmt)
        set_values(grid, values)
        set_transposed(grid, None)
        set_holds(grid, holds)
        return grid

    def column_values(self) -> tuple[tuple[Count, ...], ...]:
        """``values`` transposed: one tuple per column node (computed once)."""
        if self._transposed is None:
            object.__setattr__(self, "_transposed", tuple(zip(*self.values, strict=True)))
        assert self._transposed is not None
        return self._transposed

    def place(self, row: Node, column: Node | None = None) -> str:
        """``表三 / 一、本年新收政府信息公开申请数量 / 总计``."""
        parts = [f"表{self.table}", "/".join(self.row_path(self.format, row))]
        if column is not None:
            parts.append(column.path_text)
        return " / ".join(parts)

    # -- access --

    def _row(self, key: Key) -> Node:
        return key if isinstance(key, Node) else self.rows[key]

    def _col(self, key: Key) -> Node:
        return key if isinstance(key, Node) else self.columns[key]

    def __getitem__(self, key: tuple[Key, Key]) -> Count:
        row, col = key
        return self.values[self._row(row).index][self._col(col).index]

    def row(self, key: Key) -> dict[str, Count]:
        """Values of one row by column code (cells only)."""
        line = self.values[self._row(key).index]
        return {c.code: line[c.index] for c in self.columns.cells}

    def cells(self) -> Iterator[tuple[Node, Node, Count]]:
        """Every cell position ``(row, column, value)``, in reading order."""
        for row in self.rows.cells:
            line = self.values[row.index]
            for col in self.columns.cells:
                yield row, col, line[col.index]

    def held(self) -> tuple[list[Node], list[Node]]:
        """The rows and columns this grid holds: every one the template prints, and a group
        (not printed in the template) only when one of its cells is stated."""
        values = self.values
        rows = [
            r for r in self.rows.cells
            if r.kind is not Kind.GROUP or any(v is not None for v in values[r.index])
        ]
        cols = [
            c for c in self.columns.cells
            if c.kind is not Kind.GROUP or any(line[c.index] is not None for line in values)
        ]
        return rows, cols

    def is_stated(self, row: Key, column: Key) -> bool:
        return self[row, column] is not None

    def replace(self, changes: Mapping[tuple[Key, Key], Count]) -> Self:
        """A copy with some cells replaced (no totals derived)."""
        grid = [list(line) for line in self.values]
        for (row, col), value in changes.items():
            grid[self._row(row).index][self._col(col).index] = value
        return attrs.evolve(self, values=tuple(tuple(line) for line in grid))

    # -- building --

    @classmethod
    def empty(cls, fmt: str | type[ReportFormat]) -> Self:
        """A table with every cell blank (not stated)."""
        fmt = get_format(fmt)
        width = len(cls.column_axis(fmt))
        return cls(format=fmt, values=tuple((None,) * width for _ in cls.row_axis(fmt)))

    @classmethod
    def from_counts(
        cls,
        fmt: str | type[ReportFormat],
        counts: Mapping[Any, Mapping[Any, Count]],
        *,
        fill: int | None = None,
        where: str = "",
    ) -> Self:
        """Build from counts keyed by row then column (codes, label paths or categories).

        Totals that are absent are derived from their parts; totals that are given are kept
        as given (``None`` = left blank), never overwritten. A leaf cell that is absent is an
        error unless ``fill`` gives a value for absent leaves (e.g. ``fill=0``).
        Group cells (e.g. ``（三）不予公开``, not printed in the template) stay blank unless given.
        """
        fmt = get_format(fmt)
        rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
        grid: list[list[Count]] = [[None] * len(cols) for _ in rows]
        given: set[tuple[int, int]] = set()
        problems: list[Problem] = []
        table = f"表{cls.table}"
        for row_key, line in counts.items():
            row = rows.find(row_key) if not isinstance(row_key, Node) else row_key
            if row is None or not row.has_cells:
                problems.append(Problem(f"{where}{table}", f"unknown row {row_key!r}"))
                continue
            if not isinstance(line, Mapping):
                problems.append(
                    Problem(f"{where}{table} / {'/'.join(cls.row_path(fmt, row))}",
                            "expected a mapping of columns")
                )
                continue
            for col_key, value in line.items():
                col = cols.find(col_key) if not isinstance(col_key, Node) else col_key
                if col is None or not col.has_cells:
                    problems.append(
                        Problem(f"{where}{table} / {'/'.join(cls.row_path(fmt, row))}",
                                f"unknown column {col_key!r}")
                    )
                    continue
                grid[row.index][col.index] = value
                given.add((row.index, col.index))
        for row in rows.cells:
            for col in cols.cells:
                if (row.index, col.index) in given or row.kind is Kind.GROUP:
                    continue
                if col.kind is Kind.GROUP or Kind.TOTAL in (row.kind, col.kind):
                    continue
                if fill is None:
                    problems.append(
                        Problem(
                            f"{where}{table} / {'/'.join(cls.row_path(fmt, row))} / "
                            f"{col.path_text}",
                            "missing count (give a number, or None for a blank cell)",
                        )
                    )
                else:
                    grid[row.index][col.index] = fill
        if problems:
            raise InvalidValue(problems)
        for row, col, message in (
            (r, c, _count_problem(grid[r.index][c.index])) for r in rows for c in cols
        ):
            if message:
                problems.append(Problem(
                    f"{where}{table} / {'/'.join(cls.row_path(fmt, row))} / {col.path_text}",
                    message,
                ))
        if problems:
            raise InvalidValue(problems)
        derive_totals(rows, cols, grid, given)
        return cls(format=fmt, values=tuple(tuple(line) for line in grid))

    def derived(self) -> Self:
        """A copy whose blank totals are filled from their parts (stated ones kept)."""
        grid = [list(line) for line in self.values]
        given = {
            (r.index, c.index)
            for r in self.rows
            for c in self.columns
            if grid[r.index][c.index] is not None
        }
        derive_totals(self.rows, self.columns, grid, given)
        return attrs.evolve(self, values=tuple(tuple(line) for line in grid))


_GRID_SETTERS = _setters(Grid, "format", "values", "_transposed", "_holds")


def derive_totals(
    rows: Axis, cols: Axis, grid: list[list[Count]], given: set[tuple[int, int]]
) -> None:
    """Fill every total cell not in ``given`` from its parts, in place.

    Row totals (the 总计 column) first, for every non-total row; then column totals (the
    （七）总计 row) for every column, the 总计 column included; then the 总计 cell of a total
    row that was given without it.
    """
    total_rows = {n.index for n in rows.totals}
    for plan in cols.sums:
        for row in rows.cells:
            if row.index not in total_rows and (row.index, plan.total) not in given:
                grid[row.index][plan.total] = cols.evaluate(plan, grid[row.index])
    for plan in rows.sums:
        for col in cols.cells:
            if (plan.total, col.index) not in given:
                column = [line[col.index] for line in grid]
                grid[plan.total][col.index] = rows.evaluate(plan, column)
    for plan in cols.sums:
        for index in total_rows:
            if (index, plan.total) not in given and grid[index][plan.total] is None:
                grid[index][plan.total] = cols.evaluate(plan, grid[index])


@attrs.frozen(kw_only=True)
class Table3(Grid):
    """Table 三: 收到和处理政府信息公开申请情况 (spec §4.2, §5.2).

    Rows are :class:`~govdisclosure.categories.Outcome` s, columns
    :class:`~govdisclosure.categories.Applicant` s of the report's format.
    """

    table: ClassVar[str] = "三"

    @classmethod
    def row_axis(cls, fmt: type[ReportFormat]) -> Axis:
        return fmt.table3_rows()

    @classmethod
    def column_axis(cls, fmt: type[ReportFormat]) -> Axis:
        return fmt.table3_columns()


@attrs.frozen(kw_only=True)
class Table4(Grid):
    """Table 四: 政府信息公开行政复议、行政诉讼情况 (spec §4.3; unchanged in 2021).

    Rows: 行政复议, 行政诉讼/未经复议直接起诉, 行政诉讼/复议后起诉; columns: 结果维持, 结果纠正,
    其他结果, 尚未审结, 总计.
    """

    table: ClassVar[str] = "四"

    @classmethod
    def row_axis(cls, fmt: type[ReportFormat]) -> Axis:
        return fmt.table4_rows()

    @classmethod
    def column_axis(cls, fmt: type[ReportFormat]) -> Axis:
        return fmt.table4_columns()

    @classmethod
    def row_path(cls, fmt: type[ReportFormat], node: Node) -> tuple[str, ...]:
        return fmt.table4_row_path(node.code)


def _t2_problem(cell: T2Cell, value: object) -> str | None:
    if value is None:
        return None
    kind = cell.column.kind
    if kind is ValueKind.MONEY:
        if type(value) is Decimal and value.is_finite() and value >= 0:
            if value >= AMOUNT_LIMIT:
                digits = len(value.as_tuple().digits)
                shown = str(value) if digits <= 30 else f"an amount of {digits} digits"
                return f"expected an amount below 10**15, got {shown}"
            if len(value.as_tuple().digits) > AMOUNT_DIGITS:
                return (
                    f"expected an amount of at most {AMOUNT_DIGITS} significant digits, "
                    f"got {len(value.as_tuple().digits)} digits"
                )
            return None
        return f"expected a non-negative Decimal amount, got {type(value).__name__} {value!r}"
    if type(value) is not int:
        return f"expected an integer, got {type(value).__name__} {value!r}"
    if kind is ValueKind.COUNT and value < 0:
        return f"expected a non-negative integer count, got {value}"
    if abs(value) >= COUNT_LIMIT:
        return f"expected a number whose size is below 10**15, got {_digits(value)}"
    return None


_UNITS = frozenset(MONEY_UNITS)


def _unit_problem(cell: T2Cell, value: object, unit: object) -> str | None:
    if unit is None:
        return None
    if cell.column.kind is not ValueKind.MONEY:
        return f"a unit ({unit!r}) is kept only for an amount, not for this cell"
    if type(unit) is not str or unit not in _UNITS:
        return f"unknown unit {unit!r}; expected one of {'、'.join(MONEY_UNITS)} or None"
    if value is None:
        return f"a unit ({unit!r}) on a blank cell"
    return None


def _given(cell: T2Cell, value: object) -> tuple[object, object]:
    """A value as :meth:`Table2.from_values` accepts it, as ``(value, unit)``."""
    if type(value) is tuple and len(value) == 2:
        return value[0], value[1]
    if type(value) is str and cell.column.kind is ValueKind.MONEY:
        amount = split_amount(value)
        if amount is not None:
            return amount
    return value, None


def _no_units(table: Table2) -> tuple[None, ...]:
    return (None,) * len(table.format.table2_cells())


@attrs.frozen(kw_only=True)
class Table2:
    """Table 二: 主动公开政府信息情况 (spec §4.1, §5.1).

    ``values`` follow :meth:`ReportFormat.table2_cells`; counts are ``int``, 2019 本年增/减 is
    a signed ``int``, amounts are ``Decimal``. ``units`` is parallel to ``values``: the unit
    an amount was printed with (one of :data:`~govdisclosure.units.MONEY_UNITS`, e.g. ``"万"``
    for ``16万``), ``None`` when printed without one (the 2021 header's 万元 then applies)
    and for every cell that is not an amount.
    """

    format: type[ReportFormat] = attrs.field(converter=get_format)
    values: tuple[T2Value, ...] = attrs.field(repr=False)
    units: tuple[str | None, ...] = attrs.field(
        default=attrs.Factory(_no_units, takes_self=True), repr=False
    )

    @values.validator
    def _check_values(self, attribute: attrs.Attribute[Any], values: object) -> None:
        cells = self.format.table2_cells()
        if type(values) is not tuple or len(values) != len(cells):
            raise LayoutError([Problem("表二", f"expected {len(cells)} values")])
        problems = [
            Problem(f"表二 / {cell.row_path} / {cell.column.label}", message)
            for cell, value in zip(cells, values, strict=True)
            if (message := _t2_problem(cell, value))
        ]
        if problems:
            raise InvalidValue(problems)

    @units.validator
    def _check_units(self, attribute: attrs.Attribute[Any], units: object) -> None:
        cells = self.format.table2_cells()
        if type(units) is not tuple or len(units) != len(cells):
            raise LayoutError([Problem("表二", f"expected {len(cells)} units (None for none)")])
        if units.count(None) == len(units):
            return
        problems = [
            Problem(f"表二 / {cell.row_path} / {cell.column.label}", message)
            for cell, value, unit in zip(cells, self.values, units, strict=True)
            if (message := _unit_problem(cell, value, unit))
        ]
        if problems:
            raise InvalidValue(problems)

    @classmethod
    def _proven(cls, fmt: type[ReportFormat], values: tuple[T2Value, ...],
                units: tuple[str | None, ...]) -> Table2:
        """A table whose values and units a reader has already proved valid (what
        ``_check_values`` and ``_check_units`` check), built without the validators.
        Internal, as :meth:`Grid._proven`."""
        table = object.__new__(cls)
        set_format, set_values, set_units = _TABLE2_SETTERS
        set_format(table, fmt)
        set_values(table, values)
        set_units(table, units)
        return table

    def cell(self, block: str, row: str, column: str) -> T2Cell:
        """The cell declaration by codes or labels."""
        for cell in self.format.table2_cells():
            if (
                block in (cell.block.code, cell.block.label)
                and row in (cell.row_code, cell.row_label)
                and column in (cell.column.code, cell.column.label)
            ):
                return cell
        raise KeyError((block, row, column))

    def __getitem__(self, key: tuple[str, str, str]) -> T2Value:
        return self.values[self.cell(*key).index]

    def unit(self, block: str, row: str, column: str) -> str | None:
        """The unit the cell's amount was printed with (``None``: none printed)."""
        return self.units[self.cell(block, row, column).index]

    def cells(self) -> Iterator[tuple[T2Cell, T2Value]]:
        """Every cell with its value, in printed order."""
        return zip(self.format.table2_cells(), self.values, strict=True)

    def cells_with_units(self) -> Iterator[tuple[T2Cell, T2Value, str | None]]:
        """Every cell with its value and unit, in printed order."""
        return zip(self.format.table2_cells(), self.values, self.units, strict=True)

    def replace(self, changes: Mapping[tuple[str, str, str], Any]) -> Table2:
        """A copy with some cells replaced; a value is given as in :meth:`from_values`
        (a plain value is an amount printed without a unit)."""
        values: list[Any] = list(self.values)
        units: list[Any] = list(self.units)
        for key, given in changes.items():
            cell = self.cell(*key)
            values[cell.index], units[cell.index] = _given(cell, given)
        return attrs.evolve(self, values=tuple(values), units=tuple(units))

    @classmethod
    def empty(cls, fmt: str | type[ReportFormat]) -> Table2:
        fmt = get_format(fmt)
        return cls(format=fmt, values=(None,) * len(fmt.table2_cells()))

    @classmethod
    def from_values(
        cls,
        fmt: str | type[ReportFormat],
        values: Mapping[str, Mapping[str, Mapping[str, Any]]],
        *,
        fill: int | None = None,
        where: str = "",
    ) -> Table2:
        """Build from ``{block: {row: {column: value}}}`` (codes or labels).

        A count is an ``int``; an amount is a ``Decimal`` (printed without a unit), a pair
        ``(Decimal("16"), "万")``, or its text as printed (``"16万"``, ``"8.175万元"``,
        ``"4166.241619"``); units are those of :data:`~govdisclosure.units.MONEY_UNITS`.
        Every cell must be given (``None`` for a blank) unless ``fill`` is set; ``fill`` is
        used as ``Decimal(fill)`` for amounts.
        """
        fmt = get_format(fmt)
        cells = fmt.table2_cells()
        out: list[Any] = [None] * len(cells)
        out_units: list[Any] = [None] * len(cells)
        seen: set[int] = set()
        problems: list[Problem] = []
        index = {
            (k1, k2, k3): cell
            for cell in cells
            for k1 in (cell.block.code, cell.block.label)
            for k2 in (cell.row_code, cell.row_label)
            for k3 in (cell.column.code, cell.column.label)
        }
        for block, rows in values.items():
            for row, columns in rows.items():
                for column, value in columns.items():
                    cell = index.get((block, row, column))
                    if cell is None:
                        problems.append(
                            Problem(f"{where}表二 / {block}/{row} / {column}", "unknown cell")
                        )
                        continue
                    out[cell.index], out_units[cell.index] = _given(cell, value)
                    seen.add(cell.index)
        for cell in cells:
            if cell.index in seen:
                continue
            if fill is None:
                problems.append(
                    Problem(f"{where}表二 / {cell.row_path} / {cell.column.label}",
                            "missing value (give a number, or None for a blank cell)")
                )
            else:
                out[cell.index] = Decimal(fill) if cell.column.kind is ValueKind.MONEY else fill
        if problems:
            raise InvalidValue(problems)
        return cls(format=fmt, values=tuple(out), units=tuple(out_units))


_TABLE2_SETTERS = _setters(Table2, "format", "values", "units")


# --- the report ---------------------------------------------------------------------------


def _optional_section(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Section):
        raise InvalidValue(
            [Problem(attribute.name, f"expected a Section, got {type(value).__name__}")]
        )


@attrs.frozen(kw_only=True)
class AnnualReport:
    """A whole 政府信息公开工作年度报告.

    Sections 一、五、六 are narrative (:class:`Section`); 二、三、四 are tables. The constructor
    checks types and shapes only, so a published report that does not add up can be held and
    audited; use :meth:`build` to assemble one from its leaf counts (totals derived), and
    :func:`govdisclosure.build` to author one with the identities enforced.
    """

    format: type[ReportFormat] = attrs.field(converter=get_format)
    metadata: Metadata
    overview: Section | None = attrs.field(default=None, validator=_optional_section)
    table2: Table2
    table3: Table3
    table4: Table4
    problems: Section | None = attrs.field(default=None, validator=_optional_section)
    other: Section | None = attrs.field(default=None, validator=_optional_section)

    def __attrs_post_init__(self) -> None:
        wrong = [
            Problem(f"表{name}", f"expected format {self.format.code}, got {table.format.code}")
            for name, table in (("二", self.table2), ("三", self.table3), ("四", self.table4))
            if table.format is not self.format
        ]
        if not isinstance(self.metadata, Metadata):
            wrong.append(Problem("metadata", "expected Metadata"))
        if wrong:
            raise LayoutError(wrong)

    @classmethod
    def _proven(
        cls, fmt: type[ReportFormat], metadata: Metadata, overview: Section | None,
        table2: Table2, table3: Table3, table4: Table4, problems: Section | None,
        other: Section | None,
    ) -> AnnualReport:
        """A report of parts a reader has already proved valid and of format ``fmt`` (what
        the validators and ``__attrs_post_init__`` check), built without checking them
        again. Internal, as :meth:`Grid._proven`."""
        report = object.__new__(cls)
        s_format, s_metadata, s_overview, s_t2, s_t3, s_t4, s_problems, s_other = _REPORT_SETTERS
        s_format(report, fmt)
        s_metadata(report, metadata)
        s_overview(report, overview)
        s_t2(report, table2)
        s_t3(report, table3)
        s_t4(report, table4)
        s_problems(report, problems)
        s_other(report, other)
        return report

    @property
    def year(self) -> int:
        return self.metadata.year

    @property
    def body(self) -> str:
        return self.metadata.body

    @classmethod
    def build(
        cls,
        fmt: str | type[ReportFormat],
        *,
        body: str,
        year: int,
        table2: Mapping[str, Mapping[str, Mapping[str, Any]]],
        table3: Mapping[Any, Mapping[Any, Count]],
        table4: Mapping[Any, Mapping[Any, Count]],
        doc_number: str | None = None,
        published: dt.date | None = None,
        title: str | None = None,
        overview: Section | None = None,
        problems: Section | None = None,
        other: Section | None = None,
        fill: int | None = None,
    ) -> AnnualReport:
        """Assemble a report from its leaf counts: totals derived, stated ones kept.

        Raises :class:`~govdisclosure.errors.InvalidValue` for bad or missing cells. The
        identities are not checked here (the model knows nothing of its checks):
        :func:`govdisclosure.build` takes the same arguments and enforces them.
        """
        fmt = get_format(fmt)
        return cls(
            format=fmt,
            metadata=Metadata(
                body=body, year=year, doc_number=doc_number, published=published, title=title
            ),
            overview=overview,
            table2=Table2.from_values(fmt, table2, fill=fill),
            table3=Table3.from_counts(fmt, table3, fill=fill),
            table4=Table4.from_counts(fmt, table4, fill=fill),
            problems=problems,
            other=other,
        )

    def sections(self) -> Iterator[tuple[str, Section | None]]:
        """The narrative sections with their numbers (一、五、六)."""
        yield "一", self.overview
        yield "五", self.problems
        yield "六", self.other


_REPORT_SETTERS = _setters(
    AnnualReport, "format", "metadata", "overview", "table2", "table3", "table4", "problems",
    "other",
)
