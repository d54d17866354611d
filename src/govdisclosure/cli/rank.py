"""``govdisclosure rank``: bodies ranked by a metric."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import EXIT_OK, EXIT_UNREADABLE, Subparsers, read_all, write


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rank", help="rank bodies by a metric (e.g. disclosed_share)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--metric", default="disclosed_share")
    p.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import ranking, ranking_csv, ranking_table

    reports = read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    rows = ranking(reports, args.metric)
    write(ranking_csv(rows) if args.csv else ranking_table(rows, args.metric), args.output, out)
    return EXIT_OK
