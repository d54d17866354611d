"""GitHub-flavoured Markdown rendering.

GFM tables have no merged cells, so merged headers are flattened into label paths
(``法人或其他组织/商业企业``, ``三、本年度办理结果/（三）不予公开/1.属于国家秘密``), as in the CSV.
Table 二 is one table per block; table 四 reads 行政复议 / 行政诉讼/… by 结果维持 … 总计.
Report text is escaped so that it renders as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import attrs

from govdisclosure.model import AnnualReport, Grid, Paragraph, Table2
from govdisclosure.zh import format_count, format_date, format_money, printable

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
    fill,
    layout,
    outline_tables,
)

__all__ = ["escape_markdown", "render_markdown", "render_table"]


def __dir__() -> list[str]:
    return __all__


_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
# A block marker at the start of a line (after its indent, which never spans lines: a
# pattern whose indent could cross newlines backtracks quadratically over many line breaks).
_LINE_START = re.compile(r"^([^\S\n]*)(\d+)([.)])|^([^\S\n]*)([-+=])", re.MULTILINE)
# Spaces and tabs opening a line: four make an indented code block.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


# Text none of whose characters or line starts needs escaping is returned as it is: it is
# printable (so its only whitespace is " "), holds no special character and no line break,
# and neither starts nor ends with a space nor starts with a block marker. One character
# class is a fast scan; alternatives anchored at the ends would be tried at every position.
_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]<>#|~!&\n\r]")
_MARKER_START = re.compile(r"\s|\d+[.)]|[-+=]")


def escape_markdown(text: str) -> str:
    """``text`` with Markdown syntax escaped, so that it renders as written and one text
    stays one paragraph: no link definition, code block, raw HTML, heading, list, quote,
    table or thematic break can be written into it. Control characters are removed
    (:func:`govdisclosure.zh.printable`); line endings are normalised to ``\\n``; blank
    lines (which would end the paragraph) and the spaces or tabs opening a line (which
    Markdown would drop or read as code) are removed.
    """
    if (
        text.isprintable()
        and _NEEDS_ESCAPE.search(text) is None
        and _MARKER_START.match(text) is None
        and not text[-1:].isspace()
    ):
        return text
    return _escape(text)


def _escape(text: str) -> str:
    """:func:`escape_markdown` of any text (its fast path is for text that needs none)."""
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;")
    text = _INDENT.sub("", _BLANK_LINES.sub("\n", text.strip(" \t\n")))
    return _LINE_START.sub(
        lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] is not None else f"{m[4]}\\{m[5]}", text
    )


@functools.lru_cache(maxsize=4096)
def _line(text: str) -> str:
    # A heading, a table cell or a signature line is one line: fold line breaks. Headings and
    # bodies repeat from report to report, so their lines are cached.
    return escape_markdown(" ".join(printable(text).split()))


@functools.lru_cache(maxsize=4096)
def _heading(level: int, text: str) -> str:
    return f"{'#' * min(level + 1, 6)} {_line(text)}"


def _cell_text(text: str) -> str:
    return _line(text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [_row(header), "|" + "|".join(
        "---" if i == 0 else "---:" for i in range(len(header))
    ) + "|"]
    lines.extend(_row(r) for r in rows)
    return "\n".join(lines)


def _value(cell: Cell) -> str:
    # A number inside a table cell: no block marker can start there ("1." is no list).
    return _SPECIAL.sub(r"\\\1", cell.text)


def render_table(table: TableLayout) -> str:
    """One laid-out table in GFM (several tables for the blocks of table 二)."""
    if table.header_rows == 0:
        return _blocks(table)
    # Pivot the value cells by their label paths: the merged headers flatten into paths.
    rows: dict[str, dict[str, Cell]] = {}
    columns: dict[str, None] = {}
    for cell in table.cells:
        if cell.role is Role.VALUE and cell.place is not None:
            row, column = cell.place
            rows.setdefault(row, {})[column] = cell
            columns.setdefault(column)
    header = ["", *(_cell_text(c) for c in columns)]
    body = [
        [_cell_text(row), *(_value(line[c]) if c in line else "" for c in columns)]
        for row, line in rows.items()
    ]
    notes = [c.text for c in table.cells if c.role is Role.NOTE and c.text]
    table_md = _table(header, body)
    if notes:
        return "\n\n".join([*(escape_markdown(n) for n in notes), table_md])
    return table_md


def _blocks(table: TableLayout) -> str:
    """Table 二: a bold block heading, then a table, for each block."""
    out: list[str] = []
    header: list[str] = []
    body: list[list[str]] = []

    def flush() -> None:
        if header:
            out.append(_table(header, body))

    for line in table.rows():
        roles = {c.role for c in line}
        if Role.BLOCK in roles:
            flush()
            header, body = [], []
            out.append(f"**{_cell_text(line[0].text)}**")
        elif Role.VALUE in roles:
            body.append([_cell_text(c.text) if c.role is Role.ROW else _value(c) for c in line])
        else:
            header = [_cell_text(c.text) for c in line]
    flush()
    return "\n\n".join(out)


_TEMPLATES: dict[int, tuple[TableLayout, Template | None]] = {}


def _template(skeleton: TableLayout) -> Template | None:
    """The skeleton drawn once with a slot for each value (``None`` if a label holds the
    slot mark, then the table is drawn cell by cell)."""
    entry = _TEMPLATES.get(id(skeleton))
    if entry is None:
        marked: list[Cell] = []
        values = 0
        for cell in skeleton.cells:
            if cell.role is Role.VALUE:
                marked.append(attrs.evolve(cell, text=SLOT.format(values)))
                values += 1
            else:
                marked.append(cell)
        drawn = render_table(attrs.evolve(skeleton, cells=tuple(marked)))
        template = Template.of(drawn, "".join(c.text for c in skeleton.cells), values)
        if len(_TEMPLATES) > 1024:
            _TEMPLATES.clear()
        entry = _TEMPLATES[id(skeleton)] = (skeleton, template)
    return entry[1]


def _number(text: str) -> str:
    # A number is digits, "," and "." and a unit: escaped all the same, should one ever not be.
    return text if text.isdigit() else _SPECIAL.sub(r"\\\1", text)


#: The cell text of a count (``""`` for a blank), plain and grouped; of an amount.
_COUNTS = (Memo(lambda n: "" if n is None else _number(format_count(n))),
           Memo(lambda n: "" if n is None else _number(format_count(n, group=True))))
_MONEY: tuple[MoneyText, MoneyText] = (
    lambda amount, unit: _number(format_money(amount) + (unit or "")),
    lambda amount, unit: _number(format_money(amount, group=True) + (unit or "")),
)


def _fast_table(table: Table2 | Grid, group: bool) -> str:
    blank, texts = fill(table, _COUNTS[group], _MONEY[group])
    template = _template(blank)
    if template is None:
        return render_table(layout(table, group=group))
    return template.fill(texts)


def _parts(report: AnnualReport, group: bool) -> Iterator[str]:
    for part in outline_tables(report):
        if isinstance(part, Paragraph | Text):
            yield escape_markdown(part.text)
        elif isinstance(part, Heading):
            yield _heading(part.level, part.text)
        elif isinstance(part, Table2 | Grid):
            yield _fast_table(part, group)
        elif isinstance(part, Signature):
            lines = [_line(part.body)]
            if part.date is not None:
                lines.append(format_date(part.date))
            yield "  \n".join(lines)


def render_markdown(report: AnnualReport, *, group: bool = False) -> str:
    """The whole report as GitHub-flavoured Markdown."""
    return "\n\n".join(_parts(report, group)) + "\n"
