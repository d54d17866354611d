"""Round trips through the library's own renderers: parse(render(r, kind)) gives r back.

"Either version" means the two official formats, 2019 and 2021: other test modules register
format variants (extra applicant columns, result rows, a row split into parts) whose labels a
parser of published reports cannot know, so the reports here are drawn from the official
formats only. With ``blanks``, a generated report may state a group (（六）其他处理 as one row,
as 淮安市洪泽区 prints it, or a 法人或其他组织 column), which the renderers print as a row or a
column of its own: the parser reads it back at the group node.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import govdisclosure
from govdisclosure.jsonio import load_json
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Key
from govdisclosure.parsing import NoteKind, parse
from govdisclosure.strategies import reports

render_module = pytest.importorskip("govdisclosure.rendering")

FAST = settings(
    max_examples=15, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)


def same_tables_and_metadata(got: AnnualReport | None, want: AnnualReport) -> None:
    assert got is not None
    assert got.format is want.format
    if want.metadata.title is None:  # the renderers print a title made from body and year
        got = attrs.evolve(got, metadata=attrs.evolve(got.metadata, title=None))
    assert got.metadata == want.metadata
    assert got.table2 == want.table2
    assert got.table3 == want.table3
    assert got.table4 == want.table4


# units drawn too: the parser reads the unit of an amount as the renderers print it
OFFICIAL = (reports("2019", narrative=False)
            | reports("2021", narrative=False))
OFFICIAL_BLANKS = (reports("2019", narrative=False, blanks=True)
                   | reports("2021", narrative=False, blanks=True))


@pytest.mark.parametrize("kind", ["html", "markdown", "text"])
@FAST
@given(report=OFFICIAL)
def test_round_trip(kind: str, report: AnnualReport) -> None:
    result = parse(render_module.render(report, kind))
    same_tables_and_metadata(result.report, report)
    assert not result.unreadable()


@pytest.mark.parametrize("kind", ["html", "markdown", "text"])
@FAST
@given(report=OFFICIAL_BLANKS)
def test_round_trip_with_blanks_and_stated_groups(kind: str, report: AnnualReport) -> None:
    result = parse(render_module.render(report, kind))
    same_tables_and_metadata(result.report, report)
    assert not result.unreadable()


# --- stated groups, as 淮安市洪泽区 prints them ---------------------------------------------

EXAMPLES = Path(govdisclosure.__file__).parent / "data"
PARTS = ("no_correction", "fee_unpaid", "other_reasons")
ORGANISATIONS = ("commercial", "research", "public_interest", "legal_service",
                 "other_organization")


def with_stated_groups() -> AnnualReport:
    """平潭 2025 (2021 format) with （六）其他处理 stated as one row, its three parts blank,
    and 法人或其他组织 stated as a column beside its parts."""
    report = load_json((EXAMPLES / "pingtan-2025.json").read_text("utf-8"))
    t3 = report.table3
    changes: dict[tuple[Key, Key], int | None] = {}
    for col in t3.columns.cells:
        if col.kind is Kind.GROUP:
            continue
        values = [t3[p, col.code] for p in PARTS]
        changes["other_handling", col.code] = sum(v or 0 for v in values) + 0
        changes.update({(p, col.code): None for p in PARTS})
    for row in t3.rows.cells:
        if row.kind is not Kind.GROUP and row.code not in PARTS:
            changes[row.code, "legal_person"] = sum(t3[row.code, o] or 0 for o in ORGANISATIONS)
    return attrs.evolve(report, table3=t3.replace(changes))


@pytest.mark.parametrize("kind", ["html", "markdown", "text"])
def test_stated_group_row_and_column_are_kept_at_the_group(kind: str) -> None:
    report = with_stated_groups()
    result = parse(render_module.render(report, kind))
    assert result.report is not None
    t3 = result.report.table3
    assert t3 == report.table3
    assert t3["other_handling", "total"] == report.table3["other_handling", "total"]
    assert all(t3[p, "total"] is None for p in PARTS)  # blank stays blank, never 0
    assert t3["new", "legal_person"] == report.table3["new", "legal_person"]
    assert not result.unreadable()
    notes = [n.message for n in result.findings if n.kind is NoteKind.NORMALISED]
    assert any("printed as one row" in m for m in notes)
    assert any("printed as a column of its own" in m for m in notes)


def test_a_group_column_row_that_lost_a_cell_is_unreadable() -> None:
    """The header prints 法人或其他组织 as a column: a row with one cell too few is not shifted
    into the official seven columns."""
    report = with_stated_groups()
    text = render_module.render(report, "markdown")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("| 一、本年新收"))
    lines[at] = lines[at].rsplit("|", 2)[0] + "|"  # the last cell (总计) lost
    result = parse("\n".join(lines) + "\n")
    assert result.report is not None
    unreadable = [n for n in result.unreadable() if n.place.table == "三"]
    assert [n.place.row for n in unreadable] == [("一、本年新收政府信息公开申请数量",)]
    assert all(v is None for v in result.report.table3.row("new").values())
    assert result.report.table3["carried_over", "total"] == report.table3["carried_over",
                                                                           "total"]


def test_group_column_in_text_without_cells_is_read_or_reported() -> None:
    """The Markdown page flattened to plain text (no cell boundaries, blank cells lost): the
    header still shows the 法人或其他组织 column; a row read is right, a row that lost its
    blank cells is reported."""
    report = with_stated_groups()
    text = render_module.render(report, "markdown").replace("|", " ")
    result = parse(text, kind="text")
    assert result.report is not None
    got, want = result.report.table3, report.table3
    assert got["new", "legal_person"] == want["new", "legal_person"]
    unreadable = {n.place.row for n in result.unreadable() if n.place.table == "三"}
    assert unreadable  # the three （六） parts are blank: their lines lost every cell
    for row in got.rows.cells:
        path = got.row_path(got.format, row)
        for col in got.columns.cells:
            if got[row, col] is not None:
                assert got[row, col] == want[row, col], (path, col.path)
            elif want[row, col] is not None:
                assert path in unreadable or path[:-1] in unreadable, (path, col.path)
