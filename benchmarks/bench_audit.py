"""Benchmark of the bulk audit: reports per second and peak memory by process, by corpus size.

The corpus: generated 2021-format reports (hypothesis strategies; a pool of distinct reports
written again and again under other bodies and years), five consecutive years a body and a
thousand files a folder (two hundred bodies a folder), so the pair rules run on every body.
Each file is its own small JSON document (about 3 kB; body and year in the document itself).
It is written once, in folders, under ``--corpus`` (default: a temporary folder, removed at the
end) and reused: a run of 10^4 reports audits the first ten folders of the same corpus that
a run of 10^6 audits whole, so a larger size only writes the folders it adds.

Each audit runs in a fresh Python process, the audit's parent, with its figures printed as
one JSON line: the wall-clock rate, the CPU seconds of the parent and of the workers (reports
per CPU second do not depend on what else runs on the machine), and the peak memory of every
process — the parent's and each worker's peak resident set (``VmHWM``), summed, and the
largest sum of resident (and proportional, ``Pss``: shared pages counted once) sets seen at
one time, sampled every 0.2 s. The growth from one size to the next is the point.
``--baseline SRC`` runs another checkout's ``src`` (e.g. ``/work/main/src``) on the same
corpus, interleaved in rotating order, with the ratio. Run::

    PYTHONPATH=src python benchmarks/bench_audit.py                       # 10^4 and 10^5
    PYTHONPATH=src python benchmarks/bench_audit.py --sizes 1000000 --corpus /tmp/c
    PYTHONPATH=src python benchmarks/bench_audit.py --sizes 10000 --baseline /work/main/src
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

YEARS = 5
PER_FOLDER = 1000

#: what runs in the fresh process: one audit, then its figures as one JSON line
_CHILD = r"""
import json, os, resource, sys, threading, time
from govdisclosure.audit import audit

def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM", "VmRSS")):
                    name, value = line.split(":")
                    fields[name] = int(value.split()[0]) / 1024
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    fields["Pss"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return fields

def children():
    found = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                found.update(int(p) for p in f.read().split())
        except OSError:
            pass
    return found

peaks, top = {}, {"rss": 0.0, "pss": 0.0}
stop = threading.Event()

def sample():
    while True:
        rss = pss = 0.0
        for pid in [os.getpid(), *children()]:
            got = status(pid)
            if "VmHWM" in got:
                peaks[pid] = max(peaks.get(pid, 0.0), got["VmHWM"])
            rss += got.get("VmRSS", 0.0)
            pss += got.get("Pss", 0.0)
        top["rss"], top["pss"] = max(top["rss"], rss), max(top["pss"], pss)
        if stop.wait(0.2):
            return

paths, jobs = sys.argv[2:], int(sys.argv[1])
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
start = time.perf_counter()
run = audit(paths, jobs)
rows = sum(1 for _ in run)
elapsed = time.perf_counter() - start
stop.set()
sampler.join()
me = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
parent = me.ru_maxrss / 1024
worker_peaks = [v for pid, v in peaks.items() if pid != os.getpid()]
print(json.dumps({
    "parent_cpu": me.ru_utime + me.ru_stime, "worker_cpu": workers.ru_utime + workers.ru_stime,
    "seconds": elapsed, "read": run.summary.read, "rows": rows, "pairs": run.summary.pairs,
    "parent_mib": parent, "worker_mib": worker_peaks,
    "sum_of_peaks_mib": parent + sum(worker_peaks),
    "peak_rss_sum_mib": top["rss"], "peak_pss_sum_mib": top["pss"],
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


def _folder(root: Path, number: int) -> Path:
    return root / f"{number:04d}"


def write_folder(root: Path, number: int, pool: list[dict[str, object]]) -> None:
    """Folder ``number``: files ``number × 1000`` … ``+ 999``, written under a temporary
    name and renamed when whole, so a folder that exists is complete."""
    partial = root / f".{number:04d}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    for i in range(number * PER_FOLDER, (number + 1) * PER_FOLDER):
        document = pool[i % len(pool)]
        metadata = dict(document["metadata"])  # type: ignore[call-overload]
        metadata["body"], metadata["year"] = f"测试县第{i // YEARS}局", 2021 + i % YEARS
        metadata.pop("published", None)  # a date of another year would be a P-1 finding
        text = json.dumps({**document, "metadata": metadata}, ensure_ascii=False)
        (partial / f"{i:07d}.json").write_text(text, encoding="utf-8")
    partial.rename(_folder(root, number))


def corpus(root: Path, count: int, pool_size: int) -> list[str]:
    """The folders holding the first ``count`` reports, written where missing."""
    if count % PER_FOLDER:
        raise SystemExit(f"sizes must be multiples of {PER_FOLDER}, got {count}")
    root.mkdir(parents=True, exist_ok=True)
    folders = [_folder(root, k) for k in range(count // PER_FOLDER)]
    missing = [k for k, f in enumerate(folders) if not f.is_dir()]
    if missing:
        print(f"writing {len(missing) * PER_FOLDER:,} reports under {root}", flush=True)
        pool = generate(pool_size)
        for k in missing:
            write_folder(root, k, pool)
    return [str(f) for f in folders]


def measure(src: str | None, folders: list[str], jobs: int) -> dict[str, object]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(jobs), *folders],
        env=env, capture_output=True, text=True, check=True,
    )
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _line(n: int, name: str, runs: list[dict[str, object]]) -> tuple[float, str]:
    def f(run: dict[str, object], key: str) -> float:
        value = run[key]
        assert isinstance(value, int | float)
        return float(value)

    per_s = [f(r, "read") / f(r, "seconds") for r in runs]
    per_cpu = [f(r, "read") / (f(r, "parent_cpu") + f(r, "worker_cpu")) for r in runs]
    last = runs[-1]
    workers = last["worker_mib"]
    assert isinstance(workers, list)
    shown = " + ".join(f"{w:.0f}" for w in workers)
    return max(per_s), (
        f"n={n:>9,} {name}: {max(per_s):7,.0f} reports/s (best of {len(runs)}, median "
        f"{statistics.median(per_s):,.0f}); {max(per_cpu):,.0f} reports per CPU second "
        f"(parent {f(last, 'parent_cpu'):.1f} s, workers {f(last, 'worker_cpu'):.1f} s); "
        f"findings {int(f(last, 'rows')):,}, pairs {int(f(last, 'pairs')):,}\n"
        f"{'':12}peak memory: parent {f(last, 'parent_mib'):.0f} MiB, workers {shown} MiB, "
        f"sum of peaks {f(last, 'sum_of_peaks_mib'):.0f} MiB; largest sum at one time "
        f"RSS {f(last, 'peak_rss_sum_mib'):.0f} MiB, PSS {f(last, 'peak_pss_sum_mib'):.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", "--n", type=int, nargs="+", default=[10_000, 100_000],
                        help="corpus sizes, multiples of 1000 (default: 10000 100000; "
                        "1000000 works too)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--rounds", type=int, default=1, help="audits per size and contender")
    parser.add_argument("--pool", type=int, default=200, help="distinct generated reports")
    parser.add_argument("--baseline", help="another checkout's src directory to compare with")
    parser.add_argument("--corpus", type=Path,
                        help="write the corpus here and keep it for the next run (reused)")
    args = parser.parse_args()
    contenders: list[tuple[str, str | None]] = [("this tree", None)]
    if args.baseline:
        contenders.append((f"baseline {args.baseline}", args.baseline))
    print(f"{YEARS} years a body, {PER_FOLDER} files a folder; {args.jobs} worker(s); "
          f"{os.cpu_count()} core(s) on this machine", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.corpus or Path(tmp) / "corpus"
        for n in args.sizes:
            folders = corpus(root, n, args.pool)
            results: dict[str, list[dict[str, object]]] = {name: [] for name, _ in contenders}
            for round_ in range(args.rounds):
                shift = round_ % len(contenders)
                for name, src in contenders[shift:] + contenders[:shift]:
                    results[name].append(measure(src, folders, args.jobs))
            rates = {}
            for name, runs in results.items():
                rates[name], text = _line(n, name, runs)
                print(text, flush=True)
            if len(rates) == 2:
                mine, theirs = rates.values()
                print(f"n={n:>9,} ratio this tree / baseline: {mine / theirs:.2f}×", flush=True)


if __name__ == "__main__":
    main()
