"""``govdisclosure demo``: check and print the bundled example report."""

from __future__ import annotations

import argparse
from typing import TextIO

from ._common import Subparsers, convert, example_path, print_findings


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo", help="检查并输出自带的示例报告 / check and print the bundled example report"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.checks import check
    from govdisclosure.files import load_report

    path = example_path()
    report = load_report(path)
    text = convert(report, "text")
    out.write(text if text.endswith("\n") else text + "\n")
    print("", file=out)
    return print_findings(path.name, check(report), out)
