"""What every command shares: exit codes, reading inputs, writing outputs, printing findings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO, cast

from govdisclosure.errors import GovDisclosureError
from govdisclosure.files import Loaded, load, one_line
from govdisclosure.findings import Finding, Severity, Verdict
from govdisclosure.model import AnnualReport

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2
EXAMPLES = ("yongchun-shigu-2020.json", "pingtan-2025.json")

#: a command: parsed arguments and the text output → exit code
Run = Callable[[argparse.Namespace, TextIO], int]
#: what ``ArgumentParser.add_subparsers()`` returns
Subparsers = argparse._SubParsersAction  # argparse has no public name for it


class Unreadable(Exception):
    """An input that could not be read; the message is one line."""


def read(path: str) -> AnnualReport:
    """The report in ``path``; :class:`Unreadable` with a one-line reason when it cannot be read."""
    return read_loaded(path).report


def read_loaded(path: str) -> Loaded:
    """Like :func:`read`, with what came with the report (a workbook's cells)."""
    try:
        return load(path)
    except (GovDisclosureError, OSError, UnicodeError, ValueError) as exc:
        raise Unreadable(f"{path}: {one_line(exc)}") from exc
    except Exception as exc:  # a bug must still not end a batch with a traceback
        raise Unreadable(f"{path}: unexpected {type(exc).__name__}: {one_line(exc)}") from exc


def read_all(paths: Sequence[str]) -> list[AnnualReport] | None:
    """Every report, or ``None`` after saying on stderr which one could not be read."""
    reports = []
    for path in paths:
        try:
            reports.append(read(path))
        except Unreadable as exc:
            complain(exc)
            return None
    return reports


def complain(error: BaseException | str) -> None:
    """One line on stderr."""
    print(f"govdisclosure: {error}", file=sys.stderr)


def print_findings(path: str, findings: Sequence[Finding], out: TextIO,
                   cells: Mapping[str, str] | None = None) -> int:
    """Each finding on a line (its cell first when ``cells`` knows it: ``表三!J6``), then 通过
    when no error; the exit code."""
    violations = [
        f for f in findings if f.verdict is Verdict.VIOLATED and f.severity is Severity.ERROR
    ]
    for f in findings:
        if f.verdict is Verdict.VIOLATED:
            label = "错误" if f.severity is Severity.ERROR else "警告"
        else:
            label = "无法判断"
        place = str(f.place)
        cell = cells.get(place) if cells else None
        where = f"{cell}（{place}）" if cell else place
        print(f"{path}: {label} [{f.rule}] {where}: {f.message}", file=out)
    if not violations:
        undetermined = sum(f.verdict is Verdict.UNDETERMINED for f in findings)
        note = f"（{undetermined} 项因空白无法判断）" if undetermined else ""
        print(f"{path}: 通过，未发现违反勾稽关系{note}", file=out)
    return EXIT_VIOLATIONS if violations else EXIT_OK


def write(text: str, output: str | None, out: TextIO) -> None:
    """``text`` to the file ``output``, or to ``out``."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        out.write(text if text.endswith("\n") else text + "\n")


def convert(report: AnnualReport, kind: str, *, standalone: bool = False) -> str:
    """The report as text of ``kind`` (json, csv, or a rendering)."""
    if kind == "html" and standalone:
        from govdisclosure.rendering.html import render_html

        return render_html(report, standalone=True)
    if kind == "json":
        from govdisclosure.jsonio import dump_json

        return dump_json(report)
    if kind == "csv":
        from govdisclosure.csvio import dump_csv

        return dump_csv(report)
    from govdisclosure.rendering import Kind, render

    return render(report, cast("Kind", kind))


def example_path(name: str = EXAMPLES[0]) -> Path:
    """Path of a bundled example report."""
    return Path(str(resources.files("govdisclosure") / "data" / name))
