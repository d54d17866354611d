"""Publication rules: P-1 deadline by kind of body, P-2 信息处理费 statement, P-3 年年雷同."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govdisclosure import check
from govdisclosure.audit.crossyear import check_pair
from govdisclosure.audit.publication import (
    BodyKind,
    DeadlineRule,
    FeeStatementRule,
    RepetitionRule,
    body_kind,
    check_publication,
    deadline,
    repeated_share,
)
from govdisclosure.audit.rules import check_report
from govdisclosure.findings import Severity, Verdict
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport, Section

DATA = Path(__file__).parent / "data"


def report(
    body: str = "某县某局",
    year: int = 2021,
    published: dt.date | None = None,
    fmt: str = "2021",
    overview: Section | None = None,
    problems: Section | None = None,
    other: Section | None = None,
) -> AnnualReport:
    return AnnualReport.build(
        fmt, body=body, year=year, published=published, table2={}, table3={}, table4={},
        fill=0, overview=overview, problems=problems, other=other,
    )


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("永春县石鼓镇人民政府", BodyKind.TOWNSHIP),
        ("石台县大演乡人民政府", BodyKind.TOWNSHIP),
        ("某区某街道办事处", BodyKind.TOWNSHIP),
        ("大竹县人民政府办公室", BodyKind.DEPARTMENT),
        ("沭阳县发展和改革局", BodyKind.DEPARTMENT),
        ("上海市科学技术委员会", BodyKind.DEPARTMENT),
        ("沭阳县人民政府", BodyKind.COUNTY),
        ("淮安市洪泽区人民政府", BodyKind.COUNTY),
        ("淮安市人民政府", BodyKind.CITY),
        ("福建省人民政府", BodyKind.PROVINCE),
        ("上海市人民政府", BodyKind.PROVINCE),
        ("广西壮族自治区人民政府", BodyKind.PROVINCE),
        ("平潭综合实验区管理委员会", None),
        ("平潭综合实验区", None),
    ],
)
def test_body_kind(body: str, kind: BodyKind | None) -> None:
    assert body_kind(body) is kind


def test_deadlines() -> None:
    assert BodyKind.DEPARTMENT.deadline(2020) == dt.date(2021, 1, 31)
    assert BodyKind.COUNTY.deadline(2020) == dt.date(2021, 2, 20)
    assert BodyKind.CITY.deadline(2020) == dt.date(2021, 3, 10)
    assert BodyKind.PROVINCE.deadline(2020) == dt.date(2021, 3, 31)
    assert deadline(report("平潭综合实验区")) is None
    assert deadline(report("平潭综合实验区"), BodyKind.COUNTY) == dt.date(2022, 2, 20)


def p1(r: AnnualReport) -> list[Verdict]:
    return [f.verdict for f in DeadlineRule().findings(r)]


def test_seed_township_published_on_time() -> None:
    seed = load_json((DATA / "audit_yongchun-shigu-2020.json").read_bytes())
    assert p1(seed) == []


def test_late_department_is_warned() -> None:
    [found] = DeadlineRule().findings(report("某县某局", 2021, dt.date(2022, 2, 1)))
    assert found.verdict is Verdict.VIOLATED
    assert found.severity is Severity.WARNING
    assert "2022-01-31" in found.message
    assert "晚1天" in found.message


def test_county_roll_up_has_until_february_20() -> None:
    assert p1(report("沭阳县人民政府", 2021, dt.date(2022, 2, 20))) == []
    assert p1(report("沭阳县人民政府", 2021, dt.date(2022, 2, 21))) == [Verdict.VIOLATED]


def test_explicit_kind_overrides_the_name() -> None:
    r = report("平潭综合实验区", 2025, dt.date(2026, 3, 10))
    assert p1(r) == []  # the name does not tell
    assert check_publication(r, kind=BodyKind.CITY) == []
    assert [f.rule for f in check_publication(r, kind=BodyKind.COUNTY)] == ["P-1"]


def test_no_date_no_deadline_finding() -> None:
    assert p1(report("某县某局", 2021, None)) == []


def test_date_within_the_reported_year_is_suspect() -> None:
    assert p1(report("某县某局", 2021, dt.date(2021, 12, 30))) == [Verdict.VIOLATED]


OVERVIEW = Section.of("一、总体情况", "一些文字。")


def p2(r: AnnualReport) -> list[Verdict]:
    return [f.verdict for f in FeeStatementRule().findings(r)]


def test_fee_statement() -> None:
    stated = Section.of("六、其他需要报告的事项", "2022年，无收取信息处理费情况。")
    missing = Section.of("六、其他需要报告的事项", "本机关无其他需要报告的事项。")
    assert p2(report(overview=OVERVIEW, other=stated)) == []
    assert p2(report(overview=OVERVIEW, other=missing)) == [Verdict.VIOLATED]
    assert p2(report(overview=OVERVIEW)) == [Verdict.UNDETERMINED]
    assert p2(report()) == []  # no narrative captured at all
    assert p2(report(fmt="2019", year=2020, overview=OVERVIEW, other=missing)) == []


def test_real_pingtan_states_the_fee() -> None:
    for name in ("audit_pingtan-2022.json", "audit_pingtan-2023.json"):
        assert p2(load_json((DATA / name).read_bytes())) == []


def test_rules_run_in_check_report_not_in_check() -> None:
    r = report("某县某局", 2021, dt.date(2022, 5, 1), overview=OVERVIEW,
               other=Section.of("六、其他需要报告的事项", "无。"))
    # (the report has no 五: the assessors' A-3 says so too)
    assert {f.rule for f in check_report(r)} == {"P-1", "P-2", "A-3"}
    assert check(r) == []


PROBLEMS = (
    "2020年度我镇政府信息公开工作扎实有效推进，取得了一定成效，但仍有一些问题，如：主动公开的政府信息与"
    "公众的需求还存在一定距离。下一阶段，我镇将总结经验，继续依法推进，不断增强政府信息公开工作人员的意识，"
    "对照时事热点和工作开展情况，及时梳理我镇工作信息，规范有序推进政府信息公开。"
)
OTHER = (
    "今年主要问题是政策解读形式单一，缺少图表图解。下一步将丰富解读形式，运用视频、图解等多种方式，"
    "提升解读质量；同时加强政务新媒体管理，定期检查更新情况，及时关停无人维护的账号，确保信息准确。"
)


def p3(before: str, after: str) -> list[int | None]:
    heading = "五、存在的主要问题及改进情况"
    then = report(year=2020, fmt="2019", problems=Section.of(heading, before))
    now = report(year=2021, problems=Section.of(heading, after))
    return [f.stated for f in check_pair(then, now) if f.rule == RepetitionRule.id]


def test_repeated_problems_section_is_reported_with_its_share() -> None:
    assert p3(PROBLEMS, PROBLEMS.replace("2020", "2021")) == [100]
    assert p3(PROBLEMS, OTHER) == []
    assert p3("问题不多。", "问题不多。") == []  # too short to judge


def test_repeated_share() -> None:
    assert repeated_share(PROBLEMS, PROBLEMS) == 1.0
    assert repeated_share(PROBLEMS, OTHER) == 0.0
    assert repeated_share(PROBLEMS, "") == 0.0
    half = PROBLEMS.split("。", maxsplit=1)[0] + "。" + OTHER.split("。", maxsplit=1)[0] + "。"
    assert 0.6 < repeated_share(PROBLEMS, half) < 0.8  # by characters: the first sentence is longer
