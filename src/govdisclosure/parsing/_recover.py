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

import bisect
import functools
import itertools
import math
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

    __slots__ = ("digits", "memo", "reach", "sums")

    def __init__(self, digits: str, cuts: Sequence[int]) -> None:
        self.digits = digits
        self.reach = _reach(len(digits), cuts)
        #: the digit sums of the run's prefixes (see :func:`_may_hold`)
        self.sums = list(itertools.accumulate(map(int, digits), initial=0))
        self.memo: dict[tuple[int, int, int, int | None, bool], tuple[tuple[int, ...], ...]] = {}


def _parts(run: _Run, start: int, stop: int, count: int, total: int | None,
           exact: bool = True) -> tuple[tuple[int, ...], ...]:
    """Splits of ``digits[start:stop]`` into ``count`` numbers without leading zeros that
    add up to ``total`` (at most ``total`` unless ``exact``; any sum when ``None``); a
    number starting at ``i`` ends at most at ``reach[i]`` (the next cut). In the order of
    the numbers' lengths, the first number's first. Memoised on the run: the same part is
    asked for under many totals and group ends."""
    key = (start, stop, count, total, exact)
    found = run.memo.get(key)
    if found is None:
        out: list[tuple[int, ...]] = []
        if count == 0:
            if start == stop and (total is None or total == 0 or not exact):
                out.append(())
        elif _may_hold(run, start, stop, count, total, exact):
            _split(run, start, stop, count, total, exact, (), out)
        found = run.memo[key] = tuple(out)
    return found


def _may_hold(run: _Run, start: int, stop: int, count: int, total: int | None,
              exact: bool) -> bool:
    """Whether ``digits[start:stop]`` may split into ``count >= 1`` numbers that make
    ``total`` (:func:`_parts`), by bounds that hold for every split: each number has one
    digit at least and no more than the total, and is at least the sum of its digits (so
    only zeros are as many numbers as digits); for an exact total, the numbers' sum has the
    digits' sum modulo 9 (10 = 1 modulo 9), and is below ``10 ** longest + 10 * (count -
    1)``, the longest number ``stop - start - count + 1`` digits long (one long number and
    single digits make the most)."""
    left = stop - start
    if not count <= left <= count * (_MAX_PART if total is None else len(str(total))):
        return False
    digit_sum = run.sums[stop] - run.sums[start]
    if not digit_sum and left != count:
        return False
    if total is None:
        return True
    return digit_sum <= total and (not exact or (
        not (digit_sum - total) % 9 and total < 10 ** (left - count + 1) + 10 * (count - 1)
    ))


def _split(run: _Run, at: int, stop: int, count: int, total: int | None, exact: bool,
           head: tuple[int, ...], out: list[tuple[int, ...]]) -> None:
    """Append to ``out`` each split of ``digits[at:stop]`` (:func:`_parts`) after ``head``,
    for ``count >= 1``. A rest that cannot hold its numbers (:func:`_may_hold`) is not
    searched: most parts asked for have no split."""
    digits, reach = run.digits, run.reach
    if stop - at == count:  # as many digits as numbers: the digits themselves
        values = tuple(map(int, digits[at:stop]))
        if total is None or sum(values) == total or (not exact and sum(values) <= total):
            out.append((*head, *values))
        return
    if count == 1:  # the last number is the rest, whole
        if reach[at] >= stop and (stop - at == 1 or digits[at] != "0"):
            value = int(digits[at:stop])
            if total is None or value == total or (not exact and value <= total):
                out.append((*head, value))
        return
    longest = 1 if digits[at] == "0" else min(_MAX_PART, stop - at - count + 1, reach[at] - at)
    count -= 1
    for end in range(at + 1, at + longest + 1):
        value = int(digits[at:end])
        rest: int | None = None
        if total is not None:
            if value > total:
                break
            rest = total - value
        if count == 1:  # the last number is the rest, whole (as above, without a call)
            if stop - end <= _MAX_PART and reach[end] >= stop and (
                stop - end == 1 or digits[end] != "0"
            ):
                last = int(digits[end:stop])
                if rest is None or last == rest or (not exact and last <= rest):
                    out.append((*head, value, last))
        elif _may_hold(run, end, stop, count, rest, exact):
            _split(run, end, stop, count, rest, exact, (*head, value), out)


def _groups(run: _Run, start: int, shapes: Sequence[tuple[int, bool]]
            ) -> Iterator[list[int]]:
    """Splits of ``digits[start:]`` into groups; a group ``(n, True)`` ends with the sum of
    its other ``n - 1`` numbers."""
    digits, reach, sums = run.digits, run.reach, run.sums
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
    n = len(digits)
    after = sum(size for size, _ in shapes[1:])  # the numbers of the groups after this one
    for t in range(1, _MAX_PART + 1):
        # every other number is at most the total, so at most ``t`` digits long; the groups
        # after this one need a digit a number at least, and at most ``_MAX_PART``
        lo, hi = start + size - 1 + t, min(n, start + size * t)
        if lo > n - after:
            break
        for end in range(max(lo, n - after * _MAX_PART), min(hi, n - after) + 1):
            if reach[end - t] < end or (t > 1 and digits[end - t] == "0") or (
                sums[end] - 2 * sums[end - t] + sums[start]
            ) % 9:  # the parts' digits and the total's have the same sum modulo 9
                continue
            total = int(digits[end - t:end])
            for head in _parts(run, start, end - t, size - 1, total):
                for rest in _groups(run, end, shapes[1:]):
                    yield [*head, total, *rest]


def _reach(length: int, cuts: Sequence[int]) -> list[int]:
    """For each position, the next cut after it (or the end)."""
    out = [length] * (length + 1)
    stops = sorted(c for c in set(cuts) if 0 < c < length)
    if not stops:
        return out
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
    digits, reach, sums = run.digits, run.reach, run.sums
    left = stop - start
    # the total is at least as long as each of the others, which have a digit each
    for t in range(max(1, -(-left // size)), min(_MAX_PART, left - size + 1) + 1):
        if reach[stop - t] < stop or (t > 1 and digits[stop - t] == "0") or (
            exact and (sums[stop] - 2 * sums[stop - t] + sums[start]) % 9
        ):
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

    def room(stop: int, complete: int, blank: int = 0) -> bool:
        """Whether ``digits[stop:]`` has the digits for ``complete`` complete groups and
        ``blank`` groups with a cell lost (one digit at least a number)."""
        return (complete * width + blank * (width - 1) <= n - stop
                <= (complete + blank) * longest)

    @functools.cache
    def whole(start: int, stop: int) -> tuple[tuple[int, ...], ...]:
        """Each complete group ``digits[start:stop]``."""
        return tuple(_summed_at(run, start, stop, width, True))

    @functools.cache
    def rest(start: int, count: int) -> tuple[tuple[int, ...], ...]:
        """Every run of ``count`` complete groups from ``start`` to the end."""
        if count == 0:
            return ((),) if start == n else ()
        out: list[tuple[int, ...]] = []
        for stop in range(start + width, min(n, start + longest) + 1):
            if room(stop, count - 1):
                tails = rest(stop, count - 1)
                if tails:
                    out.extend((*g, *r) for g in whole(start, stop) for r in tails)
        return tuple(out)

    found: list[list[int | None]] = []
    heads: dict[int, list[tuple[int, ...]]] = {0: [()]}
    for g in range(groups):
        after = groups - g - 1
        for start, prefixes in heads.items():
            for stop in range(start + width - 1, min(n, start + longest) + 1):
                if not room(stop, after):
                    continue
                tails = rest(stop, after)
                if not tails:
                    continue
                # a part blank: the total at least the sum of the parts printed
                summed = tuple(_summed_at(run, start, stop, width - 1, False))
                for at in range(width):
                    middles = (summed if at < width - 1
                               else _parts(run, start, stop, width - 1, None))
                    for middle in middles:
                        cells: list[int | None] = [*middle[:at], None, *middle[at:]]
                        for head in prefixes:
                            for tail in tails:
                                found.append([*head, *cells, *tail])
                                if len(found) > limit:
                                    return None
        if after:
            # the heads of the next group: only where the digits left can hold the rest
            following: dict[int, list[tuple[int, ...]]] = {}
            for start, prefixes in heads.items():
                for stop in range(start + width, min(n, start + longest) + 1):
                    if room(stop, after - 1, 1):
                        for group in whole(start, stop):
                            following.setdefault(stop, []).extend(
                                (*p, *group) for p in prefixes)
            heads = following
    return found


class _ZeroBlanks:
    """The search of :func:`zero_blank_readings` over one run: the readings of its
    stretches as groups, counted, and built where asked."""

    def __init__(self, run: _Run, width: int) -> None:
        self.run, self.width, self.n = run, width, len(run.digits)
        self.longest = width * _MAX_PART
        # where the ``width - 1 - printed`` blank parts of a group of ``printed`` parts go
        self.placings = [tuple(itertools.combinations(range(width - 1), width - 1 - printed))
                         for printed in range(width)]
        self.met = 0  # the readings met: of a stretch as a group, or as the groups left
        self.sizes: dict[tuple[int, int], int] = {}
        self.counts: dict[tuple[int, int], int] = {}
        self.live: list[list[int]] = []
        self.built: dict[tuple[int, int], tuple[tuple[int | None, ...], ...]] = {}
        self.ends: dict[int, list[tuple[int, int]]] = {}

    def printed(self, stop: int) -> list[tuple[int, int]]:
        """Each number that may end at ``stop``: its length and value."""
        found = self.ends.get(stop)
        if found is None:
            digits, reach = self.run.digits, self.run.reach
            found = self.ends[stop] = [
                (t, int(digits[stop - t:stop])) for t in range(1, min(_MAX_PART, stop) + 1)
                if reach[stop - t] >= stop and (t == 1 or digits[stop - t] != "0")]
        return found

    def totals(self, start: int, stop: int) -> list[tuple[int, int, range]]:
        """Each printed total ending ``digits[start:stop]``: its length, its value, and
        how many printed parts may come before it (one digit at least each, and no more
        digits than the total)."""
        sums, left, width = self.run.sums, stop - start, self.width
        out = []
        for t, total in self.printed(stop):
            if t > left:
                break
            # the parts' digits and the total's have the same sum modulo 9
            if t * width >= left and not (sums[stop] - 2 * sums[stop - t] + sums[start]) % 9:
                out.append((t, total, range(-(-(left - t) // t), min(width - 1, left - t) + 1)))
        return out

    def zeros(self, start: int, stop: int) -> int:
        """How many readings of ``digits[start:stop]`` have the total blank: every printed
        part a single 0."""
        left, sums = stop - start, self.run.sums
        if left < self.width and sums[start] == sums[stop]:
            return math.comb(self.width - 1, left)
        return 0

    def size(self, start: int, stop: int) -> int:
        """How many readings ``digits[start:stop]`` has as one group."""
        found = self.sizes.get((start, stop))
        if found is None:
            found = self.zeros(start, stop)
            for t, total, printed in self.totals(start, stop):
                for p in printed:
                    found += (len(_parts(self.run, start, stop - t, p, total))
                              * len(self.placings[p]))
            self.sizes[start, stop] = found
            self.met += found
        return found

    def count(self, groups: int) -> None:
        """Count, from the last group back, the readings of ``digits[start:]`` as ``left``
        groups, for each ``left`` up to ``groups`` and each ``start`` the search from the
        run's start meets: for ``left < groups``, every start up to ``(groups - left) *
        longest`` (a group may end anywhere within ``longest`` digits of its start)."""
        n, longest, counts = self.n, self.longest, self.counts
        counts[n, 0] = 1
        self.live = [[n]]  # for each ``left``, the starts that have readings, in order
        for left in range(1, groups + 1):
            below: list[int] = self.live[-1]
            live: list[int] = []
            for start in range(min(n, (groups - left) * longest) + 1) if left < groups else (0,):
                found = 0
                for stop in below[bisect.bisect_left(below, start):]:
                    if stop - start > longest:
                        break
                    found += self.size(start, stop) * counts[stop, left - 1]
                counts[start, left] = found
                self.met += found
                if found:
                    live.append(start)
            self.live.append(live)

    def group(self, start: int, stop: int) -> list[tuple[int | None, ...]]:
        """Each reading of ``digits[start:stop]`` as one group, blanks holding 0."""
        width = self.width
        out: list[tuple[int | None, ...]] = []
        if self.zeros(start, stop):
            for shown in itertools.combinations(range(width - 1), stop - start):
                out.append(tuple(0 if i in shown else None for i in range(width)))
        for t, total, printed in self.totals(start, stop):
            for p in printed:
                for head in _parts(self.run, start, stop - t, p, total):
                    for blanks in self.placings[p]:
                        cells: list[int | None] = [*head, total]
                        for i in blanks:  # in order, so each lands where it belongs
                            cells.insert(i, None)
                        out.append(tuple(cells))
        return out

    def readings(self, start: int, left: int) -> tuple[tuple[int | None, ...], ...]:
        """Each reading of ``digits[start:]`` as ``left`` groups (after :meth:`count`)."""
        if left == 0:
            return ((),) if start == self.n else ()
        found = self.built.get((start, left))
        if found is None:
            out: list[tuple[int | None, ...]] = []
            below = self.live[left - 1]
            for stop in below[bisect.bisect_left(below, start):]:
                if stop - start > self.longest:
                    break
                if self.size(start, stop):
                    heads = self.group(start, stop)
                    for tail in self.readings(stop, left - 1):
                        out.extend(head + tail for head in heads)
            found = self.built[start, left] = tuple(out)
        return found


def zero_blank_readings(digits: str, width: int, groups: int, limit: int = 2_000,
                        cuts: Sequence[int] = (), run: _Run | None = None
                        ) -> list[list[int | None]] | None:
    """The readings of ``digits`` as ``groups`` groups of ``width`` cells (each ending with
    its total) with one or more cells left blank and lost, every blank holding 0: each group
    adds up with its blanks as 0 (its printed parts make its printed total; with the total
    blank, every printed part is 0). ``None`` when the search meets more than ``limit``
    readings: of a stretch of the digits as one group, and of a stretch to the end as the
    groups left (each stretch counted once).

    The readings are counted first, without being built; only those of the whole run are
    built, and only when the count is within the limit."""
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        return []
    search = _ZeroBlanks(run or _Run(digits, cuts), width)
    search.count(groups)
    if search.met > limit:
        return None
    return [list(r) for r in search.readings(0, groups) if None in r]


def agreed(readings: Sequence[Sequence[int | None]], width: int) -> list[int | None]:
    """Each cell's value where every reading gives it the same number (a blank counts as a
    reading of its own), else ``None``."""
    out: list[int | None] = [None] * width
    if readings:
        for i, column in enumerate(itertools.islice(zip(*readings, strict=True), width)):
            values = set(column)
            if len(values) == 1:
                out[i] = values.pop()
    return out


def splits(digits: str, shapes: Sequence[tuple[int, bool]], limit: int = 64,
           cuts: Sequence[int] = (), run: _Run | None = None) -> list[list[int]] | None:
    """Every split of ``digits`` into ``shapes`` that fits, with a number boundary at each
    position in ``cuts``; ``None`` when more than ``limit`` do (too many to narrow down)."""
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        return []
    if len(digits) == sum(size for size, _ in shapes) and all(size for size, _ in shapes):
        return _digit_each(digits, shapes, limit)
    found: list[list[int]] = []
    for split in _groups(run or _Run(digits, cuts), 0, shapes):
        found.append(split)
        if len(found) > limit:
            return None
    return found


def _digit_each(digits: str, shapes: Sequence[tuple[int, bool]], limit: int
                ) -> list[list[int]] | None:
    """:func:`splits` of a run of as many digits as numbers (most rows of zeros): the only
    split is a digit a number, if every group adds up (and a group without an identity is
    the last)."""
    values = list(map(int, digits))
    at = 0
    for k, (size, summed) in enumerate(shapes):
        if (summed and sum(values[at:at + size - 1]) != values[at + size - 1]) or (
            not summed and k < len(shapes) - 1
        ):
            return []
        at += size
    return [values] if limit >= 1 else None


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
