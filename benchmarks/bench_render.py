"""Reports per second for each rendering, and babel ``format_decimal`` per cell against the
cached path of :mod:`govdisclosure.zh`.

Run: ``PYTHONPATH=src python benchmarks/bench_render.py [--seconds 1]``. Prints the figures;
asserts nothing. Uses the bundled examples (``src/govdisclosure/data/*.json``); falls back to a
report built with ``AnnualReport.build(..., fill=0)`` when none can be read.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from pathlib import Path

from babel.numbers import format_decimal

import govdisclosure
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import KINDS, render
from govdisclosure.zh import LOCALE, format_count

DATA = Path(govdisclosure.__file__).parent / "data"


def examples() -> dict[str, AnnualReport]:
    """The bundled examples by file name, or one built report."""
    found: dict[str, AnnualReport] = {}
    try:
        from govdisclosure.jsonio import load_json_file

        for path in sorted(DATA.glob("*.json")):
            found[path.stem] = load_json_file(path)
    except Exception as error:  # a benchmark reports and goes on
        print(f"(bundled examples not readable: {error})")
    if not found:
        found["built-2021"] = AnnualReport.build(
            "2021", body="某县某镇人民政府", year=2025, table2={}, table3={}, table4={}, fill=0
        )
    return found


def rate(work: Callable[[], object], seconds: float) -> float:
    """Calls per second of ``work`` over about ``seconds``."""
    work()  # warm caches
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        work()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    args = parser.parse_args()

    reports = examples()
    print(f"{'example':<24}" + "".join(f"{kind:>12}" for kind in KINDS) + "   (reports/s)")
    for name, report in reports.items():
        figures = []
        for kind in KINDS:
            try:
                per_second = rate(functools.partial(render, report, kind), args.seconds)
                figures.append(f"{per_second:>12,.0f}")
            except Exception as error:  # json/csv are written by others
                figures.append(f"{type(error).__name__:>12}")
        print(f"{name:<24}" + "".join(figures))

    # Every count cell of tables 三 and 四 of the examples, formatted one by one.
    cells = [
        value
        for report in reports.values()
        for grid in (report.table3, report.table4)
        for _, _, value in grid.cells()
        if value is not None
    ]
    n = len(cells)

    def babel_per_cell() -> None:
        for value in cells:
            format_decimal(value, locale="zh_CN")

    def babel_locale_object() -> None:
        for value in cells:
            format_decimal(value, locale=LOCALE)

    def cached() -> None:
        for value in cells:
            format_count(value)

    print(f"\nformatting {n} count cells (µs per cell):")
    for label, work in (
        ("babel format_decimal(v, locale='zh_CN')", babel_per_cell),
        ("babel format_decimal(v, locale=LOCALE)", babel_locale_object),
        ("govdisclosure.zh.format_count (cached)", cached),
    ):
        print(f"  {label:<42}{1e6 / (rate(work, args.seconds) * n):>10.3f}")


if __name__ == "__main__":
    main()
