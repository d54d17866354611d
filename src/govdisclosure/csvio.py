"""The report as CSV, one line per cell: ``table,row,column,value``.

``table`` is ``报告`` (metadata), ``二``, ``三`` or ``四``; ``row`` and ``column`` are the
official label paths joined with ``/``, read from the format (table 二's column labels are
single labels, ``本年增/减`` included). The CSV carries the metadata and the three tables, not
the narrative sections::

    table,row,column,value
    报告,格式版本,,2021
    报告,年度,,2025
    报告,机关,,平潭综合实验区管理委员会
    二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,4166.241619
    三,一、本年新收政府信息公开申请数量,总计,154
    四,行政诉讼/复议后起诉,结果维持,3

An empty value is a blank cell (``None``, never 0). Import accepts the exact official labels
only (surrounding whitespace ignored), keeps stated totals as stated and derives absent ones,
and reports every problem of the file at once, each at its ``第N行 (line N)``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import io
import os
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from .checks import validate
from .csvsafe import neutralise, restore
from .errors import CsvError, GovDisclosureError, InvalidValue, Problem
from .formats import ReportFormat, T2Cell, ValueKind, formats, get_format
from .layout import Node
from .model import AnnualReport, Grid, Metadata, Table2, Table3, Table4
from .units import amount_text, split_amount

__all__ = [
    "HEADER",
    "Record",
    "decode_csv",
    "dump_csv",
    "load_csv",
    "read_csv",
    "records",
    "write_csv",
]


def __dir__() -> list[str]:
    return __all__


#: The first line of every file.
HEADER: tuple[str, str, str, str] = ("table", "row", "column", "value")

#: ``table`` of the metadata lines.
_REPORT = "报告"
#: ``table`` of table 二 (tables 三 and 四 name themselves: ``Grid.table``).
_TABLE2 = "二"
_TABLES = (_REPORT, _TABLE2, Table3.table, Table4.table)

# The ``报告`` lines, in the order they are written: CSV label → Metadata field. The
# format version is not a Metadata field. These labels exist only in the CSV.
_FORMAT_LABEL = "格式版本"
_META_FIELDS: dict[str, str] = {
    "年度": "year",
    "机关": "body",
    "文号": "doc_number",
    "发布日期": "published",
    "标题": "title",
}
_REQUIRED = (_FORMAT_LABEL, "年度", "机关")
_META_LABELS = (_FORMAT_LABEL, *_META_FIELDS)

_COUNT = re.compile(r"[0-9]+")
_SIGNED = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: the date as printed on a report, 2021年1月6日 (read too; written as ISO)
_DATE_CN = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


@attrs.frozen(kw_only=True)
class Record:
    """One line of the CSV: a cell (or a metadata field) and its value as text."""

    table: str
    row: str
    column: str
    value: str

    def fields(self) -> tuple[str, str, str, str]:
        """The four fields in CSV order."""
        return (self.table, self.row, self.column, self.value)


# --- export -------------------------------------------------------------------------------


def _value_text(value: int | Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # Fixed-point keeps every stored digit (4166.241619, 1.50) and never writes an
        # exponent, which import refuses; the unit follows as printed (16万).
        return amount_text(value, unit)
    return str(value)


def _metadata_records(report: AnnualReport) -> Iterator[Record]:
    meta = report.metadata
    yield Record(table=_REPORT, row=_FORMAT_LABEL, column="", value=report.format.code)
    for label, field in _META_FIELDS.items():
        value = getattr(meta, field)
        if value is None:
            continue
        # text fields as given (exactly: spaces and control characters kept), never run by
        # a spreadsheet as a formula (OWASP; read back unchanged)
        text = value.isoformat() if isinstance(value, dt.date) else (
            str(value) if type(value) is int else neutralise(value)
        )
        yield Record(table=_REPORT, row=label, column="", value=text)


def _grid_records(grid: Grid) -> Iterator[Record]:
    values = grid.values
    # A group row or column is written, every cell of it, only when the grid holds it; its
    # blank total cells are then written too, so that import does not derive them.
    rows, cols = grid.held()
    for row in rows:
        path = "/".join(grid.row_path(grid.format, row))
        line = values[row.index]
        for col in cols:
            yield Record(
                table=grid.table, row=path, column=col.path_text, value=_value_text(line[col.index])
            )


def records(report: AnnualReport) -> Iterator[Record]:
    """Every line of the CSV: metadata, then tables 二, 三 and 四 in printed order.

    Every cell is written, totals included (a blank cell with an empty value); a group row
    or column (every cell of it) only when it holds a stated value.
    """
    yield from _metadata_records(report)
    for cell, value, unit in report.table2.cells_with_units():
        yield Record(
            table=_TABLE2, row=cell.row_path, column=cell.column.label,
            value=_value_text(value, unit),
        )
    yield from _grid_records(report.table3)
    yield from _grid_records(report.table4)


def dump_csv(report: AnnualReport, *, bom: bool = False) -> str:
    """The report as CSV text (header ``table,row,column,value``, ``\\n`` line endings).

    ``bom=True`` starts the text with a byte-order mark (U+FEFF), by which Excel and WPS
    recognise UTF-8 instead of showing the Chinese labels as mojibake."""
    text = _csv_text(report)
    return "\ufeff" + text if bom else text


def _csv_text(report: AnnualReport) -> str:
    rows = [record.fields() for record in records(report)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    text = out.getvalue()
    if "\r" not in text:
        return text
    # With "\n" line endings the csv module does not quote a lone "\r", which a reader then
    # takes for a line break: such (rare) lines are written fully quoted.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEADER)
    for fields in rows:
        (quoted if any("\r" in f for f in fields) else writer).writerow(fields)
    return out.getvalue()


def write_csv(report: AnnualReport, path: str | os.PathLike[str], *, bom: bool = False) -> None:
    """Write :func:`dump_csv` to ``path`` as UTF-8; with ``bom=True`` as UTF-8 with a BOM,
    what Excel and WPS open without mojibake."""
    Path(path).write_text(dump_csv(report, bom=bom), encoding="utf-8", newline="")


# --- import -------------------------------------------------------------------------------


def _at(line: int) -> str:
    return f"第{line}行 (line {line})"


_AT = re.compile(r"第([0-9]+)行")


def _line_of(problem: Problem) -> float:
    found = _AT.match(problem.place)
    return int(found[1]) if found else float("inf")


def _label(text: str) -> str:
    """A label path with surrounding whitespace removed, around each ``/`` too (split, not
    a regular expression: linear in the length of the text)."""
    return "/".join(part.strip() for part in text.split("/")).strip()


def _closest(label: str, known: Iterable[str]) -> str:
    if len(label) > 200:  # no official label is so long; difflib's matching is quadratic
        return ""
    found = difflib.get_close_matches(label, list(known), n=1, cutoff=0.6)
    return f"; closest official label: {found[0]!r}" if found else ""


@attrs.frozen(kw_only=True)
class _Line:
    """A data line of one table, fields stripped; ``number`` is its first physical line."""

    number: int
    row: str
    column: str
    value: str
    #: the value as written, not stripped (metadata text is read exactly)
    raw: str = ""


def _parse_amount(text: str) -> tuple[tuple[Decimal, str | None] | None, str | None]:
    """The amount and unit of a money cell (``16万``), or the problem with its text."""
    if not text:
        return None, None
    amount = split_amount(text)
    if amount is not None:
        return amount, None
    if _DECIMAL.fullmatch(text):
        return None, f"expected a non-negative amount, got {text!r}"
    return None, (
        f"expected a decimal amount such as 4166.241619 (digits and one '.', no exponent, "
        f"no separators), with its unit as printed if any (16万, 8.175万元), got {text!r}"
    )


def _parse_value(kind: ValueKind, text: str) -> tuple[int | Decimal | None, str | None]:
    """The value of a count cell, or the problem with its text. Empty text is a blank cell."""
    if not text:
        return None, None
    if kind is ValueKind.SIGNED:
        if _SIGNED.fullmatch(text):
            return _int(text)
        return None, f"expected a whole number, negative allowed (e.g. -3), got {text!r}"
    return _parse_count(text)


def _int(text: str) -> tuple[int | None, str | None]:
    try:
        return int(text), None
    except ValueError:  # beyond the interpreter's limit on digits
        return None, f"expected a whole number of reasonable size, got {len(text)} digits"


def _parse_count(text: str) -> tuple[int | None, str | None]:
    if not text:
        return None, None
    if _COUNT.fullmatch(text):
        return _int(text)
    if _SIGNED.fullmatch(text) and text.startswith("-"):
        return None, f"expected a non-negative count, got the negative number {text!r}"
    return None, f"expected a count: a non-negative whole number such as 154, got {text!r}"


@contextlib.contextmanager
def _field_limit(size: int) -> Iterator[None]:
    """``csv``'s field limit (128 KiB by default, one setting for the whole process) raised to
    ``size`` while one text, already in memory, is read: any field the writer wrote reads back."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, size))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _read_lines(text: str, problems: list[Problem]) -> dict[str, list[_Line]]:
    """The data lines of the file by table (blank lines skipped); the header is checked here."""
    with _field_limit(len(text) + 1):
        return _read_lines_of(text, problems)


def _read_lines_of(text: str, problems: list[Problem]) -> dict[str, list[_Line]]:
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: dict[str, list[_Line]] = {table: [] for table in _TABLES}
    header_seen = False
    last = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(_at(reader.line_num), f"cannot read the CSV: {error}"))
            break
        start, last = last + 1, reader.line_num
        stripped = [f.strip() for f in fields]
        if not any(stripped):
            continue
        if not header_seen:
            header_seen = True
            if tuple(stripped) == HEADER:
                continue
            problems.append(
                Problem(_at(start), f"expected the header {','.join(HEADER)!r}, got "
                                    f"{','.join(fields)!r}")
            )
            if stripped[0] not in _TABLES:
                continue  # not a data line either: the header is wrong, not missing
        if len(stripped) != len(HEADER):
            problems.append(
                Problem(_at(start), f"expected {len(HEADER)} fields ({','.join(HEADER)}), "
                                    f"got {len(stripped)}")
            )
            continue
        table, row, column, value = stripped
        if table not in _TABLES:
            problems.append(
                Problem(_at(start), f"unknown table {table!r}; expected one of "
                                    f"{', '.join(_TABLES)}")
            )
            continue
        lines[table].append(
            _Line(number=start, row=row, column=column, value=value, raw=fields[3])
        )
    if not header_seen:
        problems.append(Problem(_at(1), f"expected the header {','.join(HEADER)!r}, got an "
                                        "empty file"))
    return lines


def _metadata_lines(lines: list[_Line], problems: list[Problem]) -> dict[str, _Line]:
    """The ``报告`` lines by label; unknown, duplicate and missing ones are problems."""
    given: dict[str, _Line] = {}
    for line in lines:
        if line.row not in _META_LABELS:
            problems.append(
                Problem(_at(line.number), f"unknown {_REPORT} field {line.row!r}; expected one "
                                          f"of {', '.join(_META_LABELS)}")
            )
            continue
        if line.column:
            problems.append(
                Problem(_at(line.number), f"expected an empty column for {_REPORT} "
                                          f"{line.row}, got {line.column!r}")
            )
        first = given.get(line.row)
        if first is not None:
            problems.append(
                Problem(_at(line.number), f"duplicate {_REPORT} {line.row}; first given on "
                                          f"{_at(first.number)}")
            )
            continue
        given[line.row] = line
    for label in _REQUIRED:
        found = given.get(label)
        if found is None:
            problems.append(Problem(f"{_REPORT} / {label}", f"missing the line "
                                    f"{_REPORT},{label},,<value> (required)"))
        elif not found.value:
            problems.append(Problem(_at(found.number),
                                    f"expected a value for {_REPORT} {label}, got an empty one"))
    return given


def _read_format(given: dict[str, _Line], problems: list[Problem]) -> type[ReportFormat] | None:
    line = given.get(_FORMAT_LABEL)
    if line is None or not line.value:
        return None  # already reported as missing
    try:
        return get_format(line.value)
    except GovDisclosureError:
        known = ", ".join(f.code for f in formats())
        problems.append(Problem(_at(line.number), f"unknown format version {line.value!r}; "
                                                  f"expected one of {known}"))
        return None


def _meta_value(field: str, line: _Line, problems: list[Problem]) -> object:
    """The value of a metadata field, or :data:`_BAD` (and a problem)."""
    text = line.value
    if field == "year":
        if _YEAR.fullmatch(text):
            return int(text)
        problems.append(Problem(_at(line.number),
                                f"expected a four-digit year such as 2020, got {text!r}"))
        return _BAD
    if field == "published":
        date = _parse_date(text)
        if date is not None:
            return date
        problems.append(Problem(_at(line.number), f"expected a date such as 2021-01-06 or "
                                                  f"2021年1月6日, got {text!r}"))
        return _BAD
    return restore(line.raw)  # text exactly as written, un-neutralised


_BAD = object()
_OPTIONAL_TEXT = frozenset({"doc_number", "title"})


def _read_metadata(given: dict[str, _Line], problems: list[Problem]) -> Metadata | None:
    fields: dict[str, object] = {}
    for label, field in _META_FIELDS.items():
        line = given.get(label)
        # An empty optional field is not stated; an empty required one is already reported.
        # (text is read exactly: whitespace-only text is text, an empty value is none)
        empty = line is None or not (line.raw if field in _OPTIONAL_TEXT else line.value)
        fields[field] = None if empty else _meta_value(field, line, problems)  # type: ignore[arg-type]
    required = {_META_FIELDS[label] for label in _REQUIRED if label in _META_FIELDS}
    if any(v is _BAD or (v is None and k in required) for k, v in fields.items()):
        return None
    try:
        return Metadata(**fields)  # type: ignore[arg-type]
    except GovDisclosureError as error:
        # The model's own rules (e.g. the year's range): name the line of the field.
        labels = {field: label for label, field in _META_FIELDS.items()}
        for problem in getattr(error, "problems", (Problem("", error.message),)):
            label = labels.get(problem.place, problem.place)
            found = given.get(label)
            place = _at(found.number) if found else f"{_REPORT} / {label}"
            problems.append(Problem(place, f"{_REPORT} {label}: {problem.message}"))
        return None


def _parse_date(text: str) -> dt.date | None:
    try:
        if _DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if found := _DATE_CN.fullmatch(text):
            return dt.date(*map(int, found.groups()))
    except ValueError:
        return None
    return None


def _read_table2(
    fmt: type[ReportFormat], lines: list[_Line], problems: list[Problem]
) -> Table2 | None:
    cells = fmt.table2_cells()
    index = {(_label(c.row_path), c.column.label.strip()): c for c in cells}
    rows = {row for row, _ in index}
    columns: dict[str, list[str]] = {}
    for row, column in index:
        columns.setdefault(row, []).append(column)
    values: list[int | Decimal | None] = [None] * len(cells)
    units: list[str | None] = [None] * len(cells)
    seen: dict[int, int] = {}
    ok = True
    for line in lines:
        row, column = line.row, line.column
        cell: T2Cell | None = index.get((row, column))
        if cell is None:
            row = _label(row)
            cell = index.get((row, column))
        if cell is None:
            ok = False
            if row not in rows:
                problems.append(Problem(_at(line.number), f"unknown row label {line.row!r} in "
                                        f"表{_TABLE2}{_closest(row, rows)}"))
            else:
                problems.append(Problem(
                    _at(line.number),
                    f"unknown column label {line.column!r} for row {row!r} of 表{_TABLE2}; "
                    f"expected one of {', '.join(columns[row])}",
                ))
            continue
        if cell.index in seen:
            ok = False
            problems.append(Problem(_at(line.number), f"duplicate cell 表{_TABLE2} / "
                                    f"{cell.row_path} / {cell.column.label}; first given on "
                                    f"{_at(seen[cell.index])}"))
            continue
        seen[cell.index] = line.number
        if cell.column.kind is ValueKind.MONEY:
            amount, message = _parse_amount(line.value)
            if amount is not None:
                values[cell.index], units[cell.index] = amount
        else:
            values[cell.index], message = _parse_value(cell.column.kind, line.value)
        if message:
            ok = False
            problems.append(Problem(_at(line.number), f"表{_TABLE2} / {cell.row_path} / "
                                    f"{cell.column.label}: {message}"))
            continue
    for cell in cells:
        if cell.index not in seen:
            ok = False
            problems.append(Problem(
                f"表{_TABLE2} / {cell.row_path} / {cell.column.label}",
                f"missing line {_TABLE2},{cell.row_path},{cell.column.label},<value> (give an "
                "empty value for a blank cell)",
            ))
    return Table2(format=fmt, values=tuple(values), units=tuple(units)) if ok else None


def _label_problems(
    table: str, line: _Line, found: tuple[Node | None, Node | None],
    known: tuple[dict[str, Node], dict[str, Node]], problems: list[Problem],
) -> None:
    """Why the row or column of a table 三/四 line names no cell."""
    for node, text, labels, what in zip(
        found, (line.row, line.column), known, ("row", "column"), strict=True
    ):
        if node is None:
            problems.append(Problem(_at(line.number), f"unknown {what} label {text!r} in "
                                    f"表{table}{_closest(_label(text), labels)}"))
        elif not node.has_cells:
            problems.append(Problem(_at(line.number), f"{text!r} is a heading of 表{table} "
                                    "and holds no value; name one of its rows"))


def _read_grid(
    cls: type[Grid], fmt: type[ReportFormat], lines: list[_Line], problems: list[Problem]
) -> Grid | None:
    table = cls.table
    row_axis, col_axis = cls.row_axis(fmt), cls.column_axis(fmt)
    row_paths = {n.index: "/".join(cls.row_path(fmt, n)) for n in row_axis}
    rows = {_label(row_paths[n.index]): n for n in row_axis}
    cols = {_label(n.path_text): n for n in col_axis if n.path}
    # keyed by codes: cheap to hash, and what from_counts looks up first
    counts: dict[str | type | Node, dict[str | type | Node, int | None]] = {}
    seen: dict[tuple[int, int], int] = {}
    ok = True
    for line in lines:
        row = rows.get(line.row) or rows.get(_label(line.row))
        col = cols.get(line.column) or cols.get(_label(line.column))
        if row is None or col is None or not (row.has_cells and col.has_cells):
            ok = False
            _label_problems(table, line, (row, col), (rows, cols), problems)
            continue
        first = seen.get((row.index, col.index))
        if first is not None:
            ok = False
            problems.append(Problem(_at(line.number), f"duplicate cell 表{table} / "
                                    f"{row_paths[row.index]} / {col.path_text}; first given "
                                    f"on {_at(first)}"))
            continue
        seen[row.index, col.index] = line.number
        value, message = _parse_count(line.value)
        if message:
            ok = False
            problems.append(Problem(_at(line.number), f"表{table} / {row_paths[row.index]} / "
                                    f"{col.path_text}: {message}"))
            continue
        counts.setdefault(row.code, {})[col.code] = value
    for row in row_axis.leaves:
        for col in col_axis.leaves:
            if (row.index, col.index) not in seen:
                ok = False
                problems.append(Problem(
                    f"表{table} / {row_paths[row.index]} / {col.path_text}",
                    f"missing line {table},{row_paths[row.index]},{col.path_text},<value> "
                    "(give an empty value for a blank cell)",
                ))
    if not ok:
        return None
    return cls.from_counts(fmt, counts)


def _refused(problems: list[Problem], read: Any, *args: Any) -> Any:
    """``read(*args)``; values the model refuses (beyond its bounds) become problems naming
    their cells."""
    try:
        return read(*args)
    except InvalidValue as exc:
        problems.extend(exc.problems)
        return None


def load_csv(text: str, *, strict: bool = False) -> AnnualReport:
    """Read a report from CSV text (see the module docstring); a UTF-8 BOM is accepted (for
    a file's bytes, see :func:`decode_csv` and :func:`read_csv`).

    Stated totals are kept as stated (so :func:`govdisclosure.check` can judge them); totals
    whose lines are absent are derived; an empty value is a blank cell. Raises
    :class:`~govdisclosure.errors.CsvError` listing every problem of the file, each at its
    line. With ``strict=True`` the identities are enforced too
    (:class:`~govdisclosure.errors.InconsistentReport`).
    """
    if not isinstance(text, str):
        raise CsvError(f"expected CSV text (str), got {type(text).__name__}; read a file with "
                       "read_csv, or decode bytes with decode_csv")
    problems: list[Problem] = []
    lines = _read_lines(text, problems)
    given = _metadata_lines(lines[_REPORT], problems)
    fmt = _read_format(given, problems)
    metadata = _read_metadata(given, problems)
    table2 = table3 = table4 = None
    if fmt is not None:
        table2 = _refused(problems, _read_table2, fmt, lines[_TABLE2], problems)
        table3 = _refused(problems, _read_grid, Table3, fmt, lines[Table3.table], problems)
        table4 = _refused(problems, _read_grid, Table4, fmt, lines[Table4.table], problems)
    if problems:
        problems.sort(key=_line_of)  # stable: file order, then what no line holds
        raise CsvError(problems)
    # No problem means every part was read.
    assert fmt is not None
    assert metadata is not None
    assert table2 is not None
    assert isinstance(table3, Table3)
    assert isinstance(table4, Table4)
    report = AnnualReport(
        format=fmt, metadata=metadata, table2=table2, table3=table3, table4=table4
    )
    return validate(report) if strict else report


def read_csv(path: str | os.PathLike[str], *, strict: bool = False) -> AnnualReport:
    """Read a report from a CSV file: UTF-8 (with or without a BOM), or GB18030 as a
    spreadsheet saves it (see :func:`decode_csv`); see :func:`load_csv`."""
    return load_csv(decode_csv(Path(path).read_bytes(), os.fspath(path)), strict=strict)


def decode_csv(data: bytes, name: str = "the CSV") -> str:
    """The text of a CSV file's bytes.

    A UTF-8 BOM means UTF-8; bytes that are valid UTF-8 are UTF-8; anything else is read as
    GB18030 (what Excel and WPS save on a Chinese system), and accepted only when it then
    holds the table names of a report (``报告``), so that another encoding (Big5, Latin-1 …)
    is refused rather than silently read as mojibake. Raises
    :class:`~govdisclosure.errors.CsvError` naming ``name`` otherwise.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvError([Problem(_at(line), (
            f"{name} is neither UTF-8 nor GB18030 text (byte 0x{data[error.start]:02x}); "
            "save it as CSV UTF-8"
        ) if encoding == "gb18030" else (
            f"{name} starts with a UTF-8 byte-order mark but is not UTF-8 "
            f"(byte 0x{data[error.start]:02x}); save it as CSV UTF-8"
        ))]) from None
    if encoding == "gb18030" and _REPORT not in text:
        raise CsvError([Problem("", (
            f"{name} is not UTF-8, and read as GB18030 it holds no {_REPORT} line: its "
            "encoding is unknown (Big5? Latin-1?); save it as CSV UTF-8"
        ))])
    return text
