"""compare_years (each cell with its change) and ranking, as CSV and terminal tables."""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure.audit.compare import (
    UNITS_DIFFER,
    CellChange,
    changed,
    changes_csv,
    changes_table,
    compare_years,
    distinct,
    metrics,
    ranking,
    ranking_csv,
    ranking_table,
)
from govdisclosure.errors import InvalidValue
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport
from govdisclosure.units import MONEY_UNITS

DATA = Path(__file__).parent / "data"


def report(fmt: str, year: int, body: str = "某局", t3: Any = None, t4: Any = None,
           t2: Any = None) -> AnnualReport:
    return AnnualReport.build(fmt, body=body, year=year, table2=t2 or {}, table3=t3 or {},
                              table4=t4 or {}, fill=0)


def by_place(changes: list[CellChange]) -> dict[tuple[str, str, str], CellChange]:
    return {(ch.table, "/".join(ch.row), "/".join(ch.column)): ch for ch in changes}


def test_real_pingtan_year_over_year() -> None:
    then = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    now = load_json((DATA / "audit_pingtan-2023.json").read_bytes())
    cells = by_place(compare_years(then, now))
    new = cells[("三", "一、本年新收政府信息公开申请数量", "总计")]
    assert (new.previous, new.current, new.change) == (74, 81, 7)
    repealed = cells[("二", "第二十条第（一）项/行政规范性文件", "本年废止件数")]
    assert (repealed.previous, repealed.current, repealed.change) == (55, 132, 77)
    legal = cells[("三", "一、本年新收政府信息公开申请数量", "法人或其他组织")]
    assert (legal.previous, legal.current) == (3, 1)  # a group column: sum of its parts
    review = cells[("四", "行政复议", "总计")]
    assert review.change == 0
    fee = cells[("二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）")]
    assert str(fee.change) == "-3167.271333"


def test_across_the_format_change() -> None:
    then = report("2019", 2020, t3={c.NewlyReceived: {c.NaturalPerson: 2},
                                    c.OtherHandling: {c.NaturalPerson: 2}})
    now = report("2021", 2021, t3={c.NewlyReceived: {c.NaturalPerson: 3},
                                   c.NoCorrection: {c.NaturalPerson: 1},
                                   c.OtherReasons: {c.NaturalPerson: 2}})
    cells = by_place(compare_years(then, now))
    other = cells[("三", "三、本年度办理结果/（六）其他处理", "自然人")]
    assert (other.previous, other.current, other.change) == (2, 3, 1)
    row = "三、本年度办理结果/（六）其他处理/" + c.NoCorrection.label
    split = cells[("三", row, "自然人")]
    assert (split.previous, split.current, split.change) == (None, 1, None)
    procurement = cells[("二", "第二十条第（九）项/政府集中采购", "采购项目数量")]
    assert (procurement.previous, procurement.current) == (0, None)


def test_blank_side_gives_blank_change() -> None:
    then = report("2021", 2021, t3={c.NewlyReceived: {c.NaturalPerson: None}})
    now = report("2021", 2022)
    cells = by_place(compare_years(then, now))
    ch = cells[("三", "一、本年新收政府信息公开申请数量", "自然人")]
    assert (ch.previous, ch.current, ch.change) == (None, 0, None)


def test_order_of_years_is_checked() -> None:
    with pytest.raises(InvalidValue, match="earlier report first"):
        compare_years(report("2021", 2022), report("2021", 2021))


def test_changes_as_csv_and_table() -> None:
    changes = [
        CellChange(table="三", row=("一、本年新收政府信息公开申请数量",), column=("总计",),
                   previous=74, current=81),
        CellChange(table="四", row=("行政复议",), column=("总计",), previous=2, current=None),
    ]
    rows = list(csv.reader(io.StringIO(changes_csv(changes))))
    assert rows == [
        ["table", "row", "column", "previous", "current", "change"],
        ["三", "一、本年新收政府信息公开申请数量", "总计", "74", "81", "+7"],
        ["四", "行政复议", "总计", "2", "", ""],
    ]
    text = changes_table(changes, previous_year=2022, current_year=2023)
    lines = text.splitlines()
    assert "2022年" in lines[0]
    assert "2023年" in lines[0]
    assert lines[1].endswith("    74      81    +7")  # right-aligned under 2022年 2023年 增减


def units() -> list[AnnualReport]:
    def one(body: str, disclosed: int, other: int, corrected: int, upheld: int) -> AnnualReport:
        return report("2021", 2022, body=body,
                      t3={c.NewlyReceived: {c.NaturalPerson: disclosed + other},
                          c.Disclosed: {c.NaturalPerson: disclosed},
                          c.NotHeld: {c.NaturalPerson: other}},
                      t4={"review": {"corrected": corrected, "upheld": upheld}})

    return [one("甲局", 1, 3, 1, 1), one("乙局", 3, 1, 0, 2), one("丙局", 0, 0, 0, 0),
            one("丁局", 3, 1, 1, 0)]


def test_ranking_by_disclosed_share() -> None:
    rows = ranking(units(), "disclosed_share", min_applications=0)
    assert [(r.rank, r.body, r.value) for r in rows] == [
        (1, "乙局", Fraction(3, 4)), (1, "丁局", Fraction(3, 4)), (3, "甲局", Fraction(1, 4)),
        (None, "丙局", None),
    ]
    assert (rows[0].numerator, rows[0].denominator) == (3, 4)


def test_ranking_by_review_correction_rate() -> None:
    rows = ranking(units(), "review_correction_rate", min_applications=0)
    assert [(r.body, r.value) for r in rows] == [
        ("丁局", 1), ("甲局", Fraction(1, 2)), ("乙局", 0), ("丙局", None)]


def test_ranking_renderings() -> None:
    rows = ranking(units(), "disclosed_share", min_applications=0)
    lines = list(csv.reader(io.StringIO(ranking_csv(rows))))
    assert lines[0] == ["rank", "body", "year", "value", "numerator", "denominator",
                        "too_few", "source"]
    assert lines[1] == ["1", "乙局", "2022", "0.750000", "3", "4", "", ""]
    assert lines[-1] == ["", "丙局", "2022", "", "0", "0", "", ""]
    text = ranking_table(rows, "disclosed_share").splitlines()
    assert "予以公开率" in text[0]
    assert "75.0%" in text[1]

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    # the 机关 column starts at the same display column on every line
    starts = {width(line[: line.index("局") - 1]) for line in text[1:]}
    assert len(starts) == 1


def test_metrics_registry_and_unknown_metric() -> None:
    codes = {m.code for m in metrics()}
    assert {"disclosed_share", "opened_share", "review_correction_rate",
            "litigation_correction_rate"} <= codes
    with pytest.raises(InvalidValue, match="unknown metric"):
        ranking(units(), "no_such_metric")


def big(body: str, year: int, disclosed: int, other: int) -> AnnualReport:
    return report("2021", year, body=body,
                  t3={c.NewlyReceived: {c.NaturalPerson: disclosed + other},
                      c.Disclosed: {c.NaturalPerson: disclosed},
                      c.NotHeld: {c.NaturalPerson: other}})


def test_ranking_is_by_year_each_report_once_and_only_with_enough_applications() -> None:
    reports = [big("甲局", 2025, 30, 10), big("乙局", 2025, 10, 30), big("甲局", 2020, 40, 0),
               big("甲 局", 2025, 40, 0),  # the same body and year again: left out
               big("丙局", 2025, 2, 0)]     # 2 applications: no rate
    rows = ranking(reports, "disclosed_share", names=["a", "b", "c", "d", "e"])
    assert [(r.year, r.rank, r.body, r.value, r.too_few, r.source) for r in rows] == [
        (2020, 1, "甲局", 1, False, "c"),
        (2025, 1, "甲局", Fraction(3, 4), False, "a"),
        (2025, 2, "乙局", Fraction(1, 4), False, "b"),
        (2025, None, "丙局", None, True, "e"),
    ]
    assert [r.year for r in ranking(reports, "disclosed_share", year=2020)] == [2020]
    few = ranking(reports, "disclosed_share", min_applications=1)
    assert [(r.body, r.rank) for r in few if r.year == 2025] == [
        ("丙局", 1), ("甲局", 2), ("乙局", 3)]
    text = ranking_table(rows, "disclosed_share")
    assert "样本不足" in text
    lines = list(csv.reader(io.StringIO(ranking_csv(rows))))
    assert lines[-1][6:] == ["1", "e"]


def test_distinct_names_what_it_drops() -> None:
    twice = [big("甲局", 2025, 1, 1), big("甲局", 2025, 1, 1)]
    kept, dropped = distinct(twice, ["x.json", "y.json"])
    assert [name for name, _ in kept] == ["x.json"]
    assert dropped == [("y.json", "x.json")]


def test_changed_keeps_only_cells_that_changed() -> None:
    then, now = big("甲局", 2024, 30, 10), big("甲局", 2025, 31, 10)
    changes = changed(compare_years(then, now))
    assert changes
    assert all(ch.previous != ch.current for ch in changes)
    assert {ch.change for ch in changes} == {1}
    assert len(changes) < len(compare_years(then, now))


def test_csv_neutralised_and_terminal_tables_without_escapes() -> None:
    evil = big("=cmd|' /C calc'!A0\x1b[31m", 2025, 30, 10)
    rows = ranking([evil], "disclosed_share")
    [_, line] = list(csv.reader(io.StringIO(ranking_csv(rows))))
    assert line[1].startswith("'=")
    table = ranking_table(rows, "disclosed_share")
    assert "\x1b" not in table
    assert "=cmd" in table
    change = CellChange(table="三", row=("@SUM(1)",), column=("-1",), previous=1, current=2)
    [_, cells] = list(csv.reader(io.StringIO(changes_csv([change]))))
    assert cells == ["三", "'@SUM(1)", "'-1", "1", "2", "+1"]
    shown = changes_table([CellChange(table="三", row=("a\x1b]0;x\x07b",), column=("c",),
                                      previous=1, current=1)])
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "a]0;xb" in shown  # what is left of the sequence is inert text


FEE = ("二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）")


def fee_change(before: str, after: str) -> CellChange:
    then, now = report("2021", 2022), report("2021", 2023)
    key = ("item_8", "fees", "fee_amount")
    then = attrs.evolve(then, table2=then.table2.replace({key: before}))
    now = attrs.evolve(now, table2=now.table2.replace({key: after}))
    return by_place(compare_years(then, now))[FEE]


@pytest.mark.parametrize(("before", "after", "change", "shown", "differs"), [
    ("16万", "160000元", Decimal(0), "0元", False),  # the same amount in two units
    ("16万", "16万元", Decimal(0), "0万元", False),
    ("16万", "16元", Decimal(-159984), "-159984元", True),  # the same number, not the amount
    ("16万", "20.5万", Decimal("4.5"), "+4.5万", True),
    ("1.5亿", "15000万", Decimal(0), "0万", False),
    ("16", "16", Decimal(0), "0", False),  # both printed without a unit
])
def test_amounts_are_compared_in_their_units(
    before: str, after: str, change: Decimal, shown: str, differs: bool
) -> None:
    ch = fee_change(before, after)
    assert (ch.change, ch.differs, ch.units_differ) == (change, differs, False)
    assert (ch in changed([ch])) is differs
    [_, line] = list(csv.reader(io.StringIO(changes_csv([ch]))))
    # a signed amount with a unit is no number to a spreadsheet: neutralised
    assert line[3:] == [before, after, "'" + shown if shown[0] in "+-" else shown]


@pytest.mark.parametrize(("before", "after"), [("16", "16万"), ("160000元", "160000")])
def test_an_amount_with_a_unit_and_one_without_are_never_called_equal(
    before: str, after: str
) -> None:
    ch = fee_change(before, after)
    assert ch.units_differ
    assert ch.change is None
    assert ch.differs
    assert changed([ch]) == [ch]
    [_, line] = list(csv.reader(io.StringIO(changes_csv([ch]))))
    assert line[3:] == [before, after, UNITS_DIFFER]
    assert UNITS_DIFFER in changes_table([ch])


UNITS = st.sampled_from([None, *MONEY_UNITS])
AMOUNTS = st.decimals(min_value=0, max_value=10**14, places=6, allow_nan=False)


@given(AMOUNTS, UNITS, AMOUNTS, UNITS)
def test_equal_only_when_the_amounts_are(
    before: Decimal, before_unit: str | None, after: Decimal, after_unit: str | None
) -> None:
    """Not changed exactly when both amounts are the same number of 元 (or the same number
    printed without a unit on both sides)."""
    scale = {"元": 1, "千元": 1000, "万": 10**4, "万元": 10**4, "亿": 10**8, "亿元": 10**8}
    ch = CellChange(table="二", row=("r",), column=("c",), previous=before, current=after,
                    previous_unit=before_unit, current_unit=after_unit)
    if before_unit is None or after_unit is None:
        same = before_unit == after_unit and before == after
    else:
        same = Fraction(before) * scale[before_unit] == Fraction(after) * scale[after_unit]
    assert ch.differs is not same
    if ch.change is not None and ch.unit is not None:
        assert Fraction(ch.change) * scale[ch.unit] == (
            Fraction(after) * scale[after_unit or ""] - Fraction(before) * scale[before_unit or ""])
