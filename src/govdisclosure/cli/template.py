"""``govdisclosure template``: the workbook a clerk fills (填报.xlsx)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TextIO

from ._common import EXIT_OK, Subparsers


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "template", help="write the workbook a clerk fills (填报.xlsx): the official tables"
    )
    p.add_argument("--format", dest="format_code", default="2021",
                   help="format version: 2021 (default) or 2019, or a registered variant")
    p.add_argument("--body", help="the issuing body (机关)")
    p.add_argument("--year", type=int, help="the year reported on (年度)")
    p.add_argument("--doc-number", help="文号")
    p.add_argument("--published", type=dt.date.fromisoformat, help="发布日期, e.g. 2026-01-20")
    p.add_argument("--title", help="标题")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.workbook import template_xlsx

    data = template_xlsx(
        args.format_code, body=args.body, year=args.year, doc_number=args.doc_number,
        published=args.published, title=args.title,
    )
    Path(args.output).write_bytes(data)
    return EXIT_OK
