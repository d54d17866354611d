"""The checks assessors apply to a report's form (spec ``format.md`` §3, §6.2, §7.4); all
are graded ``WARNING`` (none is an official identity) and registered with stable ids:

* ``A-1`` the year written in the title or the text differs from the report year;
* ``A-2`` 五、存在的主要问题及改进情况 empty, boilerplate (无, 暂无, 无。) or a few words
  (a missing 五 is ``A-3``'s);
* ``A-3`` sections missing or misnumbered against the template (一 … 六), and sub-headings
  （一）（二）… out of order;
* ``A-4`` a high share of （六）其他处理 among the results (S1 §三: 主管部门 should look into
  bodies with many of them); the share and the smallest number of results judged are class
  attributes, so an office sets its own by subclassing;
* ``A-5`` (2021 format) 六 says no fee was asked for while table 三 counts applications
  closed for a fee notice not paid, or says none was charged while the text states an amount;
* ``X-6`` (pair rule) the tables repeat last year's cell for cell (年年雷同, S1/S2 §三).
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterator
from typing import ClassVar

from govdisclosure import categories as c
from govdisclosure.checks import RuleBase
from govdisclosure.findings import Finding, Place, Severity, Verdict
from govdisclosure.formats import SECTION_HEADINGS
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Grid, Section
from govdisclosure.zh import to_chinese

from ._base import contribution
from .crossyear import PairRule
from .rules import ReportRule

__all__ = [
    "FeeContradictionRule",
    "OtherHandlingShareRule",
    "ProblemsSectionRule",
    "RepeatedTablesRule",
    "SectionNumberingRule",
    "YearMentionRule",
]


def __dir__() -> list[str]:
    return __all__


def _finding(rule: RuleBase, place: Place, message: str,
             stated: int | None = None, expected: int | None = None) -> Finding:
    return Finding(
        rule=rule.id, severity=rule.severity, verdict=Verdict.VIOLATED, place=place,
        stated=stated, expected=expected, message=message,
    )


def _text(section: Section | None) -> str:
    if section is None:
        return ""
    return "\n".join(p.text for p in section.paragraphs())


def _narrative(report: AnnualReport) -> str:
    return "\n".join(_text(s) for _, s in report.sections())


# --- A-1 ----------------------------------------------------------------------------------

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD = re.compile(r"统计期限[为是自从]?\s*((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_OWN_REPORT = re.compile(r"((?:19|20)\d\d)\s*年度?(?:政府信息公开|政务公开)工作年度报告")


class YearMentionRule(ReportRule):
    """A-1: the year in the title, the statistics period or the text is the report year."""

    id = "A-1"
    severity = Severity.WARNING
    description = "标题、统计期限和正文所写年度与报告年度一致"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        year = report.year
        title = report.metadata.title or ""
        found = _YEAR.search(title)
        if found and int(found[1]) != year:
            yield _finding(self, Place(table="报告", row=("标题",)),
                           f"标题写的是{found[1]}年，报告年度为{year}年", int(found[1]), year)
        text = _narrative(report)
        for pattern, what in ((_PERIOD, "统计期限"), (_OWN_REPORT, "正文中的报告名称")):
            for match in pattern.finditer(text):
                if int(match[1]) != year:
                    yield _finding(self, Place(table="报告", row=(what,)),
                                   f"{what}写的是{match[1]}年（“{match[0]}”），报告年度为{year}年",
                                   int(match[1]), year)
                    break
        counts = collections.Counter(int(m[1]) for m in _YEAR.finditer(text))
        if counts:
            most, times = counts.most_common(1)[0]
            # copied text keeps last year's year: it is then the year most written
            if most != year and times >= 3 and times >= 2 * counts.get(year, 0):
                yield _finding(
                    self, Place(table="报告", row=("正文",)),
                    f"正文最常写的年份为{most}年（{times}次），报告年度{year}年只出现"
                    f"{counts.get(year, 0)}次：可能沿用了其他年度的文字",
                    most, year,
                )


# --- A-2 ----------------------------------------------------------------------------------

_BOILERPLATE = frozenset({"无", "暂无", "没有", "无问题", "暂无问题", "略", "无此类情况"})
_PUNCT = re.compile(r"[\s。．.，,；;：:！!、]+")


class ProblemsSectionRule(ReportRule):
    """A-2: 五 states the problems and the improvements, not 无 or nothing."""

    id = "A-2"
    severity = Severity.WARNING
    description = "“五、存在的主要问题及改进情况”不缺失、不为空、不是“无”“暂无”之类套话"
    #: fewer characters than this (punctuation aside) is too short to say anything
    min_chars: ClassVar[int] = 20

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        place = Place(table="报告", row=(SECTION_HEADINGS["五"],))
        if report.problems is None:
            return  # a missing section is A-3's
        body = _PUNCT.sub("", _text(report.problems))
        if not body:
            yield _finding(self, place, "“五、存在的主要问题及改进情况”没有内容")
        elif body in _BOILERPLATE:
            yield _finding(self, place, f"“五、存在的主要问题及改进情况”只写了“{body}”")
        elif len(body) < self.min_chars:
            yield _finding(self, place, f"“五、存在的主要问题及改进情况”只有{len(body)}个字"
                                        f"（“{body}”），过于简略")


# --- A-3 ----------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]")
_SUB = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]")
_KEYWORDS = {"一": "总体情况", "五": "问题", "六": "其他"}


def _sub_numbers(section: Section) -> list[tuple[str, str]]:
    """The （一）（二）… numbers that open sub-headings or paragraphs, in order."""
    out = []
    for item in section.content:
        text = item.heading if isinstance(item, Section) else item.text
        found = _SUB.match(text)
        if found:
            out.append((found[1], text.strip()[:20]))
    return out


class SectionNumberingRule(ReportRule):
    """A-3: sections 一、五、六 present and numbered as in the template; （一）（二）… in order."""

    id = "A-3"
    severity = Severity.WARNING
    description = "章节齐全、编号与模板一致（一、二…六），小标题（一）（二）…依次编号"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        sections = list(report.sections())
        if all(s is None for _, s in sections):
            return  # no narrative captured at all
        for number, section in sections:
            place = Place(table="报告", row=(SECTION_HEADINGS[number],))
            if section is None:
                yield _finding(self, place, f"缺少第{number}部分“{SECTION_HEADINGS[number]}”")
                continue
            found = _NUMBERED.match(section.heading)
            if found is None:
                yield _finding(self, place, f"第{number}部分标题“{section.heading}”没有编号")
            elif found[1] != number:
                yield _finding(self, place, f"第{number}部分“{_KEYWORDS[number]}”编号为"
                                            f"“{found[1]}”（标题“{section.heading}”）")
            elif _KEYWORDS[number] not in section.heading:
                yield _finding(self, place, f"第{number}部分标题“{section.heading}”与模板"
                                            f"“{SECTION_HEADINGS[number]}”不符")
            numbers = _sub_numbers(section)
            for i, (got, text) in enumerate(numbers, start=1):
                if got != to_chinese(i):
                    yield _finding(self, place, f"小标题编号不连续：第{i}个为（{got}），应为"
                                                f"（{to_chinese(i)}）（“{text}”）")
                    break


# --- A-4 ----------------------------------------------------------------------------------


def _total(grid: Grid, row: type[c.Category]) -> int | None:
    node = grid.rows.find(row.code)
    if node is None:
        return None
    column = grid.columns[c.ApplicantTotal]
    return contribution(grid.rows, node.index, lambda r: grid.values[r][column.index])


class OtherHandlingShareRule(ReportRule):
    """A-4: （六）其他处理 is a small share of the results (S1 §三)."""

    id = "A-4"
    severity = Severity.WARNING
    description = "“（六）其他处理”占办理结果的比例不高（默认不超过10%，办理结果至少10件时判断）"
    #: the largest share that is not flagged
    share: ClassVar[float] = 0.10
    #: results below this number are too few to judge a share
    min_results: ClassVar[int] = 10

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        grid = report.table3
        results = grid[c.ResultTotal, c.ApplicantTotal]
        if results is None:
            results = _total(grid, c.ResultTotal)
        other = _total(grid, c.OtherHandling)
        if results is None or other is None or results < self.min_results:
            return
        if other > self.share * results:
            row = grid.rows[c.OtherHandling]
            yield _finding(
                self, Place(table="三", row=row.path, column=("总计",)),
                f"“（六）其他处理”{other}件，占办理结果{results}件的{other / results:.1%}，"
                f"超过{self.share:.0%}", other, results,
            )


# --- A-5 ----------------------------------------------------------------------------------

_NONE_CHARGED = re.compile(
    r"(?:未|没有|不|无)(?:收取|收费|产生|发生)[^。；]{0,12}?(?:费|收费)|无[^。；]{0,6}收取[^。；]{0,8}费"
    r"|(?:信息处理费|收费)[^。；]{0,6}(?:为0|为零|0元|零元)"
)
#: no fee even asked for: a fee notice contradicts this, whereas "none collected" (未收取)
#: stays true when a notice went out and was not paid
_NONE_LEVIED = re.compile(
    r"(?:未|没有|不|无)(?:发出|下发|开具)?(?:任何)?收费通知|(?:未|没有|不曾)(?:产生|发生)?收费"
    r"|不收费|免费|免收"
)
_CHARGED = re.compile(
    r"收取(?:了)?(?:信息处理费)?[^。；]{0,6}?([0-9]+(?:\.[0-9]+)?)\s*(?:万)?元"
)


class FeeContradictionRule(ReportRule):
    """A-5 (2021 format): 六 says no fee was asked for while table 三 counts applications
    closed because a fee notice was not paid, or 六 says none was charged while the text
    states an amount charged."""

    id = "A-5"
    severity = Severity.WARNING
    description = (
        "2021年格式：“六”称未收费，而表三“逾期未按收费通知要求缴纳费用”不为0，或正文写有收费金额"
    )

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        if report.format.base_version() != "2021" or report.other is None:
            return
        other = _text(report.other)
        place = Place(table="报告", row=(SECTION_HEADINGS["六"],))
        levied = _NONE_LEVIED.search(other)
        unpaid = _total(report.table3, c.FeeUnpaid)
        if levied and unpaid:
            yield _finding(
                self, place,
                f"“六”称“{levied[0]}”，但表三“{c.FeeUnpaid.label}”为{unpaid}件，即发出过收费通知",
                unpaid, 0,
            )
        said = levied or _NONE_CHARGED.search(other)
        if said is None:
            return
        for match in _CHARGED.finditer(_narrative(report)):
            if float(match[1]) > 0:
                yield _finding(self, place, f"“六”称“{said[0]}”，但正文写有“{match[0]}”")
                break


# --- X-6 ----------------------------------------------------------------------------------


def _grid_cells(grid: Grid) -> dict[tuple[str, str], int | None]:
    return {
        (r.code, col.code): grid.values[r.index][col.index]
        for r in grid.rows.cells for col in grid.columns.cells
        if Kind.GROUP not in (r.kind, col.kind)
    }


def _leaves_differ(now: Grid, then: Grid) -> bool:
    """A cell outside the groups differs between two grids of one layout (stops at the
    first, which is where nearly every pair of years stops)."""
    a, b = now.values, then.values
    for r in now.rows.cells:
        if r.kind is Kind.GROUP:
            continue
        row_a, row_b = a[r.index], b[r.index]
        if row_a != row_b and any(
            row_a[col.index] != row_b[col.index]
            for col in now.columns.cells if col.kind is not Kind.GROUP
        ):
            return True
    return False


def _differ_fast(previous: AnnualReport, current: AnnualReport) -> bool:
    """Tables of one format that differ in a cell X-6 compares: found without building
    every cell's key (two reports of one layout)."""
    for name in ("table3", "table4"):
        now, then = getattr(current, name), getattr(previous, name)
        if now.rows is then.rows and now.columns is then.columns and _leaves_differ(now, then):
            return True
    cells = zip(current.table2.cells(), previous.table2.cells(), strict=False)
    return any(a != b or ca.index != cb.index for (ca, a), (cb, b) in cells)


class RepeatedTablesRule(PairRule):
    """X-6: the tables are not last year's, cell for cell (年年雷同)."""

    id = "X-6"
    severity = Severity.WARNING
    description = "表二、表三、表四不与上年逐格相同（同为零的小机关除外）"
    #: at least this many nonzero cells must repeat (all-zero tables of small bodies do)
    min_nonzero: ClassVar[int] = 3

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        if current.format is previous.format and _differ_fast(previous, current):
            return
        now: dict[tuple[str, ...], object] = {}
        then: dict[tuple[str, ...], object] = {}
        for name in ("table3", "table4"):
            for key, value in _grid_cells(getattr(current, name)).items():
                now[(name, *key)] = value
            for key, value in _grid_cells(getattr(previous, name)).items():
                then[(name, *key)] = value
        tables = "表三、表四"
        if current.format is previous.format:
            tables = "表二、表三、表四"
            for cell, amount in current.table2.cells():
                now["table2", str(cell.index)] = amount
            for cell, amount in previous.table2.cells():
                then["table2", str(cell.index)] = amount
        if now.keys() != then.keys() or any(now[k] != then[k] for k in now):
            return
        nonzero = sum(1 for v in now.values() if v)
        if nonzero < self.min_nonzero:
            return
        yield _finding(
            self, Place(table="报告"),
            f"{tables}与{previous.year}年报告逐格相同（{len(now)}格，其中非零{nonzero}格）："
            "可能沿用了上年的数据",
            nonzero, None,
        )
