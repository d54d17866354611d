"""Many reports as one tidy dataset: one row per report and cell, with its status and source.

:func:`cells` gives the rows of one report (:class:`CellRow`); :func:`read_file` reads a
file and says, cell by cell, whether the value was **stated**, left **blank**, could not be
read (**unread**, from the parser's notes) or **derived** (a total the model computed
because the input did not give it), and where it came from (``source``: the JSON path, the
CSV line, the place in the published page). :func:`export` streams files on every core
into CSV, Parquet or DuckDB (the ``dataset`` extra: pyarrow, duckdb).

``row`` and ``column`` are the official label paths exactly as in the CSV form
(:mod:`govdisclosure.csvio`); ``code`` is the stable cell code of
:mod:`govdisclosure.crosswalk`, the same across formats where the meaning is the same. A
2021 report that does not state the （六）其他处理 row gets one computed row
``t3.other_handling.*`` (status ``derived``), the sum of its three rows, so that it can be
compared with 2019's single row. Counts and amounts are :class:`~decimal.Decimal` in
Parquet and DuckDB (``DECIMAL(38, 8)``; an amount with more places is refused, never
rounded), text in CSV.
"""

from __future__ import annotations

import csv
import enum
import functools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import attrs

from .crosswalk import SUMS, cell_code, crosswalk, grid_code, t2_code
from .csvsafe import neutralise
from .errors import GovDisclosureError, MissingExtra
from .files import one_line, walk
from .formats import ValueKind, formats
from .layout import Kind
from .model import AnnualReport, Grid, Table3, Table4

__all__ = [
    "COLUMNS",
    "CellRow",
    "ExportSummary",
    "Provenance",
    "Status",
    "cells",
    "export",
    "files_of",
    "read_file",
    "wide_codes",
]


def __dir__() -> list[str]:
    return __all__


#: the columns of the long form, in order
COLUMNS = (
    "report", "file", "body", "year", "format", "table", "code", "row", "column", "value",
    "unit", "status", "source",
)
#: the columns of the wide form before one column per code
WIDE_COLUMNS = ("report", "file", "body", "year", "format")
#: places after the point that Parquet and DuckDB keep
SCALE = 8
_DERIVED = "计算：各项之和 / derived: sum of its parts"


class Status(enum.Enum):
    """Where a cell's value stands."""

    #: a value given in the input
    STATED = "stated"
    #: left blank in the input (``None``, never 0)
    BLANK = "blank"
    #: present in the published page but not readable with certainty (the parser's notes)
    UNREAD = "unread"
    #: a total (or a crosswalk sum) computed because the input did not give it
    DERIVED = "derived"


@attrs.frozen(kw_only=True)
class CellRow:
    """One row of the long form."""

    report: str
    file: str
    body: str
    year: int
    format: str
    table: str
    code: str
    row: str
    column: str
    value: int | Decimal | None
    unit: str | None
    status: Status
    source: str

    def fields(self) -> tuple[object, ...]:
        """The values in :data:`COLUMNS` order (status as its text)."""
        return (
            self.report, self.file, self.body, self.year, self.format, self.table, self.code,
            self.row, self.column, self.value, self.unit, self.status.value, self.source,
        )


@attrs.frozen(kw_only=True)
class Provenance:
    """What the input gave: each given cell ``(table, row path, column path)`` → where it was
    read; and the places the parser could not read, as ``(table, row, column)`` label paths
    (an empty row or column covers the whole table or row)."""

    given: Mapping[tuple[str, str, str], str]
    unread: tuple[tuple[str, str, str], ...] = ()

    def is_unread(self, table: str, row: str, column: str) -> bool:
        return any(
            t == table and (not r or r == row) and (not c or c == column)
            for t, r, c in self.unread
        )


def report_id(report: AnnualReport) -> str:
    """``永春县石鼓镇人民政府/2020``: the body and the year."""
    return f"{report.body}/{report.year}"


def _status(
    provenance: Provenance | None, key: tuple[str, str, str], value: object, total: bool
) -> tuple[Status, str]:
    if provenance is None:  # a report built in memory: what it holds is what was stated
        return (Status.BLANK, "") if value is None else (Status.STATED, "")
    where = provenance.given.get(key)
    if where is not None:
        if value is None and provenance.is_unread(*key):
            return Status.UNREAD, where
        return (Status.BLANK if value is None else Status.STATED), where
    if provenance.is_unread(*key):
        if value is None:
            return Status.UNREAD, "未能读取 / not read"
        return Status.DERIVED, f"{_DERIVED}（印出的数未能读取 / the printed value was not read）"
    if value is not None or total:
        return Status.DERIVED, _DERIVED
    return Status.UNREAD, "未找到 / not found"


def _money_unit(report: AnnualReport, index: int, label: str) -> str | None:
    """The unit printed with the amount, else the one its column header fixes (万元)."""
    printed = report.table2.units[index]
    if printed is not None:
        return printed
    return "万元" if "万元" in label else None


def cells(
    report: AnnualReport, *, file: str = "", provenance: Provenance | None = None,
    crosswalk: bool = True,
) -> Iterator[CellRow]:
    """Every cell of the three tables as rows of the long form, in printed order.

    Group rows and columns (not printed in the template) only when they hold a stated value,
    as in the CSV form; then (unless ``crosswalk=False``) the crosswalk sums
    (:data:`~govdisclosure.crosswalk.SUMS`) a format computes. Without ``provenance`` a value
    is ``stated`` and ``None`` is ``blank``.
    """
    head: dict[str, Any] = {
        "report": report_id(report), "file": file, "body": report.body,
        "year": report.year, "format": report.format.code,
    }
    for cell, value in report.table2.cells():
        # the label path as in the CSV form; the unit has a column of its own
        key = ("二", cell.row_path, cell.column.label)
        status, source = _status(provenance, key, value, total=False)
        money = cell.column.kind is ValueKind.MONEY
        yield CellRow(
            **head, table="二", code=t2_code(cell.block.code, cell.row_code, cell.column.code),
            row=cell.row_path, column=cell.column.label, value=value,
            unit=_money_unit(report, cell.index, cell.column.label) if money else None,
            status=status, source=source,
        )
    for grid in (report.table3, report.table4):
        yield from _grid_cells(grid, head, provenance)
    if crosswalk and isinstance(report.table3, Table3):
        yield from _sums(report.table3, head)


def _grid_cells(
    grid: Grid, head: dict[str, Any], provenance: Provenance | None
) -> Iterator[CellRow]:
    rows, cols = grid.held()
    cls = type(grid)
    for row in rows:
        path = "/".join(grid.row_path(grid.format, row))
        line = grid.values[row.index]
        for col in cols:
            value = line[col.index]
            key = (grid.table, path, col.path_text)
            total = Kind.TOTAL in (row.kind, col.kind)
            status, source = _status(provenance, key, value, total)
            yield CellRow(
                **head, table=grid.table, code=cell_code(cls, row, col), row=path,
                column=col.path_text, value=value, unit=None, status=status, source=source,
            )


def _sums(grid: Table3, head: dict[str, Any]) -> Iterator[CellRow]:
    lineage = grid.format.lineage()
    rows = grid.rows
    for s in SUMS:
        if s.table != grid.table or not (s.computed_in & lineage):
            continue
        node = rows.find(s.row)
        parts = [rows.find(p) for p in s.parts]
        if node is None or any(p is None for p in parts):
            continue
        if any(v is not None for v in grid.values[node.index]):
            continue  # stated in the report: its own row was written
        path = "/".join(grid.row_path(grid.format, node))
        for col in grid.held()[1]:
            values = [grid.values[p.index][col.index] for p in parts if p is not None]
            value = None if any(v is None for v in values) else sum(v for v in values if v)
            yield CellRow(
                **head, table=grid.table, code=grid_code(grid.table, s.row, col.code), row=path,
                column=col.path_text, value=value, unit=None, status=Status.DERIVED,
                source=f"计算：{s.note} / derived: crosswalk sum",
            )


# --- reading files with their provenance -------------------------------------------------


def _json_provenance(data: object) -> Provenance:
    given: dict[tuple[str, str, str], str] = {}
    if not isinstance(data, dict):
        return Provenance(given=given)
    from .formats import get_format

    fmt = get_format(str(data.get("format")))
    t2 = data.get("table2") or {}
    for cell in fmt.table2_cells():
        block = t2.get(cell.block.code) if isinstance(t2, dict) else None
        row = block.get(cell.row_code) if isinstance(block, dict) else None
        if isinstance(row, dict) and cell.column.code in row:
            given["二", cell.row_path, cell.column.label] = (
                f"$.table2.{cell.block.code}.{cell.row_code}.{cell.column.code}"
            )
    for cls, name in ((Table3, "table3"), (Table4, "table4")):
        table = data.get(name) or {}
        if not isinstance(table, dict):
            continue
        rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
        for row in rows.cells:
            line = table.get(row.code)
            if not isinstance(line, dict):
                continue
            path = "/".join(cls.row_path(fmt, row))
            for col in cols.cells:
                if col.code in line:
                    given[cls.table, path, col.path_text] = f"$.{name}.{row.code}.{col.code}"
    return Provenance(given=given)


def _label(text: str) -> str:
    return "/".join(part.strip() for part in text.strip().split("/"))


def _csv_provenance(text: str) -> Provenance:
    given: dict[tuple[str, str, str], str] = {}
    reader = csv.reader(text.removeprefix("\ufeff").splitlines())
    for number, fields in enumerate(reader, start=1):
        if len(fields) == 4 and fields[0].strip() in ("二", "三", "四"):
            given[fields[0].strip(), _label(fields[1]), _label(fields[2])] = f"CSV 第{number}行"
    return Provenance(given=given)


def read_file(path: str | os.PathLike[str]) -> tuple[AnnualReport, Provenance]:
    """A report and its provenance: JSON and CSV documents, else a published report.

    Raises :class:`~govdisclosure.errors.GovDisclosureError` (or ``OSError``) when the file
    cannot be read as a report.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .jsonio import load_json

        raw = path.read_bytes()
        report = load_json(raw)
        return report, _json_provenance(json.loads(raw))
    if suffix == ".csv":
        from .csvio import load_csv

        text = path.read_bytes().decode("utf-8")
        return load_csv(text), _csv_provenance(text)
    from .parsing import NoteKind, parse

    result = parse(path)
    if result.report is None:
        reasons = "; ".join(str(n) for n in result.findings[:3]) or "no report found"
        raise GovDisclosureError(f"could not read a report: {reasons}")
    given = {
        (c.table, "/".join(c.row), "/".join(c.column)): f"{result.kind} {c.location}"
        for c in result.cells
    }
    unread = tuple(
        (n.place.table, "/".join(n.place.row), "/".join(n.place.column))
        for n in result.findings
        if n.kind in (NoteKind.UNREADABLE, NoteKind.MISSING) and n.place.table in "二三四"
    )
    return result.report, Provenance(given=given, unread=unread)


# --- the wide form ------------------------------------------------------------------------


def wide_codes() -> tuple[str, ...]:
    """The code columns of the wide form: every code of every registered format."""
    seen = {c.code: None for c in crosswalk()}
    for fmt in formats():
        for cell in fmt.table2_cells():
            seen.setdefault(t2_code(cell.block.code, cell.row_code, cell.column.code))
        for cls in (Table3, Table4):
            for row in cls.row_axis(fmt).cells:
                for col in cls.column_axis(fmt).cells:
                    seen.setdefault(cell_code(cls, row, col))
    return tuple(seen)


# --- export -------------------------------------------------------------------------------


def files_of(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files given, and the files of a known kind under directories given, in walk order
    (see :func:`govdisclosure.files.walk`)."""
    return list(walk(paths))


_Rows = tuple[tuple[object, ...], ...]


def _file_rows(path: str, crosswalk: bool = True) -> tuple[str, _Rows | str]:
    """Worker: the rows of one file as tuples, or why it could not be read."""
    try:
        report, provenance = read_file(path)
        rows = cells(report, file=path, provenance=provenance, crosswalk=crosswalk)
        return path, tuple(r.fields() for r in rows)
    except (GovDisclosureError, OSError, UnicodeError, ValueError) as exc:
        return path, one_line(exc)
    except Exception as exc:  # a bug in a reader must not end a run of 100,000 files
        return path, f"{type(exc).__name__}: {one_line(exc)}"


@attrs.define
class ExportSummary:
    """What an export did."""

    files: int = 0
    reports: int = 0
    rows: int = 0
    #: ``(path, reason)`` of each file that could not be read
    unreadable: list[tuple[str, str]] = attrs.field(factory=list)
    by_status: dict[str, int] = attrs.field(factory=dict)


def _results(
    files: Sequence[str], jobs: int, progress: Callable[[int, int], None] | None,
    crosswalk: bool,
) -> Iterator[tuple[str, _Rows | str]]:
    total = len(files)
    read = functools.partial(_file_rows, crosswalk=crosswalk)
    if jobs == 1 or total <= 1:
        stream: Iterable[tuple[str, _Rows | str]] = map(read, files)
        for done, item in enumerate(stream, start=1):
            if progress:
                progress(done, total)
            yield item
        return
    with multiprocessing.get_context().Pool(jobs) as pool:
        for done, item in enumerate(pool.imap(read, files, chunksize=8), start=1):
            if progress:
                progress(done, total)
            yield item


class _Writer:
    def add(self, rows: _Rows) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _CsvWriter(_Writer):
    def __init__(self, out: TextIO, wide: bool) -> None:
        self.out = out
        self.wide = wide
        self.index = {code: i for i, code in enumerate(wide_codes())}
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow((*WIDE_COLUMNS, *self.index) if wide else COLUMNS)

    def add(self, rows: _Rows) -> None:
        if self.wide and rows:
            rows = (_widen(rows, self.index),)
        self.writer.writerows(
            [v if isinstance(v, int) else neutralise(_text(v)) for v in row] for row in rows
        )

    def close(self) -> None:
        self.out.close()


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingExtra("Parquet and DuckDB output need pyarrow: "
                           "pip install 'govdisclosure[dataset]'") from exc
    return pa


def _schema(pa: Any, wide: bool) -> Any:
    number = pa.decimal128(38, SCALE)
    if wide:
        return pa.schema(
            [(n, pa.int32() if n == "year" else pa.string()) for n in WIDE_COLUMNS]
            + [(code, number) for code in wide_codes()]
        )
    return pa.schema([
        (n, pa.int32() if n == "year" else number if n == "value" else pa.string())
        for n in COLUMNS
    ])


def _decimal(value: object, row: tuple[object, ...], name: str) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(value) if isinstance(value, int) else value
    assert isinstance(number, Decimal)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SCALE:
        where = f"表{row[5]} / {row[7]} / {row[8]}" if name == "value" else name
        raise GovDisclosureError(
            f"{row[1]}: {where}: the value {number} has more than {SCALE} places after the "
            "point; export would round it"
        )
    return number


def _widen(rows: _Rows, index: Mapping[str, int]) -> tuple[object, ...]:
    first = rows[0]
    line: list[object] = [*first[:5], *([None] * len(index))]
    for row in rows:
        at = index.get(str(row[6]))
        if at is not None:
            line[5 + at] = row[9]
    return tuple(line)


class _ArrowWriter(_Writer):
    """Batches of rows to a Parquet file or a DuckDB table, through pyarrow."""

    batch = 20_000

    def __init__(self, target: str, kind: str, wide: bool) -> None:
        self.pa = _pyarrow()
        self.kind, self.wide = kind, wide
        self.schema = _schema(self.pa, wide)
        self.index = {code: i for i, code in enumerate(wide_codes())}
        self.pending: list[tuple[object, ...]] = []
        self.parquet: Any = None
        self.duck: Any = None
        if kind == "parquet":
            self.parquet = self.pa.parquet.ParquetWriter(target, self.schema, compression="zstd")
        else:
            self.duck = _duckdb().connect(target)
            self.table = "reports" if wide else "cells"
            self.duck.execute(f"DROP TABLE IF EXISTS {self.table}")
            self.duck.register("batch", self.schema.empty_table())
            self.duck.execute(f"CREATE TABLE {self.table} AS SELECT * FROM batch")
            self.duck.unregister("batch")

    def add(self, rows: _Rows) -> None:
        if not rows:
            return
        if self.wide:
            self.pending.append(_widen(rows, self.index))
        else:
            self.pending.extend(rows)
        if len(self.pending) >= (self.batch // 200 if self.wide else self.batch):
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        columns = list(zip(*self.pending, strict=True))
        self.pending = []
        arrays = []
        for i, field in enumerate(self.schema):
            values: Sequence[object] = columns[i]
            if self.pa.types.is_decimal(field.type):
                rows = zip(*columns, strict=True)
                values = [_decimal(v, r, field.name) for v, r in zip(values, rows, strict=True)]
            arrays.append(self.pa.array(values, type=field.type))
        batch = self.pa.Table.from_arrays(arrays, schema=self.schema)
        if self.parquet is not None:
            self.parquet.write_table(batch)
        else:
            self.duck.register("batch", batch)
            self.duck.execute(f"INSERT INTO {self.table} SELECT * FROM batch")
            self.duck.unregister("batch")

    def close(self) -> None:
        self.flush()
        if self.parquet is not None:
            self.parquet.close()
        if self.duck is not None:
            self.duck.close()


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as exc:
        raise MissingExtra("DuckDB output needs duckdb: pip install 'govdisclosure[dataset]'"
                           ) from exc
    return duckdb


def _writers(output: str, wide: bool) -> list[_Writer]:
    suffix = Path(output).suffix.lower()
    if suffix == ".csv":
        out = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close)
        return [_CsvWriter(out, wide)]
    if suffix == ".parquet":
        return [_ArrowWriter(output, "parquet", wide)]
    if suffix == ".duckdb":
        # one file holds both forms: the table cells and the table reports
        return [_ArrowWriter(output, "duckdb", False), _DuckWide(output)]
    raise GovDisclosureError(
        f"unknown output kind {suffix or output!r}: expected a .parquet, .csv or .duckdb file"
    )


class _DuckWide(_Writer):
    """The ``reports`` table of a DuckDB file, pivoted from ``cells`` once they are written."""

    def __init__(self, target: str) -> None:
        self.target = target

    def add(self, rows: _Rows) -> None:
        return None

    def close(self) -> None:
        with _duckdb().connect(self.target) as con:
            codes = wide_codes()
            picks = ",\n".join(
                f"max(value) FILTER (WHERE code = '{c}') AS \"{c}\"" for c in codes
            )
            con.execute("DROP TABLE IF EXISTS reports")
            con.execute(
                f"CREATE TABLE reports AS SELECT report, file, body, year, format,\n{picks}\n"
                "FROM cells GROUP BY report, file, body, year, format ORDER BY file"
            )


def export(
    paths: Iterable[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    wide: bool = False,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    crosswalk: bool = True,
) -> ExportSummary:
    """Read every file (directories walked) on ``jobs`` processes (default: every core) and
    write the long form (or, with ``wide``, one row per report) to ``output``: ``.csv``,
    ``.parquet`` or ``.duckdb`` (tables ``cells`` and ``reports``, whatever ``wide``).

    Files are streamed: memory holds one batch of rows, not the dataset. A file that cannot
    be read is listed in the summary's ``unreadable``; the others are exported.
    ``crosswalk=False`` leaves out the computed crosswalk rows (see :func:`cells`).
    """
    files = files_of(paths)
    summary = ExportSummary(files=len(files))
    try:
        writers = _writers(str(output), wide)
    except GovDisclosureError:
        raise
    except Exception as exc:  # OSError, pyarrow's and duckdb's own I/O errors
        raise GovDisclosureError(f"cannot write {output}: {one_line(exc)}") from exc
    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    try:
        for path, rows in _results(files, workers, progress, crosswalk):
            if isinstance(rows, str):
                summary.unreadable.append((path, rows))
                continue
            summary.reports += 1
            summary.rows += len(rows)
            for row in rows:
                status = str(row[11])
                summary.by_status[status] = summary.by_status.get(status, 0) + 1
            for writer in writers:
                writer.add(rows)
    finally:
        for writer in writers:
            writer.close()
    return summary
