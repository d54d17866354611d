"""The assessors' checks of form: A-1 … A-5 and the pair rule X-6, on real reports changed."""

from __future__ import annotations

from pathlib import Path

import attrs
from hypothesis import given

from govdisclosure import strategies
from govdisclosure.audit import check_pair, check_report
from govdisclosure.audit.assessor import OtherHandlingShareRule, RepeatedTablesRule
from govdisclosure.files import load_report
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Section

DATA = Path(__file__).parent / "data"
PINGTAN = Path(__file__).parents[1] / "src" / "govdisclosure" / "data" / "pingtan-2025.json"
YONGCHUN = DATA / "parse_yongchun_shigu_2020.txt"


def rules_of(report: AnnualReport, prefix: str = "A-") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in check_report(report):
        if f.rule.startswith(prefix):
            out.setdefault(f.rule, []).append(f.message)
    return out


def with_sections(report: AnnualReport, **sections: Section | None) -> AnnualReport:
    return attrs.evolve(report, **sections)


def test_real_yongchun_passes_every_form_check() -> None:
    assert rules_of(load_report(YONGCHUN)) == {}


def test_a1_year_in_the_title_and_the_text() -> None:
    report = load_report(YONGCHUN)
    meta = attrs.evolve(report.metadata, title="永春县石鼓镇2019年政府信息公开工作年度报告")
    found = rules_of(attrs.evolve(report, metadata=meta))
    assert list(found) == ["A-1"]
    assert "2019" in found["A-1"][0]
    # the text copied from last year: every 2020 written as 2019
    assert report.overview is not None
    copied = Section.of(report.overview.heading,
                        *(p.text.replace("2020", "2019") for p in report.overview.paragraphs()),
                        "本报告所列数据的统计期限为2019年1月1日至12月31日。")
    found = rules_of(with_sections(report, overview=copied))
    assert any("统计期限" in m for m in found["A-1"])


def test_a2_boilerplate_problems() -> None:
    report = load_report(YONGCHUN)
    for text, expect in (("无。", "只写了“无”"), ("暂无", "只写了“暂无”"),
                         ("工作有待加强。", "过于简略")):
        found = rules_of(with_sections(
            report, problems=Section.of("五、存在的主要问题及改进情况", text)))
        assert list(found) == ["A-2"]
        assert expect in found["A-2"][0]


def test_a3_missing_and_misnumbered_sections() -> None:
    report = load_report(YONGCHUN)
    assert report.problems is not None
    found = rules_of(with_sections(report, problems=None))
    assert list(found) == ["A-3"]
    assert "缺少第五部分" in found["A-3"][0]
    renumbered = Section(heading="四、存在的主要问题及改进情况", content=report.problems.content)
    found = rules_of(with_sections(report, problems=renumbered))
    assert "编号为“四”" in found["A-3"][0]
    # sub-headings of 一 out of order: （一）（三）
    assert report.overview is not None
    subs = [s for s in report.overview.content if isinstance(s, Section)]
    skipped = Section(heading=report.overview.heading, content=(subs[0], *subs[2:]))
    found = rules_of(with_sections(report, overview=skipped))
    assert "小标题编号不连续" in found["A-3"][0]


def test_a4_share_of_other_handling() -> None:
    report = load_report(PINGTAN)  # 148 results, （六） 11: 7.4 %
    assert "A-4" not in rules_of(report)

    class Strict(OtherHandlingShareRule):
        id = "TEST-A-4"
        share = 0.05

    try:
        found = list(Strict().findings(report))
        assert [(f.stated, f.expected) for f in found] == [(11, 148)]
        assert "7.4%" in found[0].message
    finally:
        from govdisclosure.audit.rules import _REPORT_RULES

        _REPORT_RULES.pop("TEST-A-4")


def test_a5_fee_notice_against_six() -> None:
    # 平潭 2025: 六 "无收取信息处理费情况", 表三 fee_unpaid 2: a notice went out and was not
    # paid, so nothing was collected: consistent
    report = load_report(PINGTAN)
    assert rules_of(report) == {}
    levied = Section.of("六、其他需要报告的事项", "本年度本机关未收费。")
    found = rules_of(attrs.evolve(report, other=levied))
    assert list(found) == ["A-5"]
    assert "2件" in found["A-5"][0]
    zero = report.table3.replace({("fee_unpaid", column): 0 for column in (
        "natural_person", "commercial", "research", "public_interest", "legal_service",
        "other_organization", "total")})
    assert rules_of(attrs.evolve(report, table3=zero, other=levied)) == {}
    charged = Section.of("六、其他需要报告的事项", "本年度未收取信息处理费。",
                         "全年收取信息处理费120元。")
    found = rules_of(attrs.evolve(report, table3=zero, other=charged))
    assert "120元" in found["A-5"][0]


def test_x6_tables_repeated() -> None:
    report = load_report(PINGTAN)
    last = attrs.evolve(report, metadata=attrs.evolve(report.metadata, year=2024))
    assert [f.rule for f in check_pair(last, report) if f.rule == "X-6"] == ["X-6"]
    changed = report.table3.replace({("new", "natural_person"): 1})
    assert [f for f in check_pair(last, attrs.evolve(report, table3=changed))
            if f.rule == "X-6"] == []


@given(strategies.perturbed(strategies.reports(narrative=False)))
def test_x6_fires_on_a_copy_and_never_on_a_change(pair: tuple[AnnualReport, object]) -> None:
    changed, _ = pair
    copy = attrs.evolve(changed, metadata=attrs.evolve(changed.metadata, year=changed.year + 1))
    # group rows and columns (not printed in the template) are not compared
    nonzero = sum(1 for g in (changed.table3, changed.table4) for r, col, v in g.cells()
                  if v and Kind.GROUP not in (r.kind, col.kind))
    nonzero += sum(1 for _, v in changed.table2.cells() if v)
    fired = list(RepeatedTablesRule().findings(changed, copy))
    assert bool(fired) == (nonzero >= RepeatedTablesRule.min_nonzero)
    # one cell moved by one: never a repeat
    row = changed.table3.rows.leaves[0]
    col = changed.table3.columns.leaves[0]
    value = changed.table3[row, col] or 0
    moved = attrs.evolve(copy, table3=changed.table3.replace({(row, col): value + 1}))
    assert list(RepeatedTablesRule().findings(changed, moved)) == []


@given(strategies.reports(narrative=False, blanks=True),
       strategies.perturbed(strategies.reports(narrative=False, blanks=True)))
def test_x6_early_exit_answers_as_comparing_every_cell(
    other: AnnualReport, pair: tuple[AnnualReport, object]
) -> None:
    # the early exit (a differing cell of one layout) against building every cell's key
    from govdisclosure.audit import assessor

    changed, _ = pair
    copy = attrs.evolve(changed, metadata=attrs.evolve(changed.metadata, year=changed.year + 1))
    grouped = attrs.evolve(copy, table3=copy.table3.replace(
        {(r, col): 7 for r in copy.table3.rows.cells for col in copy.table3.columns.cells
         if Kind.GROUP in (r.kind, col.kind)}))  # groups stated: not compared
    rule = RepeatedTablesRule()
    for previous, current in ((changed, copy), (changed, grouped), (other, copy),
                              (changed, changed)):
        fast = list(rule.findings(previous, current))
        original = assessor._differ_fast
        assessor._differ_fast = lambda previous, current: False  # type: ignore[assignment]
        try:
            slow = list(rule.findings(previous, current))
        finally:
            assessor._differ_fast = original
        assert fast == slow
