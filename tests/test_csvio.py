"""Tests of govdisclosure.csvio: the one-line-per-cell CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure.checks import check
from govdisclosure.csvio import (
    HEADER,
    Record,
    decode_csv,
    dump_csv,
    load_csv,
    read_csv,
    records,
    write_csv,
)
from govdisclosure.errors import CsvError, InconsistentReport, InvalidValue
from govdisclosure.findings import Place, Verdict
from govdisclosure.formats import Format2021, ReportFormat, ValueKind, get_format
from govdisclosure.layout import Node
from govdisclosure.model import AnnualReport, Grid, Metadata, Table2, Table3, Table4
from govdisclosure.units import MONEY_UNITS

DATA = Path(__file__).parent / "data"
HONGZE = DATA / "csv_huaian_hongze_2023.csv"


# --- a local variant with one more row and one more column (declared here only) ------------


class FormatRecordsVariant(Format2021):
    code = "2021-test-records"


class RecordsMedia(c.LegalPerson):
    code = "test_records_media"
    label = "新闻媒体"
    formats = frozenset({"2021-test-records"})


class RecordsTransferred(c.OtherHandling):
    code = "test_records_transferred"
    label = "4.转送其他机关"
    formats = frozenset({"2021-test-records"})


# --- helpers ------------------------------------------------------------------------------


def pingtan_like() -> AnnualReport:
    """A consistent 2021-format report holding the documented example cells."""
    return AnnualReport.build(
        "2021",
        body="平潭综合实验区管理委员会",
        year=2025,
        table2={"item_8": {"fees": {"fee_amount": Decimal("4166.241619")}}},
        table3={
            "new": {"natural_person": 150, "commercial": 4},
            "disclosed": {"natural_person": 150, "commercial": 4},
        },
        table4={"litigation_after_review": {"upheld": 3}},
        fill=0,
    )


def report_2019() -> AnnualReport:
    return AnnualReport.build(
        "2019",
        body="永春县石鼓镇人民政府",
        year=2020,
        doc_number="永石政〔2021〕1号",
        published=dt.date(2021, 1, 6),
        title="永春县石鼓镇2020年政府信息公开工作年度报告",
        table2={
            "item_5": {"licensing": {"change": -3}},
            "item_9": {"procurement": {"items": 2, "amount": Decimal("251000.50")}},
        },
        table3={"new": {"natural_person": 2}, "disclosed": {"natural_person": 2}},
        table4={},
        fill=0,
    )


def line_no(text: str, line: str) -> int:
    return text.split("\n").index(line) + 1


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old + "\n") == 1, old
    return text.replace(old + "\n", new + "\n" if new else "")


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(CsvError) as info:
        load_csv(text)
    return [(p.place, p.message) for p in info.value.problems]


def at(n: int) -> str:
    return f"第{n}行 (line {n})"


def only(text: str) -> tuple[str, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# --- export -------------------------------------------------------------------------------


def test_documented_lines_come_out_exactly() -> None:
    lines = dump_csv(pingtan_like()).split("\n")
    assert lines[:4] == [
        "table,row,column,value",
        "报告,格式版本,,2021",
        "报告,年度,,2025",
        "报告,机关,,平潭综合实验区管理委员会",
    ]
    for expected in (
        "三,三、本年度办理结果/（三）不予公开/1.属于国家秘密,法人或其他组织/商业企业,0",
        "三,一、本年新收政府信息公开申请数量,总计,154",
        "四,行政诉讼/复议后起诉,结果维持,3",
        "二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619",
    ):
        assert expected in lines


def test_order_and_count_of_lines() -> None:
    report = pingtan_like()
    recs = list(records(report))
    tables = [r.table for r in recs]
    # metadata, then 二, 三, 四, each contiguous and in that order
    assert [t for i, t in enumerate(tables) if i == 0 or tables[i - 1] != t] == [
        "报告", "二", "三", "四",
    ]
    fmt = report.format
    grid3 = (len(Table3.row_axis(fmt).cells) - len(list(Table3.row_axis(fmt).groups()))) * (
        len(Table3.column_axis(fmt).cells) - len(list(Table3.column_axis(fmt).groups()))
    )
    assert tables.count("二") == len(fmt.table2_cells())
    assert tables.count("三") == grid3  # no group rows or columns: none is stated
    assert tables.count("四") == 15
    assert recs[0] == Record(table="报告", row="格式版本", column="", value="2021")


def test_optional_metadata_and_signed_and_money_2019() -> None:
    lines = dump_csv(report_2019()).split("\n")
    assert lines[1:7] == [
        "报告,格式版本,,2019",
        "报告,年度,,2020",
        "报告,机关,,永春县石鼓镇人民政府",
        "报告,文号,,永石政〔2021〕1号",
        "报告,发布日期,,2021-01-06",
        "报告,标题,,永春县石鼓镇2020年政府信息公开工作年度报告",
    ]
    # 本年增/减 is one label, written as printed
    assert "二,第二十条第（五）项/行政许可,本年增/减,-3" in lines
    assert "二,第二十条第（九）项/政府集中采购,采购总金额,251000.50" in lines


def test_blank_cells_are_empty_values_and_money_keeps_digits() -> None:
    report = pingtan_like()
    report = attrs.evolve(
        report,
        table2=report.table2.replace({("item_8", "fees", "fee_amount"): Decimal("1.500")}),
        table3=report.table3.replace({("new", "total"): None}),
    )
    lines = dump_csv(report).split("\n")
    assert "二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,1.500" in lines
    assert "三,一、本年新收政府信息公开申请数量,总计," in lines


def test_money_never_in_exponent_form() -> None:
    report = pingtan_like()
    report = attrs.evolve(
        report,
        table2=report.table2.replace({("item_8", "fees", "fee_amount"): Decimal("1E+3")}),
    )
    text = dump_csv(report)
    assert "本年收费金额（单位：万元）,1000\n" in text
    assert load_csv(text) == report


def test_values_quoted_only_when_needed() -> None:
    report = attrs.evolve(
        pingtan_like(),
        metadata=Metadata(body="机关", year=2025, title='标题,含"逗号"'),
    )
    text = dump_csv(report)
    assert '报告,标题,,"标题,含""逗号"""\n' in text
    assert '"' not in text.replace('"标题,含""逗号"""', "")
    assert "\r" not in text
    assert load_csv(text) == report


def test_lone_carriage_return_survives() -> None:
    report = attrs.evolve(
        pingtan_like(), metadata=Metadata(body="机关", year=2025, title="一\r二")
    )
    assert load_csv(dump_csv(report)).metadata.title == "一\r二"


# --- round trip ---------------------------------------------------------------------------


def test_round_trip_both_formats() -> None:
    for report in (pingtan_like(), report_2019()):
        assert load_csv(dump_csv(report)) == report


def test_round_trip_blank_cells() -> None:
    report = pingtan_like()
    blank = attrs.evolve(
        report,
        table2=Table2.empty("2021"),
        table3=Table3.empty("2021"),
        table4=report.table4.replace({("review", "upheld"): None, ("review", "total"): None}),
    )
    text = dump_csv(blank)
    assert "四,行政复议,结果维持," in text.split("\n")
    assert load_csv(text) == blank


def test_round_trip_stated_group_row_with_blank_parts() -> None:
    # 淮安市洪泽区 prints （六）其他处理 as one row in a 2021 report.
    report = pingtan_like()
    parts = ("no_correction", "fee_unpaid", "other_reasons")
    changes: dict[tuple[str | type | Node, str | type | Node], int | None] = {
        ("other_handling", "natural_person"): 0
    }
    changes.update({(p, col.code): None for p in parts for col in report.table3.columns.cells})
    report = attrs.evolve(report, table3=report.table3.replace(changes))
    text = dump_csv(report)
    assert "三,三、本年度办理结果/（六）其他处理,自然人,0" in text.split("\n")
    # the group row is written (every printed column: its blank 总计 is not to be derived)
    lines = text.split("\n")
    assert "三,三、本年度办理结果/（六）其他处理,总计," in lines
    assert "三,三、本年度办理结果/（六）其他处理,法人或其他组织/其他," in lines
    assert text.count("三,三、本年度办理结果/（六）其他处理,") == 7
    # unstated group rows and the group column are not written
    assert "（五）不予处理," not in text
    assert ",法人或其他组织," not in text
    back = load_csv(text)
    assert back == report
    assert back.table3["other_handling", "natural_person"] == 0
    assert back.table3["no_correction", "natural_person"] is None


def test_round_trip_stated_group_column() -> None:
    report = pingtan_like()
    report = attrs.evolve(
        report, table3=report.table3.replace({("new", "legal_person"): 4})
    )
    text = dump_csv(report)
    assert "三,一、本年新收政府信息公开申请数量,法人或其他组织,4" in text.split("\n")
    assert load_csv(text) == report


def test_round_trip_keeps_inconsistent_values() -> None:
    report = pingtan_like()
    report = attrs.evolve(
        report,
        table3=report.table3.replace({("new", "total"): 999, ("result_total", "total"): 1}),
        table4=report.table4.replace({("review", "total"): 7}),
    )
    back = load_csv(dump_csv(report))
    assert back == report
    assert back.table3["new", "total"] == 999
    assert back.table4["review", "total"] == 7


def test_variant_format_rows_and_columns_appear_with_their_labels() -> None:
    report = AnnualReport.build(
        FormatRecordsVariant,
        body="某机关",
        year=2024,
        table2={},
        table3={
            "new": {"test_records_media": 2},
            "test_records_transferred": {"test_records_media": 2},
        },
        table4={},
        fill=0,
    )
    lines = dump_csv(report).split("\n")
    assert "报告,格式版本,,2021-test-records" in lines
    assert "三,一、本年新收政府信息公开申请数量,法人或其他组织/新闻媒体,2" in lines
    assert "三,三、本年度办理结果/（六）其他处理/4.转送其他机关,法人或其他组织/新闻媒体,2" in lines
    assert "三,一、本年新收政府信息公开申请数量,总计,2" in lines
    back = load_csv("\n".join(lines))
    assert back == report
    assert back.format is FormatRecordsVariant
    # The official 2021 format does not know the variant's labels.
    text = "\n".join(lines).replace("2021-test-records", "2021", 1)
    found = problems(text)
    assert any("'法人或其他组织/新闻媒体'" in m and "表三" in m for _, m in found)


_COUNTS = st.one_of(st.none(), st.integers(0, 10**7))
_TEXT = (
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def any_report(draw: st.DrawFn) -> AnnualReport:
    """Any report of any shape: blanks, stated groups and inconsistent totals included."""
    fmt: type[ReportFormat] = draw(
        st.sampled_from([get_format("2019"), get_format("2021"), FormatRecordsVariant])
    )

    def grid(cls: type[Grid]) -> Grid:
        rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
        return cls(
            format=fmt,
            values=tuple(
                tuple(draw(_COUNTS) if r.has_cells and col.has_cells else None for col in cols)
                for r in rows
            ),
        )

    def t2(kind: ValueKind) -> int | Decimal | None:
        if kind is ValueKind.MONEY:
            return draw(st.none() | st.decimals(0, 10**9, allow_nan=False, places=6))
        if kind is ValueKind.SIGNED:
            return draw(st.none() | st.integers(-(10**6), 10**6))
        return draw(_COUNTS)

    metadata = Metadata(
        body=draw(_TEXT),
        year=draw(st.integers(2000, 2999)),
        doc_number=draw(st.none() | _TEXT),
        published=draw(st.none() | st.dates()),
        title=draw(st.none() | _TEXT),
    )
    values = tuple(t2(cell.column.kind) for cell in fmt.table2_cells())
    units = tuple(
        draw(st.none() | st.sampled_from(MONEY_UNITS)) if type(v) is Decimal else None
        for v in values
    )
    return AnnualReport(
        format=fmt,
        metadata=metadata,
        table2=Table2(format=fmt, values=values, units=units),
        table3=grid(Table3),  # type: ignore[arg-type]
        table4=grid(Table4),  # type: ignore[arg-type]
    )


@given(any_report())
def test_round_trip_any_report(report: AnnualReport) -> None:
    text = dump_csv(report)
    assert load_csv(text) == report
    # the same lines as a spreadsheet might save them: BOM, CRLF, every field quoted
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerows(csv.reader(io.StringIO(text, newline="")))
    assert load_csv("\ufeff" + out.getvalue()) == report


# --- import: lenient where safe -----------------------------------------------------------


def test_bom_crlf_blank_lines_and_whitespace_accepted() -> None:
    report = pingtan_like()
    text = dump_csv(report)
    text = replace(
        text,
        "三,三、本年度办理结果/（三）不予公开/1.属于国家秘密,法人或其他组织/商业企业,0",
        " 三 , 三、本年度办理结果 / （三）不予公开 /1.属于国家秘密 ,法人或其他组织 / 商业企业,\t0 ",
    )
    text = "\ufeff" + text.replace("\n", "\r\n") + "\r\n\r\n"
    assert load_csv(text) == report


def test_derived_totals_when_total_lines_absent() -> None:
    report = pingtan_like()
    text = "\n".join(
        line for line in dump_csv(report).split("\n")
        if ",总计," not in line and "（七）总计" not in line
    )
    assert "总计" not in text
    back = load_csv(text)
    assert back == report
    assert back.table3["new", "total"] == 154
    assert back.table4["litigation_after_review", "total"] == 3


def test_derived_total_is_blank_when_a_part_is_blank() -> None:
    text = dump_csv(pingtan_like())
    text = replace(text, "三,一、本年新收政府信息公开申请数量,总计,154", "")
    text = replace(text, "三,一、本年新收政府信息公开申请数量,自然人,150",
                   "三,一、本年新收政府信息公开申请数量,自然人,")
    back = load_csv(text)
    assert back.table3["new", "natural_person"] is None
    assert back.table3["new", "total"] is None  # never guessed


def test_stated_total_kept_when_parts_disagree() -> None:
    text = dump_csv(pingtan_like())
    text = replace(text, "三,一、本年新收政府信息公开申请数量,总计,154",
                   "三,一、本年新收政府信息公开申请数量,总计,155")
    back = load_csv(text)
    assert back.table3["new", "total"] == 155
    found = check(back)
    assert [(f.rule, f.place) for f in found if f.is_violation] == [
        ("T3-A", Place(table="三", column=("总计",))),
        ("T3-B", Place(table="三", row=("一、本年新收政府信息公开申请数量",), column=("总计",))),
    ]
    with pytest.raises(InconsistentReport):
        load_csv(text, strict=True)
    assert load_csv(dump_csv(pingtan_like()), strict=True) == pingtan_like()


# --- a real report that does not add up ---------------------------------------------------


def test_real_inconsistent_report_loads_and_check_names_the_cells() -> None:
    report = read_csv(HONGZE)
    assert report.metadata.body == "淮安市洪泽区人民政府"
    assert report.year == 2023
    assert report.table2["item_8", "fees", "fee_amount"] == Decimal("7730.28")
    assert report.table3["other_handling", "total"] == 0  # the single printed （六） row
    assert report.table3["no_correction", "natural_person"] is None
    assert report.table3["new", "legal_person"] is None  # group column: not printed
    assert report.table4["review", "total"] == 0  # kept as stated
    violations = [f for f in check(report) if f.verdict is Verdict.VIOLATED]
    assert {(f.rule, f.place, f.stated, f.expected) for f in violations} == {
        ("T4", Place(table="四", row=("行政复议",), column=("总计",)), 0, 11),
        ("T4", Place(table="四", row=("行政诉讼", "复议后起诉"), column=("总计",)), 0, 5),
    }
    with pytest.raises(InconsistentReport) as info:
        read_csv(HONGZE, strict=True)
    assert len(info.value.findings) == 2
    assert dump_csv(report) == HONGZE.read_text(encoding="utf-8")


def test_write_and_read_files(tmp_path: Path) -> None:
    report = report_2019()
    path = tmp_path / "r.csv"
    write_csv(report, path)
    assert path.read_bytes().startswith(b"table,row,column,value\n")
    assert read_csv(path) == report
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_csv(str(path)) == report


def test_gb18030_file_as_a_spreadsheet_saves_it(tmp_path: Path) -> None:
    report = pingtan_like()
    path = tmp_path / "wps.csv"
    path.write_bytes(dump_csv(report).replace("\n", "\r\n").encode("gb18030"))
    assert read_csv(path) == report
    assert load_csv(decode_csv(path.read_bytes())) == report


def test_bom_for_excel_and_wps(tmp_path: Path) -> None:
    report = pingtan_like()
    assert dump_csv(report, bom=True) == "\ufeff" + dump_csv(report)
    path = tmp_path / "excel.csv"
    write_csv(report, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbftable,row,column,value\n")
    assert read_csv(path) == report


def test_another_encoding_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes("table,row,column,value\n報告,機關,,某機關\n".encode("big5"))
    with pytest.raises(CsvError) as info:
        read_csv(path)
    [problem] = info.value.problems
    assert str(path) in problem.message
    assert "GB18030" in problem.message


def test_undecodable_bytes_are_refused_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"table,row,column,value\n\xff\xff,x,,y\n")
    with pytest.raises(CsvError) as info:
        read_csv(path)
    [problem] = info.value.problems
    assert problem.place == at(2)
    assert str(path) in problem.message
    assert "0xff" in problem.message


def test_a_bom_followed_by_other_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xef\xbb\xbftable,row,column,value\n\xb1\xa8,x,,y\n")
    with pytest.raises(CsvError, match="byte-order mark"):
        read_csv(path)


# --- import: every error, at its line -----------------------------------------------------


BASE = dump_csv(pingtan_like())


def test_wrong_header() -> None:
    place, message = only(BASE.replace("table,row,column,value", "表,行,列,值", 1))
    assert place == at(1)
    assert "expected the header 'table,row,column,value'" in message
    assert "'表,行,列,值'" in message


def test_missing_header_also_reads_the_first_line() -> None:
    text = BASE.replace("table,row,column,value\n", "", 1)
    found = problems(text)
    assert found == [(at(1), "expected the header 'table,row,column,value', got "
                             "'报告,格式版本,,2021'")]


def test_empty_file() -> None:
    found = problems("")
    assert (at(1), "expected the header 'table,row,column,value', got an empty file") in found
    assert ("报告 / 机关", "missing the line 报告,机关,,<value> (required)") in found


def test_unknown_table() -> None:
    line = "四,行政诉讼/复议后起诉,结果维持,3"
    text = replace(BASE, line, "表四,行政诉讼/复议后起诉,结果维持,3")
    found = problems(text)
    assert found[0] == (at(line_no(BASE, line)),
                        "unknown table '表四'; expected one of 报告, 二, 三, 四")
    # the line is then also missing
    assert found[1][0] == "表四 / 行政诉讼/复议后起诉 / 结果维持"


def test_unknown_row_label_with_suggestion() -> None:
    line = "三,三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开,自然人,0"
    text = replace(BASE, line, "三,三、本年度办理结果/（三）不予公开/2.其他法律行政止公开,自然人,0")
    found = problems(text)
    assert found[0] == (
        at(line_no(BASE, line)),
        "unknown row label '三、本年度办理结果/（三）不予公开/2.其他法律行政止公开' in 表三; "
        "closest "
        "official label: '三、本年度办理结果/（三）不予公开/2.其他法律行政法规禁止公开'",
    )
    assert found[1][1].startswith("missing line 三,三、本年度办理结果/（三）不予公开/2.其他法律")


def test_unknown_column_label() -> None:
    line = "四,行政复议,结果纠正,0"
    found = problems(replace(BASE, line, "四,行政复议,结果更正,0"))
    assert found[0][0] == at(line_no(BASE, line))
    assert found[0][1].startswith("unknown column label '结果更正' in 表四")
    assert "closest official label: '结果纠正'" in found[0][1]


def test_near_miss_parentheses_are_not_guessed() -> None:
    line = "三,三、本年度办理结果/（一）予以公开,自然人,150"
    found = problems(replace(BASE, line, "三,三、本年度办理结果/(一)予以公开,自然人,150"))
    assert found[0][0] == at(line_no(BASE, line))
    assert "closest official label: '三、本年度办理结果/（一）予以公开'" in found[0][1]


def test_table2_unknown_row_and_column() -> None:
    line = "二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619"
    text = replace(BASE, line, "二,第二十条第（八）项/行政事业性收费,本年收费金额,4166.241619")
    found = problems(text)
    assert found[0] == (
        at(line_no(BASE, line)),
        "unknown column label '本年收费金额' for row '第二十条第（八）项/行政事业性收费' of 表二; "
        "expected one of 本年收费金额（单位：万元）",
    )
    line = "二,第二十条第（五）项/行政许可,本年处理决定数量,0"
    found = problems(replace(BASE, line, "二,第二十条第（五）项/行政审批,本年处理决定数量,0"))
    assert found[0][0] == at(line_no(BASE, line))
    assert found[0][1].startswith("unknown row label '第二十条第（五）项/行政审批' in 表二")


def test_heading_row_holds_no_value() -> None:
    found = problems(BASE + "三,三、本年度办理结果,自然人,5\n")
    assert found == [(at(BASE.count("\n") + 1),
                      "'三、本年度办理结果' is a heading of 表三 and holds no value; name one of "
                      "its rows")]


def test_duplicate_cell() -> None:
    line = "四,行政诉讼/复议后起诉,结果维持,3"
    text = BASE + " 四 ,行政诉讼 / 复议后起诉,结果维持,4\n"
    assert only(text) == (
        at(BASE.count("\n") + 1),
        f"duplicate cell 表四 / 行政诉讼/复议后起诉 / 结果维持; first given on "
        f"{at(line_no(BASE, line))}",
    )
    line2 = "二,第二十条第（五）项/行政许可,本年处理决定数量,0"
    assert only(BASE + line2 + "\n")[1].startswith(
        "duplicate cell 表二 / 第二十条第（五）项/行政许可"
    )
    assert only(BASE + "报告,年度,,2024\n") == (
        at(BASE.count("\n") + 1), f"duplicate 报告 年度; first given on {at(3)}"
    )


def test_missing_leaf_lines() -> None:
    text = replace(BASE, "三,二、上年结转政府信息公开申请数量,法人或其他组织/科研机构,0", "")
    text = replace(text, "二,第二十条第（一）项/规章,本年废止件数,0", "")
    assert problems(text) == [
        ("表二 / 第二十条第（一）项/规章 / 本年废止件数",
         "missing line 二,第二十条第（一）项/规章,本年废止件数,<value> (give an empty value for a "
         "blank cell)"),
        ("表三 / 二、上年结转政府信息公开申请数量 / 法人或其他组织/科研机构",
         "missing line 三,二、上年结转政府信息公开申请数量,法人或其他组织/科研机构,<value> "
         "(give an "
         "empty value for a blank cell)"),
    ]


@pytest.mark.parametrize(
    ("line", "value", "expected"),
    [
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "1e3", "expected a count"),
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "NaN", "expected a count"),
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "150.0", "expected a count"),
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "1,000", "expected a count"),
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "一百", "expected a count"),
        ("三,一、本年新收政府信息公开申请数量,自然人,150", "-1",
         "expected a non-negative count, got the negative number '-1'"),
        ("四,行政复议,结果维持,0", "+2", "expected a count"),
        ("二,第二十条第（一）项/规章,本年制发件数,0", "-2", "expected a non-negative count"),
        ("二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619", "1e3",
         "expected a decimal amount"),
        ("二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619", "NaN",
         "expected a decimal amount"),
        ("二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619", "Infinity",
         "expected a decimal amount"),
        ("二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619", "4,166.2",
         "expected a decimal amount"),
        ("二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619", "-1.5",
         "expected a non-negative amount, got '-1.5'"),
    ],
)
def test_values_that_are_not_numbers(line: str, value: str, expected: str) -> None:
    table, row, column, _ = line.split(",")
    quoted = f'"{value}"' if "," in value else value
    place, message = only(replace(BASE, line, f"{table},{row},{column},{quoted}"))
    assert place == at(line_no(BASE, line))
    assert f"表{table} / {row} / {column}: " in message
    assert expected in message
    assert repr(value) in message


def test_signed_change_2019() -> None:
    base = dump_csv(report_2019())
    line = "二,第二十条第（五）项/行政许可,本年增/减,-3"
    assert load_csv(replace(base, line, "二,第二十条第（五）项/行政许可,本年增/减,+5")).table2[
        "item_5", "licensing", "change"] == 5
    place, message = only(replace(base, line, "二,第二十条第（五）项/行政许可,本年增/减,-3.5"))
    assert place == at(line_no(base, line))
    assert "expected a whole number, negative allowed" in message


def test_missing_required_metadata() -> None:
    text = replace(replace(BASE, "报告,年度,,2025", ""), "报告,机关,,平潭综合实验区管理委员会", "")
    assert problems(text) == [
        ("报告 / 年度", "missing the line 报告,年度,,<value> (required)"),
        ("报告 / 机关", "missing the line 报告,机关,,<value> (required)"),
    ]
    text = replace(BASE, "报告,机关,,平潭综合实验区管理委员会", "报告,机关,,  ")
    assert only(text) == (at(4), "expected a value for 报告 机关, got an empty one")


def test_missing_format_version_stops_nothing_else() -> None:
    text = replace(BASE, "报告,格式版本,,2021", "")
    text = replace(text, "报告,年度,,2025", "报告,年度,,二〇二五")
    # problems in file order; those that no line holds come last
    assert problems(text) == [
        (at(2), "expected a four-digit year such as 2020, got '二〇二五'"),
        ("报告 / 格式版本", "missing the line 报告,格式版本,,<value> (required)"),
    ]


def test_bad_year() -> None:
    assert only(replace(BASE, "报告,年度,,2025", "报告,年度,,25")) == (
        at(3), "expected a four-digit year such as 2020, got '25'")
    place, message = only(replace(BASE, "报告,年度,,2025", "报告,年度,,1999"))
    assert place == at(3)
    assert message.startswith("报告 年度: expected a year")


@pytest.mark.parametrize("value", ["2021-02-30", "20210106", "2021/01/06", "2021年2月30日"])
def test_bad_date(value: str) -> None:
    text = BASE.replace("报告,机关,,平潭综合实验区管理委员会\n",
                        f"报告,机关,,平潭综合实验区管理委员会\n报告,发布日期,,{value}\n", 1)
    assert only(text) == (
        at(5), f"expected a date such as 2021-01-06 or 2021年1月6日, got {value!r}")


def test_date_as_printed_is_read() -> None:
    text = BASE.replace("报告,机关,,平潭综合实验区管理委员会\n",
                        "报告,机关,,平潭综合实验区管理委员会\n报告,发布日期,,2021年1月6日\n", 1)
    assert load_csv(text).metadata.published == dt.date(2021, 1, 6)


def test_dates_and_optional_fields_read() -> None:
    text = BASE.replace("报告,机关,,平潭综合实验区管理委员会\n",
                        "报告,机关,,平潭综合实验区管理委员会\n报告,发布日期,, 2026-01-20 \n"
                        "报告,文号,,\n", 1)
    meta = load_csv(text).metadata
    assert meta.published == dt.date(2026, 1, 20)
    assert meta.doc_number is None  # empty = not stated


def test_unknown_format_version() -> None:
    (place, message), = problems(replace(BASE, "报告,格式版本,,2021", "报告,格式版本,,2020"))
    assert place == at(2)
    # other test modules may register more variants
    assert message.startswith("unknown format version '2020'; expected one of 2019, 2021, ")
    assert "2021-test-records" in message


def test_unknown_metadata_field_and_column() -> None:
    found = problems(BASE + "报告,作者,,某人\n报告,标题,x,某标题\n")
    n = BASE.count("\n")
    assert found == [
        (at(n + 1), "unknown 报告 field '作者'; expected one of 格式版本, 年度, 机关, 文号, "
                    "发布日期, 标题"),
        (at(n + 2), "expected an empty column for 报告 标题, got 'x'"),
    ]


def test_wrong_number_of_fields() -> None:
    line = "四,行政复议,结果维持,0"
    expected = "expected 4 fields (table,row,column,value), got {}"
    found = problems(replace(BASE, line, "四,行政复议,结果维持,0,"))
    assert found[0] == (at(line_no(BASE, line)), expected.format(5))
    found = problems(replace(BASE, line, "四,行政复议"))
    assert found[0] == (at(line_no(BASE, line)), expected.format(2))


def test_every_problem_is_reported_with_its_line() -> None:
    lines = BASE.split("\n")
    lines[0] = "table,row,column"
    lines[2] = "报告,年度,,MMXXV"
    lines[10] = lines[10].rsplit(",", 1)[0] + ",x"
    lines[20] = "三,三、本年度办理结果/（一）予以公开,自然人"
    lines[30] = lines[30].replace("三,", "3,", 1)
    found = problems("\n".join(lines))
    places = [p for p, _ in found]
    assert places[:5] == [at(1), at(3), at(11), at(21), at(31)]
    with pytest.raises(CsvError) as info:
        load_csv("\n".join(lines))
    assert "problems" in str(info.value)
    assert "第31行 (line 31)" in str(info.value)


def test_quoted_newline_counts_lines_from_its_start() -> None:
    report = attrs.evolve(
        pingtan_like(), metadata=Metadata(body="机关", year=2025, title="一\n二")
    )
    text = dump_csv(report) + "三,x,自然人,1\n"
    found = problems(text)
    # the title spans physical lines 5-6; the bad line is the last physical line
    assert found == [(at(text.count("\n")),
                      "unknown row label 'x' in 表三")]


def test_records_are_frozen() -> None:
    record = Record(table="报告", row="年度", column="", value="2025")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.value = "2026"  # type: ignore[misc]
    assert record.fields() == ("报告", "年度", "", "2025")
    assert HEADER == ("table", "row", "column", "value")
    rows = list(csv.reader(io.StringIO(BASE)))
    assert all(len(r) == 4 for r in rows)


def test_bytes_are_refused_with_a_csv_error() -> None:
    with pytest.raises(CsvError, match="expected CSV text"):
        load_csv(BASE.encode())  # type: ignore[arg-type]


def test_unreadable_csv_is_a_csv_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # whatever the csv module refuses is reported at its line, not raised; its field limit
    # (raised by load_csv to the text's size) kept as the way to make it refuse
    import contextlib

    from govdisclosure import csvio

    monkeypatch.setattr(csvio, "_field_limit", lambda size: contextlib.nullcontext())
    text = BASE + "报告,文号,,\"" + "x" * (csv.field_size_limit() + 1) + "\"\n"
    found = problems(text)
    assert found[0][0] == at(BASE.count("\n") + 1)
    assert found[0][1].startswith("cannot read the CSV: field larger than field limit")


# --- units of amounts ---------------------------------------------------------------------


def test_an_amount_keeps_its_unit_as_printed() -> None:
    report = report_2019()
    table2 = report.table2.replace({("item_9", "procurement", "amount"): "16万"})
    report = attrs.evolve(report, table2=table2)
    text = dump_csv(report)
    assert "二,第二十条第（九）项/政府集中采购,采购总金额,16万\n" in text
    back = load_csv(text)
    assert back == report
    assert back.table2["item_9", "procurement", "amount"] == Decimal(16)
    assert back.table2.unit("item_9", "procurement", "amount") == "万"


@pytest.mark.parametrize("value", ["16美元", "16 万", "万", "16万万", "-16万", "1e3元"])
def test_an_unknown_or_malformed_unit_is_refused_naming_the_cell(value: str) -> None:
    text = dump_csv(report_2019())
    line = next(x for x in text.splitlines() if x.startswith("二,第二十条第（九）项"
                                                           "/政府集中采购,采购总金额,"))
    bad = text.replace(line, line.rsplit(",", 1)[0] + "," + value)
    with pytest.raises(CsvError) as info:
        load_csv(bad)
    [problem] = info.value.problems
    assert "表二 / 第二十条第（九）项/政府集中采购 / 采购总金额" in problem.message
    assert repr(value) in problem.message


# --- exact metadata, safe for spreadsheets (issue 12) ---------------------------------------

_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12) | (
    st.sampled_from(["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=x", "\r=x", "'=x", "''", " 标题 ",
                     "\x1b[31m红\x1b[0m", "a\x00b", "\n", " "])
)


@given(
    body=_ANY_TEXT.filter(str.strip), doc_number=st.none() | _ANY_TEXT,
    title=st.none() | _ANY_TEXT,
)
def test_metadata_round_trips_exactly_and_no_field_is_a_formula(
    body: str, doc_number: str | None, title: str | None
) -> None:
    report = attrs.evolve(pingtan_like(), metadata=Metadata(
        body=body, year=2025, doc_number=doc_number, title=title,
    ))
    text = dump_csv(report)
    assert load_csv(text) == report
    for fields in csv.reader(io.StringIO(text, newline="")):
        if fields[0] == "报告" and fields[1] in ("机关", "文号", "标题"):
            assert not fields[3].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_an_empty_title_is_refused_at_construction() -> None:
    with pytest.raises(InvalidValue, match="None when there is none"):
        Metadata(body="某局", year=2025, title="")


def test_a_field_longer_than_csvs_default_limit_round_trips() -> None:
    # the fuzz run on main found it: a title of 140,000 characters broke load_csv (128 KiB limit)
    title = "标题" * 70_000
    report = attrs.evolve(pingtan_like(), metadata=Metadata(body="某局", year=2025, title=title))
    before = csv.field_size_limit()
    assert load_csv(dump_csv(report)) == report
    assert csv.field_size_limit() == before  # the process-wide setting is left as it was
