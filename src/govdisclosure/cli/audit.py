"""``govdisclosure audit``: audit many reports, across years, on every core."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ._common import EXIT_UNREADABLE, STDIO, Subparsers, complain


def register(sub: Subparsers[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "audit",
        help="批量审核（跨年度，多进程） / "
             "audit many reports (any input kind), across years, on every core",
    )
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE",
                   help="目录或报告文件 / directories or report files")
    p.add_argument("--jobs", type=int, default=None,
                   help="工作进程数（默认全部核心） / worker processes (default: all cores)")
    p.add_argument("-o", "--output", metavar="FINDINGS.csv",
                   help="审核结果 CSV（默认或 - 为标准输出） / findings CSV (default, or -: "
                   "standard output)")
    p.add_argument("--html", metavar="REPORT.html",
                   help="另写一个自包含的审计页面（图表需要 plot 扩展） / also write a "
                   "self-contained dashboard page (charts need the plot extra)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from govdisclosure.audit import run_audit
    from govdisclosure.audit.bulk import shown_path

    if args.html and not Path(args.html).resolve().parent.is_dir():
        complain(f"cannot write {args.html}: no such folder")  # before a long run, not after
        return EXIT_UNREADABLE

    if args.output and args.output != STDIO:
        try:
            target = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            complain(f"cannot write {shown_path(args.output)}: {reason}")
            return EXIT_UNREADABLE
        with target:
            return run_audit(args.paths, args.jobs, target, html=args.html)
    return run_audit(args.paths, args.jobs, out, html=args.html)
