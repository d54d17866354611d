"""``govdisclosure aggregate``: units' reports of one year summed into one report.

A body–year given twice is refused (``--drop-duplicates``: the later ones are left out, each
with a warning naming the file); ``--tree TREE.csv`` rolls up along an administrative tree
(``parent,child`` rows) and checks each published roll-up against its children's sum
(``R-1`` warnings on stderr, exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    EXIT_VIOLATIONS,
    OUTPUT_HELP,
    PATHS_HELP,
    Subparsers,
    complain,
    convert,
    read_walked,
    write,
)

if TYPE_CHECKING:
    from govdisclosure.model import AnnualReport


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "aggregate",
        help="汇总同一年度各单位的报告 / sum units' reports of one year into one report",
    )
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR", help=PATHS_HELP)
    p.add_argument("--body", help="汇总报告的机关（与 --tree 合用时默认为树根） / the issuing body "
                   "of the roll-up (with --tree: default the tree's root)")
    p.add_argument("--tree", metavar="TREE.csv",
                   help="按行政隶属树汇总（parent,child[,rollup] 行）并核对已发布的汇总 / roll up "
                   "along an administrative tree (parent,child[,rollup] rows) and check "
                   "published roll-ups against their children")
    p.add_argument("--drop-duplicates", action="store_true",
                   help="同一机关同一年度重复时舍去（并警告）而非拒绝 / leave out a body-year "
                   "given again (with a warning) instead of refusing")
    p.add_argument("--to", choices=("json", "csv", "text", "markdown", "html"), default="json",
                   help="输出格式 / output kind")
    p.add_argument("-o", "--output", metavar="OUT", help=OUTPUT_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import aggregate, distinct

    read = read_walked(args.files)
    if read is None:
        return EXIT_UNREADABLE
    names, reports = read
    if args.drop_duplicates:
        kept, dropped = distinct(reports, names)
        for name, first in dropped:
            complain(f"warning: {name} is the same body and year as {first}: left out")
        names = [name for name, _ in kept]
        reports = [report for _, report in kept]
    if args.tree:
        return _tree(args, reports, names, out)
    if not args.body:
        complain("aggregate needs --body (or --tree)")
        return EXIT_UNREADABLE
    write(convert(aggregate(reports, body=args.body, names=names), args.to), args.output, out)
    return EXIT_OK


def _tree(
    args: argparse.Namespace, reports: list[AnnualReport], names: list[str], out: TextIO
) -> int:
    from govdisclosure.audit.rollup import read_tree, rollup_tree

    try:
        tree = read_tree(Path(args.tree))
    except OSError as exc:
        complain(f"cannot read {args.tree}: {exc.strerror or exc}")
        return EXIT_UNREADABLE
    result = rollup_tree(reports, tree, names=names)
    children = {edge.child for edge in tree}
    roots = [edge.parent for edge in tree if edge.parent not in children]
    body = args.body or (roots[0] if len(set(roots)) == 1 else None)
    if body is None:
        complain(f"the tree has several roots ({'、'.join(dict.fromkeys(roots))}): name one "
                 "with --body")
        return EXIT_UNREADABLE
    for place in result.partial:
        complain(f"warning: {place}: some children's reports were not given; its sum is partial")
    for finding in result.findings:
        print(f"警告 [{finding.rule}] {finding.place}: {finding.message}", file=sys.stderr)
    if body not in result.sums:
        complain(f"{body}: no report of its children was given")
        return EXIT_UNREADABLE
    write(convert(result.sums[body], args.to), args.output, out)
    return EXIT_VIOLATIONS if result.findings else EXIT_OK
