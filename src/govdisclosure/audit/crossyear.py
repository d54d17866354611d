"""Checks across two reports of the same body for consecutive years (spec ``format.md`` §7.3).

A pair rule is a class with a stable ``id``, a grade and a pure method
``findings(previous, current)``; defining a subclass of :class:`PairRule` registers it, as
:class:`govdisclosure.checks.Rule` does for single reports. :func:`check_pair` runs them all.

* ``X-1`` (error) per column of table 三: this year's 二、上年结转 = last year's
  四、结转下年度继续办理 — the two rows describe the same stock, so a break is named at its
  column. Rows and columns are matched by code, so the check works across the 2019→2021
  format change.
* ``X-2`` (warning, 2021 format): 现行有效件数(N) =
  现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N).
* ``X-3`` (warning, 2019 format): 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1).
* ``X-4`` (warning, 2019 format): 对外公开总数量(N) = 对外公开总数量(N−1) + 本年新公开数量(N).

X-2…X-4 are heuristics that legitimately fail (修改、清理、scope changes). A blank cell that a
rule needs gives ``UNDETERMINED``; a rule with nothing stated on either side says nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from govdisclosure import categories as c
from govdisclosure.checks import RuleBase
from govdisclosure.errors import InvalidValue, Problem
from govdisclosure.findings import Finding, Place, Severity
from govdisclosure.formats import ReportFormat, T2Block
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport

from ._base import cell, judged, num

__all__ = [
    "CarryOverRule",
    "InForceRule",
    "PairRule",
    "PreviousItemsRule",
    "PublishedTotalRule",
    "check_pair",
    "pair_rules",
]


def __dir__() -> list[str]:
    return __all__


_PAIR_RULES: dict[str, type[RuleBase]] = {}


class PairRule(RuleBase, abstract=True, registry=_PAIR_RULES):
    """A check of two reports of one body for consecutive years; subclasses register."""

    severity: ClassVar[Severity] = Severity.WARNING

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterable[Finding]:
        raise NotImplementedError


def pair_rules() -> tuple[type[PairRule], ...]:
    """Every registered pair rule class, in registration order (a read-only snapshot)."""
    return tuple(r for r in _PAIR_RULES.values() if issubclass(r, PairRule))


def check_pair(
    previous: AnnualReport, current: AnnualReport, *, only: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding of every registered pair rule (or of those named in ``only``).

    ``current`` must be for the year after ``previous``; whether both are of the same body is
    the caller's judgement (bodies are renamed), so names are not compared.
    """
    if current.year != previous.year + 1:
        raise InvalidValue([
            Problem(
                "年度",
                f"expected reports for consecutive years, got {previous.year} "
                f"({previous.body}) and {current.year} ({current.body})",
            )
        ])
    wanted = None if only is None else set(only)
    found: list[Finding] = []
    for rule in pair_rules():
        if wanted is None or rule.id in wanted:
            found.extend(rule().findings(previous, current))
    return found


# --- X-1 ----------------------------------------------------------------------------------


class CarryOverRule(PairRule):
    """X-1: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, per column."""

    id = "X-1"
    severity = Severity.ERROR
    description = "本年“二、上年结转”等于上年“四、结转下年度继续办理”（逐列）"

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        cur, prev = current.table3, previous.table3
        row_now = cur.rows[c.CarriedOver]
        row_then = prev.rows[c.CarriedForward]
        pairs = []
        for col in cur.columns.cells:
            then_col = prev.columns.find(col.code)
            if then_col is None or not then_col.has_cells:
                continue
            now, then = cell(cur, row_now, col), cell(prev, row_then, then_col)
            if col.kind is Kind.GROUP and (now is None or then is None):
                continue  # not printed in the template: compared only when both are stated
            pairs.append((col, now, then))
        place_row = row_now.path
        nows = [n for _, n, _ in pairs]
        thens = [t for _, _, t in pairs]
        for blank, other, report, label in (
            (nows, thens, current, row_now.label),
            (thens, nows, previous, row_then.label),
        ):
            if all(v is None for v in blank) and any(v is not None for v in other):
                # one finding for a row left wholly blank, not one per column
                yield judged(
                    self.id, self.severity, Place(table="三", row=place_row), None, None,
                    f"{report.year}年报告“{label}”整行空白，无法核对上下年结转",
                )
                return
        for col, now, then in pairs:
            if (now is None and then is None) or now == then:
                continue
            yield judged(
                self.id, self.severity,
                Place(table="三", row=place_row, column=col.path),
                now, then,
                f"「{col.path_text}」列：{current.year}年“{row_now.label}”为{num(now)}，"
                f"{previous.year}年“{row_then.label}”为{num(then)}",
            )


# --- table 二 heuristics ------------------------------------------------------------------


def _block(report: AnnualReport, code: str) -> T2Block | None:
    for block in report.format.table2_blocks:
        if block.code == code:
            return block
    return None


_T2_CELLS: dict[type[ReportFormat], dict[tuple[str, str, str], int]] = {}


def _t2_cells(fmt: type[ReportFormat]) -> dict[tuple[str, str, str], int]:
    """Where each table 二 cell of ``fmt`` is, by (block, row, column) codes (once a format)."""
    found = _T2_CELLS.get(fmt)
    if found is None:
        found = _T2_CELLS[fmt] = {(cell.block.code, cell.row_code, cell.column.code): cell.index
                                  for cell in fmt.table2_cells()}
    return found


def _t2(report: AnnualReport, block: str, row: str, column: str) -> int | None:
    """A table 二 count by codes, ``None`` when blank or absent from the report's format."""
    at = _t2_cells(report.format).get((block, row, column))
    if at is None:
        return None
    value = report.table2.values[at]
    return value if isinstance(value, int) else None


def _stock_findings(
    rule: PairRule,
    previous: AnnualReport,
    current: AnnualReport,
    block_code: str,
    stock: str,
    terms: tuple[tuple[str, int, AnnualReport], ...],
) -> Iterator[Finding]:
    """``stock``(N) against Σ sign × term, for every row of the block in both reports.

    ``terms`` are (column code, sign, report the value is read from).
    """
    block = _block(current, block_code)
    if block is None or _block(previous, block_code) is None:
        return
    for row_code, row_label in block.rows:
        stated = _t2(current, block_code, row_code, stock)
        parts = [(col, sign, rep, _t2(rep, block_code, row_code, col)) for col, sign, rep in terms]
        if stated is None and all(v is None for *_, v in parts):
            continue
        if any(v is None for *_, v in parts):
            expected = None
        else:
            expected = sum(sign * v for _, sign, _, v in parts if v is not None)
        if stated is not None and stated == expected:
            continue
        labels = {col.code: col.label for col in block.columns}
        prev_block = _block(previous, block_code)
        assert prev_block is not None
        labels.update({col.code: col.label for col in prev_block.columns})
        text = "".join(
            f"{'+' if sign > 0 else '−'}{rep.year}年{labels[col]}({num(v)})"
            for col, sign, rep, v in parts
        ).lstrip("+")
        yield judged(
            rule.id, rule.severity,
            Place(table="二", row=(block.label, row_label), column=(labels[stock],)),
            stated, expected,
            f"「{row_label}」：{current.year}年{labels[stock]}为{num(stated)}，"
            f"按{text}应为{num(expected)}",
        )


class InForceRule(PairRule):
    """X-2 (2021 format): 现行有效件数 = last year's + 本年制发件数 − 本年废止件数."""

    id = "X-2"
    description = "现行有效件数约等于上年现行有效件数加本年制发件数减本年废止件数"

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        if current.format.base_version() != "2021" or previous.format.base_version() != "2021":
            return
        yield from _stock_findings(
            self, previous, current, "item_1", "in_force",
            (("in_force", 1, previous), ("issued", 1, current), ("repealed", -1, current)),
        )


class PreviousItemsRule(PairRule):
    """X-3 (2019 format): 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减."""

    id = "X-3"
    description = "上一年项目数量等于上年报告的上一年项目数量加本年增/减"

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        if current.format.base_version() != "2019" or previous.format.base_version() != "2019":
            return
        for block in ("item_5", "item_6", "item_8"):
            yield from _stock_findings(
                self, previous, current, block, "previous_items",
                (("previous_items", 1, previous), ("change", 1, previous)),
            )


class PublishedTotalRule(PairRule):
    """X-4 (2019 format): 对外公开总数量 = last year's + 本年新公开数量."""

    id = "X-4"
    description = "对外公开总数量约等于上年对外公开总数量加本年新公开数量"

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        if current.format.base_version() != "2019" or previous.format.base_version() != "2019":
            return
        yield from _stock_findings(
            self, previous, current, "item_1", "total_published",
            (("total_published", 1, previous), ("new_published", 1, current)),
        )
