"""PDF-extracted and flattened text: rows that no longer line up are reported, never guessed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govdisclosure.model import AnnualReport
from govdisclosure.parsing import NoteKind, ParseResult, parse
from test_parse_forms import render_text

DATA = Path(__file__).parent / "data"
SEED = (DATA / "parse_yongchun_shigu_2020.txt").read_text("utf-8")


def edited(old: str, new: str) -> ParseResult:
    assert SEED.count(old) == 1, old
    return parse(SEED.replace(old, new))


def unreadable_rows(result: ParseResult) -> set[str]:
    return {n.place.row[-1] if n.place.row else n.place.table for n in result.unreadable()}


def test_row_with_a_value_missing_is_unreadable() -> None:
    row = "8.属于行政 查询事项" + "\t0" * 7
    result = edited(row, row[:-2])
    assert unreadable_rows(result) == {"8.属于行政查询事项"}
    assert result.report is not None
    t3 = result.report.table3
    assert t3["query_matters", "natural_person"] is None
    assert t3["enforcement_files", "total"] == 0
    assert t3["not_held", "total"] == 0
    assert not result.ok


def test_number_split_over_two_cells_is_not_two_numbers() -> None:
    label = "一、本年新收政府信息公开申请数量\t\t"
    result = edited(label + "0\t0", label + "2 0\t0")
    assert unreadable_rows(result) == {"一、本年新收政府信息公开申请数量"}
    note = result.unreadable()[0]
    assert "expected 7 values" in note.message
    assert "found 8" in note.message
    assert note.location is not None
    assert note.location.line is not None
    assert result.report is not None
    assert result.report.table3["new", "natural_person"] is None


def test_annotation_inside_a_cell() -> None:
    result = edited("规范性文件\t0\t0\t0", "规范性文件\t22（其中修订 16 件）\t0\t0")
    assert result.report is not None
    assert result.report.table2["item_1", "normative", "new_made"] == 22
    assert any(n.kind is NoteKind.NORMALISED and "其中修订" in n.message for n in result.findings)
    assert not result.unreadable()


def test_signed_change_and_amount_with_unit() -> None:
    result = edited("行政处罚\t0\t0\t0", "行政处罚\t2648\t-18\t0")
    result2 = edited("政府集中采购\t0\t0", "政府集中采购\t3\t73802895.90元")
    assert result.report is not None
    assert result2.report is not None
    assert result.report.table2["item_6", "penalty", "change"] == -18
    assert result2.report.table2["item_9", "procurement", "amount"] == Decimal("73802895.90")


def test_negative_count_is_unreadable_not_dropped() -> None:
    result = edited("行政处罚\t0\t0\t0", "行政处罚\t-1\t0\t0")
    assert result.report is not None
    assert result.report.table2["item_6", "penalty", "previous_items"] is None
    assert any(n.place.column == ("上一年项目数量",) for n in result.unreadable())


def test_table_four_with_a_value_too_many() -> None:
    result = edited("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
                    "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n")
    assert unreadable_rows(result) == {"四"}
    assert result.report is not None
    assert all(v is None for line in result.report.table4.values for v in line)


def test_missing_table_is_said() -> None:
    start = SEED.index("#### 四、")
    end = SEED.index("## 五、")
    result = parse(SEED[:start] + SEED[end:])
    assert any(n.kind is NoteKind.MISSING and n.place.table == "四" for n in result.findings)
    assert result.report is not None
    assert result.report.table3["new", "total"] == 0


def report_2021() -> AnnualReport:
    return AnnualReport.build("2021", body="淮安市洪泽区人民政府", year=2023,
                              title="淮安市洪泽区人民政府2023年政府信息公开工作年度报告",
                              table2={}, table3={}, table4={}, fill=0)


def test_2021_format_other_handling_printed_as_one_row() -> None:
    lines = render_text(report_2021()).splitlines()
    parts = ("申请人无正当理由", "申请人逾期未按", "\t3.其他\t")
    out = []
    for line in lines:
        if "申请人无正当理由" in line:
            out.append("（六）其他处理\t2\t0\t0\t0\t0\t0\t2")
        elif not any(p in line for p in parts):
            out.append(line)
    result = parse("\n".join(out))
    assert result.report is not None
    assert result.report.format.code == "2021"
    t3 = result.report.table3
    assert t3["other_handling", "natural_person"] == 2
    assert t3["no_correction", "natural_person"] is None
    assert not result.unreadable()


def test_format_is_told_by_labels_not_year() -> None:
    result = parse(SEED.replace("2020 年政府信息公开", "2022 年政府信息公开"))
    assert result.report is not None
    assert result.report.format.code == "2019"
    assert any(n.place.row == ("格式版本",) for n in result.findings)
