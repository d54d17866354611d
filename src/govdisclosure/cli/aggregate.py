"""``govdisclosure aggregate``: units' reports of one year summed into one report."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    FILES_HELP,
    OUTPUT_HELP,
    Subparsers,
    convert,
    read_all,
    write,
)


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("aggregate",
        help="汇总同一年度各单位的报告 / "
             "sum units' reports of one year into one report")
    p.add_argument("files", nargs="+", metavar="FILE", help=FILES_HELP)
    p.add_argument("--body", required=True, help="汇总报告的机关 / the issuing body of the roll-up")
    p.add_argument("--to", choices=("json", "csv", "text", "markdown", "html"), default="json",
                   help="输出格式 / output kind")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import aggregate

    reports = read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    write(convert(aggregate(reports, body=args.body), args.to), args.output, out)
    return EXIT_OK
