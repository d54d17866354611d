"""What every command shares: exit codes, reading inputs, writing outputs, printing findings.

Kept light: the library's heavy modules are imported inside the functions that use them, so
building the parser (``govdisclosure --help``) loads none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from govdisclosure.errors import GovDisclosureError

if TYPE_CHECKING:
    from govdisclosure.files import Loaded
    from govdisclosure.findings import Finding
    from govdisclosure.model import AnnualReport

EXIT_OK, EXIT_VIOLATIONS, EXIT_UNREADABLE = 0, 1, 2
#: the shell's code for a command ended by SIGINT (Ctrl-C): 128 + 2
EXIT_INTERRUPTED = 130
EXAMPLES = ("yongchun-shigu-2020.json", "pingtan-2025.json")
#: a file name that means standard input (for a report) or standard output (for ``-o``)
STDIO = "-"
#: the most bytes read from standard input (a report is far smaller; see parsing.MAX_CHARS)
MAX_STDIN_BYTES = 80_000_000

#: a command: parsed arguments and the text output → exit code
Run = Callable[[argparse.Namespace, TextIO], int]
#: what ``ArgumentParser.add_subparsers()`` returns
Subparsers = argparse._SubParsersAction  # argparse has no public name for it


class Unreadable(Exception):
    """An input that could not be read; the message is one line."""


class Unwritable(Exception):
    """An output that could not be written; the message is one line."""


# --- help -----------------------------------------------------------------------------------

#: values filled into ``%(name)s`` of a help text only when help is shown (e.g. the metric
#: names of ``rank``, which would otherwise import the audit package for every command)
LAZY_HELP: dict[str, Callable[[], str]] = {}


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Shows each option's default (默认) and fills :data:`LAZY_HELP` values on demand."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        shown = (
            default not in (None, False, argparse.SUPPRESS)
            and action.option_strings
            and "%(default)" not in text
        )
        if shown:
            text += "（默认 default: %(default)s）"
        return text or None

    def _expand_help(self, action: argparse.Action) -> str:
        text = self._get_help_string(action) or ""
        for name, value in LAZY_HELP.items():
            token = f"%({name})s"
            if token in text:
                text = text.replace(token, value().replace("%", "%%"))
        saved = action.help
        action.help = text
        try:
            return super()._expand_help(action)
        finally:
            action.help = saved


# --- reading --------------------------------------------------------------------------------


def one_line(error: BaseException) -> str:
    """An error as one printable line (see :func:`govdisclosure.files.one_line`)."""
    from govdisclosure.files import one_line as joined

    return printable(joined(error))


def printable(text: object) -> str:
    """``text`` safe for any terminal: control characters, lone surrogates (an undecodable
    file name) and line breaks shown as escapes, so one message stays one line."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def read(path: str) -> AnnualReport:
    """The report in ``path`` (``-``: standard input); :class:`Unreadable` with a one-line
    reason when it cannot be read."""
    return read_loaded(path).report


def read_loaded(path: str) -> Loaded:
    """Like :func:`read`, with what came with the report (a workbook's cells)."""
    from govdisclosure.files import Loaded, load

    shown = "<stdin>" if path == STDIO else printable(path)
    try:
        if path == STDIO:
            return Loaded(report=read_stdin())
        return load(path)
    except (GovDisclosureError, OSError, UnicodeError, ValueError) as exc:
        raise Unreadable(f"{shown}: {_reason(exc)}") from exc
    except RecursionError as exc:
        raise Unreadable(f"{shown}: nested too deeply to read") from exc
    except Exception as exc:  # a bug must still not end a batch with a traceback
        raise Unreadable(f"{shown}: unexpected {type(exc).__name__}: {one_line(exc)}") from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return one_line(exc)


def stdin_text(stream: Any = None) -> str:
    """Standard input as text (UTF-8, else GB18030), with a line break, so that
    :func:`govdisclosure.parse` never takes a one-line text for the name of a file."""
    stream = stream if stream is not None else sys.stdin
    binary = getattr(stream, "buffer", None)
    data: bytes | str = (binary or stream).read(MAX_STDIN_BYTES + 1)
    if len(data) > MAX_STDIN_BYTES:
        raise GovDisclosureError(f"standard input is larger than a report can be "
                                 f"(more than {MAX_STDIN_BYTES} bytes)")
    text = data if isinstance(data, str) else _decode(data)
    return text if "\n" in text else text + "\n"


def read_stdin(stream: Any = None) -> AnnualReport:
    """A report from standard input: a JSON document (``{``), a CSV one (its header
    ``table,row,column,value``), else a published report's text, HTML or Markdown."""
    text = stdin_text(stream)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        from govdisclosure.jsonio import load_json

        return load_json(text)
    if head.startswith("table,row,column"):
        from govdisclosure.csvio import load_csv

        return load_csv(text.lstrip("\ufeff"))
    from govdisclosure.parsing import parse

    result = parse(text)
    if result.report is None:
        reasons = "; ".join(str(n) for n in result.findings[:3]) or "no report found"
        raise GovDisclosureError(f"could not read a report: {reasons}")
    return result.report


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GovDisclosureError("standard input is not text in UTF-8 or GB18030 (binary?)")


def read_walked(paths: Sequence[str]) -> tuple[list[str], list[AnnualReport]] | None:
    """The files (directories walked, see :func:`govdisclosure.files.walk`) and their
    reports, or ``None`` after saying on stderr which one could not be read."""
    from govdisclosure.files import walk

    names = list(walk(paths))
    reports = read_all(names)
    return None if reports is None else (names, reports)


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
    print(f"govdisclosure: {printable(error)}", file=sys.stderr)


# --- writing --------------------------------------------------------------------------------


def print_findings(path: str, findings: Sequence[Finding], out: TextIO,
                   cells: Mapping[str, str] | None = None) -> int:
    """Each finding on a line (its cell first when ``cells`` knows it: ``表三!J6``), then 通过
    when no error; the exit code."""
    from govdisclosure.findings import Severity, Verdict

    shown = "<stdin>" if path == STDIO else printable(path)
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
        print(f"{shown}: {label} [{f.rule}] {printable(where)}: {printable(f.message)}",
              file=out)
    if not violations:
        undetermined = sum(f.verdict is Verdict.UNDETERMINED for f in findings)
        note = f"（{undetermined} 项因空白无法判断）" if undetermined else ""
        print(f"{shown}: 通过，未发现违反勾稽关系{note}", file=out)
    return EXIT_VIOLATIONS if violations else EXIT_OK


def write(text: str, output: str | None, out: TextIO) -> None:
    """``text`` to the file ``output`` (``-`` or none: to ``out``).

    A file is written whole or not at all (a temporary file beside it, then renamed), so an
    interrupted run never leaves half a report; :class:`Unwritable` names what went wrong.
    """
    if output and output != STDIO:
        write_file(output, text)
    else:
        out.write(text if text.endswith("\n") else text + "\n")


def write_file(output: str, text: str | bytes) -> None:
    """``text`` (or bytes) into the file ``output`` whole, text in UTF-8; :class:`Unwritable`
    when it cannot."""
    shown = printable(output)
    target = Path(output)
    if target.is_dir():
        raise Unwritable(f"{shown}: is a directory, expected a file name")
    parent = target.parent
    if not parent.is_dir():
        raise Unwritable(f"{shown}: no such directory {printable(parent)}")
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Unwritable(f"{shown}: the output holds text that is not valid Unicode "
                         f"({printable(exc.object[exc.start:exc.end])})") from exc
    temporary = parent / f".{target.name}.{os.getpid()}.part"
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as exc:
        raise Unwritable(f"{shown}: cannot write: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)


def convert(
    report: AnnualReport, kind: str, *, standalone: bool = False, group: bool = False,
    bom: bool = False,
) -> str:
    """The report as text of ``kind`` (json, csv, or a rendering); ``group`` adds grouping
    separators to text, Markdown and HTML, ``bom`` starts CSV with a byte-order mark."""
    if kind == "html" and standalone:
        from govdisclosure.rendering.html import render_html

        return render_html(report, standalone=True, group=group)
    if kind == "json":
        from govdisclosure.jsonio import dump_json

        return dump_json(report)
    if kind == "csv":
        from govdisclosure.csvio import dump_csv

        return dump_csv(report, bom=bom)
    from govdisclosure.rendering import Kind, render

    return render(report, cast("Kind", kind), group=group)


def example_path(name: str = EXAMPLES[0]) -> Path:
    """Path of a bundled example report."""
    from importlib import resources  # not at import: it pulls in tempfile and shutil

    return Path(str(resources.files("govdisclosure") / "data" / name))


PATHS_HELP = ("报告文件或目录（目录中可读的文件按名称顺序逐一读取；- 为标准输入） / "
              "report files or directories (a directory's readable files, in name order; "
              "- for standard input)")
FILE_HELP = "报告文件（- 为标准输入） / a report file (- for standard input)"
STANDALONE_HELP = ("与 --to html 合用：完整网页（A4 打印样式） / with --to html: a whole page "
                   "(A4 print CSS) instead of a fragment")
OUTPUT_HELP = "输出文件（- 或不给出为标准输出） / output file (- or none: standard output)"
