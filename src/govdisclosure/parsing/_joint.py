"""The rows of a grid whose digits ran together, solved as one constraint problem.

Each such row has its candidate splits (:func:`._recover.splits`: no leading zero, no cut
crossed, the row total T3-B or T4-A–C satisfied). The column identities of table 三 (T3-C:
（七）总计 = the sum of the results; T3-A: 一 + 二 = （七）总计 + 四; spec §7.2) are solved
jointly with them (:func:`._recover.solve`). A cell is read when every solution gives it the
same value, so a cell can be read while its row stays ambiguous; the others stay unread, with
the candidate readings in the finding. A published identity break is never repaired: when
no split of the rows makes every identity hold, each row falls back to its own reading, and
a row is left unread when its digits, read with one cell lost (left blank), would make the
broken identities hold. When the search is bounded out, cells it cannot settle stay unread.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import attrs

from govdisclosure.findings import Place
from govdisclosure.layout import Axis, Kind, Node

from ._recover import lost_blank_splits, solve
from ._result import Cell, NoteKind
from ._source import Token

if TYPE_CHECKING:  # pragma: no cover
    from ._tables import Reader

__all__ = ["Pending", "all_hold", "identities", "settle"]


def __dir__() -> list[str]:
    return __all__


Grid = list[list[int | None]]

#: the most candidate readings listed in one finding
_LISTED = 6


@attrs.frozen
class Pending:
    """A row whose digits ran together, with its candidate splits."""

    node: Node
    place: Place
    digits: str
    token: Token
    candidates: tuple[tuple[int, ...], ...]
    #: positions in ``digits`` where the page printed a space or a line end
    cuts: tuple[int, ...] = ()
    #: more numbers than cells, one run per line: its candidates join numbers wrapped over
    #: line ends (``cuts`` are the line ends, not all of them cell boundaries)
    wrapped: bool = False

    @property
    def printed(self) -> str:
        """The digits with a space at each cut, as the page printed them."""
        out, at = [], 0
        for cut in (*self.cuts, len(self.digits)):
            out.append(self.digits[at:cut])
            at = cut
        return " ".join(out)


def identities(rows: Axis) -> list[tuple[list[int], list[int]]]:
    """Table 三's column identities as (left rows, right rows) of equal sums: T3-C
    (（七）总计 = the sum of the results) and T3-A (一 + 二 = （七）总计 + 四)."""
    return _identities(rows)


@functools.cache
def _identities(rows: Axis) -> list[tuple[list[int], list[int]]]:
    out: list[tuple[list[int], list[int]]] = []
    header_total = None
    for header, total in rows.headers():
        if rows.is_root(header):
            continue
        header_total = total
        out.append(([total.index], [k for k in header.children if k != total.index]))
    tops = [n for n in rows.nodes if n.parent is None]
    if header_total is not None and len(tops) == 4:
        out.append(([tops[0].index, tops[1].index], [header_total.index, tops[3].index]))
    return out


#: a term of an identity: a row read as stated, or a group (its index and parts): the sum
#: of its parts when every one is stated, else its own cell
_Term: TypeAlias = "int | tuple[int, tuple[_Term, ...]]"
#: an identity: the terms of its two sides
_Sides: TypeAlias = tuple[tuple[_Term, ...], tuple[_Term, ...]]


@functools.cache
def _compiled(rows: Axis) -> tuple[_Sides, ...]:
    """:func:`identities` with each group's parts looked up once (cached by axis).
    A side's rows come before its groups: a side with an unstated row is seen sooner (the
    order of terms does not change a sum)."""

    def term(index: int) -> _Term:
        node = rows.nodes[index]
        if node.kind is not Kind.GROUP:
            return index
        return index, side(node.children)

    def side(indices: Sequence[int]) -> tuple[_Term, ...]:
        terms = [term(i) for i in indices]
        return tuple(sorted(terms, key=lambda t: not isinstance(t, int)))

    return tuple((side(left), side(right)) for left, right in identities(rows))


def _sum(grid: Grid, terms: tuple[_Term, ...], col: int) -> int | None:
    """A side's sum in a column, ``None`` when a term is not stated."""
    total = 0
    for term in terms:
        if isinstance(term, int):
            value = grid[term][col]
        else:
            index, parts = term
            value = _sum(grid, parts, col)
            if value is None:
                value = grid[index][col]
        if value is None:
            return None
        total += value
    return total


def _hold(grid: Grid, sides: Sequence[_Sides], columns: Sequence[Node], *,
          judged: bool) -> bool:
    """Whether every identity of ``sides`` holds in every column, or cannot be judged (a
    term not stated; with ``judged``, that counts as not holding)."""
    for left, right in sides:
        for col in columns:
            a = _sum(grid, left, col.index)
            b = None if a is None else _sum(grid, right, col.index)
            if b is None:
                if judged:
                    return False
            elif a != b:
                return False
    return True


def all_hold(grid: Grid, rows: Axis, columns: Sequence[Node], *, judged: bool) -> bool:
    """Whether every identity of table 三 holds in every column (see :func:`_hold`)."""
    return _hold(grid, _compiled(rows), columns, judged=judged)


def _judgeable(grid: Grid, rows: Axis, columns: Sequence[Node]) -> bool:
    """Whether every identity has every term stated (holding or not)."""
    return all(_stated(grid, left, col.index) and _stated(grid, right, col.index)
               for left, right in _compiled(rows) for col in columns)


def _stated(grid: Grid, terms: tuple[_Term, ...], col: int) -> bool:
    """Whether every term is stated in a column: its own cell, or for a group with parts,
    every part."""
    for term in terms:
        if isinstance(term, int):
            if grid[term][col] is None:
                return False
        else:
            index, parts = term
            if grid[index][col] is None and not (parts and _stated(grid, parts, col)):
                return False
    return True


def _place(grid: Grid, item: Pending, values: Sequence[int | None] | None,
           columns: Sequence[Node]) -> None:
    line = grid[item.node.index]
    if values is None:
        for col in columns:
            line[col.index] = None
    else:
        for col, value in zip(columns, values, strict=True):
            line[col.index] = value


def _listed(candidates: Sequence[Sequence[int]]) -> str:
    shown = " | ".join(" · ".join(map(str, c)) for c in candidates[:_LISTED])
    return shown + (f" | … ({len(candidates)} in all)" if len(candidates) > _LISTED else "")


def settle(
    reader: Reader, name: str, rows: Axis, columns: Sequence[Node], grid: Grid,
    pending: list[Pending], lost_blanks: bool,
) -> None:
    """Fill the cells of ``pending`` rows that the table settles; note every row."""
    if not pending:
        return
    if lost_blanks:
        for item in pending:
            _unread(reader, item,
                    "数字连写，本表其他行缺空白单元格，不予拆分 / digits run together "
                    f"({item.printed}): other rows of this table lost blank cells, so this row "
                    "may have lost one too; not split")
        return
    if not identities(rows):
        # table 四's rows: nothing across the rows confirms a split, and a blank cell lost
        # cannot be seen in text
        for item in pending:
            _unread(reader, item,
                    "数字连写，无列勾稽关系可核对，不予拆分 / digits run together "
                    f"({item.printed}): the table has no identity across its rows to confirm "
                    f"a split, and a blank cell lost cannot be seen; its splits: "
                    f"{_listed(item.candidates)}")
        return
    relevant = [_touching(rows, item.node.index)[0] for item in pending]

    def fits(r: int, k: int) -> bool:
        _place(grid, pending[r], pending[r].candidates[k], columns)
        return _hold(grid, relevant[r], columns, judged=False)

    def undo(r: int) -> None:
        _place(grid, pending[r], None, columns)

    joint = solve([p.candidates for p in pending], fits, undo,
                  lambda: all_hold(grid, rows, columns, judged=True))
    if joint.solutions:
        _read_agreed(reader, name, grid, pending, columns, joint.solutions, joint.bounded)
        return
    if joint.bounded:
        for item in pending:
            _unread(reader, item,
                    "数字连写，组合过多，不予推测 / digits run together "
                    f"({item.printed}): too many combinations of the rows' splits to try; "
                    f"this row's splits: {_listed(item.candidates)}")
        return
    for item in pending:
        _place(grid, item, item.candidates[0], columns)
    judgeable = _judgeable(grid, rows, columns)
    for item in pending:
        _place(grid, item, None, columns)
    if not judgeable:
        for item in pending:
            _unread(reader, item,
                    "数字连写，勾稽关系无法判断，不予拆分 / digits run together "
                    f"({item.printed}): the table's column identities (T3-A, T3-C) cannot be "
                    "judged (a term not read), so no split is confirmed; its splits: "
                    f"{_listed(item.candidates)}")
        return
    _fall_back(reader, name, rows, grid, pending, columns)


@functools.cache
def _touching(rows: Axis, index: int) -> tuple[tuple[_Sides, ...], tuple[_Sides, ...]]:
    """The identities with a term that is the row or one of its groups (the only ones its
    cells change), and the others."""
    line = {index}
    node = rows.nodes[index]
    while node.parent is not None:
        line.add(node.parent)
        node = rows.nodes[node.parent]
    touching: list[_Sides] = []
    others: list[_Sides] = []
    for (left, right), sides in zip(identities(rows), _compiled(rows), strict=True):
        (touching if line & {*left, *right} else others).append(sides)
    return tuple(touching), tuple(others)


def _read_agreed(
    reader: Reader, name: str, grid: Grid, pending: list[Pending], columns: Sequence[Node],
    solutions: Sequence[tuple[int, ...]], bounded: bool,
) -> None:
    """Fill each cell that every solution gives the same value (with the search bounded,
    every candidate of its row)."""
    for r, item in enumerate(pending):
        chosen = (list(item.candidates) if bounded
                  else [item.candidates[k] for k in sorted({s[r] for s in solutions})])
        agreed: list[int | None] = list(chosen[0]) if len(chosen) == 1 else [
            values[0] if len(set(values)) == 1 else None
            for values in zip(*chosen, strict=True)]
        _place(grid, item, agreed, columns)
        read = [(col, v) for col, v in zip(columns, agreed, strict=True) if v is not None]
        _cells(reader, name, item, read)
        reader.split_digits[item.place] = item.digits
        if len(item.candidates) == 1:
            how = ("the only split that satisfies the row's total (总计 = the sum of its "
                   "parts), and every column identity of the table (T3-A, T3-C) holds with it")
        elif len(chosen) == 1:
            how = (f"of its {len(item.candidates)} splits that satisfy the row's total, the "
                   "only one with which, together with the other rows, every column identity "
                   "of the table (T3-A, T3-C) holds")
        else:
            how = (f"of its {len(item.candidates)} splits that satisfy the row's total, "
                   f"{len(chosen)} let every column identity of the table (T3-A, T3-C) hold "
                   "together with the other rows")
        what = ("数字多于单元格，按勾稽关系合并跨行数字 / more numbers than cells, wrapped "
                f"over line ends ({item.printed})" if item.wrapped else
                f"数字连写，按勾稽关系拆分 / digits run together ({item.printed})")
        if item.wrapped:
            how = how.replace("split", "joining")
        assumed = ("Assumed: no cell of the row was left blank, a number wrapped where the "
                   "joining puts it (the page shows no wrap), its digits are all printed"
                   if item.wrapped else
                   "Assumed: no cell of the row was left blank, its digits are all printed")
        if len(chosen) == 1:
            reader.note(NoteKind.RECOVERED, item.place,
                        f"{what} read as {' · '.join(map(str, chosen[0]))}: {how}. {assumed}",
                        item.token)
            continue
        if read:
            reader.note(NoteKind.RECOVERED, item.place,
                        f"{what}: {how}; the cells they agree on are read, the others are "
                        f"not. {assumed}", item.token)
        for col, v in zip(columns, agreed, strict=True):
            if v is None:
                options = sorted({c[columns.index(col)] for c in chosen})
                reader.note(NoteKind.UNREADABLE, attrs.evolve(item.place, column=col.path),
                            f"数字连写，无法唯一确定，不予推测 / digits run together "
                            f"({item.printed}): this cell reads "
                            f"{' or '.join(map(str, options))} in the splits that fit "
                            f"({_listed(chosen)})", item.token)


def _fall_back(
    reader: Reader, name: str, rows: Axis, grid: Grid, pending: list[Pending],
    columns: Sequence[Node],
) -> None:
    """No split of the rows makes every identity hold: the table breaks them as published
    (or a row lost a cell). A row with one split is read by it, unless its digits read with
    one cell lost would make the broken identities hold."""
    unique = [item for item in pending if len(item.candidates) == 1 and not item.wrapped]
    for item in unique:
        _place(grid, item, item.candidates[0], columns)
    for item in pending:
        if item.wrapped:
            _unread(reader, item,
                    "数字多于单元格，勾稽关系不成立，不予合并 / more numbers than cells "
                    f"({item.printed}): the table's column identities (T3-A, T3-C) do not "
                    "hold with any joining of numbers wrapped over line ends, so none is "
                    f"taken; its joinings that fit the row's total: {_listed(item.candidates)}")
        elif len(item.candidates) != 1:
            _unread(reader, item,
                    "数字连写，勾稽关系不成立，无法唯一拆分 / digits run together "
                    f"({item.printed}): the table's column identities (T3-A, T3-C) do not "
                    "hold with any split of its rows (broken as published, or a cell lost), "
                    f"and this row has several splits: {_listed(item.candidates)}")
    # many rows print the same digits (0000000): their readings are enumerated once
    readings: dict[tuple[str, tuple[int, ...]], list[list[int | None]] | None] = {}
    explained = [item for item in unique
                 if _lost_blank_explains(grid, rows, columns, item, readings)]
    for item in explained:
        _place(grid, item, None, columns)
        _unread(reader, item,
                "数字连写，可能缺一空白单元格，不予拆分 / digits run together "
                f"({item.printed}): its split {' · '.join(map(str, item.candidates[0]))} fits "
                "the row's total, but read with one cell left blank and lost, its digits "
                "make the table's broken column identities hold: not split")
    for item in unique:
        if item in explained:
            continue
        _cells(reader, name, item, list(zip(columns, item.candidates[0], strict=True)))
        reader.split_digits[item.place] = item.digits
        reader.note(NoteKind.RECOVERED, item.place,
                    f"数字连写，按本行总计唯一拆分 / digits run together ({item.printed}) split "
                    f"as {' · '.join(map(str, item.candidates[0]))}: the only split that "
                    "satisfies the row's total. The table's column identities (T3-A, T3-C) "
                    "do not hold with any split and are left broken as published; no reading "
                    "of this row with a cell lost makes them hold. Assumed: the row's total is "
                    "as printed and its digits are all printed", item.token)


def _lost_blank_explains(
    grid: Grid, rows: Axis, columns: Sequence[Node], item: Pending,
    readings: dict[tuple[str, tuple[int, ...]], list[list[int | None]] | None],
) -> bool:
    """Whether the row's digits read as one number fewer, with a blank cell, make every
    identity of the table hold (or leave it unjudged). Too many readings counts as yes."""
    key = (item.digits, item.cuts)
    if key not in readings:
        readings[key] = lost_blank_splits(item.digits, len(columns), 1, cuts=item.cuts)
    alternatives = readings[key]
    if alternatives is None:
        return True
    touching, others = _touching(rows, item.node.index)
    if not _hold(grid, others, columns, judged=False):
        return False  # broken where the row's cells do not count
    own = item.candidates[0]
    try:
        for full in alternatives:
            _place(grid, item, full, columns)
            if _hold(grid, touching, columns, judged=False):
                return True
        return False
    finally:
        _place(grid, item, own, columns)


def _unread(reader: Reader, item: Pending, message: str) -> None:
    reader.note(NoteKind.UNREADABLE, item.place, message, item.token)


def _cells(reader: Reader, name: str, item: Pending,
           values: Sequence[tuple[Node, int | None]]) -> None:
    row, location = item.place.row, item.token.location
    reader.cells.extend(Cell(table=name, row=row, column=col.path, value=value,
                             raw=str(value), location=location) for col, value in values)
