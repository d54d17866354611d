"""Reading tables 二、三、四 from a token stream, by their official labels.

Each official row label is looked for, in order, in the text of the label tokens (joined
and normalised, so a label split over lines or cells is still found); a row's values are
the value tokens from the start of its label to the start of the next label. A row must
yield exactly as many values as the table has columns, otherwise it is reported unreadable
and left not stated: values are never guessed or shifted.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from decimal import Decimal

import attrs

from govdisclosure.findings import Place
from govdisclosure.formats import GROUP_COLUMN, ReportFormat, T2Cell, ValueKind
from govdisclosure.layout import Axis, Kind, Node
from govdisclosure.model import Table2, Table3, Table4
from govdisclosure.units import CASE_COUNTERS, MONEY_UNITS

from ._joint import Pending, all_hold, settle
from ._labels import (
    VARIANTS,
    edit_distance,
    is_blank,
    norm,
    norm_map,
    read_number,
    unit_of,
)
from ._recover import agreed, digit_run, lost_blank_splits, splits, zero_blank_readings
from ._result import Cell, NoteKind, ParseNote
from ._source import Token, TokenKind

__all__ = [
    "Reader", "detect_format", "find_first_row", "printed_columns", "read_grid", "read_table2",
    "read_table4",
]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class _Hit:
    start: int  # position in the joined label text
    end: int
    first: int  # token index of the label's first and last character
    last: int
    variant: str  # the variant spelling used, "" for the official label
    interrupted: bool = False  # found with fragments of other labels inside it
    moved: bool = False  # found out of the official order


class Reader:
    """The label text of a token stream, with look-ups from text positions to tokens."""

    def __init__(self, tokens: Sequence[Token], *, paged: bool = False) -> None:
        self.tokens = tokens
        #: text with page breaks (see :attr:`._source.Source.paged`)
        self.paged = paged
        #: normalised text of each token ("" for values and blanks)
        self.norms: list[str] = [norm(t.raw) if t.kind is TokenKind.TEXT else "" for t in tokens]
        lengths = list(map(len, self.norms))
        #: text position at which each token starts
        self.starts: list[int] = list(itertools.accumulate(lengths, initial=0))[:-1]
        self.text = "".join(self.norms)
        #: the token of each text position
        self.owner: list[int] = []
        for index, n in enumerate(lengths):
            if n:
                self.owner.extend([index] * n)
        #: tokens on each line of plain text (table cells not counted)
        self.line_sizes: dict[int | None, int] = dict(collections.Counter(
            t.location.line for t in tokens if t.location.column is None))
        self.notes: list[ParseNote] = []
        self.cells: list[Cell] = []
        #: why no values were read after a label (by its text position: one token may hold
        #: many labels, the whole report on one line)
        self.reasons: dict[int, str] = {}
        #: the run of digits of each row read by splitting it (by the row's place)
        self.split_digits: dict[Place, str] = {}
        self._index: dict[int, int] | None = None
        #: whether a table read so far showed blank cells lost (a row short of values)
        self.lost_blanks = False

    # -- searching --

    def find(self, labels: Sequence[tuple[str, str]], start: int, end: int) -> _Hit | None:
        """The earliest of ``labels`` (``(normalised, variant)``) in ``[start, end)``.

        When none is found as one run of text, a label interrupted by at most two short
        fragments of other labels (a wrapped group label printed across it, as PDF text
        does: ``2、申请人逾期未按收费通知要`` ``他处理`` ``求缴纳费用…``) is accepted too.
        """
        best: _Hit | None = None
        for needle, variant in labels:
            if not needle:
                continue
            at = self.text.find(needle, start, end)
            if at >= 0 and (best is None or at < best.start):
                stop = at + len(needle)
                best = _Hit(at, stop, self.owner[at], self.owner[stop - 1], variant)
        if best is not None:
            return best
        for needle, variant in labels:
            hit = self._find_interrupted(needle, start, end)
            if hit is not None:
                return attrs.evolve(hit, variant=variant, interrupted=True)
        return None

    def find_unique(
        self, labels: Sequence[tuple[str, str]], start: int, end: int, taken: Sequence[_Hit]
    ) -> _Hit | None:
        """A label printed out of order: found exactly once in ``[start, end)``, clear of the
        labels already found."""
        hits = []
        for needle, variant in labels:
            if not needle:
                continue
            at = self.text.find(needle, start, end)
            while at >= 0:
                stop = at + len(needle)
                if not any(h.start < stop and at < h.end for h in taken):
                    hits.append(_Hit(at, stop, self.owner[at], self.owner[stop - 1], variant,
                                     moved=True))
                at = self.text.find(needle, at + 1, end)
        return hits[0] if len({h.start for h in hits}) == 1 else None

    def _find_interrupted(self, needle: str, start: int, end: int) -> _Hit | None:
        end = min(end, len(self.owner))
        if len(needle) < 8 or start >= end:
            return None
        norms = self.norms
        first_token, last_token = self.owner[start], self.owner[end - 1]
        for i in range(first_token, last_token + 1):
            offset = self._label_start(norms[i], needle)
            if offset is None or (i == first_token and self.starts[i] + offset < start):
                continue
            consumed, skipped, last = len(norms[i]) - offset, 0, i
            j = i + 1
            while consumed < len(needle) and j <= last_token:
                part, rest = norms[j], needle[consumed:]
                if part and (rest.startswith(part) or part.startswith(rest)):
                    consumed += min(len(part), len(rest))
                    last = j
                elif part and skipped < 2 and len(part) <= 4:
                    skipped += 1  # a fragment of another label printed across this one
                elif part:
                    break
                j += 1
            if consumed == len(needle) and skipped:
                at = self.starts[i] + offset
                stop = self.starts[last] + len(norms[last])
                return _Hit(at, stop, i, last, "")
        return None

    @staticmethod
    def _label_start(piece: str, needle: str) -> int | None:
        """Where in ``piece`` a label starting ``needle`` begins (it may end past it)."""
        if not piece:
            return None
        k = piece.find(needle[0], max(0, len(piece) - len(needle)))
        while k >= 0:
            if needle.startswith(piece[k:]):
                return k
            k = piece.find(needle[0], k + 1)
        return None

    def raw_span(self, start: int, stop: int) -> tuple[str, Token] | None:
        """The printed text (NFKC) of label text ``[start, stop)``, when it lies in one
        token, with nothing dropped before, inside or after it in that token's reach."""
        if not 0 <= start < stop <= len(self.owner) or self.owner[start] != self.owner[stop - 1]:
            return None
        index = self.owner[start]
        nfkc, where = norm_map(self.tokens[index].raw)
        first, last = where[start - self.starts[index]], where[stop - 1 - self.starts[index]]
        return nfkc[first:last + 1], self.tokens[index]

    def position(self, token_index: int) -> int:
        """Text position of a token (the end of the text when past the last token)."""
        if token_index >= len(self.starts):
            return len(self.text)
        return self.starts[token_index]

    def values_between(
        self, hit: _Hit, stop: int, expected: int | None = None
    ) -> list[Token]:
        """Value tokens after a label, up to token ``stop``.

        In a table (HTML, Word, Markdown, PDF table) a row's values are the cells of the
        label's own row. Empty cells that follow, in the same row, a label that is not this
        row's (a block heading ``| 第二十条第（五）项 | | | |``) pad that label and are
        skipped. With ``expected`` (the last row of tables 三 and 四, whose identities check
        it), the values stop at the end of a line once that many are read: what follows is
        no longer the table.
        """
        out: list[Token] = []
        foreign: Token | None = None
        own = [self.tokens[hit.first], self.tokens[hit.last]]
        in_table = own[0].location.column is not None
        for index in range(hit.first + 1, min(stop, len(self.tokens))):
            token = self.tokens[index]
            if token.kind is TokenKind.TEXT:
                # a unit standing alone after an amount (``16`` | ``万``) is no label
                foreign = None if index <= hit.last or unit_of(token.raw) else token
                continue
            if in_table and not any(_same_row(token, t) for t in own):
                continue
            if foreign is not None and in_table and _same_row(token, foreign):
                continue  # cells after another label in this row are that label's
            if token.kind is TokenKind.BLANK and foreign is not None and _same_row(
                token, foreign
            ):
                continue
            if expected is not None and len(out) == expected and not _same_row(token, out[-1]):
                break
            out.append(token)
        if in_table or not out:
            return out
        return self._on_label_lines(hit, out)

    def _on_label_lines(self, hit: _Hit, values: list[Token]) -> list[Token]:
        """In text, the values printed on the label's own lines (from its first line to its
        last: a value line between two halves of a label belongs to it).

        When those lines hold none, the values are taken from the lines after only if each
        of those lines is a single cell (a page flattened one cell per line); otherwise the
        values may belong to a neighbouring row (PDF text centres a row's values beside a
        label wrapped over several lines) and none are taken.
        """
        first = self.tokens[hit.first].location.line or 0
        last = self.tokens[hit.last].location.line or 0
        mine = [t for t in values if first <= (t.location.line or 0) <= last]
        if mine:
            return mine
        if all(self.line_sizes.get(t.location.line, 0) == 1 for t in values):
            return values
        self.reasons[hit.start] = _NOT_ON_LINE
        return []

    def end_of_values(self, hit: _Hit) -> int:
        """Token index of the first label token after ``hit`` (its values end there)."""
        index = hit.last + 1
        while index < len(self.tokens) and self.tokens[index].kind is not TokenKind.TEXT:
            index += 1
        return index

    # -- notes --

    def note(self, kind: NoteKind, place: Place, message: str, token: Token | None = None
             ) -> None:
        self.notes.append(ParseNote(kind=kind, place=place, message=message,
                                    location=token.location if token else None))

    def convert(
        self, token: Token, kind: ValueKind, place: Place
    ) -> tuple[bool, int | Decimal | None, str | None]:
        """A cell's value and, for an amount, its unit as printed (in the cell, or alone in
        the next cell or on the next line: ``16`` / ``万``); ``(False, None, None)`` when it
        cannot be read (noted)."""
        if token.kind is TokenKind.BLANK:
            return True, None, None
        value = read_number(token.raw)
        if value is None:  # pragma: no cover - value tokens always hold a number
            self.note(NoteKind.UNREADABLE, place, f"无法读取数值 / not a number: {token.raw!r}",
                      token)
            return False, None, None
        result = value.as_kind(kind)
        if isinstance(result, str):
            self.note(NoteKind.UNREADABLE, place, f"数值无法确定 / {result}: {token.raw!r}", token)
            return False, None, None
        unit: str | None = None
        if kind is ValueKind.MONEY:
            unit = value.unit or None
            after = self.next_token(token)
            if after is not None and after.kind is TokenKind.TEXT and not value.annotation:
                joined = unit_of(after.raw, value.unit)
                if joined is None and after.raw.strip().startswith(_UNITS_LONGEST_FIRST):
                    # a unit glued to the next text (``0 元三、…``): never drop it, never guess
                    self.note(NoteKind.UNREADABLE, place,
                              f"单位不明，不予推测 / the amount {token.raw!r} is followed by "
                              f"{after.raw[:12]!r}: its unit cannot be told", after)
                    return False, None, None
                if joined is not None:
                    unit = joined
                    self.note(NoteKind.NORMALISED, place,
                              f"单位在下一格或下一行 / unit {after.raw.strip()!r} printed after "
                              f"the amount {token.raw!r}: read as {unit}", after)
        elif value.unit:
            self.note(NoteKind.NORMALISED, place,
                      f"去除单位 / unit {value.unit} stripped from {token.raw!r}", token)
        if value.annotation:
            self.note(NoteKind.NORMALISED, place,
                      f"去除注释 / note {value.annotation} kept out of the value of {token.raw!r}",
                      token)
        return True, result, unit

    def _index_of(self, token: Token) -> int:
        """The index of a token of the stream."""
        if self._index is None:
            self._index = {id(t): i for i, t in enumerate(self.tokens)}
        return self._index[id(token)]

    def next_token(self, token: Token) -> Token | None:
        """The token after ``token`` in the stream (``None`` at the end or when ``token``
        was made by the reader)."""
        if self._index is None:
            self._index = {id(t): i for i, t in enumerate(self.tokens)}
        at = self._index.get(id(token))
        if at is None or at + 1 >= len(self.tokens):
            return None
        return self.tokens[at + 1]


_NOT_ON_LINE = "数值不在本行标签所在行 / the values are not on the label's line"

_UNITS_LONGEST_FIRST = tuple(sorted(MONEY_UNITS, key=len, reverse=True))

_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|[0-9]{1,2}\.)"
)


@functools.cache
def _alternatives(
    node_label: str, category: type | None, unnumbered: bool = False
) -> tuple[tuple[str, str], ...]:
    """Normalised spellings of a row label, each with the spelling to report ("" for the
    official one). Cached: the labels are the formats'."""
    alts = [(norm(node_label), "")]
    if category is not None:
        alts.extend((norm(v), v) for v in VARIANTS.get(category, ()))
    # A printed note in brackets may be left out (（二）部分公开（区分处理的…）).
    at = node_label.rfind("（")
    if at > 0 and node_label.endswith("）") and len(norm(node_label[:at])) >= 4:
        alts.append((norm(node_label[:at]), node_label[:at]))
    if unnumbered:
        for _, printed in list(alts):
            text = printed or node_label
            match = _NUMBERING.match(text)
            if match is not None and len(norm(text[match.end():])) >= 4:
                alts.append((norm(text[match.end():]), text[match.end():]))
    return tuple(alts)


@attrs.frozen
class _Row:
    node: Node
    hit: _Hit


def _hits_for_axis(
    reader: Reader, axis: Axis, start: int, end: int, row_nodes: Sequence[Node]
) -> tuple[list[_Row], int]:
    """Find the printed rows of an axis in order; then their group labels in between."""
    found: list[_Row] = []
    pos = start
    for node in row_nodes:
        hit = reader.find(_alternatives(node.label, node.category), pos, end)
        if hit is not None:
            found.append(_Row(node, hit))
            pos = hit.end
    seen = {r.node.index for r in found}
    for node in row_nodes:
        if node.index not in seen:
            hit = reader.find_unique(_alternatives(node.label, node.category), start, end,
                                     [r.hit for r in found])
            if hit is not None:
                found.append(_Row(node, hit))
    found.sort(key=lambda r: r.hit.start)
    _drifted_labels(reader, row_nodes, found, start, end, axis.nodes)
    # Group and header labels delimit rows too (a group may state its own value).
    extra: list[_Row] = []
    for node in axis.nodes:
        if node.kind not in (Kind.GROUP, Kind.HEADER) or axis.is_root(node):
            continue
        alternatives = _alternatives(node.label, node.category)
        # printed once in the table: wherever it stands (rows may be out of order)
        hit = reader.find_unique(alternatives, start, end, [r.hit for r in found])
        if hit is not None:
            hit = attrs.evolve(hit, moved=False)
        else:
            before = [r for r in found if r.node.index < node.index]
            after = [r for r in found if r.node.index > node.index]
            lo = before[-1].hit.end if before else start
            hi = after[0].hit.start if after else end
            hit = reader.find(alternatives, lo, hi)
        if hit is not None:
            extra.append(_Row(node, hit))
    rows = sorted([*found, *extra], key=lambda r: r.hit.start)
    return rows, pos


#: the longest text searched between two neighbours for a drifted label
_DRIFT_WINDOW = 400


def _drifted_labels(reader: Reader, row_nodes: Sequence[Node], found: list[_Row],
                    start: int, end: int, all_nodes: Sequence[Node]) -> None:
    """Rows whose label drifted (``法律和行政法规`` for ``法律行政法规``, ``受理`` for ``处理``,
    a numbering lost): looked for between the rows found before and after it, as the
    closest text within a small edit distance (at most one edit in eight characters).
    The first and last rows have a neighbour on one side only: the table's start (its
    header) or end (the next table) stands for the other. Found rows are added to
    ``found`` (in text order) and reported as variants; a match never takes characters of
    another label of the axis (``all_nodes``: group labels too) printed whole beside it."""
    order = {n.index: i for i, n in enumerate(row_nodes)}
    done = {r.node.index for r in found}  # row_nodes holds each node once: not added to
    for node in row_nodes:
        if node.index in done:
            continue
        before = [r for r in found if order.get(r.node.index, -1) < order[node.index]]
        after = [r for r in found if order.get(r.node.index, len(order)) > order[node.index]]
        if not before and not after:
            continue
        lo = max(r.hit.end for r in before) if before else start
        hi = min(r.hit.start for r in after) if after else end
        needle = norm(node.label)
        if not 0 < hi - lo <= _DRIFT_WINDOW or len(needle) < 5:
            continue
        limit = max(1, len(needle) // 8)
        match = _closest(needle, reader.text[lo:hi], limit)
        if match is None:
            continue
        at, stop = _clear_of_labels(reader.text, all_nodes, lo + match[0], lo + match[1],
                                    lo, hi)
        if at >= stop or edit_distance(needle, reader.text[at:stop]) > limit:
            continue
        printed = reader.text[at:stop]
        found.append(_Row(node, _Hit(at, stop, reader.owner[at], reader.owner[stop - 1],
                                     printed)))
        found.sort(key=lambda r: r.hit.start)


def _clear_of_labels(text: str, nodes: Sequence[Node], at: int, stop: int, lo: int,
                     hi: int) -> tuple[int, int]:
    """A drifted label's span ``[at, stop)`` without the characters of another row's label
    printed whole next to it: ``（五）不予处理`` and ``.信访举报投诉类申请`` (its numbering
    lost) must not read as ``理信访…`` (one edit from ``1信访…``), which would give the group
    row's values to the row after it."""
    for node in nodes:
        other = norm(node.label)
        if len(other) < 2:
            continue
        found = text.find(other, max(lo, at - len(other) + 1), min(hi, stop + len(other) - 1))
        while found >= 0 and found < stop:
            end = found + len(other)
            if end > at and found < stop:
                if found <= at:
                    at = end
                else:
                    stop = found
            found = text.find(other, end, min(hi, stop + len(other) - 1))
    return at, stop


def find_first_row(reader: Reader, label: str, second: str, start: int) -> int:
    """Where table 三 starts: its first row label (``一、本年新收政府信息公开申请数量``)
    from ``start`` on, or, when that drifted (``一、本年度新收…``), the text nearest to it
    within a small edit distance just before the second row's label (the only neighbour it
    has besides the header); ``-1`` when neither is found."""
    needle = norm(label)
    at = reader.text.find(needle, start)
    if at >= 0:
        return at
    after = reader.text.find(norm(second), start)
    if after < 0:
        return -1
    lo = max(start, after - _DRIFT_WINDOW)
    match = _closest(needle, reader.text[lo:after], max(1, len(needle) // 8))
    return -1 if match is None else lo + match[0]


def _no_digits_taken(
    needle: str, text: str, start: int, stop: int, limit: int
) -> tuple[int, int] | None:
    """A drifted label's span without the digits of a value glued to it (``申请数`` and not
    ``申请数7`` for ``申请数量`` before ``713000074``: one edit either way), when the label
    is still within ``limit`` edits without them; ``None`` when it is not."""
    lo, hi = start, stop
    if not needle[-1].isdigit():
        while hi > lo and text[hi - 1] in _DIGITS:
            hi -= 1
    if not needle[0].isdigit():
        while lo < hi and text[lo] in _DIGITS:
            lo += 1
    if (lo, hi) == (start, stop):
        return start, stop
    return (lo, hi) if lo < hi and edit_distance(needle, text[lo:hi]) <= limit else None


def _closest(needle: str, text: str, limit: int) -> tuple[int, int] | None:
    """``(start, stop)`` of the substring of ``text`` nearest to ``needle`` by edit distance
    (Sellers' algorithm), when within ``limit`` edits and the only one that close."""
    m = len(needle)
    previous = list(range(m + 1))  # column for text position 0
    starts_prev = [0] * (m + 1)
    best: list[tuple[int, int, int]] = []  # (distance, start, stop)
    for j, ch in enumerate(text, start=1):
        current = [0] * (m + 1)
        starts = [j] * (m + 1)
        for i in range(1, m + 1):
            options = (
                (previous[i - 1] + (needle[i - 1] != ch), starts_prev[i - 1]),
                (previous[i] + 1, starts_prev[i]),
                (current[i - 1] + 1, starts[i - 1]),
            )
            current[i], starts[i] = min(options)
        if current[m] <= limit:
            best.append((current[m], starts[m], j))
        previous, starts_prev = current, starts
    if not best:
        return None
    distance = min(b[0] for b in best)
    trimmed = (_no_digits_taken(needle, text, start, stop, limit)
               for d, start, stop in best if d == distance)
    spans = {span for span in trimmed if span is not None}
    if not spans:
        return None
    # overlapping readings of the same place (one character more or less) are one match
    first = min(spans)
    if any(start >= first[1] for start, _ in spans):
        return None
    return min(spans, key=lambda x: (x[1] - x[0] - m) ** 2)


def _ranges(
    reader: Reader, rows: list[_Row], expected: int
) -> list[tuple[_Row, list[Token]]]:
    out = []
    for i, row in enumerate(rows):
        stop = rows[i + 1].hit.first if i + 1 < len(rows) else len(reader.tokens)
        values = _row_values(reader, row.hit, stop, expected, i + 1 == len(rows))
        if not values and row.node.kind in (Kind.LEAF, Kind.TOTAL):
            # The label printed twice, as a heading and again in the table row (OCR
            # output): take the second, possibly without its numbering (一、 / （一）).
            limit = rows[i + 1].hit.start if i + 1 < len(rows) else len(reader.text)
            again = reader.find(_alternatives(row.node.label, row.node.category, True),
                                row.hit.end, limit)
            if again is not None:
                second = _row_values(reader, again, stop, expected, i + 1 == len(rows))
                if len(second) == expected:
                    out.append((_Row(row.node, again), second))
                    continue
        out.append((row, values))
    return out


def _row_values(reader: Reader, hit: _Hit, stop: int, expected: int, last: bool
                ) -> list[Token]:
    if last:
        end = reader.end_of_values(hit)
        values = reader.values_between(hit, end, expected)
        return values + _wrapped_tail(reader, values, end)
    return reader.values_between(hit, stop)


def _wrapped_tail(reader: Reader, values: list[Token], end: int) -> list[Token]:
    """In one-run-per-line text, the numbers after the last row's cells and before the next
    label: they may be a number wrapped over a line end (``10`` printed ``1`` / ``0``), so
    the row is read with them (its joinings checked by the identities, see
    :func:`_wrapped`); a table row's cells, or text with several runs a line, have none."""
    if not values or any(t.location.column is not None or t.location.line is None
                         or reader.line_sizes.get(t.location.line, 0) != 1 for t in values):
        return []
    at = reader._index_of(values[-1]) + 1
    extra = reader.tokens[at:end]
    if not extra or any(
        t.kind is not TokenKind.VALUE or t.location.line is None
        or reader.line_sizes.get(t.location.line, 0) != 1 for t in extra
    ):
        return []
    # More numbers than wraps can join (``0 1 0 1 0 0 0 1 0 3 0`` for 0·10·10·0·0·10·30)
    # are still the row's: read without them, its first cells would be read wrong (10 as 1)
    # and the rest dropped; with them the row is left unread, its numbers in the finding.
    return list(extra)


def _run_together(
    reader: Reader, hit: _Hit | None, values: list[Token], next_start: int | None
) -> tuple[str, Token] | None:
    """The text of a row whose cells ran together, with its token.

    Only text glued to the label, with no value token after it: the text between the label
    and the next label (``…申请数量15130000154二、上年结转…``) or, after the last label, the
    run of digits that follows it. (A number standing apart, ``规章 100``, is one number:
    its row may have lost blank cells, so it is never split.) The text is as printed
    (NFKC), so a decimal point or separator is kept.
    """
    if values or hit is None:
        return None
    start = hit.end
    if next_start is None:
        stop = start
        while stop < len(reader.text) and reader.text[stop] in "0123456789":
            stop += 1
        if stop > start:  # an amount's unit glued after it (``收费0元三、…``)
            stop += len(next((u for u in _UNITS_LONGEST_FIRST
                              if reader.text.startswith(u, stop)), ""))
    else:
        stop = next_start
    return reader.raw_span(start, stop)


def _recover(
    reader: Reader, hit: _Hit | None, values: list[Token], shapes: list[tuple[int, bool]],
    place: Place, next_start: int | None = None,
) -> tuple[list[int], Token] | None:
    """A unique split of a run of digits (see :mod:`._recover`), noted as recovered (table
    二's rows and table 四 as one run; the rows of a grid are solved together, see
    :mod:`._joint`)."""
    found = _run_together(reader, hit, values, next_start)
    if found is None or not (found[0].isdigit() and found[0].isascii()):
        return None
    digits, token = found
    options = splits(digits, shapes)
    summed = any(s for _, s in shapes)
    rule = ("satisfies the row's total (总计 = the sum of its parts)" if summed else
            "prints no number with a leading zero, even if cells were left blank")
    if not summed and options and any(
        splits(digits, [(fewer, False)], limit=0) != [] for fewer in range(1, shapes[0][0])
    ):
        options = None  # with no identity to check, a blank cell lost could read the same
    if options is None or len(options) != 1:
        reader.reasons[hit.start if hit is not None else -1] = (
            f"数字连写，无法唯一拆分 / digits run together ({digits}): not exactly one split "
            f"{rule}"
        )
        return None
    reader.note(NoteKind.RECOVERED, place,
                f"数字连写，按勾稽关系唯一拆分 / digits run together ({digits}) split as "
                f"{' · '.join(map(str, options[0]))}: the only split that {rule}", token)
    reader.split_digits[place] = digits
    return options[0], token


def _row_digits(
    reader: Reader, hit: _Hit | None, values: list[Token], next_start: int | None, width: int,
    headings: Collection[str] = (),
) -> tuple[str, tuple[int, ...], Token] | None:
    """The digits of a row of free text that prints fewer numbers than cells, with the
    cuts between them (the spaces and line ends the page printed), and the token to cite.

    Either every cell is glued to the label (``…申请数量15130000154二、…``, see
    :func:`_run_together`), or the row's value tokens are plain digit runs
    (``40 0 0 0 04``), with digits glued to the label's end (``申请数量40 …``) or to the next
    label's start (``… 0 02.其他…``) taken in. Anything else (a unit, a separator, a decimal
    point, other text, a table cell) is not split.

    With ``headings`` (the table's group labels, normalised), a group heading printed again
    after the digits (a page break repeats it: ``…行政查询事项0000000三、本年度办理结果``)
    ends the row's digits.
    """
    if not values:
        if hit is not None and next_start is not None:
            region = reader.text[hit.end:next_start]
            lead = len(region) - len(region.lstrip("0123456789"))
            if lead and region[lead:] in headings:
                next_start = hit.end + lead
        found = _run_together(reader, hit, values, next_start)
        if found is None and hit is not None and next_start is not None:
            return _split_over_tokens(reader, hit.end, next_start)
        if found is None or not (found[0].isdigit() and found[0].isascii()):
            return None
        return found[0], (), found[1]
    if len(values) >= width or any(t.location.column is not None for t in values):
        return None
    pieces: list[str] = []
    for token in values:
        text = unicodedata.normalize("NFKC", token.raw).strip()
        if token.kind is not TokenKind.VALUE or not (text.isdigit() and text.isascii()):
            return None
        pieces.append(text)
    tail = "" if hit is None else reader.text[
        hit.end:reader.starts[hit.last] + len(reader.norms[hit.last])]
    if any(ch in _DIGITS for ch in tail):
        if not (tail.isdigit() and tail.isascii()):
            return None
        pieces.insert(0, tail)
    if next_start is not None and next_start < len(reader.owner):
        index = reader.owner[next_start]
        head = reader.text[reader.starts[index]:next_start]
        if any(ch in _DIGITS for ch in head):
            if not (head.isdigit() and head.isascii()) or not _same_row(
                reader.tokens[index], values[-1]
            ):
                return None
            pieces.append(head)
    elif next_start is None:
        # the last row: digits glued to the text that follows (``… 0 0 0四、政府信息…``)
        after = reader.next_token(values[-1])
        if after is not None and after.kind is TokenKind.TEXT and _same_row(after, values[-1]):
            text = unicodedata.normalize("NFKC", after.raw)
            lead = len(text) - len(text.lstrip("0123456789"))
            if lead:
                rest = text[lead:lead + 1]
                if rest in ".,%" or rest in _UNIT_STARTS:
                    return None  # a decimal, a separator or a unit: not a glued cell
                pieces.append(text[:lead])
    cuts, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        cuts.append(at)
    return "".join(pieces), tuple(cuts), values[0]


def _split_over_tokens(
    reader: Reader, start: int, stop: int
) -> tuple[str, tuple[int, ...], Token] | None:
    """Digits glued to a label and to the next label but cut by a space between two words
    of text (``…申请数量200 000121二、…``): the digits with the cut, when each word's part
    of ``[start, stop)`` is all digits and the words follow each other with no value
    between."""
    if not 0 <= start < stop <= len(reader.owner):
        return None
    first, last = reader.owner[start], reader.owner[stop - 1]
    if first == last or any(
        reader.tokens[i].kind is not TokenKind.TEXT for i in range(first, last + 1)
    ):
        return None
    pieces: list[str] = []
    for index in range(first, last + 1):
        lo = max(start, reader.starts[index])
        hi = min(stop, reader.starts[index] + len(reader.norms[index]))
        found = reader.raw_span(lo, hi)
        if found is None or not (found[0].isdigit() and found[0].isascii()):
            return None
        pieces.append(found[0])
    cuts, at = [], 0
    for piece in pieces[:-1]:
        at += len(piece)
        cuts.append(at)
    return "".join(pieces), tuple(cuts), reader.tokens[first]


_DIGITS = frozenset("0123456789")
#: first characters of the units a number may carry (``0元``, ``3件``): not a label
_UNIT_STARTS = frozenset(u[0] for u in (*MONEY_UNITS, "件", "个", "条", "项", "次", "宗", "起"))


def _table4_run(
    reader: Reader, glued: _Hit | None, values: list[Token], rows: list[Node],
    columns: list[Node], header: int,
) -> tuple[list[int | None], str, Token] | None:
    """Table 四 printed as one run of digits (glued to its header, or partly spaced): the
    cells every reading of the run agrees on, as ``(values, how, token)`` (``None`` for a
    cell not read); ``None`` when no cell is settled (the reason in ``reader.reasons``).

    A blank cell cannot be seen in text, and table 四 has no identity across its rows, only
    each group's total (维持 + 纠正 + 其他 + 尚未审结 = 总计, T4-A–C). The readings are the
    splits into the 15 cells that satisfy every group's total, and the readings with cells
    left blank and lost: one cell of any value (the other groups add up, the blank's group
    can hold it), or any number of cells that held 0 (every group adds up, blanks as 0).
    When the narrative states the counts (``行政复议案件2件、行政诉讼案件7件``) and a split
    gives them, only the readings that can give them are kept. A cell is read when every
    reading gives it the same number (and a split exists): as many zeros as cells
    (``000000000000000``) read whole, since fewer numbers would need one printed ``00``;
    ``21317000001324019`` (2·1·3·1·7 | 0·0·0·0·0 | 13·2·4·0·19, the only split that adds up)
    reads only its middle group, since ``∅·2·1·3·17 | …`` (a part blank) fits too.
    """
    found = _row_digits(reader, glued, values, None, len(rows) * len(columns)) if (
        glued is not None or values) else None
    if found is None:
        return None
    digits, cuts, token = found
    width, cells = len(columns), len(rows) * len(columns)
    run = digit_run(digits, cuts)
    options = splits(digits, [(width, True)] * len(rows), cuts=cuts, run=run)
    if not options:
        reader.reasons[-1] = (
            f"数字连写，无法拆分 / digits run together ({digits}): "
            + ("too many splits satisfy every group's total (总计 = the sum of its parts)"
               if options is None else
               "no split into the 15 cells satisfies every group's total (总计 = the sum of "
               "its parts)"))
        return None
    one = lost_blank_splits(digits, width, len(rows), cuts=cuts, run=run)
    zeros = zero_blank_readings(digits, width, len(rows), cuts=cuts, run=run)
    shown = _t4_listed(options)
    if one is None or zeros is None:
        reader.reasons[-1] = (
            f"数字连写，读法过多，不予拆分 / digits run together ({digits}): its splits that "
            f"satisfy every group's total: {shown}; with blank cells lost the digits have too "
            "many other readings to compare: not split")
        return None
    blanks = [*one, *zeros]
    stated = _t4_stated(reader, header)
    if stated is not None:
        kept = [r for r in options if _t4_fits_stated(r, stated, width)]
        if kept:  # a stated figure no split gives is not used
            options = kept
            blanks = [r for r in blanks if _t4_fits_stated(r, stated, width)]
            shown = _t4_listed(options)
        else:
            stated = None
    read = agreed([*options, *blanks], cells)
    if all(v is None for v in read):
        reader.reasons[-1] = (
            f"数字连写，空白单元格可能丢失，不予拆分 / digits run together ({digits}): "
            + ("the only split that satisfies" if len(options) == 1
               else "the splits that satisfy")
            + f" every group's total: {shown}; but a blank cell cannot be seen in text, and read "
            f"with cells left blank and lost the digits fit other tables too "
            f"({_t4_listed(blanks)}), which give every cell another value: not split")
        return None
    how = (
        f"数字连写，按各组总计拆分 / digits run together ({digits}): "
        + ("the only split that satisfies" if len(options) == 1
           else f"the {len(options)} splits that satisfy")
        + f" every group's total (维持+纠正+其他+尚未审结=总计): {shown}"
        + (f"; read with cells left blank and lost the digits also fit "
           f"{_t4_listed(blanks)}" if blanks else "")
        + f"; the {sum(v is not None for v in read)} cells every reading gives the same "
        "number are read"
        + (f", of the readings that give the narrative's figures (行政复议{stated[0]}件, "
           f"行政诉讼{stated[1]}件)" if stated is not None else "")
        + ". Assumed: at most one cell of table 四 was left blank, or only cells that held 0 "
        "(a blank cannot be seen in text), and each group's total is as printed"
        + ("; the table prints the narrative's figures" if stated is not None else ""))
    return read, how, token


#: the narrative's count of the reviews and suits about disclosure
#: (``因政府信息公开引起的行政复议案件2件、行政诉讼案件7件``, ``…行政复议36起，行政诉讼9起``)
_COUNTERS = "".join(CASE_COUNTERS)
_T4_STATED = re.compile(
    rf"政府信息公开(?:申请)?(?:而|引起|引发|提起)*的?行政复议(?:案件)?([0-9]+)[{_COUNTERS}]"
    rf"[、，,和及]?(?:提起)?(?:的)?行政诉讼(?:案件)?([0-9]+)[{_COUNTERS}]")


def _t4_stated(reader: Reader, end: int) -> tuple[int, int] | None:
    """The narrative's 行政复议 and 行政诉讼 counts before ``end``, when it states one pair."""
    found = {(int(m.group(1)), int(m.group(2)))
             for m in _T4_STATED.finditer(reader.text, 0, end)}
    return found.pop() if len(found) == 1 else None


def _t4_fits_stated(reading: Sequence[int | None], stated: tuple[int, int],
                    width: int) -> bool:
    """Whether a reading of table 四 (blanks as ``None``) can give the narrative's counts:
    行政复议's total, and the two 行政诉讼 totals' sum (a blank total: its printed parts at
    most the count)."""
    totals: list[tuple[int, bool]] = []
    for g in range(0, len(reading), width):
        group = reading[g:g + width]
        last = group[-1]
        if last is not None:
            totals.append((last, True))
        else:
            totals.append((sum(v for v in group[:-1] if v is not None), False))
    review, review_exact = totals[0]
    suits = sum(t for t, _ in totals[1:])
    suits_exact = all(e for _, e in totals[1:])
    return ((review == stated[0] if review_exact else review <= stated[0])
            and (suits == stated[1] if suits_exact else suits <= stated[1]))


def _t4_listed(readings: Sequence[Sequence[int | None]]) -> str:
    def one(r: Sequence[int | None]) -> str:
        return " | ".join(" · ".join("∅" if v is None else str(v) for v in r[i:i + 5])
                          for i in range(0, len(r), 5))

    shown = "; ".join(one(r) for r in readings[:4])
    return shown + (f"; … ({len(readings)} in all)" if len(readings) > 4 else "")


def _tokens(numbers: list[int], token: Token) -> list[Token]:
    return [Token(kind=TokenKind.VALUE, raw=str(n), location=token.location) for n in numbers]


def _same_row(a: Token, b: Token) -> bool:
    if a.location.table is not None:
        return (a.location.table, a.location.row) == (b.location.table, b.location.row)
    return a.location.line == b.location.line


def _drop_padding(
    reader: Reader, hit: _Hit, values: list[Token], expected: int, place: Place
) -> list[Token]:
    """Values without the empty cells that pad a label in its own table row.

    In a table row the values are the rightmost cells; surplus empty cells right after the
    label (a merged label cell written as empty cells) are layout, not blank values.
    """
    surplus = len(values) - expected
    label = reader.tokens[hit.last]
    if surplus <= 0:
        return values
    if not label.cell_by_cell and all(
        t.kind is TokenKind.BLANK and _same_row(t, label) for t in values[:surplus]
    ):  # (a row a crawler printed cell by cell has no empty cell for a merged label)
        return values[surplus:]
    # A row padded on the right to the table's width (``| 1.属于国家秘密 | 4 | … | 4 |  |``):
    # only when every one of the first values is a number, so no blank can be misplaced.
    if all(t.kind is TokenKind.VALUE for t in values[:expected]) and all(
        t.kind is TokenKind.BLANK and _same_row(t, values[expected - 1])
        for t in values[expected:]
    ):
        reader.note(
            NoteKind.NORMALISED, place,
            f"忽略行末空单元格 / {surplus} empty cell(s) after the row's {expected} values "
            "ignored", values[expected],
        )
        return values[:expected]
    return values


def _label_note(reader: Reader, place: Place, row: _Row) -> None:
    _hit_notes(reader, place, row.hit, row.node.label)


def _hit_notes(reader: Reader, place: Place, hit: _Hit, label: str) -> None:
    token = reader.tokens[hit.first]
    if hit.moved:
        reader.note(NoteKind.NORMALISED, place,
                    "本行不在格式顺序中 / row found out of the official order", token)
    if hit.interrupted:
        reader.note(NoteKind.NORMALISED, place,
                    "标签被其他文字隔断 / label found with fragments of other labels inside it",
                    token)
    if hit.variant:
        reader.note(NoteKind.NORMALISED, place,
                    f"标签异文 / label printed as {hit.variant!r}, read as {label!r}", token)


def printed_columns(
    reader: Reader, axis: Axis, start: int, end: int
) -> tuple[list[Node], list[Node]]:
    """The columns a table prints, read from its header in ``[start, end)`` of the label
    text: the leaves and totals, and a group column when the header prints one.

    Returns ``(columns, groups)``: the columns in printed order, and the group columns
    among them.

    A group stated as a column of its own (``法人或其他组织`` with a value) is printed
    between the column before the group and the group's first part: as the group's own
    header cell in a flattened table (Markdown: ``自然人 | 法人或其他组织 |
    法人或其他组织/商业企业``), or as an empty cell under the group's spanning label in a
    grid (text, HTML, Word). Either way the group's first part stands two cells, not one,
    after the column before the group. In text without cells, only a flattened header
    (the group's label printed on its own and again in each part's path) tells it. In any
    form, the column's own heading :data:`~govdisclosure.formats.GROUP_COLUMN` (``小计``,
    as our renderers print it) once in the header of a table with one such group tells it,
    wherever page text puts it (``自然`` / ``人 小计 商业`` / ``企业``) and however a PDF
    table's spacer columns set the cells apart.
    """
    groups: list[Node] = []
    eligible = [
        group for group in axis.groups()
        if group.index and group.children
        and axis.nodes[group.index - 1].kind is Kind.LEAF
        and axis.nodes[group.index - 1].parent == group.parent
    ]
    headed = len(eligible) == 1 and reader.text.count(norm(GROUP_COLUMN), start, end) == 1
    for group in eligible:
        if headed:
            groups.append(group)
            continue
        before = axis.nodes[group.index - 1]
        first = axis.nodes[group.children[0]]
        a = reader.find([(norm(before.label), "")], start, end)
        b = reader.find([(norm(first.label), "")], a.end if a is not None else start, end)
        if a is None or b is None or a.interrupted or b.interrupted:
            continue
        left, right = reader.tokens[a.last], reader.tokens[b.first]
        # a crawler's cell-by-cell rows drop spans: their positions are no grid columns
        if left.location.column is None or right.location.column is None or (
                left.cell_by_cell or right.cell_by_cell):
            # text without cells: a flattened header prints the group's own column as its
            # label, then the parts' label paths (``自然人 法人或其他组织 法人或其他组织/商业企业``)
            if reader.text.count(norm(group.label), a.end, b.start) == 2:
                groups.append(group)
            continue
        # Any other gap is a layout of another kind (a real page's stray spans): the rows
        # are read against the official columns, and a row that does not fit is reported.
        if right.location.column - left.location.column == 2:
            groups.append(group)
    columns = [n for n in axis.nodes
               if n.kind in (Kind.LEAF, Kind.TOTAL) or n in groups]
    return columns, groups


def _grid_columns(
    reader: Reader, table: type[Table3] | type[Table4], cols_axis: Axis, start: int,
    header_start: int | None,
) -> tuple[list[Node], list[Node]]:
    """The columns a grid prints (see :func:`printed_columns`), noting group columns."""
    columns = [n for n in cols_axis.nodes if n.kind in (Kind.LEAF, Kind.TOTAL)]
    group_columns: list[Node] = []
    if header_start is not None:
        columns, group_columns = printed_columns(reader, cols_axis, header_start, start)
        for group in group_columns:
            reader.note(
                NoteKind.NORMALISED, Place(table=table.table, column=group.path),
                "分组按一列填报 / the group is printed as a column of its own: its values "
                "are kept",
            )
    return columns, group_columns


def read_grid(
    reader: Reader, table: type[Table3] | type[Table4], fmt: type[ReportFormat],
    start: int, end: int, header_start: int | None = None,
) -> tuple[Table3 | Table4 | None, int]:
    """Read table 三 or 四 from ``[start, end)`` of the label text.

    With ``header_start``, the columns printed are read from the header in
    ``[header_start, start)`` (see :func:`printed_columns`). Returns the table (``None``
    when none of its row labels is found) and the text position where it ends.
    """
    rows_axis, cols_axis = table.row_axis(fmt), table.column_axis(fmt)
    columns, group_columns = _grid_columns(reader, table, cols_axis, start, header_start)
    printed = [n for n in rows_axis.nodes if n.kind in (Kind.LEAF, Kind.TOTAL)]
    rows, _ = _hits_for_axis(reader, rows_axis, start, end, printed)
    if not rows:
        return None, start
    grid: list[list[int | None]] = [[None] * len(cols_axis) for _ in rows_axis]
    seen = set()
    ranges = _ranges(reader, rows, len(columns))
    aligned: dict[int, list[Token]] = {}
    if not group_columns and reader.tokens[rows[0].hit.first].location.column is None:
        stop = reader.owner[end] if end < len(reader.owner) else len(reader.tokens)
        aligned = _align_runs(reader, ranges, len(columns), stop)
        ranges = [(row, aligned.get(i, found)) for i, (row, found) in enumerate(ranges)]
    order = _Order()
    pending: list[Pending] = []
    row_splits: dict[tuple[str, tuple[int, ...]], list[list[int]] | None] = {}
    #: whether a row of the table shows that blank cells were lost (fewer values than
    #: columns, in text)
    lost_blanks = False
    for i, (row, found) in enumerate(ranges):
        next_start = ranges[i + 1][0].hit.start if i + 1 < len(ranges) else None
        node = row.node
        path = table.row_path(fmt, node)
        place = Place(table=table.table, row=path)
        _label_note(reader, place, row)
        if i in aligned:
            order.aligned.append((node, place))
            _note_aligned(reader, place, found)
        values = _drop_padding(reader, row.hit, found, len(columns), place)
        order.row(node, values,
                  free=reader.tokens[row.hit.first].location.column is None and i not in aligned)
        if node.kind in (Kind.GROUP, Kind.HEADER) and all(
            t.kind is TokenKind.BLANK for t in values
        ):
            continue  # a group's own label row, its cells left empty
        seen.add(node.index)
        # Run-together digits are split by the row total, which a group column would count
        # twice: with a group column printed, such a row stays unreadable.
        if node.kind is not Kind.HEADER and len(values) != len(columns) and not group_columns:
            item = _candidates(reader, row.hit, values, next_start, columns, node, place,
                               rows_axis, row_splits)
            if item is not None:
                pending.append(item)
                continue  # solved with the other rows once the table is read
            lost_blanks = lost_blanks or row.hit.start in reader.reasons
        if node.kind is Kind.HEADER or len(values) != len(columns):
            lost_blanks = _unfit(reader, place, row, values, len(columns), order) or lost_blanks
            continue
        if node.kind is Kind.GROUP and not _group_row(reader, row.hit, values, place):
            continue
        if not order.placed(reader, place, row.hit, values, columns):
            continue
        _fill(reader, table.table, fmt, grid, node, path, columns, values)
        order.counted(node, place, values)
    reader.lost_blanks = reader.lost_blanks or lost_blanks
    order.settle(reader, grid, rows_axis, columns)
    settle(reader, table.table, rows_axis, columns, grid, pending, lost_blanks)
    _note_missing_rows(reader, table, fmt, rows_axis, printed, seen)
    return table(format=fmt, values=tuple(tuple(line) for line in grid)), rows[-1].hit.end


@functools.cache
def _headings(rows_axis: Axis) -> frozenset[str]:
    """The group and heading labels of an axis (normalised, every spelling), which a page
    break may print again after a row's digits."""
    return frozenset(
        text for n in rows_axis.nodes
        if n.kind in (Kind.GROUP, Kind.HEADER) for text, _ in _alternatives(n.label, n.category))


def _candidates(
    reader: Reader, hit: _Hit, values: list[Token], next_start: int | None,
    columns: list[Node], node: Node, place: Place, rows_axis: Axis,
    row_splits: dict[tuple[str, tuple[int, ...]], list[list[int]] | None],
) -> Pending | None:
    """A row of digits run together with its splits that fit the row total (``None`` when
    it is not such a row, or no split or too many fit: the reason is kept). ``row_splits``:
    the splits found in the table so far, by digits and cuts."""
    headings = _headings(rows_axis)
    summed = columns[-1].kind is Kind.TOTAL
    if len(values) > len(columns):
        return _wrapped(reader, hit, values, columns, node, place) if summed else None
    found = _row_digits(reader, hit, values, next_start, len(columns), headings)
    if found is None:
        return None
    digits, cuts, token = found
    options: list[list[int]] | None = []
    if summed:
        # many rows of a table print the same digits (0000000): split once a table
        key = (digits, cuts)
        if key not in row_splits:
            row_splits[key] = splits(digits, [(len(columns), summed)], cuts=cuts)
        options = row_splits[key]
    if not options:
        reader.reasons[hit.start] = (
            f"数字连写，无法拆分 / digits run together ({digits}): "
            + ("too many splits satisfy the row's total" if options is None else
               "no split satisfies the row's total (a cell lost, or the total broken)"))
        return None
    return Pending(node=node, place=place, digits=digits, token=token,
                   candidates=tuple(tuple(o) for o in options), cuts=cuts)


#: the most line ends inside the numbers of one row (``1`` / ``62`` for 162)
_MAX_WRAPS = 3


def _wrapped(
    reader: Reader, hit: _Hit, values: list[Token], columns: list[Node], node: Node,
    place: Place,
) -> Pending | None:
    """A row of one-run-per-line text with more numbers than cells (三明 2021:
    ``160`` / ``0`` / … / ``1`` / ``62``): numbers wrapped over line ends with nothing to
    show it. Its candidates join neighbouring runs into one number where the row's total
    (T3-B) then holds, printing no number with a leading zero; the table's column identities
    decide among them with the other rows (:func:`._joint.settle`), never a guess."""
    width = len(columns)
    if len(values) - width > _MAX_WRAPS:
        return None
    pieces: list[str] = []
    for token in values:
        text = unicodedata.normalize("NFKC", token.raw).strip()
        if (token.kind is not TokenKind.VALUE or token.location.column is not None
                or not (text.isdigit() and text.isascii())):
            return None
        pieces.append(text)
    lines = [t.location.line for t in values]
    if None in lines or len(set(lines)) != len(lines):
        return None  # not one run per line: a line end is not where a number could wrap
    tail = reader.text[hit.end:reader.starts[hit.last] + len(reader.norms[hit.last])]
    if any(ch in _DIGITS for ch in tail):
        return None
    options: list[tuple[int, ...]] = []
    for cuts in itertools.combinations(range(1, len(pieces)), width - 1):
        bounds = (0, *cuts, len(pieces))
        texts = ["".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]
        if any(len(t) > 1 and t[0] == "0" for t in texts) or any(len(t) > 9 for t in texts):
            continue
        numbers = tuple(int(t) for t in texts)
        if sum(numbers[:-1]) == numbers[-1]:
            options.append(numbers)
    printed = " ".join(pieces)
    if not options:
        reader.reasons[hit.start] = (
            f"数字多于单元格 / more numbers than cells ({printed}): no joining of numbers "
            "wrapped over line ends satisfies the row's total")
        return None
    digits = "".join(pieces)
    ends = tuple(itertools.accumulate(len(p) for p in pieces[:-1]))
    return Pending(node=node, place=place, digits=digits, token=values[0],
                   candidates=tuple(options), cuts=ends, wrapped=True)


def _align_runs(
    reader: Reader, ranges: list[tuple[_Row, list[Token]]], width: int, stop: int
) -> dict[int, list[Token]]:
    """Values of rows whose values stand apart from their label, by the order of lines.

    PDF text prints a row's values on the line at the middle of its label's cell, so the
    values of a label wrapped over lines (or beside a label of a group written down the
    table) may stand on a line before or after it. Labels and value lines both follow the
    printed order of rows. The rows read on their own lines are anchors; between two
    anchors, when the rows without values are exactly as many as the lines of values (each
    of ``width`` values) not taken, the k-th of those rows takes the k-th line. Any other
    shape (a row with a wrong count of values, lines of another length, counts that differ,
    anchors out of order) leaves the rows of that stretch as they are. Returns the values
    by index in ``ranges``.
    """
    first = ranges[0][0].hit.first
    runs: list[list[Token]] = []
    for token in reader.tokens[first:stop]:
        if token.kind is TokenKind.TEXT:
            continue
        if runs and runs[-1][-1].location.line == token.location.line:
            runs[-1].append(token)
        else:
            runs.append([token])
    run_of = {id(run[0]): k for k, run in enumerate(runs)}
    #: (index in ranges, run index of an anchor, or -1 for a row to place, -2 for a block)
    marks: list[tuple[int, int]] = []
    for i, (row, found) in enumerate(ranges):
        if row.node.kind is Kind.HEADER:
            continue
        if found:
            k = run_of.get(id(found[0]), -2)
            ok = k >= 0 and len(found) == width and runs[k] == found
            if ok or row.node.kind is not Kind.GROUP:
                marks.append((i, k if ok else -2))
        elif row.node.kind is not Kind.GROUP:
            # no value after the label; digits glued to it (a run to split) block
            upto = ranges[i + 1][0].hit.start if i + 1 < len(ranges) else row.hit.end
            glued = any(ch in "0123456789" for ch in reader.text[row.hit.end:upto])
            marks.append((i, -2 if glued else -1))
    anchors = [k for _, k in marks if k >= 0]
    if anchors != sorted(set(anchors)):
        return {}
    out: dict[int, list[Token]] = {}
    previous, free, blocked = -1, [], False
    for i, k in [*marks, (-1, len(runs))]:
        if k == -1:
            free.append(i)
        elif k == -2:
            blocked = True
        else:
            between = runs[previous + 1:k]
            if (free and not blocked and len(between) == len(free)
                    and all(len(run) == width for run in between)):
                out.update(zip(free, between, strict=True))
            previous, free, blocked = k, [], False
    return out


def _note_aligned(reader: Reader, place: Place, found: list[Token]) -> None:
    reader.note(
        NoteKind.RECOVERED, place,
        "数值与标签错行，按行序对应 / the row's values stand on a line of their own, apart "
        "from its label (PDF text centres a row's values beside a label wrapped over lines): "
        f"read as the line of values in the row's place in the order of lines "
        f"({' '.join(t.raw for t in found)}). Assumed: each printed row has one line of "
        "values, in the order of the labels; confirmed by the rows read on their own lines "
        "around it and by every column identity (T3-A, T3-C) holding", found[0])


def _unread_rows(reader: Reader, grid: list[list[int | None]], rows: list[tuple[Node, Place]],
                 columns: list[Node], drop: Callable[[ParseNote], bool], message: str) -> None:
    """Rows read before, unread again: their cells and the notes ``drop`` picks go, and
    each row is noted with ``message``."""
    places = {(p.table, p.row) for _, p in rows}
    reader.cells[:] = [c for c in reader.cells if (c.table, c.row) not in places]
    reader.notes[:] = [n for n in reader.notes
                       if not ((n.place.table, n.place.row) in places and drop(n))]
    for node, place in rows:
        for col in columns:
            grid[node.index][col.index] = None
        reader.note(NoteKind.UNREADABLE, place, message)


def _unalign(reader: Reader, grid: list[list[int | None]], rows: list[tuple[Node, Place]],
             columns: list[Node]) -> None:
    """Rows read by the order of lines (:func:`_align_runs`), unread again: the table's
    column identities do not confirm them."""
    _unread_rows(
        reader, grid, rows, columns, lambda n: n.kind is NoteKind.RECOVERED,
        "数值与标签错行，勾稽关系不能确认，不予对应 / the row's values stand on a line "
        "apart from its label; read in the order of lines, the table's column identities "
        "(T3-A, T3-C) do not all hold or cannot be judged: not read")


#: why a row of text without cells is not read by its count of values (pdftotext's
#: reading order moves values away from their rows)
_AFTER_EMPTY = (
    "数值可能含上一行的数值，不予对应 / the row before has no values of its own after its "
    "label: in text without cells they may stand here, with blank cells lost, making the "
    "count fit by chance; the row's total (T3-B) does not confirm it: not read")
_AFTER_SHORT_T2 = (
    "数值可能含上一行的数值，不予对应 / the row before has fewer values than cells after its "
    "label: in text without cells its values may stand here, on the lines after this label, "
    "with blank cells lost making the count fit by chance: not read")
_DOWN_COLUMNS = (
    "数值间夹有栏目名称，不予对应 / a column heading of table 二 stands after the row's label "
    "among its values, or another block's before it: the text runs down the columns, not "
    "along the rows (pdftotext's reading order): not read")


@attrs.define
class _Order:
    """What the rows of a table in text without cells show of the order of its values
    (``pdftotext``'s reading order lists labels, then their values, even column by column)."""

    #: whether the row before the one being read, and that one, had no values of their own
    was_empty: bool = False
    after_empty: bool = False
    #: whether a row has no values, or those of several rows
    displaced: bool = False
    #: whether a row has some values, but fewer than columns (blank cells lost)
    short: bool = False
    #: rows read by their count of values alone, made up over several lines
    rows: list[tuple[Node, Place]] = attrs.Factory(list)
    #: rows read by the order of lines (:func:`_align_runs`)
    aligned: list[tuple[Node, Place]] = attrs.Factory(list)
    #: whether the row being read is in text without cells, and not read by the order of lines
    free: bool = False

    def row(self, node: Node, values: list[Token], *, free: bool) -> None:
        """Note the next row read and whether it has values."""
        self.was_empty, self.free = self.after_empty, free
        if node.kind in (Kind.LEAF, Kind.TOTAL):  # a group's label between rows changes nothing
            self.after_empty = free and not values

    def odd(self, values: list[Token], width: int) -> None:
        """Note a row whose count of values is not the table's."""
        if self.free:
            self.displaced = self.displaced or not values or len(values) > width
            self.short = self.short or 0 < len(values) < width

    def placed(self, reader: Reader, place: Place, hit: _Hit, values: list[Token],
               columns: list[Node]) -> bool:
        """Whether a row with the table's count of values may be read by that count: not
        right after a row with none, off its label's lines, unless its total (T3-B) holds
        (noted)."""
        if (not self.was_empty or _on_own_lines(reader, hit, values)
                or _total_holds(values, columns)):
            return True
        reader.note(NoteKind.UNREADABLE, place, _AFTER_EMPTY, reader.tokens[hit.first])
        return False

    def counted(self, node: Node, place: Place, values: list[Token]) -> None:
        if self.free and len({t.location.line for t in values}) > 1:
            self.rows.append((node, place))  # a row on a line of its own is a row

    def settle(self, reader: Reader, grid: list[list[int | None]], rows: Axis,
               columns: list[Node]) -> None:
        """Unread the rows read by the order of lines unless every column identity holds
        with them, and the rows counted over several lines when the table shows both
        displaced values and lost blanks (see :func:`_uncount`)."""
        if self.aligned and not all_hold(grid, rows, columns, judged=True):
            _unalign(reader, grid, self.aligned, columns)
        if self.short and self.displaced and self.rows:
            _uncount(reader, grid, self.rows, columns)


def _unfit(reader: Reader, place: Place, row: _Row, values: list[Token], width: int,
           order: _Order) -> bool:
    """Note a row whose count of values is not the table's; whether it shows blank cells
    lost (fewer values than columns, in text)."""
    node = row.node
    if node.kind is not Kind.HEADER:
        order.odd(values, width)
    reader.note(
        NoteKind.UNREADABLE, place,
        f"本行数值个数不符，不予推测 / expected {width} values after the label, "
        f"found {len(values)}: {' '.join(t.raw or '∅' for t in values)}"
        + (f"; {reader.reasons[row.hit.start]}" if row.hit.start in reader.reasons else ""),
        reader.tokens[row.hit.first],
    )
    return (node.kind is not Kind.HEADER and len(values) < width
            and reader.tokens[row.hit.first].location.column is None)


def _uncount(reader: Reader, grid: list[list[int | None]], rows: list[tuple[Node, Place]],
             columns: list[Node]) -> None:
    """Rows of text without cells read by their count of values, unread again: the table
    shows values standing away from their rows (a row with none, or with several rows')
    and blank cells lost (a row short of values), so a row's own values with a blank lost
    and a neighbour's value make the right count by chance (``pdftotext``'s reading
    order)."""
    _unread_rows(
        reader, grid, rows, columns,
        lambda n: n.kind is NoteKind.NORMALISED and n.place.column is None
        and n.message.startswith("空白单元格"),
        "数值与标签错位且有空白单元格缺失，不予对应 / in this table some rows have no "
        "values after their label or those of several rows, and some are short of values "
        "(blank cells lost): the values after this label may hold a neighbour's with one "
        "of its own left blank, so their count fitting proves nothing: not read")


def _on_own_lines(reader: Reader, hit: _Hit, values: list[Token]) -> bool:
    """Whether the values stand on the lines of the row's own label."""
    first = reader.tokens[hit.first].location.line or 0
    last = reader.tokens[hit.last].location.line or 0
    return all(first <= (t.location.line or 0) <= last for t in values)


def _t2_unread(reader: Reader, fmt: type[ReportFormat], place: Place,
               span: tuple[_Hit, _Hit, int],
               tokens: list[Token], block_cells: list[T2Cell], *, was_short: int | None
               ) -> bool:
    """Whether a row of table 二 is left unread (noted): its count of values is not its
    block's, or in text without cells its values may not be its own: they stand off its
    label's lines right after a row with none (``行政许可 / 其他对外管理服务事项 / 0 / 5 /
    0``), or with some (``was_short`` of them) in text with page breaks (``pdftotext``:
    ``行政处罚 / 0 / 行政强制 / 0 / 0 / 8``) or not each on a line of its own (a crawler's
    one cell per line keeps the rows: 莆田 2019), or a column heading stands among
    them, or one of another block between the row before and them. ``span``: the label of
    the row before (or this row's, for the first), this row's, and the token index where
    this row's values end."""
    _, hit, _ = span
    reason = None
    width = len(block_cells)
    free = bool(tokens) and tokens[0].location.column is None
    if len(tokens) != width:
        reason = (
            f"本行数值个数不符，不予推测 / expected {width} values after the label, found "
            f"{len(tokens)}: {' '.join(t.raw or '∅' for t in tokens)}"
            + (f"; {reader.reasons[hit.start]}" if hit.start in reader.reasons else ""))
    elif was_short is not None and not _on_own_lines(reader, hit, tokens) and (
            reader.paged or not was_short
            or any(reader.line_sizes.get(t.location.line, 0) != 1 for t in tokens)):
        reason = _AFTER_SHORT_T2
    elif free and _heading_among(reader, fmt, span, tokens, block_cells):
        reason = _DOWN_COLUMNS
    if reason is not None:
        reader.note(NoteKind.UNREADABLE, place, reason, reader.tokens[hit.first])
    return reason is not None


def _heading_among(reader: Reader, fmt: type[ReportFormat], span: tuple[_Hit, _Hit, int],
                   values: list[Token], block_cells: list[T2Cell]) -> bool:
    """Whether a column heading stands between a row's label and its last value in the text
    (``8`` / ``本年废止件数`` / ``9``), or a heading of another block's columns between the
    row before and its label (``现行有效件数`` after 第二十条第（八）项): the text then runs
    down the columns, not along the rows. ``span`` as for :func:`_t2_unread`."""
    before, hit, stop = span
    every = _t2_headings(fmt)  # type: ignore[arg-type]  # classes hash
    own = {norm(c.column.label) for c in block_cells}
    # up to the last value (a value recovered from a label's glued digits is no token here)
    end = next((k for k in range(hit.last + 1, min(stop, len(reader.tokens)))
                if reader.tokens[k] is values[-1]), hit.last)
    return any(
        reader.tokens[index].kind is TokenKind.TEXT and reader.norms[index] in every
        and (index > hit.last or reader.norms[index] not in own)
        for index in range(before.last + 1, end))


@functools.cache
def _t2_headings(fmt: type[ReportFormat]) -> frozenset[str]:
    """The column headings of table 二 (normalised)."""
    return frozenset(norm(c.column.label) for c in fmt.table2_cells())


def _total_holds(values: list[Token], columns: list[Node]) -> bool:
    """Whether the values, all printed, add up to the row's total column (T3-B)."""
    if columns[-1].kind is not Kind.TOTAL or any(t.kind is not TokenKind.VALUE for t in values):
        return False
    numbers = [read_number(t.raw) for t in values]
    counts = [n.as_kind(ValueKind.COUNT) if n is not None else None for n in numbers]
    if not all(isinstance(c, int) for c in counts):
        return False
    ints = [c for c in counts if isinstance(c, int)]
    return sum(ints[:-1]) == ints[-1]


def _note_missing_rows(
    reader: Reader, table: type[Table3] | type[Table4], fmt: type[ReportFormat], rows_axis: Axis,
    printed: list[Node], seen: set[int],
) -> None:
    for node in printed:
        if node.index in seen:
            continue
        parent = rows_axis.nodes[node.parent] if node.parent is not None else None
        if parent is not None and parent.index in seen and parent.kind is Kind.GROUP:
            message = "未列出，分组已合并填报 / not printed: its group is stated as one row"
        else:
            message = "未找到本行 / row label not found"
        reader.note(NoteKind.MISSING, Place(table=table.table, row=table.row_path(fmt, node)),
                    message)


def _group_row(reader: Reader, hit: _Hit, values: list[Token], place: Place) -> bool:
    """Whether a group's label is followed by values of its own (the group stated as one
    row), noted either way. Other text between the label and the values means they are a
    row's whose label was not recognised, not the group's."""
    if _text_before_values(reader, hit, values):
        reader.note(NoteKind.UNREADABLE, place,
                    "分组标签与数值之间有其他文字，不予归属 / text stands between the group's "
                    "label and these values: they may be another row's", values[0])
        return False
    reader.note(NoteKind.NORMALISED, place,
                "分组按一行填报 / the group is printed as one row: its value is kept",
                reader.tokens[hit.first])
    return True


def _text_before_values(reader: Reader, hit: _Hit, values: list[Token]) -> bool:
    """Whether label text (not a unit) stands between a label and the first of its values
    (``False`` for values rebuilt from digits run together)."""
    reader.next_token(values[0])  # builds the index
    assert reader._index is not None
    stop = reader._index.get(id(values[0]))
    if stop is None:
        return False
    return any(t.kind is TokenKind.TEXT and not unit_of(t.raw)
               for t in reader.tokens[hit.last + 1:stop])


def _fill(
    reader: Reader, name: str, fmt: type[ReportFormat], grid: list[list[int | None]],
    node: Node, path: tuple[str, ...], columns: list[Node], values: list[Token],
) -> None:
    blanks = 0
    for col, token in zip(columns, values, strict=True):
        place = Place(table=name, row=path, column=col.path)
        ok, value, _ = reader.convert(token, ValueKind.COUNT, place)
        if not ok:
            continue
        assert not isinstance(value, Decimal)
        grid[node.index][col.index] = value
        blanks += value is None
        reader.cells.append(Cell(table=name, row=path, column=col.path, value=value,
                                 raw=token.raw, location=token.location))
    if blanks:
        reader.note(
            NoteKind.NORMALISED, Place(table=name, row=path),
            f"空白单元格保留为未填报 / {blanks} blank cell(s) kept as not stated (not 0)",
            values[0],
        )


def read_table4(
    reader: Reader, fmt: type[ReportFormat], start: int, end: int
) -> tuple[Table4 | None, int]:
    """Table 四: the 15 values after its three header rows."""
    rows_axis, cols_axis = fmt.table4_rows(), fmt.table4_columns()
    labels = [norm(rows_axis[code].label) for code in ("litigation_direct",
                                                        "litigation_after_review")]
    first = reader.find([(labels[0], "")], start, end)
    if first is None:
        return None, start
    second = reader.find([(labels[1], "")], first.end, end)
    if second is None:
        return None, start
    index = second.last + 1
    # skip the header labels after 复议后起诉, then take the run of values
    while index < len(reader.tokens) and reader.tokens[index].kind is TokenKind.TEXT:
        index += 1
    columns = [n for n in cols_axis.nodes if n.kind in (Kind.LEAF, Kind.TOTAL)]
    rows = list(rows_axis.nodes)
    values: list[Token] = []
    while index < len(reader.tokens) and reader.tokens[index].kind is not TokenKind.TEXT:
        token = reader.tokens[index]
        if len(values) == len(rows) * len(columns) and not _same_row(token, values[-1]):
            break  # the line after the table (``2023 年，…``)
        values.append(token)
        index += 1
    grid: list[list[int | None]] = [[None] * len(cols_axis) for _ in rows_axis]
    end_pos = reader.position(index)
    if len(values) != len(rows) * len(columns):
        parts = _table4_in_parts(reader, fmt, start, end, first, second, len(columns))
        if parts is not None:
            reader.note(NoteKind.NORMALISED, Place(table="四"),
                        "表四分三段印出 / table 四 printed as three tables of 5 columns",
                        parts[0][0])
            for node, chunk in zip(rows, parts, strict=True):
                _fill(reader, "四", fmt, grid, node, fmt.table4_row_path(node.code), columns,
                      chunk)
            last = parts[-1][-1]
            return (Table4(format=fmt, values=tuple(tuple(line) for line in grid)),
                    reader.position(reader.tokens.index(last) + 1))
        glued = None
        # the values glued to the end of the header (``…尚未审结总计25380363300630003``),
        # before any value standing apart (which is then the text's after the table)
        at = second.end
        limit = min(len(reader.text), second.end + 200,
                    reader.position(reader._index_of(values[0])) if values else len(reader.text))
        while at < limit and reader.text[at] not in "0123456789":
            at += 1
        if at < limit:
            glued = _Hit(at, at, reader.owner[at], reader.owner[at], "")
            values = []
        run = _table4_run(reader, glued, values, rows, columns, first.start)
        if run is not None:
            numbers, how, token = run
            reader.note(NoteKind.RECOVERED, Place(table="四"), how, token)
            for r, node in enumerate(rows):
                path = fmt.table4_row_path(node.code)
                for c, col in enumerate(columns):
                    value = numbers[r * len(columns) + c]
                    place = Place(table="四", row=path, column=col.path)
                    if value is None:
                        reader.note(NoteKind.UNREADABLE, place,
                                    "数字连写，各读法不一致，不予推测 / digits run together: the "
                                    "readings of table 四's run give this cell different "
                                    "values (see the table's recovered note)", token)
                        continue
                    grid[node.index][col.index] = value
                    reader.cells.append(Cell(table="四", row=path, column=col.path,
                                             value=value, raw=str(value),
                                             location=token.location))
            return Table4(format=fmt, values=tuple(tuple(line) for line in grid)), end_pos
        reader.note(
            NoteKind.UNREADABLE, Place(table="四"),
            f"数值个数不符，不予推测 / expected {len(rows) * len(columns)} values after the "
            f"header, found {len(values)}: {' '.join(t.raw or '∅' for t in values)}"
            + (f"; {reader.reasons[-1]}" if -1 in reader.reasons else ""),
            values[0] if values else reader.tokens[second.first],
        )
        return Table4(format=fmt, values=tuple(tuple(line) for line in grid)), end_pos
    for r, node in enumerate(rows):
        chunk = values[r * len(columns):(r + 1) * len(columns)]
        _fill(reader, "四", fmt, grid, node, fmt.table4_row_path(node.code), columns, chunk)
    return Table4(format=fmt, values=tuple(tuple(line) for line in grid)), end_pos


def _table4_in_parts(
    reader: Reader, fmt: type[ReportFormat], start: int, end: int, direct: _Hit,
    after: _Hit, width: int,
) -> list[list[Token]] | None:
    """Table 四 printed as three small tables (行政复议 / 未经复议直接起诉 / 复议后起诉), each
    heading followed by its own run of exactly ``width`` values and nothing else."""
    needle = norm(fmt.table4_rows()["review"].label)
    at = reader.text.rfind(needle, start, direct.start)
    if at < 0:
        return None
    review = _Hit(at, at + len(needle), reader.owner[at], reader.owner[at + len(needle) - 1], "")
    bounds = [(review, direct.first), (direct, after.first),
              (after, reader.owner[end - 1] + 1 if end > 0 else len(reader.tokens))]
    runs: list[list[Token]] = []
    for number, (hit, stop) in enumerate(bounds):
        run: list[Token] = []
        ended = False
        for token in reader.tokens[hit.last + 1:stop]:
            if token.kind is TokenKind.TEXT:
                ended = ended or bool(run)
                if ended and number == len(bounds) - 1:
                    break  # what follows the last part is no longer the table
            elif ended:
                return None  # more values before the next part: not one run
            else:
                run.append(token)
        if len(run) != width:
            return None
        runs.append(run)
    return runs


def read_table2(
    reader: Reader, fmt: type[ReportFormat], start: int, end: int
) -> tuple[Table2 | None, int]:
    """Table 二, block by block, row by row."""
    cells = fmt.table2_cells()
    row_keys, by_row = _t2_rows(cells)
    found: list[tuple[int, _Hit]] = []
    pos = start
    alternatives = {}
    for first_cell, _, label, _ in row_keys:
        alts = [(norm(label), "")]
        if cells[first_cell].row_code == "normative":
            # 沭阳县发改局 2023 prints 规范性文件 in the 2021 format, and vice versa
            other = "规范性文件" if label.startswith("行政") else "行政规范性文件"
            alts.append((norm(other), other))
        alternatives[first_cell] = alts
        hit = reader.find(alts, pos, end)
        if hit is not None:
            found.append((first_cell, hit))
            pos = hit.end
    if not found:
        return None, start
    got = {f for f, _ in found}
    for first_cell, _, _, _ in row_keys:
        if first_cell not in got:
            hit = reader.find_unique(alternatives[first_cell], start, end, [h for _, h in found])
            if hit is not None:
                found.append((first_cell, hit))
    found.sort(key=lambda x: x[1].start)
    values: list[int | Decimal | None] = [None] * len(cells)
    units: list[str | None] = [None] * len(cells)
    seen = set()
    #: the last row's count of values, in text without cells, when fewer than its cells
    after_short: int | None = None
    for i, (first_cell, hit) in enumerate(found):
        block_cells = list(by_row[cells[first_cell].row_path])
        stop = found[i + 1][1].first if i + 1 < len(found) else reader.end_of_values(hit)
        tokens = reader.values_between(hit, stop)
        place = Place(table="二", row=(cells[first_cell].block.label,
                                        cells[first_cell].row_label))
        tokens = _drop_padding(reader, hit, tokens, len(block_cells), place)
        was_short, after_short = after_short, (
            len(tokens) if len(tokens) < len(block_cells)
            and reader.tokens[hit.first].location.column is None else None)
        seen.add(first_cell)
        _hit_notes(reader, place, hit, cells[first_cell].row_label)
        next_start = found[i + 1][1].start if i + 1 < len(found) else None
        tokens = _t2_recover(reader, hit, tokens, block_cells, place, next_start)
        if len(tokens) != len(block_cells) and (
            _t2_signed(reader, hit, tokens, block_cells, place, next_start, values, units)
            or _t2_stated(reader, hit, tokens, block_cells, place, next_start, values, units,
                          start)
        ):
            continue
        if _t2_unread(reader, fmt, place, (found[i - 1][1] if i else hit, hit, stop), tokens,
                      block_cells, was_short=was_short):
            continue
        header = found[i - 1][1].end if i > 0 else start
        _t2_fill(reader, values, units, block_cells, tokens, place,
                 _header_units(reader, block_cells, header, hit.start))
    for first_cell, _, _, _ in row_keys:
        if first_cell not in seen:
            cell = cells[first_cell]
            reader.note(NoteKind.MISSING, Place(table="二", row=(cell.block.label,
                                                                cell.row_label)),
                        "未找到本行 / row label not found")
    end_pos = found[-1][1].end
    return Table2(format=fmt, values=tuple(values), units=tuple(units)), end_pos


def _t2_rows(cells: Sequence[T2Cell]) -> tuple[
    list[tuple[int, str, str, tuple[str, ...]]], dict[str, list[T2Cell]]
]:
    """Table 二's rows as (first cell, path, label, ()), and each row's cells by its path."""
    row_keys: list[tuple[int, str, str, tuple[str, ...]]] = []
    by_row: dict[str, list[T2Cell]] = {}
    for cell in cells:
        path = cell.row_path
        if not row_keys or row_keys[-1][1] != path:
            row_keys.append((cell.index, path, cell.row_label, ()))
        by_row.setdefault(path, []).append(cell)
    return row_keys, by_row


def _t2_recover(
    reader: Reader, hit: _Hit, tokens: list[Token], block_cells: list[T2Cell], place: Place,
    next_start: int | None = None,
) -> list[Token]:
    """A table 二 row's values when they were printed against the label."""
    if not tokens and len(block_cells) == 1:
        # one value glued to its label (``行政事业性收费4166.241619``): unambiguous
        glued = _run_together(reader, hit, tokens, None)
        if glued is not None and read_number(glued[0]) is not None:
            reader.note(NoteKind.RECOVERED, place,
                        f"数值紧接标签 / value printed against its label: {glued[0]}",
                        glued[1])
            return [Token(kind=TokenKind.VALUE, raw=glued[0], location=glued[1].location)]
    if len(tokens) != len(block_cells) and all(
        c.column.kind is ValueKind.COUNT for c in block_cells
    ):
        # table 二's labels never start with a digit: the run ends at the next label
        recovered = _recover(reader, hit, tokens, [(len(block_cells), False)], place)
        if recovered is not None:
            return _tokens(*recovered)
        if tokens:
            spaced = _t2_cut_split(reader, hit, tokens, len(block_cells), place, next_start)
            if spaced is not None:
                return spaced
    return tokens


#: a signed run of a 2019 block (``2648-18538``): numbers, each cut from the next by a
#: space or by the sign that starts it
_SIGNED_RUN = re.compile(r"(?:[+-]?[0-9]+)+")
_SIGNED_PIECE = re.compile(r"[+-]?[0-9]+")
#: a cell printed blank (``-``, ``/``) standing alone in a signed run
_BLANK_PIECE = "∅"
#: a glued ``-`` read as a blank cell printed as a dash (see :func:`_signed_readings`)
_DASH = "-"
#: the most digits a signed run is split into readings for (the readings grow fast)
_SIGNED_MAX_DIGITS = 16
#: a reading of a signed run so far: the next free column and the cells up to it. Each is
#: kept once: many cuttings reach the same cells (a dash read as a blank, a blank cell
#: skipped), and what can follow depends only on the next free column.
_Partial = tuple[int, tuple[int | None, ...]]


def _t2_signed(
    reader: Reader, hit: _Hit, tokens: list[Token], block_cells: list[T2Cell], place: Place,
    next_start: int | None, values: list[int | Decimal | None], units: list[str | None],
) -> bool:
    """A row of a 2019 block with a signed 本年增/减 column printed as one run
    (``2648-18538``, ``35-15``): a sign is a visible cut (a number starts at it, and only
    the signed column holds one), so the run has few readings. Every reading is taken, the
    ones with a blank cell lost too (a blank cannot be seen in text), and a cell is read
    when every reading gives it the same number; the others stay unread, with the
    readings in the finding. Table 二 has no printed identity to narrow them further.
    ``True`` when the row was handled (some or none of its cells read, each noted)."""
    kinds = [c.column.kind for c in block_cells]
    if ValueKind.SIGNED not in kinds or ValueKind.MONEY in kinds:
        return False
    region = _raw_region(reader, hit, next_start)
    if region is None:
        return False
    raw, token = region
    pieces = _signed_pieces(raw)
    if pieces is None or sum(len(p.lstrip("+-")) for p in pieces) > _SIGNED_MAX_DIGITS:
        return False
    run = " ".join(pieces)
    readings = _signed_readings(pieces, kinds)
    if not readings:
        return False
    shown = "; ".join(" · ".join("∅" if v is None else str(v) for v in r)
                      for r in readings[:8]) + (" …" if len(readings) > 8 else "")
    agreed = [i for i in range(len(kinds))
              if len({r[i] for r in readings}) == 1 and readings[0][i] is not None]
    for i, cell in enumerate(block_cells):
        cplace = Place(table="二", row=place.row, column=(cell.column.label,))
        if i in agreed:
            value = readings[0][i]
            reader.note(NoteKind.RECOVERED, cplace,
                        f"带符号数字连写，各种读法一致 / signed digits run together ({run}, "
                        "a number cut at each space and sign): every reading, also with a "
                        f"blank cell lost or a dash read as a blank cell, gives {value} here "
                        f"({len(readings)} reading(s): {shown}). Assumed: every digit printed",
                        token)
            _t2_fill(reader, values, units, [cell],
                     [Token(kind=TokenKind.VALUE, raw=str(value), location=token.location)],
                     place)
        else:
            reader.note(NoteKind.UNREADABLE, cplace,
                        f"带符号数字连写，无法唯一拆分 / signed digits run together "
                        f"({run}): the readings differ in this cell "
                        f"({len(readings)} reading(s): {shown}), not guessed", token)
    return True


#: figures of table 二's 第（一）项 that the narrative states, by column code: the pattern
#: (on normalised text) and the words of the finding
_STATED = {
    "issued": (re.compile(r"本年度?新?制发的?(?:行政)?规范性文件([0-9]+)件"), "本年制发"),
    "in_force": (re.compile(r"现行有效的?(?:行政)?规范性文件([0-9]+)件"), "现行有效"),
}
_DIGIT_RUN = re.compile(r"\s*[0-9]+(?:\s+[0-9]+)*")


def _t2_stated(
    reader: Reader, hit: _Hit, tokens: list[Token], block_cells: list[T2Cell], place: Place,
    next_start: int | None, values: list[int | Decimal | None], units: list[str | None],
    narrative_end: int,
) -> bool:
    """A 行政规范性文件 row run together (``8855698``) whose first or last cell the report's
    own narrative states (``本年度制发的规范性文件88件``, ``现行有效行政规范性文件698件``):
    the run's first cell is the stated 制发 figure when the run starts with its digits, its
    last the stated 现行有效 figure when it ends with them; the digits left are read like
    any run (a cell read only when every reading, a blank lost too, agrees). A stated
    figure that the run does not start or end with is not used (平潭 2023 states 现行有效
    393, its table prints another). ``True`` when the row was handled."""
    codes = [c.column.code for c in block_cells]
    if codes != ["issued", "repealed", "in_force"] or narrative_end <= 0:
        return False
    stated: dict[int, int] = {}
    for i, code in ((0, "issued"), (2, "in_force")):
        figures = {int(m.group(1))
                   for m in _STATED[code][0].finditer(reader.text, 0, narrative_end)}
        if len(figures) == 1:
            stated[i] = figures.pop()
    if not stated:
        return False
    found = _t2_pieces(reader, hit, tokens, next_start, len(block_cells))
    if found is None:
        return False
    pieces, token = found
    run = " ".join(pieces)
    used: dict[int, int] = {}
    unused: list[str] = []
    if 0 in stated:
        text = str(stated[0])
        if pieces and pieces[0].startswith(text):
            used[0] = stated[0]
            pieces = [p for p in [pieces[0][len(text):], *pieces[1:]] if p]
        else:
            unused.append(f"{_STATED['issued'][1]} {text}")
    if 2 in stated:
        text = str(stated[2])
        if pieces and pieces[-1].endswith(text):
            used[2] = stated[2]
            pieces = [p for p in [*pieces[:-1], pieces[-1][:-len(text)]] if p]
        else:
            unused.append(f"{_STATED['in_force'][1]} {text}")
    if not used:
        return False
    free = [i for i in range(len(block_cells)) if i not in used]
    readings = _signed_readings(pieces, [block_cells[i].column.kind for i in free])
    if not readings:
        return False  # the stated figures do not fit the run: not used
    shown = "; ".join(" · ".join("∅" if v is None else str(v) for v in r)
                      for r in readings[:8]) + (" …" if len(readings) > 8 else "")
    also = f"; the narrative's {', '.join(unused)} is not in the run, not used" if unused else ""
    for i, cell in enumerate(block_cells):
        cplace = Place(table="二", row=place.row, column=(cell.column.label,))
        value: int | None
        if i in used:
            value = used[i]
            reader.note(NoteKind.RECOVERED, cplace,
                        f"数字连写，取正文所述数字 / digits run together ({run}): the run "
                        f"{'starts' if i == 0 else 'ends'} with {value}, the figure the "
                        f"report's narrative states ({_STATED[cell.column.code][1]}{value}件)"
                        f"{also}. Assumed: the table prints the narrative's figure", token)
        else:
            k = free.index(i)
            options = {r[k] for r in readings}
            value = readings[0][k] if len(options) == 1 else None
            if value is None:
                reader.note(NoteKind.UNREADABLE, cplace,
                            f"数字连写，无法唯一拆分 / digits run together ({run}): with the "
                            f"narrative's figure(s) taken, the digits left read as {shown} "
                            "(a blank cell lost counted too), not guessed", token)
                continue
            reader.note(NoteKind.RECOVERED, cplace,
                        f"数字连写，取正文所述数字后唯一 / digits run together ({run}): with "
                        f"the narrative's figure(s) taken, every reading of the digits left "
                        f"(a blank cell lost counted too) gives {value} here{also}. Assumed: "
                        "the table prints the narrative's figures", token)
        _t2_fill(reader, values, units, [cell],
                 [Token(kind=TokenKind.VALUE, raw=str(value), location=token.location)],
                 place)
    return True


def _t2_pieces(
    reader: Reader, hit: _Hit, tokens: list[Token], next_start: int | None, width: int
) -> tuple[list[str], Token] | None:
    """A table 二 row's digits as the pieces the page cut them into (by spaces), glued to
    its label and followed by the next row's label or the next block's heading, or partly
    spaced (see :func:`_row_digits`); with the token to cite."""
    if tokens:
        row = _row_digits(reader, hit, tokens, next_start, width)
        if row is None:
            return None
        digits, cuts, token = row
        bounds = [0, *cuts, len(digits)]
        return [digits[a:b] for a, b in itertools.pairwise(bounds)], token
    if next_start is None:
        return None
    span = reader.raw_span(hit.end, next_start)
    if span is None:
        return None
    raw, token = span
    match = _DIGIT_RUN.match(raw)
    if match is None:
        return None
    rest = norm(raw[match.end():])
    if rest and not rest.startswith(_T2_AFTER_ROW):
        return None
    return match.group().split(), token


def _raw_region(reader: Reader, hit: _Hit, next_start: int | None) -> tuple[str, Token] | None:
    """The printed text (NFKC, signs and dashes kept) from the end of a row's label to the
    start of the next label, with a space at each token boundary; ``None`` when it reaches
    past the label's line or into a table cell (a real table keeps its cells)."""
    if next_start is None or not 0 < hit.end <= next_start < len(reader.owner):
        return None
    first, last = reader.owner[hit.end - 1], reader.owner[next_start]
    label = reader.tokens[first]
    if label.location.column is not None:
        return None
    nfkc, where = norm_map(label.raw)
    begin = where[hit.end - 1 - reader.starts[first]] + 1
    if first == last:
        return nfkc[begin:where[next_start - reader.starts[last]]], label
    parts = [nfkc[begin:]]
    for index in range(first + 1, last + 1):
        token = reader.tokens[index]
        if token.location.column is not None or not _same_row(token, label):
            return None
        text = unicodedata.normalize("NFKC", token.raw)
        if index == last:
            head, at = norm_map(token.raw)
            text = head[:at[next_start - reader.starts[last]]]
        parts.append(text)
    return " ".join(parts), label


def _signed_pieces(raw: str) -> list[str] | None:
    """The numbers of a signed run as printed (``2648-18538`` → ``2648``, ``-18538``; a
    blank cell standing alone as :data:`_BLANK_PIECE`), up to the next block's heading;
    ``None`` when anything else stands in it (a unit, a decimal point, other text)."""
    pieces: list[str] = []
    chunks = raw.split()
    for k, chunk in enumerate(chunks):
        if is_blank(chunk):
            pieces.append(_BLANK_PIECE)
            continue
        match = _SIGNED_RUN.match(chunk)
        end = match.end() if match is not None else 0
        if match is not None:
            pieces += _SIGNED_PIECE.findall(match.group())
        if end < len(chunk):
            rest = norm(" ".join([chunk[end:], *chunks[k + 1:]]))
            if rest and not rest.startswith(_T2_AFTER_ROW):
                return None
            break
    return pieces if any(p != _BLANK_PIECE for p in pieces) else None


def _signed_readings(
    pieces: list[str], kinds: list[ValueKind]
) -> list[tuple[int | None, ...]]:
    """Every reading of ``pieces`` (numbers cut by a space or a sign) as the cells of a row
    of ``kinds``, left to right, each piece split further into numbers with no leading zero
    (``None`` for a cell left blank, or printed as a dash: a ``-`` may be either a sign or a
    blank cell); a signed number only in a signed column."""
    width = len(kinds)

    def put(states: set[_Partial], number: str, later: int) -> set[_Partial]:
        """``number`` in each column from the next free one on, blanks allowed between, and
        ``later`` columns left for the numbers still to come (a reading short of them
        would end nowhere)."""
        signed = number[0] in "+-" and number != _DASH
        value = None if number == _DASH else int(number)
        return {(at + 1, (*cells, *(None,) * (at - column), value))
                for column, cells in states for at in range(column, width - later)
                if not signed or kinds[at] is ValueKind.SIGNED}

    def cut(states: set[_Partial], sign: str, digits: str, later: int) -> set[_Partial]:
        """``digits`` cut into numbers with no leading zero, the first with ``sign``."""
        after: list[set[_Partial]] = [states] + [set() for _ in digits]  # by digits read
        for at in range(len(digits)):
            if not after[at]:
                continue
            for stop in range(at + 1, len(digits) + 1):
                text = digits[at:stop]
                if len(text) > 1 and text[0] == "0":
                    break
                after[stop] |= put(after[at], (sign if at == 0 else "") + text,
                                   later + (stop < len(digits)))
        return after[-1]

    # the fewest numbers the pieces after each one give (one each, but a lone sign none):
    # a reading leaves them their columns
    fewest = [0 if p in ("+", "-") else 1 for p in pieces]
    states: set[_Partial] = {(0, ())}
    for k, piece in enumerate(pieces):
        later = sum(fewest[k + 1:])
        if piece == _BLANK_PIECE:
            states = put(states, _DASH, later)
            continue
        sign, digits = ("", piece) if piece[0] not in "+-" else (piece[0], piece[1:])
        reached = cut(states, sign, digits, later)
        if sign == "-":  # a blank cell printed as a dash, glued (``2648-18538``: 2648 · - · …)
            reached |= cut(put(states, _DASH, later + bool(digits)), "", digits, later)
        states = reached
    out = {(*cells, *(None,) * (width - column)) for column, cells in states}
    return sorted(out, key=lambda r: (None in r, [(v is None, v or 0) for v in r]))


#: what may follow the last row of a block in a run: the next block's or table's heading
_T2_AFTER_ROW = ("第二十条", "三收到和处理")


#: the units a column header can print after its label (``采购总金额（元）``), longest first
_HEADER_UNITS = tuple(sorted(MONEY_UNITS, key=len, reverse=True))


def _header_units(reader: Reader, block_cells: list[T2Cell], start: int, stop: int
                  ) -> dict[int, str]:
    """Units that amount columns print in their header, between the previous row's label
    and this row's (``采购总金额`` ``（元）``, ``采购总金额（单位：万元）``): ``{cell index:
    unit}``. The template's own label states none, so a value without one takes it."""
    out: dict[int, str] = {}
    for cell in block_cells:
        if cell.column.kind is not ValueKind.MONEY or "单位" in cell.column.label:
            continue
        label = norm(cell.column.label)
        at = reader.text.find(label, start, stop)
        if at < 0:
            continue
        after = reader.text[at + len(label):stop].removeprefix("单位")
        unit = next((u for u in _HEADER_UNITS if after.startswith(u)), None)
        if unit is not None and after[len(unit):len(unit) + 1] not in ("元", "万", "亿", "千"):
            out[cell.index] = unit  # (元/万元 would name two: neither is taken)
    return out


def _t2_cut_split(
    reader: Reader, hit: _Hit, tokens: list[Token], width: int, place: Place,
    next_start: int | None,
) -> list[Token] | None:
    """A table 二 row printed partly spaced (``0 00``): split at its cuts only when exactly
    one split exists and no reading with fewer numbers (a blank cell lost) does, since the
    table has no identity to check a split against."""
    found = _row_digits(reader, hit, tokens, next_start, width)
    if found is None:
        return None
    digits, cuts, token = found
    options = splits(digits, [(width, False)], limit=1, cuts=cuts)
    if options is None or len(options) != 1 or any(
        splits(digits, [(fewer, False)], limit=0, cuts=cuts) != []
        for fewer in range(1, width)
    ):
        reader.reasons[hit.start] = (
            f"数字连写，无法唯一拆分 / digits run together ({digits}): not exactly one split "
            "prints no number with a leading zero, or a reading with a blank cell lost fits too")
        return None
    reader.note(NoteKind.RECOVERED, place,
                f"数字部分连写，按切口唯一拆分 / digits partly run together ({digits}, printed "
                f"{' '.join(t.raw for t in tokens)}) split as "
                f"{' · '.join(map(str, options[0]))}: the only split at the printed spaces "
                "that prints no number with a leading zero, and no reading with a blank cell "
                "lost exists. Assumed: every digit printed", token)
    return _tokens(options[0], token)


def _t2_fill(
    reader: Reader, values: list[int | Decimal | None], units: list[str | None],
    block_cells: list[T2Cell], tokens: list[Token], place: Place,
    header_units: dict[int, str] | None = None,
) -> None:
    blanks = 0
    for cell, token in zip(block_cells, tokens, strict=True):
        cplace = Place(table="二", row=place.row, column=(cell.column.label,))
        ok, value, unit = reader.convert(token, cell.column.kind, cplace)
        if not ok:
            continue
        header = (header_units or {}).get(cell.index)
        if value is not None and unit is None and header is not None:
            unit = header  # never dropped: 453754632.81 under 采购总金额（元） is in 元
            reader.note(NoteKind.NORMALISED, cplace,
                        f"单位取自表头 / unit {header} printed in the column header: the "
                        f"amount {token.raw!r} is read as {token.raw.strip()}{header}", token)
        values[cell.index] = value
        units[cell.index] = unit
        blanks += value is None
        if value is not None and unit is None and cell.column.kind is ValueKind.MONEY and (
            "单位" not in cell.column.label
        ):
            reader.note(NoteKind.NORMALISED, cplace,
                        f"金额未注明单位 / the amount {token.raw!r} is printed without a unit "
                        "(and the column states none): kept without one", token)
        reader.cells.append(Cell(table="二", row=place.row, column=cplace.column,
                                 value=value, raw=token.raw, location=token.location,
                                 unit=unit))
    if blanks:
        reader.note(NoteKind.NORMALISED, place,
                    f"空白单元格保留为未填报 / {blanks} blank cell(s) kept as not stated",
                    tokens[0])


@functools.cache
def _signals(fmt: type[ReportFormat], other: type[ReportFormat]) -> frozenset[str]:
    def labels(f: type[ReportFormat]) -> set[str]:
        out = set()
        for cell in f.table2_cells():
            out.update({norm(cell.column.label), norm(cell.row_label), norm(cell.block.label)})
        out.update(norm(n.label) for n in f.table3_rows().nodes if n.label)
        return out

    mine, theirs = labels(fmt), labels(other)
    return frozenset(x for x in mine - theirs
                     if len(x) >= 4 and not any(x in y for y in theirs))


def detect_format(
    text: str, candidates: Sequence[type[ReportFormat]]
) -> tuple[type[ReportFormat] | None, dict[str, int]]:
    """The format whose own labels (those the other format lacks) the text uses most."""
    scores: dict[str, int] = {}
    for fmt in candidates:
        signals: set[str] = set()
        for other in candidates:
            if other is not fmt:
                signals |= _signals(fmt, other)  # type: ignore[arg-type]  # classes hash
        scores[fmt.code] = sum(1 for s in signals if s in text)
    best = max(scores.values(), default=0)
    winners = [f for f in candidates if scores[f.code] == best]
    if best == 0 or len(winners) != 1:
        return None, scores
    return winners[0], scores
