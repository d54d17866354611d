"""``govdisclosure rank``: bodies ranked by a metric, each year apart."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import EXIT_OK, EXIT_UNREADABLE, Subparsers, complain, read_all, write


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "rank",
        help="rank bodies by a metric (disclosed_share, opened_share, review_correction_rate, "
        "litigation_correction_rate), each year apart",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--metric", default="disclosed_share", help="default: disclosed_share")
    p.add_argument("--year", type=int, default=None, help="rank this year only (default: each "
                   "year apart)")
    p.add_argument("--min-applications", type=int, default=30, metavar="N",
                   help="compute a rate only where its denominator is at least N (default: 30)")
    p.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import distinct, ranking, ranking_csv, ranking_table

    reports = read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    _, dropped = distinct(reports, args.files)
    for name, first in dropped:
        complain(f"warning: {name} is the same body and year as {first}: ranked once, as {first}")
    rows = ranking(reports, args.metric, min_applications=args.min_applications,
                   year=args.year, names=args.files)
    write(ranking_csv(rows) if args.csv else ranking_table(rows, args.metric), args.output, out)
    return EXIT_OK
