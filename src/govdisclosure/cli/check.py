"""``govdisclosure check``: check reports against the official identities."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    FILES_HELP,
    Subparsers,
    Unreadable,
    complain,
    print_findings,
    read_loaded,
)


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="检查勾稽关系 / check reports against the official identities")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help=FILES_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.checks import check

    status = EXIT_OK
    for path in args.files:
        try:
            loaded = read_loaded(path)
        except Unreadable as exc:
            complain(exc)
            status = EXIT_UNREADABLE
            continue
        findings = check(loaded.report)
        status = max(status, print_findings(path, findings, out, loaded.cells))
    return status
