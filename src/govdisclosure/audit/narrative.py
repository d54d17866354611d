"""X-5: figures stated in the prose of 一、总体情况 against the tables and their own sums.

The rule reads only sentences it can read unambiguously (spec ``format.md`` §7.3, §8):

* applications: 收到/新收/受理 N件 → 表三 一 总计; 收办 N件 → 一 + 二; 办结/答复 N件 →
  （七）总计; 上年结转 N件 → 二; 结转(下年度) N件 / 转下年度办理 N件 → 四;
  没有收到…申请 → 一 总计 must be 0;
* 行政复议 N件 → 表四 行政复议 总计; 行政诉讼 N件 → 未经复议直接起诉 + 复议后起诉 总计;
  没有发生…行政复议、…行政诉讼 → 0;
* 主动公开政府信息 N条，其中 A类 a条、B类 b条… → a + b + … = N when the list is closed
  (no 等, or its last item is 其他…).

A sentence is skipped when it is about another scope or period (备案, 代表, 同比/较上年,
累计, another year), when the figure is approximate (余/多/约/近) or follows 其中, so that a
finding means the prose and the table really disagree. The grade is ``WARNING``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import attrs

from govdisclosure import categories as c
from govdisclosure.errors import GovDisclosureError
from govdisclosure.findings import Finding, Place, Severity
from govdisclosure.model import AnnualReport, Count, Grid, Section
from govdisclosure.units import CASE_COUNTERS

from ._base import judged, num
from .rules import ReportRule

__all__ = ["NarrativeRule", "StatedFigure", "narrative_figures", "to_int"]


def __dir__() -> list[str]:
    return __all__


_ZH_DIGITS = "〇零一二两三四五六七八九十百千万"
_NUM = rf"(\d+|[{_ZH_DIGITS}]+)"
_UNIT = "(" + "|".join(CASE_COUNTERS) + ")"
#: characters allowed between a keyword and its figure: no digits, numerals or punctuation
_GAP = rf"[^\d{_ZH_DIGITS}，,。；;：:、()（）]{{0,14}}?"
_SENTENCE = re.compile(r"[。；;！!？?]")
_CLAUSE = re.compile(r"[，,、]")
#: words that put a sentence on another scope or period than the tables'
_SKIP = re.compile(r"备案|代表|同比|较上年|比上年|上年同期|去年|累计|以来|历年|环比")
_APPROX = re.compile(r"余|多|左右")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_APPLICATION = re.compile(r"政府信息公开申请|依申请公开|公开申请")
_CONTEXT = re.compile(r"信息公开|依申请|公开申请")
_NEGATION = re.compile(r"(没有|未|无)(发生|出现|收到|接到|接收|受理|被|因|产生)")


def to_int(text: str) -> int | None:
    """Arabic digits or a Chinese numeral (十二 → 12) as an ``int``; ``None`` if unreadable."""
    if text.isdigit():
        return int(text)
    try:
        from govdisclosure.zh import from_chinese
    except ImportError:  # pragma: no cover - zh is part of the package
        return None
    try:
        return from_chinese(text)
    except GovDisclosureError:
        return None


@attrs.frozen(kw_only=True)
class StatedFigure:
    """A figure read from the prose: what it is, its value and the sentence it is in."""

    #: ``new``, ``received``, ``handled``, ``carried_over``, ``carried_forward``,
    #: ``review``, ``litigation``
    what: str
    value: int
    sentence: str


def _t3(row: type[c.Outcome]) -> Callable[[AnnualReport], Count]:
    def get(report: AnnualReport) -> Count:
        grid = report.table3.derived()
        return grid[row, c.ApplicantTotal]

    return get


def _sum(values: list[Count]) -> Count:
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _t4(grid: Grid, rows: tuple[str, ...]) -> Count:
    derived = grid.derived()
    return _sum([derived[r, "total"] for r in rows])


#: what → the rows of table 三 whose 总计 the figure is (收办 = 一 + 二)
_TABLE3_ROWS: dict[str, tuple[type[c.Outcome], ...]] = {
    "new": (c.NewlyReceived,),
    "received": (c.NewlyReceived, c.CarriedOver),
    "handled": (c.ResultTotal,),
    "carried_over": (c.CarriedOver,),
    "carried_forward": (c.CarriedForward,),
}
_APPLICATION_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 上年结转 first: its text is masked before the plain 结转 (= carried forward) is looked for
    ("carried_over", re.compile(rf"上一?年度?结转{_GAP}{_NUM}{_UNIT}")),
    ("received", re.compile(rf"收办{_GAP}{_NUM}{_UNIT}")),
    ("new", re.compile(rf"(?:新收|收到|受理|接收|接到){_GAP}{_NUM}{_UNIT}")),
    ("handled", re.compile(rf"(?:办结|答复|办理完毕|办理完结){_GAP}{_NUM}{_UNIT}")),
    ("carried_forward", re.compile(rf"(?:结转|转下一?年度?){_GAP}{_NUM}{_UNIT}")),
)
_REVIEW = re.compile(rf"行政复议(?:案件)?{_GAP}{_NUM}{_UNIT}")
_LITIGATION = re.compile(rf"行政诉讼(?:案件)?{_GAP}{_NUM}{_UNIT}")
_PROACTIVE = re.compile(rf"主动公开(?:各类)?(?:政府)?信息(?:共)?{_NUM}(条|件)(.*)")


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _normalize(text: str) -> str:
    # PDF text puts line breaks and spaces inside sentences; Chinese needs neither, and
    # paragraphs are already apart
    text = text.translate(_FULLWIDTH_DIGITS)
    return re.sub(r"[ \t\u3000\r\n]+", "", text)


def _texts(section: Section) -> Iterator[str]:
    """The texts of ``section``'s content in order, a subsection's heading before its own
    (a plain recursive generator: no closure that refers to itself, so no reference cycle
    is left for the collector after each report)."""
    for item in section.content:
        if isinstance(item, Section):
            yield item.heading
            yield from _texts(item)
        else:
            yield item.text


def _sentences(report: AnnualReport) -> Iterator[tuple[str, str]]:
    """Each sentence of 一 (subsection headings included) with the one before it."""
    section = report.overview
    if section is None:
        return
    previous = ""
    for text in _texts(section):
        for sentence in _SENTENCE.split(_normalize(text)):
            if sentence:
                yield sentence, previous
                previous = sentence


def _other_year(sentence: str, year: int) -> bool:
    if "年" not in sentence:  # most sentences: no need to run the pattern
        return False
    own = str(year)
    return any(y != own for y in _YEAR.findall(sentence))


def _figure(match: re.Match[str], sentence: str) -> int | None:
    """The figure (group 1) of a match, or ``None`` when approximate or a part (其中)."""
    gap = sentence[match.start(): match.start(1)]
    if _APPROX.match(sentence[match.end():]) or re.search(r"(约|近|超过|逾|达)$", gap):
        return None
    if "其中" in sentence[: match.start()]:
        return None
    return to_int(match.group(1))


def narrative_figures(report: AnnualReport) -> Iterator[StatedFigure]:
    """Every unambiguous figure about applications, 复议 and 诉讼 in 一、总体情况."""
    next_year = re.compile(rf"(结转|转)(至|到|入)?{report.year + 1}年度?")
    for shown, previous in _sentences(report):
        # 结转至2026年 in a 2025 report is 结转下年度, not a figure of another year
        sentence = next_year.sub(r"\1\2下年度", shown)
        if _SKIP.search(sentence) or _other_year(sentence, report.year):
            continue
        # a figure counts only in a sentence about 政府信息公开 (or right after one): a
        # 司法局's report also counts every 行政复议 it handled
        if not _CONTEXT.search(sentence) and not _CONTEXT.search(previous):
            continue
        if _APPLICATION.search(sentence) or _APPLICATION.search(previous):
            text = sentence
            for what, pattern in _APPLICATION_KEYS:
                for match in pattern.finditer(text):
                    value = _figure(match, text)
                    if value is not None:
                        yield StatedFigure(what=what, value=value, sentence=shown)
                # mask what was read so that 上年结转 is not read again as 结转
                text = pattern.sub(lambda m: "□" * len(m.group(0)), text)
            for clause in _CLAUSE.split(sentence):
                if (
                    _NEGATION.search(clause)
                    and "申请" in clause
                    and not re.search(rf"[\d{_ZH_DIGITS}]+{_UNIT}", clause)
                    and re.search(r"(收到|接到|接收|受理)", clause)
                ):
                    yield StatedFigure(what="new", value=0, sentence=shown)
        for what, pattern in (("review", _REVIEW), ("litigation", _LITIGATION)):
            for match in pattern.finditer(sentence):
                joint = re.search(r"复议[、和及与]$", sentence[: match.start()])
                if what == "litigation" and joint:
                    continue  # 行政复议、行政诉讼共N件: a joint figure
                value = _figure(match, sentence)
                if value is not None:
                    yield StatedFigure(what=what, value=value, sentence=shown)
        if (
            _NEGATION.search(sentence)
            and ("行政复议" in sentence or "行政诉讼" in sentence)
            and not re.search(rf"[\d{_ZH_DIGITS}]+{_UNIT}", sentence)
        ):
            for what, word in (("review", "行政复议"), ("litigation", "行政诉讼")):
                if word in sentence:
                    yield StatedFigure(what=what, value=0, sentence=shown)


def _breakdown(report: AnnualReport) -> Iterator[tuple[int, list[tuple[str, int]], str]]:
    """(total, [(item, count)…], sentence) for closed 主动公开 breakdowns."""
    for sentence, _ in _sentences(report):
        if _SKIP.search(sentence) or _other_year(sentence, report.year):
            continue
        match = _PROACTIVE.search(sentence)
        if match is None:
            continue
        total = to_int(match.group(1))
        unit, rest = match.group(2), match.group(3)
        if total is None or _APPROX.match(rest) or not rest.lstrip("，,").startswith("其中"):
            continue
        items_text = rest.lstrip("，,")[2:].lstrip("，,:：")
        parts = [p for p in re.split(r"[、，,]", items_text) if p]
        items: list[tuple[str, int]] = []
        closed = True
        for part in parts:
            m = re.fullmatch(rf"(.*?){_NUM}{unit}(等?)", part)
            if m is None or not m.group(1) or re.search(r"(约|近|超过|逾)$", m.group(1)):
                items = []
                break
            value = to_int(m.group(2))
            if value is None:
                items = []
                break
            items.append((m.group(1), value))
            if m.group(3):
                closed = False
        if len(items) < 2:
            continue
        if not closed and not items[-1][0].startswith(("其他", "其余")):
            continue
        yield total, items, sentence


_LABELS = {
    "new": "收到申请",
    "received": "收办申请（新收与上年结转之和）",
    "handled": "办结申请",
    "carried_over": "上年结转申请",
    "carried_forward": "结转下年度申请",
    "review": "行政复议",
    "litigation": "行政诉讼",
}


class NarrativeRule(ReportRule):
    """X-5: figures in the prose of 一、总体情况 equal the tables and add up."""

    id = "X-5"
    severity = Severity.WARNING
    description = "总体情况中的申请、复议、诉讼及主动公开数字与表格和自身合计一致"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        seen: set[tuple[str, int]] = set()
        for figure in narrative_figures(report):
            if (figure.what, figure.value) in seen:
                continue
            seen.add((figure.what, figure.value))
            place, table_value = self._table(report, figure.what)
            if table_value == figure.value:
                continue
            yield judged(
                self.id, self.severity, place, table_value, figure.value,
                f"正文称{_LABELS[figure.what]}{figure.value}件（“{figure.sentence}”），"
                f"表格为{num(table_value)}",
            )
        for total, items, sentence in _breakdown(report):
            parts = sum(v for _, v in items)
            if parts == total:
                continue
            terms = "+".join(f"{label}({v})" for label, v in items)
            yield judged(
                self.id, self.severity,
                Place(table="报告", row=(report.overview.heading if report.overview else "",)),
                total, parts,
                f"主动公开政府信息{total}条，其中各项之和{terms}={parts}（“{sentence}”）",
            )

    @staticmethod
    def _table(report: AnnualReport, what: str) -> tuple[Place, Count]:
        if what in _TABLE3_ROWS:
            rows = _TABLE3_ROWS[what]
            grid = report.table3
            values = [_t3(r)(report) for r in rows]
            row_node = grid.rows[rows[0]]
            column = grid.columns[c.ApplicantTotal]
            return (
                Place(table="三", row=row_node.path, column=column.path),
                _sum(values),
            )
        grid4 = report.table4
        total = grid4.columns["total"].path
        if what == "review":
            return (
                Place(table="四", row=report.format.table4_row_path("review"), column=total),
                _t4(grid4, ("review",)),
            )
        return (
            Place(table="四", row=(report.format.table4_group,), column=total),
            _t4(grid4, ("litigation_direct", "litigation_after_review")),
        )
