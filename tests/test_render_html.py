"""HTML rendering: the template's spans rebuilt from the markup, values at their positions.

Also holds the grid reader shared by the other render tests (``cell_map``, ``table2_map``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import govdisclosure
from govdisclosure import formats, strategies
from govdisclosure.jsonio import load_json_file
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Grid, Paragraph, Section
from govdisclosure.rendering import render, render_html
from govdisclosure.zh import format_count, format_money

DATA = Path(govdisclosure.__file__).parent / "data"


def seed() -> AnnualReport:
    """The bundled seed example: 永春县石鼓镇 2020 (2019 format, every cell 0)."""
    return load_json_file(DATA / "yongchun-shigu-2020.json")


def pingtan() -> AnnualReport:
    """The bundled 2021-format example: 平潭综合实验区 2025."""
    return load_json_file(DATA / "pingtan-2025.json")


# --- a generic grid: cells placed by rowspan/colspan ---------------------------------------


@attrs.define(eq=False)
class GridCell:
    text: str
    tag: str = "td"
    attrs: dict[str, str] = attrs.Factory(dict)
    row: int = 0
    col: int = 0
    rowspan: int = 1
    colspan: int = 1


@attrs.define
class Table:
    """A table rebuilt from its rows: ``at[(r, c)]`` is the cell covering position (r, c)."""

    at: dict[tuple[int, int], GridCell]
    n_rows: int
    n_cols: int
    thead_rows: int = 0

    @classmethod
    def from_rows(cls, rows: list[list[GridCell]], thead_rows: int = 0) -> Table:
        at: dict[tuple[int, int], GridCell] = {}
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in at:
                    c += 1
                cell.row, cell.col = r, c
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        assert (r + dr, c + dc) not in at, "overlapping cells"
                        at[r + dr, c + dc] = cell
                c += cell.colspan
        n_rows = max(r for r, _ in at) + 1
        n_cols = max(c for _, c in at) + 1
        assert len(at) == n_rows * n_cols, "the grid has holes"
        return cls(at, n_rows, n_cols, thead_rows)

    def cells(self) -> list[GridCell]:
        seen: dict[int, GridCell] = {}
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                seen.setdefault(id(self.at[r, c]), self.at[r, c])
        return list(seen.values())

    def find(self, text: str) -> GridCell:
        found = [c for c in self.cells() if c.text == text]
        assert len(found) == 1, (text, len(found))
        return found[0]


def _distinct(cells: Iterator[GridCell]) -> tuple[str, ...]:
    out: list[GridCell] = []
    for cell in cells:
        if not out or out[-1] is not cell:
            out.append(cell)
    return tuple(c.text for c in out if c.text)


def cell_map(table: Table, header_rows: int, label_cols: int
             ) -> dict[tuple[tuple[str, ...], tuple[str, ...]], GridCell]:
    """Each data cell keyed by (row label path, column label path) read off the spans."""
    out: dict[tuple[tuple[str, ...], tuple[str, ...]], GridCell] = {}
    for r in range(header_rows, table.n_rows):
        row_path = _distinct(table.at[r, c] for c in range(label_cols))
        for c in range(label_cols, table.n_cols):
            col_path = _distinct(table.at[h, c] for h in range(header_rows))
            key = (row_path, col_path)
            assert key not in out, f"two cells at {key}"
            out[key] = table.at[r, c]
    return out


def table2_map(table: Table, row_header: str = "信息内容"
               ) -> dict[tuple[str, str, str], GridCell]:
    """Table 二 cells keyed by (block, row label, column label)."""
    out: dict[tuple[str, str, str], GridCell] = {}
    block = ""
    headers: dict[int, str] = {}
    for r in range(table.n_rows):
        line = [table.at[r, c] for c in range(table.n_cols)]
        if line[0].colspan == table.n_cols:
            block = line[0].text
        elif line[0].text == row_header:
            headers = {c.col: c.text for c in line[1:]}
        else:
            for cell in {id(c): c for c in line[1:]}.values():
                out[block, line[0].text, headers[cell.col]] = cell
    return out


# --- reading HTML --------------------------------------------------------------------------


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._rows: list[list[GridCell]] | None = None
        self._cell: GridCell | None = None
        self._thead = 0
        self._in_thead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._rows, self._thead = [], 0
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._thead += self._in_thead
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = GridCell(text="", tag=tag, attrs=a, rowspan=int(a.get("rowspan", 1)),
                                  colspan=int(a.get("colspan", 1)))
            self._rows[-1].append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "thead":
            self._in_thead = False
        elif tag == "table" and self._rows is not None:
            self.tables.append(Table.from_rows(self._rows, self._thead))
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data


def html_tables(markup: str) -> list[Table]:
    parser = _TableParser()
    parser.feed(markup)
    parser.close()
    return parser.tables


# --- expectations from the model ------------------------------------------------------------


def printed(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return format_money(value) if isinstance(value, Decimal) else format_count(value)


def expected_cells(grid: Grid) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], int | None]]:
    """(row path, column path, value) of every printed cell of table 三 or 四."""
    fmt = grid.format
    stated_rows = {n.index for n in grid.rows.groups()
                   if any(v is not None for v in grid.values[n.index])}
    stated_cols = {n.index for n in grid.columns.groups()
                   if any(line[n.index] is not None for line in grid.values)}
    for row, col, value in grid.cells():
        if (row.kind is Kind.GROUP and row.index not in stated_rows) or (
            col.kind is Kind.GROUP and col.index not in stated_cols
        ):
            assert value is None
            continue
        row_path = type(grid).row_path(fmt, row)
        if grid.table == "三":
            # a stated group's own column is headed 小计 under the group's label
            own = (formats.GROUP_COLUMN,) if col.kind is Kind.GROUP else ()
            yield row_path, ("申请人情况", *col.path, *own), value
        else:
            yield (), (*row_path, *col.path), value


def check_tables(report: AnnualReport, tables: list[Table], *, data_value: bool = True) -> None:
    """Every value of the report is at its official position in the three tables."""
    t2, t3, t4 = tables
    got2 = table2_map(t2)
    for cell, value, unit in report.table2.cells_with_units():
        found = got2[cell.block.label, cell.row_label, cell.column.label]
        # an amount is printed with its unit as published (16万)
        assert found.text.strip() == printed(value) + (unit or ""), (cell.row_path,
                                                                      cell.column.label)
        if data_value:
            assert found.attrs.get("data-value") == (
                None if value is None else str(value) + (unit or "")
            )
    assert len(got2) == len(report.table2.values)
    for table, grid, header_rows, label_cols in (
        (t3, report.table3, 3, 3), (t4, report.table4, 3, 0)
    ):
        got = cell_map(table, header_rows, label_cols)
        expected = list(expected_cells(grid))
        assert len(got) == len(expected), grid.table
        for row_path, col_path, value in expected:
            found = got[row_path, col_path]
            assert found.text.strip() == printed(value), (row_path, col_path)
            if data_value:
                assert found.attrs.get("data-value") == (
                    None if value is None else str(value)
                )


# --- tests ----------------------------------------------------------------------------------


def _spans(cell: GridCell) -> tuple[int, int]:
    return cell.rowspan, cell.colspan


@pytest.mark.parametrize(("report", "results_rowspan"), [(seed, 20), (pingtan, 22)])
def test_table3_spans_are_the_templates(report: object, results_rowspan: int) -> None:
    assert callable(report)
    _, t3, _ = html_tables(render_html(report()))
    assert (t3.n_rows, t3.n_cols, t3.thead_rows) == (3 + 3 + results_rowspan, 10, 3)
    note = t3.at[0, 0]
    assert note.text == formats.TABLE3_NOTE
    assert _spans(note) == (3, 3)
    assert _spans(t3.find("申请人情况")) == (1, 7)
    assert (t3.find("申请人情况").row, t3.find("申请人情况").col) == (0, 3)
    assert _spans(t3.find("自然人")) == (2, 1)
    assert _spans(t3.find("法人或其他组织")) == (1, 5)
    assert _spans(t3.find("总计")) == (2, 1)
    assert [t3.at[2, c].text for c in range(4, 9)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"
    ]
    for label in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                  "四、结转下年度继续办理"):
        assert _spans(t3.find(label)) == (1, 3)
        assert t3.find(label).col == 0
    results = t3.find("三、本年度办理结果")
    assert _spans(results) == (results_rowspan, 1)
    assert (results.row, results.col) == (5, 0)
    assert _spans(t3.find("（三）不予公开")) == (8, 1)
    assert _spans(t3.find("（四）无法提供")) == (3, 1)
    assert _spans(t3.find("（五）不予处理")) == (5, 1)
    for label in ("（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                  "（七）总计"):
        assert _spans(t3.find(label)) == (1, 2)
    other = t3.find("（六）其他处理")
    assert _spans(other) == ((1, 2) if results_rowspan == 20 else (3, 1))
    assert t3.at[t3.n_rows - 1, 0].text == "四、结转下年度继续办理"
    # Every column header and row header is a <th> with a scope; values are <td class=num>.
    for cell in t3.cells():
        if cell is note:
            continue
        if cell.tag == "th":
            assert cell.attrs["scope"] in ("col", "colgroup", "row", "rowgroup")
        else:
            assert cell.attrs["class"] == "num"


def test_table4_spans_are_the_templates() -> None:
    _, _, t4 = html_tables(render_html(pingtan()))
    assert (t4.n_rows, t4.n_cols, t4.thead_rows) == (4, 15, 3)
    assert (_spans(t4.at[0, 0]), t4.at[0, 0].text) == ((1, 5), "行政复议")
    assert (_spans(t4.at[0, 5]), t4.at[0, 5].text) == ((1, 10), "行政诉讼")
    for c, label in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        assert (t4.at[1, c].text, _spans(t4.at[1, c])) == (label, (2, 1))
        assert t4.at[2, 5 + c].text == label
        assert t4.at[2, 10 + c].text == label
    assert (t4.at[1, 5].text, _spans(t4.at[1, 5])) == ("未经复议直接起诉", (1, 5))
    assert (t4.at[1, 10].text, _spans(t4.at[1, 10])) == ("复议后起诉", (1, 5))
    assert [t4.at[3, c].text for c in range(15)] == [
        "25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3"
    ]


def test_table2_blocks_and_spans() -> None:
    t2, _, _ = html_tables(render_html(seed()))
    assert t2.n_cols == 4
    blocks = [c for c in t2.cells() if c.attrs.get("class") == "block"]
    assert [b.text for b in blocks] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
        "第二十条第（九）项",
    ]
    assert all(_spans(b) == (1, 4) for b in blocks)
    assert _spans(t2.find("采购总金额")) == (1, 2)
    assert [c.text for c in t2.cells() if c.text == "本年增/减" and c.colspan == 2] == ["本年增/减"]
    t2021, _, _ = html_tables(render_html(pingtan()))
    assert len([c for c in t2021.cells() if c.text == "本年处理决定数量"]) == 2
    assert all(c.colspan == 3 for c in t2021.cells() if c.text == "本年处理决定数量")
    fee = t2021.find("本年收费金额（单位：万元）")
    assert _spans(fee) == (1, 3)
    money = t2021.at[fee.row + 1, 1]
    assert (money.text, money.colspan, money.attrs["data-value"]) == (
        "4166.241619", 3, "4166.241619"
    )
    grouped, _, _ = html_tables(render_html(pingtan(), group=True))
    assert grouped.at[fee.row + 1, 1].text == "4,166.241619"


@pytest.mark.parametrize("report", [seed, pingtan])
def test_every_value_at_its_official_position(report: object) -> None:
    assert callable(report)
    r = report()
    check_tables(r, html_tables(render_html(r)))


@given(strategies.reports(blanks=True))
def test_property_every_value_at_its_position(report: AnnualReport) -> None:
    check_tables(report, html_tables(render_html(report)))


def test_blank_cells_are_empty_not_zero() -> None:
    r = seed()
    r = attrs.evolve(r, table3=r.table3.replace({("new", "natural_person"): None}))
    _, t3, _ = html_tables(render_html(r))
    cell = cell_map(t3, 3, 3)[("一、本年新收政府信息公开申请数量",), ("申请人情况", "自然人")]
    assert cell.text == ""
    assert "data-value" not in cell.attrs


def test_stated_group_row_gets_its_own_line() -> None:
    # 淮安市洪泽区 2021 prints （六）其他处理 as one row: its value is kept and shown.
    r = pingtan()
    t3 = r.table3.replace({("other_handling", c): None for c in
                           ("commercial", "research", "public_interest", "legal_service",
                            "other_organization", "total")})
    t3 = t3.replace({("other_handling", "natural_person"): 11})
    r = attrs.evolve(r, table3=t3)
    _, t, _ = html_tables(render_html(r))
    got = cell_map(t, 3, 3)
    key = ("三、本年度办理结果", "（六）其他处理")
    assert got[key, ("申请人情况", "自然人")].text == "11"
    assert got[key, ("申请人情况", "总计")].text == ""
    assert _spans(t.find("（六）其他处理")) == (4, 1)
    assert _spans(t.find("三、本年度办理结果")) == (23, 1)


def test_report_text_is_escaped() -> None:
    r = seed()
    evil = '<script>alert("x")</script> & <b>'
    r = attrs.evolve(
        r,
        metadata=attrs.evolve(r.metadata, body=evil, title=evil, doc_number=evil),
        problems=Section(heading="五", content=(Paragraph(text=evil),
                                               Section.of("<h1>小标题</h1>", evil))),
    )
    for page in (render_html(r), render_html(r, standalone=True)):
        assert "<script>" not in page
        assert "<b>" not in page
        assert "<h1>小标题" not in page
        assert html.escape(evil) in page


def test_standalone_page() -> None:
    page = render_html(seed(), standalone=True)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert '<meta charset="utf-8">' in page
    assert "@page { size: A4;" in page
    assert "Noto Serif CJK SC" in page
    assert "<title>永春县石鼓镇2020年政府信息公开工作年度报告</title>" in page
    # No external assets: no links, scripts, remote URLs or imports.
    assert not re.search(r"<link|<script|<img|https?://|@import|url\(", page)
    fragment = render_html(seed())
    assert fragment.startswith('<article class="govdisclosure-report" lang="zh-CN">')
    assert "<html" not in fragment
    assert "<style" not in fragment
    assert render(seed(), "html") == fragment


def test_order_headings_and_signature() -> None:
    page = render_html(pingtan())
    positions = [page.index(f">{h}</h2>") for h in formats.SECTION_HEADINGS.values()]
    assert positions == sorted(positions)
    assert page.index("<h1>") < positions[0]
    seed_page = render_html(seed())
    assert seed_page.index("<h1>") < seed_page.index(
        '<p class="doc-number">永石政〔2021〕1号</p>'
    ) < seed_page.index("<h2>")
    tables = [page.index(f'<table class="table-{n}" ') for n in (2, 3, 4)]
    assert positions[1] < tables[0] < positions[2] < tables[1] < positions[3] < tables[2]
    assert page.rindex('<footer class="signature">') > positions[-1]
    assert '<time datetime="2026-03-10">2026年3月10日</time>' in page


def test_labels_of_tables_3_and_4_break_where_their_words_do() -> None:
    # Chromium broke them every few characters in a narrow CMS column or on A4
    # (（三）不予 / 公开, 商业企 / 业, 总 / 计); Word and PDF set the same lines
    out = render(pingtan(), "html")
    t3 = out[out.index('class="table-3"'):out.index('class="table-4"')]
    t4 = out[out.index('class="table-4"'):]
    t2 = out[:out.index('class="table-3"')]
    assert ">（三）<br>不予公开</th>" in t3
    assert ">三、<br>本年度<br>办理结果</th>" in t3
    assert ">商业<br>企业</th>" in t3
    assert ">结果<br>维持</th>" in t4
    assert ">法人或其他组织</th>" in t3  # a spanning header has room: one line
    assert "<br>" not in t2  # table 二's few columns leave room for its headers
    for cell in re.findall(r"<th[^>]*>[^<]*<br>", out):
        assert "word-break:keep-all" in cell  # the lines set are not broken again
