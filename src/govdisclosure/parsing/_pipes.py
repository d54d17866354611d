"""Tables a crawler printed as pipe text: each cell ended by ``|``, a row or a cell a line.

Web pages turned into text print an HTML table as pipe text, each row padded at its end
to the table's width with pipes that touch (``||``). Besides one row per line
(``规章 | 0 | 0 | 0 |``, ``行政许可 | 0 | ||``: :func:`_row_cells`), three cell-per-line
forms are seen:

* **opener rows**: each row starts with a bare ``|`` line, then one line per cell
  (``规章 |``), the padding on the last cell's line (``0 | ||``); an empty cell is also a
  bare ``|`` line, so a bare ``|`` is either a row start or an empty cell;
* **terminated cells**: one line per cell (``规章 |``), no row starts, the padding a line of
  pipes (``|||``) after the row's last cell, an empty cell a bare ``|`` line (as is a
  padding of one);
* **separator lines**: the cell text on one line and its ``|`` on the next (``规章`` /
  ``|``), an empty cell a ``|`` right after another.

:func:`cell_rows` turns each such run of lines into table rows (tuples of cell texts, an
empty cell ``""``) that the table reader takes as it takes a Markdown row, except that no
empty cell of theirs stands for a merged label; every other line is left as it is. A bare
``|`` is decided from what stands around it, never from a value: a row starts before a
label that follows a value or an empty cell, and, in opener rows, a bare ``|`` before a
label is that label's row start (those before it are empty cells of the row before), one
before a value is an empty cell unless it follows a column heading (table 四's values under
its header). At the end of the input a bare ``|`` that may start a row cut off is not taken
as an empty cell. A cell's text is only what its ``|`` ends: a line cut before its ``|`` is
no cell.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence

import attrs

from ._labels import is_blank, norm, read_number, unit_of

__all__ = ["Row", "cell_rows", "column_headings"]


def __dir__() -> list[str]:
    return __all__


#: a table row made from cell-per-line text: its cells' texts (``""`` for an empty cell)
Row = tuple[str, ...]


class _Line(enum.Enum):
    BAR = "bar"  # only pipes: ``|``, ``|||``
    CELL = "cell"  # one cell ended by its pipe, spans after it: ``规章 |``, ``0 | ||``
    PLAIN = "plain"  # no pipe
    ROW = "row"  # a crawler's row on one line: ``规章 | 0 | 0 | |``, padded ``| ||``
    OTHER = "other"  # a Markdown row (``| 规章 | 0 |``) or a pipe elsewhere


#: a Markdown table's rule line (``---|---|``), and a Markdown escape's backslash: not rows
_RULE = re.compile(r"[\s|:\-—+]*")
_BAR = re.compile(r"\|(?:[ \t]*\|)*")
_CELL = re.compile(r"(?P<text>[^|]*[^|\s])[ \t]*\|(?P<spans>(?:[ \t]*\|)*)")


@attrs.frozen
class _Item:
    kind: _Line
    number: int  # line number
    text: str = ""  # a cell's text
    pipes: int = 0  # a bar line's pipes


def _classify(number: int, line: str) -> _Item | None:
    stripped = line.strip()
    if not stripped:
        return None
    if "|" not in stripped:
        return _Item(_Line.PLAIN, number, stripped)
    if _BAR.fullmatch(stripped):
        return _Item(_Line.BAR, number, pipes=stripped.count("|"))
    cell = _CELL.fullmatch(stripped)
    if cell is not None:
        return _Item(_Line.CELL, number, cell.group("text").strip())
    if not stripped.startswith("|") and stripped.endswith("|") and "\\" not in stripped and (
            not _RULE.fullmatch(stripped)):
        return _Item(_Line.ROW, number, stripped)
    return _Item(_Line.OTHER, number, stripped)


def _row_cells(line: str) -> Row:
    """The cells of a crawler's row printed on one line (``行政许可 | 0 | ||``): each cell
    ended by `` |``; the row's padding a run of pipes with no space between them after its
    last cell (a lone `` |`` there may be an empty cell: kept as one)."""
    pieces = line.split("|")[:-1]
    end = len(pieces)
    while end > 1 and pieces[end - 1] == "":
        end -= 1  # pipes with nothing between them: the padding
    if end < len(pieces) and not pieces[end - 1].strip():
        end -= 1  # the padding's first pipe, after the space that follows the last cell
    return tuple(p.strip() for p in pieces[:end])


@functools.cache
def column_headings() -> frozenset[str]:
    """The normalised headings of tables 三 and 四 in both formats: their column labels and
    table 四's header (行政复议 …). A value right after one of them starts a row of values
    (table 四's under its header); no value belongs to them."""
    from govdisclosure.formats import Format2019, Format2021

    labels: set[str] = set()
    for fmt in (Format2019, Format2021):
        for axis in (fmt.table3_columns(), fmt.table4_columns(), fmt.table4_rows()):
            labels.update(norm(n.label) for n in axis.nodes if n.label)
        labels.add(norm(fmt.table4_group))
    return frozenset(x for x in labels if x)


@attrs.define
class _Cell:
    text: str
    number: int

    @property
    def kind(self) -> str:
        """``"blank"``, ``"value"`` or ``"text"``, as a table cell is read."""
        if is_blank(self.text):
            return "blank"
        return "value" if read_number(self.text) is not None else "text"


def _is_label(cell: _Cell | None) -> bool:
    """A cell that starts a row when it follows a value: text, and no unit standing after
    an amount (``16`` | ``万``)."""
    return cell is not None and cell.kind == "text" and unit_of(cell.text) is None


def _opener_rows(items: Sequence[_Item], at_end: bool) -> list[list[_Cell]]:
    """Rows of a run in the opener form (it starts with a bare ``|`` before a cell)."""
    rows: list[list[_Cell]] = []
    row: list[_Cell] = []
    pending: list[_Item] = []  # bar lines since the last cell

    def settle(after: _Cell | None) -> None:
        """Decide the bar lines before ``after`` (``None``: the run's end)."""
        nonlocal row
        before = row[-1] if row else (rows[-1][-1] if rows else None)
        singles = sum(1 for b in pending if b.pipes == 1)
        opener = False
        if before is None:
            opener = True  # the run's first row; bars before it start it
            empties: list[_Item] = []
        elif after is None:
            empties = list(pending)
            if at_end and singles:
                # the last bare ``|`` may start a row the input cuts off: not a blank
                last = max(i for i, b in enumerate(pending) if b.pipes == 1)
                empties = pending[:last]
        elif singles and _is_label(after):
            # the last bare ``|`` starts the row; bars before it are empty cells of the
            # row before, any after it (``| ||``) empty cells before the label: layout
            last = max(i for i, b in enumerate(pending) if b.pipes == 1)
            empties, opener = pending[:last], True
        elif singles and before.kind == "text" and norm(before.text) in column_headings():
            # a value after a heading: the first bare ``|`` starts the row of values (table
            # 四's), bars after it are its empty cells (no cell of a heading row holds one)
            first = min(i for i, b in enumerate(pending) if b.pipes == 1)
            if row:
                rows.append(row)
            row = [_Cell("", b.number) for b in pending[first + 1:]]
            pending.clear()
            return
        else:
            empties = list(pending)
        row.extend(_Cell("", b.number) for b in empties)
        if opener and row:
            rows.append(row)
            row = []
        pending.clear()

    for item in items:
        if item.kind is _Line.BAR:
            pending.append(item)
            continue
        cell = _Cell(item.text, item.number)
        settle(cell)
        row.append(cell)
    settle(None)
    if row:
        rows.append(row)
    return rows


def _terminated_rows(items: Sequence[_Item]) -> list[list[_Cell]]:
    """Rows of a run in which every ``|`` ends a cell (no row starts printed)."""
    cells: list[_Cell] = []
    text: _Item | None = None  # a plain line waiting for its ``|``
    for item in items:
        if item.kind is _Line.PLAIN:
            text = item
            continue
        if item.kind is _Line.CELL:
            cells.append(_Cell(item.text, item.number))
        elif text is not None:  # the bar ends the plain line before it; padding after it
            cells.append(_Cell(text.text, text.number))
        elif item.pipes == 1:
            cells.append(_Cell("", item.number))  # an empty cell
        # a line of several pipes after a cell: the row's padding, no cells of its own
        text = None
    rows: list[list[_Cell]] = []
    for cell in cells:
        if rows and not (_is_label(cell) and rows[-1][-1].kind != "text"):
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return rows


def _run_at(
    items: Sequence[_Item | None], present: Sequence[int], k: int, taken: set[int]
) -> tuple[list[int], list[list[_Cell]], int]:
    """The run of cell lines starting at ``present[k]`` (a bar or cell line): its line
    indices, its rows and the position in ``present`` after it."""
    def at(j: int) -> _Item:
        item = items[present[j]]
        assert item is not None
        return item

    first = at(k)
    run: list[int] = []
    j = k
    if first.kind is _Line.BAR and first.pipes == 1 and k + 1 < len(present) and (
            at(k + 1).kind is _Line.CELL):
        while j < len(present) and at(j).kind in (_Line.BAR, _Line.CELL):
            run.append(present[j])
            j += 1
        return run, _opener_rows([at(x) for x in range(k, j)], j == len(present)), j
    while j < len(present):
        current = at(j)
        if current.kind in (_Line.OTHER, _Line.ROW) or (current.kind is _Line.PLAIN and (
                j + 1 >= len(present) or at(j + 1).kind is not _Line.BAR)):
            break
        run.append(present[j])
        j += 1
    start = k
    if first.kind is _Line.BAR and k > 0 and present[k - 1] not in taken and (
            at(k - 1).kind is _Line.PLAIN) and sum(
                at(x).kind is _Line.PLAIN for x in range(k, j)) >= 2:
        # cells printed as a line of text and a ``|`` line (seen at least twice in the
        # run): the plain line before the first bar is the first cell
        start = k - 1
        run.insert(0, present[start])
    return run, _terminated_rows([at(x) for x in range(start, j)]), j


def cell_rows(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str | Row]]:
    """``lines`` (numbered) with each run of cell-per-line pipe text replaced by its rows,
    each numbered by the line of its first cell. A run of fewer than four cells, or
    without a number, is left as it is."""
    if not any("|" in line for _, line in lines):
        return list(lines)  # no pipe text (most inputs): nothing to do
    items = [_classify(number, line) for number, line in lines]
    present = [i for i, x in enumerate(items) if x is not None]
    taken: set[int] = set()  # indices of lines read as cells
    runs: dict[int, tuple[int, list[list[_Cell]]]] = {}  # first index -> (last, rows)
    k = 0
    while k < len(present):
        item = items[present[k]]
        assert item is not None
        if item.kind not in (_Line.BAR, _Line.CELL):
            k += 1
            continue
        run, rows, after = _run_at(items, present, k, taken)
        cells = [c for r in rows for c in r]
        if run and len(cells) >= 4 and any(c.kind == "value" for c in cells):
            taken.update(run)
            runs[run[0]] = (run[-1], rows)
        k = max(after, k + 1)
    out: list[tuple[int, str | Row]] = []
    skip_to = -1
    for index, (number, line) in enumerate(lines):
        if index <= skip_to:
            continue
        if index in runs:
            last, rows = runs[index]
            out.extend((r[0].number, tuple(c.text for c in r)) for r in rows if r)
            skip_to = last
            continue
        item = items[index]
        if item is not None and item.kind is _Line.ROW:
            out.append((number, _row_cells(item.text)))
            continue
        if present and index == present[-1] and item is not None and (
                item.kind is _Line.OTHER and not item.text.endswith("|")
                and "|" in item.text[1:]):
            # the input's last line, cut inside a row (``7.属于行政执法案卷 | 0 | 1``, of
            # ``11``): what follows its last ``|`` may be a cell cut short, no cell
            pieces = item.text.removeprefix("|").split("|")[:-1]
            out.append((number, tuple(p.strip() for p in pieces)))
            continue
        out.append((number, line))
    return out
