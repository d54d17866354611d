"""HTML rendering: a fragment or a standalone A4 page, tables with the template's spans.

Every piece of report text goes through :func:`html.escape`, its control and bidirectional
control characters removed first (:func:`govdisclosure.zh.printable`); the page has no
external assets (styles inline, system Chinese fonts). Value cells carry ``data-value`` with
the plain number so that a reader does not have to undo an optional grouping.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator

from govdisclosure.model import AnnualReport, Grid, Paragraph, Table2
from govdisclosure.zh import format_count, format_date, format_money, from_chinese, printable

from ._layout import (
    SLOT,
    Cell,
    Heading,
    Memo,
    MoneyText,
    Role,
    Signature,
    TableLayout,
    Template,
    Text,
    default_title,
    fill,
    layout,
    outline_tables,
)
from ._paper import ems, label_lines

__all__ = ["STYLESHEET", "render_html", "render_table"]


def __dir__() -> list[str]:
    return __all__


#: The page's stylesheet: A4 print layout and a Chinese font stack.
STYLESHEET = """\
@page { size: A4; margin: 2.5cm 2cm 2.5cm 2cm; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 60em; padding: 2em 1.5em; color: #000; background: #fff;
  font-family: "FangSong", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC",
    "Source Han Serif SC", "Songti SC", "SimSun", "Noto Sans CJK SC", "Microsoft YaHei",
    "PingFang SC", serif;
  font-size: 12pt; line-height: 1.75;
}
.govdisclosure-report h1 {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC",
    "Microsoft YaHei", "PingFang SC", sans-serif;
  font-size: 18pt; font-weight: bold; text-align: center; margin: 0.5em 0 0.2em;
}
.govdisclosure-report .doc-number { text-align: center; margin: 0 0 1.5em; }
.govdisclosure-report h2 {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC",
    "Microsoft YaHei", sans-serif;
  font-size: 14pt; margin: 1.2em 0 0.5em;
}
.govdisclosure-report h3, .govdisclosure-report h4, .govdisclosure-report h5,
.govdisclosure-report h6 { font-size: 12pt; font-weight: bold; margin: 0.8em 0 0.3em; }
.govdisclosure-report p { text-indent: 2em; margin: 0.3em 0; text-align: justify; }
.govdisclosure-report table {
  border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 10.5pt;
  line-height: 1.4; page-break-inside: auto;
}
.govdisclosure-report th, .govdisclosure-report td {
  border: 1px solid #000; padding: 0.25em 0.4em; vertical-align: middle;
}
.govdisclosure-report th { font-weight: normal; text-align: center; }
.govdisclosure-report th[scope="row"], .govdisclosure-report th[scope="rowgroup"] {
  text-align: left;
}
.govdisclosure-report th.block { background: #dbe9f6; font-weight: bold; }
.govdisclosure-report td.note { text-align: center; font-size: 9.5pt; }
.govdisclosure-report td.num {
  text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;
}
.govdisclosure-report table.table-3 thead th[scope="col"],
.govdisclosure-report table.table-3 th[scope="rowgroup"] { white-space: nowrap; }
.govdisclosure-report table.table-3 td.num { min-width: 2.5em; }
.govdisclosure-report tr { break-inside: avoid; page-break-inside: avoid; }
.govdisclosure-report thead { display: table-header-group; }
.govdisclosure-report .signature { text-align: right; margin-top: 2em; }
.govdisclosure-report .signature p { text-indent: 0; text-align: right; }
@media print {
  body { max-width: none; padding: 0; }
  .govdisclosure-report h2 { break-after: avoid; page-break-after: avoid; }
  /* Table 三 on at most two A4 pages: compact cells (over the inline padding), labels wide
     enough to wrap at word sense, group labels narrow, value columns just wide enough. */
  .govdisclosure-report table.table-3 { font-size: 9pt; line-height: 1.3; }
  .govdisclosure-report table.table-3 th, .govdisclosure-report table.table-3 td {
    padding: 1px 3px !important;
  }
  .govdisclosure-report table.table-3 th[scope="rowgroup"],
  .govdisclosure-report table.table-3 thead th[scope="col"] { white-space: normal; }
  .govdisclosure-report table.table-3 tbody th[scope="rowgroup"] { width: 5em; }
  .govdisclosure-report table.table-3 tbody th[scope="row"] { min-width: 14em; }
  .govdisclosure-report table.table-3 td.num { width: 3em; min-width: 0; }
}
"""


# Inline presentation, repeated on every cell: a CMS that strips <style> (and classes) keeps
# the template's borders, alignment and spans. The stylesheet above only refines the page.
_BORDER = "border:1px solid #000;padding:0.25em 0.4em;vertical-align:middle"
_STYLE = {
    Role.VALUE: f"{_BORDER};text-align:right;white-space:nowrap",
    Role.NOTE: f"{_BORDER};text-align:center;font-size:9.5pt",
    Role.BLOCK: f"{_BORDER};text-align:center;font-weight:bold;background:#dbe9f6",
    Role.COLUMN: f"{_BORDER};text-align:center;font-weight:normal",
    Role.ROW: f"{_BORDER};text-align:left;font-weight:normal",
}
_TABLE_ATTRS = ('border="1" cellspacing="0" cellpadding="4" '
                'style="border-collapse:collapse;width:100%;border:1px solid #000"')


def _attrs(cell: Cell, style: str = "") -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out + f' style="{_STYLE[cell.role]}{style}"'


def _escape(text: str) -> str:
    return text if text.isdigit() else html.escape(text)


def _tail(text: str | None, raw: str | None) -> str:
    """The end of a value cell's start tag and its text: `` data-value="1234">1234``."""
    if raw is None:
        return ">"
    return f' data-value="{_escape(raw)}">{_escape(text or "")}'


#: ems a line of a column header, and of a label merged over rows, holds in a web page: the
#: breaks of :func:`~._paper.label_lines` (``商业`` / ``企业``, ``三、`` / ``本年度`` /
#: ``办理结果``, ``（三）`` / ``不予公开``) as Word and PDF set them, so that a narrow column
#: never breaks a label every few characters (``（三）不予`` / ``公开``, ``总`` / ``计``)
_HEADER_EMS = 3.0
_OUTER_EMS = 4.0
#: the lines set are kept whole: a browser breaks a CJK label anywhere otherwise
_KEEP = ";word-break:keep-all"


#: value columns from which a table's labels are set in lines (tables 三 and 四, not 二,
#: whose few columns leave room for a header on one line)
_MANY_COLUMNS = 5


def _label(cell: Cell) -> tuple[str, str]:
    """A label's HTML text and any style it adds: lines where its words break for a column
    header or a label merged over rows, else the text as it is (the browser wraps it)."""
    if cell.role is Role.COLUMN and cell.colspan == 1:  # a spanning header has room
        room, pairs = _HEADER_EMS, True
    elif cell.role is Role.ROW and cell.rowspan > 1:
        room, pairs = _OUTER_EMS, False
    else:
        return _text(cell.text), ""
    lines = label_lines(printable(cell.text), lambda s: ems(s) <= room, pairs=pairs)
    return "<br>".join(map(html.escape, lines)), _KEEP


def _cell(cell: Cell, lines: bool = False) -> str:
    """A cell as HTML; with ``lines``, a label set in lines where its words break."""
    if lines and cell.role in (Role.COLUMN, Role.ROW):
        text, keep = _label(cell)
    else:
        text, keep = _text(cell.text), ""
    spans = _attrs(cell, keep)
    role = cell.role
    if role is Role.VALUE:
        return f'<td class="num"{spans}{_tail(cell.text, cell.raw)}</td>'
    if role is Role.NOTE:
        return f'<td class="note"{spans}>{text}</td>'
    if role is Role.BLOCK:
        return f'<th class="block" scope="colgroup"{spans}>{text}</th>'
    if role is Role.COLUMN:
        scope = "colgroup" if cell.colspan > 1 else "col"
        return f'<th scope="{scope}"{spans}>{text}</th>'
    scope = "rowgroup" if cell.rowspan > 1 else "row"
    return f'<th scope="{scope}"{spans}>{text}</th>'


def render_table(table: TableLayout) -> str:
    """One laid-out table as ``<table>`` with the template's rowspan/colspan, borders and
    alignment inline on every cell."""
    return _draw(table, _cell)


_TEMPLATES: dict[int, tuple[TableLayout, Template | None]] = {}


def _template(skeleton: TableLayout) -> Template | None:
    """The skeleton drawn once with a slot where each value goes (``None`` if a label holds
    the slot mark, then the table is drawn cell by cell)."""
    entry = _TEMPLATES.get(id(skeleton))
    if entry is None:
        index = {id(c): i for i, c in enumerate(c for c in skeleton.cells
                                                if c.role is Role.VALUE)}

        def slot(cell: Cell, lines: bool) -> str:
            if cell.role is Role.VALUE:
                return f'<td class="num"{_attrs(cell)}{SLOT.format(index[id(cell)])}</td>'
            return _cell(cell, lines)

        template = Template.of(_draw(skeleton, slot), "".join(c.text for c in skeleton.cells),
                               len(index))
        if len(_TEMPLATES) > 1024:
            _TEMPLATES.clear()
        entry = _TEMPLATES[id(skeleton)] = (skeleton, template)
    return entry[1]


def _count_tail(group: bool) -> Callable[[int | None], str]:
    def tail(n: int | None) -> str:
        if n is None:
            return ">"
        return _tail(format_count(n, group=group), format_count(n))

    return tail


#: The end of a value cell's start tag and its text, plain and grouped (see :func:`_tail`).
_COUNTS = (Memo(_count_tail(False)), Memo(_count_tail(True)))
_MONEY: tuple[MoneyText, MoneyText] = (
    lambda amount, unit: _tail(format_money(amount) + (unit or ""), str(amount) + (unit or "")),
    lambda amount, unit: _tail(format_money(amount, group=True) + (unit or ""),
                               str(amount) + (unit or "")),
)


def _fast_table(table: Table2 | Grid, group: bool) -> str:
    blank, tails = fill(table, _COUNTS[group], _MONEY[group])
    template = _template(blank)
    if template is None:
        return render_table(layout(table, group=group))
    return template.fill(tails)


def _draw(table: TableLayout, draw_cell: Callable[[Cell, bool], str]) -> str:
    lines = table.n_cols - table.label_cols >= _MANY_COLUMNS
    rows = ["".join(draw_cell(c, lines) for c in line) for line in table.rows()]
    out = [f'<table class="table-{from_chinese(table.name)}" {_TABLE_ATTRS}>']
    if table.header_rows:
        out.append("<thead>")
        out.extend(f"<tr>{row}</tr>" for row in rows[: table.header_rows])
        out.append("</thead>")
    out.append("<tbody>")
    out.extend(f"<tr>{row}</tr>" for row in rows[table.header_rows :])
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _text(text: str) -> str:
    """Report text as HTML: escaped, and without control characters (kept, they would reach
    whoever copies the text out of the page) or bidirectional controls (which would reverse
    what a reader sees), as in text and Markdown (:func:`govdisclosure.zh.printable`)."""
    return html.escape(printable(text))


def _paragraph(text: str) -> str:
    return _text(text).replace("\n", "<br>")


@functools.lru_cache(maxsize=4096)
def _heading(level: int, text: str) -> str:
    # Section and subsection headings repeat from report to report: drawn once each.
    tag = f"h{min(level + 1, 6)}"
    return f"<{tag}>{_text(text)}</{tag}>"


def _parts(report: AnnualReport, group: bool) -> Iterator[str]:
    open_section = False
    for part in outline_tables(report):
        if isinstance(part, Paragraph):
            yield f"<p>{_paragraph(part.text)}</p>"
        elif isinstance(part, Heading):
            if part.level == 0:
                yield f"<h1>{_text(part.text)}</h1>"
                continue
            if part.level == 1:
                if open_section:
                    yield "</section>"
                yield "<section>"
                open_section = True
            yield _heading(part.level, part.text)
        elif isinstance(part, Text):
            if part.kind == "doc_number":
                yield f'<p class="doc-number">{_paragraph(part.text)}</p>'
            else:
                yield f"<p>{_paragraph(part.text)}</p>"
        elif isinstance(part, Table2 | Grid):
            yield _fast_table(part, group)
        elif isinstance(part, Signature):
            if open_section:
                yield "</section>"
                open_section = False
            yield '<footer class="signature">'
            yield f'<p class="body">{_text(part.body)}</p>'
            if part.date is not None:
                yield (f'<p class="date"><time datetime="{part.date.isoformat()}">'
                       f"{html.escape(format_date(part.date))}</time></p>")
            yield "</footer>"
    if open_section:
        yield "</section>"


def render_html(report: AnnualReport, standalone: bool = False, *, group: bool = False) -> str:
    """The report as an HTML fragment (``<article>``), or a whole page with ``standalone``.

    The fragment needs no stylesheet: every table cell carries its border and alignment.
    """
    article = "\n".join(
        ['<article class="govdisclosure-report" lang="zh-CN">', *_parts(report, group),
         "</article>"]
    )
    if not standalone:
        return article + "\n"
    title = _text(default_title(report))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n"
        f"{article}\n</body>\n</html>\n"
    )
