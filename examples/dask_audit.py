"""Audit a corpus on a Dask cluster with the same functions ``govdisclosure audit`` uses.

Here the cluster is a ``LocalCluster`` of two worker processes; on a real cluster, pass the
scheduler's address to ``Client(...)`` instead and put the corpus on storage every worker can
read. Needs ``pip install 'govdisclosure[dask]'``.

Run: ``python examples/dask_audit.py [DIR]`` (default: a small corpus written to a temporary
folder from the bundled examples, one report made inconsistent on purpose).
"""

from __future__ import annotations

import collections
import sys
import tempfile
from pathlib import Path

import attrs
import dask.bag as db
from dask.distributed import Client, LocalCluster

import govdisclosure as gd
from govdisclosure.audit import check_report
from govdisclosure.cli import example_path
from govdisclosure.files import load_report, one_line


def audit_file(path: str) -> list[tuple[str, str, str, str, str]]:
    """One file's findings as (path, rule, severity, place, message); a bad file is a finding."""
    try:
        report = load_report(path)
    except Exception as exc:  # a corrupt file is a finding, never a crash of the run
        return [(path, "READ", "error", "文件", one_line(exc))]
    return [
        (path, f.rule, f.severity.value, str(f.place), f.message)
        for f in check_report(report)
        if f.is_violation
    ]


def make_corpus(folder: Path, copies: int = 20) -> None:
    """Copies of the bundled examples under other names; every fifth one broken on purpose."""
    seed = gd.load_json(example_path("pingtan-2025.json").read_bytes())
    for i in range(copies):
        report = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, body=f"示例机关{i:02d}"))
        if i % 5 == 0:
            table3 = report.table3.replace({("disclosed", "natural_person"): 34})
            report = attrs.evolve(report, table3=table3)
        (folder / f"unit-{i:02d}.json").write_text(gd.dump_json(report), encoding="utf-8")
    (folder / "corrupt.json").write_text("{", encoding="utf-8")


def main(folder: Path) -> int:
    paths = sorted(str(p) for p in folder.iterdir() if p.suffix in {".json", ".csv"})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        findings = db.from_sequence(paths, npartitions=4).map(audit_file).flatten().compute()
    by_rule = collections.Counter(rule for _, rule, _, _, _ in findings)
    errors = {p for p, _, severity, _, _ in findings if severity == "error"}
    print(f"files audited: {len(paths)}")
    print(f"files with errors: {len(errors)}")
    for rule, count in sorted(by_rule.items()):
        print(f"  {rule}: {count}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(main(Path(sys.argv[1])))
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(Path(tmp))
        sys.exit(main(Path(tmp)))
