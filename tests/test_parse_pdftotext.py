"""PDF page text as poppler's ``pdftotext`` gives it, in its three modes: by reading order
(the default: a table's labels, then its values, column by column), ``-layout`` (the page's
rows, cells spaced by their place) and ``-raw`` (the content stream's order). Researchers
often have only this text. Whatever the mode, every cell is read right or left unread, never
wrong; in ``-layout`` and ``-raw`` a table with every cell printed is read whole.

Sources: the two PDFs Chromium printed from our HTML pages (``tests/data/parse_*_render.pdf``,
see ``parse_SOURCES.md``), and reports of ``govdisclosure.strategies`` printed with
``rendering.pdf`` (reportlab).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govdisclosure
from govdisclosure.csvio import dump_csv
from govdisclosure.formats import Format2019, Format2021
from govdisclosure.jsonio import load_json
from govdisclosure.model import AnnualReport
from govdisclosure.parsing import parse

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils not installed")
pytest.importorskip("reportlab")
from govdisclosure.rendering.pdf import render_pdf  # noqa: E402
from govdisclosure.strategies import reports  # noqa: E402

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(govdisclosure.__file__).parent / "data"
MODES = ("", "-layout", "-raw")
FEW = settings(max_examples=8, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.large_base_example])

Key = tuple[str, str, str]
#: the official formats: text names no local variant (other tests register some)
OFFICIAL = st.sampled_from([Format2019, Format2021])


def cells(report: AnnualReport) -> dict[Key, str]:
    """Every cell of tables 二、三、四 as the CSV form prints it ("" for a blank)."""
    lines = list(csv.reader(dump_csv(report).splitlines()))[1:]
    return {(t, r, c): v for t, r, c, v in lines if t in ("二", "三", "四")}


def pdftotext(pdf: Path, mode: str) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *([mode] if mode else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()


def score(text: str, truth: AnnualReport) -> tuple[int, list[str], int]:
    """Cells read right, the wrong ones (``place: read != printed``), and cells unread."""
    result = parse(text)
    got = cells(result.report) if result.report is not None else {}
    right, wrong, unread = 0, [], 0
    for key, printed in cells(truth).items():
        mine = got.get(key, "")
        if mine == printed:
            right += 1
        elif mine == "":
            unread += 1
        else:
            wrong.append(f"{'/'.join(key)}: {mine!r} != {printed!r}")
    return right, wrong, unread


def printed_texts(report: AnnualReport) -> list[tuple[str, str]]:
    """``report`` printed with reportlab, as ``pdftotext`` gives it in each mode."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "报告.pdf"
        pdf.write_bytes(render_pdf(report))
        return [(mode, pdftotext(pdf, mode)) for mode in MODES]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("pdf", "example"), [
    ("parse_seed_render.pdf", "yongchun-shigu-2020.json"),
    ("parse_pingtan_render.pdf", "pingtan-2025.json"),
])
def test_chromium_pdf_text_is_never_wrong(pdf: str, example: str, mode: str) -> None:
    truth = load_json((EXAMPLES / example).read_text("utf-8"))
    right, wrong, unread = score(pdftotext(DATA / pdf, mode), truth)
    assert wrong == []
    if mode == "-layout":  # the rows stay rows: all but table 四's glued header is read
        assert right >= 180, (right, unread)
    else:
        assert right >= 15, (right, unread)


def test_last_row_of_table2_takes_only_its_own_values() -> None:
    """Reading order lists the last block's labels, then its values: 行政事业性收费 is not
    given 行政处罚's 644 (its own 本年收费金额 is 4,166.241619)."""
    truth = load_json((EXAMPLES / "pingtan-2025.json").read_text("utf-8"))
    got = parse(pdftotext(DATA / "parse_pingtan_render.pdf", ""))
    assert got.report is not None
    fees = [v for (t, r, _c), v in cells(got.report).items() if t == "二" and "收费" in r]
    assert "644" not in fees
    assert {v for v in fees if v} <= set(cells(truth).values())


def test_stated_group_column_is_read_from_page_text() -> None:
    """A stated 法人或其他组织 column is headed 小计, which ``-layout`` keeps even where it
    wraps 自然人 over two lines: the rows are read with the column, none shifted."""
    report = load_json((DATA / "pdftotext_group_96.json").read_text("utf-8"))
    texts = dict(printed_texts(report))
    assert "小计" in texts["-layout"]
    result = parse(texts["-layout"])
    assert result.report is not None
    _right, wrong, _unread = score(texts["-layout"], report)
    assert wrong == []
    # 自然人, 法人或其他组织 (小计), its five parts, 总计
    assert [v for (t, r, _c), v in cells(result.report).items()
            if t == "三" and r.endswith("（五）不予处理/1.信访举报投诉类申请")
            ] == ["4", "10", "9", "0", "0", "1", "0", "14"]


@pytest.mark.parametrize("name", ["289", "58", "31", "74", "162", "151", "217"])
def test_reading_order_with_lost_blanks_is_never_wrong(name: str) -> None:
    """Reports whose default-mode text once gave wrong numbers (``parse_SOURCES.md``)."""
    report = load_json((DATA / f"pdftotext_blanks_{name}.json").read_text("utf-8"))
    for mode, text in printed_texts(report):
        _right, wrong, _unread = score(text, report)
        assert wrong == [], mode


@FEW
@given(OFFICIAL.flatmap(reports))
def test_printed_pdf_text_with_every_cell_is_read_whole(report: AnnualReport) -> None:
    for mode, text in printed_texts(report):
        right, wrong, unread = score(text, report)
        assert wrong == [], mode
        if mode:
            assert unread == 0, (mode, right, unread)


@FEW
@given(OFFICIAL.flatmap(lambda fmt: reports(fmt, blanks=True)))
def test_printed_pdf_text_with_blank_cells_is_never_wrong(report: AnnualReport) -> None:
    """Blank cells, and now and then a stated group (its column headed 小计)."""
    for mode, text in printed_texts(report):
        _right, wrong, _unread = score(text, report)
        assert wrong == [], mode
