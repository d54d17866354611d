"""What a parse returns: the report, every cell with its provenance, and the notes."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from govdisclosure.findings import Place
from govdisclosure.model import AnnualReport

from ._source import Location

__all__ = ["Cell", "NoteKind", "ParseNote", "ParseResult"]


def __dir__() -> list[str]:
    return __all__


class NoteKind(enum.Enum):
    """What a parse note says about the input."""

    #: read, after normalising something (a unit, a blank, a variant label, a split label)
    NORMALISED = "normalised"
    #: present, but could not be read with certainty; left not stated
    UNREADABLE = "unreadable"
    #: not found in the input
    MISSING = "missing"
    #: rebuilt through the table's own identities (exactly one reading fits)
    RECOVERED = "recovered"


@attrs.frozen(kw_only=True)
class ParseNote:
    """One thing the parser normalised, recovered or could not read."""

    kind: NoteKind
    place: Place
    #: Chinese summary, then the detail
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location is not None else ""
        return f"[{self.kind.value}] {self.place}: {self.message}{where}"


@attrs.frozen(kw_only=True)
class Cell:
    """One table value as read, with where it came from.

    ``value`` is ``None`` for a cell left blank as published. ``raw`` is the cell text.
    """

    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    value: int | Decimal | None
    raw: str
    location: Location


@attrs.frozen(kw_only=True)
class ParseResult:
    """The report read from a source (``None`` when its year or issuing body is not found),
    every table value with its provenance, and the parse notes."""

    report: AnnualReport | None
    cells: tuple[Cell, ...] = ()
    findings: tuple[ParseNote, ...] = ()
    #: ``"text"``, ``"markdown"``, ``"html"``, ``"pdf"`` or ``"docx"``
    kind: str = "text"

    @property
    def ok(self) -> bool:
        """A report was built and every table was read (nothing unreadable or missing)."""
        return self.report is not None and not any(
            n.kind in (NoteKind.UNREADABLE, NoteKind.MISSING)
            and n.place.table in ("二", "三", "四")
            for n in self.findings
        )

    def unreadable(self) -> tuple[ParseNote, ...]:
        """Notes of kind ``UNREADABLE``."""
        return tuple(n for n in self.findings if n.kind is NoteKind.UNREADABLE)
