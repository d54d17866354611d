"""Plain-text rendering in the official order, tables as ASCII grids.

Grid columns line up in a monospace terminal: characters of East Asian Width ``W`` or ``F``
count as two columns. Borders are ASCII (``+ - |``) because box-drawing characters are of
ambiguous width. Merged cells of the template are drawn as spanning cells (a rowspan's text
sits on its first line). A blank cell (not stated) is printed empty, never as 0.
"""

from __future__ import annotations

from collections.abc import Iterator

from govdisclosure.model import AnnualReport
from govdisclosure.zh import display_width, format_date, printable

from ._layout import Cell, Heading, Role, Signature, TableLayout, Text, outline

__all__ = ["render_grid", "render_text"]


def __dir__() -> list[str]:
    return __all__


def _pad(text: str, width: int, align: str) -> str:
    gap = width - display_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def _align(cell: Cell) -> str:
    if cell.role is Role.VALUE:
        return "right"
    if cell.role is Role.ROW:
        return "left"
    return "center"


def _clean(text: str) -> str:
    # A cell is one line of the grid: line breaks and tabs would break the columns.
    return " ".join(printable(text).split())


def render_grid(table: TableLayout) -> list[str]:
    """The table as lines of equal display width."""
    occ = table.occupancy()
    n_rows, n_cols = table.n_rows, table.n_cols
    texts = {id(cell): _clean(cell.text) for cell in table.cells}
    widths = [0] * n_cols
    for cell in sorted(table.cells, key=lambda c: c.colspan):
        need = display_width(texts[id(cell)])
        if cell.colspan == 1:
            widths[cell.col] = max(widths[cell.col], need)
            continue
        span = range(cell.col, cell.col + cell.colspan)
        have = sum(widths[c] for c in span) + 3 * (cell.colspan - 1)
        if need > have:
            widths[span[-1]] += need - have

    def vertical(r: int, b: int) -> bool:
        return 0 <= r < n_rows and (b in (0, n_cols) or occ[r][b - 1] is not occ[r][b])

    def border(r: int) -> str:
        """The line below row ``r`` (``r = -1``: the top border)."""
        horizontal = [
            r in (-1, n_rows - 1) or occ[r][c] is not occ[r + 1][c] for c in range(n_cols)
        ]
        out: list[str] = []
        for b in range(n_cols + 1):
            side = (b > 0 and horizontal[b - 1]) or (b < n_cols and horizontal[b])
            upright = vertical(r, b) or vertical(r + 1, b)
            out.append("+" if side and upright else "-" if side else "|" if upright else " ")
            if b < n_cols:
                out.append(("-" if horizontal[b] else " ") * (widths[b] + 2))
        return "".join(out)

    def content(r: int) -> str:
        out: list[str] = []
        c = 0
        while c < n_cols:
            cell = occ[r][c]
            inner = sum(widths[c : c + cell.colspan]) + 3 * (cell.colspan - 1)
            text = texts[id(cell)] if cell.row == r else ""
            out.append("| " + _pad(text, inner, _align(cell)) + " ")
            c += cell.colspan
        out.append("|")
        return "".join(out)

    lines = [border(-1)]
    for r in range(n_rows):
        lines.append(content(r))
        lines.append(border(r))
    return lines


def _parts(report: AnnualReport, group: bool) -> Iterator[str]:
    # Report text reaches a terminal: no ESC sequence or control character gets through.
    for part in outline(report, group=group):
        if isinstance(part, Heading | Text):
            yield printable(part.text)
        elif isinstance(part, TableLayout):
            yield "\n".join(render_grid(part))
        elif isinstance(part, Signature):
            lines = [printable(part.body)]
            if part.date is not None:
                lines.append(format_date(part.date))
            yield "\n".join(lines)


def render_text(report: AnnualReport, *, group: bool = False) -> str:
    """The whole report as plain text: title, 文号, sections 一 to 六, signature block.

    Control characters of the report's text are removed (:func:`govdisclosure.zh.printable`).
    """
    return "\n\n".join(_parts(report, group)) + "\n"
