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

A body–year given twice is refused (:class:`~govdisclosure.errors.InvalidValue` naming both;
:func:`govdisclosure.audit.distinct` drops the later ones first, for a caller that wants to go
on), and every problem names the report by ``names`` (its file) when given.

:func:`rollup_tree` rolls up along an administrative tree (:func:`read_tree`: a CSV of
``parent,child`` rows): each parent is the sum of its children, a child that is itself a
parent counting as its published report when there is one, else as its own roll-up; where a
parent is a roll-up and its published report is given, every cell that differs from the sum
of its children is an ``R-1`` warning.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from govdisclosure.checks import BalanceRule, check
from govdisclosure.errors import InconsistentReport, InvalidValue, LayoutError, Problem
from govdisclosure.findings import Finding, Place, Severity, Verdict
from govdisclosure.formats import ReportFormat, ValueKind
from govdisclosure.layout import Axis, Kind, Node
from govdisclosure.model import AnnualReport, Count, Grid, Metadata, Table2, Table3, Table4

from ._base import contribution, num
from .compare import _grid_changes, _table2_changes, distinct
from .publication import BodyKind, body_kind

__all__ = ["Edge", "TreeRollup", "aggregate", "blank_cells", "read_tree", "rollup_tree"]

Key = str | type | Node


def __dir__() -> list[str]:
    return __all__


def _name(i: int, report: AnnualReport, names: Sequence[str] | None = None) -> str:
    label = names[i] if names is not None else f"reports[{i}]"
    return f"{label}（{report.body} {report.year}年 {report.format.code}格式）"


def _refuse_mixed(
    reports: Sequence[AnnualReport], names: Sequence[str] | None = None
) -> type[ReportFormat]:
    if not reports:
        raise InvalidValue([Problem("reports", "expected at least one report to aggregate")])
    if names is not None and len(names) != len(reports):
        raise InvalidValue([Problem("names", f"expected {len(reports)} names, got {len(names)}")])
    labels = list(names) if names is not None else [f"reports[{i}]" for i in range(len(reports))]
    _, dropped = distinct(reports, labels)
    if dropped:
        raise InvalidValue(
            [Problem(name, f"the same body and year as {first} is given twice")
             for name, first in dropped],
            "cannot aggregate a body's report for one year twice",
        )
    first = reports[0]

    def named(i: int, report: AnnualReport) -> str:
        return _name(i, report, names)

    formats = [
        Problem(named(i, r), f"format {r.format.code} differs from {first.format.code} of "
                f"{named(0, first)}")
        for i, r in enumerate(reports) if r.format is not first.format
    ]
    if formats:
        raise LayoutError(formats, "cannot aggregate reports of different format versions")
    years = [
        Problem(named(i, r), f"year {r.year} differs from {first.year} of {named(0, first)}")
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
    """Leaf sums; an amount is summed only when every unit printed it in the same unit (as
    printed: 16万 and 5元 have no sum here), else it is left blank rather than made wrong."""
    out: list[int | Decimal | None] = []
    units: list[str | None] = []
    for cell in fmt.table2_cells():
        values = [t.values[cell.index] for t in tables]
        printed = {t.units[cell.index] for t in tables}
        units.append(None)
        if any(v is None for v in values):
            out.append(None)
        elif cell.column.kind is ValueKind.MONEY:
            if len(printed) != 1:
                out.append(None)
                continue
            out.append(sum((Decimal(v) for v in values if v is not None), Decimal(0)))
            units[-1] = printed.pop()
        else:
            out.append(sum(v for v in values if isinstance(v, int)))
    return Table2(format=fmt, values=tuple(out), units=tuple(units))


def _unit_breaks(
    reports: Sequence[AnnualReport], names: Sequence[str] | None = None
) -> Iterator[Finding]:
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
                    message=f"{_name(i, report, names)}：{finding.message}",
                )


def aggregate(
    reports: Sequence[AnnualReport], *, body: str, names: Sequence[str] | None = None
) -> AnnualReport:
    """One report whose cells are the sums of ``reports``' cells (see the module's notes).

    ``body`` names the aggregate (e.g. ``XX县人民政府``). Reports of different format
    versions are refused with :class:`~govdisclosure.errors.LayoutError`, of different years
    with :class:`~govdisclosure.errors.InvalidValue`, each problem naming the report (by
    ``names``, e.g. the files, when given); so is a body–year given twice. When a
    unit's leaf cells do not balance (T3-A), the sum cannot either:
    :class:`~govdisclosure.errors.InconsistentReport` names the units and columns.
    """
    fmt = _refuse_mixed(reports, names)
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
        raise InconsistentReport(list(_unit_breaks(reports, names)) or broken)
    return result


def blank_cells(
    reports: Sequence[AnnualReport], names: Sequence[str] | None = None
) -> Iterator[tuple[str, str]]:
    """(unit, place) of every leaf cell a unit left blank, which blanks the aggregate cell."""
    for i, report in enumerate(reports):
        grids: tuple[Grid, ...] = (report.table3, report.table4)
        for grid in grids:
            for row, col, count in grid.cells():
                if count is None and row.kind is Kind.LEAF and col.kind is Kind.LEAF:
                    yield _name(i, report, names), grid.place(row, col)
        for cell, value in report.table2.cells():
            if value is None:
                yield _name(i, report, names), f"表二 / {cell.row_path} / {cell.column.label}"


# --- along an administrative tree ---------------------------------------------------------

_ROLLUP_KINDS = frozenset({BodyKind.COUNTY, BodyKind.CITY, BodyKind.PROVINCE})
_YES, _NO = frozenset({"1", "yes", "true", "是", "汇总"}), frozenset({"0", "no", "false", "否"})


def _body(name: str) -> str:
    return re.sub(r"\s+", "", name)


@attrs.frozen(kw_only=True)
class Edge:
    """One row of a tree: ``child`` reports to ``parent``; ``rollup`` marks the parent's
    report as a roll-up (``None``: read from the parent's name)."""

    parent: str
    child: str
    rollup: bool | None = None


def read_tree(source: str | Path) -> list[Edge]:
    """The rows of a tree CSV: ``parent,child`` and an optional third column ``rollup``
    (1/是 or 0/否). A first row ``parent,child…`` is a header. ``source`` is a path or the text.

    Refuses a row without two names, a child with two parents, and a cycle, naming the row.
    """
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    problems: list[Problem] = []
    edges: list[Edge] = []
    parent_of: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and cells[:2] == ["parent", "child"]):
            continue
        where = f"第{number}行"
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(Problem(where, f"expected parent,child, got {','.join(cells)!r}"))
            continue
        flag = cells[2].lower() if len(cells) > 2 and cells[2] else None
        if flag is not None and flag not in _YES | _NO:
            problems.append(Problem(where, f"expected rollup 1/0 (是/否), got {cells[2]!r}"))
            continue
        parent, child = _body(cells[0]), _body(cells[1])
        if parent_of.get(child, parent) != parent:
            problems.append(Problem(where, f"{child} has two parents: {parent_of[child]} and "
                                    f"{parent}"))
            continue
        parent_of[child] = parent
        edges.append(Edge(parent=parent, child=child,
                          rollup=None if flag is None else flag in _YES))
    for start in parent_of:
        seen, node = {start}, start
        while node in parent_of:
            node = parent_of[node]
            if node in seen:
                problems.append(Problem(start, "the tree has a cycle through this body"))
                break
            seen.add(node)
    if problems:
        raise InvalidValue(problems, "cannot read the administrative tree")
    return edges


@attrs.frozen(kw_only=True)
class TreeRollup:
    """What :func:`rollup_tree` found: each parent's sum of its children, and the ``R-1``
    findings where a roll-up's published report differs from that sum."""

    sums: Mapping[str, AnnualReport]
    findings: tuple[Finding, ...]
    #: parents whose sum could not be made (no child's report given), by body
    missing: tuple[str, ...] = ()
    #: parents whose sum is of some children only (the others' reports were not given)
    partial: tuple[str, ...] = ()


def _differences(parent: str, total: AnnualReport, published: AnnualReport) -> Iterator[Finding]:
    for change in (
        *_table2_changes(total, published),
        *_grid_changes(total.table3, published.table3),
        *_grid_changes(total.table4, published.table4),
    ):
        if change.previous is None or change.current is None or change.previous == change.current:
            continue
        counts = isinstance(change.current, int) and isinstance(change.previous, int)
        yield Finding(
            rule="R-1", severity=Severity.WARNING, verdict=Verdict.VIOLATED,
            place=Place(table=change.table, row=change.row, column=change.column),
            # a money cell is no count: its amounts are in the message, exactly
            stated=int(change.current) if counts else None,
            expected=int(change.previous) if counts else None,
            message=f"{parent}的汇总报告为{num(change.current)}，下级报告之和为{num(change.previous)}",
        )


def rollup_tree(
    reports: Sequence[AnnualReport],
    tree: Sequence[Edge],
    *,
    names: Sequence[str] | None = None,
) -> TreeRollup:
    """Roll ``reports`` (one year) up along ``tree`` and check roll-ups (see the module notes).

    Reports are matched to the tree by body name (white space ignored); a body–year given
    twice is refused as by :func:`aggregate`. A parent is a roll-up when its tree row says so,
    else when its name is a county's, city's or province's people's government.
    """
    labels = list(names) if names is not None else [f"reports[{i}]" for i in range(len(reports))]
    _refuse_mixed(reports, labels)
    published = {_body(r.body): (label, r) for label, r in zip(labels, reports, strict=True)}
    children: dict[str, list[str]] = {}
    rollup: dict[str, bool] = {}
    for edge in tree:
        children.setdefault(edge.parent, []).append(edge.child)
        if edge.rollup is not None:
            rollup[edge.parent] = edge.rollup
    sums: dict[str, AnnualReport] = {}
    findings: list[Finding] = []
    missing: list[str] = []
    complete: set[str] = set()

    def value(body: str) -> tuple[str, AnnualReport] | None:
        if body in published:
            return published[body]
        if body in complete:  # a sum of only some children stands for nobody
            return body, sums[body]
        return None

    def visit(body: str) -> None:
        for child in children.get(body, ()):
            if child in children and child not in sums:
                visit(child)
        parts = [v for v in map(value, children[body]) if v is not None]
        if not parts:
            missing.append(body)
            return
        total = aggregate([r for _, r in parts], body=body, names=[n for n, _ in parts])
        sums[body] = total
        if len(parts) == len(children[body]):
            complete.add(body)
        is_rollup = rollup.get(body)
        if is_rollup is None:
            is_rollup = body_kind(body) in _ROLLUP_KINDS
        if is_rollup and body in published and body in complete:
            findings.extend(_differences(body, total, published[body][1]))

    for parent in children:
        if parent not in sums and parent not in missing:
            visit(parent)
    return TreeRollup(
        sums=sums, findings=tuple(findings), missing=tuple(missing),
        partial=tuple(b for b in sums if b not in complete),
    )
