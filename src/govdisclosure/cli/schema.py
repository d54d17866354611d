"""``govdisclosure schema``: the JSON Schema of the report document."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import EXIT_OK, OUTPUT_HELP, Subparsers, write


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema",
        help="输出报告文档的 JSON Schema / "
             "print the JSON Schema of the report document")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.schema import schema_text

    write(schema_text(), args.output, out)
    return EXIT_OK
