"""Linear time where the issue's run found growth of ×17 to ×83 for 10× the input (issue 12,
item 4): Markdown of a paragraph of many line breaks, ``load_csv`` of a label of many inner
spaces, parsing a section 一 of many lines without 。, ``load_json`` of many paragraphs.

No timing is asserted: each case compares the CPU time of the same work on an input 10×
larger (the least of a few rounds) and bounds the growth generously: linear work grows ×10,
quadratic ×100; the bound is ×35.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from govdisclosure.cli import example_path

DATA = Path(__file__).parent / "data"
GROWTH_BOUND = 35.0
#: the smaller input must take at least this long, so that fixed costs and the clock's
#: resolution do not hide how the work grows
MIN_SECONDS = 0.01


def _cpu(work: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def growth(make: Callable[[int], Callable[[], object]], n: int) -> float:
    """CPU time of ``make(10 n)()`` over that of ``make(n)()``; ``n`` doubled first until the
    smaller run takes :data:`MIN_SECONDS`."""
    small = make(n)
    small()  # warm caches and lazy imports
    while _cpu(small) < MIN_SECONDS and n < 1 << 20:
        n *= 2
        small = make(n)
    return _cpu(make(10 * n), rounds=2) / max(_cpu(small), 1e-9)


def _document() -> dict[str, object]:
    data = json.loads(example_path("pingtan-2025.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_markdown_of_a_paragraph_of_many_line_breaks() -> None:
    from govdisclosure import load_json, render

    def make(n: int) -> Callable[[], object]:
        data = _document()
        paragraph = "一行" + "\n" * n + "一行"
        data["other"] = {"heading": "六、其他需要报告的事项", "content": [paragraph]}
        report = load_json(json.dumps(data, ensure_ascii=False))
        return lambda: render(report, "markdown")

    assert growth(make, 200) < GROWTH_BOUND


def test_load_csv_of_a_label_of_many_inner_spaces() -> None:
    from govdisclosure import GovDisclosureError, dump_csv, load_csv, load_json

    base = dump_csv(load_json(example_path("pingtan-2025.json").read_text(encoding="utf-8")))

    def make(n: int) -> Callable[[], object]:
        text = base.replace("一、本年新收", "一、" + " " * n + "本年新收", 1)
        assert text != base

        def work() -> object:
            try:
                return load_csv(text)
            except GovDisclosureError as exc:  # refusing it is fine, in linear time
                return exc

        return work

    assert growth(make, 500) < GROWTH_BOUND


def test_parse_of_a_section_of_many_lines_without_a_full_stop() -> None:
    from govdisclosure import parse

    seed = (DATA / "parse_yongchun_shigu_2020.txt").read_text(encoding="utf-8")
    heading = "一、总体情况"
    assert heading in seed

    def make(n: int) -> Callable[[], object]:
        text = seed.replace(heading, heading + "\n" + "推进政务公开工作\n" * n, 1)
        return lambda: parse(text, kind="text")

    assert growth(make, 3000) < GROWTH_BOUND


def test_load_json_of_many_paragraphs() -> None:
    """Measured with the test session's own objects frozen (``gc.freeze``): the reader
    leaves the collector alone, and a full collection walks every object of the process,
    which the input does not make (the objects the reading makes are still collected)."""
    import gc

    from govdisclosure import load_json

    def make(n: int) -> Callable[[], object]:
        data = _document()
        data["problems"] = {"heading": "五、存在的主要问题及改进情况",
                            "content": [f"第{i}段。" for i in range(n)]}
        text = json.dumps(data, ensure_ascii=False)
        return lambda: load_json(text)

    gc.collect()
    gc.freeze()
    try:
        assert growth(make, 200) < GROWTH_BOUND
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(("shape", "cost"), [("linear", 1), ("quadratic", 2)])
def test_growth_tells_linear_from_quadratic(
    monkeypatch: pytest.MonkeyPatch, shape: str, cost: int
) -> None:
    """The measure can fail: work that grows as n² passes the bound, work that grows as n
    does not (the CPU clock replaced by the work's own count)."""

    class Work:
        def __init__(self, n: int) -> None:
            self.n = n

        def __call__(self) -> None:
            return None

    def seconds(work: Callable[[], object], rounds: int = 3) -> float:
        assert isinstance(work, Work)
        return 1e-4 * (work.n / 100) ** cost

    monkeypatch.setattr(sys.modules[__name__], "_cpu", seconds)
    ratio = growth(Work, 100)
    assert ratio == pytest.approx(10.0 ** cost)
    assert (ratio < GROWTH_BOUND) == (shape == "linear")


def test_bulk_audit_memory_does_not_grow_with_the_number_of_reports(tmp_path: Path) -> None:
    """The Python memory a bulk audit holds at its peak (in this process: ``jobs=1``, so
    the workers' part is counted too) for 10× the reports: flat, not ×10 (issue 10, item 6).

    Reports are written five years a body, so the pairs and the index are exercised. The
    bound is loose (cyclic garbage of the rules waits for the collector), but keeping each
    report's rows (about 4 kB) or the report itself would pass it several times over.
    """
    import gc
    import tracemalloc

    from govdisclosure import load_json
    from govdisclosure.audit import audit
    from govdisclosure.jsonio import dump_json

    seed = load_json(example_path("pingtan-2025.json").read_text(encoding="utf-8"))

    def corpus(n: int) -> Path:
        import attrs

        folder = tmp_path / str(n)
        folder.mkdir()
        for i in range(n):
            metadata = attrs.evolve(seed.metadata, body=f"第{i // 5}局", year=2020 + i % 5,
                                    published=None)
            report = attrs.evolve(seed, metadata=metadata)
            (folder / f"{i:05d}.json").write_text(dump_json(report), encoding="utf-8")
        return folder

    def peak(folder: Path) -> tuple[int, int]:
        gc.collect()
        tracemalloc.start()
        try:
            run = audit([folder], 1, chunksize=8)
            rows = sum(1 for _ in run)
            return tracemalloc.get_traced_memory()[1], rows
        finally:
            tracemalloc.stop()

    small, large = corpus(40), corpus(400)
    peak(small)  # lazy imports and caches, once
    (before, few), (after, many) = peak(small), peak(large)
    assert many > 5 * few > 0  # the larger run did find ten times as much
    assert after < 3 * before
