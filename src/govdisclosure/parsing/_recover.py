"""Rows whose cell boundaries were lost, so their digits run together.

平潭综合实验区's page text reads ``一、本年新收政府信息公开申请数量15130000154`` for
151 · 3 · 0 · 0 · 0 · 0 · 154. Such a run is split in every way that prints no number with a
leading zero and crosses no *cut* (a space, or a line end, that the page printed between two
cells: ``40 0 0 0 04`` can only be 4 · 0 · 0 · 0 · 0 · 0 · 4); the splits kept are those
that satisfy the table's own identity for that row (the row total, spec §7.2 T3-B /
T4-A–C). A row of as many digits as cells has one split only.

The rows of a table are then solved together (:func:`solve`): each row takes one of its
splits, and the column identities (T3-A, T3-C) must hold. The search is bounded; what it
cannot settle stays unread: nothing is guessed.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence

import attrs

__all__ = [
    "MAX_DIGITS",
    "Joint",
    "agreed",
    "digit_run",
    "lost_blank_splits",
    "solve",
    "splits",
    "unique_split",
    "zero_blank_readings",
]


def __dir__() -> list[str]:
    return __all__


#: longer runs are not tried (a row of a report has at most a few dozen digits)
MAX_DIGITS = 60
#: the longest number a cell is assumed to hold
_MAX_PART = 9


class _Run:
    """A run of digits with its cuts, and the splits of its parts found so far (one run
    may be passed to :func:`splits`, :func:`lost_blank_splits` and
    :func:`zero_blank_readings` of the same digits and cuts, to share what they find)."""

    __slots__ = ("digits", "memo", "reach")

    def __init__(self, digits: str, cuts: Sequence[int]) -> None:
        self.digits = digits
        self.reach = _reach(len(digits), cuts)
        self.memo: dict[tuple[int, int, int, int | None, bool], tuple[tuple[int, ...], ...]] = {}


def _parts(run: _Run, start: int, stop: int, count: int, total: int | None,
           exact: bool = True) -> tuple[tuple[int, ...], ...]:
    """Splits of ``digits[start:stop]`` into ``count`` numbers without leading zeros that
    add up to ``total`` (at most ``total`` unless ``exact``; any sum when ``None``); a
    number starting at ``i`` ends at most at ``reach[i]`` (the next cut). Memoised on the
    run: the same part is asked for under many totals and group ends."""
    key = (start, stop, count, total, exact)
    found = run.memo.get(key)
    if found is not None:
        return found
    digits, reach = run.digits, run.reach
    left = stop - start
    out: list[tuple[int, ...]] = []
    if count == 0:
        if start == stop and (total is None or total == 0 or not exact):
            out.append(())
    elif total is not None and total < 10:
        # every number one digit (none is longer than the total): the digits themselves
        if left == count:
            values = tuple(map(int, digits[start:stop]))
            if sum(values) == total or (not exact and sum(values) <= total):
                out.append(values)
    elif count == 1:  # the last number is the rest, whole
        if 0 < left <= min(_MAX_PART, reach[start] - start) and (
            left == 1 or digits[start] != "0"
        ):
            value = int(digits[start:stop])
            if total is None or value == total or (not exact and value <= total):
                out.append((value,))
    else:
        # no number is longer than the total it is part of
        widest = _MAX_PART if total is None else len(str(total))
        if count <= left <= count * widest:
            longest = min(widest, left - (count - 1), reach[start] - start)
            if digits[start] == "0":
                longest = 1
            for length in range(1, longest + 1):
                value = int(digits[start:start + length])
                if total is not None and value > total:
                    break
                rest = None if total is None else total - value
                for tail in _parts(run, start + length, stop, count - 1, rest, exact):
                    out.append((value, *tail))
    found = run.memo[key] = tuple(out)
    return found


def _groups(run: _Run, start: int, shapes: Sequence[tuple[int, bool]]
            ) -> Iterator[list[int]]:
    """Splits of ``digits[start:]`` into groups; a group ``(n, True)`` ends with the sum of
    its other ``n - 1`` numbers."""
    digits, reach = run.digits, run.reach
    if not shapes:
        if start == len(digits):
            yield []
        return
    size, summed = shapes[0]
    if not summed:
        # groups without an identity: only when they take the whole rest
        if len(shapes) == 1:
            yield from (list(p) for p in _parts(run, start, len(digits), size, None))
        return
    last = len(shapes) == 1
    for t in range(1, _MAX_PART + 1):
        # every other number is at most the total, so at most ``t`` digits long
        lo, hi = start + size - 1 + t, min(len(digits), start + (size - 1) * t + t)
        ends = [len(digits)] if last else range(lo, hi + 1)
        for end in ends:
            if not lo <= end <= hi or reach[end - t] < end:
                continue
            total_text = digits[end - t:end]
            if len(total_text) > 1 and total_text[0] == "0":
                continue
            total = int(total_text)
            for head in _parts(run, start, end - t, size - 1, total):
                for rest in _groups(run, end, shapes[1:]):
                    yield [*head, total, *rest]


def _reach(length: int, cuts: Sequence[int]) -> list[int]:
    """For each position, the next cut after it (or the end)."""
    out = [length] * (length + 1)
    stops = sorted(c for c in set(cuts) if 0 < c < length)
    k = 0
    for i in range(length + 1):
        while k < len(stops) and stops[k] <= i:
            k += 1
        out[i] = stops[k] if k < len(stops) else length
    return out


def _summed_at(run: _Run, start: int, stop: int, size: int, exact: bool
               ) -> Iterator[tuple[int, ...]]:
    """Splits of ``digits[start:stop]`` into ``size`` numbers, the last the total of the
    others (at least their sum unless ``exact``)."""
    digits, reach = run.digits, run.reach
    # the total is at least as long as each of the others
    for t in range(max(1, -(-(stop - start) // size)), min(_MAX_PART, stop - start) + 1):
        if reach[stop - t] < stop or (t > 1 and digits[stop - t] == "0"):
            continue
        total = int(digits[stop - t:stop])
        for head in _parts(run, start, stop - t, size - 1, total, exact):
            yield (*head, total)


def digit_run(digits: str, cuts: Sequence[int] = ()) -> _Run:
    """A run of digits to share between the readers of the same digits and cuts."""
    return _Run(digits, cuts)


def lost_blank_splits(digits: str, width: int, groups: int, limit: int = 2_000,
                      cuts: Sequence[int] = (), run: _Run | None = None
                      ) -> list[list[int | None]] | None:
    """The readings of ``digits`` as ``groups`` groups of ``width`` cells (each ending with
    its total) with one cell left blank and lost: the other groups add up, the blank's
    group fits (its parts at most its total; any parts when the total is the blank).
    ``None`` when more than ``limit`` do."""
    n = len(digits)
    if not digits.isdigit() or not digits.isascii() or n > MAX_DIGITS:
        return []
    run = run or _Run(digits, cuts)
    longest = width * _MAX_PART

    @functools.cache
    def whole(start: int) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Each complete group starting at ``start``: (its end, its numbers)."""
        out: list[tuple[int, tuple[int, ...]]] = []
        for stop in range(start + width, min(n, start + longest) + 1):
            out.extend((stop, g) for g in _summed_at(run, start, stop, width, True))
        return tuple(out)

    @functools.cache
    def rest(start: int, count: int) -> tuple[tuple[int, ...], ...]:
        """Every run of ``count`` complete groups from ``start`` to the end."""
        if count == 0:
            return ((),) if start == n else ()
        return tuple((*g, *r) for stop, g in whole(start) for r in rest(stop, count - 1))

    found: list[list[int | None]] = []
    heads: dict[int, list[tuple[int, ...]]] = {0: [()]}
    for g in range(groups):
        for start, prefixes in heads.items():
            for stop in range(start + width - 1, min(n, start + longest) + 1):
                tails = rest(stop, groups - g - 1)
                if not tails:
                    continue
                for at in range(width):
                    if at == width - 1:
                        middles = _parts(run, start, stop, width - 1, None)
                    else:
                        middles = tuple(_summed_at(run, start, stop, width - 1, False))
                    for middle in middles:
                        cells: list[int | None] = [*middle[:at], None, *middle[at:]]
                        for head in prefixes:
                            for tail in tails:
                                found.append([*head, *cells, *tail])
                                if len(found) > limit:
                                    return None
        following: dict[int, list[tuple[int, ...]]] = {}
        for start, prefixes in heads.items():
            for stop, group in whole(start):
                following.setdefault(stop, []).extend((*p, *group) for p in prefixes)
        heads = following
    return found


def zero_blank_readings(digits: str, width: int, groups: int, limit: int = 2_000,
                        cuts: Sequence[int] = (), run: _Run | None = None
                        ) -> list[list[int | None]] | None:
    """The readings of ``digits`` as ``groups`` groups of ``width`` cells (each ending with
    its total) with one or more cells left blank and lost, every blank holding 0: each group
    adds up with its blanks as 0 (its printed parts make its printed total; with the total
    blank, every printed part is 0). ``None`` when more than ``limit`` do."""
    n = len(digits)
    if not digits.isdigit() or not digits.isascii() or n > MAX_DIGITS:
        return []
    run = run or _Run(digits, cuts)
    reach = run.reach
    longest = width * _MAX_PART
    count = 0

    class _Over(Exception):
        pass

    def bump() -> None:
        nonlocal count
        count += 1
        if count > limit:
            raise _Over

    def placed(numbers: Sequence[int], blanks: Sequence[int]) -> tuple[int | None, ...]:
        it = iter(numbers)
        return tuple(None if i in blanks else next(it) for i in range(width))

    @functools.cache
    def group(start: int, stop: int) -> tuple[tuple[int | None, ...], ...]:
        """Each reading of ``digits[start:stop]`` as one group, blanks holding 0."""
        out: list[tuple[int | None, ...]] = []
        left = stop - start
        # the total blank: every printed part is a single 0
        if left < width and not digits[start:stop].strip("0") and all(
            reach[i] > i for i in range(start, stop)
        ):
            for shown in itertools.combinations(range(width - 1), left):
                bump()
                out.append(tuple(0 if i in shown else None for i in range(width)))
        # the total printed, at the end
        for t in range(1, min(_MAX_PART, left) + 1):
            if reach[stop - t] < stop or (t > 1 and digits[stop - t] == "0"):
                continue
            total = int(digits[stop - t:stop])
            for printed in range(width):
                # each printed part has one digit at least and no more than the total
                if not printed <= left - t <= printed * t:
                    continue
                for head in _parts(run, start, stop - t, printed, total):
                    for blanks in itertools.combinations(range(width - 1),
                                                         width - 1 - printed):
                        bump()
                        out.append(placed((*head, total), blanks))
        return tuple(out)

    @functools.cache
    def rest(start: int, count_left: int) -> tuple[tuple[int | None, ...], ...]:
        if count_left == 0:
            return ((),) if start == n else ()
        out: list[tuple[int | None, ...]] = []
        stops = (n,) if count_left == 1 else range(start, min(n, start + longest) + 1)
        for stop in stops:
            if stop - start > longest:
                continue
            tails = rest(stop, count_left - 1)
            if not tails:
                continue
            heads = group(start, stop)
            for tail in tails:
                for head in heads:
                    bump()
                    out.append((*head, *tail))
        return tuple(out)

    try:
        found = rest(0, groups)
    except _Over:
        return None
    return [list(r) for r in found if None in r]


def agreed(readings: Sequence[Sequence[int | None]], width: int) -> list[int | None]:
    """Each cell's value where every reading gives it the same number (a blank counts as a
    reading of its own), else ``None``."""
    out: list[int | None] = []
    for i in range(width):
        values = {r[i] for r in readings}
        value = values.pop() if len(values) == 1 else None
        out.append(value)
    return out


def splits(digits: str, shapes: Sequence[tuple[int, bool]], limit: int = 64,
           cuts: Sequence[int] = (), run: _Run | None = None) -> list[list[int]] | None:
    """Every split of ``digits`` into ``shapes`` that fits, with a number boundary at each
    position in ``cuts``; ``None`` when more than ``limit`` do (too many to narrow down)."""
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        return []
    found: list[list[int]] = []
    for split in _groups(run or _Run(digits, cuts), 0, shapes):
        found.append(split)
        if len(found) > limit:
            return None
    return found


@attrs.frozen
class Joint:
    """What :func:`solve` found: every solution (one candidate index per row), and whether
    the search stopped at its bound before seeing them all."""

    solutions: tuple[tuple[int, ...], ...]
    bounded: bool


def solve(
    candidates: Sequence[Sequence[object]],
    fits: Callable[[int, int], bool],
    undo: Callable[[int], None],
    complete: Callable[[], bool],
    *, limit: int = 64, budget: int = 5_000,
) -> Joint:
    """Every way to give each row one of its candidates such that ``fits(row, k)`` (which
    places candidate ``k`` of ``row`` and says whether the constraints that can be judged
    so far hold; ``undo(row)`` takes it back) and, once every row is placed,
    ``complete()``. Rows with fewer candidates are placed first. At most ``limit``
    solutions and ``budget`` placements are tried: beyond either, ``bounded`` is set."""
    order = sorted(range(len(candidates)), key=lambda r: len(candidates[r]))
    chosen = [0] * len(candidates)
    found: list[tuple[int, ...]] = []
    tried = 0
    bounded = False

    def walk(depth: int) -> None:
        nonlocal tried, bounded
        if bounded:
            return
        if depth == len(order):
            if complete():
                if len(found) >= limit:
                    bounded = True
                    return
                found.append(tuple(chosen))
            return
        row = order[depth]
        for k in range(len(candidates[row])):
            tried += 1
            if tried > budget:
                bounded = True
                return
            if fits(row, k):
                chosen[row] = k
                walk(depth + 1)
            undo(row)
            if bounded:
                return

    walk(0)
    return Joint(solutions=tuple(found), bounded=bounded)


def unique_split(digits: str, shapes: Sequence[tuple[int, bool]]) -> list[int] | None:
    """The one split of ``digits`` into ``shapes`` that fits, or ``None`` (none or several)."""
    found = splits(digits, shapes, limit=1)
    return found[0] if found is not None and len(found) == 1 else None
