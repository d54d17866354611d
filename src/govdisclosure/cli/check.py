"""``govdisclosure check``: check reports against the official identities.

A published report (text, HTML, Markdown, PDF, Word) is parsed first; the check then says
how many of its printed cells could not be read, since an identity with an unread term
cannot be judged.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    PATHS_HELP,
    Subparsers,
    Unreadable,
    complain,
    print_findings,
    read_loaded,
)

if TYPE_CHECKING:
    from govdisclosure.files import Loaded


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="检查勾稽关系 / check reports against the official identities")
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR", help=PATHS_HELP)
    p.add_argument(
        "--strict", action="store_true",
        help="严格：空白的明细格也算错误（编写报告时用） / a blank leaf cell is an error too "
        "(for reports being written)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.checks import check
    from govdisclosure.files import walk

    status = EXIT_OK
    for path in walk(args.files):
        try:
            loaded, unread = _read(path)
        except Unreadable as exc:
            complain(exc)
            status = EXIT_UNREADABLE
            continue
        findings = check(loaded.report, strict=args.strict)
        status = max(status, print_findings(path, findings, out, loaded.cells))
        if unread is not None:
            print(unread_line(path, *unread), file=out)
    return status


#: the inputs read through the parser of published reports
_PUBLISHED = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".pdf",
              ".docx")


def _read(path: str) -> tuple[Loaded, tuple[int, int, tuple[str, ...]] | None]:
    """The report, and for a published report (cells not read, cells printed, metadata
    fields not found)."""
    from pathlib import Path

    if Path(path).suffix.lower() not in _PUBLISHED:
        return read_loaded(path), None
    from govdisclosure.errors import GovDisclosureError
    from govdisclosure.files import Loaded, one_line
    from govdisclosure.parsing import parse

    try:
        result = parse(Path(path))
    except GovDisclosureError as exc:
        raise Unreadable(f"{path}: {one_line(exc)}") from exc
    if result.report is None:
        raise Unreadable(f"{path}: no report found (no table, section or metadata)")
    unread = (result.unread_cells(), len(result.printed_cells()), result.missing)
    return Loaded(report=result.report), unread


def unread_line(path: str, unread: int, printed: int, missing: tuple[str, ...]) -> str:
    """What the parse of a published report could not read, as one line."""
    fields = f"；未找到{'、'.join(missing)} / not found: {', '.join(missing)}" if missing else ""
    if not unread:
        return f"{path}: 全部 {printed} 个单元格均已读出 / all {printed} cells read{fields}"
    return (f"{path}: {unread} 个单元格未能读出（共 {printed} 个），相关勾稽关系无法判断 / "
            f"{unread} of {printed} cells could not be read (see `govdisclosure parse`)"
            f"{fields}")
