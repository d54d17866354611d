"""Units of amounts (govdisclosure.units) and how the model keeps them."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.errors import InvalidValue, JsonError, LayoutError
from govdisclosure.formats import Format2019, Format2021, ValueKind
from govdisclosure.jsonio import dump_json, from_dict, load_json, to_dict
from govdisclosure.model import AnnualReport, Metadata, Table2, Table3, Table4
from govdisclosure.strategies import reports
from govdisclosure.units import MONEY_UNITS, amount_text, split_amount

AMOUNT_2019 = ("item_9", "procurement", "amount")
AMOUNT_2021 = ("item_8", "fees", "fee_amount")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16万", (Decimal(16), "万")),
        ("8.175万元", (Decimal("8.175"), "万元")),
        ("481714587.29元", (Decimal("481714587.29"), "元")),
        ("3千元", (Decimal(3), "千元")),
        ("1.2亿", (Decimal("1.2"), "亿")),
        ("1.2亿元", (Decimal("1.2"), "亿元")),
        ("4166.241619", (Decimal("4166.241619"), None)),
    ],
)
def test_split_amount(text: str, expected: tuple[Decimal, str | None]) -> None:
    assert split_amount(text) == expected
    assert amount_text(*expected) == text


@pytest.mark.parametrize("text", ["", "万", "16 万", "16美元", "-3元", "1e3", "1,000元", "16万万"])
def test_split_amount_refuses_anything_else(text: str) -> None:
    assert split_amount(text) is None


@given(st.decimals(0, 10**12, allow_nan=False, places=6), st.none() | st.sampled_from(MONEY_UNITS))
def test_text_form_round_trips(value: Decimal, unit: str | None) -> None:
    found = split_amount(amount_text(value, unit))
    assert found is not None
    assert found[0] == value
    assert found[1] == unit


def empty_2019() -> Table2:
    return Table2.empty(Format2019)


def test_units_default_to_none() -> None:
    table = empty_2019()
    assert table.units == (None,) * len(table.values)


def test_from_values_takes_a_pair_a_printed_text_or_a_bare_decimal() -> None:
    for given_value, unit in [
        ((Decimal(16), "万"), "万"), ("16万", "万"), ("16", None), (Decimal(16), None),
    ]:
        table = Table2.from_values(
            "2019", {"item_9": {"procurement": {"amount": given_value}}}, fill=0
        )
        assert table[AMOUNT_2019] == Decimal(16)
        assert table.unit(*AMOUNT_2019) == unit


def test_16wan_never_equals_16() -> None:
    with_unit = empty_2019().replace({AMOUNT_2019: "16万"})
    bare = empty_2019().replace({AMOUNT_2019: Decimal(16)})
    assert with_unit != bare
    assert from_dict(to_dict(_report_with(with_unit))).table2 == with_unit


def _report_with(table2: Table2) -> AnnualReport:
    return AnnualReport(
        format=table2.format, metadata=Metadata(body="某县人民政府", year=2020),
        table2=table2, table3=Table3.empty(table2.format), table4=Table4.empty(table2.format),
    )


def place(cell: tuple[str, str, str], fmt: type = Format2019) -> str:
    table = Table2.empty(fmt)
    c = table.cell(*cell)
    return f"表二 / {c.row_path} / {c.column.label}"


@pytest.mark.parametrize(
    ("unit", "message"),
    [("美元", "unknown unit '美元'"), ("", "unknown unit ''"), (3, "unknown unit 3")],
)
def test_an_unknown_unit_is_refused_naming_the_cell(unit: object, message: str) -> None:
    table = empty_2019().replace({AMOUNT_2019: Decimal(1)})
    units = list(table.units)
    units[table.cell(*AMOUNT_2019).index] = unit
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(table, units=tuple(units))
    [problem] = info.value.problems
    assert problem.place == place(AMOUNT_2019)
    assert message in problem.message


def test_a_unit_only_on_an_amount_and_never_on_a_blank() -> None:
    table = empty_2019()
    cells = Format2019.table2_cells()
    count = next(c for c in cells if c.column.kind is ValueKind.COUNT)
    units = [None] * len(cells)
    units[count.index] = "元"
    units[table.cell(*AMOUNT_2019).index] = "万"  # on a blank amount
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(table, units=tuple(units))
    assert [p.place for p in info.value.problems] == [
        f"表二 / {count.row_path} / {count.column.label}", place(AMOUNT_2019),
    ]
    assert "only for an amount" in info.value.problems[0].message
    assert "blank cell" in info.value.problems[1].message


def test_units_of_the_wrong_length_are_a_layout_error() -> None:
    with pytest.raises(LayoutError):
        Table2(format=Format2021, values=(None,) * 7, units=(None,))
    with pytest.raises(LayoutError):
        Table2(format=Format2021, values=(None,) * 7, units=[None] * 7)  # type: ignore[arg-type]


def test_json_writes_the_unit_as_printed_and_reads_1_0() -> None:
    table = Table2.empty(Format2021).replace({AMOUNT_2021: "8.175万元"})
    report = _report_with(table)
    text = dump_json(report)
    assert '"fee_amount": "8.175万元"' in text
    assert load_json(text) == report
    old = to_dict(report)
    old["govdisclosure"] = "1.0"
    old["table2"]["item_8"]["fees"]["fee_amount"] = "8.175"
    back = from_dict(old)
    assert back.table2[AMOUNT_2021] == Decimal("8.175")
    assert back.table2.unit(*AMOUNT_2021) is None


def test_json_refuses_an_unknown_unit_at_its_path() -> None:
    doc = to_dict(_report_with(Table2.empty(Format2021)))
    doc["table2"]["item_8"]["fees"]["fee_amount"] = "16美元"
    with pytest.raises(JsonError) as info:
        from_dict(doc)
    [problem] = info.value.problems
    assert problem.place == "$.table2.item_8.fees.fee_amount"
    assert '"16美元"' in problem.message


@given(reports(blanks=True))
def test_generated_reports_carry_units_that_survive_json(report: AnnualReport) -> None:
    back = load_json(dump_json(report))
    assert back == report
    assert back.table2.units == report.table2.units


def test_the_strategies_produce_units_sometimes() -> None:
    seen: set[str | None] = set()

    @given(reports())
    def collect(report: AnnualReport) -> None:
        seen.update(report.table2.units)

    collect()
    assert None in seen
    assert seen & set(MONEY_UNITS)


def test_each_unit_is_its_power_of_ten_of_yuan() -> None:
    from govdisclosure.units import MONEY_UNITS, YUAN_EXPONENT

    assert tuple(YUAN_EXPONENT) == MONEY_UNITS
    assert {u: 10 ** e for u, e in YUAN_EXPONENT.items()} == {
        "元": 1, "千元": 1_000, "万": 10_000, "万元": 10_000, "亿": 100_000_000,
        "亿元": 100_000_000,
    }
