"""Property tests of the table identities and of the JSON and CSV round trips.

Every report drawn from :func:`govdisclosure.strategies.reports` must satisfy every identity;
a report with blanks must never violate one; changing any one cell must be found at that
cell's row or column and nowhere else.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import AnnualReport, Finding, Format2021, Verdict, check
from govdisclosure import categories as c
from govdisclosure.csvio import dump_csv, load_csv
from govdisclosure.jsonio import dump_json, load_json
from govdisclosure.strategies import Perturbation, perturb, perturbed, reports


class PropsVariant(Format2021):
    """A local variant of the 2021 format with an extra applicant column and result row."""

    code = "2021-test-props"


class PropsNewsMedia(c.LegalPerson):
    code = "test_props_news_media"
    label = "新闻媒体"
    formats = frozenset({"2021-test-props"})


class PropsTransferred(c.NotProcessed):
    code = "test_props_transferred"
    label = "6.已转其他机关办理"
    formats = frozenset({"2021-test-props"})


FORMATS = ["2019", "2021", "2021-test-props"]


def _touches(finding: Finding, change: Perturbation) -> bool:
    place = finding.place
    return place.table == change.table and (
        place.row == change.row or place.column == change.column
    )


def _assert_found_there(changed: AnnualReport, change: Perturbation) -> None:
    findings = check(changed)
    assert any(f.verdict is Verdict.VIOLATED and _touches(f, change) for f in findings), (
        change,
        [str(f) for f in findings],
    )
    elsewhere = [str(f) for f in findings if not _touches(f, change)]
    assert elsewhere == [], (change, elsewhere)


# --- identities -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", FORMATS)
@given(data=st.data())
def test_every_generated_report_satisfies_every_identity(code: str, data: st.DataObject) -> None:
    report = data.draw(reports(code, narrative=False))
    assert report.format.code == code
    assert check(report) == []


@given(reports(blanks=True, narrative=False))
def test_blanks_never_violate_an_identity(report: AnnualReport) -> None:
    violated = [str(f) for f in check(report) if f.verdict is Verdict.VIOLATED]
    assert violated == []


@given(perturbed(reports(narrative=False)))
def test_a_changed_cell_is_found_at_its_row_or_column(
    pair: tuple[AnnualReport, Perturbation],
) -> None:
    changed, change = pair
    _assert_found_there(changed, change)
    # Undoing the change gives a report that adds up again.
    restored = perturb(changed, change.row, change.column, -change.delta, table=change.table)
    assert check(restored) == []


@pytest.mark.parametrize("code", FORMATS)
@settings(max_examples=3)
@given(data=st.data())
def test_every_cell_of_tables_3_and_4_is_covered(code: str, data: st.DataObject) -> None:
    report = data.draw(reports(code, max_count=20, narrative=False))
    tried = 0
    for grid in (report.table3, report.table4):
        for row, col, value in grid.cells():
            if value is None:
                continue  # a group the template does not print
            for delta in (1, -1) if value else (1,):
                changed = perturb(report, row, col, delta, table=grid.table)
                change = Perturbation(
                    table=grid.table,
                    row=grid.row_path(grid.format, row),
                    column=col.path,
                    old=value,
                    new=value + delta,
                )
                _assert_found_there(changed, change)
                tried += 1
    assert tried > len(report.table3.rows.leaves) * len(report.table3.columns.leaves)


# --- round trips ------------------------------------------------------------------------------


@given(reports(blanks=True) | reports(narrative=False))
def test_json_round_trip(report: AnnualReport) -> None:
    assert load_json(dump_json(report)) == report


@given(reports(blanks=True, narrative=False) | reports())
def test_csv_round_trip(report: AnnualReport) -> None:
    # CSV holds no narrative.
    expected = attrs.evolve(report, overview=None, problems=None, other=None)
    assert load_csv(dump_csv(report)) == expected
