"""aggregate() in audit.rollup: leaf sums, totals derived, identities hold; mixing refused."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure import check
from govdisclosure.audit.rollup import aggregate, blank_cells
from govdisclosure.errors import InconsistentReport, InvalidValue, LayoutError
from govdisclosure.findings import Severity, Verdict
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Metadata
from govdisclosure.strategies import reports


def same_year(units: list[AnnualReport], year: int = 2022) -> list[AnnualReport]:
    return [
        attrs.evolve(u, metadata=Metadata(body=f"单位{i}", year=year)) for i, u in enumerate(units)
    ]


def unit(fmt: str = "2021", year: int = 2022, body: str = "甲局", t3: Any = None,
         t2: Any = None, t4: Any = None) -> AnnualReport:
    return AnnualReport.build(fmt, body=body, year=year, table2=t2 or {}, table3=t3 or {},
                              table4=t4 or {}, fill=0)


@settings(max_examples=15)
@given(st.sampled_from(["2019", "2021"]).flatmap(
    lambda fmt: st.lists(reports(fmt, narrative=False, max_count=500), min_size=1, max_size=4)))
def test_aggregate_of_consistent_units_satisfies_every_identity(units: list[AnnualReport]) -> None:
    units = same_year(units)
    total = aggregate(units, body="某县人民政府")
    assert [f for f in check(total) if f.severity is Severity.ERROR] == []
    for grid_name in ("table3", "table4"):
        grid = getattr(total, grid_name)
        for row, col, value in grid.cells():
            if row.kind is Kind.LEAF and col.kind is Kind.LEAF:
                assert value == sum(getattr(u, grid_name).values[row.index][col.index]
                                    for u in units)
    for cell, value in total.table2.cells():
        parts = [u.table2.values[cell.index] for u in units]
        if len({u.table2.units[cell.index] for u in units}) > 1:  # 16万 + 5元: no sum
            assert value is None
        else:
            assert value == sum(Decimal(p) for p in parts if p is not None)
    assert (total.body, total.year, total.format) == ("某县人民政府", 2022, units[0].format)


@settings(max_examples=15)
@given(st.lists(reports("2021", narrative=False, blanks=True, max_count=500), min_size=2,
                max_size=3))
def test_a_blank_leaf_blanks_the_aggregate_cell(units: list[AnnualReport]) -> None:
    units = same_year(units)
    total = aggregate(units, body="某县人民政府")
    assert [f for f in check(total) if f.verdict is Verdict.VIOLATED] == []
    for row, col, value in total.table3.cells():
        if row.kind is Kind.LEAF and col.kind is Kind.LEAF:
            parts = [u.table3.values[row.index][col.index] for u in units]
            assert value == (None if None in parts else sum(p for p in parts if p is not None))
    blanks = list(blank_cells(units))
    assert blanks  # the strategy leaves at least one cell of table 三 blank
    assert all(who.startswith("reports[") for who, _ in blanks)


def test_two_units_by_hand() -> None:
    a = unit(body="甲局", t3={c.NewlyReceived: {c.NaturalPerson: 3},
                              c.Disclosed: {c.NaturalPerson: 2},
                              c.CarriedForward: {c.NaturalPerson: 1}},
             t2={"item_8": {"fees": {"fee_amount": Decimal("1.25")}}},
             t4={"review": {"upheld": 1}})
    b = unit(body="乙局", t3={c.NewlyReceived: {c.Commercial: 2}, c.NotHeld: {c.Commercial: 2}},
             t2={"item_8": {"fees": {"fee_amount": Decimal("0.005")}}},
             t4={"review": {"corrected": 2}})
    total = aggregate([a, b], body="某县人民政府")
    t3 = total.table3
    assert t3[c.NewlyReceived, c.ApplicantTotal] == 5
    assert t3[c.ResultTotal, c.ApplicantTotal] == 4
    assert t3[c.CarriedForward, c.ApplicantTotal] == 1
    assert total.table2["item_8", "fees", "fee_amount"] == Decimal("1.255")
    assert total.table4["review", "total"] == 3


def test_blank_leaf_makes_the_derived_totals_blank() -> None:
    a = unit(t3={c.NewlyReceived: {c.NaturalPerson: 1}, c.Disclosed: {c.NaturalPerson: 1}})
    b = unit(body="乙局", t3={c.NewlyReceived: {c.NaturalPerson: None}})
    total = aggregate([a, b], body="某县人民政府")
    assert total.table3[c.NewlyReceived, c.NaturalPerson] is None
    assert total.table3[c.NewlyReceived, c.ApplicantTotal] is None
    assert total.table3[c.Disclosed, c.NaturalPerson] == 1
    assert [f.verdict for f in check(total) if f.severity is Severity.ERROR]
    assert all(
        f.verdict is Verdict.UNDETERMINED for f in check(total) if f.severity is Severity.ERROR
    )
    assert ("reports[1]（乙局 2022年 2021格式）",
            "表三 / 一、本年新收政府信息公开申请数量 / 自然人") in list(blank_cells([a, b]))


def test_a_unit_stating_only_the_other_handling_group() -> None:
    """淮安市洪泽区 prints （六）其他处理 as one row in 2021: its value is carried into the sum."""
    a = unit(t3={c.NewlyReceived: {c.NaturalPerson: 3}, c.NoCorrection: {c.NaturalPerson: 3}})
    none = dict.fromkeys(
        [c.NaturalPerson, c.Commercial, c.Research, c.PublicInterest, c.LegalService,
         c.OtherOrganization], None)
    grouped = unit(body="乙局", t3={c.NewlyReceived: {c.NaturalPerson: 2},
                                    c.NoCorrection: none, c.FeeUnpaid: none,
                                    c.OtherReasons: none})
    stated: dict[tuple[Any, Any], int | None] = {(c.OtherHandling, col): 0 for col in none}
    stated[c.OtherHandling, c.NaturalPerson] = 2
    grouped = attrs.evolve(grouped, table3=grouped.table3.replace(stated))
    total = aggregate([a, grouped], body="某县人民政府")
    assert total.table3[c.OtherHandling, c.NaturalPerson] == 5
    assert total.table3[c.NoCorrection, c.NaturalPerson] is None
    assert total.table3[c.ResultTotal, c.NaturalPerson] == 5
    assert [f for f in check(total) if f.verdict is Verdict.VIOLATED] == []


def test_mixed_versions_are_refused_naming_the_report() -> None:
    with pytest.raises(LayoutError, match=r"reports\[1\]（乙局 2022年 2019格式）"):
        aggregate([unit(), unit("2019", body="乙局")], body="某县人民政府")


def test_mixed_years_are_refused_naming_the_report() -> None:
    with pytest.raises(InvalidValue, match=r"year 2021 differs from 2022 .* @ reports\[2\]（丙局"):
        aggregate([unit(), unit(body="乙局"), unit(body="丙局", year=2021)], body="某县人民政府")


def test_nothing_to_aggregate() -> None:
    with pytest.raises(InvalidValue, match="at least one"):
        aggregate([], body="某县人民政府")


def test_a_unit_that_does_not_balance_is_named() -> None:
    bad = unit(body="乙局", t3={c.NewlyReceived: {c.NaturalPerson: 1},
                               c.Disclosed: {c.NaturalPerson: 1}})
    bad = attrs.evolve(bad, table3=bad.table3.replace({(c.NewlyReceived, c.NaturalPerson): 4}))
    with pytest.raises(InconsistentReport, match="乙局") as info:
        aggregate([unit(), bad], body="某县人民政府")
    assert {f.rule for f in info.value.findings} == {"T3-A"}


def test_a_unit_stating_one_merged_legal_person_column() -> None:
    leaves = [c.Commercial, c.Research, c.PublicInterest, c.LegalService, c.OtherOrganization]
    a = unit(t3={c.NewlyReceived: {c.NaturalPerson: 1, c.Commercial: 2},
                 c.Disclosed: {c.NaturalPerson: 1, c.Commercial: 2}})
    merged = unit(body="乙局", t3={c.NewlyReceived: {c.NaturalPerson: 1},
                                   c.Disclosed: {c.NaturalPerson: 1}})
    blanked: dict[tuple[Any, Any], int | None] = {}
    for row in merged.table3.rows.cells:
        for leaf in leaves:
            blanked[row, leaf] = None
        blanked[row, c.LegalPerson] = 0
        blanked[row, c.ApplicantTotal] = merged.table3[row, c.ApplicantTotal]
    blanked[c.NewlyReceived, c.LegalPerson] = blanked[c.Disclosed, c.LegalPerson] = 4
    blanked[c.ResultTotal, c.LegalPerson] = 4
    blanked[c.NewlyReceived, c.ApplicantTotal] = blanked[c.Disclosed, c.ApplicantTotal] = 5
    blanked[c.ResultTotal, c.ApplicantTotal] = 5
    merged = attrs.evolve(merged, table3=merged.table3.replace(blanked))
    assert [f for f in check(merged) if f.verdict is Verdict.VIOLATED] == []
    total = aggregate([a, merged], body="某县人民政府")
    assert total.table3[c.NewlyReceived, c.LegalPerson] == 6
    assert total.table3[c.NewlyReceived, c.Commercial] is None
    assert total.table3[c.NewlyReceived, c.ApplicantTotal] == 8
    assert total.table3[c.ResultTotal, c.ApplicantTotal] == 8
    assert [f for f in check(total) if f.verdict is Verdict.VIOLATED] == []


def test_a_body_year_given_twice_is_refused_naming_the_files() -> None:
    with pytest.raises(InvalidValue, match=r"as a\.json is given twice @ c\.json"):
        aggregate([unit(), unit(body="乙局"), unit()], body="某县人民政府",
                  names=["a.json", "b.json", "c.json"])
    with pytest.raises(InvalidValue, match=r"reports\[0\] is given twice @ reports\[1\]"):
        aggregate([unit(), unit()], body="某县人民政府")
    with pytest.raises(LayoutError, match=r"b\.json（乙局 2022年 2019格式）"):
        aggregate([unit(), unit("2019", body="乙局")], body="某县", names=["a.json", "b.json"])


TREE = (
    "parent,child\n某县人民政府,甲局\n某县人民政府,某镇人民政府\n"
    "某镇人民政府,丙村\n某镇人民政府,丁村\n"
)


def test_rollup_along_a_tree_checks_the_published_rollup() -> None:
    from govdisclosure.audit.rollup import read_tree, rollup_tree

    def t3(n: int) -> Any:
        return {c.NewlyReceived: {c.NaturalPerson: n}, c.Disclosed: {c.NaturalPerson: n}}

    leaves = [unit(body="甲局", t3=t3(2)), unit(body="丙村", t3=t3(3)), unit(body="丁村", t3=t3(4))]
    county = unit(body="某县人民政府", t3=t3(10))  # 2 + (3 + 4) = 9: one too many
    tree = read_tree(TREE)
    result = rollup_tree([*leaves, county], tree, names=["a", "c", "d", "county"])
    assert result.sums["某镇人民政府"].table3[c.NewlyReceived, c.NaturalPerson] == 7
    assert result.sums["某县人民政府"].table3[c.NewlyReceived, c.NaturalPerson] == 9
    places = {(str(f.place), f.stated, f.expected) for f in result.findings}
    assert ("表三 / 一、本年新收政府信息公开申请数量 / 自然人", 10, 9) in places
    assert all(f.rule == "R-1" and f.severity is Severity.WARNING for f in result.findings)
    fixed = unit(body="某县人民政府", t3=t3(9))
    assert rollup_tree([*leaves, fixed], tree).findings == ()
    # a town's published report stands for its villages; without 丁村 the town is partial
    partial = rollup_tree([leaves[0], leaves[1], county], tree)
    assert partial.partial == ("某镇人民政府", "某县人民政府")
    assert partial.findings == ()  # the county is not checked against a partial sum
    # told that the county's report is its own, not a roll-up: not checked
    own = read_tree(TREE.replace("某县人民政府,甲局", "某县人民政府,甲局,0"))
    assert rollup_tree([*leaves, county], own).findings == ()


def test_a_bad_tree_is_refused_naming_the_row() -> None:
    from govdisclosure.audit.rollup import read_tree

    with pytest.raises(InvalidValue, match="第2行"):
        read_tree("甲,乙\n丙\n")
    with pytest.raises(InvalidValue, match="two parents"):
        read_tree("甲,乙\n丙,乙\n")
    with pytest.raises(InvalidValue, match="cycle"):
        read_tree("甲,乙\n乙,甲\n")


def test_amounts_in_different_units_are_never_summed() -> None:
    """16万 and 5元 have no sum as printed: the roll-up leaves the cell blank, never 21."""
    fee = ("item_8", "fees", "fee_amount")
    a = unit(body="甲局", t2={"item_8": {"fees": {"fee_amount": Decimal(16)}}})
    b = unit(body="乙局", t2={"item_8": {"fees": {"fee_amount": Decimal(5)}}})
    a = attrs.evolve(a, table2=a.table2.replace({fee: (Decimal(16), "万")}))
    b = attrs.evolve(b, table2=b.table2.replace({fee: (Decimal(5), "元")}))
    assert aggregate([a, b], body="某县人民政府").table2[fee] is None
    c2 = attrs.evolve(b, table2=b.table2.replace({fee: (Decimal(5), "万")}),
                      metadata=attrs.evolve(b.metadata, body="丙局"))
    same = aggregate([a, c2], body="某县人民政府").table2
    assert same[fee] == Decimal(21)
    assert same.units[same.cell(*fee).index] == "万"
