"""``govdisclosure convert`` and ``render``: a report in another form."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    FILE_HELP,
    OUTPUT_HELP,
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
        ("convert", KINDS, "转换报告格式 / convert a report"),
        ("render", ("text", "markdown", "html", "json", "csv"),
         "按官方版式输出 / render a report in the official layout"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE", help=FILE_HELP)
        p.add_argument("--to", choices=kinds, default=kinds[0], help="输出格式 / output kind")
        p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
        p.add_argument(
            "--standalone", action="store_true",
            help="与 --to html 合用：完整网页（A4 打印样式） / with --to html: a whole page "
            "(A4 print CSS) instead of a fragment",
        )
        p.add_argument(
            "--group", action="store_true",
            help="数字加千位分隔符 / thousands separators in text, markdown and html "
                 "(default: numbers as the template prints them, 2418)",
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
    write(text, args.output, out)
    return EXIT_OK
