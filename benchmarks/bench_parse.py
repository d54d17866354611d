"""Parser benchmark: reports per second per input kind (one core), and cell accuracy over
the real reports with hand-checked expected values (tests/data/parse_expected_*.json).

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_parse.py

Accuracy is cells right / cells stated; a cell not read (its row reported unreadable) is
not right, and a wrong cell is listed.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from govdisclosure.parsing import ParseResult, parse, parse_source
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


def real_reports() -> list[tuple[str, Callable[[], ParseResult], dict[tuple[str, str, str], str]]]:
    """The real reports of tests/data/parse_real_* with their hand-read CSV values."""
    out = []
    for source in sorted(DATA.glob("parse_real_*")):
        if source.name.endswith(".expected.csv"):
            continue
        expected = source.with_name(source.name.split(".")[0] + ".expected.csv")
        with expected.open(encoding="utf-8") as f:
            want = {(t, "".join(r.split()), "".join(c.split())): v
                    for t, r, c, v in list(csv.reader(f))[1:] if t in ("二", "三", "四")}
        text = source.read_text("utf-8")
        out.append((source.name, lambda text=text: parse(text), want))
    return out


def csv_accuracy(result: ParseResult, want: dict[tuple[str, str, str], str]
                 ) -> tuple[int, int, int]:
    """Cells right, wrong and unread against hand-read CSV values."""
    from govdisclosure.csvio import records

    assert result.report is not None
    got = {(r.table, "".join(r.row.split()), "".join(r.column.split())): r.value
           for r in records(result.report)}
    read = {(c.table, "/".join(c.row), "/".join(c.column)) for c in result.cells}
    right = wrong = unread = 0
    for key, value in want.items():
        mine = got.get(key, "")
        if key not in read and mine == "":
            unread += value != ""
            right += value == ""
        elif Decimal(mine or 0) == Decimal(value or 0) and (mine == "") == (value == ""):
            right += 1
        else:
            wrong += 1
    return right, wrong, unread


def rate(run: Callable[[], ParseResult], seconds: float = 0.5) -> float:
    run()  # warm caches (format axes)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        run()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    speed: dict[str, list[float]] = defaultdict(list)
    total_right = total_stated = total_wrong = 0
    print(f"{'report':<28} {'form':<11} {'kind':<9} {'right/stated':>13} {'reports/s':>10}")
    for path in sorted(DATA.glob("parse_expected_*.json")):
        want = json.loads(path.read_text("utf-8"))
        name = path.stem.removeprefix("parse_expected_")
        for form, run in readers(want).items():
            result = run()
            right, stated, wrong = accuracy(result, want)
            total_right += right
            total_stated += stated
            total_wrong += len(wrong)
            per_second = rate(run)
            kind = result.kind if form == "file" else form
            speed[kind].append(per_second)
            print(f"{name:<28} {form:<11} {result.kind:<9} {right:>6}/{stated:<6} "
                  f"{per_second:>10.1f}")
            for line in wrong:
                print(f"    WRONG {line}")
    for name, run, want in real_reports():
        result = run()
        right, wrong_count, unread = csv_accuracy(result, want)
        total_right += right
        total_stated += len(want)
        total_wrong += wrong_count
        per_second = rate(run)
        speed[f"real {result.kind}"].append(per_second)
        print(f"{name[:28]:<28} {'file':<11} {result.kind:<9} {right:>6}/{len(want):<6} "
              f"{per_second:>10.1f}   (wrong {wrong_count}, unread {unread})")
    print()
    for kind, rates in sorted(speed.items()):
        print(f"{kind:<12} {sum(rates) / len(rates):8.1f} reports/s (mean over {len(rates)})")
    if total_stated:
        print(f"\ncell accuracy: {total_right}/{total_stated} = "
              f"{total_right / total_stated:.4f} (cells right / cells stated); "
              f"wrong cells: {total_wrong}; the others were reported unreadable")


if __name__ == "__main__":
    main()
