"""Word rendering: the report as a ``.docx`` in the manner of 党政机关公文 (GB/T 9704-2012).

A4 with the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a
156 × 225 mm text block); title in 方正小标宋简体 二号 (22 pt), first-level headings in 黑体
三号, second-level in 楷体_GB2312, body in 仿宋_GB2312 三号 (16 pt) on a fixed 28 pt line. The
fonts a county office has are not the fonts every reader has: each is declared in the
document's font table with an ``altName`` and the GB2312 charset (Word substitutes by them),
and every run says ``zh-CN`` so LibreOffice picks simplified-Chinese glyphs of a CJK font it
has (Noto Serif/Sans CJK SC).

Tables 二、三、四 are written from :func:`govdisclosure.rendering._layout.layout`, merging
exactly the spans of its :class:`TableLayout`; their column headers repeat on each page
(``w:tblHeader``), no row breaks across a page (``w:cantSplit``), and table 三 fits the text
width in 小五 (9 pt), smaller when its numbers are long (:func:`~._paper.table_font_pt`).
Labels break where their words do (``（三）`` / ``不予公开``): the break is written in the cell
(:func:`~._paper.label_lines`), since Word and LibreOffice would break a CJK label wherever
its line ends. ``group`` prints numbers with grouping separators. Needs the ``docx`` extra
(python-docx).
"""

from __future__ import annotations

import io
from typing import Any

from govdisclosure.errors import MissingExtra
from govdisclosure.formats import SECTION_HEADINGS
from govdisclosure.model import AnnualReport
from govdisclosure.zh import format_date, printable

from ._layout import (
    Cell,
    Heading,
    Role,
    Signature,
    TableLayout,
    Text,
    default_title,
    outline,
)
from ._paper import (
    BODY_PT,
    CELL_PAD_MM,
    MARGINS_MM,
    PAGE_MM,
    TITLE_PT,
    column_widths,
    ems,
    label_lines,
    table_font_pt,
    title_lines,
)

__all__ = ["BODY_FONT", "FONTS", "HEADING_FONT", "TITLE_FONT", "render_docx"]


def __dir__() -> list[str]:
    return __all__


TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"

#: Each font the document names, and the names Word may substitute for it (``w:altName``),
#: with its family. Kept in the document's font table.
FONTS: dict[str, tuple[str, str]] = {
    TITLE_FONT: ("方正小标宋_GBK,小标宋,华文中宋,STZhongsong,SimSun,宋体,Noto Serif CJK SC",
                 "roman"),
    HEADING_FONT: ("SimHei,Heiti SC,Noto Sans CJK SC,Source Han Sans SC", "modern"),
    SUBHEADING_FONT: ("楷体,KaiTi,STKaiti,AR PL UKai CN,Noto Serif CJK SC", "modern"),
    BODY_FONT: ("仿宋,FangSong,STFangsong,SimSun,宋体,Noto Serif CJK SC", "modern"),
}

_TITLE_PT, _BODY_PT = TITLE_PT, BODY_PT
_LINE_PT = 28  # 22 lines of 28 characters in the 225 mm block


def _docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise MissingExtra(
            f"writing Word files needs python-docx: pip install 'govdisclosure[docx]' ({exc})"
        ) from exc
    return docx


def _set_fonts(rpr: Any, east_asia: str, size_pt: float | None = None,
               bold: bool | None = None) -> None:
    """``w:rFonts`` (eastAsia named, Latin digits in Times New Roman, no theme fonts), size,
    boldness and the zh-CN language of a run or style's ``w:rPr``."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set(qn("w:val"), str(round(size_pt * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set(qn("w:val"), "1" if bold else "0")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    # python-docx's schema wants rPr children in order; Word tolerates any, LibreOffice too,
    # but keep them sorted as CT_RPr lists them
    order = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "lang"]

    def key(el: Any) -> int:
        name = str(el.tag).rsplit("}", 1)[-1]
        return order.index(name) if name in order else len(order)

    children = sorted(rpr, key=key)
    for el in children:
        rpr.remove(el)
        rpr.append(el)


def _style(document: Any, name: str, font: str, size_pt: float, *, bold: bool = False,
           center: bool = False, indent_chars: float = 0, space_before_pt: float = 0,
           outline_level: int | None = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    style = document.styles[name]
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    _set_fonts(style.element.get_or_add_rPr(), font, size_pt, bold)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(_LINE_PT, size_pt * 1.3))
    fmt.space_before = Pt(space_before_pt)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(indent_chars * size_pt) if indent_chars else Pt(0)
    fmt.left_indent = Pt(0)
    fmt.keep_with_next = outline_level is not None
    return style


def _font_table(document: Any) -> None:
    """Declare each font with its substitutes (``w:altName``) and the GB2312 charset."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    w = root.nsmap["w"]

    def q(tag: str) -> str:
        return f"{{{w}}}{tag}"

    for name, (alt, family) in FONTS.items():
        font = etree.SubElement(root, q("font"), {q("name"): name})
        etree.SubElement(font, q("altName"), {q("val"): alt})
        etree.SubElement(font, q("charset"), {q("val"): "86"})  # GB2312
        etree.SubElement(font, q("family"), {q("val"): family})
        etree.SubElement(font, q("pitch"), {q("val"): "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)


def _page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(20)


def _setup(document: Any) -> None:
    _page(document)
    _font_table(document)
    _style(document, "Normal", BODY_FONT, _BODY_PT, indent_chars=2)
    _style(document, "Title", TITLE_FONT, _TITLE_PT, center=True, outline_level=0)
    title = document.styles["Title"].element
    from docx.oxml.ns import qn

    ppr = title.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the template underlines its Title
        ppr.remove(border)
    _style(document, "Heading 1", HEADING_FONT, _BODY_PT, indent_chars=2, outline_level=1)
    _style(document, "Heading 2", SUBHEADING_FONT, _BODY_PT, indent_chars=2, outline_level=2)
    for level in range(3, 10):
        _style(document, f"Heading {level}", BODY_FONT, _BODY_PT, bold=True, indent_chars=2,
               outline_level=level)


def _paragraph(document_or_cell: Any, text: str, style: str | None = None) -> Any:
    paragraph = document_or_cell.add_paragraph(style=style)
    # Word's XML cannot hold control characters; overrides would reverse what a reader sees
    lines = printable(text).split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    return paragraph


# --- tables -------------------------------------------------------------------------------


def _cell_format(cell: Any, width_mm: float) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Mm

    cell.width = Mm(width_mm)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _write_table(document: Any, layout: TableLayout) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Mm

    font_pt = table_font_pt(layout)
    widths = column_widths(layout)
    table = document.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below hold
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {
            qn("w:w"): str(round(CELL_PAD_MM * 1440 / 25.4)), qn("w:type"): "dxa"}))
    look = tbl_pr.find(qn("w:tblLook"))  # CT_TblPr's order: tblCellMar before tblLook
    if look is None:
        tbl_pr.append(margins)
    else:
        look.addprevious(margins)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Mm(width)
    # the cells before any merge: merged areas never overlap, so the rest stay valid
    grid = [list(row.cells) for row in table.rows]
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
        if r < layout.header_rows:
            tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
        for c in range(layout.n_cols):
            _cell_format(grid[r][c], widths[c])
    for cell in layout.cells:
        target = grid[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(grid[cell.row + cell.rowspan - 1]
                                  [cell.col + cell.colspan - 1])
        _fill(target, cell, font_pt, sum(widths[cell.col: cell.col + cell.colspan]))
    # a table is read whole: keep it on one page when it fits one (Word and LibreOffice
    # break it, repeating the header rows, when it does not)
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _lines(cell: Cell, size_pt: float, width_mm: float) -> list[str]:
    """A label's lines where its words break (:func:`~._paper.label_lines`), measured in
    ems of the type size: Word and LibreOffice would otherwise break it wherever the line
    ends (``（三）不予`` / ``公开``, ``科研机`` / ``构``). A value is never broken."""
    if cell.role is Role.VALUE:
        return [cell.text]
    room = width_mm - 2 * CELL_PAD_MM - 0.3  # 0.3 mm: fonts' widths differ a little

    def fits(text: str) -> bool:
        return ems(text) * size_pt * 25.4 / 72 <= room

    return label_lines(cell.text, fits, pairs=cell.role is Role.COLUMN)


def _fill(target: Any, cell: Cell, font_pt: float, width_mm: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = target.paragraphs[0]
    for extra in target.paragraphs[1:]:  # a merge keeps the merged cells' empty paragraphs
        extra._p.getparent().remove(extra._p)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(font_pt * 1.35, 1))
    left = cell.role in (Role.ROW, Role.BLOCK)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    if not cell.text:  # a blank: the exact line spacing above keeps the row low
        return
    size = font_pt - 1 if cell.role is Role.NOTE else font_pt
    first, *rest = map(printable, _lines(cell, size, width_mm))
    run = paragraph.add_run(first)
    for line in rest:  # one run: a reader joining its text gets the label back whole
        run.add_break()
        run.add_text(line)
    _set_fonts(run._r.get_or_add_rPr(), BODY_FONT, size, bold=cell.role is Role.BLOCK)


# --- the document ------------------------------------------------------------------------


def _signature(document: Any, part: Signature) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [part.body]
    if part.date is not None:
        lines.append(format_date(part.date))
    for i, line in enumerate(lines):
        paragraph = _paragraph(document, line)
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Pt(2 * _BODY_PT)  # 右空四字 in the standard; two looks balanced
        if i == 0:
            fmt.space_before = Pt(2 * _LINE_PT)


def render_docx(report: AnnualReport, *, group: bool = False) -> bytes:
    """The report as the bytes of a Word document (``.docx``); numbers as the template prints
    them (``2418``), or with grouping separators (``2,418``) when ``group``."""
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    _setup(document)
    document.core_properties.title = printable(default_title(report))
    document.core_properties.author = printable(report.metadata.body)
    document.core_properties.language = "zh-CN"
    for part in outline(report, group=group):
        if isinstance(part, Heading):
            style = "Title" if part.level == 0 else f"Heading {min(part.level, 9)}"
            text = "\n".join(title_lines(part.text)) if part.level == 0 else part.text
            paragraph = _paragraph(document, text, style)
            if part.level == 0:
                paragraph.paragraph_format.space_after = Pt(_LINE_PT / 2)
            elif part.level == 1 and part.text == SECTION_HEADINGS["三"]:
                # table 三 is read as one: on a page of its own start (it fits one), since
                # LibreOffice does not honour keep-with-next across a whole table as Word does
                paragraph.paragraph_format.page_break_before = True
        elif isinstance(part, Text):
            paragraph = _paragraph(document, part.text)
            if part.kind == "doc_number":
                paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.space_after = Pt(_LINE_PT / 2)
        elif isinstance(part, TableLayout):
            _write_table(document, part)
            document.add_paragraph().paragraph_format.line_spacing = Pt(8)
        elif isinstance(part, Signature):
            _signature(document, part)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
