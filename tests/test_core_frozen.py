"""Every answer of the core on a large generated corpus is what it was before the fast-core
rework: the same reports read, the same findings, the same errors with the same messages."""

from __future__ import annotations

import gzip
import json

import core_corpus  # type: ignore[import-not-found]


def test_answers_equal_the_frozen_answers() -> None:
    with gzip.open(core_corpus.FROZEN, "rt", encoding="utf-8") as f:
        frozen: list[str] = json.load(f)
    cases = list(core_corpus.cases())
    assert len(cases) == len(frozen)
    kinds = {answer.split(" ", 1)[0] for answer in frozen}
    assert {"ok", "JsonError:", "CsvError:"} <= kinds  # the corpus covers each kind of answer
    wrong = [
        (kind, text[:200], want, got)
        for (kind, text), want in zip(cases, frozen, strict=True)
        if (got := core_corpus.outcome(kind, text)) != want
    ]
    assert not wrong, f"{len(wrong)} answers changed; first: {wrong[0]}"
