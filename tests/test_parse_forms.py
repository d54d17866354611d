"""Every input form of a report: rendered here from generated reports, then parsed back.

The renderers below write tables the way published reports do (HTML with rowspan/colspan,
Markdown, PDF-extracted tab text, one cell per line, labels split over lines). Round trips
must give the report back; where a form cannot carry a blank, the row must be reported
unreadable, never filled with a wrong number.

Reports are drawn from the two official formats only: other test modules register format
variants whose extra labels a parser of published reports cannot know.
"""

from __future__ import annotations

import html
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure.formats import SECTION_HEADINGS, ValueKind
from govdisclosure.layout import Kind, Node
from govdisclosure.model import AnnualReport, Grid, Table3, Table4
from govdisclosure.parsing import NoteKind, ParseResult, parse
from govdisclosure.strategies import reports

Row = tuple[tuple[str, ...], list[str]]  # label path as printed, cell texts


def cell_text(value: int | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def printed_columns(grid: Grid) -> list[Node]:
    return [c for c in grid.columns.nodes if c.kind in (Kind.LEAF, Kind.TOTAL)]


def grid_rows(grid: Grid) -> list[Row]:
    """Printed rows: leaves and totals, and a group when it states a value."""
    cols = printed_columns(grid)
    out: list[Row] = []
    for node in grid.rows.nodes:
        line = [grid.values[node.index][c.index] for c in cols]
        if node.kind is Kind.GROUP and all(v is None for v in line):
            continue
        if node.kind is Kind.HEADER:
            continue
        out.append((grid.row_path(grid.format, node), [cell_text(v) for v in line]))
    return out


def table2_rows(report: AnnualReport) -> list[tuple[str, list[Row]]]:
    blocks: list[tuple[str, list[Row]]] = []
    for cell, value in report.table2.cells():
        if not blocks or blocks[-1][0] != cell.block.label:
            blocks.append((cell.block.label, []))
        rows = blocks[-1][1]
        if not rows or rows[-1][0] != (cell.row_label,):
            rows.append(((cell.row_label,), []))
        rows[-1][1].append(cell_text(value))
    return blocks


def head(report: AnnualReport) -> list[str]:
    meta = report.metadata
    lines = []
    if meta.doc_number:
        lines.append(meta.doc_number)
    lines.append(meta.title or "")
    if not meta.title:
        lines.append(f"本报告所列数据统计期限为{meta.year}年1月1日至12月31日。")
    return lines


def tail(report: AnnualReport) -> list[str]:
    meta = report.metadata
    lines = [meta.body]
    if meta.published:
        p = meta.published
        lines.append(f"{p.year}年{p.month}月{p.day}日")
    return lines


def column_headers(report: AnnualReport) -> list[str]:
    return ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


# --- renderers ----------------------------------------------------------------------------


def render_text(report: AnnualReport, *, one_per_line: bool = False, split: bool = False) -> str:
    """PDF-extracted text: tab-separated, blanks lost, labels maybe split over lines."""

    def label(text: str) -> str:
        if split and len(text) > 6:
            return text[:4] + "\n" + text[4:]
        return text

    def line(cells: list[str]) -> str:
        kept = [c for c in cells if c != ""]
        return "\n".join(kept) if one_per_line else "\t".join(kept)

    out = [*head(report), SECTION_HEADINGS["二"]]
    for block, rows in table2_rows(report):
        out.append(label(block))
        for path, cells in rows:
            out.append(line([label(path[-1]), *cells]))
    out.append(SECTION_HEADINGS["三"])
    out.append("申请人情况\t" + "\t".join(column_headers(report)))
    for path, cells in grid_rows(report.table3):
        out.append(line([label(p) for p in path] + cells))
    out.append(SECTION_HEADINGS["四"])
    out.append("行政复议\t行政诉讼")
    out.append("未经复议直接起诉\t复议后起诉")
    out.append("结果维持\t结果纠正\t其他结果\t尚未审结\t总计")
    out.append(line([c for _, cells in grid_rows(report.table4) for c in cells]))
    out.append(SECTION_HEADINGS["五"])
    out.append(SECTION_HEADINGS["六"])
    out.extend(tail(report))
    return "\n".join(out) + "\n"


def render_markdown(report: AnnualReport) -> str:
    """Markdown tables; merged label cells written as empty cells."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [*head(report), "", "## " + SECTION_HEADINGS["二"], ""]
    out += [row(["信息内容", "", "", ""]), row(["---"] * 4)]
    for block, rows in table2_rows(report):
        out.append(row([block, "", "", ""]))
        for path, cells in rows:
            out.append(row([path[-1], *cells]))
    out += ["", "## " + SECTION_HEADINGS["三"], ""]
    out += [row(["", "", "", *column_headers(report)]), row(["---"] * 10)]
    previous: tuple[str, ...] = ()
    for path, cells in grid_rows(report.table3):
        labels = [p if previous[: i + 1] != path[: i + 1] else "" for i, p in enumerate(path)]
        out.append(row(labels + [""] * (3 - len(labels)) + cells))
        previous = path
    out += ["", "## " + SECTION_HEADINGS["四"], ""]
    out += [row(["行政复议"] * 5 + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5),
            row(["---"] * 15)]
    out.append(row([c for _, cells in grid_rows(report.table4) for c in cells]))
    out += ["", "## " + SECTION_HEADINGS["五"], "", "## " + SECTION_HEADINGS["六"], ""]
    out += tail(report)
    return "\n".join(out) + "\n"


def render_html(report: AnnualReport) -> str:
    """HTML with rowspan/colspan as in the official template, &nbsp; blanks, <br> in labels."""

    def td(text: str, **span: int) -> str:
        attrs = "".join(f' {k}="{v}"' for k, v in span.items() if v > 1)
        body = html.escape(text) if text else "&nbsp;"
        if len(text) > 8 and not text[0].isdigit():
            body = html.escape(text[:5]) + "<br/>" + html.escape(text[5:])
        return f"<td{attrs}>{body}</td>"

    out = ["<html><body>"] + [f"<p>{html.escape(x)}</p>" for x in head(report)]
    out.append(f"<p>{SECTION_HEADINGS['二']}</p><table>")
    for block, rows in table2_rows(report):
        out.append(f"<tr>{td(block, colspan=4)}</tr>")
        for path, cells in rows:
            span = 4 - len(cells)
            out.append("<tr>" + td(path[-1]) + "".join(td(c, colspan=1 + span if i == 0 else 1)
                                                      for i, c in enumerate(cells)) + "</tr>")
    out.append(f"</table><p>{SECTION_HEADINGS['三']}</p><table>")
    out.append("<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                           colspan=3, rowspan=3) + td("申请人情况", colspan=7) + "</tr>")
    out.append("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5)
               + td("总计", rowspan=2) + "</tr>")
    out.append("<tr>" + "".join(td(x) for x in column_headers(report)[1:6]) + "</tr>")
    rows = grid_rows(report.table3)
    grid = report.table3
    spans: dict[str, int] = {}
    for path, _ in rows:
        for p in path[:-1]:
            spans[p] = spans.get(p, 0) + 1
    opened: set[str] = set()
    for path, cells in rows:
        labels = ""
        for depth, p in enumerate(path):
            if depth < len(path) - 1:
                if p not in opened:
                    opened.add(p)
                    labels += td(p, rowspan=spans[p])
            else:
                labels += td(p, colspan=3 - depth)
        out.append("<tr>" + labels + "".join(td(c) for c in cells) + "</tr>")
    del grid
    out.append(f"</table><p>{SECTION_HEADINGS['四']}</p><table>")
    out.append("<tr>" + td("行政复议", colspan=5) + td("行政诉讼", colspan=10) + "</tr>")
    out.append("<tr>" + "".join(td(x, rowspan=2) for x in ("结果维持", "结果纠正", "其他结果",
                                                          "尚未审结", "总计"))
               + td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5) + "</tr>")
    out.append("<tr>" + "".join(td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结",
                                               "总计") * 2) + "</tr>")
    out.append("<tr>" + "".join(td(c) for _, cells in grid_rows(report.table4) for c in cells)
               + "</tr></table>")
    out += [f"<p>{SECTION_HEADINGS['五']}</p>", f"<p>{SECTION_HEADINGS['六']}</p>"]
    out += [f"<p>{html.escape(x)}</p>" for x in tail(report)]
    return "\n".join(out) + "\n</body></html>"


# --- comparison ---------------------------------------------------------------------------


def printed_grid_values(grid: Grid) -> dict[tuple[int, int], int | None]:
    cols = printed_columns(grid)
    out = {}
    for row in grid.rows.nodes:
        if row.kind is Kind.HEADER:
            continue
        for col in cols:
            out[row.index, col.index] = grid.values[row.index][col.index]
    return out


def check_same(result: ParseResult, report: AnnualReport) -> None:
    got = result.report
    assert got is not None, [str(n) for n in result.findings]
    assert got.format is report.format
    meta, want = got.metadata, report.metadata
    assert (meta.body, meta.year, meta.doc_number, meta.published) == (
        want.body, want.year, want.doc_number, want.published
    )
    assert got.table2 == report.table2
    assert printed_grid_values(got.table3) == printed_grid_values(report.table3)
    assert got.table4 == report.table4
    assert not result.unreadable()


def check_never_wrong(result: ParseResult, report: AnnualReport) -> None:
    """Every value read is the true one; every value not read is reported."""
    got = result.report
    assert got is not None
    noted = {(n.place.table, n.place.row) for n in result.findings
             if n.kind in (NoteKind.UNREADABLE, NoteKind.MISSING)}
    whole = {t for t, row in noted if not row}
    for name, mine, truth in (("三", got.table3, report.table3), ("四", got.table4, report.table4)):
        assert isinstance(mine, Table3 | Table4)
        want = printed_grid_values(truth)
        for (r, c), value in printed_grid_values(mine).items():
            path = mine.row_path(mine.format, mine.rows[r])
            if value is not None:
                assert value == want[r, c], (name, path)
            elif want[r, c] is not None:
                assert name in whole or (name, path) in noted, (name, path)
    for (cell, stated), true in zip(got.table2.cells(), report.table2.values, strict=True):
        if stated is not None:
            assert stated == true
            if cell.column.kind is not ValueKind.MONEY:
                assert type(stated) is int
        elif true is not None:
            assert "二" in whole or ("二", (cell.block.label, cell.row_label)) in noted


#: the official formats (not the variants other test modules register)
def official(*, blanks: bool = False) -> st.SearchStrategy[AnnualReport]:
    return (reports("2019", narrative=False, blanks=blanks, units=False)
            | reports("2021", narrative=False, blanks=blanks, units=False))


FAST = settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)


@FAST
@given(official())
def test_html_round_trip(report: AnnualReport) -> None:
    check_same(parse(render_html(report)), report)


@FAST
@given(official(blanks=True))
def test_html_round_trip_with_blanks(report: AnnualReport) -> None:
    result = parse(render_html(report))
    check_same(result, report)


@FAST
@given(official(blanks=True))
def test_markdown_round_trip_with_blanks(report: AnnualReport) -> None:
    result = parse(render_markdown(report))
    assert result.kind == "markdown"
    check_same(result, report)


@FAST
@given(official(), st.booleans(), st.booleans())
def test_text_round_trip(report: AnnualReport, one_per_line: bool, split: bool) -> None:
    check_same(parse(render_text(report, one_per_line=one_per_line, split=split)), report)


@FAST
@given(official(blanks=True), st.booleans())
def test_text_with_lost_blanks_is_never_wrong(report: AnnualReport, split: bool) -> None:
    check_never_wrong(parse(render_text(report, split=split)), report)
