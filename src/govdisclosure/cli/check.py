"""``govdisclosure check``: check reports against the official identities."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    Subparsers,
    Unreadable,
    complain,
    print_findings,
    read,
)


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="check reports against the official identities")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--strict", action="store_true",
        help="严格：空白的明细格也算错误（编写报告时用） / a blank leaf cell is an error too "
        "(for reports being written)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.checks import check

    status = EXIT_OK
    for path in args.files:
        try:
            report = read(path)
        except Unreadable as exc:
            complain(exc)
            status = EXIT_UNREADABLE
            continue
        status = max(status, print_findings(path, check(report, strict=args.strict), out))
    return status
