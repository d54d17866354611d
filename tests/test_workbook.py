"""The workbook a clerk fills (govdisclosure.workbook): structure, round trips, a clerk's slips
refused at their cell, LibreOffice opening and saving it."""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure import strategies
from govdisclosure.checks import check
from govdisclosure.cli import example_path, main
from govdisclosure.errors import MissingExtra, WorkbookError
from govdisclosure.files import load, load_report
from govdisclosure.formats import Format2021, ValueKind, get_format
from govdisclosure.model import COUNT_LIMIT, AnnualReport, Paragraph, Section
from govdisclosure.rendering._layout import Role, layout
from govdisclosure.workbook import (
    META_SHEET,
    NARRATIVE,
    dump_xlsx,
    load_xlsx,
    read_xlsx,
    template_xlsx,
)

openpyxl = pytest.importorskip("openpyxl")

DATA = Path(__file__).parent / "data"
#: a third of the profile's examples: each draw writes and reads a whole workbook (~0.2 s)
EXAMPLES = max(8, settings.default.max_examples // 3)
TOP = 3  # the first row of a table on its sheet


class FormatTestWorkbook(Format2021):
    """A local variant with one more applicant column and one more outcome row."""

    code = "2021-test-workbook"


class _WorkbookMedia(c.LegalPerson):
    code = "test_workbook_media"
    label = "新闻媒体"
    formats = frozenset({"2021-test-workbook"})


class _WorkbookTransferred(c.OtherHandling):
    code = "test_workbook_transferred"
    label = "4.转送其他机关"
    formats = frozenset({"2021-test-workbook"})


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def book(data: bytes) -> object:
    return openpyxl.load_workbook(io.BytesIO(data))


def pingtan() -> AnnualReport:
    return load_report(example_path("pingtan-2025.json"))


def filled_template(tmp_path: Path) -> Path:
    """A 2021 template as a clerk fills it: every leaf of table 三 and 四 typed, table 二 too,
    the totals left to their formulas. 自然人: 一 = 5, （一）予以公开 = 5, the rest 0."""
    path = tmp_path / "填报.xlsx"
    assert run("template", "--format", "2021", "--body", "某县人民政府", "--year", "2025",
               "-o", str(path))[0] == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["表三"]
    for row in range(6, 31):
        for col in range(4, 10):
            if ws.cell(row=row, column=col).data_type != "f":
                ws.cell(row=row, column=col).value = 0
    ws["D6"] = 5
    ws["D8"] = 5
    for col in range(1, 16):
        cell = wb["表四"].cell(row=6, column=col)
        if cell.data_type != "f":
            cell.value = 1
    numbers = {k for k, v in _validations(wb["表二"]).items() if v[0] in ("whole", "decimal")}
    for ref in numbers:
        wb["表二"][ref].value = 2
    wb.save(path)
    return path


# --- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["2019", "2021"])
def test_template_tables_are_laid_out_as_printed(code: str) -> None:
    fmt = get_format(code)
    wb = book(template_xlsx(code, body="某县人民政府", year=2020 if code == "2019" else 2025))
    assert wb.sheetnames == [META_SHEET, NARRATIVE["一"], "表二", "表三", "表四",
                             NARRATIVE["五"], NARRATIVE["六"]]
    from govdisclosure.model import Table2, Table3, Table4

    money = {(c.row_path, c.column.label) for c in fmt.table2_cells()
             if c.column.kind is ValueKind.MONEY}
    for table in (Table2.empty(fmt), Table3.empty(fmt), Table4.empty(fmt)):
        lay = layout(table)
        ws = wb[f"表{lay.name}"]
        merged = {str(r) for r in ws.merged_cells.ranges}
        for cell in lay.cells:
            top_left = ws.cell(row=TOP + cell.row, column=1 + cell.col)
            colspan = cell.colspan
            if cell.role is Role.VALUE and cell.place in money:
                colspan -= 1  # the template's last column of an amount holds its unit
                unit = ws.cell(row=TOP + cell.row, column=cell.col + cell.colspan)
                assert unit.protection.locked is False
            if cell.rowspan > 1 or colspan > 1:
                last = ws.cell(row=TOP + cell.row + cell.rowspan - 1, column=cell.col + colspan)
                assert f"{top_left.coordinate}:{last.coordinate}" in merged
            if cell.role is Role.VALUE:
                assert top_left.protection.locked is False, top_left.coordinate
            else:
                assert top_left.value == cell.text
                assert top_left.protection.locked is True, top_left.coordinate
        assert ws.protection.sheet is True
        assert not ws.protection.password


def test_template_2021_golden_cells() -> None:
    wb = book(template_xlsx("2021"))
    t3 = wb["表三"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29", "B10:B17"} <= merged
    assert t3["A3"].value.startswith("（本列数据的勾稽关系为")
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量"
    assert t3["B29"].value == "（七）总计"
    assert t3["A30"].value == "四、结转下年度继续办理"
    # Row totals over the six applicant leaves, column totals over the 21 result rows.
    assert t3["J6"].value == '=IF(COUNT(D6:I6)=6,SUM(D6:I6),"")'
    assert t3["D29"].value == '=IF(COUNT(D8:D28)=21,SUM(D8:D28),"")'
    assert t3["J29"].value == '=IF(COUNT(J8:J28)=21,SUM(J8:J28),"")'
    assert t3["D6"].value is None
    assert t3["D6"].protection.locked is False
    assert t3["J6"].protection.locked is False  # a clerk may type the total as published
    t4 = wb["表四"]
    assert t4["E6"].value == '=IF(COUNT(A6:D6)=4,SUM(A6:D6),"")'
    assert t4["O6"].value == '=IF(COUNT(K6:N6)=4,SUM(K6:N6),"")'
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5"} <= {
        str(r) for r in t4.merged_cells.ranges
    }
    t2 = wb["表二"]
    assert t2["B16"].value is None
    assert t2["B15"].value == "本年收费金额（单位：万元）"  # the unit in the official label
    # 2021 prints 万元 in the label; the last column holds a unit printed in the cell.
    assert "B16:C16" in {str(r) for r in t2.merged_cells.ranges}
    assert t2["D16"].value is None  # its unit, when one is printed in the cell


def _validations(ws: object) -> dict[str, tuple[str, str | None, str | None]]:
    out = {}
    for dv in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:  # type: ignore[index]
                for cell in row:
                    out[cell.coordinate] = (dv.type, dv.operator, dv.formula1)
    return out


def test_data_validation_by_kind_of_cell() -> None:
    wb19 = book(template_xlsx("2019"))
    t2 = _validations(wb19["表二"])
    # 2019: 上一年项目数量 a count, 本年增/减 signed, 采购总金额 a non-negative decimal.
    assert t2["B9"] == ("whole", "greaterThanOrEqual", "0")
    assert t2["C9"][0:2] == ("whole", "between")
    assert wb19["表二"]["C8"].value == "本年增/减"
    assert wb19["表二"]["C19"].value == "采购总金额"
    assert t2["C20"] == ("decimal", "greaterThanOrEqual", "0")
    t3 = _validations(wb19["表三"])
    assert t3["D6"] == ("whole", "greaterThanOrEqual", "0")
    from govdisclosure.model import Table3

    values = [c for c in layout(Table3.empty("2019")).cells if c.role is Role.VALUE]
    assert len([k for k in t3 if k[0] in "DEFGHIJ"]) == len(values) == 23 * 7
    wb21 = book(template_xlsx("2021"))
    assert _validations(wb21["表二"])["B16"] == ("decimal", "greaterThanOrEqual", "0")
    assert _validations(wb21["表四"])["A6"] == ("whole", "greaterThanOrEqual", "0")


def test_metadata_sheet_holds_what_was_given() -> None:
    data = template_xlsx("2021", body="某县人民政府", year=2025, doc_number="某政办〔2026〕1号",
                         published=dt.date(2026, 1, 20))
    ws = book(data)[META_SHEET]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(3, 9)}
    assert values["格式版本"].value == "2021"
    assert values["格式版本"].protection.locked
    assert values["机关"].value == "某县人民政府"
    assert not values["机关"].protection.locked
    assert values["年度"].value == 2025
    assert values["发布日期"].value.date() == dt.date(2026, 1, 20)
    report = load_xlsx(data)
    assert report.metadata.doc_number == "某政办〔2026〕1号"
    assert report.metadata.title is None
    # An untouched template: every cell blank (None, never 0), no narrative.
    assert all(v is None for line in report.table3.values for v in line)
    assert all(v is None for v in report.table2.values)
    assert report.overview is None
    assert report.problems is None
    assert report.other is None


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pingtan-2025.json", "yongchun-shigu-2020.json"])
def test_examples_round_trip(name: str) -> None:
    report = load_report(example_path(name))
    assert load_xlsx(dump_xlsx(report)) == report


def test_formulas_carry_the_values_they_compute() -> None:
    # For viewers that show cells without computing: the value stored beside each formula.
    data = dump_xlsx(pingtan())
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert values["表三"]["J6"].value == 154
    assert values["表三"]["D29"].value == 147
    assert values["表三"]["J29"].value == 148
    assert values["表四"]["E6"].value == 36
    blank = openpyxl.load_workbook(io.BytesIO(template_xlsx("2021")), data_only=True)
    assert blank["表三"]["J6"].value in (None, "")  # blank parts: the formula shows nothing


def test_published_inconsistent_report_keeps_its_stated_totals(tmp_path: Path) -> None:
    # Pingtan 2020 prints （七）总计 that is not the sum of its rows (tests/data/README.md).
    report = load_report(DATA / "real_pingtan-2020.json")
    data = dump_xlsx(report)
    ws = book(data)["表三"]
    assert ws["B27"].value == "（七）总计"
    assert ws["J27"].value == 21  # stated, written as the number, not as a formula
    assert ws["J6"].value.startswith("=IF(")  # 21 = its parts: the formula gives it back
    path = tmp_path / "pingtan-2020.xlsx"
    path.write_bytes(data)
    assert load_report(path) == report
    code, out = run("check", str(path))
    assert code == 1
    assert "[T3-C] 表三!J27（表三 / 三、本年度办理结果/（七）总计 / 总计）" in out


def test_group_line_round_trips_under_its_group() -> None:
    # 淮安市洪泽区 2023 prints （六）其他处理 as one row: a line of its own under the group.
    report = load_report(DATA / "real_huaian-hongze-2023.json")
    data = dump_xlsx(report)
    ws = book(data)["表三"]
    labels = [(ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value)
              for r in range(6, 34)]
    assert ("（六）其他处理", None) in labels
    assert load_xlsx(data) == report


def test_money_keeps_its_digits() -> None:
    base = pingtan()
    for amount in ("1.50", "0", "4166.241619", "12345678901234.891", "100.000000"):
        table2 = base.table2.replace({("item_8", "fees", "fee_amount"): Decimal(amount)})
        report = attrs.evolve(base, table2=table2)
        back = load_xlsx(dump_xlsx(report))
        value = back.table2["item_8", "fees", "fee_amount"]
        assert isinstance(value, Decimal)
        assert str(value) == amount


def test_amounts_keep_their_units(tmp_path: Path) -> None:
    base = load_report(DATA / "real_pingtan-2020.json")  # 73802895.90元 (tests/data/README.md)
    key = ("item_9", "procurement", "amount")
    report = attrs.evolve(base, table2=base.table2.replace({key: (Decimal("73802895.90"), "元")}))
    data = dump_xlsx(report)
    ws = book(data)["表二"]
    assert ws["C19"].value == "采购总金额"
    assert ws["C20"].value == pytest.approx(73802895.90)
    assert ws["D20"].value == "元"
    back = load_xlsx(data)
    assert back == report
    assert back.table2.unit(*key) == "元"
    # A clerk types the unit with the digits, or an unknown unit.
    path = tmp_path / "填报.xlsx"
    path.write_bytes(template_xlsx("2021", body="某县人民政府", year=2025))
    wb = openpyxl.load_workbook(path)
    wb["表二"]["B16"] = "16万"
    wb.save(path)
    fees = load_report(path).table2
    assert fees["item_8", "fees", "fee_amount"] == Decimal("16")
    assert fees.unit("item_8", "fees", "fee_amount") == "万"
    wb["表二"]["B16"] = 16
    wb["表二"]["D16"] = "美元"
    wb.save(path)
    with pytest.raises(WorkbookError, match="美元") as info:
        read_xlsx(path)
    place = info.value.problems[0].place
    assert place.startswith("表二!B16（表二 / 第二十条第（八）项/行政事业性收费")


def test_narrative_nesting_and_text_that_looks_like_a_formula() -> None:
    overview = Section.of(
        "一、总体情况",
        "=SUM(A1:A2)",
        Section.of("（一）主动公开", "段一", Section.of("1.深一层", "段二")),
        "回到本节的一段",
        "  两端有空格  ",
        "两行\n文字",
        Section.of("（二）标题后有空格 ", "段三"),
    )
    report = attrs.evolve(pingtan(), overview=overview, problems=Section.of("五、问题"),
                          other=None)
    back = load_xlsx(dump_xlsx(report))
    assert back.overview == overview
    assert back.problems == Section(heading="五、问题")
    assert back.other is None
    assert back.overview is not None
    first = back.overview.content[0]
    assert isinstance(first, Paragraph)
    assert first.text == "=SUM(A1:A2)"


@settings(max_examples=EXAMPLES)
@given(strategies.reports(blanks=True))
def test_every_report_round_trips(report: AnnualReport) -> None:
    assert load_xlsx(dump_xlsx(report)) == report


@settings(max_examples=EXAMPLES)
@given(strategies.reports(FormatTestWorkbook, blanks=True))
def test_variant_report_round_trips(report: AnnualReport) -> None:
    data = dump_xlsx(report)
    assert "新闻媒体" in {c.value for row in book(data)["表三"].iter_rows() for c in row}
    assert load_xlsx(data) == report


@settings(max_examples=EXAMPLES)
@given(strategies.perturbed(strategies.reports(narrative=False)))
def test_a_changed_cell_is_kept_and_found_at_its_cell(
    pair: tuple[AnnualReport, strategies.Perturbation],
) -> None:
    report, change = pair
    filled = read_xlsx(dump_xlsx(report))
    assert filled.report == report
    cell = filled.cells[f"表{change.table} / {'/'.join(change.row)} / {'/'.join(change.column)}"]
    assert cell.startswith(f"表{change.table}!")
    violated = [f for f in check(filled.report) if f.is_violation]
    assert violated
    assert all(str(f.place) in filled.cells for f in violated)


# --- a clerk's workbook ---------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _pingtan_leaves() -> tuple[bytes, tuple[str, ...]]:
    """The Pingtan workbook and the cells of table 三 a clerk types into (not the totals)."""
    data = dump_xlsx(pingtan())
    ws = book(data)["表三"]
    leaves = tuple(
        cell.coordinate for row in ws.iter_rows(min_row=6) for cell in row
        if not cell.protection.locked and cell.data_type != "f"
    )
    return data, leaves


_TYPED = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet="0123456789 +-=.a三", max_size=4),
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2030, 1, 1)),
)


def _acceptable(value: object) -> int | bool | None:
    """What a typed value reads as: an int, None for blank, False when it must be refused."""
    if value is None or isinstance(value, bool | dt.datetime):
        return None if value is None else False
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.startswith("=") or not re.fullmatch(r"[+-]?[0-9]+", text):
            return False
        value = int(text)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None  # openpyxl writes inf and nan as an empty <v/>: the file holds a blank
        if not value.is_integer() or abs(value) >= 2.0**53:
            return False
        value = int(value)
    assert isinstance(value, int)
    return value if 0 <= value < COUNT_LIMIT else False


@settings(max_examples=EXAMPLES)
@example([(0, 3775713803971378.0)])  # above the model's count bound: refused at its cell
@example([(0, False), (1, math.inf)])  # CI found it: inf is written as a blank, not refused
@example([(0, math.nan)])
@given(st.lists(st.tuples(st.integers(0, 10_000), _TYPED), min_size=1, max_size=4))
def test_whatever_a_clerk_types_is_read_or_refused_at_its_cell(
    changes: list[tuple[int, object]],
) -> None:
    data, leaves = _pingtan_leaves()
    wb = book(data)
    typed: dict[str, object] = {}
    for index, value in changes:
        ref = leaves[index % len(leaves)]
        wb["表三"][ref] = value
        typed[ref] = value
    out = io.BytesIO()
    wb.save(out)
    refused = {ref for ref, value in typed.items() if _acceptable(value) is False}
    if refused:
        with pytest.raises(WorkbookError) as info:
            read_xlsx(out.getvalue())
        assert {p.place.split("（")[0] for p in info.value.problems} == {
            f"表三!{r}" for r in refused
        }
        return
    filled = read_xlsx(out.getvalue())
    by_cell = {ref: place for place, ref in filled.cells.items()}
    t3 = filled.report.table3
    for ref, value in typed.items():
        row, col = by_cell[f"表三!{ref}"].split(" / ")[1:]
        assert t3[row, col] == _acceptable(value)


def test_filled_template_reads_with_derived_totals(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    report = load_report(path)
    t3 = report.table3
    assert t3["new", "total"] == 5  # the formula's total, derived
    assert t3["result_total", "natural_person"] == 5
    assert t3["result_total", "total"] == 5
    assert report.table4["review", "total"] == 4
    assert check(report) == []
    code, out = run("check", str(path))
    assert code == 0, out
    code, out = run("convert", str(path), "--to", "json")
    assert code == 0
    assert '"total": 5' in out


def test_wrong_typed_total_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["J6"] = 7  # the parts add up to 5
    wb.save(path)
    code, out = run("check", str(path))
    assert code == 1
    assert "[T3-B] 表三!J6（表三 / 一、本年新收政府信息公开申请数量 / 总计）" in out
    assert "总计为7" in out


def test_wrong_typed_total_in_table4(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["表四"]["J6"] = 9
    wb.save(path)
    code, out = run("check", str(path))
    assert code == 1
    assert "[T4] 表四!J6（表四 / 行政诉讼/未经复议直接起诉 / 总计）" in out


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("E12", 2.5, "expected a whole number, got 2.5"),
        ("E12", -3, "expected a non-negative integer count, got -3"),
        ("E12", "三", "expected a number, got the text '三'"),
        ("E12", dt.datetime(2025, 1, 1), "expected a number, got a date"),
    ],
)
def test_bad_typed_value_is_refused_with_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, value: object, message: str
) -> None:
    path = filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["表三"][cell] = value
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_xlsx(path)
    (problem,) = info.value.problems
    assert problem.place == (
        "表三!E12（表三 / 三、本年度办理结果/（三）不予公开/3.危及“三安全一稳定” / "
        "法人或其他组织/商业企业）"
    )
    assert message in problem.message
    code, _ = run("check", str(path))
    err = capsys.readouterr().err
    assert code == 2
    assert "表三!E12" in err
    assert err.count("\n") == 1


def test_every_bad_cell_is_named_at_once(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["表二"]["B5"] = -1
    wb["表二"]["C5"] = 1.5
    wb["表三"]["J6"] = "=SUM(D6:E6)"  # not the template's formula
    wb["表三"]["D7"] = "=1+1"  # a formula where a count is typed
    wb[META_SHEET]["B4"] = "二〇二五"  # 年度
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_xlsx(path)
    places = [p.place.split("（")[0] for p in info.value.problems]
    assert sorted(places) == sorted(["表二!B5", "表二!C5", "表三!J6", "表三!D7", "报告信息!B4"])


def test_blank_cell_is_blank_not_zero(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["表三"]["E6"] = None
    wb.save(path)
    t3 = load_report(path).table3
    assert t3["new", "commercial"] is None
    assert t3["new", "total"] is None  # derived from a blank part: not known
    assert t3["carried_over", "total"] == 0


def test_convert_report_to_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.xlsx"
    code, _ = run("convert", str(example_path()), "--to", "xlsx", "-o", str(target))
    assert code == 0
    assert load_report(target) == load_report(example_path())
    assert load(target).cells["表三 / 一、本年新收政府信息公开申请数量 / 总计"] == "表三!J6"
    code, _ = run("convert", str(example_path()), "--to", "xlsx")
    assert code == 2
    assert "-o" in capsys.readouterr().err


def test_not_a_workbook_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a zip")
    code, _ = run("check", str(path))
    assert code == 2
    assert "not an xlsx workbook" in capsys.readouterr().err


def test_missing_openpyxl_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtra, match=r"govdisclosure\[xlsx\]"):
        template_xlsx("2021")


def test_importing_the_package_does_not_import_openpyxl() -> None:
    code = "import govdisclosure, govdisclosure.files, sys; print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# --- LibreOffice (the stand-in for Excel and WPS) -------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _soffice(tmp_path: Path, source: Path, to: str) -> Path:
    assert SOFFICE is not None
    out = tmp_path / "lo-out"
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", to, "--outdir", str(out), str(source)],
        capture_output=True, check=True, timeout=180,
    )
    return out / f"{source.stem}.{to}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_saves_it_and_it_reads_back(tmp_path: Path) -> None:
    report = pingtan()
    source = tmp_path / "report.xlsx"
    source.write_bytes(dump_xlsx(report))
    wrong = filled_template(tmp_path)
    wb = openpyxl.load_workbook(wrong)
    wb["表三"]["J6"] = 7
    wb.save(wrong)
    saved = _soffice(tmp_path, source, "xlsx")
    # LibreOffice stores the values it computed beside each formula; they are not read.
    cached = openpyxl.load_workbook(saved, data_only=True)["表三"]["J6"].value
    assert cached == 154
    assert load_report(saved) == report
    saved_wrong = _soffice(tmp_path, wrong, "xlsx")
    code, out = run("check", str(saved_wrong))
    assert code == 1
    assert "表三!J6（表三 / 一、本年新收政府信息公开申请数量 / 总计）" in out
    pdf = _soffice(tmp_path, source, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


# --- a published report's workbook, a wrong total typed over a formula ---------------------


def _total_refs(cells: dict[str, str]) -> list[tuple[str, str]]:
    """(place, cell) of every single total cell of tables 三 and 四."""
    return [(place, ref) for place, ref in cells.items()
            if ":" not in ref and place.startswith(("表三", "表四"))
            and ("总计" in place.split(" / ")[-1] or "（七）总计" in place)]


@pytest.mark.parametrize(("source", "refs"), [
    (example_path("pingtan-2025.json"), ["表三!J12", "表三!D29", "表三!J29", "表三!J30",
                                         "表四!E6", "表四!O6"]),
    (example_path("yongchun-shigu-2020.json"), ["表三!J12", "表三!D27", "表三!J28", "表四!J6"]),
    (DATA / "real_huaian-hongze-2023.json", ["表三!J12", "表三!J26", "表三!F30"]),
])
def test_wrong_total_in_a_published_reports_workbook_is_refused_at_its_cell(
    tmp_path: Path, source: Path, refs: list[str]
) -> None:
    """``convert report --to xlsx``, a total typed over its formula (off by 3): ``check``
    names that cell, sheet and reference, beside its official labels; the right total typed
    there passes as before."""
    path = tmp_path / "report.xlsx"
    assert run("convert", str(source), "--to", "xlsx", "-o", str(path))[0] == 0
    loaded = load(path)
    before = run("check", str(path))
    totals = {ref: place for place, ref in _total_refs(dict(loaded.cells))}
    assert set(refs) <= set(totals), sorted(totals)
    for ref in refs:
        sheet, cell = ref.split("!")
        place = totals[ref]
        # the value the formula computes, stored beside it for readers that do not compute
        value = openpyxl.load_workbook(path, data_only=True)[sheet][cell].value
        assert isinstance(value, int)
        for typed, wrong in ((value, False), (value + 3, True)):
            wb = openpyxl.load_workbook(path)
            # a formula, or the stated number where the formula could not show it
            assert wb[sheet][cell].data_type in ("f", "n")
            wb[sheet][cell] = typed
            changed = tmp_path / f"typed-{cell}.xlsx"
            wb.save(changed)
            code, out = run("check", str(changed))
            if not wrong:
                assert (code, out.count("]")) == (before[0], before[1].count("]")), ref
                continue
            assert code == 1, (ref, out)
            lines = [x for x in out.splitlines() if f"{ref}（{place}）" in x]
            assert lines, (ref, out)
            assert f"为{value + 3}" in " ".join(lines), lines


@pytest.mark.parametrize("source", [
    example_path("pingtan-2025.json"), example_path("yongchun-shigu-2020.json"),
    DATA / "real_huaian-hongze-2023.json", DATA / "real_pingtan-2020.json",
])
def test_every_cell_shows_the_reports_value(source: Path) -> None:
    """What a spreadsheet shows in each cell of tables 二、三、四 (a formula's value, as
    stored beside it) is the report's value, blank where the report is blank; the
    洪泽区 report states （六）其他处理 as one row, so the （七）总计 of its columns is the
    stated number, not a formula over the blank parts."""
    from govdisclosure.csvio import records

    report = load_report(source)
    data = dump_xlsx(report)
    path_cells = read_xlsx(data).cells
    shown = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    seen = 0
    for rec in records(report):
        if rec.table not in ("二", "三", "四"):
            continue
        ref = path_cells.get(f"表{rec.table} / {rec.row} / {rec.column}")
        assert ref is not None, rec
        sheet, cell = ref.split("!")
        got = shown[sheet][cell].value
        want = rec.value
        if want == "":
            assert got in (None, ""), (ref, rec)
        elif rec.table == "二" and not want.isdigit():  # an amount: its unit sits beside it
            assert Decimal(str(got)) == Decimal(want.rstrip("元千万亿")), (ref, rec)
        else:
            assert got == int(want), (ref, rec, got)
        seen += 1
    assert seen > 100


def test_render_writes_the_workbook_too(tmp_path: Path) -> None:
    """``render --to xlsx`` is ``convert --to xlsx``."""
    path = tmp_path / "报告.xlsx"
    assert run("render", str(example_path("pingtan-2025.json")), "--to", "xlsx", "-o",
               str(path))[0] == 0
    assert load_report(path) == pingtan()
