"""Reading a report from any file: JSON and CSV documents, else a published report.

One place decides how a path becomes a report, for the command line and the bulk audit alike.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from .errors import GovDisclosureError
from .model import AnnualReport

__all__ = [
    "SORTED_DIRECTORY", "UNSUPPORTED", "Loaded", "load", "load_report", "one_line",
    "readable_suffixes", "walk",
]


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
    if suffix in UNSUPPORTED:
        raise GovDisclosureError(
            f"不支持 {suffix} 文件，请另存为 .docx (unsupported {suffix}: save it as .docx)"
        )
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


# --- walking directories --------------------------------------------------------------------


@functools.cache
def readable_suffixes() -> frozenset[str]:
    """File kinds a directory walk reads: JSON, CSV, the fill-in workbook and every kind
    :func:`govdisclosure.parse` reads."""
    from .parsing import _SUFFIXES

    return frozenset({".json", ".csv", ".xlsx", *_SUFFIXES})


#: kinds a directory walk yields so that they are reported as unsupported (save as .docx),
#: not passed over in silence
UNSUPPORTED = frozenset({".doc", ".wps"})

#: entries of one directory sorted by name up to this many; a larger one is read in the
#: order the file system gives, so that memory stays flat however many files it holds
SORTED_DIRECTORY = 10_000


def _entries(directory: str) -> Iterator[os.DirEntry[str]]:
    with os.scandir(directory) as found:
        first = list(itertools.islice(found, SORTED_DIRECTORY))
        if len(first) < SORTED_DIRECTORY:
            yield from sorted(first, key=lambda e: e.name)
            return
        yield from first
        yield from found


def walk(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Files named, and files of a known kind (and of :data:`UNSUPPORTED` kinds) under
    directories named, lazily, in order.

    Directories are walked depth first, each one's files by name (see
    :data:`SORTED_DIRECTORY`), then its subdirectories; the memory held is the entries of the
    directories on the current path, not every file. A directory that cannot be listed is
    yielded itself, so that reading it reports it.
    """
    wanted = readable_suffixes() | UNSUPPORTED
    for given in paths:
        path = os.fspath(given)
        if not os.path.isdir(path):
            yield path
            continue
        stack = [iter([path])]
        while stack:
            directory = next(stack[-1], None)
            if directory is None:
                stack.pop()
                continue
            subdirs = []
            try:
                for entry in _entries(directory):
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    if is_dir:
                        subdirs.append(entry.path)
                    elif os.path.splitext(entry.name)[1].lower() in wanted:
                        yield entry.path
            except OSError:
                yield directory
                continue
            stack.append(iter(sorted(subdirs)))
