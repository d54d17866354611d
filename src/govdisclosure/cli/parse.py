"""``govdisclosure parse``: read a published report (text, HTML, Markdown, PDF, Word)."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    Subparsers,
    Unreadable,
    complain,
    convert,
    read,
    write,
)

KINDS = ("json", "csv", "text", "markdown", "html")


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("parse", help="parse a published report")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--to", choices=KINDS, default=KINDS[0])
    p.add_argument("-o", "--output", metavar="OUT")
    p.add_argument(
        "--standalone", action="store_true",
        help="with --to html: a whole page (A4 print CSS) instead of a fragment",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        report = read(args.file)
    except Unreadable as exc:
        complain(exc)
        return EXIT_UNREADABLE
    write(convert(report, args.to, standalone=args.standalone), args.output, out)
    return EXIT_OK
