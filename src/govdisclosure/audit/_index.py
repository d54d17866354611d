"""The bulk audit's pairing index: every report read, by (body, year), kept on disk.

The first pass of :func:`govdisclosure.audit.audit` stores each report it read here, as a
compressed pickle, under its (body, year); the second pass walks the index in (body, year)
order and hands each run of consecutive years to the pair rules. So a file is read once, a
file deleted or replaced after it was read still has its cross-year findings, computed
against the report that was read, and the parent's memory does not grow with the number of
reports: the index is an SQLite file (standard library) in a temporary directory, whose page
cache is bounded.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import attrs

from govdisclosure.model import AnnualReport

__all__ = ["Entry", "PairingIndex", "freeze", "thaw"]


def __dir__() -> list[str]:
    return __all__


#: flags of what a report's findings hold so far
ERRORS, WARNINGS = 1, 2


def freeze(report: AnnualReport) -> bytes:
    """A report as the bytes the index keeps (a pickle, compressed: about 1.5 kB)."""
    return zlib.compress(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL), 1)


def thaw(blob: bytes) -> AnnualReport:
    """The report :func:`freeze` made ``blob`` of (only ever bytes this process wrote)."""
    report = pickle.loads(zlib.decompress(blob))  # our own temporary file
    assert isinstance(report, AnnualReport)
    return report


def _text(value: str) -> bytes:
    # paths may hold undecodable bytes (surrogate escapes), bodies lone surrogates: kept exactly
    return value.encode("utf-8", "surrogatepass")


def _str(value: bytes) -> str:
    return value.decode("utf-8", "surrogatepass")


@attrs.frozen
class Entry:
    """One report in the index: its file, year, findings flags and frozen report."""

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
            "blob BLOB, PRIMARY KEY (body, year))"
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

    def add(self, body: str, year: int, path: str, flags: int, blob: bytes) -> str | None:
        """Keep a report; ``None``, or the path of the report already kept for (body, year)."""
        key = _text(body)
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO report VALUES (?, ?, ?, ?, ?)",
            (key, year, _text(path), flags, blob),
        )
        if cursor.rowcount == 0:
            (first,) = self._db.execute(
                "SELECT path FROM report WHERE body = ? AND year = ?", (key, year)
            ).fetchone()
            return _str(first)
        self._pending += 1
        if self._pending >= 10_000:  # bounded transactions keep SQLite's memory flat
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0
        return None

    def runs(self) -> Iterator[tuple[Entry, ...]]:
        """Runs of consecutive years of one body (two reports or more), lazily, in order."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        run: list[Entry] = []
        body: bytes | None = None
        for key, year, path, flags, blob in self._db.execute(
            "SELECT body, year, path, flags, blob FROM report ORDER BY body, year"
        ):
            entry = Entry(_str(path), year, flags, blob)
            if run and (key != body or year != run[-1].year + 1):
                if len(run) > 1:
                    yield tuple(run)
                run = []
            run.append(entry)
            body = key
        if len(run) > 1:
            yield tuple(run)
