"""Every exception the library raises on bad input.

All derive from :class:`GovDisclosureError`; each names the place it is about
(official Chinese labels, a JSON path or a CSV line) and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding

__all__ = [
    "CsvError",
    "FormatError",
    "GovDisclosureError",
    "InconsistentReport",
    "InvalidValue",
    "JsonError",
    "LayoutError",
    "MissingExtra",
    "Problem",
    "SourceError",
    "UnknownFormat",
    "WorkbookError",
]


def __dir__() -> list[str]:
    return __all__


class GovDisclosureError(Exception):
    """Base class of the library's errors."""

    default_message = "govdisclosure error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class Problem:
    """One thing wrong with an input: where (``place``) and what was expected."""

    __slots__ = ("message", "place")

    def __init__(self, place: str, message: str) -> None:
        self.place = place
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} @ {self.place}" if self.place else self.message

    def __repr__(self) -> str:
        return f"Problem({self.place!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Problem)
            and (self.place, self.message) == (other.place, other.message)
        )

    def __hash__(self) -> int:
        return hash((self.place, self.message))


class _ProblemsError(GovDisclosureError):
    """An error that carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem] | str, message: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        head = message or self.default_message
        if len(self.problems) == 1:
            text = f"{head}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            text = f"{head} ({len(self.problems)} problems):\n{lines}"
        super().__init__(text)


class InvalidValue(_ProblemsError, ValueError):
    """Cell or field values of the wrong type or range (e.g. a negative count, a ``bool``)."""

    default_message = "invalid value"


class LayoutError(_ProblemsError, ValueError):
    """A table whose shape or labels do not fit its format version."""

    default_message = "table does not fit its format"


class UnknownFormat(GovDisclosureError, ValueError):
    """A format version code that no registered format has."""

    default_message = "unknown format version"


class FormatError(GovDisclosureError, TypeError):
    """A format or category declaration that cannot work (e.g. a duplicate code)."""

    default_message = "invalid format or category declaration"


class JsonError(_ProblemsError, ValueError):
    """A JSON document that cannot be read as a report; each problem names its JSON path."""

    default_message = "invalid report JSON"


class CsvError(_ProblemsError, ValueError):
    """A CSV file that cannot be read as a report; each problem names its line."""

    default_message = "invalid report CSV"


class WorkbookError(_ProblemsError, ValueError):
    """A workbook (填报.xlsx) that cannot be read as a report; each problem names its sheet and
    cell (``表三!D12``) beside the official labels."""

    default_message = "invalid workbook"


class InconsistentReport(GovDisclosureError, ValueError):
    """A report whose stated values break the official identities (every violation listed)."""

    default_message = "the report does not add up"

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        lines = "\n".join(f"  - {f}" for f in self.findings)
        super().__init__(f"{self.default_message} ({len(self.findings)} violations):\n{lines}")


class SourceError(GovDisclosureError, ValueError):
    """An input that cannot be read as a report: binary, empty, too large, of an unknown kind,
    or a file that cannot be opened."""

    default_message = "the input cannot be read as a report"


class MissingExtra(GovDisclosureError, ImportError):
    """An optional dependency that an input kind needs is not installed (the message names
    the ``pip install 'govdisclosure[...]'`` that brings it)."""

    default_message = "an optional dependency is missing: pip install 'govdisclosure[pdf,docx]'"
