"""Audit many reports at once: every check per report and across consecutive years.

:func:`audit` takes files and directories (walked lazily, depth first, in name order) of JSON,
CSV and published reports (every kind :func:`govdisclosure.parse` reads: text, Markdown, HTML,
PDF, Word), and streams :class:`AuditRow` s:

1. every file is read once and checked (:func:`~govdisclosure.audit.rules.check_report`: the
   official identities and the audit's single-report rules) in a pool of worker processes,
   in chunks, with a bounded number of chunks in flight; a file that cannot be read (or is not
   a regular file: a FIFO is never opened, a ``.doc``/``.wps`` file is unsupported) is a
   ``READ`` finding, never a crash of the run, and a table cell the parser could not read in
   a published report is a ``PARSE`` warning (undetermined);
2. a worker checks at once, with :func:`~govdisclosure.audit.crossyear.check_pair`, the
   pairs of consecutive years of one body that fall within its chunk (a body's files side by
   side in a folder); the parent keeps such a pair only when both reports are the ones the
   run keeps. Each report read is recorded in a pairing index on disk by (body, year)
   (:mod:`._index`, SQLite), with the report itself unless both its pairs were checked so;
   a second report of the same body and year is a ``DUPLICATE`` warning and the first one
   read is paired. Then every run of consecutive years whose pairs are left (files filed by
   year, pairs across chunks) goes to the workers, which check each pair on the reports the
   first pass read: no file is read twice, and a file deleted or replaced meanwhile changes
   nothing. The findings are those of each file audited alone (tested); a pair's rows come
   after the file's own, in the first pass or at the end.

Workers send findings as plain tuples (pickled in C, not attribute by attribute). The
parent holds counts, not sets of paths: its memory does not grow with the number of
reports. The run's :class:`AuditSummary` (reports read, unreadable, with errors, with
warnings, by rule) fills as the rows are consumed. :func:`run_audit` is the command-line
entry point: findings as CSV (text fields neutralised, :mod:`govdisclosure.csvsafe`);
Ctrl-C ends it with the rows so far, a last ``INTERRUPTED`` row and exit code 130.
"""

from __future__ import annotations

import collections
import csv
import functools
import importlib
import itertools
import multiprocessing
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import NamedTuple, TextIO, TypeVar

import attrs

from govdisclosure.csvsafe import neutralise
from govdisclosure.errors import GovDisclosureError
from govdisclosure.files import (
    SORTED_DIRECTORY,
    UNSUPPORTED,
    load,
    load_report,
    one_line,
    readable_suffixes,
    walk,
)
from govdisclosure.findings import Finding, Severity, Verdict
from govdisclosure.model import AnnualReport

# imported for their side effect: their rules join the registries in every worker too
from . import _index, narrative, publication  # noqa: F401
from ._base import visible
from .crossyear import check_pair
from .rules import check_report

__all__ = [
    "SORTED_DIRECTORY",
    "UNSUPPORTED",
    "AuditRow",
    "AuditRun",
    "AuditSummary",
    "audit",
    "load_report",
    "readable_suffixes",
    "run_audit",
    "shown_path",
]


def __dir__() -> list[str]:
    return __all__


_T = TypeVar("_T")
_R = TypeVar("_R")


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
    """Counts of a run, filled as its rows are consumed (counts only: flat memory)."""

    files: int = 0
    read: int = 0
    unreadable: int = 0
    pairs: int = 0
    #: violations by rule id
    by_rule: collections.Counter[str] = attrs.field(factory=collections.Counter)
    undetermined: int = 0
    #: reports with at least one violated ``error`` rule (unreadable files excluded)
    with_errors: int = 0
    #: reports with at least one violated ``warning`` rule
    with_warnings: int = 0
    #: the run was stopped (Ctrl-C) before it ended: the counts are of what was done
    interrupted: bool = False

    def add(self, row: AuditRow) -> None:
        """Count a row by rule (reports with errors or warnings are counted by the run)."""
        if row.rule == READ:
            return
        if row.verdict is Verdict.UNDETERMINED:
            self.undetermined += 1
            return
        self.by_rule[row.rule] += 1

    def _mark(self, before: int, after: int) -> None:
        """A report's flags went from ``before`` to ``after``: count what is new."""
        new = after & ~before
        self.with_errors += bool(new & _index.ERRORS)
        self.with_warnings += bool(new & _index.WARNINGS)

    def lines(self) -> list[str]:
        """The summary as lines of text (Chinese labels, rule counts by id)."""
        out = [
            f"文件 {self.files}，读取 {self.read}，无法读取 {self.unreadable}，"
            f"跨年对比 {self.pairs} 组",
            f"有错误的报告 {self.with_errors}，有警告的报告 {self.with_warnings}，"
            f"因空白无法判断 {self.undetermined} 项",
        ]
        out.extend(f"  {rule}: {n}" for rule, n in sorted(self.by_rule.items()))
        if self.interrupted:
            out.append("审核被中断：以上结果不完整 / interrupted: the results are partial")
        return out


READ = "READ"
PARSE = "PARSE"
DUPLICATE = "DUPLICATE"
INTERNAL = "INTERNAL"
INTERRUPTED = "INTERRUPTED"


def _row(path: str, rule: str, severity: Severity, message: str, place: str = "文件") -> AuditRow:
    return AuditRow(
        path=path, body=None, year=None, rule=rule, severity=severity,
        verdict=Verdict.VIOLATED, place=place, stated=None, expected=None, message=message,
    )


def _flags(found: Iterable[_Found]) -> int:
    """What a report's findings hold: violated errors, violated warnings (as index flags)."""
    flags = 0
    for _, _, rule, severity, verdict, *_ in found:
        if verdict is Verdict.VIOLATED and rule != READ:
            flags |= _index.ERRORS if severity is Severity.ERROR else _index.WARNINGS
    return flags


def _read_noted(path: str) -> tuple[AnnualReport, tuple[tuple[str, str], ...]] | AuditRow:
    try:
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind):
            # a FIFO or a device would block or never end: only regular files are read
            return _row(path, READ, Severity.ERROR, f"无法读取：不是普通文件（{_kind(kind)}）")
        loaded = load(path)
        return loaded.report, loaded.unread
    except (GovDisclosureError, OSError, UnicodeError, ValueError, RecursionError) as exc:
        return _row(path, READ, Severity.ERROR, f"无法读取：{one_line(exc)}")
    except Exception as exc:  # a bug in a reader must not end a run of 100,000 files
        return _row(path, READ, Severity.ERROR,
                    f"无法读取（{type(exc).__name__}）：{one_line(exc)}")


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "目录"), (stat.S_ISFIFO, "FIFO"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "字符设备"),
                       (stat.S_ISBLK, "块设备")):
        if test(mode):
            return name
    return "特殊文件"


#: one finding as the workers send it: every field of :class:`AuditRow` but the paths
#: (plain tuples pickle in C; a record per file is light to send)
_Found = tuple[
    str | None, int | None, str, Severity, Verdict, str, int | None, int | None, str
]


def _found(report: AnnualReport | None, finding: Finding) -> _Found:
    return (
        None if report is None else report.body, None if report is None else report.year,
        finding.rule, finding.severity, finding.verdict, str(finding.place), finding.stated,
        finding.expected, finding.message,
    )


def _found_row(row: AuditRow) -> _Found:
    return (row.body, row.year, row.rule, row.severity, row.verdict, row.place, row.stated,
            row.expected, row.message)


def _audit_row(path: str, found: _Found, previous_path: str | None = None) -> AuditRow:
    body, year, rule, severity, verdict, place, stated, expected, message = found
    return AuditRow(
        path=path, body=body, year=year, rule=rule, severity=severity, verdict=verdict,
        place=place, stated=stated, expected=expected, message=message,
        previous_path=previous_path,
    )


class _Record(NamedTuple):
    """What a worker sends back for one file."""

    path: str
    key: tuple[str, int] | None
    found: tuple[_Found, ...]
    #: the report as the pairing index keeps it (``None`` when unreadable)
    frozen: bytes | None = None
    #: the pair with last year's report within the same chunk, checked at once: the
    #: position of that report in the chunk and the pair's findings
    pair: tuple[int, tuple[_Found, ...]] | None = None
    #: dashboard hook: the report's ReportSummary when the run collects them
    summary: object = None


def _normal_body(body: str) -> str:
    return re.sub(r"\s+", "", body)


def _unsupported(path: str) -> _Record:
    suffix = Path(path).suffix.lower()
    return _Record(path, None, (_found_row(_row(
        path, READ, Severity.ERROR,
        f"无法读取：不支持 {suffix} 文件，请另存为 .docx 后再审核 "
        f"(unsupported {suffix}: save as .docx)",
    )),))


def _audit_file(path: str, summarize: bool = False) -> tuple[_Record, AnnualReport | None]:
    """Worker: read one file and run every single-report rule (and, for the dashboard,
    summarize it); the record and the report read."""
    if Path(path).suffix.lower() in UNSUPPORTED:
        return _unsupported(path), None
    read = _read_noted(path)
    if isinstance(read, AuditRow):
        return _Record(path, None, (_found_row(read),)), None
    report, unread = read
    body, year = report.body, report.year
    notes = tuple(
        (body, year, PARSE, Severity.WARNING, Verdict.UNDETERMINED, place,
         None, None, f"未能读取：{message}")
        for place, message in unread
    )
    try:
        found = notes + tuple(_found(report, f) for f in check_report(report))
    except Exception as exc:  # a failing rule is reported, and the other files go on
        found = (_found_row(_row(path, INTERNAL, Severity.ERROR,
                                 f"检查出错：{type(exc).__name__}：{exc}")),)
    summary = None
    if summarize:  # dashboard hook (the module comes with the dashboard)
        summary = importlib.import_module("govdisclosure.audit.dashboard").summarize(path, report)
    record = _Record(path, (_normal_body(body), year), found, _index.freeze(report),
                     summary=summary)
    return record, report


def _pair_found(path: str, before: AnnualReport, after: AnnualReport) -> tuple[_Found, ...]:
    """The findings of one pair of consecutive years (about ``after``, found at ``path``)."""
    try:
        return tuple(_found(after, f) for f in check_pair(before, after))
    except Exception as exc:
        return (_found_row(_row(path, INTERNAL, Severity.ERROR,
                                f"跨年检查出错：{type(exc).__name__}：{exc}")),)


def _audit_files(paths: Sequence[str], summarize: bool = False) -> list[_Record]:
    """Worker: a chunk of files, and the pairs of consecutive years within it.

    Within the chunk, each (body, year) is paired with the first report of (body, year − 1)
    read in it; the parent keeps a pair only when both reports are the ones the whole run
    keeps (the first read of their key), else the second pass checks the pair it keeps.
    """
    records: list[_Record] = []
    first: dict[tuple[str, int], tuple[int, AnnualReport]] = {}
    for path in paths:
        record, report = _audit_file(path, summarize)
        if report is not None and record.key is not None and record.key not in first:
            first[record.key] = (len(records), report)
        records.append(record)
    for (body, year), (at, report) in first.items():
        before = first.get((body, year - 1))
        if before is not None:
            found = _pair_found(records[at].path, before[1], report)
            records[at] = records[at]._replace(pair=(before[0], found))
    return records


def _audit_chain(chain: Sequence[_index.Entry]) -> list[tuple[_Found, ...]]:
    """Worker: one body's reports for consecutive years, as kept by the first pass (the files
    are not read again); the findings of each pair, in order."""
    out: list[tuple[_Found, ...]] = []
    before = _index.thaw(chain[0].blob)
    for entry in chain[1:]:
        after = _index.thaw(entry.blob)
        out.append(_pair_found(entry.path, before, after))
        before = after
    return out


def _audit_chains(chains: Sequence[Sequence[_index.Entry]]) -> list[list[tuple[_Found, ...]]]:
    """Worker: a chunk of runs."""
    return [_audit_chain(chain) for chain in chains]


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    """Chunks of ``items``: 8, 16, 32 … up to ``size`` (a short run still reaches every
    worker; a long one sends few, large chunks)."""
    it = iter(items)
    step = min(8, size)
    while batch := list(itertools.islice(it, step)):
        yield batch
        step = min(2 * step, size)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what to do with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class AuditRun(Iterator[AuditRow]):
    """The rows of a run, streamed; :attr:`summary` fills as they are consumed."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int | None = None,
        chunksize: int = 64,
        progress: Callable[[int, int], None] | None = None,
        workdir: str | os.PathLike[str] | None = None,
        summarize: bool = False,
    ) -> None:
        self.paths = list(paths)
        #: dashboard hook: one ReportSummary per report read, when ``summarize``
        self.summarize = summarize
        self.reports: list[object] = []
        self.jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        self.chunksize = max(1, chunksize)
        self.progress = progress
        self.workdir = workdir
        self.summary = AuditSummary()
        self._rows = self._run()

    def __next__(self) -> AuditRow:
        return next(self._rows)

    def __iter__(self) -> AuditRun:
        return self

    def close(self) -> None:
        """Stop the run: its workers and its index file go."""
        self._rows.close()

    def _map(
        self, pool: Pool | None, function: Callable[[list[_T]], _R], items: Iterable[_T]
    ) -> Iterator[tuple[list[_T], _R]]:
        """``function`` over chunks of ``items``, in order, with a bounded number in flight;
        each chunk with its result.

        ``Pool.imap`` would queue every task and every finished result it is handed: here
        at most ``4 × jobs`` chunks are pending, whatever the number of files.
        """
        chunks = _batches(items, self.chunksize)
        if pool is None:
            for chunk in chunks:
                yield chunk, function(chunk)
            return
        pending: collections.deque[tuple[list[_T], AsyncResult[_R]]] = collections.deque()
        for chunk in chunks:
            pending.append((chunk, pool.apply_async(function, (chunk,))))
            if len(pending) >= 4 * self.jobs:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()

    def _run(self) -> Generator[AuditRow, None, None]:
        with _index.PairingIndex(self.workdir) as index:
            if self.jobs == 1:
                yield from self._stream(None, index)
                return
            pool = multiprocessing.get_context().Pool(self.jobs, initializer=_worker_init)
            try:
                yield from self._stream(pool, index)
            finally:
                pool.terminate()
                pool.join()

    def _total(self) -> int:
        return sum(1 for _ in walk(self.paths)) if self.progress is not None else 0

    def _stream(self, pool: Pool | None, index: _index.PairingIndex) -> Iterator[AuditRow]:
        total, done = self._total(), 0
        read = functools.partial(_audit_files, summarize=self.summarize)
        for _, records in self._map(pool, read, walk(self.paths)):
            for record, rows in zip(records, self._first(records, index), strict=True):
                if record.summary is not None:  # dashboard hook
                    self.reports.append(record.summary)
                done += 1
                self.summary.files += 1
                if self.progress is not None:
                    self.progress(done, max(total, done))
                for row in rows:
                    self.summary.add(row)
                    yield row
        for runs, found in self._map(pool, _audit_chains, self._runs(index)):
            for run, chain_found in zip(runs, found, strict=True):
                yield from self._second(run, chain_found)

    def _first(
        self, records: Sequence[_Record], index: _index.PairingIndex
    ) -> list[list[AuditRow]]:
        """The rows of a chunk's files, each file's own then its pair's with last year; each
        report kept in the index (with its bytes unless both its pairs were checked)."""
        # which reports the run keeps: the first read of each key, in this chunk or before
        firsts: dict[tuple[str, int], str | None] = {}
        kept_at: dict[tuple[str, int], int] = {}
        for at, record in enumerate(records):
            key = record.key
            if key is None or key in firsts:
                continue
            firsts[key] = index.first(*key)
            if firsts[key] is None:
                kept_at[key] = at
        paired = {
            at for key, at in kept_at.items()
            if (pair := records[at].pair) is not None
            and kept_at.get((key[0], key[1] - 1)) == pair[0]
        }
        out: list[list[AuditRow]] = []
        for at, record in enumerate(records):
            path, key = record.path, record.key
            rows = [_audit_row(path, found) for found in record.found]
            out.append(rows)
            if key is None:
                self.summary.unreadable += 1
                continue
            self.summary.read += 1
            flags = _flags(record.found)
            if kept_at.get(key) != at:
                first = firsts[key] or records[kept_at[key]].path
                rows.insert(0, AuditRow(
                    path=path, body=key[0], year=key[1], rule=DUPLICATE,
                    severity=Severity.WARNING, verdict=Verdict.VIOLATED, place="报告",
                    stated=None, expected=None,
                    message=f"与{first}是同一机关同一年度的报告；跨年对比只用前者",
                ))
                self.summary._mark(0, flags | _index.WARNINGS)
                continue
            if at in paired:
                assert record.pair is not None
                before, found = record.pair
                previous_path = records[before].path
                rows.extend(_audit_row(path, f, previous_path) for f in found)
                flags |= _flags(found)
                self.summary.pairs += 1
            self.summary._mark(0, flags)
            later = kept_at.get((key[0], key[1] + 1))
            needed = at not in paired or later is None or later not in paired
            index.add(*key, path, flags, record.frozen if needed else None,
                      paired=at in paired)
        return out

    def _runs(self, index: _index.PairingIndex) -> Iterator[tuple[_index.Entry, ...]]:
        for run in index.runs():
            self.summary.pairs += len(run) - 1
            yield run

    def _second(
        self, run: Sequence[_index.Entry], found: Sequence[tuple[_Found, ...]]
    ) -> Iterator[AuditRow]:
        """A run's pair rows; a report counts as with errors (warnings) once, over both passes."""
        for (previous, entry), pair in zip(itertools.pairwise(run), found, strict=True):
            self.summary._mark(entry.flags, entry.flags | _flags(pair))
            for f in pair:
                row = _audit_row(entry.path, f, previous.path)
                self.summary.add(row)
                yield row


def audit(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    chunksize: int = 64,
    progress: Callable[[int, int], None] | None = None,
    workdir: str | os.PathLike[str] | None = None,
    summarize: bool = False,
) -> AuditRun:
    """Audit files and directories; an iterator of :class:`AuditRow` (see the module notes).

    ``jobs`` worker processes (default: every core; ``1`` runs in this process), sent
    chunks of at most ``chunksize`` files (the first ones smaller, so that a short run still
    reaches every worker); ``progress(done, total)`` is called as files are read (the files
    are counted first);
    ``workdir`` is where the pairing index is kept (default: the system's temporary
    directory; up to about 3 kB a report). With ``summarize`` the run's ``reports`` collects
    each report's ``ReportSummary`` (the dashboard's hook).
    """
    return AuditRun(paths, jobs=jobs, chunksize=chunksize, progress=progress, workdir=workdir,
                    summarize=summarize)


CSV_HEADER = (
    "path", "body", "year", "rule", "severity", "verdict", "place", "stated", "expected",
    "message", "previous_path",
)


def shown_path(path: str) -> str:
    """A path as text: bytes of a file name that are not UTF-8 shown as ``\\xff``."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


@functools.lru_cache(maxsize=4096)
def _field(value: str, terminal: bool) -> str:
    """A text field of the findings CSV (cached: paths, bodies, places and messages repeat
    from row to row)."""
    shown = neutralise(shown_path(value))
    return visible(shown) if terminal else shown


def _csv_line(row: AuditRow, *, terminal: bool = False) -> list[str]:
    def text(v: str | None) -> str:
        return "" if v is None else _field(v, terminal)

    def number(v: int | None) -> str:
        return "" if v is None else str(v)

    return [
        text(row.path), text(row.body), number(row.year), text(row.rule),
        row.severity.value, row.verdict.value, text(row.place), number(row.stated),
        number(row.expected), text(row.message), text(row.previous_path),
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


EXIT_INTERRUPTED = 130


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
    ``error`` rule is violated, 1 when one is, 2 when a file could not be read, 130 when
    interrupted (Ctrl-C): the CSV then holds every row found so far, whole, and a last
    ``INTERRUPTED`` row that says it is partial.
    """
    err = err if err is not None else sys.stderr
    if progress is None:
        progress = err.isatty()
    run = audit(paths, jobs, progress=_bar(err) if progress else None,
                summarize=html is not None)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    kept: list[AuditRow] = []  # dashboard hook: the rows, only when a page is asked for
    # on a terminal, an escape sequence in a body's name must not drive the terminal
    terminal = out.isatty()
    try:
        for row in run:
            writer.writerow(_csv_line(row, terminal=terminal))
            if html is not None:
                kept.append(row)
    except KeyboardInterrupt:
        run.close()
        run.summary.interrupted = True
        writer.writerow(_csv_line(_row(
            "", INTERRUPTED, Severity.ERROR,
            "审核被中断（Ctrl-C），以上结果不完整 / interrupted: these results are partial",
            place="",
        )))
        out.flush()
    if html is not None and not run.summary.interrupted:
        dashboard = importlib.import_module("govdisclosure.audit.dashboard")
        dashboard.write_dashboard(html, run.reports, kept)
    for line in run.summary.lines():
        print(line, file=err)
    if run.summary.interrupted:
        return EXIT_INTERRUPTED
    if run.summary.unreadable:
        return 2
    return 1 if run.summary.with_errors else 0
