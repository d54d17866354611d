"""Reports per second for text, Markdown and HTML, on the bundled examples and on generated
reports, and peak memory.

Contenders, interleaved in one process (order rotating each round, several rounds, min and
median): ``render(report, kind)`` for each kind, and the reference drawing of the same
tables cell by cell (every table laid out as cells, every cell drawn: what the renderers did
before they drew each format's frame once), with the ratio of the two.

The first pass (caches empty, ``first/s``) is timed apart from the rounds; the cyclic garbage
collector is paused inside each timing, as in :mod:`timeit`.

Run: ``PYTHONPATH=src python benchmarks/bench_render.py [--rounds 7] [--reports 200]``.
Prints the figures; asserts nothing. The generated reports come from
``govdisclosure.strategies`` (fixed seed; values and narrative vary, so the text renderer's
column widths vary); the bundled ones are repeated to make as many renderings.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import govdisclosure
from govdisclosure.jsonio import load_json_file
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import html as html_mod
from govdisclosure.rendering import markdown, render, text
from govdisclosure.rendering._layout import layout

DATA = Path(govdisclosure.__file__).parent / "data"
KINDS = ("text", "markdown", "html")


def bundled() -> list[AnnualReport]:
    return [load_json_file(p) for p in sorted(DATA.glob("*.json"))]


def generated(n: int) -> list[AnnualReport]:
    """``n`` reports of ``strategies.reports(blanks=True)`` (fixed seed)."""
    from hypothesis import HealthCheck, given, settings

    from govdisclosure import strategies

    out: list[AnnualReport] = []

    @settings(max_examples=n, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategies.reports(blanks=True))
    def collect(report: AnnualReport) -> None:
        out.append(report)

    collect()
    return out


def cell_by_cell(kind: str) -> Callable[[AnnualReport], object]:
    """The reference: every table laid out as cells, every cell drawn (tables only)."""
    draw: Callable[..., object] = {
        "text": lambda t: "\n".join(text.render_grid(layout(t))),
        "markdown": lambda t: markdown.render_table(layout(t)),
        "html": lambda t: html_mod.render_table(layout(t)),
    }[kind]

    def run(report: AnnualReport) -> object:
        return [draw(t) for t in (report.table2, report.table3, report.table4)]

    return run


def whole(kind: str) -> Callable[[AnnualReport], object]:
    return lambda report: render(report, kind)  # type: ignore[call-overload]


def per_second(work: Callable[[AnnualReport], object], reports: list[AnnualReport]) -> float:
    # As timeit does: no cyclic garbage collection inside a timing (a full collection of
    # the hypothesis objects would land in one contender's round at random).
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for report in reports:
            work(report)
        return len(reports) / (time.perf_counter() - start)
    finally:
        gc.enable()


def peak_kib(work: Callable[[AnnualReport], object], reports: list[AnnualReport]) -> float:
    """Peak Python allocation while rendering every report once (outputs dropped)."""
    tracemalloc.start()
    for report in reports:
        work(report)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reports", type=int, default=200, help="generated reports")
    args = parser.parse_args()
    try:
        made = generated(args.reports)
    except ImportError:
        print("(hypothesis not installed: bundled examples only)")
        made = []
    examples = bundled()
    corpora = {"bundled": examples * max(1, args.reports // len(examples)), "generated": made}
    corpora = {name: reports for name, reports in corpora.items() if reports}
    print(f"bundled: {len(examples)} reports repeated to {len(corpora['bundled'])}; "
          f"generated: {len(made)}; {args.rounds} rounds, order rotating\n")
    contenders = {
        (corpus, f"{label} {kind}"): (make(kind), corpus)
        for corpus in corpora
        for kind in KINDS
        for label, make in (("render", whole), ("tables cell by cell", cell_by_cell))
    }
    # The first pass fills the caches (frames, drawings by column widths, number texts):
    # its rate is what a corpus of reports never seen before gets.
    first = {key: per_second(work, corpora[corpus])
             for key, (work, corpus) in contenders.items()}
    figures: dict[tuple[str, str], list[float]] = {key: [] for key in contenders}
    keys = list(contenders)
    for round_ in range(args.rounds):
        shift = round_ % len(keys)
        for key in keys[shift:] + keys[:shift]:
            work, corpus = contenders[key]
            figures[key].append(per_second(work, corpora[corpus]))
    for corpus in corpora:
        print(f"{corpus + ' reports':<32}{'first/s':>10}{'min/s':>10}{'median/s':>10}"
              f"{'peak KiB':>10}")
        for (where, name), rates in figures.items():
            if where != corpus:
                continue
            work, _ = contenders[where, name]
            print(f"  {name:<30}{first[where, name]:>10,.0f}{min(rates):>10,.0f}"
                  f"{statistics.median(rates):>10,.0f}"
                  f"{peak_kib(work, corpora[corpus]):>10,.0f}")
        print("  ratio render / tables cell by cell (medians):", "  ".join(
            f"{kind} {statistics.median(figures[corpus, f'render {kind}']) / statistics.median(figures[corpus, f'tables cell by cell {kind}']):.1f}×"  # noqa: E501
            for kind in KINDS))
        print()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process: {rss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
