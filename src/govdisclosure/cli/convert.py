"""``govdisclosure convert`` and ``render``: a report in another form."""

from __future__ import annotations

import argparse
from typing import TextIO

from govdisclosure.errors import GovDisclosureError
from govdisclosure.model import AnnualReport

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    FILE_HELP,
    OUTPUT_HELP,
    STANDALONE_HELP,
    STDIO,
    Subparsers,
    Unreadable,
    complain,
    convert,
    read,
    write,
    write_file,
)

KINDS = ("json", "csv", "text", "markdown", "html")
#: kinds written as bytes: to the file of ``-o``, or to a stdout that is not a terminal
BINARY = ("docx", "pdf")
#: the workbook a clerk fills (written as bytes too)
WORKBOOK = ("xlsx",)


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    for name, kinds, helptext in (
        ("convert", (*KINDS, *WORKBOOK, *BINARY), "转换报告格式 / convert a report"),
        ("render", ("text", "markdown", "html", "json", "csv", *BINARY, *WORKBOOK),
         "按官方版式输出 / render a report in the official layout"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE", help=FILE_HELP)
        p.add_argument("--to", choices=kinds, default=kinds[0], help="输出格式 / output kind")
        p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
        p.add_argument(
            "--standalone", action="store_true",
            help=STANDALONE_HELP,
        )
        p.add_argument(
            "--group", action="store_true",
            help="数字加千位分隔符 / thousands separators in text, markdown, html, docx and "
                 "pdf (default: numbers as the template prints them, 2418)",
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
    if args.to in (*BINARY, *WORKBOOK):
        return _write_binary(report, args.to, args.output, out, group=args.group)
    text = convert(report, args.to, standalone=args.standalone, group=args.group, bom=args.bom)
    write(text, args.output, out)
    return EXIT_OK


def _write_binary(report: AnnualReport, kind: str, output: str | None, out: TextIO, *,
                  group: bool = False) -> int:
    """A Word, PDF or workbook file to ``output``, or to a binary stdout that is not a
    terminal. ``group`` groups the numbers of Word and PDF (a workbook's are numbers)."""
    output = None if output == STDIO else output
    stream = getattr(out, "buffer", None)
    if not output and (stream is None or out.isatty()):
        complain(f"--to {kind} writes a file: give -o FILE.{kind} (or redirect stdout)")
        return EXIT_UNREADABLE
    from govdisclosure.rendering import render

    try:
        if kind in WORKBOOK:
            from govdisclosure.workbook import dump_xlsx

            data = dump_xlsx(report)
        else:
            data = render(report, "docx" if kind == "docx" else "pdf", group=group)
    except GovDisclosureError as exc:  # MissingExtra names the extra to install
        complain(exc)
        return EXIT_UNREADABLE
    if output:
        write_file(output, data)
    else:
        out.flush()
        stream.write(data)  # type: ignore[union-attr]  # checked above
        stream.flush()  # type: ignore[union-attr]
    return EXIT_OK
