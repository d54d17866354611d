"""PDF input: pdfplumber's tables and page text of a real report (淮安市洪泽区 2023), real PDF
files printed from our HTML rendering (needs the ``pdf`` extra), and the missing-extra
messages."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest

import govdisclosure
from govdisclosure.errors import GovDisclosureError, MissingExtra
from govdisclosure.jsonio import load_json
from govdisclosure.parsing import NoteKind, parse, parse_source
from govdisclosure.parsing._source import from_rows, pdf_items, unradical
from test_parse_corpus import compare, expected

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(govdisclosure.__file__).parent / "data"
PDF = json.loads((DATA / "parse_huaian_hongze_2023_pdfplumber.json").read_text("utf-8"))
WANT = expected("huaian_hongze_2023")


def table_items() -> list[str | list[list[str]]]:
    """What the PDF reader hands on: the title lines, then each table in page order."""
    items: list[str | list[list[str]]] = list(PDF["pages_text"][0].splitlines()[:2])
    for table in PDF["tables"]:
        items.extend(pdf_items([(0.0, table["rows"])]))
    return items


def test_pdf_tables_give_every_cell() -> None:
    result = parse_source(from_rows(table_items(), "pdf"))
    assert result.report is not None
    assert compare(result.report, WANT) == []
    assert not result.unreadable()
    meta = result.report.metadata
    assert (meta.body, meta.year, meta.title) == ("洪泽区人民政府", 2023, WANT["metadata"]["title"])


def test_single_other_handling_row_is_kept_and_its_parts_not_stated() -> None:
    result = parse_source(from_rows(table_items(), "pdf"))
    assert result.report is not None
    t3 = result.report.table3
    assert t3["other_handling", "total"] == 0
    for part in ("no_correction", "fee_unpaid", "other_reasons"):
        assert t3[part, "natural_person"] is None
    missing = [n for n in result.findings if n.kind is NoteKind.MISSING and n.place.table == "三"]
    assert len(missing) == 3
    assert all("one row" in n.message for n in missing)


def test_label_typo_is_matched_with_a_finding() -> None:
    result = parse_source(from_rows(table_items(), "pdf"))
    notes = [n for n in result.findings if "2.其他法律行政止公开" in n.message]
    assert len(notes) == 1
    assert notes[0].kind is NoteKind.NORMALISED


def test_stated_totals_are_kept_even_when_wrong() -> None:
    result = parse_source(from_rows(table_items(), "pdf"))
    assert result.report is not None
    assert result.report.table4["review", "total"] == 0  # published 0, parts add up to 11


ALIGNED = {"1.属于国家秘密", "3.危及“三安全一稳定”", "1.本机关不掌握相关政府信息",
           "2.没有现成信息需要另行制作", "4.无正当理由大量反复申请"}


def test_pdf_page_text_is_read_by_the_order_of_lines() -> None:
    """extract_text misaligns wrapped labels and their values: those rows take the lines of
    values in the order of the rows, confirmed by the column identities, each with a note."""
    result = parse("\n".join(PDF["pages_text"]))
    assert result.report is not None
    t3 = result.report.table3
    assert not result.unreadable()
    recovered = {n.place.row[-1] for n in result.findings if n.kind is NoteKind.RECOVERED}
    assert recovered == ALIGNED
    printed = [c for c in t3.columns.cells if c.kind.name != "GROUP"]
    for path, values in WANT["table3"].items():
        row = t3.rows.by_path(path)
        assert row is not None
        assert [t3[row, c] for c in printed] == values, path
    # the values printed between two halves of a wrapped label belong to it
    assert t3["partly_disclosed", "total"] == 4


def test_pdf_page_text_misaligned_rows_unread_when_identities_break() -> None:
    """A line of values apart from its label that breaks a column identity: the rows read by
    the order of lines are left unread, never placed by guess."""
    text = "\n".join(PDF["pages_text"])
    assert text.count("3 0 0 0 0 0 3\n") == 1
    result = parse(text.replace("3 0 0 0 0 0 3\n", "3 0 0 1 0 0 4\n"))
    assert result.report is not None
    assert {n.place.row[-1] for n in result.unreadable()} == ALIGNED
    t3 = result.report.table3
    assert t3["needs_creation", "total"] is None
    assert t3["state_secret", "total"] is None


def test_page_numbers_are_not_values() -> None:
    result = parse("\n".join(PDF["pages_text"]))
    assert result.report is not None
    assert result.report.table2["item_5", "licensing", "decisions"] == 550


@pytest.mark.parametrize(("suffix", "module", "extra"), [(".pdf", "pdfplumber", "pdf"),
                                                         (".docx", "docx", "docx")])
def test_missing_extra_names_the_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, extra: str
) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_bytes(b"not really")
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {module!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingExtra, match=rf"pip install 'govdisclosure\[{extra}\]'") as info:
        parse(path)
    assert isinstance(info.value, GovDisclosureError)
    assert isinstance(info.value, ImportError)


# --- real PDF files: our standalone HTML page printed by headless Chromium ----------------


@pytest.mark.parametrize(("pdf", "example"), [
    ("parse_seed_render.pdf", "yongchun-shigu-2020.json"),
    ("parse_pingtan_render.pdf", "pingtan-2025.json"),
])
def test_printed_pdf_gives_every_cell(pdf: str, example: str) -> None:
    pytest.importorskip("pdfplumber")
    want = load_json((EXAMPLES / example).read_text("utf-8"))
    result = parse(DATA / pdf)
    assert result.kind == "pdf"
    assert result.report is not None, [str(n) for n in result.findings]
    got = result.report
    assert got.format is want.format
    assert got.metadata == want.metadata  # CJK radicals of the PDF text folded back
    assert got.table2 == want.table2
    assert got.table3 == want.table3
    assert got.table4 == want.table4
    assert not result.unreadable()
    # the browser's running head and foot (date, title, file address, page x/n) are not read
    assert not any("file:" in str(n) for n in result.findings)


def test_multi_line_single_cell_rows_are_text() -> None:
    """Paragraphs that a table's frame took in come out as lines, the table rows stay."""
    table: list[list[str | None]] = [
        ["2025年度，主动公开……\n（四）收到和处理政府信息公开申请情况", None, None],
             ["规章", "1", "2"],
             ["五、存在的主要问题及改进情况\n一是……", None, None]]
    assert pdf_items([(0.0, table)]) == [
        "2025年度，主动公开……", "（四）收到和处理政府信息公开申请情况",
        [["规章", "1", "2"]],
        "五、存在的主要问题及改进情况", "一是……",
    ]


def test_radicals_of_pdf_text_are_folded() -> None:
    assert unradical("永春县⽯⿎镇⼈⺠政府") == "永春县石鼓镇人民政府"
    assert unradical("（一）予以公开，2,498") == "（一）予以公开，2,498"  # nothing else changes


def test_wrapped_label_with_empty_cells_stays_a_row() -> None:
    table: list[list[str | None]] = [["行政事业\n性收费", "", ""], ["规章", "1", "2"]]
    assert pdf_items([(0.0, table)]) == [[["行政事业\n性收费", "", ""], ["规章", "1", "2"]]]


def test_printed_pdf_with_a_stated_group_column_and_blanks() -> None:
    """A report with blank cells and a stated 法人或其他组织 column (headed 小计), printed by
    Chromium: pdfplumber's table sets spacer columns between the cells, and a blank 自然人
    cell once read as padding shifted the row (自然人 read as the 小计's 15)."""
    pytest.importorskip("pdfplumber")
    from govdisclosure.layout import Kind

    want = load_json((DATA / "parse_group_render.json").read_text("utf-8"))
    result = parse(DATA / "parse_group_render.pdf")
    assert result.report is not None
    got, t3 = result.report.table3, want.table3
    for row in t3.rows.nodes:
        for col in t3.columns.nodes:
            if got[row, col] is not None:
                assert got[row, col] == t3[row, col], (row.label, col.label)
    group = next(c for c in t3.columns.nodes if c.kind is Kind.GROUP)
    stated = [row for row in t3.rows.nodes if t3[row, group] is not None]
    assert stated
    assert [got[row, group] for row in stated] == [t3[row, group] for row in stated]
