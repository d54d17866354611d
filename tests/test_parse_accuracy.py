"""Cell accuracy on every real report of the corpus, in each form it is held in.

A cell must come out as the published value, or be left not stated with its row reported
unreadable or missing. A wrong number fails the test; so does a row that is now unreadable
or, read before, now missed (the expected sets are pinned).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.parsing import NoteKind, ParseResult, parse, parse_source
from govdisclosure.parsing._source import from_rows, pdf_items

DATA = Path(__file__).parent / "data"

# (expected values, how the source is read, the rows reported unreadable)
CASES: list[tuple[str, str, set[str]]] = [
    ("yongchun_shigu_2020", "file", set()),
    ("shanghai_govoffice_2019", "file", set()),
    ("shuyang_fgj_2023", "file", set()),
    ("shuyang_county_2025_ocr", "file", set()),
    # 行政规范性文件's digits have several splits; table 四, glued to its header, is read
    # with the narrative's figures (行政复议36起，行政诉讼9起: the only split that gives them)
    ("pingtan_2025_page", "file", {"二/第二十条第（一）项/行政规范性文件"}),
    ("huaian_hongze_2023", "tables", set()),
    ("huaian_hongze_2023", "text", set()),
    ("huaian_hongze_2024", "tables", set()),
    ("huaian_hongze_2024", "text", set()),
    ("huaian_city_2024", "tables", set()),
    ("huaian_city_2024", "text", set()),
]


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"parse_expected_{name}.json").read_text("utf-8"))
    return data


def read(want: dict[str, Any], form: str) -> ParseResult:
    path = DATA / want["source"]
    if form == "file":
        return parse(path)
    pdf = json.loads(path.read_text("utf-8"))
    if form == "text":
        return parse("\n".join(pdf["pages_text"]))
    items: list[str | list[list[str]]] = list(pdf["pages_text"][0].splitlines()[:2])
    for table in pdf["tables"]:
        items.extend(pdf_items([(0.0, table["rows"])]))
    return parse_source(from_rows(items, "pdf"))


def score(result: ParseResult, want: dict[str, Any]) -> tuple[int, int, list[str], set[str]]:
    """(cells right, cells stated, wrong cells, rows not read) against the expected values."""
    got: dict[tuple[str, str, str], object] = {}
    for cell in result.cells:
        got["二" if cell.table == "二" else cell.table, "/".join(cell.row),
            "/".join(cell.column)] = cell.value
    stated = right = 0
    wrong: list[str] = []
    missed: set[str] = set()
    truth: list[tuple[str, str, str, object]] = []
    for block, row, column, value in want["table2"]:
        truth.append(("二", f"{block}/{row}", column, Decimal(value) if isinstance(value, str)
                      else value))
    columns3 = ["自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构",
                "法人或其他组织/社会公益组织", "法人或其他组织/法律服务机构", "法人或其他组织/其他",
                "总计"]
    for path, values in want["table3"].items():
        truth.extend(("三", path, col, v) for col, v in zip(columns3, values, strict=True))
    for path, values in want["table4"].items():
        cols4 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        truth.extend(("四", path, col, v) for col, v in zip(cols4, values, strict=True))
    for table, row, column, value in truth:
        if value is None:
            continue
        stated += 1
        key = (table, row, column)
        if key not in got or got[key] is None:
            missed.add(f"{table}/{row}" if table == "二" else f"{table}/{row.rsplit('/', 1)[-1]}")
        elif got[key] == value:
            right += 1
        else:
            wrong.append(f"{key}: {got[key]!r} != {value!r}")
    return right, stated, wrong, missed


@pytest.mark.parametrize(("name", "form", "unreadable"), CASES,
                         ids=[f"{n}-{f}" for n, f, _ in CASES])
def test_corpus_cells(name: str, form: str, unreadable: set[str]) -> None:
    want = expected(name)
    result = read(want, form)
    right, stated, wrong, missed = score(result, want)
    assert wrong == []
    assert missed == unreadable
    if not unreadable:
        assert right == stated
    reported = {
        (n.place.table, n.place.row[-1] if n.place.row else "")
        for n in result.findings if n.kind in (NoteKind.UNREADABLE, NoteKind.MISSING)
    }
    for row in missed:
        table, label = row.split("/", 1)
        # reported on its row, or on the whole table (table 四 left unread as one run)
        assert (table, label.rsplit("/", 1)[-1]) in reported or (table, "") in reported, row
    assert result.report is not None
    meta, m = result.report.metadata, want["metadata"]
    assert (meta.body, meta.year, meta.title) == (m["body"], m["year"], m["title"])


# PDF→markdown with rows split and shifted (KIRO fixtures): the rows that are whole in the
# source, read by hand; rows whose values are detached from their labels must stay unread.
FRAGMENTED = {
    "parse_shanghai_govoffice_2025_pdf.md": {
        "read": {
            "new": [1259, 36, 0, 0, 0, 0, 1295], "carried_over": [170, 15, 0, 0, 4, 0, 189],
            "disclosed": [201, 5, 0, 0, 0, 0, 206], "not_held": [484, 28, 0, 0, 1, 0, 513],
            "result_total": [1139, 48, 0, 0, 4, 0, 1191],
            "carried_forward": [290, 3, 0, 0, 0, 0, 293],
        },
        "unread": ["partly_disclosed", "confirmation", "no_correction"],
        "table4": ((40, 0, 10, 5, 55), (2, 0, 4, 6, 12), (6, 0, 9, 7, 22)),
    },
    "parse_shanghai_stcsm_2024_pdf.md": {
        "read": {
            "new": [32, 2, 0, 0, 0, 0, 34], "carried_over": [2, 0, 0, 0, 0, 0, 2],
            "disclosed": [9, 0, 0, 0, 0, 0, 9], "result_total": [33, 2, 0, 0, 0, 0, 35],
            "carried_forward": [1, 0, 0, 0, 0, 0, None],
        },
        "unread": ["partly_disclosed", "internal_affairs", "not_held", "needs_creation"],
        "table4": ((1, 0, 0, 0, 1), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
    },
}


@pytest.mark.parametrize("name", sorted(FRAGMENTED))
def test_fragmented_markdown(name: str) -> None:
    want = FRAGMENTED[name]
    result = parse(DATA / name)
    assert result.report is not None
    t3, t4 = result.report.table3, result.report.table4
    printed = [c for c in t3.columns.cells if c.kind.name != "GROUP"]
    read = want["read"]
    assert isinstance(read, dict)
    for code, values in read.items():
        assert [t3[code, c] for c in printed] == values, code
    for code in want["unread"]:
        assert isinstance(code, str)
        assert all(t3[code, c] is None for c in printed), code
    assert tuple(tuple(line[c.index] for c in t4.columns.cells) for line in t4.values) == (
        want["table4"]
    )
