"""What a parse returns: the report, every cell with its provenance, and the notes."""

from __future__ import annotations

import enum
import functools
from decimal import Decimal

import attrs

from govdisclosure.findings import Place
from govdisclosure.formats import ReportFormat
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Table3, Table4

from ._source import Location

__all__ = ["PLACEHOLDER_BODY", "Cell", "CellStatus", "NoteKind", "ParseNote", "ParseResult"]


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
    #: the unit an amount was printed with (``万`` for ``16万``), ``None`` when none
    unit: str | None = None


#: the issuing body of a report whose body was not found (listed in ``ParseResult.missing``)
PLACEHOLDER_BODY = "（未识别机关）"


class CellStatus(enum.Enum):
    """How a printed cell was read."""

    #: read as printed
    READ = "read"
    #: read as left blank (not stated, never 0)
    BLANK = "blank"
    #: rebuilt from digits run together, through the table's identities
    RECOVERED = "recovered"
    #: printed, but not read with certainty
    UNREADABLE = "unreadable"
    #: not found in the input
    MISSING = "missing"


@attrs.frozen(kw_only=True)
class ParseResult:
    """The report read from a source, every table value with its provenance, and the
    parse notes.

    ``report`` is ``None`` only when nothing of a report was found. Metadata never gates
    the tables: when the issuing body or the year is not found the report is still built,
    with :data:`PLACEHOLDER_BODY` or the format's first year in their place, and the field
    is named in ``missing`` (``"机关"``, ``"年度"``); writers leave such fields out.
    """

    report: AnnualReport | None
    cells: tuple[Cell, ...] = ()
    findings: tuple[ParseNote, ...] = ()
    #: ``"text"``, ``"markdown"``, ``"html"``, ``"pdf"`` or ``"docx"``
    kind: str = "text"
    #: metadata fields not found, holding placeholders in ``report``
    missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """A report was built, its body and year found, and every table was read (nothing
        unreadable or missing)."""
        return self.report is not None and not self.missing and not any(
            n.kind in (NoteKind.UNREADABLE, NoteKind.MISSING)
            and n.place.table in ("二", "三", "四")
            for n in self.findings
        )

    def unreadable(self) -> tuple[ParseNote, ...]:
        """Notes of kind ``UNREADABLE``."""
        return tuple(n for n in self.findings if n.kind is NoteKind.UNREADABLE)

    def problems(self) -> tuple[ParseNote, ...]:
        """The notes a person must look at: unreadable, missing and recovered."""
        return tuple(n for n in self.findings if n.kind in (
            NoteKind.UNREADABLE, NoteKind.MISSING, NoteKind.RECOVERED))

    def printed_cells(self) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
        """Every cell the report's format prints, as ``(table, row, column)`` label paths
        (in the order of the CSV form)."""
        if self.report is None:
            return ()
        return _printed(self.report.format)  # type: ignore[arg-type]  # classes hash

    def statuses(self) -> dict[tuple[str, tuple[str, ...], tuple[str, ...]],
                               tuple[CellStatus, Cell | None]]:
        """Each printed cell's status, with the cell as read (``None`` when not read)."""
        read = {(c.table, c.row, c.column): c for c in self.cells}
        notes: dict[tuple[str, tuple[str, ...]], set[NoteKind]] = {}
        whole: dict[str, set[NoteKind]] = {}
        for n in self.findings:
            if n.place.column:
                notes.setdefault((n.place.table, (*n.place.row, "\x00", *n.place.column)),
                                 set()).add(n.kind)
            if n.place.row:
                notes.setdefault((n.place.table, n.place.row), set()).add(n.kind)
            else:
                whole.setdefault(n.place.table, set()).add(n.kind)
        out: dict[tuple[str, tuple[str, ...], tuple[str, ...]],
                  tuple[CellStatus, Cell | None]] = {}
        for key in self.printed_cells():
            table, row, column = key
            kinds = (notes.get((table, row), set()) | whole.get(table, set())
                     | notes.get((table, (*row, "\x00", *column)), set()))
            cell = read.get(key)
            if cell is not None:
                status = (CellStatus.RECOVERED if NoteKind.RECOVERED in kinds else
                          CellStatus.BLANK if cell.value is None else CellStatus.READ)
            elif NoteKind.UNREADABLE in kinds or NoteKind.MISSING not in kinds:
                status = CellStatus.UNREADABLE
            else:
                status = CellStatus.MISSING
            out[key] = (status, cell)
        return out

    def provenance(self) -> list[dict[str, object]]:
        """Each printed cell as JSON-ready data: ``table``, ``row``, ``column`` (label
        paths joined by ``/``), ``status``, ``value`` as read (text, ``null`` when blank or
        not read), ``raw`` (the printed text) and ``location``, with the notes on its row."""
        notes: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for n in self.findings:
            notes.setdefault((n.place.table, n.place.row), []).append(
                f"[{n.kind.value}] {n.message}")
        out: list[dict[str, object]] = []
        for (table, row, column), (status, cell) in self.statuses().items():
            value = None if cell is None or cell.value is None else (
                str(cell.value) + (cell.unit or ""))
            out.append({
                "table": table, "row": "/".join(row), "column": "/".join(column),
                "status": status.value, "value": value,
                "raw": None if cell is None else cell.raw,
                "location": None if cell is None else str(cell.location),
                "notes": notes.get((table, row), []) + notes.get((table, ()), []),
            })
        return out

    def cell_problems(self) -> list[str]:
        """One line per cell not read as printed (unreadable, missing or recovered) and per
        metadata field not found, in official labels, each with its note (中文 / English)."""
        lines = [str(n) for n in self.findings
                 if n.place.table == "报告" and n.kind is NoteKind.MISSING]
        notes: dict[tuple[str, tuple[str, ...]], list[ParseNote]] = {}
        at_cell: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[ParseNote]] = {}
        for n in self.findings:
            if n.kind is NoteKind.NORMALISED:
                continue
            if n.place.column:
                at_cell.setdefault((n.place.table, n.place.row, n.place.column), []).append(n)
            else:
                notes.setdefault((n.place.table, n.place.row), []).append(n)
        for (table, row, column), (status, _) in self.statuses().items():
            if status in (CellStatus.READ, CellStatus.BLANK):
                continue
            # a note on the cell itself first, then its row's, then its table's
            mine = (at_cell.get((table, row, column), []) + notes.get((table, row), [])
                    + notes.get((table, ()), []))
            wanted = NoteKind.RECOVERED if status is CellStatus.RECOVERED else None
            note = next((n for n in mine if wanted is None or n.kind is wanted), None)
            place = Place(table=table, row=row, column=column)
            if note is None:
                lines.append(f"[{status.value}] {place}: 未读出 / not read")
            else:
                where = f" ({note.location})" if note.location is not None else ""
                lines.append(f"[{status.value}] {place}: {note.message}{where}")
        return lines

    def unread_cells(self) -> int:
        """How many printed cells were not read (unreadable or missing)."""
        return sum(s in (CellStatus.UNREADABLE, CellStatus.MISSING)
                   for s, _ in self.statuses().values())


@functools.cache
def _printed(fmt: type[ReportFormat]) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    out: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
        ("二", (c.block.label, c.row_label), (c.column.label,)) for c in fmt.table2_cells()
    ]
    for table in (Table3, Table4):
        rows, columns = table.row_axis(fmt), table.column_axis(fmt)
        cols = [n for n in columns.nodes if n.kind in (Kind.LEAF, Kind.TOTAL)]
        for node in rows.nodes:
            if node.kind in (Kind.LEAF, Kind.TOTAL):
                path = table.row_path(fmt, node)
                out.extend((table.table, path, col.path) for col in cols)
    return tuple(out)
