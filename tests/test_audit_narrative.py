"""X-5: figures in the prose of 一、总体情况 against the tables and their own sums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govdisclosure import categories as c
from govdisclosure.audit.narrative import NarrativeRule, narrative_figures, to_int
from govdisclosure.findings import Finding, Severity, Verdict
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport, Section

DATA = Path(__file__).parent / "data"
SEED = DATA / "audit_yongchun-shigu-2020.json"


def report(*texts: str, t3: Any = None, t4: Any = None, year: int = 2020) -> AnnualReport:
    return AnnualReport.build(
        "2019", body="某镇人民政府", year=year, table2={}, table3=t3 or {}, table4=t4 or {},
        fill=0, overview=Section.of("一、总体情况", *texts),
    )


def x5(r: AnnualReport) -> list[Finding]:
    return list(NarrativeRule().findings(r))


T3 = {  # 一 154 = （七）148 + 四 6; 二 0
    c.NewlyReceived: {c.NaturalPerson: 151, c.Commercial: 3},
    c.Disclosed: {c.NaturalPerson: 147, c.Commercial: 1},
    c.CarriedForward: {c.NaturalPerson: 4, c.Commercial: 2},
}
T4 = {"review": {"upheld": 25, "corrected": 3, "other": 8},
      "litigation_direct": {"upheld": 3, "corrected": 3},
      "litigation_after_review": {"upheld": 3}}


def test_the_seed_passes() -> None:
    seed = load_json(SEED.read_bytes())
    assert x5(seed) == []
    figures = {(f.what, f.value) for f in narrative_figures(seed)}
    assert figures == {("new", 0), ("review", 0), ("litigation", 0)}


def test_the_seed_breakdown_is_read_and_a_wrong_sum_is_found() -> None:
    text = (
        "2020年度，我镇主动公开政府信息10条，其中机构职能类3条、安全生产应急管理类5条、"
        "其他主动公开的政府信息{}条。"
    )
    assert x5(report(text.format(2))) == []
    [found] = x5(report(text.format(3)))
    assert (found.stated, found.expected, found.verdict) == (10, 11, Verdict.VIOLATED)
    assert found.severity is Severity.WARNING
    assert found.place.row == ("一、总体情况",)


def test_an_open_breakdown_is_not_summed() -> None:
    assert x5(report("主动公开政府信息10条，其中政策文件3条、政策解读2条等。")) == []
    assert x5(report("主动公开政府信息5500余条，其中政策文件3条、政策解读2条。")) == []


def test_application_figures_equal_to_the_tables_pass() -> None:
    text = "全年共收到政府信息公开申请154件，办结148件，结转6件；行政复议36起，行政诉讼9起。"
    assert x5(report(text, t3=T3, t4=T4)) == []


@pytest.mark.parametrize(
    ("text", "row", "stated", "expected"),
    [
        ("全年共收到政府信息公开申请150件。", ("一、本年新收政府信息公开申请数量",), 154, 150),
        ("依申请公开办结149件。", ("三、本年度办理结果", "（七）总计"), 148, 149),
        ("依申请公开结转下年度办理5件。", ("四、结转下年度继续办理",), 6, 5),
        ("收到政府信息公开申请十二件。", ("一、本年新收政府信息公开申请数量",), 154, 12),
        ("收办政府信息公开申请155件。", ("一、本年新收政府信息公开申请数量",), 154, 155),
    ],
)
def test_application_figure_that_differs_is_found_at_its_cell(
    text: str, row: tuple[str, ...], stated: int, expected: int
) -> None:
    [found] = x5(report(text, t3=T3, t4=T4))
    assert found.place.table == "三"
    assert found.place.row == row
    assert found.place.column == ("总计",)
    assert (found.stated, found.expected, found.verdict) == (stated, expected, Verdict.VIOLATED)


def test_review_and_litigation_figures() -> None:
    [found] = x5(report("因政府信息公开被申请行政复议35件，行政诉讼9件。", t3=T3, t4=T4))
    assert found.place.table == "四"
    assert found.place.row == ("行政复议",)
    assert (found.stated, found.expected) == (36, 35)


def test_no_applications_means_table_total_zero() -> None:
    text = "2020年度，我镇没有收到政府信息公开申请。"
    [found] = x5(report(text, t3={c.NewlyReceived: {c.NaturalPerson: 3},
                                   c.Disclosed: {c.NaturalPerson: 3}}))
    assert (found.stated, found.expected) == (3, 0)


def test_carried_over_is_not_read_as_carried_forward() -> None:
    t3 = {c.NewlyReceived: {c.NaturalPerson: 95}, c.CarriedOver: {c.NaturalPerson: 8},
          c.Disclosed: {c.NaturalPerson: 98}, c.CarriedForward: {c.NaturalPerson: 5}}
    text = "受理政府信息公开申请95件，答复98件（含上年结转8件），结转下年5件。"
    assert x5(report(text, t3=t3)) == []
    figures = {(f.what, f.value) for f in narrative_figures(report(text, t3=t3))}
    assert figures == {("new", 95), ("handled", 98), ("carried_over", 8),
                       ("carried_forward", 5)}


def test_blank_table_cell_is_undetermined() -> None:
    t3 = {c.NewlyReceived: {c.NaturalPerson: None}}
    found = x5(report("全年共收到政府信息公开申请5件。", t3=t3))
    assert [f.verdict for f in found] == [Verdict.UNDETERMINED]


@pytest.mark.parametrize(
    "text",
    [
        # spec §8 / 宿迁 2024: a 备案 count of the whole city is not table 四
        "全市全年备案政府信息依申请公开领域行政复议案件134件，行政诉讼案件57件。",
        # 洪泽 2024: the office's own figure, not the roll-up's table
        "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
        "行政复议、行政诉讼共3件。",
        "2019年收到政府信息公开申请40件。",
        "全年共收到政府信息公开申请，同比增长20件。",
        "办结依申请公开148件，其中收到政府信息公开申请1件。",
        "主动公开政府信息14万余条。",
    ],
)
def test_ambiguous_sentences_are_not_read(text: str) -> None:
    assert x5(report(text, t3=T3, t4=T4)) == []


def test_real_pingtan_reports() -> None:
    """平潭 2022 says 收到…75件 while table 一 is 74 (75 = 74 + 上年结转 1); 2023 agrees."""
    r2022 = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    [found] = x5(r2022)
    assert (found.stated, found.expected) == (74, 75)
    assert found.place.row == ("一、本年新收政府信息公开申请数量",)
    r2023 = load_json((DATA / "audit_pingtan-2023.json").read_bytes())
    assert x5(r2023) == []
    assert ("handled", 81) in {(f.what, f.value) for f in narrative_figures(r2023)}


def test_no_overview_no_findings() -> None:
    r = AnnualReport.build("2021", body="某局", year=2021, table2={}, table3={}, table4={},
                           fill=0)
    assert x5(r) == []


@pytest.mark.parametrize(
    ("text", "value"), [("12", 12), ("十二", 12), ("一百零五", 105), ("两", 2), ("甲", None)]
)
def test_to_int(text: str, value: int | None) -> None:
    assert to_int(text) == value


def test_pdf_line_breaks_and_spaces_inside_a_sentence() -> None:
    """淮安市洪泽区 2023, as PDF text: "2023 年全区受理政府信息公开申请 21 件"."""
    t3 = {c.NewlyReceived: {c.NaturalPerson: 21}, c.Disclosed: {c.NaturalPerson: 21}}
    text = "2023 年全区受理政府\n信息公开申请 21 件，\n均在法定期限答复。"
    r = report(text, t3=t3, year=2023)
    assert {(f.what, f.value) for f in narrative_figures(r)} == {("new", 21)}
    assert x5(report(text.replace("21 件", "22 件"), t3=t3, year=2023))


def test_figures_need_a_disclosure_context() -> None:
    # a 司法局 counts every 行政复议 it handled: not the disclosure cases of table 四
    assert x5(report("全年共办理行政复议案件200件，行政诉讼应诉50件。", t3=T3, t4=T4)) == []
    # the sentence before gives the context (平潭 2025 style)
    text = "全年共收到政府信息公开申请154件，办结148件，结转6件；行政复议35起，行政诉讼9起。"
    [found] = x5(report(text, t3=T3, t4=T4))
    assert (found.place.row, found.stated, found.expected) == (("行政复议",), 36, 35)


def test_bundled_pingtan_2025_example_is_read_and_passes() -> None:
    """平潭 2025: "收到…154件，共办结148件，结转至2026年6件" (spec §7.3 X-5 example)."""
    t3 = {c.NewlyReceived: {c.NaturalPerson: 151, c.Commercial: 3},
          c.Disclosed: {c.NaturalPerson: 147, c.Commercial: 1},
          c.CarriedForward: {c.NaturalPerson: 4, c.Commercial: 2}}
    text = "2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。"
    r = report(text, t3=t3, t4=T4, year=2025)
    assert {(f.what, f.value) for f in narrative_figures(r)} == {
        ("new", 154), ("handled", 148), ("carried_forward", 6)}
    assert x5(r) == []
    [found] = x5(report(text.replace("6件", "7件"), t3=t3, t4=T4, year=2025))
    assert "结转至2026年7件" in found.message


def test_reading_the_sentences_leaves_no_reference_cycle() -> None:
    """The sentences of nested sections are read by a plain recursive generator: nothing
    is left for the cycle collector (a closure calling itself is a cycle per report)."""
    import gc

    from govdisclosure.audit.narrative import _sentences

    nested = Section.of("一、总体情况", "本年度收到申请3件。", Section.of(
        "（一）主动公开", "主动公开2条。", Section.of("1.", "其他1条。"),
    ))
    r = AnnualReport.build("2019", body="某镇人民政府", year=2020, table2={}, table3={},
                           table4={}, fill=0, overview=nested)
    enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        found = list(_sentences(r))
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
    assert [s for s, _ in found] == ["本年度收到申请3件", "（一）主动公开", "主动公开2条",
                                     "1.", "其他1条"]
