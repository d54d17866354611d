"""The ``govdisclosure`` command.

Exit codes: 0 clean, 1 violations found, 2 unreadable input (one line on stderr saying why).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from .checks import check
from .errors import GovDisclosureError
from .files import load_report, one_line
from .findings import Finding, Severity, Verdict
from .model import AnnualReport

__all__ = ["example_path", "main"]


def __dir__() -> list[str]:
    return __all__


EXIT_OK, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2
EXAMPLES = ("yongchun-shigu-2020.json", "pingtan-2025.json")


class Unreadable(Exception):
    """An input that could not be read; the message is one line."""


def _read(path: str) -> AnnualReport:
    try:
        return load_report(path)
    except (GovDisclosureError, OSError, UnicodeError, ValueError) as exc:
        raise Unreadable(f"{path}: {one_line(exc)}") from exc
    except Exception as exc:  # a bug must still not end a batch with a traceback
        raise Unreadable(f"{path}: unexpected {type(exc).__name__}: {one_line(exc)}") from exc


def _print_findings(path: str, findings: Sequence[Finding], out: TextIO) -> int:
    violations = [
        f for f in findings if f.verdict is Verdict.VIOLATED and f.severity is Severity.ERROR
    ]
    for f in findings:
        if f.verdict is Verdict.VIOLATED:
            label = "错误" if f.severity is Severity.ERROR else "警告"
        else:
            label = "无法判断"
        print(f"{path}: {label} [{f.rule}] {f.place}: {f.message}", file=out)
    if not violations:
        undetermined = sum(f.verdict is Verdict.UNDETERMINED for f in findings)
        note = f"（{undetermined} 项因空白无法判断）" if undetermined else ""
        print(f"{path}: 通过，未发现违反勾稽关系{note}", file=out)
    return EXIT_VIOLATIONS if violations else EXIT_OK


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            report = _read(path)
        except Unreadable as exc:
            print(f"govdisclosure: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        status = max(status, _print_findings(path, check(report), out))
    return status


def _write(text: str, output: str | None, out: TextIO) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        out.write(text if text.endswith("\n") else text + "\n")


def _convert(report: AnnualReport, kind: str, *, standalone: bool = False) -> str:
    if kind == "html" and standalone:
        from .rendering.html import render_html

        return render_html(report, standalone=True)
    if kind == "json":
        from .jsonio import dump_json

        return dump_json(report)
    if kind == "csv":
        from .csvio import dump_csv

        return dump_csv(report)
    from .rendering import render

    return render(report, kind)  # type: ignore[arg-type]


def _cmd_convert(args: argparse.Namespace, out: TextIO) -> int:
    try:
        report = _read(args.file)
    except Unreadable as exc:
        print(f"govdisclosure: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    _write(_convert(report, args.to, standalone=args.standalone), args.output, out)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .schema import schema_text

    _write(schema_text(), args.output, out)
    return EXIT_OK


def example_path(name: str = EXAMPLES[0]) -> Path:
    """Path of a bundled example report."""
    return Path(str(resources.files("govdisclosure") / "data" / name))


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    path = example_path()
    report = load_report(path)
    text = _convert(report, "text")
    out.write(text if text.endswith("\n") else text + "\n")
    print("", file=out)
    return _print_findings(path.name, check(report), out)


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import run_audit

    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as target:
            return run_audit(args.paths, args.jobs, target)
    return run_audit(args.paths, args.jobs, out)


def _read_all(paths: Sequence[str]) -> list[AnnualReport] | None:
    reports = []
    for path in paths:
        try:
            reports.append(_read(path))
        except Unreadable as exc:
            print(f"govdisclosure: {exc}", file=sys.stderr)
            return None
    return reports


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import changes_csv, changes_table, compare_years

    reports = _read_all([args.previous, args.current])
    if reports is None:
        return EXIT_UNREADABLE
    previous, current = reports
    changes = compare_years(previous, current)
    text = (
        changes_csv(changes) if args.csv
        else changes_table(changes, previous_year=previous.year, current_year=current.year)
    )
    _write(text, args.output, out)
    return EXIT_OK


def _cmd_rank(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import ranking, ranking_csv, ranking_table

    reports = _read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    rows = ranking(reports, args.metric)
    _write(ranking_csv(rows) if args.csv else ranking_table(rows, args.metric), args.output, out)
    return EXIT_OK


def _cmd_aggregate(args: argparse.Namespace, out: TextIO) -> int:
    from .audit import aggregate

    reports = _read_all(args.files)
    if reports is None:
        return EXIT_UNREADABLE
    _write(_convert(aggregate(reports, body=args.body), args.to), args.output, out)
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="政府信息公开工作年度报告: check, convert and render annual reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check reports against the official identities")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=_cmd_check)
    for name, kinds, helptext in (
        ("convert", ("json", "csv", "text", "markdown", "html"), "convert a report"),
        ("render", ("text", "markdown", "html", "json", "csv"), "render a report"),
        ("parse", ("json", "csv", "text", "markdown", "html"), "parse a published report"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--to", choices=kinds, default=kinds[0])
        p.add_argument("-o", "--output", metavar="OUT")
        p.add_argument(
            "--standalone", action="store_true",
            help="with --to html: a whole page (A4 print CSS) instead of a fragment",
        )
        p.set_defaults(run=_cmd_convert)
    p = sub.add_parser("schema", help="print the JSON Schema of the report document")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=_cmd_schema)
    p = sub.add_parser("demo", help="check and print the bundled example report")
    p.set_defaults(run=_cmd_demo)
    p = sub.add_parser(
        "audit", help="audit many reports (any input kind), across years, on every core"
    )
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("-o", "--output", metavar="FINDINGS.csv")
    p.set_defaults(run=_cmd_audit)
    p = sub.add_parser("compare", help="compare one body's reports of two years, cell by cell")
    p.add_argument("previous", metavar="PREVIOUS")
    p.add_argument("current", metavar="CURRENT")
    p.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=_cmd_compare)
    p = sub.add_parser("rank", help="rank bodies by a metric (e.g. disclosed_share)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--metric", default="disclosed_share")
    p.add_argument("--csv", action="store_true", help="CSV instead of a terminal table")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=_cmd_rank)
    p = sub.add_parser("aggregate", help="sum units' reports of one year into one report")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--body", required=True, help="the issuing body of the roll-up")
    p.add_argument("--to", choices=("json", "csv", "text", "markdown", "html"), default="json")
    p.add_argument("-o", "--output", metavar="OUT")
    p.set_defaults(run=_cmd_aggregate)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        return run(args, out or sys.stdout)
    except GovDisclosureError as exc:
        print(f"govdisclosure: {one_line(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # e.g. `govdisclosure demo | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
