"""Near-equal sentences: the prefix-filtered index finds exactly what comparing all pairs does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.audit._similar import COMPARE_ALL, MAX_CANDIDATES, Matcher, dice, shingles

#: few letters, so that random sentences share shingles and near matches happen
SENTENCES = st.text(alphabet="政府信息公开工作年度", min_size=1, max_size=12)


@given(
    st.lists(SENTENCES, max_size=12),
    SENTENCES,
    st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]),
)
def test_the_index_misses_no_sentence_alike_enough(
    indexed: list[str], probe: str, cutoff: float
) -> None:
    brute = probe in indexed or any(
        dice(shingles(probe), shingles(s)) >= cutoff for s in indexed
    )
    assert (probe in Matcher(indexed, cutoff=cutoff)) == brute


def test_dice_and_shingles() -> None:
    assert shingles("政府信息") == {"政府", "府信", "信息"}
    assert shingles("政") == {"政"}
    assert dice(shingles("政府信息"), shingles("政府信息")) == 1.0
    assert dice(shingles("政府"), shingles("信息")) == 0.0
    with pytest.raises(ValueError, match="cutoff"):
        Matcher([], cutoff=0)


def test_thousands_of_near_copies_are_matched() -> None:
    base = "进一步加强政府信息公开工作的制度建设和队伍建设"
    copies = [base[:k] + "新" + base[k + 1:] for k in range(len(base))] * 200
    matcher = Matcher(copies, cutoff=0.8)
    assert base in matcher
    assert "完全不同的另一句话内容没有重复" not in matcher


def _reference(sentences: list[str], probe: str, cutoff: float) -> bool:
    """The matcher as it was first written (a sort by (frequency, text) per sentence, every
    shingle of the probe in its prefix): the faster one must answer exactly as it did,
    candidate cap included."""
    import collections
    import math

    if probe in sentences:
        return True
    sets = [shingles(s) for s in dict.fromkeys(sentences)]
    frequency: collections.Counter[str] = collections.Counter()
    for found in sets:
        frequency.update(found)
    jaccard = cutoff / (2 - cutoff)

    def prefix(found: frozenset[str]) -> list[str]:
        order = sorted(found, key=lambda s: (frequency[s], s))
        keep = len(order) - math.ceil(jaccard * len(order) - 1e-9) + 1
        return order[: max(keep, 1)]

    index: dict[str, list[int]] = collections.defaultdict(list)
    for number, found in enumerate(sets):
        for shingle in prefix(found):
            index[shingle].append(number)
    probe_set = shingles(probe)
    shared: collections.Counter[int] = collections.Counter()
    for shingle in prefix(probe_set):
        shared.update(index.get(shingle, [])[: 8 * MAX_CANDIDATES])
    return any(dice(probe_set, sets[number]) >= cutoff
               for number, _ in shared.most_common(MAX_CANDIDATES))


#: texts long enough to be indexed (more distinct sentences than are compared one by one)
LONG_TEXTS = st.lists(
    st.text(alphabet="政府信息公开工作年度", min_size=6, max_size=14),
    min_size=COMPARE_ALL + 1, max_size=60, unique=True,
)


@given(st.one_of(st.lists(SENTENCES, max_size=60), LONG_TEXTS), st.data(),
       st.sampled_from([0.5, 0.7, 0.8, 0.9, 1.0]))
def test_the_matcher_answers_as_the_reference_does(
    indexed: list[str], data: st.DataObject, cutoff: float
) -> None:
    """Probes: random sentences and near copies (one character changed) of indexed ones."""
    probes = data.draw(st.lists(SENTENCES, max_size=4))
    for sentence in data.draw(st.lists(st.sampled_from(indexed), max_size=6)) if indexed else []:
        at = data.draw(st.integers(0, len(sentence) - 1))
        other = data.draw(st.sampled_from("政府信息公开"))
        probes.append(sentence[:at] + other + sentence[at + 1:])
    matcher = Matcher(indexed, cutoff=cutoff)
    assert [p in matcher for p in probes] == [_reference(indexed, p, cutoff) for p in probes]
    brute = [p in indexed or any(dice(shingles(p), shingles(s)) >= cutoff for s in indexed)
             for p in probes]
    if len(set(indexed)) <= MAX_CANDIDATES:  # no cap can bite: exactly what brute force finds
        assert [p in matcher for p in probes] == brute


def test_the_candidate_cap_is_the_reference_cap() -> None:
    """Hundreds of sentences sharing the probe's rare shingles: the cap decides, alike."""
    base = "进一步加强政府信息公开工作的制度建设和队伍建设"
    crowd = [base[:k] + "甲乙丙丁戊己"[k % 6] * 3 + base[k + 3:] for k in range(len(base) - 3)]
    indexed = crowd * 20 + [base[::-1]]
    for probe in (base, base[1:], base[:-2] + "工作", base[::-1][1:]):
        for cutoff in (0.5, 0.8, 0.95):
            assert (probe in Matcher(indexed, cutoff=cutoff)) == _reference(indexed, probe, cutoff)
    # the matcher does not grow as it is asked
    matcher = Matcher(indexed, cutoff=0.8)
    assert matcher._index is not None
    size = len(matcher._index)
    assert "完全不同的另一句话" not in matcher
    assert len(matcher._index) == size
