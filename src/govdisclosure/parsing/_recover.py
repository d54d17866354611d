"""Rows whose cell boundaries were lost, so their digits run together.

平潭综合实验区's page text reads ``一、本年新收政府信息公开申请数量15130000154`` for
151 · 3 · 0 · 0 · 0 · 0 · 154. Such a run is split in every way that prints no number with a
leading zero; a split is kept only when it is the *only* one that satisfies the table's own
identity for that row (the row total, spec §7.2 T3-B / T4-A–C). A row of as many digits as
cells has one split only. Otherwise the row stays unreadable: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

__all__ = ["MAX_DIGITS", "splits", "unique_split"]


def __dir__() -> list[str]:
    return __all__


#: longer runs are not tried (a row of a report has at most a few dozen digits)
MAX_DIGITS = 60
#: the longest number a cell is assumed to hold
_MAX_PART = 9


def _parts(digits: str, start: int, stop: int, count: int, total: int | None
           ) -> Iterator[list[int]]:
    """Splits of ``digits[start:stop]`` into ``count`` numbers without leading zeros that
    add up to ``total`` (any sum when ``None``)."""
    if count == 0:
        if start == stop and (total is None or total == 0):
            yield []
        return
    left = stop - start
    if left < count or left > count * _MAX_PART:
        return
    longest = min(_MAX_PART, left - (count - 1))
    if digits[start] == "0":
        longest = 1
    for length in range(1, longest + 1):
        value = int(digits[start:start + length])
        if total is not None and value > total:
            break
        rest = None if total is None else total - value
        for tail in _parts(digits, start + length, stop, count - 1, rest):
            yield [value, *tail]


def _groups(digits: str, start: int, shapes: Sequence[tuple[int, bool]]
            ) -> Iterator[list[int]]:
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
            yield from _parts(digits, start, len(digits), size, None)
        return
    last = len(shapes) == 1
    for t in range(1, _MAX_PART + 1):
        # every other number is at most the total, so at most ``t`` digits long
        lo, hi = start + size - 1 + t, min(len(digits), start + (size - 1) * t + t)
        ends = [len(digits)] if last else range(lo, hi + 1)
        for end in ends:
            if not lo <= end <= hi:
                continue
            total_text = digits[end - t:end]
            if len(total_text) > 1 and total_text[0] == "0":
                continue
            total = int(total_text)
            for head in _parts(digits, start, end - t, size - 1, total):
                for rest in _groups(digits, end, shapes[1:]):
                    yield [*head, total, *rest]


def splits(digits: str, shapes: Sequence[tuple[int, bool]], limit: int = 64
           ) -> list[list[int]] | None:
    """Every split of ``digits`` into ``shapes`` that fits; ``None`` when more than
    ``limit`` do (too many to narrow down)."""
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        return []
    found: list[list[int]] = []
    for split in _groups(digits, 0, shapes):
        found.append(split)
        if len(found) > limit:
            return None
    return found


def unique_split(digits: str, shapes: Sequence[tuple[int, bool]]) -> list[int] | None:
    """The one split of ``digits`` into ``shapes`` that fits, or ``None`` (none or several)."""
    found = splits(digits, shapes, limit=1)
    return found[0] if found is not None and len(found) == 1 else None
