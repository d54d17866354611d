"""PDF input: pdfplumber's tables and page text of a real report (淮安市洪泽区 2023), and the
missing-extra messages."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.errors import GovDisclosureError
from govdisclosure.parsing import NoteKind, parse, parse_source
from govdisclosure.parsing._source import from_rows, pdf_items
from test_parse_corpus import compare, expected

DATA = Path(__file__).parent / "data"
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


def test_pdf_page_text_is_never_wrong() -> None:
    """extract_text misaligns wrapped labels and their values: those rows are unreadable,
    every value that is read is the published one."""
    result = parse("\n".join(PDF["pages_text"]))
    assert result.report is not None
    t3 = result.report.table3
    unreadable = {n.place.row[-1] for n in result.unreadable()}
    assert unreadable == {
        "1.属于国家秘密", "3.危及“三安全一稳定”", "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作", "4.无正当理由大量反复申请",
    }
    printed = [c for c in t3.columns.cells if c.kind.name != "GROUP"]
    for path, values in WANT["table3"].items():
        row = t3.rows.by_path(path)
        assert row is not None
        got = [t3[row, c] for c in printed]
        if row.label in unreadable:
            assert got == [None] * 7
        else:
            assert got == values, path
    # the values printed between two halves of a wrapped label belong to it
    assert t3["partly_disclosed", "total"] == 4


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
    with pytest.raises(GovDisclosureError, match=rf"pip install govdisclosure\[{extra}\]"):
        parse(path)
