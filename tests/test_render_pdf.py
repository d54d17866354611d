"""PDF rendering: model → pdf → tables through the project's PDF reader (pdfplumber), and the
file checked as a printer would see it (A4, page count, fonts, extractable text, table 三 on
one page, labels wrapped where the words break)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure.cli import main
from govdisclosure.model import AnnualReport
from govdisclosure.parsing import parse
from govdisclosure.rendering import render
from test_render_docx import EXAMPLES, NAMES, example, same_report

pytest.importorskip("reportlab")
pdfplumber = pytest.importorskip("pdfplumber")
from govdisclosure.rendering.pdf import FONT, wrap_label  # noqa: E402
from govdisclosure.strategies import reports  # noqa: E402

FEW = settings(max_examples=6, deadline=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.large_base_example])


def read_back(report: AnnualReport, tmp: Path) -> AnnualReport | None:
    path = tmp / "报告.pdf"
    path.write_bytes(render(report, "pdf"))
    result = parse(path)
    assert result.kind == "pdf"
    assert not result.unreadable(), [str(n) for n in result.unreadable()]
    return result.report


@pytest.mark.parametrize("name", NAMES)
def test_bundled_examples_read_back(tmp_path: Path, name: str) -> None:
    report = example(name)
    got = read_back(report, tmp_path)
    same_report(got, report)
    assert got is not None
    assert got.metadata.title == report.metadata.title  # the two title lines joined
    # paragraphs read back whole: the lines of a justified paragraph, and its lines on the
    # next page, joined (a short first line is no heading)
    assert (got.overview, got.problems, got.other) == (
        report.overview, report.problems, report.other)


def group_column_stated(report: AnnualReport) -> bool:
    t3 = report.table3
    return any(t3.values[r][n.index] is not None
               for n in t3.columns.groups() for r in range(len(t3.values)))


@FEW
@given(report=reports("2019", blanks=True, narrative=False)
       | reports("2021", blanks=True, narrative=False))
def test_generated_reports_read_back_to_the_same_tables(report: AnnualReport) -> None:
    """Official formats; blanks, stated group rows and columns (法人或其他组织 with values of
    its own, the 2021 小计) and amounts with their units (16万, 8.175万元) included."""
    tmp = Path(__import__("tempfile").mkdtemp())
    same_report(read_back(report, tmp), report)


@settings(FEW, max_examples=3)
@given(report=(reports("2019", blanks=True, narrative=False)
               | reports("2021", blanks=True, narrative=False)).filter(group_column_stated))
def test_stated_group_column_reads_back(report: AnnualReport) -> None:
    """The empty header cell of a stated 法人或其他组织 column is found under its spanning
    label (the header labels merged over rows are repeated row by row, as Word's are)."""
    tmp = Path(__import__("tempfile").mkdtemp())
    same_report(read_back(report, tmp), report)


@pytest.mark.parametrize("name", NAMES)
def test_print_ready(name: str) -> None:
    data = render(example(name), "pdf")
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        assert 3 <= len(pages) <= 7
        assert all((round(p.width), round(p.height)) == (595, 842) for p in pages)  # A4
        fonts = {c["fontname"] for p in pages for c in p.chars}
        assert fonts == {"STSongStd-Light"}  # FONT's descriptor name: CID, Adobe-GB1
        texts = [p.extract_text() or "" for p in pages]
        assert "政府信息公开" in texts[0]
        assert "— 1 —" in texts[0]
        # table 三 whole on one page, from its first line to its last
        first = [i for i, t in enumerate(texts) if "本年新收政府信息公开申请数量" in t]
        last = [i for i, t in enumerate(texts) if "结转下年度继续办理" in t]
        assert first == last
        assert len(first) == 1
    assert b"/Registry (Adobe)" in data
    assert b"/Ordering (GB1)" in data
    assert b"/Lang (zh-CN)" in data


def test_labels_wrap_where_the_words_break() -> None:
    """A long row label of table 三 breaks after 、 (not every three characters)."""
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    lines = wrap_label(label, 180, 9)
    assert lines == ["2.申请人逾期未按收费通知要求缴纳费用、", "行政机关不再处理其政府信息公开申请"]
    assert wrap_label("（三）不予公开", 40, 9) == ["（三）", "不予公开"]
    # a phrase wider than the column is cut evenly, the shorter line first
    assert wrap_label("三、本年度办理结果", 37, 9) == ["三、", "本年度", "办理结果"]
    # in a wider column a long phrase fills its lines, two characters at least on the last
    assert wrap_label("1.本机关不掌握相关政府信息", 100, 9) == ["1.本机关不掌握相关政府", "信息"]
    # a column header word wider than its column: two characters a line
    assert wrap_label("自然人", 20, 9, pairs=True) == ["自然", "人"]
    assert wrap_label("社会公益组织", 20, 9, pairs=True) == ["社会", "公益", "组织"]
    assert wrap_label("科研机构", 30, 9, pairs=True) == ["科研", "机构"]


def test_table_3_labels_on_the_page_break_where_the_words_do() -> None:
    with pdfplumber.open(io.BytesIO(render(example(NAMES[1]), "pdf"))) as pdf:
        lines = [line["text"] for p in pdf.pages for line in p.extract_text_lines()]
    for word in ("不予公开", "无法提供", "不予处理", "其他处理", "本年度", "办理结果"):
        assert any(line.startswith(word) for line in lines), word
    assert not any(line.endswith(("不予", "本年", "办理结")) for line in lines)


@given(text=st.text(alphabet="政府信息公开申请、，（）1.", min_size=1, max_size=60),
       width=st.floats(min_value=10, max_value=200))
def test_wrapped_lines_keep_every_character_and_fit(text: str, width: float) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = wrap_label(text, width, 9)
    assert "".join(lines) == text
    assert all(line for line in lines)
    assert all(stringWidth(x, FONT, 9) <= width or len(x) == 1 for x in lines)


def test_cli_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "报告.pdf"
    code = main(["render", str(EXAMPLES / NAMES[1]), "--to", "pdf", "-o", str(out)],
                out=io.StringIO())
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert main(["check", str(out)], out=io.StringIO()) == 0


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_draws_every_page(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(render(example(NAMES[0]), "pdf"))
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "p")],
                   check=True, capture_output=True, timeout=120)
    assert len(list(tmp_path.glob("p-*.png"))) >= 3


def test_numbers_print_as_the_template_unless_grouped(tmp_path: Path) -> None:
    report = example(NAMES[1])  # 行政许可 2418, 收费 4166.241619

    def words(data: bytes) -> set[str]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return {w["text"] for p in pdf.pages for w in p.extract_words()}

    plain = words(render(report, "pdf"))
    assert {"2418", "4166.241619"} <= plain
    assert "2,418" not in plain
    out = tmp_path / "报告.pdf"
    assert main(["render", str(EXAMPLES / NAMES[1]), "--to", "pdf", "--group", "-o",
                 str(out)], out=io.StringIO()) == 0
    grouped = words(out.read_bytes())
    assert {"2,418", "4,166.241619"} <= grouped
    assert "2418" not in grouped
    same_report(parse(out).report, report)


@settings(FEW, max_examples=4)
@given(report=reports("2019", blanks=True, narrative=False, max_count=10**12)
       | reports("2021", blanks=True, narrative=False, max_count=10**12))
def test_wide_numbers_set_smaller_keep_table_3_on_one_page(report: AnnualReport) -> None:
    """Numbers of up to thirteen digits: the type of table 三 gets smaller (a number never
    wraps; reportlab cannot break a table inside 三、本年度办理结果), the table stays on one
    page and reads back."""
    tmp = Path(__import__("tempfile").mkdtemp())
    got = read_back(report, tmp)
    same_report(got, report)
    with pdfplumber.open(str(tmp / "报告.pdf")) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
    first = [i for i, t in enumerate(texts) if "本年新收政府信息公开申请数量" in t]
    last = [i for i, t in enumerate(texts) if "结转下年度继续办理" in t]
    assert first == last


def test_a_table_too_tall_for_a_page_is_continued(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """When table 三 cannot fit a page even in the smallest type, it is cut into parts, each
    with the header rows and the merged labels printed again, and still reads back."""
    import govdisclosure.rendering.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "_TABLE_HEIGHT_PT", 250.0)
    report = example(NAMES[1])
    got = read_back(report, tmp_path)
    same_report(got, report)
    with pdfplumber.open(str(tmp_path / "报告.pdf")) as pdf:
        heads = [i for i, p in enumerate(pdf.pages) if "申请人情况" in (p.extract_text() or "")]
    assert len(heads) == 2
    assert heads[1] == heads[0] + 1


def test_convert_writes_it_too(tmp_path: Path) -> None:
    """``convert --to pdf`` is ``render --to pdf`` (a clerk tries either)."""
    out = tmp_path / "报告.pdf"
    assert main(["convert", str(EXAMPLES / NAMES[0]), "--to", "pdf", "-o", str(out)],
                out=io.StringIO()) == 0
    same_report(parse(out).report, example(NAMES[0]))
