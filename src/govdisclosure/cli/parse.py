"""``govdisclosure parse``: read a published report (text, HTML, Markdown, PDF, Word).

Every cell not read as printed (unreadable, missing, recovered through the identities) and
every metadata field not found is said on stderr, one line each. Exit codes: 0 when every
cell and the metadata were read; 1 when the output was written but something was not read
(said on stderr; a field not found is left out of the JSON/CSV output, never filled in);
2 when the input could not be read as a report at all (nothing written).
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_VIOLATIONS,
    FILE_HELP,
    OUTPUT_HELP,
    STANDALONE_HELP,
    STDIO,
    Subparsers,
    Unreadable,
    complain,
    convert,
    read,
    read_stdin,
    stdin_text,
    write,
)

KINDS = ("json", "csv", "text", "markdown", "html")
#: what exit code 1 means for this command
EXIT_INCOMPLETE = EXIT_VIOLATIONS
#: the metadata fields a placeholder may stand in for: label in the CSV, key in the JSON
_FIELDS = {"机关": "body", "年度": "year"}


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "parse",
        help="读取已发布的报告（文本、HTML、Markdown、PDF、Word） / parse a published report",
        description="读取已发布的报告。退出码 0：全部读出；1：已输出，但有单元格或元数据未读出"
                    "（逐条列在 stderr）；2：不是报告。 / Read a published report. Exit 0: "
                    "everything read; 1: written, but cells or metadata not read (listed on "
                    "stderr); 2: not a report.",
    )
    p.add_argument("file", metavar="FILE", help=FILE_HELP)
    p.add_argument("--to", choices=KINDS, default=KINDS[0], help="输出格式 / output kind")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.add_argument(
        "--standalone", action="store_true",
        help=STANDALONE_HELP,
    )
    p.add_argument(
        "--provenance", action="store_true",
        help="与 --to json 合用：附每个单元格的状态、原文与位置 / with --to json: {report, "
             "cells} with each printed cell's status, printed text and place in the input",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.errors import GovDisclosureError
    from govdisclosure.files import one_line
    from govdisclosure.parsing import parse

    path = Path(args.file)
    shown = "<stdin>" if args.file == STDIO else args.file
    source: str | Path = path
    document = path.suffix.lower() in (".json", ".csv")
    if args.file == STDIO:
        try:
            source = stdin_text()
        except GovDisclosureError as exc:
            complain(f"{shown}: {one_line(exc)}")
            return EXIT_UNREADABLE
        document = source.lstrip("\ufeff \t\r\n").startswith(("{", "[", "table,row,column"))
    if document:  # a document already: converted as is
        try:
            report = (read_stdin(io.StringIO(str(source))) if args.file == STDIO
                      else read(args.file))
        except Unreadable as exc:
            complain(exc)
            return EXIT_UNREADABLE
        except GovDisclosureError as exc:
            complain(f"{shown}: {one_line(exc)}")
            return EXIT_UNREADABLE
        write(convert(report, args.to, standalone=args.standalone), args.output, out)
        return EXIT_OK
    try:
        result = parse(source)
    except GovDisclosureError as exc:
        complain(f"{shown}: {one_line(exc)}")
        return EXIT_UNREADABLE
    if result.report is None:
        complain(f"{shown}: no report found (no table, section or metadata)")
        return EXIT_UNREADABLE
    for line in result.cell_problems():
        complain(f"{shown}: {line}")
    text = convert(result.report, args.to, standalone=args.standalone)
    if args.to == "csv":
        dropped = tuple(f"报告,{label}," for label in result.missing)
        text = "".join(line for line in text.splitlines(keepends=True)
                       if not line.startswith(dropped))
    elif args.to == "json" and (result.missing or args.provenance):
        document = json.loads(text)
        for label in result.missing:
            document["metadata"].pop(_FIELDS[label], None)
        data = {"report": document, "cells": result.provenance()} if args.provenance \
            else document
        text = json.dumps(data, ensure_ascii=False, indent=2)
    write(text, args.output, out)
    return EXIT_OK if result.ok else EXIT_INCOMPLETE
