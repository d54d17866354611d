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

from collections.abc import Callable, Iterator, Sequence

import attrs

__all__ = ["MAX_DIGITS", "Joint", "solve", "splits", "unique_split"]


def __dir__() -> list[str]:
    return __all__


#: longer runs are not tried (a row of a report has at most a few dozen digits)
MAX_DIGITS = 60
#: the longest number a cell is assumed to hold
_MAX_PART = 9


def _parts(digits: str, start: int, stop: int, count: int, total: int | None,
           reach: Sequence[int]) -> Iterator[list[int]]:
    """Splits of ``digits[start:stop]`` into ``count`` numbers without leading zeros that
    add up to ``total`` (any sum when ``None``); a number starting at ``i`` ends at most at
    ``reach[i]`` (the next cut)."""
    if count == 0:
        if start == stop and (total is None or total == 0):
            yield []
        return
    left = stop - start
    if left < count or left > count * _MAX_PART:
        return
    longest = min(_MAX_PART, left - (count - 1), reach[start] - start)
    if digits[start] == "0":
        longest = 1
    for length in range(1, longest + 1):
        value = int(digits[start:start + length])
        if total is not None and value > total:
            break
        rest = None if total is None else total - value
        for tail in _parts(digits, start + length, stop, count - 1, rest, reach):
            yield [value, *tail]


def _groups(digits: str, start: int, shapes: Sequence[tuple[int, bool]],
            reach: Sequence[int]) -> Iterator[list[int]]:
    """Splits of ``digits[start:]`` into groups; a group ``(n, True)`` ends with the sum of
    its other ``n - 1`` numbers."""
    if not shapes:
        if start == len(digits):
            yield []
        return
    size, summed = shapes[0]
    if not summed:
        # groups without an identity: only when they take the whole rest
        if len(shapes) == 1:
            yield from _parts(digits, start, len(digits), size, None, reach)
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
            for head in _parts(digits, start, end - t, size - 1, total, reach):
                for rest in _groups(digits, end, shapes[1:], reach):
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


def splits(digits: str, shapes: Sequence[tuple[int, bool]], limit: int = 64,
           cuts: Sequence[int] = ()) -> list[list[int]] | None:
    """Every split of ``digits`` into ``shapes`` that fits, with a number boundary at each
    position in ``cuts``; ``None`` when more than ``limit`` do (too many to narrow down)."""
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        return []
    reach = _reach(len(digits), cuts)
    found: list[list[int]] = []
    for split in _groups(digits, 0, shapes, reach):
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
