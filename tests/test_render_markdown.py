"""Markdown rendering: GFM tables with merged headers flattened into label paths."""

from __future__ import annotations

import re

import attrs
from hypothesis import given

from govdisclosure import formats, strategies
from govdisclosure.model import AnnualReport, Paragraph, Section
from govdisclosure.rendering import render, render_markdown
from govdisclosure.rendering.markdown import escape_markdown
from test_render_html import pingtan, printed, seed

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&")


def _cells(line: str) -> list[str]:
    return [_unescape(c.strip()) for c in _CELL_SPLIT.split(line.strip())[1:-1]]


def markdown_tables(md: str) -> list[dict[tuple[str, str], str]]:
    """Each GFM table as {(row label, column header): cell text}."""
    tables: list[dict[tuple[str, str], str]] = []
    lines = md.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            header = _cells(lines[i])
            table: dict[tuple[str, str], str] = {}
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                row = _cells(lines[i])
                assert len(row) == len(header), lines[i]
                for head, value in zip(header[1:], row[1:], strict=True):
                    table[row[0], head] = value
                i += 1
            tables.append(table)
        else:
            i += 1
    return tables


def check_markdown(report: AnnualReport) -> None:
    tables = markdown_tables(render_markdown(report))
    blocks = report.format.table2_blocks
    assert len(tables) == len(blocks) + 2
    for cell, value, unit in report.table2.cells_with_units():
        table = tables[blocks.index(cell.block)]
        assert table[cell.row_label, cell.column.label] == printed(value) + (unit or "")
    t3, t4 = tables[-2], tables[-1]
    for row, col, value in report.table3.cells():
        key = (row.path_text, col.path_text)
        if key in t3:
            assert t3[key] == printed(value), key
        else:
            assert value is None  # a group left blank is not printed
    for row, col, value in report.table4.cells():
        row_path = "/".join(report.format.table4_row_path(row.code))
        assert t4[row_path, col.path_text] == printed(value)


def test_seed_and_pingtan_values() -> None:
    check_markdown(seed())
    check_markdown(pingtan())
    t3 = markdown_tables(render_markdown(pingtan()))[-2]
    assert t3[("一、本年新收政府信息公开申请数量", "法人或其他组织/商业企业")] == "3"
    assert t3[("三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息", "总计")] == "50"


@given(strategies.reports(blanks=True))
def test_property_values(report: AnnualReport) -> None:
    check_markdown(report)


def test_headings_note_and_signature() -> None:
    md = render_markdown(seed())
    assert md.startswith("# 永春县石鼓镇2020年政府信息公开工作年度报告\n\n永石政〔2021〕1号\n")
    for heading in formats.SECTION_HEADINGS.values():
        assert f"\n## {heading}\n" in md
    assert "\n### （一）政务公开工作要点落实情况\n" in md
    assert formats.TABLE3_NOTE in md
    assert "**第二十条第（九）项**" in md
    assert md.endswith("永春县石鼓镇人民政府  \n2021年1月6日\n")
    assert render(seed(), "markdown") == md


def test_escaping() -> None:
    assert escape_markdown("<script>") == "\\<script\\>"
    assert escape_markdown("a | b") == "a \\| b"
    assert escape_markdown("1. 第一") == "1\\. 第一"
    assert escape_markdown("# 标题") == "\\# 标题"
    assert escape_markdown("A&B") == "A&amp;B"
    r = attrs.evolve(seed(), other=Section(heading="六", content=(
        Paragraph(text="<script>alert(1)</script> | *x*"),
    )))
    md = render_markdown(r)
    assert "<script>" not in md
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*x\\*" in md
