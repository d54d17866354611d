"""``govdisclosure convert`` and ``render``: a report in another form."""

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
    for name, kinds, helptext in (
        ("convert", KINDS, "convert a report"),
        ("render", ("text", "markdown", "html", "json", "csv"), "render a report"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--to", choices=kinds, default=kinds[0])
        p.add_argument("-o", "--output", metavar="OUT")
        p.add_argument(
            "--standalone", action="store_true",
            help="with --to html: a whole page (A4 print CSS) instead of a fragment",
        )
        p.add_argument(
            "--group", action="store_true",
            help="数字加千位分隔符 / thousands separators in text, markdown and html "
                 "(default: numbers as the template prints them, 2418)",
        )
        p.add_argument(
            "--bom", action="store_true",
            help="with --to csv: UTF-8 with a BOM, which Excel and WPS open without mojibake",
        )
        p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        report = read(args.file)
    except Unreadable as exc:
        complain(exc)
        return EXIT_UNREADABLE
    if args.group and args.to in ("text", "markdown", "html"):
        from govdisclosure.rendering import render
        from govdisclosure.rendering.html import render_html

        text = (render_html(report, standalone=True, group=True) if args.standalone
                and args.to == "html" else render(report, args.to, group=True))
    else:
        text = convert(report, args.to, standalone=args.standalone)
    if args.bom and args.to == "csv":
        text = "\ufeff" + text
    write(text, args.output, out)
    return EXIT_OK
