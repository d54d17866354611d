"""Publication rules (spec ``format.md`` §6.2–6.3, §7.4); every one is a ``WARNING``.

* ``P-1`` deadline by kind of body: 1月31日 for 部门 and 乡镇 (街道); 2月20日, 3月10日 and
  3月31日 for the county, city and province roll-ups, all in the year after the report's.
  The kind is inferred from the body's name (:func:`body_kind`); :func:`check_publication`
  takes an explicit ``kind`` when the name does not tell (县级市, 管委会, 垂直管理 systems).
  A report without a publication date, or whose kind cannot be told, gets no P-1 finding.
* ``P-2`` (2021 format): 六、其他需要报告的事项 states the 信息处理费 charged (S2 §一（六）).
* ``P-3`` (pair rule): the narrative repeats last year's (the template forbids 年年雷同);
  the finding gives the share of this year's text found again in last year's, sentence by
  sentence, numbers ignored; a sentence is found again when one of last year's is equal or
  alike (bigram sets, :func:`repeated_share`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterator
from typing import ClassVar

from govdisclosure.findings import Finding, Place, Severity, Verdict
from govdisclosure.formats import SECTION_HEADINGS
from govdisclosure.model import AnnualReport, Section

from ._similar import Matcher
from .crossyear import PairRule
from .rules import ReportRule

__all__ = [
    "BodyKind",
    "DeadlineRule",
    "FeeStatementRule",
    "RepetitionRule",
    "body_kind",
    "check_publication",
    "deadline",
    "repeated_share",
]


def __dir__() -> list[str]:
    return __all__


class BodyKind(enum.Enum):
    """Kinds of issuing body, with their publication deadline (month, day) of the next year."""

    DEPARTMENT = ("部门", 1, 31)
    TOWNSHIP = ("乡镇（街道）", 1, 31)
    COUNTY = ("县级人民政府（汇总）", 2, 20)
    CITY = ("地市级人民政府（汇总）", 3, 10)
    PROVINCE = ("省级人民政府（汇总）", 3, 31)

    def __init__(self, label: str, month: int, day: int) -> None:
        self.label = label
        self.month = month
        self.day = day

    def deadline(self, year: int) -> dt.date:
        """The last publication day of the report for ``year``."""
        return dt.date(year + 1, self.month, self.day)


_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_DEPARTMENT_END = re.compile(
    r"(局|委员会|委|办公室|办公厅|办|厅|部|署|中心|院|所|站|队|处|室|会|社|馆|分局|支队|大队)$"
)


def body_kind(body: str) -> BodyKind | None:
    """The kind of body its name tells, or ``None`` when the name does not tell.

    ``XX镇人民政府`` → township; ``XX县/区/旗人民政府`` → county; ``XX市/州/盟人民政府`` →
    city (a 县级市 is read as a city: the later deadline, so no false alarm);
    ``XX省/自治区人民政府`` and the four 直辖市 → province; names ending in 局、委、办… →
    department. 管理委员会 (开发区, 实验区) are left undecided.
    """
    name = re.sub(r"\s+", "", body)
    if name.endswith(("管理委员会", "管委会")):
        return None
    place = name.removesuffix("人民政府")
    governs = place != name
    if place.endswith(("乡", "镇", "街道", "街道办事处")):
        return BodyKind.TOWNSHIP
    if governs:
        if place in _MUNICIPALITIES or place.endswith(("省", "自治区")):
            return BodyKind.PROVINCE
        if place.endswith(("县", "区", "旗")):
            return BodyKind.COUNTY
        if place.endswith(("市", "州", "盟", "地区")):
            return BodyKind.CITY
        return None
    if "人民政府办公" in name or _DEPARTMENT_END.search(name):
        return BodyKind.DEPARTMENT
    return None


def deadline(report: AnnualReport, kind: BodyKind | None = None) -> dt.date | None:
    """The publication deadline of ``report`` (``kind`` overrides the inferred kind)."""
    kind = kind or body_kind(report.body)
    return None if kind is None else kind.deadline(report.year)


def _place() -> Place:
    return Place(table="报告", row=("发布日期",))


def _deadline_findings(report: AnnualReport, kind: BodyKind | None) -> Iterator[Finding]:
    published = report.metadata.published
    kind = kind or body_kind(report.body)
    if published is None or kind is None:
        return
    last = kind.deadline(report.year)
    if published > last:
        late = (published - last).days
        yield Finding(
            rule=DeadlineRule.id, severity=DeadlineRule.severity, verdict=Verdict.VIOLATED,
            place=_place(), stated=None, expected=None,
            message=f"{report.body}（{kind.label}）{report.year}年度报告应于{last.isoformat()}前发布，"
            f"发布日期为{published.isoformat()}，晚{late}天",
        )
    elif published.year <= report.year:
        yield Finding(
            rule=DeadlineRule.id, severity=DeadlineRule.severity, verdict=Verdict.VIOLATED,
            place=_place(), stated=None, expected=None,
            message=f"{report.year}年度报告的发布日期{published.isoformat()}早于报告年度结束，"
            "年度或日期可能有误",
        )


class DeadlineRule(ReportRule):
    """P-1: published by the deadline of its kind of body (kind inferred from the name)."""

    id = "P-1"
    severity = Severity.WARNING
    description = "年度报告在规定时限内发布（部门、乡镇1月31日，县2月20日，市3月10日，省3月31日）"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        return _deadline_findings(report, None)


_FEE = re.compile(r"处理费|收费|收取[^。；]{0,8}费")


class FeeStatementRule(ReportRule):
    """P-2 (2021 format): 六 states the 信息处理费 charged, even when none was."""

    id = "P-2"
    severity = Severity.WARNING
    description = "2021年格式：六、其他需要报告的事项中报告收取信息处理费情况"

    def findings(self, report: AnnualReport) -> Iterator[Finding]:
        if report.format.base_version() != "2021":
            return
        place = Place(table="报告", row=(SECTION_HEADINGS["六"],))
        if report.other is None:
            if report.overview is None and report.problems is None:
                return  # no narrative was captured at all (e.g. a CSV of the tables)
            yield Finding(
                rule=self.id, severity=self.severity, verdict=Verdict.UNDETERMINED, place=place,
                stated=None, expected=None,
                message="未找到“六、其他需要报告的事项”，无法判断是否报告了信息处理费收取情况",
            )
            return
        if not _FEE.search(_section_text(report.other)):
            yield Finding(
                rule=self.id, severity=self.severity, verdict=Verdict.VIOLATED, place=place,
                stated=None, expected=None,
                message="“六、其他需要报告的事项”未报告收取信息处理费情况（2021年格式要求在此处报告）",
            )


def check_publication(report: AnnualReport, *, kind: BodyKind | None = None) -> list[Finding]:
    """P-1 (with ``kind`` overriding the kind read from the name) and P-2 for one report."""
    return [*_deadline_findings(report, kind), *FeeStatementRule().findings(report)]


# --- P-3: 年年雷同 -------------------------------------------------------------------------


def _section_text(section: Section) -> str:
    parts: list[str] = []
    for item in section.content:
        parts.append(item.text if not isinstance(item, Section) else _section_text(item))
    return "\n".join(parts)


_SPLIT = re.compile(r"[。；;！!？?\n]")
_NUMBERS = re.compile(r"[\d０-９.,，%〇零一二三四五六七八九十百千万]+")


def _sentences(text: str) -> list[str]:
    out = []
    for sentence in _SPLIT.split(text):
        # numbers and years change every year even in a copied text: ignore them
        s = _NUMBERS.sub("#", re.sub(r"\s+", "", sentence))
        if len(s) >= 4:
            out.append(s)
    return out


def repeated_share(previous: str, current: str, *, cutoff: float = 0.8) -> float:
    """Share (0…1, by characters) of ``current``'s sentences found again in ``previous``.

    A sentence counts as repeated when an equal sentence, or one at least ``cutoff`` alike,
    is in ``previous``: the Dice coefficient of their character bigram sets
    (:mod:`govdisclosure.audit._similar`, linear time); digits and Chinese numerals are
    ignored.
    """
    now = _sentences(current)
    total = sum(len(s) for s in now)
    if not total:
        return 0.0
    before = Matcher(_sentences(previous), cutoff=cutoff)
    repeated = sum(len(sentence) for sentence in now if sentence in before)
    return repeated / total


class RepetitionRule(PairRule):
    """P-3: sections 一 and 五 must not repeat last year's (不得年年雷同)."""

    id = "P-3"
    description = "总体情况、存在的主要问题及改进情况不得与上年报告雷同"
    #: share of repeated text from which a section is reported
    threshold: ClassVar[float] = 0.8
    #: sections shorter than this (characters) are not compared
    min_chars: ClassVar[int] = 80

    def findings(self, previous: AnnualReport, current: AnnualReport) -> Iterator[Finding]:
        for then, now, number in (
            (previous.overview, current.overview, "一"),
            (previous.problems, current.problems, "五"),
        ):
            if then is None or now is None:
                continue
            text = _section_text(now)
            if len(re.sub(r"\s+", "", text)) < self.min_chars:
                continue
            share = repeated_share(_section_text(then), text)
            if share < self.threshold:
                continue
            percent = round(share * 100)
            yield Finding(
                rule=self.id, severity=self.severity, verdict=Verdict.VIOLATED,
                place=Place(table="报告", row=(now.heading or SECTION_HEADINGS[number],)),
                stated=percent, expected=round(self.threshold * 100),
                message=f"“{now.heading}”与{previous.year}年报告重复的文字占{percent}%"
                f"（不得年年雷同）",
            )
