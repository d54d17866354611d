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

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar

from .categories import Category
from .errors import FormatError, InconsistentReport
from .findings import Finding, Place, Severity, Verdict
from .formats import ReportFormat
from .layout import Axis, Kind, Node, SumPlan
from .model import AnnualReport, Count, Grid

__all__ = [
    "BLANK",
    "BalanceRule",
    "GroupRule",
    "ResultTotalRule",
    "RowTotalRule",
    "Rule",
    "RuleBase",
    "Table4TotalRule",
    "blank_cells",
    "check",
    "rules",
    "unregister",
    "validate",
]


def __dir__() -> list[str]:
    return __all__


class RuleBase:
    """What every kind of rule shares: an ``id``, a grade, a description, and registration.

    A subclass is registered under its ``id`` in the registry of the family it belongs to
    (``registry=`` on the family's base class opens a new one); ``abstract=True`` declares a
    base that is not itself a rule. Duplicate ids are refused.
    """

    id: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    #: one line in Chinese: what the rule says
    description: ClassVar[str]
    _registry: ClassVar[dict[str, type[RuleBase]]] = {}

    def __init_subclass__(
        cls,
        *,
        abstract: bool = False,
        registry: dict[str, type[RuleBase]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if registry is not None:
            cls._registry = registry
        if abstract:
            return
        rule_id = cls.__dict__.get("id")
        if not isinstance(rule_id, str) or not rule_id:
            raise FormatError(f"rule {cls.__name__} must declare its own `id`")
        if rule_id in cls._registry:
            raise FormatError(
                f"rule id {rule_id!r} is already used by {cls._registry[rule_id].__name__}"
            )
        cls._registry[rule_id] = cls


_RULES: dict[str, type[RuleBase]] = {}


class Rule(RuleBase, abstract=True, registry=_RULES):
    """A check of a single report. Subclasses register themselves under their ``id``."""

    def findings(self, report: AnnualReport) -> Iterable[Finding]:
        raise NotImplementedError


def unregister(rule_id: str) -> type[RuleBase]:
    """Remove the rule registered under ``rule_id`` (for tests and tools that replace a rule);
    returns its class. Raises ``LookupError`` naming the known ids when there is none."""
    try:
        return _RULES.pop(rule_id)
    except KeyError:
        raise LookupError(f"no rule {rule_id!r}; registered: {', '.join(_RULES)}") from None


def rules() -> tuple[type[Rule], ...]:
    """Every registered rule class, in registration order (a read-only snapshot)."""
    return tuple(r for r in _RULES.values() if issubclass(r, Rule))


def check(
    report: AnnualReport, *, only: Iterable[str] | None = None, strict: bool = False
) -> list[Finding]:
    """Every finding of every registered rule (or of the rules named in ``only``).

    ``strict=True`` is for reports being written rather than audited: every blank leaf cell
    is an error too (:func:`blank_cells`, rule ``BLANK``), listed first."""
    found: list[Finding] = blank_cells(report) if strict else []
    if only is None and _holds(report):
        return found  # every cell the rules read is stated and every identity holds
    wanted = None if only is None else set(only)
    for rule in rules():
        if wanted is None or rule.id in wanted:
            found.extend(rule().findings(report))
    return found


def validate(report: AnnualReport, *, strict: bool = False) -> AnnualReport:
    """Return ``report`` if no official identity is violated; else raise
    :class:`~govdisclosure.errors.InconsistentReport` listing every violation. With
    ``strict=True`` a blank leaf cell is a violation too (see :func:`check`)."""
    violations = [
        f for f in check(report, strict=strict)
        if f.is_violation and f.severity is Severity.ERROR
    ]
    if violations:
        raise InconsistentReport(violations)
    return report


# --- the fused identity plan -----------------------------------------------------------
#
# Most reports state every printed cell, leave the groups blank (or print one group row in
# full beside its parts) and add up: then no rule finds anything. One plan per (table,
# format), generated once as straight-line integer arithmetic, checks exactly that; when
# anything differs (a blank, another stated group, a broken identity, a rule registered by
# a tool) the rules run as they always do, so findings stay the same.


def _leaves_of(axis: Axis, index: int) -> list[int]:
    node = axis.nodes[index]
    if node.kind is not Kind.GROUP:
        return [index]
    return [k for child in node.children for k in _leaves_of(axis, child)]


def _covered(sums: list[tuple[list[str], list[str]]]) -> set[str]:
    """The cells that a blank of makes some comparison of ``sums`` fail: a side of two
    terms or more is a sum that raises or is an int, so a blank on either side makes it
    fail; two single cells would compare equal when both are blank."""
    return {
        cell for total, parts in sums if len(total) > 1 or len(parts) > 1
        for cell in (*total, *parts)
    }


def _holds_lines(
    cls: type[Grid], fmt: type[ReportFormat], name: Callable[[int, int], str], flag: str,
    indent: str = "    ",
) -> list[str]:
    """Source lines that set ``flag`` to whether every group column of a grid of ``cls`` and
    ``fmt`` is blank, every group row blank or stated in full, every other cell stated, and
    every sum across, sum down and (table 三) the balance holds, and for a stated group row
    its own sum across and its sum of its parts down each column (rule T3-D), as
    straight-line integer arithmetic; ``name(r, c)`` is the expression of a cell (the name
    of a local, or ``None`` where the cell is blank by construction).

    When ``flag`` is true no rule finds anything (``tests/test_checks.py``). The reader of
    the JSON document sets it with the values it holds as locals (``jsonio``: the fused
    plan, with nothing to unpack and the blank group cells known), :func:`_grid_plan` for
    any other grid: the same lines, so the same answer."""
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    body_rows = [n.index for n in rows.cells if n.kind is not Kind.GROUP]
    body_cols = [n.index for n in cols.cells if n.kind is not Kind.GROUP]

    def across(r: int) -> list[tuple[list[str], list[str]]]:
        return [([name(r, p.total)], [name(r, k) for k in p.leaves]) for p in cols.sums]

    sums: list[tuple[list[str], list[str]]] = []  # (total side, parts side)
    for r in body_rows:
        sums.extend(across(r))
    for plan in rows.sums:
        sums.extend(
            ([name(plan.total, c)], [name(k, c) for k in plan.leaves]) for c in body_cols
        )
    if cls.table == "三":
        left, right = (
            [k for code in side for k in _leaves_of(rows, rows[code].index)]
            for side in fmt.balance
        )
        sums.extend(
            ([name(k, c) for k in right], [name(k, c) for k in left]) for c in body_cols
        )
    # a group row whose parts are leaves may be stated in full (a report printing one row
    # for （六）其他处理); any other group row must be blank, as every group column
    stated_groups = {
        plan.node: plan for plan in rows.group_sums
        if all(rows.nodes[k].kind is Kind.LEAF for k in rows.nodes[plan.node].children)
    }
    blank_cells = [
        name(r, c) for r in range(len(rows)) for c in range(len(cols))
        if cols.nodes[c].kind is Kind.GROUP
        or (rows.nodes[r].kind is Kind.GROUP and r not in stated_groups)
    ]
    blank_cells = [v for v in blank_cells if v != "None"]  # blank by construction
    covered = _covered(sums)
    lone = [name(r, c) for r in body_rows for c in body_cols if name(r, c) not in covered]

    def equal(pairs: list[tuple[list[str], list[str]]]) -> str:
        return " and ".join(f"{' + '.join(t)} == {' + '.join(p)}" for t, p in pairs) or "True"

    i1, i2, i3, i4 = (indent + "    " * k for k in range(1, 5))
    source = [
        f"{indent}{flag} = False",
        f"{indent}if " + (" and ".join(f"{v} is None" for v in blank_cells) or "True") + ":",
        f"{i1}if not (" + (" or ".join(f"{v} is None" for v in lone) or "False") + "):",
        f"{i2}try:",
        f"{i3}if {equal(sums)}:",
        f"{i4}{flag} = True",
    ]
    for g, plan in stated_groups.items():
        own = across(g) + [
            ([name(g, c)], [name(k, c) for k in plan.leaves]) for c in body_cols
        ]
        cells = [name(g, c) for c in body_cols]
        alone = [v for v in cells if v not in _covered(own)]
        source += [
            f"{i4}if {flag} and not (" + " and ".join(f"{v} is None" for v in cells) + "):",
            f"{i4}    if " + "".join(f"{v} is None or " for v in alone)
            + f"not ({equal(own)}):",
            f"{i4}        {flag} = False",
        ]
    source += [f"{i2}except TypeError:  # a blank term", f"{i3}{flag} = False"]
    return source


def _holds_source(grid: Grid) -> list[str]:
    """The source of ``holds(values)`` (see :func:`_holds_lines`), the cells unpacked once."""
    cls, fmt = type(grid), grid.format
    height, width = len(cls.row_axis(fmt)), len(cls.column_axis(fmt))
    return [
        "def holds(values):",
        *(f"    {', '.join(f'v{r}_{c}' for c in range(width))}, = values[{r}]"
          for r in range(height)),
        *_holds_lines(cls, fmt, lambda r, c: f"v{r}_{c}", "found"),
        "    return found",
    ]


_grid_plans: dict[tuple[type[Grid], type[ReportFormat]],
                  tuple[int, Callable[[tuple[tuple[Count, ...], ...]], bool]]] = {}


def _grid_plan(grid: Grid) -> Callable[[tuple[tuple[Count, ...], ...]], bool]:
    """The generated ``holds`` of the grid's table and format (see :func:`_holds_source`)."""
    key = (type(grid), grid.format)
    entry = _grid_plans.get(key)
    if entry is not None and entry[0] == Category.generation:
        return entry[1]
    import linecache  # only when a plan is made: ``import govdisclosure`` stays light

    source = "\n".join(_holds_source(grid)) + "\n"
    filename = f"<govdisclosure generated holds {grid.table} {grid.format.code}>"
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)  # our own source, generated above
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    holds: Callable[[tuple[tuple[Count, ...], ...]], bool] = namespace["holds"]
    _grid_plans[key] = (Category.generation, holds)
    return holds


_BUILTIN: tuple[type[RuleBase], ...] = ()


def _holds(report: AnnualReport) -> bool:
    """Whether the built-in rules, and only they, would find nothing (see above)."""
    if tuple(_RULES.values()) != _BUILTIN:
        return False
    t3, t4 = report.table3, report.table4
    # judged already by the reader that built a grid (the fused plan), or judged here
    h3, h4 = t3._holds, t4._holds
    return (
        (_grid_plan(t3)(t3.values) if h3 is None else h3)
        and (_grid_plan(t4)(t4.values) if h4 is None else h4)
    )


#: The rule id of a blank leaf cell in :func:`check` with ``strict=True``.
BLANK = "BLANK"
_BLANK_MESSAGE = (
    "空白单元格：编写报告时每个明细格都要填写（没有就填 0） / blank cell: fill it in (0 if none)"
)


def blank_cells(report: AnnualReport) -> list[Finding]:
    """One error for every blank leaf cell, named by its official labels, in printed order:
    every cell of table 二, and the cells of tables 三 and 四 whose row and column are both
    leaves (totals are derived, and group cells are not printed in the template)."""
    found: list[Finding] = []
    for cell, value in report.table2.cells():
        if value is None:
            found.append(_blank(Place(
                table="二", row=(cell.block.label, cell.row_label), column=(cell.column.label,)
            )))
    for grid in (report.table3, report.table4):
        rows = [r for r in grid.rows.cells if r.kind is Kind.LEAF]
        cols = [c for c in grid.columns.cells if c.kind is Kind.LEAF]
        for row in rows:
            line = grid.values[row.index]
            if None not in line:
                continue
            for col in cols:
                if line[col.index] is None:
                    found.append(_blank(Place(
                        table=grid.table, row=grid.row_path(grid.format, row), column=col.path
                    )))
    return found


def _blank(place: Place) -> Finding:
    return Finding(
        rule=BLANK, severity=Severity.ERROR, verdict=Verdict.VIOLATED, place=place,
        stated=None, expected=None, message=_BLANK_MESSAGE,
    )


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


def _sum_findings(
    rule: type[Rule],
    axis: Axis,
    plans: Iterable[SumPlan],
    lines: Sequence[tuple[Node, Sequence[Count]]],
    place: Callable[[Node, Node], Place],
    what: Callable[[Node], str],
) -> Iterator[Finding]:
    """Compare each plan's stated total with the sum of its parts, on every line.

    ``lines`` are the rows (or columns) of the other axis with their values along ``axis``;
    for a GROUP plan the group's own value is the total, and a group with none of its parts
    stated was printed as one line: nothing to compare.
    """
    for plan in plans:
        is_group = plan.node == plan.total
        total = axis.nodes[plan.total]
        for other, line in lines:
            stated = line[plan.total]
            if is_group and stated is None:
                continue
            expected = axis.evaluate(plan, line)
            if stated is not None and stated == expected:
                continue
            parts = [(axis.nodes[k], axis.contribution(k, line)) for k in plan.parts]
            if (
                expected is None
                and all(v is None for _, v in parts)
                and (stated is None or is_group)
            ):
                # Nothing stated among the parts: a blank line, or a group printed as one row.
                continue
            terms = "+".join(f"{n.label}({_num(v)})" for n, v in parts)
            yield _finding(
                rule,
                place(other, total),
                stated,
                expected,
                f"{what(other)}{total.label}为{_num(stated)}，各项之和{terms}={_num(expected)}",
            )


def _lines(
    nodes: Sequence[Node], values: Sequence[Sequence[Count]]
) -> list[tuple[Node, Sequence[Count]]]:
    # A group line (not printed in the template) left wholly blank has nothing to check.
    lines = []
    for node in nodes:
        line = values[node.index]
        if node.kind is not Kind.GROUP or line.count(None) != len(line):
            lines.append((node, line))
    return lines


def _row_lines(grid: Grid) -> list[tuple[Node, Sequence[Count]]]:
    return _lines(grid.rows.cells, grid.values)


def _column_lines(grid: Grid) -> list[tuple[Node, Sequence[Count]]]:
    return _lines(grid.columns.cells, grid.column_values())


def _across(rule: type[Rule], grid: Grid, plans: Iterable[SumPlan]) -> Iterator[Finding]:
    """Sums across the columns of each row (T3-B, T4, group columns)."""

    def place(row: Node, total: Node) -> Place:
        return Place(table=grid.table, row=grid.row_path(grid.format, row), column=total.path)

    def what(row: Node) -> str:
        return f"「{'/'.join(grid.row_path(grid.format, row))}」行："

    return _sum_findings(rule, grid.columns, plans, _row_lines(grid), place, what)


def _down(rule: type[Rule], grid: Grid, plans: Iterable[SumPlan]) -> Iterator[Finding]:
    """Sums down the rows of each column (T3-C, group rows)."""

    def place(col: Node, total: Node) -> Place:
        return Place(table=grid.table, row=grid.row_path(grid.format, total), column=col.path)

    def what(col: Node) -> str:
        return f"「{col.path_text}」列："

    return _sum_findings(rule, grid.rows, plans, _column_lines(grid), place, what)


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
        for col, column in _column_lines(grid):
            # A balance row that a variant splits into parts is the sum of its parts.
            lv = [rows.contribution(r.index, column) for r in left]
            rv = [rows.contribution(r.index, column) for r in right]
            lsum = None if None in lv else sum(v for v in lv if v is not None)
            rsum = None if None in rv else sum(v for v in rv if v is not None)
            if (lsum is not None and lsum == rsum) or all(v is None for v in lv + rv):
                continue
            lt = "+".join(f"{r.label}({_num(v)})" for r, v in zip(left, lv, strict=True))
            rt = "+".join(f"{r.label}({_num(v)})" for r, v in zip(right, rv, strict=True))
            yield _finding(
                BalanceRule,
                Place(table="三", column=col.path),
                rsum,
                lsum,
                # "not equal" only when both sides are known; a blank leaves it open
                f"「{col.path_text}」列：{lt}={_num(lsum)}"
                f"{'，不等于' if lsum is not None and rsum is not None else '；'}"
                f"{rt}={_num(rsum)}",
            )


class RowTotalRule(Rule):
    """T3-B: in every row of table 三, 总计 = the sum of the applicant columns."""

    id = "T3-B"
    description = "每行总计等于自然人与各类法人或其他组织之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _across(RowTotalRule, report.table3, report.table3.columns.sums)


class ResultTotalRule(Rule):
    """T3-C: in every column of table 三, （七）总计 = the sum of every result row."""

    id = "T3-C"
    description = "（七）总计等于（一）至（六）各项之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _down(ResultTotalRule, report.table3, report.table3.rows.sums)


class GroupRule(Rule):
    """T3-D: a group stated as one row or column equals the sum of its stated parts."""

    id = "T3-D"
    description = "合并填报的分组数等于其各分项之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        grid = report.table3
        yield from _down(GroupRule, grid, grid.rows.group_sums)
        yield from _across(GroupRule, grid, grid.columns.group_sums)


class Table4TotalRule(Rule):
    """T4: in every row of table 四, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""

    id = "T4"
    description = "行政复议、行政诉讼各总计等于结果维持、结果纠正、其他结果、尚未审结之和"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _across(Table4TotalRule, report.table4, report.table4.columns.sums)


_BUILTIN = (BalanceRule, RowTotalRule, ResultTotalRule, GroupRule, Table4TotalRule)
