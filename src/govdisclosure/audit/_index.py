"""The bulk audit's pairing index: every report read, by (body, year), kept on disk.

The first pass of :func:`govdisclosure.audit.audit` records each report it read here under its
(body, year), the first one read for a key being the one kept. A worker checks the pairs of
consecutive years it finds within its own chunk of files at once (the reports are in its
memory); such a pair is marked ``paired``, and a report both of whose pairs were checked so is
kept without its bytes. Every other report is kept as a pickle, so that the second pass can
check the pairs left over (:meth:`PairingIndex.runs`) on the report that was read: a file is
read once, a file deleted or replaced after it was read still has its cross-year findings,
and the parent's memory does not grow with the number of reports: the index is an SQLite
file (standard library) in a temporary directory, whose page cache is bounded.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from govdisclosure.model import AnnualReport

__all__ = ["Entry", "PairingIndex", "freeze", "thaw"]


def __dir__() -> list[str]:
    return __all__


#: flags of what a report's findings hold so far
ERRORS, WARNINGS = 1, 2


def freeze(report: AnnualReport) -> bytes:
    """A report as the bytes the index keeps (a pickle: about 3 kB).

    Not compressed: compressing costs the workers more than the disk it saves is worth.
    """
    return pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)


def thaw(blob: bytes) -> AnnualReport:
    """The report :func:`freeze` made ``blob`` of (only ever bytes this process wrote)."""
    report = pickle.loads(blob)  # our own temporary file
    assert isinstance(report, AnnualReport)
    return report


def _text(value: str) -> bytes:
    # paths may hold undecodable bytes (surrogate escapes), bodies lone surrogates: kept exactly
    return value.encode("utf-8", "surrogatepass")


def _str(value: bytes) -> str:
    return value.decode("utf-8", "surrogatepass")


class Entry(NamedTuple):
    """One report in the index: its file, year, findings flags and frozen report (a tuple:
    runs of them go to the workers)."""

    path: str
    year: int
    flags: int
    blob: bytes


class PairingIndex:
    """Reports by (body, year), first one read kept; a context manager owning its file."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        import sqlite3  # on first use: most imports of the audit never run a bulk audit

        self._dir = tempfile.TemporaryDirectory(prefix="govdisclosure-audit-", dir=directory)
        self._db = sqlite3.connect(Path(self._dir.name) / "pairs.sqlite", isolation_level=None)
        # a scratch file: no journal, no fsync; a crash loses nothing worth keeping
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE report (body BLOB, year INTEGER, path BLOB, flags INTEGER, "
            "paired INTEGER, blob BLOB, PRIMARY KEY (body, year))"
        )
        self._db.execute("BEGIN")
        self._pending = 0

    def __enter__(self) -> PairingIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the index file."""
        self._db.close()
        self._dir.cleanup()

    def first(self, body: str, year: int) -> str | None:
        """The path of the report kept for (body, year), if one is."""
        found = self._db.execute(
            "SELECT path FROM report WHERE body = ? AND year = ?", (_text(body), year)
        ).fetchone()
        return None if found is None else _str(found[0])

    def add(
        self, body: str, year: int, path: str, flags: int, blob: bytes | None,
        *, paired: bool = False,
    ) -> str | None:
        """Keep a report; ``None``, or the path of the report already kept for (body, year).

        ``paired``: its pair with the year before was checked already; ``blob`` may be
        ``None`` only when no pair left to check needs the report.
        """
        key = _text(body)
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO report VALUES (?, ?, ?, ?, ?, ?)",
            (key, year, _text(path), flags, paired, blob),
        )
        if cursor.rowcount == 0:
            return self.first(body, year)
        self._pending += 1
        if self._pending >= 10_000:  # bounded transactions keep SQLite's memory flat
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0
        return None

    def runs(self) -> Iterator[tuple[Entry, ...]]:
        """Runs of consecutive years of one body whose pairs are left to check (each run two
        reports or more, every pair in it unchecked), lazily, in (body, year) order."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        blobs = self._db.cursor()
        run: list[tuple[int, int, bytes, int]] = []  # rowid, year, path, flags
        body: bytes | None = None
        last: tuple[int, int, bytes, int] | None = None

        def whole() -> tuple[Entry, ...]:
            entries = []
            for rowid, year, path, flags in run:
                (blob,) = blobs.execute(
                    "SELECT blob FROM report WHERE rowid = ?", (rowid,)
                ).fetchone()
                assert blob is not None, "a report a pair needs was kept without its bytes"
                entries.append(Entry(_str(path), year, flags, blob))
            return tuple(entries)

        for rowid, key, year, path, flags, paired in self._db.execute(
            "SELECT rowid, body, year, path, flags, paired FROM report ORDER BY body, year"
        ):
            entry = (rowid, year, path, flags)
            if last is not None and key == body and year == last[1] + 1 and not paired:
                if not run:
                    run.append(last)
                run.append(entry)
            else:
                if len(run) > 1:
                    yield whole()
                run = []
            last, body = entry, key
        if len(run) > 1:
            yield whole()
