"""Reading a report from any file: JSON and CSV documents, else a published report.

One place decides how a path becomes a report, for the command line and the bulk audit alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from .errors import GovDisclosureError
from .model import AnnualReport

__all__ = ["Loaded", "load", "load_report", "one_line"]


def __dir__() -> list[str]:
    return __all__


#: parse notes that leave a cell not stated (the parser's ``NoteKind`` values)
_UNREAD = frozenset({"unreadable", "missing"})


@attrs.frozen(kw_only=True)
class Loaded:
    """A report and what the parser could not read in it, as ``(place, message)`` pairs;
    for a workbook, the cell of each place (``表三 / …/ 总计`` → ``表三!J6``)."""

    report: AnnualReport
    unread: tuple[tuple[str, str], ...] = ()
    cells: Mapping[str, str] = attrs.field(factory=dict)


def load(path: str | Path) -> Loaded:
    """Read one report: ``.json`` and ``.csv`` documents, ``.xlsx`` workbooks (填报), else a
    published report (text, HTML, Markdown, PDF, Word) through :func:`govdisclosure.parse`.

    Raises :class:`~govdisclosure.errors.GovDisclosureError` (or ``OSError``) when it cannot.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .jsonio import load_json

        return Loaded(report=load_json(path.read_bytes()))
    if suffix == ".csv":
        from .csvio import read_csv

        return Loaded(report=read_csv(path))
    if suffix == ".xlsx":
        from .workbook import read_xlsx

        filled = read_xlsx(path)
        return Loaded(report=filled.report, cells=filled.cells)
    from .parsing import parse

    result = parse(path)
    if result.report is None:
        reasons = "; ".join(str(n) for n in result.findings[:3]) or "no report found"
        raise GovDisclosureError(f"could not read a report: {reasons}")
    unread = tuple(
        (str(n.place), str(n.message)) for n in result.findings if n.kind.value in _UNREAD
    )
    return Loaded(report=result.report, unread=unread)


def load_report(path: str | Path) -> AnnualReport:
    """The report in ``path`` (see :func:`load`)."""
    return load(path).report


def one_line(error: BaseException) -> str:
    """An error as one line: its problems joined (at most five), else its text."""
    problems = getattr(error, "problems", None)
    if problems:
        text = "; ".join(str(p) for p in problems[:5])
        return text + (f"; … ({len(problems)} problems)" if len(problems) > 5 else "")
    return " ".join(str(error).split()) or type(error).__name__
