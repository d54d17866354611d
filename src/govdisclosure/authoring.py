"""Authoring a report: built from its leaf counts, with the official identities enforced.

Strict building lives here, above both the model and the checks, so that the model never
imports its checks (data flows one way: model → checks → authoring).
"""

from __future__ import annotations

from typing import Any

from .checks import validate
from .formats import ReportFormat
from .model import AnnualReport

__all__ = ["build"]


def __dir__() -> list[str]:
    return __all__


def build(fmt: str | type[ReportFormat], /, *, strict: bool = False, **fields: Any) -> AnnualReport:
    """:meth:`AnnualReport.build` (same keyword arguments: totals derived, bad or missing
    cells refused), then :func:`~govdisclosure.checks.validate`: raises
    :class:`~govdisclosure.errors.InconsistentReport` listing every violated identity when
    stated totals disagree with their parts; with ``strict=True`` a blank leaf cell is an
    error too."""
    return validate(AnnualReport.build(fmt, **fields), strict=strict)
