"""``govdisclosure export``: many reports as one dataset (CSV, Parquet or DuckDB)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from ._common import EXIT_OK, EXIT_UNREADABLE, Subparsers, complain


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="many reports as one dataset: a row per report and cell (.parquet, .csv, .duckdb)",
    )
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("-o", "--output", required=True, metavar="CELLS.parquet|.csv|.duckdb")
    p.add_argument("--wide", action="store_true",
                   help="one row per report and a column per cell code (a .duckdb file holds "
                        "both forms)")
    p.add_argument("--no-crosswalk", dest="crosswalk", action="store_false",
                   help="leave out the computed rows that meet the other format (2021's "
                        "（六）其他处理 as the sum of its three rows)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar on stderr (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    p.set_defaults(run=run)


def progress_bar(stream: TextIO) -> Callable[[int, int], None]:
    """A one-line progress bar: ``[#####.....] 120/400 files``."""

    def show(done: int, total: int) -> None:
        if done == total or done % 20 == 0:
            width = 30
            filled = width * done // max(total, 1)
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
            if done == total:
                stream.write("\n")
            stream.flush()

    return show


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.dataset import export

    err = sys.stderr
    show = err.isatty() if args.progress is None else args.progress
    summary = export(
        args.paths, args.output, wide=args.wide, jobs=args.jobs, crosswalk=args.crosswalk,
        progress=progress_bar(err) if show else None,
    )
    for path, reason in summary.unreadable:
        complain(f"{path}: {reason}")
    statuses = "，".join(f"{k} {v}" for k, v in sorted(summary.by_status.items()))
    print(
        f"{args.output}: 报告 {summary.reports}，单元格 {summary.rows}（{statuses}），"
        f"无法读取的文件 {len(summary.unreadable)}",
        file=out,
    )
    return EXIT_UNREADABLE if summary.unreadable else EXIT_OK
