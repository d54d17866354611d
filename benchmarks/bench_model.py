"""Reports per second for JSON load + every check, on one core, against plain dict arithmetic.

Run: ``python benchmarks/bench_model.py [--seconds 3]``. Prints the figures; asserts nothing.
The baseline does the same identities (T3-A, T3-B, T3-C, T4) on ``json.loads`` output with
hard-coded keys, so the ratio shows what the typed model, its validation and its findings cost.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from typing import Any

from govdisclosure import check
from govdisclosure.cli import example_path
from govdisclosure.jsonio import load_json

RESULT_ROWS_2021 = [
    "disclosed", "partly_disclosed", "state_secret", "prohibited_by_law", "three_securities",
    "third_party_rights", "internal_affairs", "process_information", "enforcement_files",
    "query_matters", "not_held", "needs_creation", "still_unclear", "petition", "repeated",
    "publications", "vexatious", "confirmation", "no_correction", "fee_unpaid", "other_reasons",
]
COLUMNS = [
    "natural_person", "commercial", "research", "public_interest", "legal_service",
    "other_organization",
]


def baseline(text: str) -> int:
    """Same identities on plain dicts; returns the number of violations."""
    doc = json.loads(text)
    t3: dict[str, dict[str, Any]] = doc["table3"]
    bad = 0
    for row in t3.values():
        if sum(row[c] for c in COLUMNS) != row["total"]:
            bad += 1
    for col in [*COLUMNS, "total"]:
        if sum(t3[r][col] for r in RESULT_ROWS_2021) != t3["result_total"][col]:
            bad += 1
        left = t3["new"][col] + t3["carried_over"][col]
        if left != t3["result_total"][col] + t3["carried_forward"][col]:
            bad += 1
    for row in doc["table4"].values():
        if row["upheld"] + row["corrected"] + row["other"] + row["pending"] != row["total"]:
            bad += 1
    return bad


def model(text: str) -> int:
    return len(check(load_json(text)))


def rate(work: Callable[[str], int], text: str, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(100):
            work(text)
        count += 100
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    text = example_path("pingtan-2025.json").read_text(encoding="utf-8")
    if model(text) or baseline(text):
        raise SystemExit("the example must be consistent")
    ours = rate(model, text, args.seconds)
    plain = rate(baseline, text, args.seconds)
    print("report: 平潭综合实验区 2025 (2021 format), one core")
    print(f"govdisclosure load_json + check : {ours:10,.0f} reports/s ({1e6 / ours:7.1f} µs each)")
    print(f"json.loads + dict arithmetic    : {plain:10,.0f} reports/s "
          f"({1e6 / plain:7.1f} µs each)")
    print(f"ratio (model cost)              : {plain / ours:10.1f}x")
    print(f"goal 10,000 reports/s           : {'met' if ours >= 10_000 else 'not met'}")


if __name__ == "__main__":
    main()
