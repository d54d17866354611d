"""Findings: what a check reports, as data (rule, grade, place, stated, expected, message)."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Finding", "Place", "Severity", "Verdict"]


def __dir__() -> list[str]:
    return __all__


class Severity(enum.Enum):
    """How much a finding matters."""

    #: an official identity (spec §7.1–7.2) is broken
    ERROR = "error"
    #: a heuristic that can legitimately fail (spec §7.3)
    WARNING = "warning"


class Verdict(enum.Enum):
    """Whether the rule could be judged."""

    #: the stated values break the rule
    VIOLATED = "violated"
    #: a value the rule needs was left blank, so it cannot be judged
    UNDETERMINED = "undetermined"


@attrs.frozen(kw_only=True)
class Place:
    """Where a finding is, in official Chinese labels.

    ``table`` is ``二``, ``三``, ``四`` or ``报告``; ``row`` and ``column`` are label paths
    (empty when the finding is about a whole column or row).
    """

    table: str
    row: tuple[str, ...] = ()
    column: tuple[str, ...] = ()

    def __str__(self) -> str:
        parts = [f"表{self.table}" if self.table in "二三四" else self.table]
        if self.row:
            parts.append("/".join(self.row))
        if self.column:
            parts.append("/".join(self.column))
        return " / ".join(parts)


@attrs.frozen(kw_only=True)
class Finding:
    """One result of a check."""

    rule: str
    severity: Severity
    verdict: Verdict
    place: Place
    stated: int | None
    expected: int | None
    message: str

    @property
    def is_violation(self) -> bool:
        return self.verdict is Verdict.VIOLATED

    def __str__(self) -> str:
        return f"[{self.rule}] {self.place}: {self.message}"
