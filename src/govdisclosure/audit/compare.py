"""Comparisons: one body year over year, and a ranking of bodies by a metric.

:func:`compare_years` gives every cell of tables 二、三、四 with its change; rows and columns
are matched by code, so a 2020 (2019 format) report compares with a 2021 one on every cell
the two formats share, and cells of only one side show a blank on the other. Group rows and
columns (（三）不予公开, 法人或其他组织, the 2021 （六）其他处理) are shown as the sum of their
parts when every part is stated. A blank is never read as 0: a change with a blank side is
blank.

:func:`changed` keeps the cells whose value changed.

:func:`ranking` orders reports by a :class:`Metric` (e.g. ``disclosed_share``: 予以公开 ÷
（七）总计; ``review_correction_rate``: 复议结果纠正 ÷ 复议总计), **each year apart** (a 2020
report is never ranked against a 2025 one), each body and year once (a later duplicate is
left out: :func:`distinct`). A rate is computed only where the count it is a share of (the
applications handled, the reviews, the suits) is at least ``min_applications`` (30 by
default): a 100 % of 2 applications means nothing. A report whose metric cannot be computed
(blank cells, too few applications) is listed last in its year, unranked.

Both come as CSV text (:func:`changes_csv`, :func:`ranking_csv`; text fields neutralised for
spreadsheets, :mod:`govdisclosure.csvsafe`) and as a plain aligned terminal table
(:func:`changes_table`, :func:`ranking_table`; control characters of the input, such as
terminal escape sequences, left out).
"""

from __future__ import annotations

import csv
import decimal
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

import attrs

from govdisclosure import categories as c
from govdisclosure.csvsafe import neutralise
from govdisclosure.errors import FormatError, InvalidValue, Problem
from govdisclosure.layout import Kind, Node
from govdisclosure.model import AnnualReport, Count, Grid
from govdisclosure.units import YUAN_EXPONENT, amount_text
from govdisclosure.zh import display_width

from ._base import visible

__all__ = [
    "CellChange",
    "Metric",
    "RankRow",
    "changed",
    "changes_csv",
    "changes_table",
    "compare_years",
    "distinct",
    "metrics",
    "ranking",
    "ranking_csv",
    "ranking_table",
]


def __dir__() -> list[str]:
    return __all__


Value = int | Decimal | None


#: enough digits that scaling and subtracting amounts never rounds (amounts hold at most
#: model.AMOUNT_DIGITS significant digits, the units span 10^8)
_EXACT = decimal.Context(prec=100, traps=[decimal.Inexact, decimal.InvalidOperation])


@attrs.frozen(kw_only=True)
class CellChange:
    """One cell in two years: ``change`` is ``current − previous`` (blank if either is).

    An amount of table 二 comes with the unit it was printed in (``previous_unit``,
    ``current_unit``; ``None``: printed without one). Amounts in one unit compare as numbers;
    in two units of :data:`~govdisclosure.units.MONEY_UNITS`, in the finer of them
    (``16万`` and ``160000元`` are equal, ``16万`` and ``16元`` are not); an amount printed with
    a unit and one printed without cannot be compared (:attr:`units_differ`): the change is
    blank and the cell counts as changed, never as equal.
    """

    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    previous: Value
    current: Value
    previous_unit: str | None = None
    current_unit: str | None = None

    def _aligned(self) -> tuple[int | Decimal, int | Decimal, str | None] | None:
        """Both values in one unit, and that unit; ``None`` when a side is blank or the
        units cannot be compared."""
        before, after = self.previous, self.current
        if before is None or after is None:
            return None
        if self.previous_unit == self.current_unit:
            return before, after, self.current_unit
        if self.previous_unit is None or self.current_unit is None:
            return None
        then = YUAN_EXPONENT.get(self.previous_unit)
        now = YUAN_EXPONENT.get(self.current_unit)
        if then is None or now is None:
            return None
        finer = min(then, now)
        unit = self.current_unit if now == finer else self.previous_unit
        return (_EXACT.scaleb(Decimal(before), then - finer),
                _EXACT.scaleb(Decimal(after), now - finer), unit)

    @property
    def units_differ(self) -> bool:
        """Both sides are stated, in units that cannot be compared (one printed, one not)."""
        stated = self.previous is not None and self.current is not None
        return stated and self._aligned() is None

    @property
    def unit(self) -> str | None:
        """The unit :attr:`change` is in (``None``: none printed, or not comparable)."""
        aligned = self._aligned()
        return None if aligned is None else aligned[2]

    @property
    def change(self) -> Value:
        aligned = self._aligned()
        if aligned is None:
            return None
        before, after, _ = aligned
        if isinstance(before, int) and isinstance(after, int):
            return after - before
        return _EXACT.subtract(Decimal(after), Decimal(before))

    @property
    def differs(self) -> bool:
        """The value is not the same in both years: a blank against a value counts, and so do
        amounts whose units cannot be compared."""
        if self.previous is None and self.current is None:
            return False
        aligned = self._aligned()
        return aligned is None or aligned[0] != aligned[1]


def _value(grid: Grid, row: Node, col: Node) -> Count:
    """A cell; for a group row or column, the sum of its parts when all are stated."""
    stated = grid.values[row.index][col.index]
    if stated is not None or (row.kind is not Kind.GROUP and col.kind is not Kind.GROUP):
        return stated
    if row.kind is Kind.GROUP:
        parts = [_value(grid, grid.rows.nodes[k], col) for k in row.children]
    else:
        parts = [_value(grid, row, grid.columns.nodes[k]) for k in col.children]
    if any(p is None for p in parts):
        return None
    return sum(p for p in parts if p is not None)


def _grid_changes(before: Grid, after: Grid) -> Iterator[CellChange]:
    b, a = before.derived(), after.derived()
    seen: set[tuple[str, str]] = set()
    for grid, other, is_after in ((a, b, True), (b, a, False)):
        for row in grid.rows.cells:
            for col in grid.columns.cells:
                key = (row.code, col.code)
                if key in seen:
                    continue
                seen.add(key)
                o_row, o_col = other.rows.find(row.code), other.columns.find(col.code)
                mine = _value(grid, row, col)
                theirs = (
                    _value(other, o_row, o_col)
                    if o_row is not None and o_col is not None and o_row.has_cells
                    and o_col.has_cells else None
                )
                yield CellChange(
                    table=grid.table,
                    row=grid.row_path(grid.format, row),
                    column=col.path,
                    previous=theirs if is_after else mine,
                    current=mine if is_after else theirs,
                )


def _table2_changes(previous: AnnualReport, current: AnnualReport) -> Iterator[CellChange]:
    Cell = tuple[CellChange, Value, str | None]

    def cells(report: AnnualReport) -> dict[tuple[str, str, str], Cell]:
        return {
            (cell.block.code, cell.row_code, cell.column.code): (
                CellChange(
                    table="二", row=(cell.block.label, cell.row_label),
                    column=(cell.column.label,), previous=None, current=None,
                ),
                value, unit,
            )
            for cell, value, unit in report.table2.cells_with_units()
        }

    now, then = cells(current), cells(previous)
    for key, (shape, value, unit) in now.items():
        _, before, before_unit = then.get(key, (shape, None, None))
        yield attrs.evolve(shape, current=value, current_unit=unit, previous=before,
                           previous_unit=before_unit)
    for key, (shape, value, unit) in then.items():
        if key not in now:
            yield attrs.evolve(shape, previous=value, previous_unit=unit)


def compare_years(previous: AnnualReport, current: AnnualReport) -> list[CellChange]:
    """Every cell of tables 二、三、四 of two reports, with its change (see the module notes)."""
    if previous.year >= current.year:
        raise InvalidValue([
            Problem("年度", f"expected the earlier report first, got {previous.year} then "
                    f"{current.year}")
        ])
    return [
        *_table2_changes(previous, current),
        *_grid_changes(previous.table3, current.table3),
        *_grid_changes(previous.table4, current.table4),
    ]


def changed(changes: Iterable[CellChange]) -> list[CellChange]:
    """The cells whose value is not the same in both years (a blank against a value counts;
    amounts are compared in their units: :attr:`CellChange.differs`)."""
    return [ch for ch in changes if ch.differs]


# --- metrics and ranking ------------------------------------------------------------------

_METRICS: dict[str, type[Metric]] = {}


class Metric:
    """A ratio of two counts of a report; subclasses register under their ``code``."""

    code: ClassVar[str]
    label: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if not isinstance(code, str) or not code:
            raise FormatError(f"metric {cls.__name__} must declare its own `code`")
        if code in _METRICS:
            raise FormatError(f"metric code {code!r} is already used by {_METRICS[code].__name__}")
        _METRICS[code] = cls

    @classmethod
    def numerator(cls, report: AnnualReport) -> Count:
        raise NotImplementedError

    @classmethod
    def denominator(cls, report: AnnualReport) -> Count:
        raise NotImplementedError

    @classmethod
    def value(cls, report: AnnualReport) -> Fraction | None:
        """The ratio, or ``None`` when a count is blank or the denominator is 0."""
        top, bottom = cls.numerator(report), cls.denominator(report)
        if top is None or not bottom:
            return None
        return Fraction(top, bottom)


def metrics() -> tuple[type[Metric], ...]:
    """Every registered metric."""
    return tuple(_METRICS.values())


def _t3(report: AnnualReport, *rows: type[c.Outcome]) -> Count:
    grid = report.table3.derived()
    total = grid.columns[c.ApplicantTotal]
    values = [_value(grid, grid.rows[r], total) for r in rows]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _t4(report: AnnualReport, rows: Sequence[str], column: str) -> Count:
    grid = report.table4.derived()
    values = [grid[r, column] for r in rows]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


class DisclosedShare(Metric):
    """予以公开 ÷ （七）总计."""

    code = "disclosed_share"
    label = "予以公开率"

    @classmethod
    def numerator(cls, report: AnnualReport) -> Count:
        return _t3(report, c.Disclosed)

    @classmethod
    def denominator(cls, report: AnnualReport) -> Count:
        return _t3(report, c.ResultTotal)


class OpenedShare(Metric):
    """（予以公开 + 部分公开） ÷ （七）总计."""

    code = "opened_share"
    label = "公开率（含部分公开）"

    @classmethod
    def numerator(cls, report: AnnualReport) -> Count:
        return _t3(report, c.Disclosed, c.PartlyDisclosed)

    @classmethod
    def denominator(cls, report: AnnualReport) -> Count:
        return _t3(report, c.ResultTotal)


class ReviewCorrectionRate(Metric):
    """行政复议 结果纠正 ÷ 行政复议 总计."""

    code = "review_correction_rate"
    label = "复议纠正率"

    @classmethod
    def numerator(cls, report: AnnualReport) -> Count:
        return _t4(report, ("review",), "corrected")

    @classmethod
    def denominator(cls, report: AnnualReport) -> Count:
        return _t4(report, ("review",), "total")


class LitigationCorrectionRate(Metric):
    """行政诉讼 结果纠正 ÷ 行政诉讼 总计 (直接起诉与复议后起诉合计)."""

    code = "litigation_correction_rate"
    label = "诉讼纠错率"

    @classmethod
    def numerator(cls, report: AnnualReport) -> Count:
        return _t4(report, ("litigation_direct", "litigation_after_review"), "corrected")

    @classmethod
    def denominator(cls, report: AnnualReport) -> Count:
        return _t4(report, ("litigation_direct", "litigation_after_review"), "total")


@attrs.frozen(kw_only=True)
class RankRow:
    """One report in a ranking; ``rank`` is ``None`` when its metric cannot be computed.

    ``too_few`` says the rate was not computed because its denominator is below the
    threshold; ``source`` is the name the report was given by (e.g. its file).
    """

    rank: int | None
    body: str
    year: int
    value: Fraction | None
    numerator: Count
    denominator: Count
    too_few: bool = False
    source: str | None = None


def _metric(metric: str | type[Metric]) -> type[Metric]:
    if isinstance(metric, type) and issubclass(metric, Metric):
        return metric
    found = _METRICS.get(str(metric))
    if found is None:
        raise InvalidValue([
            Problem("metric", f"unknown metric {metric!r}; expected one of {'、'.join(_METRICS)}")
        ])
    return found


def _key(report: AnnualReport) -> tuple[str, int]:
    return re.sub(r"\s+", "", report.body), report.year


def distinct(
    reports: Iterable[AnnualReport], names: Iterable[str] | None = None
) -> tuple[list[tuple[str, AnnualReport]], list[tuple[str, str]]]:
    """``(kept, dropped)``: each body and year once, the first given kept.

    ``kept`` is ``(name, report)``; ``dropped`` is ``(name, name of the one kept)``. Names
    default to ``reports[i]``; bodies are compared without white space.
    """
    given = list(reports)
    labels = list(names) if names is not None else [f"reports[{i}]" for i in range(len(given))]
    if len(labels) != len(given):
        raise InvalidValue([Problem("names", f"expected {len(given)} names, got {len(labels)}")])
    first: dict[tuple[str, int], str] = {}
    kept: list[tuple[str, AnnualReport]] = []
    dropped: list[tuple[str, str]] = []
    for name, report in zip(labels, given, strict=True):
        key = _key(report)
        if key in first:
            dropped.append((name, first[key]))
        else:
            first[key] = name
            kept.append((name, report))
    return kept, dropped


def ranking(
    reports: Iterable[AnnualReport],
    metric: str | type[Metric],
    *,
    min_applications: int = 30,
    year: int | None = None,
    names: Iterable[str] | None = None,
) -> list[RankRow]:
    """Reports ordered by ``metric``, highest first, each year apart (see the module notes).

    Equal values share a rank (1, 2, 2, 4). ``year`` keeps one year only; ``names`` name the
    reports (e.g. their files) in :attr:`RankRow.source`. Years come in order.
    """
    kind = _metric(metric)
    if min_applications < 0:
        raise InvalidValue([Problem("min_applications", f"expected ≥ 0, got {min_applications}")])
    kept, _ = distinct(reports, names)
    by_year: dict[int, list[RankRow]] = {}
    for name, r in kept:
        if year is not None and r.year != year:
            continue
        bottom = kind.denominator(r)
        too_few = bottom is not None and bottom < min_applications
        by_year.setdefault(r.year, []).append(RankRow(
            rank=None, body=r.body, year=r.year,
            value=None if too_few else kind.value(r),
            numerator=kind.numerator(r), denominator=bottom, too_few=too_few,
            source=name if names is not None else None,
        ))
    out: list[RankRow] = []
    for _, rows in sorted(by_year.items()):
        known = sorted((r for r in rows if r.value is not None), key=lambda r: -(r.value or 0))
        ranked: list[RankRow] = []
        for i, row in enumerate(known):
            rank = ranked[-1].rank if ranked and ranked[-1].value == row.value else i + 1
            ranked.append(attrs.evolve(row, rank=rank))
        out.extend(ranked)
        out.extend(r for r in rows if r.value is None)
    return out


# --- rendering ----------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _shown(value: Value, unit: str | None) -> str:
    """A value as text; an amount in fixed point with its unit as printed (``16万``)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amount_text(value, unit)
    return str(value)


#: the change of amounts whose units cannot be compared
UNITS_DIFFER = "单位不同"


def _signed(change: CellChange) -> str:
    if change.units_differ:
        return UNITS_DIFFER
    value = change.change
    if value is None:
        return ""
    sign = "+" if value > 0 else "-" if value < 0 else ""
    size: int | Decimal = -value if value < 0 else value
    return sign + _shown(size, change.unit)


def _percent(value: Fraction | None) -> str:
    if value is None:
        return ""
    return f"{Decimal(value.numerator) / Decimal(value.denominator) * 100:.1f}%"


def _csv(header: Sequence[str], lines: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


def _aligned(header: Sequence[str], lines: Iterable[Sequence[str]], right: set[int]) -> str:
    """Plain aligned text; Chinese characters count two columns wide."""
    table = [list(header), *([visible(cell) for cell in line] for line in lines)]
    widths = [max(display_width(row[i]) for row in table) for i in range(len(header))]
    out = []
    for row in table:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"


def _change_lines(changes: Iterable[CellChange]) -> Iterator[list[str]]:
    for ch in changes:
        yield [
            ch.table, "/".join(ch.row), "/".join(ch.column),
            _shown(ch.previous, ch.previous_unit), _shown(ch.current, ch.current_unit),
            _signed(ch),
        ]


_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?|")
_CHANGE_HEADER = ("table", "row", "column", "previous", "current", "change")


def changes_csv(changes: Iterable[CellChange]) -> str:
    """CSV text: ``table,row,column,previous,current,change`` (labels as in report CSV;
    amounts with their units, ``16万``; a change of amounts in units that cannot be compared
    is ``单位不同``)."""
    lines = (
        [neutralise(table), neutralise(row), neutralise(column), *(
            # "+5万" is no number to a spreadsheet: kept from being read as a formula
            value if _NUMBER.fullmatch(value) else neutralise(value) for value in values
        )]
        for table, row, column, *values in _change_lines(changes)
    )
    return _csv(_CHANGE_HEADER, lines)


def changes_table(
    changes: Iterable[CellChange], *, previous_year: int | None = None,
    current_year: int | None = None,
) -> str:
    """A plain aligned terminal table of the changes."""
    header = (
        "表", "行", "列",
        f"{previous_year}年" if previous_year else "上年",
        f"{current_year}年" if current_year else "本年",
        "增减",
    )
    return _aligned(header, _change_lines(changes), right={3, 4, 5})


def _rank_lines(rows: Iterable[RankRow], *, percent: bool) -> Iterator[list[str]]:
    for row in rows:
        if percent:
            value = _percent(row.value)
        else:
            value = "" if row.value is None else f"{float(row.value):.6f}"
        if row.too_few and percent:
            value = "（样本不足）"
        yield [
            _text(row.rank), row.body, str(row.year), value,
            _text(row.numerator), _text(row.denominator),
        ]


def ranking_csv(rows: Iterable[RankRow]) -> str:
    """CSV text: ``rank,body,year,value,numerator,denominator,too_few,source`` (value as a
    0…1 ratio; ``too_few`` is ``1`` where the rate was not computed for too few applications)."""
    header = ("rank", "body", "year", "value", "numerator", "denominator", "too_few", "source")
    rows = list(rows)
    lines = (
        [rank, neutralise(body), *rest, "1" if row.too_few else "",
         neutralise(row.source or "")]
        for row, (rank, body, *rest) in zip(rows, _rank_lines(rows, percent=False), strict=True)
    )
    return _csv(header, lines)


def ranking_table(rows: Iterable[RankRow], metric: str | type[Metric]) -> str:
    """A plain aligned terminal table of a ranking (values as percentages)."""
    kind = _metric(metric)
    header = ("名次", "机关", "年度", kind.label, "分子", "分母")
    return _aligned(header, _rank_lines(rows, percent=True), right={0, 2, 3, 4, 5})

