"""Reading reports as they are published: PDF-extracted text, web pages, HTML, Markdown,
PDF and Word files.

:func:`parse` turns any of them into an :class:`~govdisclosure.AnnualReport`, with every
table value's provenance and a note for everything normalised, missing or unreadable. A
value that cannot be read with certainty is left not stated and reported; it is never
guessed. Blank cells stay blank (``None``), never 0.

PDF and Word files need the optional extras ``govdisclosure[pdf]`` (pdfplumber) and
``govdisclosure[docx]`` (python-docx).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, NamedTuple

from govdisclosure.errors import InvalidValue, LayoutError, MissingExtra, SourceError
from govdisclosure.findings import Place
from govdisclosure.formats import Format2019, Format2021, ReportFormat
from govdisclosure.model import AnnualReport, Metadata, Table2, Table3, Table4

from ._html import decode_html, decode_undeclared, from_html
from ._labels import norm
from ._narrative import read_narrative
from ._result import PLACEHOLDER_BODY, Cell, CellStatus, NoteKind, ParseNote, ParseResult
from ._source import (
    _PAGE_NUMBER,
    Location,
    Source,
    from_rows,
    from_text,
    pdf_items,
    unradical,
)
from ._tables import Reader, detect_format, find_first_row, read_grid, read_table2, read_table4

__all__ = [
    "PLACEHOLDER_BODY",
    "Cell",
    "CellStatus",
    "Location",
    "NoteKind",
    "ParseNote",
    "ParseResult",
    "parse",
    "parse_source",
]


def __dir__() -> list[str]:
    return __all__


#: inputs larger than this are refused (a report is a few hundred kilobytes of text)
MAX_CHARS = 20_000_000
_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
             ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
             ".pdf": "pdf", ".docx": "docx"}
_KINDS = ("text", "markdown", "html", "pdf", "docx")


def parse(source: str | os.PathLike[str], *, kind: str | None = None) -> ParseResult:
    """Read a published report.

    ``source`` is a path (``os.PathLike``, or a one-line ``str`` naming an existing
    ``.txt``/``.md``/``.html``/``.pdf``/``.docx`` file) or the text itself (plain text,
    Markdown or HTML, told apart by content). ``kind`` forces ``"text"``, ``"markdown"``,
    ``"html"``, ``"pdf"`` or ``"docx"``.

    Raises :class:`~govdisclosure.errors.SourceError` for an input that cannot be read as a
    report (binary, too large, an unknown ``kind``) and
    :class:`~govdisclosure.errors.MissingExtra` when a PDF or Word file needs an extra that
    is not installed.
    """
    if kind is not None and kind not in _KINDS:
        raise SourceError(f"unknown input kind {kind!r}: expected one of {', '.join(_KINDS)}")
    path = _as_path(source)
    if path is not None:
        kind = kind or _SUFFIXES.get(path.suffix.lower())
        if kind == "pdf":
            return parse_source(_read_pdf(path))
        if kind == "docx":
            return parse_source(_read_docx(path))
        data = _read_bytes(path)
        if kind is None:
            kind = _sniff(data[:20000].decode("latin-1"))
        if kind == "html":
            text = decode_html(data, str(path))
        else:
            text = decode_undeclared(data.removeprefix(b"\xef\xbb\xbf"), str(path))
    else:
        # text holds only Unicode scalar values: a lone surrogate (a byte that was not UTF-8,
        # decoded with surrogateescape) is shown as U+FFFD, as a browser shows it
        text = str(source).encode("utf-8", "replace").decode("utf-8")
    if len(text) > MAX_CHARS:
        raise SourceError(
            f"input of {len(text)} characters is larger than the {MAX_CHARS} a report can be"
        )
    kind = kind or _sniff(text)
    if kind == "html":
        return parse_source(from_html(text))
    if kind in ("pdf", "docx"):
        raise SourceError(f"{kind} input must be given as a file path")
    return parse_source(from_text(text, kind if kind == "markdown" else "text"))


def _as_path(source: str | os.PathLike[str]) -> Path | None:
    if isinstance(source, os.PathLike):
        return Path(source)
    if not isinstance(source, str):
        raise SourceError(
            f"expected text or a path, got {type(source).__name__}"
        )
    if "\n" in source or len(source) > 1024 or "\x00" in source:
        return None
    candidate = Path(source.strip())
    try:
        is_file = candidate.suffix.lower() in _SUFFIXES and candidate.is_file()
    except (OSError, ValueError):
        return None
    return candidate if is_file else None


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_CHARS * 4:
        raise SourceError(f"{path} is larger than a report can be ({len(data)} bytes)")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{path}: not text (binary file?)")
    return data


def _sniff(text: str) -> str:
    head = text[:20000].lower()
    if any(tag in head for tag in ("<table", "<html", "<p>", "<p ", "<td", "<body", "<div")):
        return "html"
    if any(line.lstrip().startswith("|") for line in text.splitlines()[:2000]):
        return "markdown"
    return "text"


def _missing_extra(extra: str, module: str, exc: ImportError) -> MissingExtra:
    return MissingExtra(
        f"reading .{extra} files needs {module}: pip install 'govdisclosure[{extra}]'"
        f" ({exc})"
    )


class _Line(NamedTuple):
    """A text line of a PDF page, where it stands and the edges of its page's text block."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    left: float
    right: float


_PdfItem = tuple[float, "_Line | list[list[str | None]]"]


def _read_pdf(path: Path) -> Source:
    try:
        import pdfplumber
    except ImportError as exc:
        raise _missing_extra("pdf", "pdfplumber", exc) from exc
    pages: list[list[_PdfItem]] = []
    # pdfminer logs every font quirk of a valid file as a warning: not the reader's business
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_pdf_page(page) for page in pdf.pages]
    except Exception as exc:  # pdfplumber raises many types for a broken file
        raise SourceError(f"{path}: cannot read the PDF ({exc})") from exc
    finally:
        quiet.setLevel(level)
    pages = [[(top, item._replace(text=unradical(item.text)) if isinstance(item, _Line) else
               [[None if c is None else unradical(c) for c in row] for row in item])
              for top, item in page_items] for page_items in pages]
    running = _running_lines(pages)
    kept: list[tuple[int, _Line | list[list[str | None]]]] = []
    for number, page_items in enumerate(pages):
        kept.extend(
            (number, item) for _, item in sorted(page_items, key=lambda x: x[0])
            if not (isinstance(item, _Line) and (_shape(item.text) in running
                                                 or _PAGE_NUMBER.fullmatch(item.text.strip())))
        )
    joined: list[tuple[float, str | list[list[str | None]]]] = []
    previous: tuple[int, _Line] | None = None
    for number, item in kept:
        if isinstance(item, _Line):
            if previous is not None and _continues(previous, (number, item)):
                _, text = joined.pop()
                assert isinstance(text, str)
                joined.append((len(joined), _join(text, item.text)))
            else:
                joined.append((len(joined), item.text))
            previous = number, item
        else:
            joined.append((len(joined), item))
            previous = None
    return from_rows(pdf_items(joined), "pdf")


def _continues(before: tuple[int, _Line], after: tuple[int, _Line]) -> bool:
    """Whether ``after`` carries on the paragraph of ``before``: the line before runs to
    the right edge of its text block and this one starts at the left edge, unindented, in
    the same type size, on the next line or at the top of the next page (a justified
    paragraph with a first-line indent, as GB/T 9704 sets them). Lines are otherwise
    paragraphs of their own, and a short first line of a paragraph (``（一）主动公开方面。
    2025年，…``) would pass for a heading."""
    (page_a, a), (page_b, b) = before, after
    if abs(a.size - b.size) > 0.5 or a.x1 < a.right - 1.5 * a.size:
        return False
    if b.x0 > b.left + 0.5 * b.size:
        return False
    if page_a == page_b:
        return 0 <= b.top - a.bottom <= 1.2 * a.size
    return page_b == page_a + 1


def _join(text: str, more: str) -> str:
    # Chinese runs on without a space; an English word broken at a line end had one
    if text[-1:].isascii() and text[-1:].isalpha() and more[:1].isascii() and more[:1].isalpha():
        return f"{text} {more}"
    return text + more


def _shape(line: str) -> str:
    return "".join("#" if ch.isdigit() else ch for ch in line.strip())


def _running_lines(pages: list[list[_PdfItem]]) -> set[str]:
    """Running heads and feet: a line printed on every page (page numbers aside), like a
    browser's date/title/address lines. Not content."""
    if len(pages) < 2:
        return set()
    common: set[str] | None = None
    for page_items in pages:
        shapes = {_shape(item.text) for _, item in page_items if isinstance(item, _Line)}
        common = shapes if common is None else common & shapes
    return {x for x in common or set() if x}


def _pdf_page(page: Any) -> list[_PdfItem]:
    """A page's tables (aligned cells, from ``find_tables``) and the text lines outside them,
    with their vertical positions."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    items: list[_PdfItem] = [(float(t.bbox[1]), _pdf_table(page, t)) for t in tables]
    lines = page.filter(outside).extract_text_lines()
    # the text block's edges, from lines of some length (not a page number, not a date)
    long = [x for x in lines if len(str(x["text"]).strip()) >= 8] or lines
    left = min((float(x["x0"]) for x in long), default=0.0)
    right = max((float(x["x1"]) for x in long), default=0.0)
    for line in lines:
        chars = line.get("chars") or [{}]
        size = float(chars[0].get("size", line["bottom"] - line["top"]))
        items.append((float(line["top"]), _Line(
            text=str(line["text"]), x0=float(line["x0"]), x1=float(line["x1"]),
            top=float(line["top"]), bottom=float(line["bottom"]), size=size,
            left=left, right=right)))
    return items


def _pdf_table(page: Any, table: Any) -> list[list[str | None]]:
    """A table's cell texts. A "cell" that encloses other cells (pdfplumber's reading of a
    label merged over rows that run onto another page) holds their text too: only the
    characters outside every other cell are its own."""
    rows: list[list[str | None]] = table.extract()
    boxes = [(i, j, cell) for i, row in enumerate(table.rows)
             for j, cell in enumerate(row.cells) if cell is not None]

    def inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
        return (inner != outer and outer[0] <= inner[0] + 0.5 and outer[1] <= inner[1] + 0.5
                and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5)

    for i, j, box in boxes:
        others = [b for _, _, b in boxes if inside(b, box)]
        if not others:
            continue

        def own(obj: dict[str, Any], others: list[tuple[float, ...]] = others) -> bool:
            x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
            y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
            return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in others)

        rows[i][j] = str(page.within_bbox(box).filter(own).extract_text() or "")
    _repeat_header_spans(rows, table)
    return rows


def _repeat_header_spans(rows: list[list[str | None]], table: Any) -> None:
    """In the header rows (those above the first row holding a number), a label merged over
    rows is repeated in each row it covers, as Word's reader gives it: each header row then
    holds a cell for every printed column, so the empty header cell of a stated group column
    (``法人或其他组织`` with values of its own) stands where it is printed, between
    ``自然人`` and ``商业企业``. pdfplumber marks a covered cell ``None`` (then dropped)."""
    first_values = next((i for i, row in enumerate(rows)
                         if any(c is not None and c.strip().isdigit() for c in row)),
                        len(rows))
    if first_values < 2:
        return
    bands = [tuple(r.bbox) if r.bbox is not None else None for r in table.rows]
    for i in range(first_values):
        cells = table.rows[i].cells
        for j, box in enumerate(cells):
            if box is None or rows[i][j] is None:
                continue
            for k in range(i + 1, first_values):
                band = bands[k]
                if band is None or not box[1] - 0.5 <= band[1] < box[3] - 0.5:
                    break
                if rows[k][j] is None and table.rows[k].cells[j] is None:
                    rows[k][j] = rows[i][j]


def _read_docx(path: Path) -> Source:
    try:
        import docx
    except ImportError as exc:
        raise _missing_extra("docx", "python-docx", exc) from exc
    try:
        document = docx.Document(str(path))
        items: list[str | list[list[str]]] = []
        for child in _docx_blocks(document.element.body):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                items.append("".join(t.text or "" for t in child.iter() if
                                     t.tag.endswith("}t")))
            elif tag == "tbl":
                table = docx.table.Table(child, document)
                rows: list[list[str]] = []
                for row in table.rows:
                    seen: set[int] = set()
                    cells = []
                    for cell in row.cells:  # merged cells repeat: keep each once
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                    rows.append(cells)
                items.append(rows)
    except Exception as exc:  # python-docx raises many types for a broken file
        raise SourceError(f"{path}: cannot read the Word file ({exc})") from exc
    return from_rows(items, "docx")


def _docx_blocks(parent: Any) -> Any:
    """The paragraphs and tables of a Word body in order, those inside content controls
    (``w:sdt``, which Word and WPS put around a template's fields) and custom XML included."""
    for child in parent.iterchildren():
        tag = str(child.tag).rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _docx_blocks(child)


def parse_source(source: Source) -> ParseResult:
    """Read a report from an already tokenised source."""
    notes: list[ParseNote] = []
    reader = Reader(source.tokens, paged=source.paged)
    narrative = read_narrative(source.blocks, source.fields, notes)
    fmt = _format(reader.text, narrative.year, notes)

    text = reader.text
    a2 = text.find(norm(fmt.table2_cells()[0].block.label))
    first, second = [n.label for n in fmt.table3_rows().nodes if n.label][:2]
    a3 = find_first_row(reader, first, second, max(a2, 0))  # its label may drift
    a4 = text.find(norm(fmt.table4_rows()["litigation_direct"].label), max(a3, a2, 0))
    end = len(text)

    table2: Table2 | None = None
    t2_end = max(a2, 0)
    if a2 >= 0:
        table2, t2_end = read_table2(reader, fmt, a2, a3 if a3 >= 0 else (
            a4 if a4 >= 0 else end))
    table3: Table3 | None = None
    t3_end = t2_end
    if a3 >= 0:
        if _columns_out_of_order(fmt, text[t2_end:a3]):
            notes.append(ParseNote(
                kind=NoteKind.UNREADABLE, place=Place(table="三"),
                message="申请人栏目顺序与格式不符 / applicant columns not in the official order",
            ))
        else:
            got, t3_end = read_grid(reader, Table3, fmt, a3, a4 if a4 >= 0 else end,
                                     header_start=t2_end)
            assert got is None or isinstance(got, Table3)
            table3 = got
    table4, _ = read_table4(reader, fmt, max(t3_end, 0), end)

    for name, table in (("二", table2), ("三", table3), ("四", table4)):
        if table is None and not any(n.place.table == name for n in reader.notes + notes):
            notes.append(ParseNote(kind=NoteKind.MISSING, place=Place(table=name),
                                   message="未找到本表 / table not found (image, attachment "
                                           "or left out)"))
    for number, heading in (("一", "总体情况"), ("五", "问题"), ("六", "其他需要报告的事项")):
        if number not in narrative.sections:
            notes.append(ParseNote(kind=NoteKind.MISSING, place=Place(table="报告", row=(number,)),
                                   message=f"未找到第{number}部分 / section {number} "
                                           f"({heading}) not found"))

    missing: list[str] = []
    if narrative.body is None:
        missing.append("机关")
        notes.append(ParseNote(kind=NoteKind.MISSING, place=Place(table="报告", row=("机关",)),
                               message="未找到发布机关 / issuing body not found"))
    if narrative.year is None:
        missing.append("年度")
        notes.append(ParseNote(kind=NoteKind.MISSING, place=Place(table="报告", row=("年度",)),
                               message="未找到报告年度 / report year not found"))
    report: AnnualReport | None = None
    found = (table2, table3, table4, *narrative.sections.values())
    if narrative.body is not None or narrative.year is not None or any(
        x is not None for x in found
    ):
        # the tables are kept whatever metadata is missing: placeholders stand in for it,
        # named in ``missing`` so that no writer passes them off as read
        try:
            report = AnnualReport(
                format=fmt,
                metadata=Metadata(
                    body=narrative.body or PLACEHOLDER_BODY,
                    year=narrative.year or _PLACEHOLDER_YEAR.get(fmt.code, 2021),
                    doc_number=narrative.doc_number, published=narrative.published,
                    title=narrative.title),
                overview=narrative.sections.get("一"),
                table2=table2 or Table2.empty(fmt),
                table3=table3 or Table3.empty(fmt),
                table4=table4 or Table4.empty(fmt),
                problems=narrative.sections.get("五"),
                other=narrative.sections.get("六"),
            )
        except (InvalidValue, LayoutError) as exc:  # pragma: no cover - values are checked
            notes.append(ParseNote(kind=NoteKind.UNREADABLE, place=Place(table="报告"),
                                   message=f"无法建立报告 / {exc}"))
    return ParseResult(
        report=report,
        cells=tuple(reader.cells),
        findings=(*notes, *reader.notes),
        kind=source.kind,
        missing=tuple(missing),
    )


#: the year of a report whose year was not found: the first its format was used for
_PLACEHOLDER_YEAR = {"2019": 2019, "2021": 2021}


def _format(text: str, year: int | None, notes: list[ParseNote]) -> type[ReportFormat]:
    found, scores = detect_format(text, (Format2019, Format2021))
    by_year: type[ReportFormat] | None = None
    if year is not None:
        by_year = Format2021 if year >= 2021 else Format2019
    place = Place(table="报告", row=("格式版本",))
    if found is None:
        chosen = by_year or Format2021
        notes.append(ParseNote(
            kind=NoteKind.NORMALISED, place=place,
            message=f"表格标签未能判定格式，按年度取 {chosen.code} / labels do not tell the "
                    f"format (scores {scores}); {chosen.code} taken from the report year",
        ))
        return chosen
    if by_year is not None and by_year is not found:
        notes.append(ParseNote(
            kind=NoteKind.NORMALISED, place=place,
            message=f"格式与年度不一致 / the labels are those of the {found.code} format, "
                    f"unusual for a report on {year}",
        ))
    return found


def _columns_out_of_order(fmt: type[ReportFormat], header: str) -> bool:
    """Whether the printed applicant sub-columns appear in another order than the format's."""
    axis = fmt.table3_columns()
    group = next((n for n in axis.nodes if n.children and not axis.is_root(n)), None)
    if group is None:
        return False
    # short labels (其他) also occur inside others (法人或其他组织): compare the long ones
    labels = [norm(axis.nodes[i].label) for i in group.children]
    positions = [header.find(x) for x in labels if len(x) >= 4]
    positions = [p for p in positions if p >= 0]
    return positions != sorted(positions)
