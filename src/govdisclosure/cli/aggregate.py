"""``govdisclosure aggregate``: units' reports of one year summed into one report."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import EXIT_OK, EXIT_UNREADABLE, Subparsers, convert, read_all, write


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("aggregate", help="sum units' reports of one year into one report")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--body", required=True, help="the issuing body of the roll-up")
    p.add_argument("--to", choices=("json", "csv", "text", "markdown", "html"), default="json")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import aggregate

    reports = read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    write(convert(aggregate(reports, body=args.body), args.to), args.output, out)
    return EXIT_OK
