"""``govdisclosure rank``: bodies ranked by a metric, each year apart."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    LAZY_HELP,
    OUTPUT_HELP,
    PATHS_HELP,
    Subparsers,
    complain,
    read_walked,
    write,
)


def _metric_names() -> str:
    from govdisclosure.audit import metrics

    return ", ".join(f"{m.code} ({m.label})" for m in metrics())


LAZY_HELP["metrics"] = _metric_names


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "rank", help="按指标给机关排序（每年分别排序） / rank bodies by a metric, each year apart"
    )
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR", help=PATHS_HELP)
    p.add_argument("--metric", default="disclosed_share",
                   help="排序指标 / the metric, one of: %(metrics)s")
    p.add_argument("--year", type=int, default=None,
                   help="只排这一年（默认每年分别排序） / rank this year only (default: each "
                   "year apart)")
    p.add_argument("--min-applications", type=int, default=30, metavar="N",
                   help="分母不小于 N 时才计算比率 / compute a rate only where its denominator "
                   "is at least N")
    p.add_argument("--csv", action="store_true",
                   help="输出 CSV 而非终端表格 / CSV instead of a terminal table")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import distinct, ranking, ranking_csv, ranking_table

    read = read_walked(args.files)
    if read is None:
        return EXIT_UNREADABLE
    names, reports = read
    _, dropped = distinct(reports, names)
    for name, first in dropped:
        complain(f"warning: {name} is the same body and year as {first}: ranked once, as {first}")
    rows = ranking(reports, args.metric, min_applications=args.min_applications,
                   year=args.year, names=names)
    write(ranking_csv(rows) if args.csv else ranking_table(rows, args.metric), args.output, out)
    return EXIT_OK
