"""Benchmark of the bulk audit: reports per second and peak memory by process, by corpus size.

A corpus of generated 2021-format reports (hypothesis strategies; a pool of distinct reports
written again and again under other bodies and years, five years a body, so the pair rules
run) is written once per size. Each audit runs in a fresh Python process, so its peak memory
is its own: the parent's (``ru_maxrss`` of the process) and the largest worker's (of its
children), for 10^4 and 10^5 reports by default — the growth from one to the other is the
point. Wall-clock rates depend on what else runs on the machine; the CPU seconds of the
parent and the workers (``ru_utime + ru_stime``) give reports per CPU second, which do not.
``--baseline SRC`` runs another checkout's ``src`` (e.g. ``/work/main/src``) on the
same corpus, interleaved in rotating order, with the ratio. Run::

    PYTHONPATH=src python benchmarks/bench_audit.py                     # 10^4 and 10^5
    PYTHONPATH=src python benchmarks/bench_audit.py --n 1000000 --jobs 2
    PYTHONPATH=src python benchmarks/bench_audit.py --n 10000 --baseline /work/main/src
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

YEARS = 5

#: what runs in the fresh process: one audit, then its figures as one JSON line
_CHILD = r"""
import json, resource, sys, time
from govdisclosure.audit import audit
directory, jobs = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
run = audit([directory], jobs, chunksize=64)
rows = sum(1 for _ in run)
elapsed = time.perf_counter() - start
me = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "parent_cpu": me.ru_utime + me.ru_stime, "worker_cpu": workers.ru_utime + workers.ru_stime,
    "seconds": elapsed, "read": run.summary.read, "rows": rows, "pairs": run.summary.pairs,
    "parent_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def generate(pool_size: int) -> list[dict[str, object]]:
    """Distinct report documents (as JSON objects) from :func:`govdisclosure.strategies.reports`."""
    from hypothesis.errors import NonInteractiveExampleWarning

    from govdisclosure.jsonio import dump_json
    from govdisclosure.strategies import reports

    strategy = reports("2021", max_count=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return [json.loads(dump_json(strategy.example())) for _ in range(pool_size)]


def write_corpus(directory: Path, count: int, pool: list[dict[str, object]]) -> None:
    """``count`` files, a thousand a folder; body and year set in the document itself."""
    for i in range(count):
        document = pool[i % len(pool)]
        metadata = dict(document["metadata"])  # type: ignore[call-overload]
        metadata["body"], metadata["year"] = f"测试县第{i // YEARS}局", 2021 + i % YEARS
        metadata.pop("published", None)  # a date of another year would be a P-1 finding
        sub = directory / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        text = json.dumps({**document, "metadata": metadata}, ensure_ascii=False)
        (sub / f"{i:07d}.json").write_text(text, encoding="utf-8")


def measure(src: str | None, directory: Path, jobs: int) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(directory), str(jobs)],
        env=env, capture_output=True, text=True, check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000],
                        help="corpus sizes (default: 10000 100000; 1000000 works too)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--rounds", type=int, default=1, help="audits per size and contender")
    parser.add_argument("--pool", type=int, default=200, help="distinct generated reports")
    parser.add_argument("--baseline", help="another checkout's src directory to compare with")
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    args = parser.parse_args()
    contenders: list[tuple[str, str | None]] = [("this tree", None)]
    if args.baseline:
        contenders.append((f"baseline {args.baseline}", args.baseline))
    pool = generate(args.pool)
    print(f"{len(pool)} distinct reports, {YEARS} years a body; {args.jobs} worker(s); "
          f"{os.cpu_count()} core(s) on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for n in args.n:
            directory = root / f"corpus-{n}"
            directory.mkdir(parents=True, exist_ok=True)
            write_corpus(directory, n, pool)
            results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in contenders}
            for round_ in range(args.rounds):
                order = contenders[round_ % len(contenders):] + contenders[
                    : round_ % len(contenders)]
                for name, src in order:
                    results[name].append(measure(src, directory, args.jobs))
            rates = {}
            for name, runs in results.items():
                per_s = [r["read"] / r["seconds"] for r in runs]
                rates[name] = max(per_s)
                last = runs[-1]
                cpu = min(r["parent_cpu"] + r["worker_cpu"] for r in runs)
                print(
                    f"n={n:>9,} {name}: {max(per_s):8,.0f} reports/s (best; median "
                    f"{statistics.median(per_s):,.0f}); {last['read'] / cpu:,.0f} reports per "
                    f"CPU second (parent {last['parent_cpu']:.1f} s, workers "
                    f"{last['worker_cpu']:.1f} s); findings {int(last['rows']):,}, "
                    f"pairs {int(last['pairs']):,}; peak memory parent "
                    f"{last['parent_mib']:.0f} MiB, largest worker {last['worker_mib']:.0f} MiB, "
                    f"all ≤ {last['parent_mib'] + args.jobs * last['worker_mib']:.0f} MiB"
                )
            if len(rates) == 2:
                mine, theirs = rates.values()
                print(f"n={n:>9,} ratio this tree / baseline: {mine / theirs:.2f}×")
            if args.keep is None:
                subprocess.run(["rm", "-rf", str(directory)], check=True)


if __name__ == "__main__":
    main()
