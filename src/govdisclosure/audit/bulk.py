"""Audit many reports at once: every check per report and across consecutive years.

:func:`audit` takes files and directories (walked recursively) of JSON, CSV and published
reports (text, HTML, PDF, Word — read by :mod:`govdisclosure.parsing`),
and streams :class:`AuditRow` s:

1. every file is read and checked (:func:`~govdisclosure.audit.rules.check_report`: the
   official identities and the audit's X-5, P-1, P-2) in a pool of worker processes, in
   chunks, so memory stays flat however many files there are; a file that cannot be read is
   a ``READ`` finding, never a crash of the run, and a table cell the parser could not read
   in a published report is a ``PARSE`` warning (undetermined);
2. reports are grouped by (body, year) — only the key and the path are kept — and each run
   of consecutive years of one body is read again, each file once, and every pair checked
   with :func:`~govdisclosure.audit.crossyear.check_pair`. A second report of the same body and
   year is a ``DUPLICATE`` warning; the first one read is paired.

The run's :class:`AuditSummary` (reports read, unreadable, with errors, with warnings, by
rule) fills as the rows are consumed. :func:`run_audit` is the command-line entry point.
"""

from __future__ import annotations

import collections
import csv
import functools
import itertools
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.pool import Pool
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from govdisclosure.errors import GovDisclosureError
from govdisclosure.files import load, load_report, one_line
from govdisclosure.findings import Finding, Severity, Verdict
from govdisclosure.model import AnnualReport

# imported for their side effect: their rules join the registries in every worker too
from . import narrative, publication  # noqa: F401
from .crossyear import check_pair
from .rules import check_report

__all__ = [
    "SUFFIXES",
    "AuditRow",
    "AuditRun",
    "AuditSummary",
    "audit",
    "load_report",
    "run_audit",
]


def __dir__() -> list[str]:
    return __all__


_T = TypeVar("_T")
_R = TypeVar("_R")


#: file kinds a directory walk picks up (files named explicitly are always tried)
SUFFIXES = frozenset({".json", ".csv", ".txt", ".html", ".htm", ".pdf", ".docx", ".doc"})


@attrs.frozen(kw_only=True)
class AuditRow:
    """One finding of a run, with the file (and for pair rules, last year's file) it is about."""

    path: str
    body: str | None
    year: int | None
    rule: str
    severity: Severity
    verdict: Verdict
    place: str
    stated: int | None
    expected: int | None
    message: str
    previous_path: str | None = None

    @classmethod
    def of(
        cls, path: str, report: AnnualReport | None, finding: Finding,
        previous_path: str | None = None,
    ) -> AuditRow:
        return cls(
            path=path, body=None if report is None else report.body,
            year=None if report is None else report.year, rule=finding.rule,
            severity=finding.severity, verdict=finding.verdict, place=str(finding.place),
            stated=finding.stated, expected=finding.expected, message=finding.message,
            previous_path=previous_path,
        )


@attrs.define
class AuditSummary:
    """Counts of a run, filled as its rows are consumed."""

    files: int = 0
    read: int = 0
    unreadable: int = 0
    pairs: int = 0
    #: violations by rule id
    by_rule: collections.Counter[str] = attrs.field(factory=collections.Counter)
    undetermined: int = 0
    _errors: set[str] = attrs.field(factory=set, repr=False)
    _warnings: set[str] = attrs.field(factory=set, repr=False)

    @property
    def with_errors(self) -> int:
        """Reports with at least one violated ``error`` rule (unreadable files excluded)."""
        return len(self._errors)

    @property
    def with_warnings(self) -> int:
        """Reports with at least one violated ``warning`` rule."""
        return len(self._warnings)

    def add(self, row: AuditRow) -> None:
        if row.rule == READ:
            return
        if row.verdict is Verdict.UNDETERMINED:
            self.undetermined += 1
            return
        self.by_rule[row.rule] += 1
        (self._errors if row.severity is Severity.ERROR else self._warnings).add(row.path)

    def lines(self) -> list[str]:
        """The summary as lines of text (Chinese labels, rule counts by id)."""
        out = [
            f"文件 {self.files}，读取 {self.read}，无法读取 {self.unreadable}，"
            f"跨年对比 {self.pairs} 组",
            f"有错误的报告 {self.with_errors}，有警告的报告 {self.with_warnings}，"
            f"因空白无法判断 {self.undetermined} 项",
        ]
        out.extend(f"  {rule}: {n}" for rule, n in sorted(self.by_rule.items()))
        return out


READ = "READ"
PARSE = "PARSE"
DUPLICATE = "DUPLICATE"
INTERNAL = "INTERNAL"


def _row(path: str, rule: str, severity: Severity, message: str, place: str = "文件") -> AuditRow:
    return AuditRow(
        path=path, body=None, year=None, rule=rule, severity=severity,
        verdict=Verdict.VIOLATED, place=place, stated=None, expected=None, message=message,
    )


def _read(path: str) -> AnnualReport | AuditRow:
    found = _read_noted(path)
    return found if isinstance(found, AuditRow) else found[0]


def _read_noted(path: str) -> tuple[AnnualReport, tuple[tuple[str, str], ...]] | AuditRow:
    try:
        loaded = load(path)
        return loaded.report, loaded.unread
    except (GovDisclosureError, OSError, UnicodeError, ValueError) as exc:
        return _row(path, READ, Severity.ERROR, f"无法读取：{one_line(exc)}")
    except Exception as exc:  # a bug in a reader must not end a run of 100,000 files
        return _row(path, READ, Severity.ERROR,
                    f"无法读取（{type(exc).__name__}）：{one_line(exc)}")


@attrs.frozen
class _FileResult:
    path: str
    key: tuple[str, int] | None
    rows: tuple[AuditRow, ...]
    #: dashboard hook: the report's ReportSummary when the run collects them
    summary: object = None


def _normal_body(body: str) -> str:
    return re.sub(r"\s+", "", body)


def _audit_file(path: str, summarize: bool = False) -> _FileResult:
    """Worker: read one file and run every single-report rule (and, for the dashboard,
    summarize it)."""
    found = _read_noted(path)
    if isinstance(found, AuditRow):
        return _FileResult(path, None, (found,))
    report, unread = found
    notes = tuple(
        attrs.evolve(
            _row(path, PARSE, Severity.WARNING, f"未能读取：{message}", place),
            body=report.body, year=report.year, verdict=Verdict.UNDETERMINED,
        )
        for place, message in unread
    )
    try:
        rows = notes + tuple(AuditRow.of(path, report, f) for f in check_report(report))
    except Exception as exc:  # a failing rule is reported, and the other files go on
        rows = (_row(path, INTERNAL, Severity.ERROR, f"检查出错：{type(exc).__name__}：{exc}"),)
    summary = None
    if summarize:  # dashboard hook
        from .dashboard import summarize as summary_of

        summary = summary_of(path, report)
    return _FileResult(path, (_normal_body(report.body), report.year), rows, summary)


def _audit_chain(paths: tuple[str, ...]) -> tuple[AuditRow, ...]:
    """Worker: the files of one body for consecutive years, each read once, pair by pair."""
    rows: list[AuditRow] = []
    before = _read(paths[0])
    for previous_path, path in itertools.pairwise(paths):
        after = _read(path)
        if not isinstance(before, AuditRow) and not isinstance(after, AuditRow):
            try:
                rows.extend(
                    AuditRow.of(path, after, f, previous_path) for f in check_pair(before, after)
                )
            except Exception as exc:
                rows.append(_row(path, INTERNAL, Severity.ERROR,
                                 f"跨年检查出错：{type(exc).__name__}：{exc}"))
        # an unreadable file was reported when the files were first read
        before = after
    return tuple(rows)


def _chains(first: dict[tuple[str, int], str]) -> list[tuple[str, ...]]:
    """Runs of consecutive years of one body, as paths in year order (length ≥ 2)."""
    chains: list[tuple[str, ...]] = []
    for (body, start), _path in sorted(first.items()):
        if (body, start - 1) in first:
            continue  # not the start of a run
        run = [first[body, start]]
        year = start + 1
        while (body, year) in first:
            run.append(first[body, year])
            year += 1
        if len(run) > 1:
            chains.append(tuple(run))
    return chains


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                files.extend(
                    str(Path(root) / n) for n in sorted(names)
                    if Path(n).suffix.lower() in SUFFIXES
                )
        else:
            files.append(str(path))
    return files


class AuditRun(Iterator[AuditRow]):
    """The rows of a run, streamed; :attr:`summary` fills as they are consumed."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int | None = None,
        chunksize: int = 16,
        progress: Callable[[int, int], None] | None = None,
        summarize: bool = False,
    ) -> None:
        self.files = _expand(paths)
        #: dashboard hook: one ReportSummary per report read, when ``summarize``
        self.summarize = summarize
        self.reports: list[object] = []
        self.jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        self.chunksize = chunksize
        self.progress = progress
        self.summary = AuditSummary(files=len(self.files))
        self._rows = self._run()

    def __next__(self) -> AuditRow:
        return next(self._rows)

    def __iter__(self) -> AuditRun:
        return self

    def _map(
        self, pool: Pool | None, function: Callable[[_T], _R], items: Sequence[_T]
    ) -> Iterator[_R]:
        if pool is None:
            return map(function, items)
        return pool.imap(function, items, chunksize=self.chunksize)

    def _run(self) -> Iterator[AuditRow]:
        if self.jobs == 1 or len(self.files) <= 1:
            yield from self._stream(None)
            return
        with multiprocessing.get_context().Pool(self.jobs) as pool:
            yield from self._stream(pool)

    def _stream(self, pool: Pool | None) -> Iterator[AuditRow]:
        first: dict[tuple[str, int], str] = {}
        total = len(self.files)
        read = functools.partial(_audit_file, summarize=self.summarize)
        for done, result in enumerate(self._map(pool, read, self.files), start=1):
            if self.progress is not None:
                self.progress(done, total)
            if result.summary is not None:  # dashboard hook
                self.reports.append(result.summary)
            if result.key is None:
                self.summary.unreadable += 1
            else:
                self.summary.read += 1
                if result.key in first:
                    yield self._emit(AuditRow(
                        path=result.path, body=result.key[0], year=result.key[1],
                        rule=DUPLICATE, severity=Severity.WARNING, verdict=Verdict.VIOLATED,
                        place="报告", stated=None, expected=None,
                        message=f"与{first[result.key]}是同一机关同一年度的报告；跨年对比只用后者",
                    ))
                else:
                    first[result.key] = result.path
            for row in result.rows:
                yield self._emit(row)
        chains = _chains(first)
        first.clear()
        self.summary.pairs = sum(len(chain) - 1 for chain in chains)
        for rows in self._map(pool, _audit_chain, chains):
            for row in rows:
                yield self._emit(row)

    def _emit(self, row: AuditRow) -> AuditRow:
        self.summary.add(row)
        return row


def audit(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    chunksize: int = 16,
    progress: Callable[[int, int], None] | None = None,
    summarize: bool = False,
) -> AuditRun:
    """Audit files and directories; an iterator of :class:`AuditRow` (see the module notes).

    ``jobs`` worker processes (default: every core; ``1`` runs in this process);
    ``progress(done, total)`` is called as files are read; with ``summarize`` the run's
    ``reports`` collects each report's :class:`~govdisclosure.audit.dashboard.ReportSummary`.
    """
    return AuditRun(paths, jobs=jobs, chunksize=chunksize, progress=progress,
                    summarize=summarize)


CSV_HEADER = (
    "path", "body", "year", "rule", "severity", "verdict", "place", "stated", "expected",
    "message", "previous_path",
)


def _csv_line(row: AuditRow) -> list[str]:
    def text(v: object) -> str:
        return "" if v is None else str(v)

    return [
        row.path, text(row.body), text(row.year), row.rule, row.severity.value,
        row.verdict.value, row.place, text(row.stated), text(row.expected), row.message,
        text(row.previous_path),
    ]


def _bar(stream: TextIO) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            width = 30
            filled = width * done // max(total, 1)
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
            stream.flush()

    return show


def run_audit(
    paths: Sequence[str],
    jobs: int | None,
    out: TextIO,
    *,
    err: TextIO | None = None,
    progress: bool | None = None,
    html: str | None = None,
) -> int:
    """``govdisclosure audit``: findings as CSV on ``out``, summary (and progress) on ``err``;
    with ``html``, the dashboard page written to that file too.

    ``progress`` defaults to showing a bar when ``err`` is a terminal. Returns 0 when no
    ``error`` rule is violated, 1 when one is, 2 when a file could not be read.
    """
    err = err if err is not None else sys.stderr
    if progress is None:
        progress = err.isatty()
    run = audit(paths, jobs, progress=_bar(err) if progress else None,
                summarize=html is not None)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    kept: list[AuditRow] = []  # dashboard hook: the rows, only when a page is asked for
    for row in run:
        writer.writerow(_csv_line(row))
        if html is not None:
            kept.append(row)
    if html is not None:
        from .dashboard import write_dashboard

        write_dashboard(html, run.reports, kept)
    for line in run.summary.lines():
        print(line, file=err)
    if run.summary.unreadable:
        return 2
    return 1 if run.summary.with_errors else 0
