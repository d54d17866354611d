"""Parser benchmark: reports per second per input (one core), linearity in input size,
and cell accuracy over the real reports with hand-checked expected values
(tests/data/parse_expected_*.json; the hand-read CSVs of tests/data/parse_real_*,
tests/data/real/ and, when it is next to the repository, ../shared/corpus/real/).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_parse.py [--rounds 7] [--batch 0.05]

Every input is timed in each round, in an order rotated from round to round, one batch of
parses at a time (interleaved in one process, so a slow moment of a shared machine touches
every input alike); each input's figure is its min and median time per report over the
rounds. The size check parses the largest real report of each kind with its narrative repeated
1, 2, 4 and 8 times, interleaved the same way, and prints the time per KB relative to the
smallest.
Each parse starts cold: the caches keyed on a report's own text (``parsing._labels``: the
normalised form, number and blank reading of each printed string) are emptied before every
parse, so a report read again is not read faster than a new one (``--warm`` keeps them, as a
process reading many reports of the same template does; caches keyed on the formats' labels
stay either way).
Accuracy is cells right / cells stated; a cell not read (reported unreadable) is not right,
and a wrong cell is listed. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from govdisclosure.parsing import ParseResult, _labels, parse, parse_source
from govdisclosure.parsing._source import from_rows, pdf_items

DATA = Path(__file__).parents[1] / "tests" / "data"
COLUMNS3 = ["自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构",
            "法人或其他组织/社会公益组织", "法人或其他组织/法律服务机构", "法人或其他组织/其他",
            "总计"]
COLUMNS4 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def readers(want: dict[str, Any]) -> dict[str, Callable[[], ParseResult]]:
    """The forms in which a corpus report can be read, by input kind."""
    path = DATA / want["source"]
    if path.suffix != ".json":
        text = path.read_text("utf-8")
        return {"file": lambda: parse(text)}
    pdf = json.loads(path.read_text("utf-8"))
    page_text = "\n".join(pdf["pages_text"])
    items: list[str | list[list[str]]] = list(pdf["pages_text"][0].splitlines()[:2])
    for table in pdf["tables"]:
        items.extend(pdf_items([(0.0, table["rows"])]))
    return {
        "pdf text": lambda: parse(page_text),
        "pdf tables": lambda: parse_source(from_rows(items, "pdf")),
    }


def truth(want: dict[str, Any]) -> list[tuple[tuple[str, str, str], object]]:
    cells: list[tuple[tuple[str, str, str], object]] = []
    for block, row, column, value in want["table2"]:
        cells.append((("二", f"{block}/{row}", column),
                      Decimal(value) if isinstance(value, str) else value))
    for path, values in want["table3"].items():
        cells.extend((("三", path, c), v) for c, v in zip(COLUMNS3, values, strict=True))
    for path, values in want["table4"].items():
        cells.extend((("四", path, c), v) for c, v in zip(COLUMNS4, values, strict=True))
    return [(k, v) for k, v in cells if v is not None]


def accuracy(result: ParseResult, want: dict[str, Any]) -> tuple[int, int, list[str]]:
    got = {(c.table, "/".join(c.row), "/".join(c.column)): c.value for c in result.cells}
    right, wrong = 0, []
    cells = truth(want)
    for key, value in cells:
        if key in got and got[key] is not None:
            if got[key] == value:
                right += 1
            else:
                wrong.append(f"{key}: {got[key]!r} != {value!r}")
    return right, len(cells), wrong


#: the shared corpus next to the repository, when it is there (its real/ holds reports with
#: hand-read values; the suite keeps copies of them in tests/data)
SHARED = Path(__file__).parents[2] / "shared" / "corpus" / "real"


def _real_sources() -> list[Path]:
    """Every published input with a hand-read CSV: tests/data/parse_real_*, tests/data/real/*
    and the shared corpus's real/ (skipped where tests/data holds the same file)."""
    sources = [p for p in sorted(DATA.glob("parse_real_*")) if p.suffix != ".csv"]
    sources += [p for p in sorted((DATA / "real").iterdir())
                if p.suffix in (".txt", ".html", ".htm") and _expected_csv(p).exists()]
    held = {p.read_bytes() for p in sources}
    if SHARED.is_dir():
        sources += [p for p in sorted(SHARED.iterdir())
                    if p.suffix in (".txt", ".html", ".htm") and _expected_csv(p).exists()
                    and p.read_bytes() not in held]
    return sources


def _expected_csv(source: Path) -> Path:
    return source.with_name(source.name.split(".")[0] + ".expected.csv")


def real_reports() -> list[tuple[str, Callable[[], ParseResult], dict[tuple[str, str, str], str]]]:
    """The real reports with their hand-read CSV values (see ``_real_sources``)."""
    out = []
    for source in _real_sources():
        with _expected_csv(source).open(encoding="utf-8") as f:
            want = {(t, "".join(r.split()), "".join(c.split())): v
                    for t, r, c, v in list(csv.reader(f))[1:] if t in ("二", "三", "四")}
        text = source.read_text("utf-8")
        name = source.name.removeprefix("parse_real_")
        if source.parent == SHARED:
            name = f"shared:{name}"
        out.append((name, lambda text=text: parse(text), want))
    return out


def _number(value: str) -> str:
    """A cell as comparable text: numbers normalised (``1.50`` = ``1.5``), an amount with
    its unit as printed (``481714587.29元``), as tests/test_parse_real.py compares them."""
    try:
        return str(Decimal(value).normalize()) if value else ""
    except InvalidOperation:
        return value


def csv_accuracy(result: ParseResult, want: dict[tuple[str, str, str], str]
                 ) -> tuple[int, int, int]:
    """Cells right, wrong and unread against hand-read CSV values (a cell the source leaves
    blank is right when it is read blank, wrong when it is read as a number)."""
    from govdisclosure.csvio import dump_csv

    assert result.report is not None
    lines = list(csv.reader(dump_csv(result.report).splitlines()))[1:]
    got = {(t, "".join(r.split()), "".join(c.split())): _number(v)
           for t, r, c, v in lines if t in ("二", "三", "四")}
    right = wrong = unread = 0
    for key, printed in want.items():
        mine, value = got.get(key, ""), _number(printed)
        if mine == value:
            right += 1
        elif mine == "":
            unread += 1
        else:
            wrong += 1
    return right, wrong, unread


def _text_caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every cache in ``parsing._labels`` (each keyed on printed text)."""
    return [f.cache_clear for f in vars(_labels).values() if hasattr(f, "cache_clear")]


def cold(run: Callable[[], ParseResult]) -> Callable[[], ParseResult]:
    """``run`` with the text-keyed caches emptied first."""
    clears = _text_caches()

    def fresh() -> ParseResult:
        for clear in clears:
            clear()
        return run()

    return fresh


def interleaved(runs: dict[str, Callable[[], object]], rounds: int, batch: float
                ) -> dict[str, list[float]]:
    """Seconds per call of each run, one figure per round: each round times every run over
    a batch (its size calibrated once to about ``batch`` seconds), in an order rotated by
    one from round to round."""
    names = list(runs)
    sizes = {}
    for name in names:  # warm caches (format axes) and calibrate
        start = time.perf_counter()
        runs[name]()
        once = max(time.perf_counter() - start, 1e-6)
        sizes[name] = max(1, int(batch / once))
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            run, n = runs[name], sizes[name]
            start = time.perf_counter()
            for _ in range(n):
                run()
            times[name].append((time.perf_counter() - start) / n)
    return times


def inflated(text: str, factor: int) -> str:
    """A real report with its narrative (the text before table 二) repeated ``factor``
    times: the tables stay as they are, the input grows."""
    at = text.find("二、主动公开政府信息情况")
    if at < 0:
        return text
    return text[:at] * factor + text[at:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=float, default=0.05,
                        help="seconds per input per round (default 0.05)")
    parser.add_argument("--warm", action="store_true",
                        help="keep the text-keyed caches between parses")
    args = parser.parse_args()
    runs: dict[str, Callable[[], ParseResult]] = {}
    rows: list[tuple[str, str, str, int, int, str]] = []
    total_right = total_stated = total_wrong = 0
    for path in sorted(DATA.glob("parse_expected_*.json")):
        want = json.loads(path.read_text("utf-8"))
        name = path.stem.removeprefix("parse_expected_")
        for form, run in readers(want).items():
            result = run()
            right, stated, wrong = accuracy(result, want)
            total_right += right
            total_stated += stated
            total_wrong += len(wrong)
            key = f"{name} / {form}"
            runs[key] = run
            rows.append((key, result.kind, form, right, stated,
                         "".join(f"\n    WRONG {line}" for line in wrong)))
    for name, run, want in real_reports():
        result = run()
        right, wrong_count, unread = csv_accuracy(result, want)
        total_right += right
        total_stated += len(want)
        total_wrong += wrong_count
        key = f"{name} / file"
        runs[key] = run
        rows.append((key, f"real {result.kind}", "file", right, len(want),
                     f"   (wrong {wrong_count}, unread {unread})"))
    if not args.warm:
        runs = {key: cold(run) for key, run in runs.items()}
    times = interleaved(runs, args.rounds, args.batch)
    print(f"{args.rounds} rounds, interleaved, rotating order; reports/s from the min and "
          "the median time per report; "
          + ("text caches kept (--warm)" if args.warm else "each parse cold (text caches emptied)"))
    print(f"{'input':<44} {'kind':<11} {'right/stated':>13} {'r/s (min)':>10} "
          f"{'r/s (med)':>10}")
    speed: dict[str, list[float]] = defaultdict(list)
    for key, kind, _, right, stated, extra in rows:
        best, median = min(times[key]), statistics.median(times[key])
        speed[kind].append(1 / median)
        print(f"{key[:44]:<44} {kind:<11} {right:>6}/{stated:<6} {1 / best:>10.1f} "
              f"{1 / median:>10.1f}{extra}")
    print()
    medians = [1 / statistics.median(t) for t in times.values()]
    for kind, rates in sorted(speed.items()):
        print(f"{kind:<12} {statistics.median(rates):8.1f} reports/s (median over "
              f"{len(rates)} inputs)")
    print(f"{'all inputs':<12} {statistics.median(medians):8.1f} reports/s (median), slowest "
          f"{min(medians):.1f} (target: at least 200 per core)")
    if total_stated:
        print(f"\ncell accuracy: {total_right}/{total_stated} = "
              f"{total_right / total_stated:.4f} (cells right / cells stated); "
              f"wrong cells: {total_wrong}; the others were reported unreadable")
    linearity(args.rounds, args.batch, args.warm)


def linearity(rounds: int, batch: float, warm: bool) -> None:
    """Time per KB of the largest real report of each kind (text, HTML), its narrative
    repeated 1, 2, 4 and 8 times."""
    print("\nsize (narrative repeated): time per KB relative to x1 (1.0 = linear)")
    largest: dict[str, Path] = {}
    for source in _real_sources():
        kind = "html" if source.suffix in (".html", ".htm") else "text"
        if kind not in largest or source.stat().st_size > largest[kind].stat().st_size:
            largest[kind] = source
    for source in [*largest.values(), *sorted(DATA.glob("parse_real_*.txt"))]:
        text = source.read_text("utf-8")
        inputs = {f: inflated(text, f) for f in (1, 2, 4, 8)}
        runs = {str(f): (lambda t=t: parse(t)) for f, t in inputs.items()}
        times = interleaved(runs if warm else {k: cold(r) for k, r in runs.items()},
                            rounds, batch)
        per_kb = {f: statistics.median(times[str(f)]) / (len(t.encode()) / 1024)
                  for f, t in inputs.items()}
        print(f"  {source.name[:40]:<40} " + "  ".join(
            f"x{f}: {len(inputs[f].encode()) // 1024:>4} KB {per_kb[f] / per_kb[1]:.2f}"
            for f in per_kb))


if __name__ == "__main__":
    main()
