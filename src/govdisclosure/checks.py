"""The report-level identities, as rule classes in a registry.

Each rule is a class with a stable ``id``, a :class:`~govdisclosure.findings.Severity` and a
pure method ``findings(report)``; defining a subclass registers it, so an agency tool adds a
check by subclassing :class:`Rule`. :func:`check` runs every rule and returns every finding;
:func:`validate` raises one :class:`~govdisclosure.errors.InconsistentReport` listing every
violation.

Official identities (spec ``format.md`` §7.1–7.2):

* ``T3-A`` per column: 一 + 二 = （七）总计 + 四 (the printed 勾稽关系);
* ``T3-B`` per row: 总计 = the sum of the applicant columns;
* ``T3-C`` per column: （七）总计 = the sum of every result row;
* ``T3-D`` a group row or column stated although the template prints none (e.g. a single
  （六）其他处理 row in a 2021 report) must equal its stated parts;
* ``T4``  per row of table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

A rule that needs a blank cell reports ``UNDETERMINED``: it neither passes nor fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from .errors import FormatError, InconsistentReport
from .findings import Finding, Place, Severity, Verdict
from .layout import Axis, Kind, Node
from .model import AnnualReport, Count, Grid, contribution

__all__ = [
    "BalanceRule",
    "GroupRule",
    "ResultTotalRule",
    "Rule",
    "RowTotalRule",
    "Table4TotalRule",
    "check",
    "rules",
    "validate",
]


def __dir__() -> list[str]:
    return __all__


_RULES: dict[str, type[Rule]] = {}


class Rule:
    """A check of a single report. Subclasses register themselves under their ``id``."""

    id: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    #: one line in Chinese: what the rule says
    description: ClassVar[str]

    def __init_subclass__(cls, *, abstract: bool = False, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        rule_id = cls.__dict__.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            raise FormatError(f"rule {cls.__name__} must declare its own `id`")
        if rule_id in _RULES:
            raise FormatError(f"rule id {rule_id!r} is already used by {_RULES[rule_id].__name__}")
        _RULES[rule_id] = cls

    def findings(self, report: AnnualReport) -> Iterable[Finding]:
        raise NotImplementedError


def rules() -> tuple[type[Rule], ...]:
    """Every registered rule class, in registration order (a read-only snapshot)."""
    return tuple(_RULES.values())


def check(report: AnnualReport, *, only: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of every registered rule (or of the rules named in ``only``)."""
    wanted = None if only is None else set(only)
    found: list[Finding] = []
    for rule in _RULES.values():
        if wanted is None or rule.id in wanted:
            found.extend(rule().findings(report))
    return found


def validate(report: AnnualReport) -> AnnualReport:
    """Return ``report`` if no official identity is violated; else raise
    :class:`~govdisclosure.errors.InconsistentReport` listing every violation."""
    violations = [
        f for f in check(report) if f.is_violation and f.severity is Severity.ERROR
    ]
    if violations:
        raise InconsistentReport(violations)
    return report


# --- helpers ------------------------------------------------------------------------------


def _num(value: Count) -> str:
    return "空白" if value is None else str(value)


def _finding(
    rule: type[Rule], place: Place, stated: Count, expected: Count, message: str
) -> Finding:
    judged = stated is not None and expected is not None
    verdict = Verdict.VIOLATED if judged else Verdict.UNDETERMINED
    if not judged:
        message = f"无法判断（有空白单元格）：{message}"
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        verdict=verdict,
        place=place,
        stated=stated,
        expected=expected,
        message=message,
    )


def _sum_check(
    rule: type[Rule],
    axis: Axis,
    header: Node,
    total: Node,
    get: Callable[[int], Count],
    place: Place,
    what: str,
) -> Finding | None:
    """Compare a stated total with the sum of its siblings along ``axis``."""
    stated = get(total.index)
    parts = [
        (axis.nodes[k], contribution(axis, k, get)) for k in header.children if k != total.index
    ]
    if any(v is None for _, v in parts):
        expected: Count = None
    else:
        expected = sum(v for _, v in parts if v is not None)
    if stated is not None and stated == expected:
        return None
    if stated is None and expected is None:
        # Nothing stated on either side: nothing to report (e.g. a fully blank row).
        if all(v is None for _, v in parts):
            return None
    terms = "+".join(f"{n.label}({_num(v)})" for n, v in parts)
    message = f"{what}{total.label}为{_num(stated)}，各项之和{terms}={_num(expected)}"
    return _finding(rule, place, stated, expected, message)


def _group_checks(
    rule: type[Rule], axis: Axis, get: Callable[[int], Count], place: Callable[[Node], Place]
) -> Iterator[Finding]:
    for group in axis.groups():
        stated = get(group.index)
        if stated is None:
            continue
        parts = [(axis.nodes[k], contribution(axis, k, get)) for k in group.children]
        if all(v is None for _, v in parts):
            continue  # only the group was printed: its parts are not stated
        expected = None if any(v is None for _, v in parts) else sum(
            v for _, v in parts if v is not None
        )
        if stated == expected:
            continue
        terms = "+".join(f"{n.label}({_num(v)})" for n, v in parts)
        yield _finding(
            rule, place(group), stated, expected,
            f"{group.label}为{stated}，其各项之和{terms}={_num(expected)}",
        )


def _row_path(grid: Grid, row: Node) -> tuple[str, ...]:
    return grid.row_path(grid.format, row)


# --- the official identities --------------------------------------------------------------


class BalanceRule(Rule):
    """T3-A: 一 + 二 = 三（七）总计 + 四, for every column (printed in the template)."""

    id = "T3-A"
    description = "第一项加第二项之和，等于第三项加第四项之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        grid = report.table3
        rows = grid.rows
        left_side, right_side = report.format.balance
        left = [rows[k] for k in left_side]
        right = [rows[k] for k in right_side]
        for col in grid.columns.cells:
            lv = [grid.values[r.index][col.index] for r in left]
            rv = [grid.values[r.index][col.index] for r in right]
            if all(v is None for v in lv + rv):
                continue
            lsum = None if None in lv else sum(v for v in lv if v is not None)
            rsum = None if None in rv else sum(v for v in rv if v is not None)
            if lsum is not None and lsum == rsum:
                continue
            lt = "+".join(f"{r.label}({_num(v)})" for r, v in zip(left, lv, strict=True))
            rt = "+".join(f"{r.label}({_num(v)})" for r, v in zip(right, rv, strict=True))
            yield _finding(
                BalanceRule,
                Place(table="三", column=col.path),
                rsum,
                lsum,
                f"「{col.path_text}」列：{lt}={_num(lsum)}，不等于{rt}={_num(rsum)}",
            )


def _grid_rows(rule: type[Rule], grid: Grid) -> Iterator[Finding]:
    """Each row's total column against the sum of its columns."""
    cols = grid.columns
    for header, total in cols.headers():
        for row in grid.rows.cells:
            line = grid.values[row.index]
            found = _sum_check(
                rule, cols, header, total, line.__getitem__,
                Place(table=grid.table, row=_row_path(grid, row), column=total.path),
                f"「{'/'.join(_row_path(grid, row))}」行：",
            )
            if found:
                yield found


class RowTotalRule(Rule):
    """T3-B: in every row of table 三, 总计 = the sum of the applicant columns."""

    id = "T3-B"
    description = "每行总计等于自然人与各类法人或其他组织之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _grid_rows(RowTotalRule, report.table3)


class ResultTotalRule(Rule):
    """T3-C: in every column of table 三, （七）总计 = the sum of every result row."""

    id = "T3-C"
    description = "（七）总计等于（一）至（六）各项之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        grid = report.table3
        rows = grid.rows
        for header, total in rows.headers():
            for col in grid.columns.cells:
                j = col.index
                found = _sum_check(
                    ResultTotalRule, rows, header, total,
                    lambda i, j=j: grid.values[i][j],
                    Place(table="三", row=total.path, column=col.path),
                    f"「{col.path_text}」列：",
                )
                if found:
                    yield found


class GroupRule(Rule):
    """T3-D: a group stated as one row or column equals the sum of its stated parts."""

    id = "T3-D"
    description = "合并填报的分组数等于其各分项之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        grid = report.table3
        for col in grid.columns.cells:
            j = col.index
            yield from _group_checks(
                GroupRule, grid.rows, lambda i, j=j: grid.values[i][j],
                lambda g, col=col: Place(table="三", row=g.path, column=col.path),
            )
        for row in grid.rows.cells:
            line = grid.values[row.index]
            yield from _group_checks(
                GroupRule, grid.columns, line.__getitem__,
                lambda g, row=row: Place(table="三", row=row.path, column=g.path),
            )


class Table4TotalRule(Rule):
    """T4: in every row of table 四, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""

    id = "T4"
    description = "行政复议、行政诉讼各总计等于结果维持、结果纠正、其他结果、尚未审结之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _grid_rows(Table4TotalRule, report.table4)
