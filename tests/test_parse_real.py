"""The real reports of ``tests/data/parse_real_*`` parse to their hand-read values exactly.

Each ``*.expected.csv`` holds every table value of its report read by hand (sources in
``tests/data/parse_SOURCES.md``); every cell must be read, and read right.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from govdisclosure.csvio import dump_csv
from govdisclosure.parsing import CellStatus, parse

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in DATA.glob("parse_real_*") if not p.name.endswith(".expected.csv"))


def cells(lines: list[list[str]]) -> dict[tuple[str, str, str], str]:
    out = {}
    for table, row, column, value in lines:
        if table in ("二", "三", "四"):
            text = str(Decimal(value).normalize()) if value else ""
            out[table, "".join(row.split()), "".join(column.split())] = text
    return out


def test_there_are_real_reports() -> None:
    assert len(CASES) >= 2


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.name)
def test_real_report_reads_exactly(source: Path) -> None:
    expected = source.with_name(source.name.split(".")[0] + ".expected.csv")
    with expected.open(encoding="utf-8") as f:
        lines = list(csv.reader(f))[1:]
    want = cells(lines)
    result = parse(source)
    assert result.report is not None
    got = cells(list(csv.reader(dump_csv(result.report).splitlines()))[1:])
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    assert not wrong
    assert result.unread_cells() == 0
    assert all(s in (CellStatus.READ, CellStatus.BLANK) for s, _ in result.statuses().values())
    meta = {row: value for table, row, _, value in lines if table == "报告"}
    assert result.report.metadata.body == meta["机关"]
    assert str(result.report.metadata.year) == meta["年度"]
    assert result.report.format.code == meta["格式版本"]
    assert result.ok


def test_drifting_labels_are_read_as_variants() -> None:
    source = DATA / "parse_real_sanming-shi_2022.txt"
    text = source.read_text("utf-8")
    drifted = (text.replace("法律行政法规禁止公开", "法律和行政法规禁止公开")
               .replace("逾期不补正、行政机关不再处理", "逾期不补正、行政机关不再受理"))
    assert drifted.count("法律和行政法规") == 1
    assert drifted.count("不再受理") == 1
    result = parse(drifted)
    assert result.unread_cells() == 0
    assert result.report == parse(source).report
    variants = [n for n in result.findings if "标签异文" in n.message]
    assert len(variants) == 2
