"""Benchmark of the audit: reports per second, on one core and on all, with peak memory.

1. JSON load + every check (:func:`govdisclosure.audit.check_report`) over the files;
2. :func:`govdisclosure.audit.audit` over the whole generated corpus (per-report checks and
   pair checks across consecutive years).

The corpus is written by the hypothesis strategies: a pool of generated 2021-format reports
is written again and again under different bodies and years (2021…2025 for each body), so
the pair rules run too. Run::

    PYTHONPATH=src python benchmarks/bench_audit.py                 # 100,000 reports
    PYTHONPATH=src python benchmarks/bench_audit.py --count 5000 --keep /tmp/corpus
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import attrs

from govdisclosure.audit import audit, check_report
from govdisclosure.jsonio import dump_json, load_json
from govdisclosure.model import AnnualReport, Metadata

YEARS = 5


def generate(pool_size: int) -> list[AnnualReport]:
    """Distinct reports drawn from :func:`govdisclosure.strategies.reports`."""
    from hypothesis.errors import NonInteractiveExampleWarning

    from govdisclosure.strategies import reports

    strategy = reports("2021", max_count=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return [strategy.example() for _ in range(pool_size)]


def write_corpus(directory: Path, count: int, pool: list[AnnualReport]) -> list[Path]:
    paths = []
    for i in range(count):
        body, year = f"测试县第{i // YEARS}局", 2021 + i % YEARS
        report = attrs.evolve(pool[i % len(pool)], metadata=Metadata(body=body, year=year))
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{i:06d}.json"
        path.write_text(dump_json(report), encoding="utf-8")
        paths.append(path)
    return paths


def load_and_check(path: Path) -> int:
    return len(check_report(load_json(path.read_bytes())))


def peak_mib(who: int) -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(who).ru_maxrss / 1024


def bench_checks(paths: list[Path], jobs: int) -> float:
    start = time.perf_counter()
    if jobs == 1:
        for p in paths:
            load_and_check(p)
    else:
        with multiprocessing.Pool(jobs) as pool:
            for _ in pool.imap_unordered(load_and_check, paths, chunksize=64):
                pass
    return len(paths) / (time.perf_counter() - start)


def bench_audit(directory: Path, jobs: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    run = audit([directory], jobs, chunksize=64)
    rows = sum(1 for _ in run)
    elapsed = time.perf_counter() - start
    return run.summary.read / elapsed, rows, run.summary.pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="reports in the corpus")
    parser.add_argument("--pool", type=int, default=200, help="distinct generated reports")
    parser.add_argument("--check-sample", type=int, default=5_000,
                        help="files used for the load + check benchmark")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        pool = generate(min(args.pool, args.count))
        paths = write_corpus(directory, args.count, pool)
        print(f"corpus: {len(paths)} reports written in {time.perf_counter() - start:.1f} s "
              f"({len(pool)} distinct, {YEARS} years per body) in {directory}")
        sample = paths[: args.check_sample]
        for jobs in sorted({1, cores}):
            rate = bench_checks(sample, jobs)
            print(f"JSON load + every check, {jobs} core(s): {rate:,.0f} reports/s "
                  f"({len(sample)} reports)")
        for jobs in sorted({1, cores}):
            rate, rows, pairs = bench_audit(directory, jobs)
            print(f"audit, {jobs} core(s): {rate:,.0f} reports/s; {rows} findings, "
                  f"{pairs} year pairs")
        print(f"peak memory: main process {peak_mib(resource.RUSAGE_SELF):.0f} MiB, "
              f"largest worker {peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
