"""Word rendering: model → docx → model through the project's own reader, and the docx's
structure checked with python-docx (merged cells = TableLayout spans, fonts, A4, tblHeader)."""

from __future__ import annotations

import builtins
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import govdisclosure
from govdisclosure.cli import main
from govdisclosure.errors import GovDisclosureError, MissingExtra
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport
from govdisclosure.parsing import parse
from govdisclosure.rendering import render
from govdisclosure.rendering._layout import TableLayout, outline
from govdisclosure.rendering._paper import MARGINS_MM, TEXT_WIDTH_MM
from govdisclosure.rendering.docx import BODY_FONT, FONTS, HEADING_FONT, TITLE_FONT
from govdisclosure.strategies import reports
from test_parse_render import same_tables_and_metadata as same_report
from test_render_variant import variant_report

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm  # noqa: E402

EXAMPLES = Path(govdisclosure.__file__).parent / "data"
NAMES = ["yongchun-shigu-2020.json", "pingtan-2025.json"]
FEW = settings(max_examples=8, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.large_base_example])


def example(name: str) -> AnnualReport:
    return load_json((EXAMPLES / name).read_text("utf-8"))


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def positions(table: Any) -> dict[tuple[int, int], Any]:
    """Each ``w:tc`` by the (row, grid column) where it starts."""
    out = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            out[r, col] = tc
            col += tc.grid_span
    return out


def check_spans(table: Any, want: TableLayout) -> None:
    """Every cell of the layout is one merged area of the Word table, with its text."""
    assert len(table.rows) == want.n_rows
    assert len(table.columns) == want.n_cols
    at = positions(table)
    anchored = {(c.row, c.col) for c in want.cells}
    for cell in want.cells:
        tc = at[cell.row, cell.col]
        assert tc.grid_span == cell.colspan, (want.name, cell.text)
        assert tc.vMerge == ("restart" if cell.rowspan > 1 else None), (want.name, cell.text)
        assert "".join(t.text or "" for t in tc.iter(qn("w:t"))) == cell.text
        for r in range(cell.row + 1, cell.row + cell.rowspan):
            below = at[r, cell.col]
            assert below.vMerge == "continue", (want.name, cell.text, r)
            assert below.grid_span == cell.colspan
            assert (r, cell.col) not in anchored
    # nothing else: every w:tc starts at an anchored cell or continues a vertical merge
    for (r, c), tc in at.items():
        assert (r, c) in anchored or tc.vMerge == "continue", (want.name, r, c)


def layouts(report: AnnualReport) -> list[TableLayout]:
    return [p for p in outline(report) if isinstance(p, TableLayout)]


# --- round trip through the project's Word reader ----------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_bundled_examples_read_back(tmp_path: Path, name: str) -> None:
    report = example(name)
    path = tmp_path / "报告.docx"
    path.write_bytes(render(report, "docx"))
    result = parse(path)
    assert result.kind == "docx"
    same_report(result.report, report)
    assert not result.unreadable()
    assert result.report is not None
    assert result.report.metadata.title == report.metadata.title


@FEW
@given(report=reports("2019", blanks=True)
       | reports("2021", blanks=True))
def test_generated_reports_read_back(report: AnnualReport) -> None:
    """Official formats (a reader of published reports cannot know a variant's labels),
    narrative, blanks and stated groups included."""
    path = Path(__import__("tempfile").mkdtemp()) / "r.docx"
    path.write_bytes(render(report, "docx"))
    result = parse(path)
    same_report(result.report, report)
    assert not result.unreadable()


# --- structure ---------------------------------------------------------------------------


@FEW
@given(report=reports(blanks=True, narrative=False))
def test_merged_cells_are_the_layout_spans(report: AnnualReport) -> None:
    """Any registered format, variants included."""
    document = open_docx(render(report, "docx"))
    want = layouts(report)
    assert len(document.tables) == len(want) == 3
    for table, layout in zip(document.tables, want, strict=True):
        check_spans(table, layout)


def test_variant_spans_grow() -> None:
    report = variant_report()
    document = open_docx(render(report, "docx"))
    t3 = layouts(report)[1]
    assert t3.n_cols == 11
    check_spans(document.tables[1], t3)


@pytest.mark.parametrize("name", NAMES)
def test_page_setup_fonts_and_header_rows(name: str) -> None:
    report = example(name)
    document = open_docx(render(report, "docx"))
    section = document.sections[0]

    def mm(length: int) -> float:  # Word stores twips: a length is exact to 1/56.7 mm
        return round(length / Mm(1), 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == MARGINS_MM["top"]
    assert mm(section.bottom_margin) == MARGINS_MM["bottom"]
    assert mm(section.left_margin) == MARGINS_MM["left"]
    assert mm(section.right_margin) == MARGINS_MM["right"]

    def east_asia(style: str) -> tuple[str | None, float | None]:
        s = document.styles[style]
        fonts = s.element.rPr.rFonts
        return fonts.get(qn("w:eastAsia")), s.font.size.pt

    assert east_asia("Title") == (TITLE_FONT, 22)
    assert east_asia("Heading 1") == (HEADING_FONT, 16)
    assert east_asia("Normal") == (BODY_FONT, 16)
    assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    # the font table names a substitute for each Chinese font
    font_table = document.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FONT_TABLE)
    fonts = {f.get(qn("w:name")): f for f in
             docx.oxml.parse_xml(font_table.blob).iter(qn("w:font"))}
    for font, (alt, _) in FONTS.items():
        assert fonts[font].find(qn("w:altName")).get(qn("w:val")) == alt
        assert "Noto" in alt or "SimHei" in alt
    # the title, the signature
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text.replace("\n", "") == report.metadata.title
    right = docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert paragraphs[-1].paragraph_format.alignment == right
    assert paragraphs[-2].text == report.metadata.body
    assert paragraphs[-2].paragraph_format.alignment == right
    # tables: header rows repeat, no row breaks, table 三 fills the text width, 小五 type
    for table, layout in zip(document.tables, layouts(report), strict=True):
        for r, row in enumerate(table.rows):
            tr_pr = row._tr.trPr
            assert (tr_pr.find(qn("w:tblHeader")) is not None) == (r < layout.header_rows)
            assert tr_pr.find(qn("w:cantSplit")) is not None
        width = sum(c.width for c in table.columns)
        assert abs(width - Mm(TEXT_WIDTH_MM)) < Mm(0.5)
    t3 = document.tables[1]
    # labels break where the words do, by a line break in the one run of the cell
    texts = {c.text for c in t3._cells}
    assert "三、\n本年度\n办理结果" in texts
    assert "（三）\n不予公开" in texts
    assert "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）" in texts
    sizes = {r.font.size.pt for c in t3._cells for p in c.paragraphs for r in p.runs}
    assert sizes <= {8.0, 9.0}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_it_and_table_3_keeps_to_one_page(tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    path = tmp_path / "报告.docx"
    path.write_bytes(render(example(NAMES[1]), "docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    with pdfplumber.open(str(tmp_path / "报告.pdf")) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    assert 3 <= len(pages) <= 6
    first = [i for i, t in enumerate(pages) if "本年新收政府信息公开申请数量" in t]
    last = [i for i, t in enumerate(pages) if "结转下年度继续办理" in t]
    assert first == last  # table 三 whole on one page
    # LibreOffice keeps the label lines of the file (no 不予 / 公开, no 办理结 / 果)
    lines = [x for t in pages for x in t.splitlines()]
    for word in ("不予公开", "无法提供", "不予处理", "其他处理", "本年度", "办理结果"):
        assert any(line.startswith(word) for line in lines), word
    assert not any(line.endswith(("不予", "本年", "办理结")) for line in lines)


# --- the command and the extra -----------------------------------------------------------


def test_cli_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "报告.docx"
    code = main(["render", str(EXAMPLES / NAMES[0]), "--to", "docx", "-o", str(out)],
                out=io.StringIO())
    assert code == 0
    assert open_docx(out.read_bytes()).tables
    assert main(["check", str(out)], out=io.StringIO()) == 0


def test_cli_refuses_to_write_binary_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", str(EXAMPLES / NAMES[0]), "--to", "docx"], out=io.StringIO())
    assert code == 2
    assert "-o" in capsys.readouterr().err


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        level = args[3] if len(args) > 3 else kwargs.get("level", 0)
        if level == 0 and (name == "docx" or name.startswith("docx.")):
            raise ImportError("No module named 'docx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtra, match=r"govdisclosure\[docx\]") as info:
        render(example(NAMES[0]), "docx")
    assert isinstance(info.value, GovDisclosureError)


# --- grouping separators: a render option, off by default --------------------------------


def table_texts(data: bytes) -> list[str]:
    return [c.text for t in open_docx(data).tables for c in t._cells]


def test_numbers_print_as_the_template_unless_grouped(tmp_path: Path) -> None:
    report = example(NAMES[1])  # 行政许可 2418, 收费 4166.241619
    plain = table_texts(render(report, "docx"))
    assert "2418" in plain
    assert "4166.241619" in plain
    assert not any("," in t for t in plain if t[:1].isdigit())
    out = tmp_path / "报告.docx"
    assert main(["render", str(EXAMPLES / NAMES[1]), "--to", "docx", "--group", "-o",
                 str(out)], out=io.StringIO()) == 0
    grouped = table_texts(out.read_bytes())
    assert "2,418" in grouped
    assert "4,166.241619" in grouped
    assert "2418" not in grouped
    # a grouped file still reads back to the same numbers
    same_report(parse(out).report, report)
