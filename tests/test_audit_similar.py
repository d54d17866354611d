"""Near-equal sentences: the prefix-filtered index finds exactly what comparing all pairs does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.audit._similar import Matcher, dice, shingles

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
