"""Heuristic single-report rules of the audit (X-5, P-1, P-2), in their own registry.

They are kept apart from :func:`govdisclosure.check`, which runs the official identities
only, so that what ``check`` returns never depends on whether this package was imported.
:func:`check_report` runs both: every official rule, then every audit rule. An agency adds an
audit rule by subclassing :class:`ReportRule` (registered on definition, duplicates refused).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from govdisclosure.checks import RuleBase, check
from govdisclosure.findings import Finding, Severity
from govdisclosure.model import AnnualReport

__all__ = ["ReportRule", "check_report", "report_rules"]


def __dir__() -> list[str]:
    return __all__


_REPORT_RULES: dict[str, type[RuleBase]] = {}


class ReportRule(RuleBase, abstract=True, registry=_REPORT_RULES):
    """A heuristic check of one report; subclasses register themselves under their ``id``."""

    severity: ClassVar[Severity] = Severity.WARNING

    def findings(self, report: AnnualReport) -> Iterable[Finding]:
        raise NotImplementedError


def report_rules() -> tuple[type[ReportRule], ...]:
    """Every registered audit rule class, in registration order (a read-only snapshot)."""
    return tuple(r for r in _REPORT_RULES.values() if issubclass(r, ReportRule))


def check_report(report: AnnualReport, *, only: Iterable[str] | None = None) -> list[Finding]:
    """:func:`govdisclosure.check` (the official identities) and every audit rule.

    ``only`` names the rule ids (official or audit) to run.
    """
    wanted = None if only is None else set(only)
    found = check(report, only=wanted)
    for rule in report_rules():
        if wanted is None or rule.id in wanted:
            found.extend(rule().findings(report))
    return found
