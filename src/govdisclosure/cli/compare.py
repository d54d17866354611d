"""``govdisclosure compare``: one body's reports of two years, cell by cell."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import EXIT_OK, EXIT_UNREADABLE, OUTPUT_HELP, Subparsers, read_all, write


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "compare",
        help="逐格对比同一机关两个年度的报告 / "
             "compare one body's reports of two years, cell by cell",
    )
    p.add_argument("previous", metavar="PREVIOUS", help="上一年度的报告 / the earlier report")
    p.add_argument("current", metavar="CURRENT", help="本年度的报告 / the later report")
    p.add_argument("--csv", action="store_true",
                   help="输出 CSV 而非终端表格 / CSV instead of a terminal table")
    p.add_argument("--changed", action="store_true",
                   help="只列出数值有变化的单元格 / only the cells whose value changed")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import changed, changes_csv, changes_table, compare_years

    reports = read_all([args.previous, args.current])
    if reports is None:
        return EXIT_UNREADABLE
    previous, current = reports
    changes = compare_years(previous, current)
    if args.changed:
        changes = changed(changes)
    text = (
        changes_csv(changes) if args.csv
        else changes_table(changes, previous_year=previous.year, current_year=current.year)
    )
    write(text, args.output, out)
    return EXIT_OK
