"""The registry of the audit's single-report rules and check_report."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from govdisclosure import check
from govdisclosure.audit import rules
from govdisclosure.audit.rules import ReportRule, check_report, report_rules
from govdisclosure.errors import FormatError
from govdisclosure.findings import Finding, Place, Severity, Verdict
from govdisclosure.model import AnnualReport


def report() -> AnnualReport:
    return AnnualReport.build("2021", body="某局", year=2021, table2={}, table3={}, table4={},
                              fill=0)


def test_the_audit_rules_are_registered_with_their_grades() -> None:
    grades = {r.id: r.severity for r in report_rules()}
    assert grades == {"X-5": Severity.WARNING, "P-1": Severity.WARNING,
                      "P-2": Severity.WARNING,
                      # the assessors' checks of form (audit/assessor.py)
                      **{f"A-{i}": Severity.WARNING for i in range(1, 6)}}


def test_an_agency_adds_a_rule_by_subclassing() -> None:
    class NoTitle(ReportRule):
        id = "TEST-TITLE"
        description = "报告应有标题"

        def findings(self, report: AnnualReport) -> Iterator[Finding]:
            if report.metadata.title is None:
                yield Finding(rule=self.id, severity=self.severity,
                              verdict=Verdict.VIOLATED, place=Place(table="报告"),
                              stated=None, expected=None, message="缺少标题")

    try:
        assert [f.rule for f in check_report(report())] == ["TEST-TITLE"]
        assert check_report(report(), only=["T3-A"]) == []
        assert check(report()) == []  # the official check is not changed by audit rules
        with pytest.raises(FormatError, match="already used"):
            type("Again", (ReportRule,), {"id": "TEST-TITLE"})
        with pytest.raises(FormatError, match="own `id`"):
            type("NoId", (ReportRule,), {})
    finally:
        rules._REPORT_RULES.pop("TEST-TITLE", None)
    assert NoTitle not in report_rules()
