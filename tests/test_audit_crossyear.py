"""Cross-year rules X-1…X-4 and the pair-rule registry (spec format.md §7.3)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure.audit import crossyear
from govdisclosure.audit.crossyear import PairRule, check_pair, pair_rules
from govdisclosure.errors import FormatError, InvalidValue
from govdisclosure.findings import Finding, Severity, Verdict
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport, Metadata
from govdisclosure.strategies import reports

DATA = Path(__file__).parent / "data"
CARRIED_OVER = ("二、上年结转政府信息公开申请数量",)


def report(fmt: str, year: int, *, t3: Any = None, t2: Any = None) -> AnnualReport:
    return AnnualReport.build(
        fmt, body="某县某局", year=year, table2=t2 or {}, table3=t3 or {}, table4={}, fill=0
    )


def only(found: Iterable[Finding], rule: str) -> list[Finding]:
    return [f for f in found if f.rule == rule]


def carry(forward: dict[Any, int], over: dict[Any, int], fmt_then: str = "2021",
          fmt_now: str = "2021", year: int = 2022) -> list[Finding]:
    """Last year carried ``forward`` (自然人/商业企业…), this year states ``over``."""
    then = report(fmt_then, year - 1, t3={
        c.NewlyReceived: {k: v + 1 for k, v in forward.items()},
        c.Disclosed: dict.fromkeys(forward, 1),
        c.CarriedForward: forward,
    })
    now = report(fmt_now, year, t3={
        c.NewlyReceived: dict.fromkeys(over, 0),
        c.CarriedOver: over,
        c.Disclosed: over,
    })
    return only(check_pair(then, now), "X-1")


def test_carry_over_that_matches_passes() -> None:
    assert carry({c.NaturalPerson: 2, c.Commercial: 1}, {c.NaturalPerson: 2, c.Commercial: 1}) == []


def test_carry_over_break_is_named_at_its_column() -> None:
    found = carry({c.NaturalPerson: 2, c.Commercial: 1}, {c.NaturalPerson: 3, c.Commercial: 0})
    assert [(f.place.column, f.stated, f.expected) for f in found] == [
        (("自然人",), 3, 2),
        (("法人或其他组织", "商业企业"), 0, 1),
    ]
    assert all(f.severity is Severity.ERROR and f.verdict is Verdict.VIOLATED for f in found)
    assert all(f.place.row == CARRIED_OVER for f in found)


def test_carry_over_across_the_2019_to_2021_change() -> None:
    assert carry({c.NaturalPerson: 4}, {c.NaturalPerson: 4}, fmt_then="2019", year=2021) == []
    found = carry({c.NaturalPerson: 4}, {c.NaturalPerson: 5}, fmt_then="2019", year=2021)
    assert {f.place.column for f in found} == {("自然人",), ("总计",)}


def test_blank_carry_over_cell_is_undetermined() -> None:
    then = report("2021", 2021, t3={c.NewlyReceived: {c.NaturalPerson: 1},
                                    c.CarriedForward: {c.NaturalPerson: 1}})
    now = report("2021", 2022, t3={c.CarriedOver: {c.NaturalPerson: None}})
    found = only(check_pair(then, now), "X-1")
    assert {f.verdict for f in found} == {Verdict.UNDETERMINED}
    assert (("自然人",), None, 1) in [(f.place.column, f.stated, f.expected) for f in found]


def test_a_wholly_blank_row_gives_one_finding() -> None:
    then = report("2021", 2021)
    blank = dict.fromkeys(
        [c.NaturalPerson, c.Commercial, c.Research, c.PublicInterest, c.LegalService,
         c.OtherOrganization], None)
    now = report("2021", 2022, t3={c.CarriedOver: blank})
    found = only(check_pair(then, now), "X-1")
    assert len(found) == 1
    assert found[0].verdict is Verdict.UNDETERMINED
    assert found[0].place.column == ()


def test_real_pingtan_2022_to_2023() -> None:
    """平潭 2022 四 = 0 → 2023 二 = 0 passes X-1; 行政规范性文件 698 + 77 − 132 ≠ 470 (X-2)."""
    then = load_json((DATA / "audit_pingtan-2022.json").read_text(encoding="utf-8"))
    now = load_json((DATA / "audit_pingtan-2023.json").read_text(encoding="utf-8"))
    found = check_pair(then, now)
    assert only(found, "X-1") == []
    [x2] = only(found, "X-2")
    assert (x2.stated, x2.expected, x2.severity) == (470, 643, Severity.WARNING)
    assert x2.place.row == ("第二十条第（一）项", "行政规范性文件")
    assert x2.place.column == ("现行有效件数",)
    # the same real pair with this year's 二 moved from 自然人 to 其他: named at both columns
    moved = attrs.evolve(now, table3=now.table3.replace({
        (c.CarriedOver, c.OtherOrganization): 1, (c.CarriedOver, c.ApplicantTotal): 1,
    }))
    columns = {f.place.column: f for f in only(check_pair(then, moved), "X-1")}
    assert set(columns) == {("法人或其他组织", "其他"), ("总计",)}
    assert columns[("法人或其他组织", "其他")].stated == 1
    assert columns[("法人或其他组织", "其他")].expected == 0


def t2_2021(issued: int | None, repealed: int | None, in_force: int | None) -> Any:
    return {"item_1": {"normative": {"issued": issued, "repealed": repealed,
                                     "in_force": in_force}}}


@pytest.mark.parametrize(
    ("now", "verdict"),
    [((2, 1, 11), None), ((2, 1, 12), Verdict.VIOLATED), ((2, None, 11), Verdict.UNDETERMINED)],
)
def test_in_force_rule(now: tuple[int | None, ...], verdict: Verdict | None) -> None:
    then = report("2021", 2021, t2=t2_2021(3, 0, 10))
    found = only(check_pair(then, report("2021", 2022, t2=t2_2021(*now))), "X-2")
    assert [f.verdict for f in found] == ([] if verdict is None else [verdict])
    assert all(f.severity is Severity.WARNING for f in found)


def t2_2019(prev: int | None, change: int | None, total: int | None = 0,
            new: int | None = 0) -> Any:
    return {"item_6": {"penalty": {"previous_items": prev, "change": change, "decisions": 0}},
            "item_1": {"rules": {"new_made": 0, "new_published": new,
                                 "total_published": total}}}


@pytest.mark.parametrize(
    ("prev_now", "verdict"),
    [(10, None), (11, Verdict.VIOLATED), (None, Verdict.UNDETERMINED)],
)
def test_previous_items_rule(prev_now: int | None, verdict: Verdict | None) -> None:
    then = report("2019", 2019, t2=t2_2019(12, -2))
    found = only(check_pair(then, report("2019", 2020, t2=t2_2019(prev_now, 0))), "X-3")
    assert [f.verdict for f in found] == ([] if verdict is None else [verdict])
    if found and found[0].verdict is Verdict.VIOLATED:
        assert (found[0].stated, found[0].expected) == (11, 10)
        assert found[0].place.row == ("第二十条第（六）项", "行政处罚")


@pytest.mark.parametrize(("total", "verdict"), [(7, None), (9, Verdict.VIOLATED)])
def test_published_total_rule(total: int, verdict: Verdict | None) -> None:
    then = report("2019", 2019, t2=t2_2019(0, 0, total=4))
    now = report("2019", 2020, t2=t2_2019(0, 0, total=total, new=3))
    found = only(check_pair(then, now), "X-4")
    assert [f.verdict for f in found] == ([] if verdict is None else [verdict])


def test_2019_rules_do_not_run_across_the_format_change() -> None:
    then = report("2019", 2020, t2=t2_2019(12, -2, total=4))
    now = report("2021", 2021, t2=t2_2021(1, 1, 99))
    assert [f for f in check_pair(then, now) if f.rule in {"X-2", "X-3", "X-4"}] == []


def test_years_must_be_consecutive() -> None:
    with pytest.raises(InvalidValue, match="consecutive"):
        check_pair(report("2021", 2021), report("2021", 2023))
    with pytest.raises(InvalidValue):
        check_pair(report("2021", 2022), report("2021", 2021))


def test_grades_and_registry() -> None:
    ids = {r.id: r.severity for r in pair_rules()}
    assert ids["X-1"] is Severity.ERROR
    assert {ids[k] for k in ("X-2", "X-3", "X-4")} == {Severity.WARNING}


def test_an_agency_adds_a_pair_rule_by_subclassing() -> None:
    class SameBody(PairRule):
        id = "TEST-BODY"
        description = "机关名称不变"

        def findings(self, previous: AnnualReport, current: AnnualReport) -> list[Finding]:
            return []

    try:
        assert SameBody in pair_rules()
        assert check_pair(report("2021", 2021), report("2021", 2022), only=["TEST-BODY"]) == []
        with pytest.raises(FormatError, match="already used"):
            type("Again", (PairRule,), {"id": "TEST-BODY"})
        with pytest.raises(FormatError, match="own `id`"):
            type("NoId", (PairRule,), {})
    finally:
        crossyear._PAIR_RULES.pop("TEST-BODY", None)
    assert SameBody not in pair_rules()


@settings(max_examples=20)
@given(
    reports("2021", narrative=False, max_count=300),
    st.sampled_from(["2019", "2021"]).flatmap(
        lambda fmt: reports(fmt, narrative=False, max_count=300)),
    st.data(),
)
def test_carry_over_property(now: AnnualReport, then: AnnualReport, data: st.DataObject) -> None:
    """This year's 二 copied from last year's 四 passes; one leaf changed is named there."""
    then = attrs.evolve(then, metadata=Metadata(body="某局", year=2020))
    forward = then.table3.row(c.CarriedForward)
    copied = now.table3.replace({(c.CarriedOver, code): v for code, v in forward.items()})
    now = attrs.evolve(now, metadata=Metadata(body="某局", year=2021), table3=copied)
    assert only(check_pair(then, now), "X-1") == []
    column = data.draw(st.sampled_from(now.table3.columns.leaves))
    value = now.table3[c.CarriedOver, column]
    assert value is not None
    broken = attrs.evolve(now, table3=now.table3.replace({(c.CarriedOver, column): value + 1}))
    found = only(check_pair(then, broken), "X-1")
    assert [(f.stated, f.expected) for f in found if f.place.column == column.path] == [
        (value + 1, value)]
    assert all(f.verdict is Verdict.VIOLATED for f in found)


def test_a_blank_total_is_derived_from_its_stated_parts() -> None:
    then = report("2021", 2021, t3={c.NewlyReceived: {c.NaturalPerson: 3, c.Commercial: 2},
                                    c.CarriedForward: {c.NaturalPerson: 3, c.Commercial: 2}})
    then = attrs.evolve(then, table3=then.table3.replace(
        {(c.CarriedForward, c.ApplicantTotal): None}))
    now = report("2021", 2022, t3={c.CarriedOver: {c.NaturalPerson: 3, c.Commercial: 2},
                                   c.Disclosed: {c.NaturalPerson: 3, c.Commercial: 2}})
    assert only(check_pair(then, now), "X-1") == []
    wrong = attrs.evolve(now, table3=now.table3.replace({(c.CarriedOver, c.ApplicantTotal): 6}))
    [found] = only(check_pair(then, wrong), "X-1")
    assert (found.place.column, found.stated, found.expected) == (("总计",), 6, 5)
