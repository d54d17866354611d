"""PDF rendering: the report as a print-ready A4 PDF, drawn by reportlab.

Why reportlab: it is pip-installable with no system library, and its CID font
``STSong-Light`` (Adobe-GB1, encoding ``UniGB-UCS2-H``) needs no font file: the PDF refers to
the font by its registered name and every PDF reader carries or substitutes an Adobe-GB1 font
for it (Acrobat its Asian font pack, poppler and pdf.js a system CJK font), and the text maps
back to Unicode, so it can be searched, copied and read back by pdfplumber. A TrueType font
could be embedded instead, but the CJK fonts of a Linux system are OpenType/CFF, which
reportlab cannot embed; LibreOffice converting the Word file is the other route, where
LibreOffice is installed (see ``docs/guide-publishing.md``).

The page, type sizes and column widths are those of the Word file
(:mod:`govdisclosure.rendering._paper`); tables are drawn from
:func:`~govdisclosure.rendering._layout.layout` with its spans, their header rows repeated
when a table runs onto another page, and row labels wrapped where the words allow (after
``、``，``：`` or before ``（``; see :func:`~._paper.label_lines`), not every few characters.
Needs the ``publish`` extra.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import attrs

from govdisclosure.errors import MissingExtra
from govdisclosure.model import AnnualReport
from govdisclosure.zh import format_date, printable

from ._layout import Heading, Role, Signature, TableLayout, Text, default_title, outline
from ._paper import (
    BODY_PT,
    CELL_PAD_MM,
    MARGINS_MM,
    PAGE_MM,
    SMALLEST_PT,
    TEXT_WIDTH_MM,
    TITLE_PT,
    column_widths,
    label_lines,
    table_font_pt,
    title_lines,
)

__all__ = ["FONT", "render_pdf", "wrap_label"]


def __dir__() -> list[str]:
    return __all__


#: The CID font of every piece of text (Adobe-GB1; no font file needed)
FONT = "STSong-Light"
_MM = 72 / 25.4
_LINE_PT = 28.0
#: the height a table may take on a page under its heading: the text block, less the
#: frame's padding, a heading line and the space after the table
_TABLE_HEIGHT_PT = (PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * _MM - 12 - 40


def _reportlab() -> Any:
    try:
        import reportlab
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    except ImportError as exc:
        raise MissingExtra(
            f"writing PDF files needs reportlab: pip install 'govdisclosure[publish]' ({exc})"
        ) from exc
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return reportlab


def wrap_label(text: str, width_pt: float, size_pt: float, *, pairs: bool = False) -> list[str]:
    """The lines of a label set in ``width_pt`` (:func:`~._paper.label_lines` with the
    font's widths): pieces between break opportunities kept whole where they fit, a piece
    wider than a line cut as a phrase, or two characters at a time for a header (``pairs``)."""
    _reportlab()
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(s: str) -> bool:
        return float(stringWidth(s, FONT, size_pt)) <= width_pt

    return label_lines(text, fits, pairs=pairs)


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=FONT, fontSize=BODY_PT, leading=_LINE_PT,
                          firstLineIndent=2 * BODY_PT, alignment=TA_JUSTIFY, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=TITLE_PT,
                                leading=TITLE_PT * 1.45, alignment=TA_CENTER, firstLineIndent=0,
                                spaceAfter=_LINE_PT / 2),
        "doc_number": ParagraphStyle("doc_number", parent=body, alignment=TA_CENTER,
                                     firstLineIndent=0, spaceAfter=_LINE_PT / 2),
        "h1": ParagraphStyle("h1", parent=body, spaceBefore=4),
        "h2": ParagraphStyle("h2", parent=body),
        "body": body,
        "signature": ParagraphStyle("signature", parent=body, alignment=TA_RIGHT,
                                    firstLineIndent=0, rightIndent=2 * BODY_PT),
        "cell": ParagraphStyle("cell", fontName=FONT, alignment=TA_CENTER, wordWrap="CJK"),
        "label": ParagraphStyle("label", fontName=FONT, alignment=TA_LEFT, wordWrap="CJK"),
    }


def _escape(text: str) -> str:
    """Text for reportlab's markup: controls and bidirectional overrides removed (see
    :func:`govdisclosure.zh.printable`), then escaped."""
    return escape(printable(text))


def _markup(text: str) -> str:
    return "<br/>".join(_escape(line) for line in text.split("\n"))


def _table(layout: TableLayout, styles: dict[str, Any], size: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    widths = [w * _MM for w in column_widths(layout, font_pt=size)]
    pad = CELL_PAD_MM * _MM
    leading = round(size * 1.3, 1)
    label = ParagraphStyle("label-t", parent=styles["label"], fontSize=size, leading=leading)
    centred = ParagraphStyle("cell-t", parent=styles["cell"], fontSize=size, leading=leading)
    note = ParagraphStyle("note-t", parent=centred, fontSize=size - 1, leading=leading - 1)
    data: list[list[Any]] = [[""] * layout.n_cols for _ in range(layout.n_rows)]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for cell in layout.cells:
        span_width = sum(widths[cell.col: cell.col + cell.colspan]) - 2 * pad
        if cell.role in (Role.ROW, Role.BLOCK):
            lines = wrap_label(cell.text, span_width, size)
            data[cell.row][cell.col] = Paragraph("<br/>".join(_escape(x) for x in lines), label)
        elif cell.role is Role.NOTE:
            lines = wrap_label(cell.text, span_width, size - 1)
            data[cell.row][cell.col] = Paragraph("<br/>".join(_escape(x) for x in lines), note)
        elif cell.role is Role.COLUMN:
            # a header word wider than its column: two characters a line (科研 / 机构)
            lines = wrap_label(cell.text, span_width, size, pairs=True)
            data[cell.row][cell.col] = Paragraph("<br/>".join(_escape(x) for x in lines),
                                                 centred)
        else:
            data[cell.row][cell.col] = Paragraph(_escape(cell.text), centred)
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (cell.col, cell.row),
                             (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)))
    table = Table(data, colWidths=widths, repeatRows=layout.header_rows, hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table


def _height(table: Any) -> float:
    return float(table.wrap(TEXT_WIDTH_MM * _MM, 10**6)[1])


def _rows_part(layout: TableLayout, start: int, stop: int) -> TableLayout:
    """The header rows and the body rows ``[start, stop)`` of a table: a label merged over
    rows on both sides of a cut is printed in both parts, as a table continued on the next
    page prints it."""
    top = layout.header_rows
    cells = []
    for cell in layout.cells:
        if cell.row < top:
            cells.append(cell)
            continue
        first, last = max(cell.row, start), min(cell.row + cell.rowspan, stop)
        if first < last:
            cells.append(attrs.evolve(cell, row=top + first - start, rowspan=last - first))
    return attrs.evolve(layout, n_rows=top + stop - start, cells=tuple(cells))


def _fitting(layout: TableLayout, styles: dict[str, Any], height: float) -> list[Any]:
    """The table in type that fits it on one page (``height`` points), a half point smaller
    at a time down to :data:`~._paper.SMALLEST_PT` (reportlab cannot break a table inside a
    label merged over rows, such as 三、本年度办理结果). A table too tall even then is cut
    into parts that fit a page each, the header rows and the merged labels printed again."""
    size = table_font_pt(layout)
    while True:
        table = _table(layout, styles, size)
        if _height(table) <= height or layout.header_rows == 0:
            return [table]  # table 二 has no header rows and no merged labels: it breaks
        if size <= SMALLEST_PT:
            break
        size = max(size - 0.5, SMALLEST_PT)
    parts: list[Any] = []
    start = layout.header_rows
    while start < layout.n_rows:
        stop = layout.n_rows
        part = _table(_rows_part(layout, start, stop), styles, size)
        while stop > start + 1 and _height(part) > height:
            stop -= 1
            part = _table(_rows_part(layout, start, stop), styles, size)
        parts.append(part)
        start = stop
    return parts


def _page_number(canvas: Any, doc: Any) -> None:
    # GB/T 9704 §7.5: 4 号半角阿拉伯数字, a dash either side, below the text block
    canvas.saveState()
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(PAGE_MM[0] * _MM / 2, (MARGINS_MM["bottom"] - 14) * _MM,
                             f"— {doc.page} —")
    canvas.restoreState()


def render_pdf(report: AnnualReport, *, group: bool = False) -> bytes:
    """The report as the bytes of an A4 PDF; numbers as the template prints them (``2418``),
    or with grouping separators (``2,418``) when ``group``."""
    _reportlab()
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    styles = _styles()
    story: list[Any] = []
    heading_last = False
    for part in outline(report, group=group):
        if isinstance(part, Heading):
            if part.level == 0:
                story.append(Paragraph(_markup("\n".join(title_lines(part.text))),
                                       styles["title"]))
                continue
            # a heading is not left alone at the foot of a page (keepWithNext would carry
            # a long first paragraph, and the heading, to the next page whole)
            story.append(CondPageBreak(3 * _LINE_PT))
            story.append(Paragraph(_markup(part.text), styles["h1" if part.level == 1 else "h2"]))
            heading_last = True
            continue
        if isinstance(part, Text):
            style = "doc_number" if part.kind == "doc_number" else "body"
            story.append(Paragraph(_markup(part.text), styles[style]))
        elif isinstance(part, TableLayout):
            # a table is read whole: on one page when it fits one, with its heading
            head = [story.pop()] if heading_last else []
            first, *more = _fitting(part, styles, _TABLE_HEIGHT_PT)
            story.append(KeepTogether([*head, first, Spacer(1, 8)]))
            story.extend(KeepTogether([x, Spacer(1, 8)]) for x in more)
        elif isinstance(part, Signature):
            story.append(Spacer(1, _LINE_PT))
            story.append(Paragraph(_escape(part.body), styles["signature"]))
            if part.date is not None:
                story.append(Paragraph(_escape(format_date(part.date)), styles["signature"]))
        heading_last = False
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(PAGE_MM[0] * _MM, PAGE_MM[1] * _MM),
        leftMargin=MARGINS_MM["left"] * _MM, rightMargin=MARGINS_MM["right"] * _MM,
        topMargin=MARGINS_MM["top"] * _MM, bottomMargin=MARGINS_MM["bottom"] * _MM,
        title=printable(default_title(report)), author=printable(report.metadata.body),
        lang="zh-CN", creator="govdisclosure",
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
