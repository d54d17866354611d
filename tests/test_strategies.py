"""Tests of govdisclosure.strategies: what the strategies draw, and perturb()."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from govdisclosure import (
    AnnualReport,
    Format2019,
    Format2021,
    Metadata,
    Section,
    Table2,
    Table3,
    Table4,
    check,
)
from govdisclosure import categories as c
from govdisclosure.errors import InvalidValue, LayoutError
from govdisclosure.formats import SECTION_HEADINGS, ValueKind
from govdisclosure.layout import Kind
from govdisclosure.model import Grid
from govdisclosure.strategies import (
    MAX_COUNT,
    _hypothesis_setup_hook,
    metadata,
    perturb,
    perturbed,
    reports,
    sections,
    table2s,
    table3s,
    table4s,
)


class StrategiesVariant(Format2019):
    """A 2019 variant that splits （六）其他处理 (a leaf in 2019) into parts: a new group."""

    code = "2019-test-strategies"


class StrategiesOverdue(c.OtherHandling):
    code = "test_strategies_overdue"
    label = "1.申请人逾期未补正"
    formats = frozenset({"2019-test-strategies"})


T = TypeVar("T")


class ChannelsVariant(Format2021):
    """A 2021 variant that splits 本年新收 (a balance row of T3-A) by channel: a new group."""

    code = "2021-test-channels"


class ChannelsOnline(c.NewlyReceived):
    code = "test_channels_online"
    label = "1.网上申请"
    formats = frozenset({"2021-test-channels"})


class ChannelsOther(c.NewlyReceived):
    code = "test_channels_other"
    label = "2.当面、信函等其他方式申请"
    formats = frozenset({"2021-test-channels"})


def _first(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """The first drawn example that meets ``condition`` (not shrunk: reports are large)."""
    quick = settings(
        max_examples=500, phases=[Phase.generate], derandomize=True, database=None
    )
    return find(strategy, condition, settings=quick)


def _printed(grid: Grid) -> list[tuple[str, str, int | None]]:
    """The cells the template prints (groups excluded), as (row, column, value)."""
    return [
        (row.code, col.code, value)
        for row, col, value in grid.cells()
        if Kind.GROUP not in (row.kind, col.kind)
    ]


def _groups(grid: Grid) -> list[int | None]:
    """Values of group cells, except the groups the balance (T3-A) reads, which are stated."""
    balance = {k for side in grid.format.balance for k in side}
    return [
        v
        for r, k, v in grid.cells()
        if Kind.GROUP in (r.kind, k.kind)
        and not (r.category in balance and k.kind is not Kind.GROUP)
    ]


# --- formats ------------------------------------------------------------------------------


def test_reports_of_any_format_cover_both_versions_and_variants() -> None:
    for code in ("2019", "2021", "2019-test-strategies"):

        def in_format(report: AnnualReport, code: str = code) -> bool:
            return report.format.code == code

        assert _first(reports(narrative=False), in_format).format.code == code


@given(reports())
def test_reports_have_the_shape_of_their_format(report: AnnualReport) -> None:
    if report.format.base_version() == "2019":
        assert report.year in (2019, 2020)
    else:
        assert 2021 <= report.year <= 2030
    # Without blanks every cell the template prints is stated, and no group is.
    for grid in (report.table3, report.table4):
        assert all(v is not None for _, _, v in _printed(grid))
        assert all(v is None for v in _groups(grid))
    for cell, value in report.table2.cells():
        if cell.column.kind is ValueKind.MONEY:
            assert type(value) is Decimal
            assert value >= 0
            assert -6 <= int(value.as_tuple().exponent) <= 0
        else:
            assert type(value) is int
            assert cell.column.kind is ValueKind.SIGNED or value >= 0
    headings = [s.heading if s else None for _, s in report.sections()]
    assert headings == [SECTION_HEADINGS[n] for n in ("一", "五", "六")]


@given(reports(StrategiesVariant))
def test_a_variant_category_is_drawn_and_balances(report: AnnualReport) -> None:
    grid = report.table3
    group = grid.rows[c.OtherHandling]
    assert group.kind is Kind.GROUP
    part, printed = grid.rows[StrategiesOverdue], grid.columns.leaves + grid.columns.totals
    assert part.parent == group.index
    assert all(grid[part, col] is not None for col in printed)
    assert all(grid[group, col] is None for col in printed)
    assert check(report) == []


@given(reports(ChannelsVariant, narrative=False))
def test_a_balance_row_made_a_group_is_stated_and_balances(report: AnnualReport) -> None:
    grid = report.table3
    group = grid.rows[c.NewlyReceived]
    assert group.kind is Kind.GROUP
    for col in grid.columns.leaves + grid.columns.totals:
        online, other = grid[ChannelsOnline, col], grid[ChannelsOther, col]
        assert online is not None
        assert other is not None
        assert grid[group, col] == online + other
    assert check(report) == []


# --- cells --------------------------------------------------------------------------------


@given(reports(blanks=True, narrative=False))
def test_blanks_leave_a_printed_cell_of_table_3_blank(report: AnnualReport) -> None:
    assert any(v is None for _, _, v in _printed(report.table3))
    assert (report.overview, report.problems, report.other) == (None, None, None)


def test_blanks_reach_every_table_and_groups_are_sometimes_stated() -> None:
    blank = reports(blanks=True, narrative=False)
    assert None in _first(blank, lambda r: None in r.table2.values).table2.values
    assert _first(blank, lambda r: None in r.table4.values[0]).table4.values[0].count(None)
    stated = _first(blank, lambda r: any(v is not None for v in _groups(r.table3)))
    assert any(v is not None for v in _groups(stated.table3))


def test_signed_changes_are_sometimes_negative() -> None:
    def negative(table: Table2) -> bool:
        return any(
            c.column.kind is ValueKind.SIGNED and isinstance(v, int) and v < 0
            for c, v in table.cells()
        )

    assert negative(_first(table2s("2019"), negative))


@given(reports(max_count=3, narrative=False))
def test_max_count_bounds_the_drawn_leaves(report: AnnualReport) -> None:
    grid = report.table3
    results = {
        r.index
        for r in grid.rows.leaves
        if r.category is not None and issubclass(r.category, c.Result | c.CarriedForward)
    }
    for row, col, value in grid.cells():
        if row.index in results and col.kind is Kind.LEAF:
            assert value is not None
            assert value <= 3
    for _, col, value in report.table4.cells():
        if col.kind is Kind.LEAF:
            assert value is not None
            assert value <= 3


@given(table3s("2021"), table4s("2019"))
def test_tables_alone_add_up(table3: Table3, table4: Table4) -> None:
    assert table3.format.code == "2021"
    assert table4.format.code == "2019"
    for row in table3.rows.cells:
        line = table3.row(row)
        if row.kind is not Kind.GROUP:
            parts = [v for k, v in line.items() if k not in ("total", "legal_person")]
            assert line["total"] == sum(v or 0 for v in parts)


def test_a_bad_max_count_is_refused() -> None:
    with pytest.raises(InvalidValue, match="max_count"):
        reports(max_count=-1)
    with pytest.raises(InvalidValue, match="every total stays below"):
        reports(max_count=MAX_COUNT + 1)


@settings(max_examples=20)
@given(reports(max_count=MAX_COUNT, narrative=False))
def test_the_largest_max_count_draws_valid_reports(report: AnnualReport) -> None:
    # publishing's round trips found sums over the model's bound near 10**15
    assert check(report) == []


# --- metadata and narrative ---------------------------------------------------------------


@given(metadata())
def test_metadata(meta: Metadata) -> None:
    assert meta.body.strip() == meta.body
    if meta.published is not None:
        assert meta.published.year == meta.year + 1
    if meta.doc_number is not None:
        assert re.fullmatch(r"\w+〔\d{4}〕\d+号", meta.doc_number)
    if meta.title is not None:
        assert f"{meta.year}年" in meta.title


def _paragraph_texts(section: Section) -> list[str]:
    return [p.text for p in section.paragraphs()]


@given(sections())
def test_paragraphs_are_single_lines(section: Section) -> None:
    for text in _paragraph_texts(section):
        assert text
        assert text == text.strip()
        assert len(text.splitlines()) == 1


def test_tricky_text_appears() -> None:
    found = _first(sections(), lambda s: any("<script>" in t for t in _paragraph_texts(s)))
    assert any("<script>" in t for t in _paragraph_texts(found))


# --- perturbation -------------------------------------------------------------------------


def _cells(report: AnnualReport) -> dict[tuple[str, str, str], int | None]:
    return {
        (grid.table, row.code, col.code): value
        for grid in (report.table3, report.table4)
        for row, col, value in grid.cells()
    }


@given(st.data())
def test_perturbation_changes_exactly_one_cell(data: st.DataObject) -> None:
    report = data.draw(reports(blanks=data.draw(st.booleans()), narrative=False))
    changed, change = data.draw(perturbed(st.just(report)))
    before, after = _cells(report), _cells(changed)
    differ = [k for k in before if before[k] != after[k]]
    assert len(differ) == 1
    table, row, col = differ[0]
    grid = changed.table3 if table == "三" else changed.table4
    assert change.table == table
    assert change.row == grid.row_path(grid.format, grid.rows[row])
    assert change.column == grid.columns[col].path
    assert (before[differ[0]], after[differ[0]]) == (change.old, change.new)
    assert change.delta != 0
    assert change.new >= 0
    assert changed.table2 == report.table2
    assert changed.metadata == report.metadata
    assert changed.overview == report.overview


def _fixed_report() -> AnnualReport:
    """A 2021 report of zeros (groups blank, as the template prints them)."""
    return AnnualReport.build(
        "2021", body="测试机关", year=2021, table2={}, table3={}, table4={}, fill=0
    )


def test_perturb_by_codes_paths_and_categories() -> None:
    report = _fixed_report()
    by_code = perturb(report, "disclosed", "natural_person", 2)
    by_path = perturb(report, ("三、本年度办理结果", "（一）予以公开"), "自然人", 2)
    by_category = perturb(report, c.Disclosed, c.NaturalPerson, 2)
    assert by_code == by_path == by_category
    assert by_code.table3["disclosed", "natural_person"] == 2
    litigation = perturb(report, "行政诉讼/复议后起诉", "total", 1)
    assert litigation.table4["litigation_after_review", "total"] == 1
    assert litigation.table3 == report.table3


def test_perturb_refuses_what_it_cannot_do() -> None:
    report = _fixed_report()
    with pytest.raises(InvalidValue, match="nonzero"):
        perturb(report, "new", "total", 0)
    with pytest.raises(InvalidValue, match="non-negative"):
        perturb(report, "new", "total", -1)
    with pytest.raises(InvalidValue, match="blank"):
        perturb(report, "withheld", "natural_person", 1)
    with pytest.raises(LayoutError, match="no cell"):
        perturb(report, "no_such_row", "total", 1)
    with pytest.raises(LayoutError, match="no cell"):
        perturb(report, "review", "total", 1, table="三")


# --- hypothesis plugin --------------------------------------------------------------------


def test_from_type_works_after_the_setup_hook() -> None:
    _hypothesis_setup_hook()

    @settings(max_examples=5)
    @given(st.from_type(AnnualReport), st.from_type(Table3), st.from_type(Metadata))
    def drawn(report: AnnualReport, table: Table3, meta: Metadata) -> None:
        assert check(report) == []
        assert isinstance(table, Table3)
        assert isinstance(meta, Metadata)

    drawn()


def test_importing_the_strategies_first_works_with_the_entry_point() -> None:
    # When the package is installed, importing hypothesis runs our entry point; importing
    # govdisclosure.strategies first must not meet itself half-initialised there.
    import subprocess
    import sys

    code = (
        "import govdisclosure.strategies\n"
        "from hypothesis import strategies as st\n"
        "from govdisclosure import AnnualReport\n"
        "from govdisclosure._hypothesis_plugin import _hypothesis_setup_hook\n"
        "_hypothesis_setup_hook()\n"
        "assert isinstance(st.from_type(AnnualReport).example(), AnnualReport)\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
