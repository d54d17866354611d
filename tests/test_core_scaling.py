"""Reading stays linear in the size of the input (issue 12 item 4): growth from 10× to 100×
the input is compared with a generous bound (30×; linear is 10×, quadratic 100×). A ratio of
two runs on the same machine, never an absolute time; CPU time of this process, so that other
processes on a shared machine do not count."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from govdisclosure.csvio import dump_csv, load_csv
from govdisclosure.errors import CsvError
from govdisclosure.jsonio import load_json

EXAMPLE = (Path(__file__).parent.parent / "src/govdisclosure/data/pingtan-2025.json").read_text(
    encoding="utf-8"
)


def growth(run: Callable[[int], object], small: int) -> float:
    def best(n: int) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            run(n)
            times.append(time.process_time() - start)
        return min(times)

    return best(small * 10) / best(small)


def test_load_json_of_many_paragraphs_is_linear() -> None:
    """With the test session's own objects frozen: the reader leaves the collector alone,
    and a full collection walks every object of the process, not only those the input
    makes (which are still collected)."""
    import gc

    doc = json.loads(EXAMPLE)

    def run(n: int) -> object:
        doc["overview"]["content"] = ["本年度我单位坚持公开为常态。"] * n
        return load_json(json.dumps(doc, ensure_ascii=False))

    gc.collect()
    gc.freeze()
    try:
        assert growth(run, 2_000) < 30
    finally:
        gc.unfreeze()


def test_load_csv_of_a_label_with_many_inner_spaces_is_linear() -> None:
    text = dump_csv(load_json(EXAMPLE))
    line = "三,一、本年新收政府信息公开申请数量,自然人,151"

    def run(n: int) -> object:
        label = "一、本年新收" + " " * n + "政府信息公开申请数量"
        spaced = text.replace(line, f"三,{label},自然人,151")
        try:
            return load_csv(spaced)
        except CsvError as exc:
            return exc

    assert growth(run, 2_000) < 30
