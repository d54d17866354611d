"""Reports per second for text, Markdown and HTML: the skeleton drawn once and filled in
(what ``render`` does) against drawing every cell of the laid-out tables, interleaved in one
process (rotating order, several rounds, min and median, ratios), and peak memory.

Run: ``PYTHONPATH=src python benchmarks/bench_render.py [--rounds 7] [--reports 200]``.
Prints the figures; asserts nothing. Uses the bundled examples and reports drawn from
``govdisclosure.strategies`` (values vary, so the text renderer's column widths vary).
"""

from __future__ import annotations

import argparse
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


def corpus(n: int) -> list[AnnualReport]:
    """The bundled examples and ``n`` generated reports (fixed seed)."""
    reports = [load_json_file(p) for p in sorted(DATA.glob("*.json"))]
    try:
        from hypothesis import HealthCheck, given, settings

        from govdisclosure import strategies

        @settings(max_examples=n, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), deadline=None)
        @given(strategies.reports(blanks=True))
        def collect(report: AnnualReport) -> None:
            reports.append(report)

        collect()
    except ImportError:
        print("(hypothesis not installed: bundled examples only)")
    return reports


def cell_by_cell(kind: str) -> Callable[[AnnualReport], str]:
    """The previous drawing: every table laid out as cells, every cell drawn."""
    draw: Callable[..., object] = {
        "text": lambda t: "\n".join(text.render_grid(layout(t))),
        "markdown": lambda t: markdown.render_table(layout(t)),
        "html": lambda t: html_mod.render_table(layout(t)),
    }[kind]

    def run(report: AnnualReport) -> str:
        return "".join(str(draw(t)) for t in (report.table2, report.table3, report.table4))

    return run


def tables_only(kind: str) -> Callable[[AnnualReport], str]:
    fill: Callable[..., str] = {
        "text": text._fast_grid, "markdown": markdown._fast_table, "html": html_mod._fast_table,
    }[kind]

    def run(report: AnnualReport) -> str:
        return "".join(fill(t, False) for t in (report.table2, report.table3, report.table4))

    return run


def whole(kind: str) -> Callable[[AnnualReport], str]:
    return lambda report: render(report, kind)  # type: ignore[arg-type]


def per_second(work: Callable[[AnnualReport], object], reports: list[AnnualReport]) -> float:
    start = time.perf_counter()
    for report in reports:
        work(report)
    return len(reports) / (time.perf_counter() - start)


def peak_kib(work: Callable[[AnnualReport], object], reports: list[AnnualReport]) -> float:
    tracemalloc.start()
    for report in reports:
        work(report)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reports", type=int, default=200, help="generated reports")
    args = parser.parse_args()
    reports = corpus(args.reports)
    print(f"{len(reports)} reports (2 bundled, {len(reports) - 2} generated), "
          f"{args.rounds} rounds, order rotating\n")
    contenders = {
        f"{name} {kind}": make(kind)
        for kind in ("text", "markdown", "html")
        for name, make in (("render", whole), ("tables: skeleton", tables_only),
                           ("tables: cell by cell", cell_by_cell))
    }
    for work in contenders.values():  # warm the caches
        for report in reports:
            work(report)
    figures: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_ in range(args.rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            figures[name].append(per_second(contenders[name], reports))
    print(f"{'':<32}{'min/s':>10}{'median/s':>10}{'peak KiB':>10}")
    for name, rates in figures.items():
        print(f"{name:<32}{min(rates):>10,.0f}{statistics.median(rates):>10,.0f}"
              f"{peak_kib(contenders[name], reports):>10,.0f}")
    print("\nratio skeleton / cell by cell (medians, tables only):")
    for kind in ("text", "markdown", "html"):
        fast = statistics.median(figures[f"tables: skeleton {kind}"])
        slow = statistics.median(figures[f"tables: cell by cell {kind}"])
        print(f"  {kind:<10}{fast / slow:>6.1f}×")


if __name__ == "__main__":
    main()
