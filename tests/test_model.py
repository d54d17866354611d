"""Field-level rules of the model: types, ranges, shapes, blanks, derived totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure.errors import InvalidValue, LayoutError, UnknownFormat
from govdisclosure.formats import Format2019, Format2021
from govdisclosure.model import (
    AnnualReport,
    Metadata,
    Paragraph,
    Section,
    Table2,
    Table3,
    Table4,
)

NEW_TOTAL = "表三 / 一、本年新收政府信息公开申请数量 / 总计"
NEW_NATURAL = "表三 / 一、本年新收政府信息公开申请数量 / 自然人"


def zeros3(fmt: str = "2021") -> Table3:
    return Table3.from_counts(fmt, {}, fill=0)


def with_cell(table: Table3, row: Any, col: Any, value: object) -> Any:
    """The values of ``table`` with one cell replaced, bypassing validation (any type)."""
    grid: list[list[object]] = [list(line) for line in table.values]
    grid[table.rows[row].index][table.columns[col].index] = value
    return tuple(tuple(line) for line in grid)


def places(error: InvalidValue | LayoutError) -> list[str]:
    return [p.place for p in error.problems]


# --- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (-1, "got -1"),
        (True, "boolean True"),
        (False, "boolean False"),
        (1.0, "float"),
        ("3", "str"),
        (Decimal(2), "Decimal"),
    ],
)
def test_bad_count_refused_with_place(value: object, words: str) -> None:
    table = zeros3()
    with pytest.raises(InvalidValue) as info:
        Table3(format=Format2021, values=with_cell(table, c.NewlyReceived, c.NaturalPerson, value))
    (problem,) = info.value.problems
    assert problem.place == NEW_NATURAL
    assert words in problem.message
    assert "non-negative integer" in problem.message


def test_every_bad_cell_is_collected() -> None:
    table = zeros3()
    values = with_cell(table, c.NewlyReceived, c.NaturalPerson, -1)
    grid: list[list[Any]] = [list(line) for line in values]
    grid[table.rows[c.ResultTotal].index][table.columns[c.ApplicantTotal].index] = True
    grid[table.rows[c.StateSecret].index][table.columns[c.Research].index] = 0.5
    with pytest.raises(InvalidValue) as info:
        Table3(format=Format2021, values=tuple(tuple(line) for line in grid))
    assert places(info.value) == [
        NEW_NATURAL,
        "表三 / 三、本年度办理结果/（三）不予公开/1.属于国家秘密 / 法人或其他组织/科研机构",
        "表三 / 三、本年度办理结果/（七）总计 / 总计",
    ]
    assert "3 problems" in str(info.value)


def test_from_counts_collects_every_bad_value() -> None:
    with pytest.raises(InvalidValue) as info:
        Table3.from_counts(
            "2019",
            {c.NewlyReceived: {c.NaturalPerson: -2, c.Commercial: True}},
            fill=0,
        )
    assert places(info.value) == [
        NEW_NATURAL,
        "表三 / 一、本年新收政府信息公开申请数量 / 法人或其他组织/商业企业",
    ]


def test_table4_bad_count_names_official_row_path() -> None:
    table = Table4.from_counts("2019", {}, fill=0)
    grid: list[list[Any]] = [list(line) for line in table.values]
    grid[table.rows["litigation_after_review"].index][table.columns["upheld"].index] = -3
    with pytest.raises(InvalidValue) as info:
        Table4(format=Format2019, values=tuple(tuple(line) for line in grid))
    assert places(info.value) == ["表四 / 行政诉讼/复议后起诉 / 结果维持"]


def test_value_in_header_row_refused() -> None:
    table = zeros3()
    header = table.rows[c.Result]
    grid: list[list[Any]] = [list(line) for line in table.values]
    grid[header.index][table.columns[c.NaturalPerson].index] = 0
    with pytest.raises(InvalidValue) as info:
        Table3(format=Format2021, values=tuple(tuple(line) for line in grid))
    assert "expected no value here" in info.value.problems[0].message
    assert "三、本年度办理结果" in info.value.problems[0].place


# --- table 二 -------------------------------------------------------------------------------


def t2_2019(**changes: object) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {
        "item_5": {"licensing": {"change": -18}},
        "item_9": {"procurement": {"amount": Decimal("73802895.90")}},
    }
    for key, value in changes.items():
        block, row, column = key.split("__")
        values.setdefault(block, {}).setdefault(row, {})[column] = value
    return values


def test_money_is_decimal_and_change_is_signed() -> None:
    table = Table2.from_values("2019", t2_2019(), fill=0)
    assert table["item_9", "procurement", "amount"] == Decimal("73802895.90")
    assert table["第二十条第（五）项", "行政许可", "本年增/减"] == -18
    assert table["item_8", "fees", "previous_items"] == 0
    assert type(table["item_9", "procurement", "amount"]) is Decimal


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("item_9__procurement__amount", 1.5, "Decimal"),
        ("item_9__procurement__amount", 3, "Decimal"),
        ("item_9__procurement__amount", Decimal("-1"), "non-negative"),
        ("item_9__procurement__amount", Decimal("NaN"), "non-negative"),
        ("item_1__rules__new_made", -1, "non-negative"),
        ("item_5__licensing__change", 1.0, "integer"),
        ("item_5__licensing__change", True, "integer"),
        ("item_6__penalty__decisions", "7", "integer"),
    ],
)
def test_bad_table2_values_refused(key: str, value: object, words: str) -> None:
    with pytest.raises(InvalidValue) as info:
        Table2.from_values("2019", t2_2019(**{key: value}), fill=0)
    (problem,) = info.value.problems
    assert problem.place.startswith("表二 / 第二十条第")
    assert words in problem.message


def test_table2_every_bad_cell_collected_with_labels() -> None:
    values = t2_2019(item_1__rules__new_made=-1, item_9__procurement__items=True)
    with pytest.raises(InvalidValue) as info:
        Table2.from_values("2019", values, fill=0)
    assert places(info.value) == [
        "表二 / 第二十条第（一）项/规章 / 本年新制作数量",
        "表二 / 第二十条第（九）项/政府集中采购 / 采购项目数量",
    ]


def test_table2_2021_fee_amount_and_missing_cells() -> None:
    with pytest.raises(InvalidValue) as info:
        Table2.from_values("2021", {"item_8": {"fees": {"fee_amount": Decimal("4166.241619")}}})
    assert len(info.value.problems) == 9  # 6 + 1 + 2 cells not given
    assert all("missing value" in p.message for p in info.value.problems)
    table = Table2.from_values(
        "2021", {"item_8": {"fees": {"fee_amount": Decimal("4166.241619")}}}, fill=0
    )
    assert table["item_8", "fees", "fee_amount"] == Decimal("4166.241619")
    assert table["item_1", "normative", "in_force"] == 0


def test_table2_unknown_cell_refused() -> None:
    with pytest.raises(InvalidValue) as info:
        Table2.from_values("2021", {"item_9": {"procurement": {"items": 1}}}, fill=0)
    assert "unknown cell" in info.value.problems[0].message


# --- shapes and formats ---------------------------------------------------------------------


def test_table_shape_errors() -> None:
    table = zeros3()
    with pytest.raises(LayoutError) as info:
        Table3(format=Format2021, values=table.values[:-1])
    assert places(info.value) == ["表三"]
    with pytest.raises(LayoutError):
        Table3(format=Format2021, values=list(table.values))  # type: ignore[arg-type]
    short = (table.values[0][:-1], *table.values[1:])
    with pytest.raises(InvalidValue) as short_info:
        Table3(format=Format2021, values=short)
    assert "expected" in short_info.value.problems[0].message
    with pytest.raises(LayoutError):
        Table2(format=Format2021, values=(0,) * 3)


def test_2019_table3_does_not_fit_2021() -> None:
    values = zeros3("2019").values
    with pytest.raises(LayoutError):
        Table3(format=Format2021, values=values)


def test_unknown_format_refused() -> None:
    with pytest.raises(UnknownFormat) as info:
        Table3.from_counts("2018", {}, fill=0)
    assert "2018" in str(info.value)


def report(fmt3: str = "2021", fmt2: str = "2021", fmt4: str = "2021") -> AnnualReport:
    return AnnualReport(
        format=Format2021,
        metadata=Metadata(body="某某镇人民政府", year=2025),
        table2=Table2.from_values(fmt2, {}, fill=0),
        table3=zeros3(fmt3),
        table4=Table4.from_counts(fmt4, {}, fill=0),
    )


def test_format_mismatch_between_tables() -> None:
    assert report().format.code == "2021"
    with pytest.raises(LayoutError) as info:
        report(fmt3="2019", fmt4="2019")
    assert places(info.value) == ["表三", "表四"]
    assert "expected format 2021, got 2019" in info.value.problems[0].message


def test_evolve_cannot_build_an_invalid_object() -> None:
    table = zeros3()
    bad = with_cell(table, c.NewlyReceived, c.ApplicantTotal, -5)
    with pytest.raises(InvalidValue) as info:
        attrs.evolve(table, values=bad)
    assert places(info.value) == [NEW_TOTAL]
    with pytest.raises(LayoutError):
        attrs.evolve(report(), table3=zeros3("2019"))
    with pytest.raises(InvalidValue):
        attrs.evolve(Metadata(body="x", year=2020), year=True)
    with pytest.raises(InvalidValue):
        table.replace({(c.NewlyReceived, c.NaturalPerson): -1})


def test_objects_are_frozen() -> None:
    table = zeros3()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        table.values = ()  # type: ignore[misc]


# --- blanks and derived totals ----------------------------------------------------------------


def test_blank_is_not_zero() -> None:
    table = Table3.from_counts("2021", {c.NewlyReceived: {c.NaturalPerson: None}}, fill=0)
    assert table[c.NewlyReceived, c.NaturalPerson] is None
    assert not table.is_stated(c.NewlyReceived, c.NaturalPerson)
    assert table.is_stated(c.NewlyReceived, c.Commercial)
    # A total over a blank part cannot be known: it stays blank, it is not 0.
    assert table[c.NewlyReceived, c.ApplicantTotal] is None
    assert table[c.CarriedOver, c.ApplicantTotal] == 0
    assert Table3.empty("2021")[c.ResultTotal, c.NaturalPerson] is None


def test_from_counts_derives_absent_totals() -> None:
    table = Table3.from_counts(
        "2019",
        {
            c.NewlyReceived: {c.NaturalPerson: 20, c.OtherOrganization: 1},
            c.Disclosed: {c.NaturalPerson: 6, c.OtherOrganization: 1},
            c.NotHeld: {c.NaturalPerson: 4},
            c.StillUnclear: {c.NaturalPerson: 3},
            c.OtherHandling: {c.NaturalPerson: 4},
        },
        fill=0,
    )
    assert table[c.NewlyReceived, c.ApplicantTotal] == 21
    assert table[c.ResultTotal, c.NaturalPerson] == 17
    assert table[c.ResultTotal, c.OtherOrganization] == 1
    assert table[c.ResultTotal, c.ApplicantTotal] == 18
    # The group column 法人或其他组织 and group rows are not printed: blank unless stated.
    assert table[c.NewlyReceived, c.LegalPerson] is None
    assert table[c.Unavailable, c.NaturalPerson] is None


def test_from_counts_keeps_given_totals() -> None:
    table = Table3.from_counts(
        "2019",
        {
            c.NewlyReceived: {c.NaturalPerson: 20, c.OtherOrganization: 1, c.ApplicantTotal: 99},
            c.ResultTotal: {c.NaturalPerson: 20, c.ApplicantTotal: None},
            c.Disclosed: {c.NaturalPerson: 26},
        },
        fill=0,
    )
    assert table[c.NewlyReceived, c.ApplicantTotal] == 99  # stated, never overwritten
    assert table[c.ResultTotal, c.NaturalPerson] == 20  # stated although the rows say 26
    assert table[c.ResultTotal, c.ApplicantTotal] is None  # stated blank stays blank
    assert table[c.ResultTotal, c.Commercial] == 0  # absent: derived


def test_derived_fills_blank_totals_only() -> None:
    table = Table3.from_counts(
        "2021",
        {
            c.NewlyReceived: {c.NaturalPerson: 2, c.ApplicantTotal: None},
            c.CarriedOver: {c.ApplicantTotal: 7},
        },
        fill=0,
    )
    derived = table.derived()
    assert table[c.NewlyReceived, c.ApplicantTotal] is None
    assert derived[c.NewlyReceived, c.ApplicantTotal] == 2
    assert derived[c.CarriedOver, c.ApplicantTotal] == 7


def test_fill_states_absent_leaves_only() -> None:
    table = Table4.from_counts("2021", {"review": {"upheld": 2, "total": 5}}, fill=0)
    assert table["review", "corrected"] == 0
    assert table["review", "total"] == 5
    assert table["litigation_direct", "total"] == 0


def test_missing_leaf_is_an_error_naming_every_cell() -> None:
    leaves = (c.NaturalPerson, c.Commercial, c.Research, c.PublicInterest, c.LegalService,
              c.OtherOrganization)
    counts: dict[Any, Any] = {
        row: dict.fromkeys(leaves, 0) for row in (c.NewlyReceived, c.CarriedOver)
    }
    with pytest.raises(InvalidValue) as info:
        Table3.from_counts("2021", counts)
    messages = {p.message for p in info.value.problems}
    assert messages == {"missing count (give a number, or None for a blank cell)"}
    assert "表三 / 三、本年度办理结果/（一）予以公开 / 自然人" in places(info.value)
    # totals are never "missing": they are derived
    assert not any(p.endswith(" / 总计") for p in places(info.value))
    with pytest.raises(InvalidValue) as t4:
        Table4.from_counts("2021", {"review": {"upheld": 1}})
    assert "表四 / 行政复议 / 结果纠正" in places(t4.value)


def test_table4_from_counts_names_official_row_path() -> None:
    with pytest.raises(InvalidValue) as info:
        Table4.from_counts("2021", {"litigation_after_review": {"upheld": -1}}, fill=0)
    assert places(info.value) == ["表四 / 行政诉讼/复议后起诉 / 结果维持"]


def test_unknown_row_and_column_refused() -> None:
    with pytest.raises(InvalidValue) as info:
        Table3.from_counts(
            "2019", {"no_such_row": {c.NaturalPerson: 1}, c.NoCorrection: {}}, fill=0
        )
    assert len(info.value.problems) == 2  # 2021-only row in a 2019 table, and the unknown one
    with pytest.raises(InvalidValue) as cols:
        Table3.from_counts("2021", {c.NewlyReceived: {"nobody": 1}}, fill=0)
    assert "unknown column" in cols.value.problems[0].message


def test_stated_group_row_is_kept() -> None:
    table = Table3.from_counts(
        "2021", {c.OtherHandling: {c.NaturalPerson: 5}}, fill=0
    )
    assert table[c.OtherHandling, c.NaturalPerson] == 5
    assert table[c.OtherHandling, c.Commercial] is None
    # its parts were filled with 0 and sum to 0; the stated 5 is kept, not replaced
    assert table[c.NoCorrection, c.NaturalPerson] == 0


def test_grid_access_by_code_label_path_and_category() -> None:
    table = Table3.from_counts("2021", {c.Disclosed: {c.Commercial: 3}}, fill=0)
    assert table["disclosed", "commercial"] == 3
    assert table["三、本年度办理结果/（一）予以公开", "法人或其他组织/商业企业"] == 3
    assert table[c.Disclosed, c.Commercial] == 3
    assert table.row(c.Disclosed)["total"] == 3


# --- metadata and narrative -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "place"),
    [
        ({"year": 1999}, "年度"),
        ({"year": True}, "年度"),
        ({"year": "2020"}, "年度"),
        ({"body": "  "}, "机关"),
        ({"published": "2021-01-06"}, "发布日期"),
        ({"published": dt.datetime(2021, 1, 6, 8, 0)}, "发布日期"),
        ({"title": 3}, "title"),
    ],
)
def test_bad_metadata_refused(changes: dict[str, object], place: str) -> None:
    fields: dict[str, Any] = {"body": "永春县石鼓镇人民政府", "year": 2020, **changes}
    with pytest.raises(InvalidValue) as info:
        Metadata(**fields)
    assert info.value.problems[0].place == place


def test_sections_keep_order_and_refuse_non_text() -> None:
    section = Section.of("一、总体情况", "总述。", Section.of("（一）分项", "分项内容。"))
    assert [p.text for p in section.paragraphs()] == ["总述。", "分项内容。"]
    assert isinstance(section.content[0], Paragraph)
    with pytest.raises(InvalidValue):
        Paragraph(text=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as info:
        Section(heading="五、存在的主要问题及改进情况", content=("text",))  # type: ignore[arg-type]
    assert info.value.problems[0].place == "content[0]"
    with pytest.raises(InvalidValue):
        attrs.evolve(report(), problems="not a section")  # type: ignore[arg-type]


# --- derived totals, as a property ----------------------------------------------------------

_FMT = Format2021
_LEAF_ROWS = [n.code for n in Table3.row_axis(_FMT).leaves]
_LEAF_COLS = [n.code for n in Table3.column_axis(_FMT).leaves]


@given(
    st.dictionaries(
        st.tuples(st.sampled_from(_LEAF_ROWS), st.sampled_from(_LEAF_COLS)),
        st.integers(0, 10_000),
        max_size=25,
    )
)
def test_derived_totals_are_the_sums_of_their_leaves(cells: dict[tuple[str, str], int]) -> None:
    given_counts: dict[Any, dict[Any, int | None]] = {}
    for (row_code, col_code), value in cells.items():
        given_counts.setdefault(row_code, {})[col_code] = value
    table = Table3.from_counts(_FMT, given_counts, fill=0)
    result_rows = [r for r in table.rows.leaves if r.path[0] == "三、本年度办理结果"]
    for row in table.rows.leaves:
        assert table[row, c.ApplicantTotal] == sum(cells.get((row.code, k), 0) for k in
                                                   _LEAF_COLS)
    for col in table.columns.leaves:
        assert table[c.ResultTotal, col] == sum(cells.get((r.code, col.code), 0) for r in
                                                result_rows)
    assert table[c.ResultTotal, c.ApplicantTotal] == sum(
        v for (r, _), v in cells.items() if table.rows[r] in result_rows
    )
