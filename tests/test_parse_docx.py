"""Word input: a .docx written with python-docx (headings, paragraphs and tables 二、三、四
with the template's merged cells, exactly as the renderers lay them out), parsed back."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import govdisclosure
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport
from govdisclosure.parsing import parse
from govdisclosure.rendering._layout import Heading, Signature, TableLayout, Text, outline
from govdisclosure.strategies import reports
from govdisclosure.zh import format_date

docx = pytest.importorskip("docx")

EXAMPLES = Path(govdisclosure.__file__).parent / "data"


def write_docx(report: AnnualReport, path: Path) -> None:
    """The report as a Word document: real tables, merged cells merged."""
    document = docx.Document()
    for part in outline(report):
        if isinstance(part, Heading):
            document.add_heading(part.text, level=min(part.level, 9))
        elif isinstance(part, Text):
            document.add_paragraph(part.text)
        elif isinstance(part, TableLayout):
            table = document.add_table(rows=part.n_rows, cols=part.n_cols)
            # the cells before any merge (python-docx finds a cell by walking the table):
            # merged areas do not overlap, so the cells outside each stay valid
            grid = [list(row.cells) for row in table.rows]
            for cell in part.cells:
                target = grid[cell.row][cell.col]
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(grid[cell.row + cell.rowspan - 1]
                                          [cell.col + cell.colspan - 1])
                target.text = cell.text
        elif isinstance(part, Signature):
            document.add_paragraph(part.body)
            if part.date is not None:
                document.add_paragraph(format_date(part.date))
    document.save(str(path))


def same_report(got: AnnualReport | None, want: AnnualReport) -> None:
    assert got is not None
    assert got.format is want.format
    assert attrs.evolve(got.metadata, title=want.metadata.title) == want.metadata
    assert got.table2 == want.table2
    assert got.table3 == want.table3
    assert got.table4 == want.table4


@pytest.mark.parametrize("name", ["yongchun-shigu-2020.json", "pingtan-2025.json"])
def test_bundled_examples_from_word(tmp_path: Path, name: str) -> None:
    report = load_json((EXAMPLES / name).read_text("utf-8"))
    path = tmp_path / "report.docx"
    write_docx(report, path)
    result = parse(path)
    assert result.kind == "docx"
    same_report(result.report, report)
    assert not result.unreadable()
    assert result.report is not None
    assert result.report.metadata.title == report.metadata.title


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(report=reports("2019", narrative=False, blanks=True)
       | reports("2021", narrative=False, blanks=True))
def test_generated_reports_from_word(tmp_path: Path, report: AnnualReport) -> None:
    """Official formats only (see test_parse_render); blanks and stated groups included."""
    path = tmp_path / "report.docx"
    write_docx(report, path)
    result = parse(path)
    same_report(result.report, report)
    assert not result.unreadable()


def test_content_controls_are_read_through(tmp_path: Path) -> None:
    """Paragraphs and tables inside content controls (``w:sdt``, as a Word or WPS template
    puts around its fields) are read like any other."""
    from docx.oxml.ns import qn

    from govdisclosure.rendering import render

    report = load_json((EXAMPLES / "pingtan-2025.json").read_text("utf-8"))
    document = docx.Document(__import__("io").BytesIO(render(report, "docx")))
    body = document.element.body
    wrapped = [body.find(qn("w:p")), body.findall(qn("w:tbl"))[1]]
    for element in wrapped:
        sdt = body.makeelement(qn("w:sdt"), {})
        sdt.append(body.makeelement(qn("w:sdtPr"), {}))
        content = body.makeelement(qn("w:sdtContent"), {})
        sdt.append(content)
        element.addprevious(sdt)
        content.append(element)
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = parse(path)
    same_report(result.report, report)
    assert result.report is not None
    assert result.report.metadata.title == report.metadata.title
    assert not result.unreadable()
