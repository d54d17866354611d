"""The dataset: one row per report and cell, statuses and sources, CSV/Parquet/DuckDB output."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from govdisclosure import strategies
from govdisclosure.cli import main
from govdisclosure.crosswalk import crosswalk
from govdisclosure.csvio import records
from govdisclosure.dataset import COLUMNS, Status, cells, export, read_file, wide_codes
from govdisclosure.errors import GovDisclosureError, MissingExtra
from govdisclosure.jsonio import dump_json, load_json
from govdisclosure.model import AnnualReport
from govdisclosure.units import split_amount

DATA = Path(__file__).parent / "data"
PINGTAN = Path(__file__).parents[1] / "src" / "govdisclosure" / "data" / "pingtan-2025.json"
YONGCHUN_TXT = DATA / "parse_yongchun_shigu_2020.txt"
HONGZE_CSV = DATA / "csv_huaian_hongze_2023.csv"


def _by_code(rows: list) -> dict:  # type: ignore[type-arg]
    return {r.code: r for r in rows}


@given(strategies.reports(blanks=True, narrative=False))
def test_rows_are_the_csv_cells_with_codes(report: AnnualReport) -> None:
    rows = list(cells(report))
    grid_rows = [r for r in rows if not r.source.startswith("计算")]
    csv_cells = [rec for rec in records(report) if rec.table != "报告"]
    # the same cells in the same order, with the same label paths, as the CSV form
    assert [(r.table, r.row, r.column) for r in grid_rows] == [
        (c.table, c.row, c.column) for c in csv_cells
    ]
    for row, rec in zip(grid_rows, csv_cells, strict=True):
        if isinstance(row.value, Decimal):  # the CSV writes the unit as printed after it (16万)
            amount = split_amount(rec.value)
            assert amount is not None
            assert amount[0] == row.value
            assert amount[1] in (row.unit, None)
        else:
            assert ("" if row.value is None else str(row.value)) == rec.value
        assert row.status is (Status.BLANK if row.value is None else Status.STATED)
    # a code names one cell of a report
    assert len({r.code for r in rows}) == len(rows)


def test_json_source_and_derived_totals(tmp_path: Path) -> None:
    data = json.loads(PINGTAN.read_text(encoding="utf-8"))
    del data["table3"]["new"]["total"]  # an absent total is derived by the model
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report, provenance = read_file(path)
    rows = _by_code(list(cells(report, file=str(path), provenance=provenance)))
    assert rows["t3.new.total"].status is Status.DERIVED
    assert rows["t3.new.total"].value == 154
    assert rows["t3.new.natural_person"].status is Status.STATED
    assert rows["t3.new.natural_person"].source == "$.table3.new.natural_person"
    fee = rows["t2.item_8.fees.fee_amount"]
    assert fee.value == Decimal("4166.241619")
    assert fee.unit == "万元"


def test_crosswalk_sum_of_2021_other_handling() -> None:
    report = load_json(PINGTAN.read_bytes())
    rows = _by_code(list(cells(report)))
    parts = ("no_correction", "fee_unpaid", "other_reasons")
    for column in ("natural_person", "total"):
        expected = sum(report.table3[p, column] or 0 for p in parts)
        got = rows[f"t3.other_handling.{column}"]
        assert got.value == expected
        assert got.status is Status.DERIVED
        assert got.row == "三、本年度办理结果/（六）其他处理"


def test_crosswalk_rows_can_be_left_out(tmp_path: Path) -> None:
    report = load_json(PINGTAN.read_bytes())
    plain = list(cells(report, crosswalk=False))
    assert len(plain) == sum(1 for r in records(report) if r.table != "报告")
    assert not any(r.code.startswith("t3.other_handling.") for r in plain)
    out = tmp_path / "c.csv"
    assert main(["export", str(PINGTAN), "-o", str(out), "--no-crosswalk"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(plain) + 1


def test_a_stated_other_handling_row_is_kept_not_summed() -> None:
    # 淮安市洪泽区 2023 prints （六）其他处理 as one row, its three parts blank
    report, provenance = read_file(HONGZE_CSV)
    rows = [r for r in cells(report, provenance=provenance) if r.code.startswith(
        "t3.other_handling.")]
    assert rows
    assert {r.status for r in rows} == {Status.STATED}
    assert all(r.source.startswith("CSV 第") for r in rows)


def test_parsed_unread_cell(tmp_path: Path) -> None:
    text = YONGCHUN_TXT.read_text(encoding="utf-8")
    line = "一、本年新收政府信息公开申请数量\t\t0\t0"
    assert line in text
    path = tmp_path / "r.txt"
    path.write_text(text.replace(line, "一、本年新收政府信息公开申请数量\t\t0\t0O", 1),
                    encoding="utf-8")
    report, provenance = read_file(path)
    rows = _by_code(list(cells(report, provenance=provenance)))
    bad = rows["t3.new.commercial"]
    assert bad.value is None
    assert bad.status is Status.UNREAD
    # what the parser could read of the other rows is kept
    good = rows["t3.carried_over.natural_person"]
    assert good.status is Status.STATED
    assert good.source.startswith("text line ")


def test_crosswalk_codes() -> None:
    table = {c.code: c for c in crosswalk()}
    normative = table["t2.item_1.normative.in_force"]
    assert normative.in_2019 is None  # 对外公开总数量 is another quantity
    decisions = table["t2.item_5.licensing.decisions"]
    assert "处理决定数量" in (decisions.in_2019 or "")
    assert "本年处理决定数量" in (decisions.in_2021 or "")
    assert table["t3.no_correction.total"].in_2019 is None
    assert table["t2.item_9.procurement.amount"].in_2021 is None
    both = table["t3.other_handling.total"]
    assert both.in_2019
    assert both.in_2021
    assert both.note
    assert set(table) <= set(wide_codes())


def _export_all(tmp_path: Path) -> list[Path]:
    src = tmp_path / "in"
    src.mkdir()
    for f in (PINGTAN, YONGCHUN_TXT, HONGZE_CSV, DATA / "audit_pingtan-2022.json"):
        shutil.copy(f, src / f.name)
    (src / "broken.json").write_text("{", encoding="utf-8")
    return [src]


def test_export_csv_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cells.csv"
    code = main(["export", *map(str, _export_all(tmp_path)), "-o", str(out), "--jobs", "1"])
    assert code == 2  # broken.json is unreadable, named on stderr; the others are exported
    assert "broken.json" in capsys.readouterr().err
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COLUMNS
    assert {r["report"] for r in rows} == {
        "平潭综合实验区管理委员会/2025", "永春县石鼓镇人民政府/2020", "淮安市洪泽区人民政府/2023",
        "平潭综合实验区/2022",
    }
    pingtan = {r["code"]: r for r in rows if r["year"] == "2025"}
    assert pingtan["t3.new.total"]["value"] == "154"
    assert pingtan["t2.item_8.fees.fee_amount"]["value"] == "4166.241619"


def test_export_parquet_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    paths = _export_all(tmp_path)
    parquet = tmp_path / "cells.parquet"
    summary = export(paths, parquet, jobs=2)
    assert summary.reports == 4
    assert [p for p, _ in summary.unreadable] == [str(paths[0] / "broken.json")]
    assert duckdb.sql(f"select count(*) from '{parquet}'").fetchall() == [(summary.rows,)]
    assert duckdb.sql(
        f"select value from '{parquet}' where code = 't3.new.total' and year = 2025"
    ).fetchall() == [(Decimal(154),)]
    db = tmp_path / "cells.duckdb"
    export(paths, db, jobs=1)
    with duckdb.connect(str(db)) as con:
        assert con.sql("select count(*) from cells").fetchall() == [(summary.rows,)]
        wide = con.sql('select "t3.new.total" from reports where year = 2025').fetchall()
        assert wide == [(Decimal(154),)]
    wide_parquet = tmp_path / "wide.parquet"
    export(paths, wide_parquet, wide=True, jobs=1)
    assert duckdb.sql(f"select count(*) from '{wide_parquet}'").fetchall() == [(4,)]


def test_export_refuses_unknown_output(tmp_path: Path) -> None:
    with pytest.raises(GovDisclosureError, match="parquet"):
        export([PINGTAN], tmp_path / "x.xlsx")


@pytest.mark.parametrize("name", ["x.csv", "x.parquet", "x.duckdb"])
def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("duckdb")
    target = tmp_path / "no such folder" / name
    assert main(["export", str(PINGTAN), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"govdisclosure: cannot write {target}")
    assert len(err.strip().splitlines()) == 1


def test_missing_pyarrow_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtra, match=r"govdisclosure\[dataset\]"):
        export([PINGTAN], tmp_path / "x.parquet")


def test_money_with_too_many_places_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    report = load_json(PINGTAN.read_bytes())
    fees = report.table2.replace({("item_8", "fees", "fee_amount"): Decimal("1.123456789")})
    path = tmp_path / "r.json"
    path.write_text(dump_json(report.__class__(
        format=report.format, metadata=report.metadata, table2=fees, table3=report.table3,
        table4=report.table4)), encoding="utf-8")
    with pytest.raises(GovDisclosureError, match="places after the point"):
        export([path], tmp_path / "x.parquet", jobs=1)


def test_the_unit_printed_with_an_amount_is_kept() -> None:
    report = load_json((Path(__file__).parents[1] / "src" / "govdisclosure" / "data"
                        / "yongchun-shigu-2020.json").read_bytes())
    table2 = report.table2.replace({("item_9", "procurement", "amount"): "73802895.90元"})
    rows = _by_code(list(cells(attrs.evolve(report, table2=table2))))
    amount = rows["t2.item_9.procurement.amount"]
    assert (amount.value, amount.unit) == (Decimal("73802895.90"), "元")
    # 2019 prints no unit for 采购总金额: none is invented
    assert _by_code(list(cells(report)))["t2.item_9.procurement.amount"].unit is None
