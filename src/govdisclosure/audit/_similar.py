"""Near-equal sentences found in linear time: character bigram sets, prefix-filtered.

A sentence is a set of character bigrams (shingles); two sentences are alike when the Dice
coefficient ``2|A ∩ B| / (|A| + |B|)`` of their sets is at least the cutoff — the measure
:mod:`difflib`'s ``ratio`` is, on shingles instead of matched characters, so a sentence with a
word or two changed still counts, and two sentences on other topics that share the house
phrases (政府信息公开, 工作) do not.

difflib compares every sentence with every other, each comparison quadratic in their length.
Here the sentences of the earlier text are indexed by their rarest shingles only (*prefix
filtering*, Chaudhuri et al. 2006): with the Jaccard threshold ``t = D / (2 − D)`` that a
Dice cutoff ``D`` implies, two sets alike enough must share one of the first
``|A| − ⌈t·|A|⌉ + 1`` shingles of each, in one global order (rarest first). So each sentence
is compared exactly only with the few that share a rare shingle with it — no pair that meets
the cutoff is missed — and at most :data:`MAX_CANDIDATES` of them (read from at most
``8 × MAX_CANDIDATES`` entries of each shingle's list), so a text built to defeat the index
(thousands of near-copies) stays linear.
"""

from __future__ import annotations

import collections
import itertools
import math
from collections.abc import Sequence

__all__ = ["MAX_CANDIDATES", "Matcher", "dice", "shingles"]


def __dir__() -> list[str]:
    return __all__


#: sentences compared exactly with one sentence, at most (the ones sharing most rare shingles)
MAX_CANDIDATES = 32
#: a text of this many distinct sentences or fewer is not indexed: each sentence asked about
#: is compared with every one, which finds what the index would (no list is cut and no more
#: than :data:`MAX_CANDIDATES` are compared) at less cost
COMPARE_ALL = 16


def shingles(sentence: str) -> frozenset[str]:
    """The character bigrams of ``sentence`` (the sentence itself when shorter)."""
    if len(sentence) < 2:
        return frozenset({sentence})
    return frozenset(map(str.__add__, sentence, sentence[1:]))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """``2|A ∩ B| / (|A| + |B|)``: 1 for equal sets, 0 for disjoint ones."""
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


class Matcher:
    """The sentences of one text, ready to tell whether another sentence is in it."""

    def __init__(self, sentences: Sequence[str], *, cutoff: float) -> None:
        if not 0 < cutoff <= 1:
            raise ValueError(f"cutoff must be in (0, 1], got {cutoff}")
        self.cutoff = cutoff
        self._jaccard = cutoff / (2 - cutoff)
        self._exact = set(sentences)
        self._sets = [shingles(s) for s in dict.fromkeys(sentences)]
        self._index: dict[str, list[int]] | None = None
        if len(self._sets) <= COMPARE_ALL:
            return
        frequency = collections.Counter(itertools.chain.from_iterable(self._sets))
        # the one global order, rarest first then by text, as a rank per shingle: sorting by
        # a rank looked up in C costs far less than by a (frequency, text) key built in Python
        order = sorted(frequency, key=lambda s: (frequency[s], s))
        self._rank = {shingle: n for n, shingle in enumerate(order)}
        index: dict[str, list[int]] = collections.defaultdict(list)
        for number, found in enumerate(self._sets):
            for shingle in self._prefix(found):
                index[shingle].append(number)
        self._index = index

    def _prefix(self, found: frozenset[str]) -> list[str]:
        """The first shingles of ``found`` in the global order, those of this text only.

        A shingle this text lacks counts as rarest of all (frequency 0) and takes its place in
        the prefix, but no sentence here shares it, so it is not returned.
        """
        rank = self._rank
        present = [s for s in found if s in rank]
        keep = len(found) - math.ceil(self._jaccard * len(found) - 1e-9) + 1
        keep = max(keep, 1) - (len(found) - len(present))
        if keep <= 0:
            return []
        present.sort(key=rank.__getitem__)
        return present[:keep]

    def __contains__(self, sentence: object) -> bool:
        """Whether an equal sentence, or one at least :attr:`cutoff` alike, is in the text."""
        if not isinstance(sentence, str):
            return False
        if sentence in self._exact:
            return True
        found = shingles(sentence)
        index = self._index
        if index is None:
            return any(dice(found, other) >= self.cutoff for other in self._sets)
        shared: collections.Counter[int] = collections.Counter()
        for shingle in self._prefix(found):
            # bounded: near-copies by the thousand must not make one look-up quadratic
            shared.update(index.get(shingle, ())[: 8 * MAX_CANDIDATES])
        for number, _ in shared.most_common(MAX_CANDIDATES):
            if dice(found, self._sets[number]) >= self.cutoff:
                return True
        return False
