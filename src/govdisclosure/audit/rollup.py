"""Roll units' reports up into one report (逐级汇总, spec ``format.md`` §6.3).

:func:`aggregate` sums the *leaf* cells of units' reports of one year and one format; every
total (总计 column, （七）总计, table 四 总计) is derived from those sums, so tables 三 and 四
of the result satisfy T3-B, T3-C and T4 by construction, and T3-A whenever each unit's leaf
cells balance. Units' stated totals are not summed: a total a unit got wrong does not spread.

Blank cells: a leaf left blank in any unit cannot be summed, so the aggregate cell is blank
(``None``), and so is every total derived from it — the rule of the house is that a blank is
never read as 0. :func:`blank_cells` names which units left which cells blank.

A unit that states a group (a single （六）其他处理 row in a 2021 report, as 淮安市洪泽区 does,
or one merged 法人或其他组织 column) but not its parts contributes that group value; the
aggregate then states the group as the sum of the units' contributions while its parts stay
blank, and its totals are derived through the group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal

from govdisclosure.checks import BalanceRule, check
from govdisclosure.errors import InconsistentReport, InvalidValue, LayoutError, Problem
from govdisclosure.findings import Finding, Severity
from govdisclosure.formats import ReportFormat, ValueKind
from govdisclosure.layout import Axis, Kind, Node
from govdisclosure.model import AnnualReport, Count, Grid, Metadata, Table2, Table3, Table4

from ._base import contribution

__all__ = ["aggregate", "blank_cells"]

Key = str | type | Node


def __dir__() -> list[str]:
    return __all__


def _name(i: int, report: AnnualReport) -> str:
    return f"reports[{i}]（{report.body} {report.year}年 {report.format.code}格式）"


def _refuse_mixed(reports: Sequence[AnnualReport]) -> type[ReportFormat]:
    if not reports:
        raise InvalidValue([Problem("reports", "expected at least one report to aggregate")])
    first = reports[0]
    formats = [
        Problem(_name(i, r), f"format {r.format.code} differs from {first.format.code} of "
                f"{_name(0, first)}")
        for i, r in enumerate(reports) if r.format is not first.format
    ]
    if formats:
        raise LayoutError(formats, "cannot aggregate reports of different format versions")
    years = [
        Problem(_name(i, r), f"year {r.year} differs from {first.year} of {_name(0, first)}")
        for i, r in enumerate(reports) if r.year != first.year
    ]
    if years:
        raise InvalidValue(years, "cannot aggregate reports of different years")
    return first.format


def _getter(grid: Grid, column: int) -> Callable[[int], Count]:
    def get(row: int) -> Count:
        return grid.values[row][column]

    return get


def _row_getter(grid: Grid, row: int) -> Callable[[int], Count]:
    def get(column: int) -> Count:
        return grid.values[row][column]

    return get


def _group_sum(axis: Axis, group: Node, getters: Sequence[Callable[[int], Count]]) -> Count:
    """A group cell of the sum: stated only where some unit's parts are blank and every unit's
    contribution (its parts, or its own stated group value) is known."""
    parts_blank = any(read(k) is None for read in getters for k in group.children)
    contributions = [contribution(axis, group.index, read) for read in getters]
    if parts_blank and all(v is not None for v in contributions):
        return sum(v for v in contributions if v is not None)
    return None


def _sum_grid(kind: type[Grid], fmt: type[ReportFormat], grids: Sequence[Grid]) -> Grid:
    rows, cols = kind.row_axis(fmt), kind.column_axis(fmt)
    counts: dict[Key, Mapping[Key, Count]] = {}
    for row in rows.cells:
        if row.kind is Kind.TOTAL:
            continue
        line: dict[Key, Count] = {}
        for col in cols.cells:
            if col.kind is Kind.TOTAL or (row.kind is Kind.GROUP and col.kind is Kind.GROUP):
                continue
            if row.kind is Kind.GROUP:
                value = _group_sum(rows, row, [_getter(g, col.index) for g in grids])
                if value is not None:
                    line[col.code] = value
                continue
            if col.kind is Kind.GROUP:  # e.g. a unit printing one 法人或其他组织 column
                value = _group_sum(cols, col, [_row_getter(g, row.index) for g in grids])
                if value is not None:
                    line[col.code] = value
                continue
            values = [g.values[row.index][col.index] for g in grids]
            line[col.code] = (
                None if any(v is None for v in values)
                else sum(v for v in values if v is not None)
            )
        counts[row.code] = line
    return kind.from_counts(fmt, counts)


def _sum_table3(fmt: type[ReportFormat], grids: Sequence[Table3]) -> Table3:
    grid = _sum_grid(Table3, fmt, grids)
    assert isinstance(grid, Table3)
    return grid


def _sum_table2(fmt: type[ReportFormat], tables: Sequence[Table2]) -> Table2:
    out: list[int | Decimal | None] = []
    for cell in fmt.table2_cells():
        values = [t.values[cell.index] for t in tables]
        if any(v is None for v in values):
            out.append(None)
        elif cell.column.kind is ValueKind.MONEY:
            out.append(sum((Decimal(v) for v in values if v is not None), Decimal(0)))
        else:
            out.append(sum(v for v in values if isinstance(v, int)))
    return Table2(format=fmt, values=tuple(out))


def _unit_breaks(reports: Sequence[AnnualReport]) -> Iterator[Finding]:
    """T3-A of each unit, recomputed from its leaf cells, named by the unit."""
    fmt = reports[0].format
    for i, report in enumerate(reports):
        alone = AnnualReport(
            format=fmt, metadata=report.metadata,
            table2=report.table2,
            table3=_sum_table3(fmt, [report.table3]),
            table4=report.table4,
        )
        for finding in BalanceRule().findings(alone):
            if finding.is_violation:
                yield Finding(
                    rule=finding.rule, severity=finding.severity, verdict=finding.verdict,
                    place=finding.place, stated=finding.stated, expected=finding.expected,
                    message=f"{_name(i, report)}：{finding.message}",
                )


def aggregate(reports: Sequence[AnnualReport], *, body: str) -> AnnualReport:
    """One report whose cells are the sums of ``reports``' cells (see the module's notes).

    ``body`` names the aggregate (e.g. ``XX县人民政府``). Reports of different format
    versions are refused with :class:`~govdisclosure.errors.LayoutError`, of different years
    with :class:`~govdisclosure.errors.InvalidValue`, each problem naming the report. When a
    unit's leaf cells do not balance (T3-A), the sum cannot either:
    :class:`~govdisclosure.errors.InconsistentReport` names the units and columns.
    """
    fmt = _refuse_mixed(reports)
    table3 = _sum_table3(fmt, [r.table3 for r in reports])
    table4 = _sum_grid(Table4, fmt, [r.table4 for r in reports])
    assert isinstance(table4, Table4)
    result = AnnualReport(
        format=fmt,
        metadata=Metadata(body=body, year=reports[0].year),
        table2=_sum_table2(fmt, [r.table2 for r in reports]),
        table3=table3,
        table4=table4,
    )
    broken = [f for f in check(result) if f.is_violation and f.severity is Severity.ERROR]
    if broken:
        raise InconsistentReport(list(_unit_breaks(reports)) or broken)
    return result


def blank_cells(reports: Sequence[AnnualReport]) -> Iterator[tuple[str, str]]:
    """(unit, place) of every leaf cell a unit left blank, which blanks the aggregate cell."""
    for i, report in enumerate(reports):
        grids: tuple[Grid, ...] = (report.table3, report.table4)
        for grid in grids:
            for row, col, count in grid.cells():
                if count is None and row.kind is Kind.LEAF and col.kind is Kind.LEAF:
                    yield _name(i, report), grid.place(row, col)
        for cell, value in report.table2.cells():
            if value is None:
                yield _name(i, report), f"表二 / {cell.row_path} / {cell.column.label}"
