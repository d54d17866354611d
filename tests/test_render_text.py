"""Plain-text rendering: the ASCII grids are read back cell by cell, with CJK widths."""

from __future__ import annotations

import itertools
import re
import unicodedata

import attrs
import pytest
from hypothesis import given

from govdisclosure import formats, strategies
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import render, render_text
from govdisclosure.zh import display_width
from test_render_html import GridCell, Table, cell_map, check_tables, pingtan, seed


def width(text: str) -> int:
    """Terminal width as the issue defines it: East Asian Width W or F counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


_BORDER = re.compile(r"^\+[-+]*-[-+]*\+$")


def grids(text: str) -> list[list[str]]:
    """The tables of a text rendering, as lists of lines (a grid opens with a ``+---+``
    border and every line of it ends with ``|`` or ``+``)."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if current and line[:1] in ("+", "|") and line[-1:] in ("+", "|"):
            current.append(line)
            continue
        if current:
            out.append(current)
            current = []
        if _BORDER.match(line):
            current.append(line)
    return out


def _columns(line: str) -> dict[int, str]:
    """Display column → character."""
    out: dict[int, str] = {}
    col = 0
    for ch in line:
        out[col] = ch
        col += width(ch)
    return out


def read_grid(lines: list[str]) -> Table:
    """Rebuild the merged cells of an ASCII grid (content and border lines alternate)."""
    maps = [_columns(line) for line in lines]
    bounds = sorted({c for m in maps for c, ch in m.items() if ch in "+|"})
    n_cols = len(bounds) - 1
    n_rows = (len(lines) - 1) // 2
    at: dict[tuple[int, int], GridCell] = {}
    for r in range(n_rows):
        content, above = maps[1 + 2 * r], maps[2 * r]
        bars = [i for i, b in enumerate(bounds) if content.get(b) == "|"]
        for left, right in itertools.pairwise(bars):
            text = "".join(
                content.get(x, "") for x in range(bounds[left] + 1, bounds[right])
            ).strip()
            open_above = all(
                above.get(x) == " " for x in range(bounds[left] + 1, bounds[right])
            )
            if open_above:  # no border above: the cell above continues
                cell = at[r - 1, left]
                if cell.row + cell.rowspan == r:
                    cell.rowspan += 1
                assert not text, f"text under a spanning cell: {text!r}"
            else:
                cell = GridCell(text=text, row=r, col=left, colspan=right - left)
            for c in range(left, right):
                at[r, c] = cell
    assert len(at) == n_rows * n_cols
    return Table(at, n_rows, n_cols)


def text_tables(text: str) -> list[Table]:
    return [read_grid(g) for g in grids(text)]


@pytest.mark.parametrize("report", [seed, pingtan])
def test_every_line_of_a_grid_has_the_same_width(report: object) -> None:
    assert callable(report)
    tables = grids(render_text(report()))
    assert len(tables) == 3
    for lines in tables:
        assert len({width(line) for line in lines}) == 1
        assert lines[0].startswith("+")
        assert lines[-1].startswith("+")


@pytest.mark.parametrize("report", [seed, pingtan])
def test_every_value_at_its_official_position(report: object) -> None:
    assert callable(report)
    r = report()
    check_tables(r, text_tables(render_text(r)), data_value=False)


@given(strategies.reports(blanks=True))
def test_property_values_at_positions_and_aligned(report: AnnualReport) -> None:
    text = render_text(report)
    for lines in grids(text):
        assert len({width(line) for line in lines}) == 1
    check_tables(report, text_tables(text), data_value=False)


def test_table3_merged_headers_and_note() -> None:
    _, t3, t4 = text_tables(render_text(seed()))
    note = t3.at[0, 0]
    assert (note.text, note.rowspan, note.colspan) == (formats.TABLE3_NOTE, 3, 3)
    assert t3.find("申请人情况").colspan == 7
    assert t3.find("法人或其他组织").colspan == 5
    assert t3.find("自然人").rowspan == 2
    assert t3.find("三、本年度办理结果").rowspan == 20
    assert t3.find("（三）不予公开").rowspan == 8
    assert t4.find("行政诉讼").colspan == 10
    assert t4.find("未经复议直接起诉").colspan == 5


def test_blank_is_empty_never_zero() -> None:
    r = pingtan()
    r = attrs.evolve(r, table3=r.table3.replace({("new", "commercial"): None}))
    _, t3, _ = text_tables(render_text(r))
    got = cell_map(t3, 3, 3)
    assert got[("一、本年新收政府信息公开申请数量",), ("申请人情况", "法人或其他组织", "商业企业")
               ].text == ""
    assert got[("一、本年新收政府信息公开申请数量",), ("申请人情况", "自然人")].text == "151"


def test_order_title_doc_number_sections_signature() -> None:
    text = render_text(seed())
    lines = text.splitlines()
    assert lines[0] == "永春县石鼓镇2020年政府信息公开工作年度报告"
    assert lines[2] == "永石政〔2021〕1号"
    positions = [lines.index(h) for h in formats.SECTION_HEADINGS.values()]
    assert positions == sorted(positions)
    assert lines[-2:] == ["永春县石鼓镇人民政府", "2021年1月6日"]
    assert "（二）政府信息公开工作推进情况" in lines
    assert render(seed(), "text") == text


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("自然人") == 6
    assert display_width("（一）") == 6  # full-width brackets are F
    assert display_width("“三安全一稳定”") == width("“三安全一稳定”")


def test_line_breaks_in_labels_do_not_break_the_grid() -> None:
    r = seed()
    r = attrs.evolve(r, metadata=attrs.evolve(r.metadata, body="某镇\n人民政府"))
    for lines in grids(render_text(r)):
        assert len({width(line) for line in lines}) == 1
