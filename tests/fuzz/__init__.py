"""Mutating real documents and checking the library's contract on every result.

The contract (issue 12): every public reader and writer either returns a result or raises a
:class:`~govdisclosure.errors.GovDisclosureError` whose problems each name a place; whatever is
read can be written back (JSON, CSV, every rendering) and reads back equal; the command line
exits 0, 1 or 2 with one line on stderr per unreadable input, and never a traceback.

Seeds are the real documents in ``tests/data`` (and the two bundled reports); a mutation is a
short list of :class:`Edit` s (flip, delete, insert or substitute a hostile value at a
position), applied by :func:`mutate`. The suite draws edits with hypothesis
(``tests/test_fuzz.py``); ``benchmarks/fuzz.py`` draws them with :mod:`random` for a deep run.
:func:`exercise` runs one input through its target and returns the contract breaks found,
each with a class (target, exception and where it came from) for counting.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import attrs

from govdisclosure.errors import GovDisclosureError

DATA = Path(__file__).resolve().parent.parent / "data"
PACKAGE = Path(__file__).resolve().parent.parent.parent / "src" / "govdisclosure" / "data"


class Seed(NamedTuple):
    """A real document: its kind (``json``, ``csv``, ``text``, ``markdown``, ``html``)."""

    kind: str
    name: str
    data: bytes


def _seeds() -> tuple[Seed, ...]:
    found: list[Seed] = []
    kinds = {".json": "json", ".csv": "csv", ".txt": "text", ".md": "markdown",
             ".html": "html"}
    for path in sorted([*DATA.iterdir(), *PACKAGE.glob("*.json")]):
        kind = kinds.get(path.suffix)
        if kind is None or path.name.upper() == "README.MD" or "SOURCES" in path.name:
            continue
        data = path.read_bytes()
        if kind == "json":
            head = json.loads(data)
            if not (isinstance(head, dict) and "govdisclosure" in head):
                continue  # expected parse results and pdfplumber tables, not documents
        found.append(Seed(kind, path.name, data))
    return tuple(found)


SEEDS = _seeds()
SEED_KINDS = tuple(sorted({s.kind for s in SEEDS}))

#: values that broke, or could break, a reader, a writer or a terminal
HOSTILE: tuple[str, ...] = (
    "9" * 4301, "-" + "9" * 4400, "1" + "0" * 28, "9" * 15, "1" * 16, "99999999999999.99",
    "1." + "1" * 40, "0." + "0" * 30 + "1", "1e308", "1e999999", "-0", "0.0", "1E5",
    "NaN", "Infinity", "-Infinity", "true", "null", "[]", "{}", '""',
    "[" * 100_000, "{\"a\":" * 30_000, "[[[[[[[[[[1]]]]]]]]]]",
    "\\ud800", "\\udfff", "\\u0000", "\\u001b[31m", "\ud800", "\udcff",
    "\x00", "\x1b[2J\x1b[31mred", "\x07", "\x7f", "\x85", "\u2028", "\u2029", "\u202e",
    "\ufeff", "\ufffe", "\U0010ffff", "\u3000", "²", "٣", "௫", "Ⅻ", "①", "１２",
    "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\")",
    "[x]: http://evil.example", "    indented code", "<script>alert(1)</script>",
    "<!--", "]]>", "&amp;", "| a | b |", "# heading", "> quote", "*" * 500,
    "\n" * 2000, " " * 5000, "。" * 3000, "一、" * 500, "\\" * 100, '"' * 100,
    "2021年1月6日", "2021-02-30", "0000-00-00", "9999-12-31", "20" * 3000,
    "rowspan=\"²\"", "colspan=\"99999999\"", "rowspan=\"0\"", "<td rowspan=²>1</td>",
    "table,row,column,value", "报告,格式版本,,2099", "报告,年度,,99999", "三,,,",
)

#: JSON fragments that keep a document's shape but carry a hostile value
_JSON_VALUES: tuple[str, ...] = (
    "9" * 4301, "1" + "0" * 28, "-1", "1.5", "true", "null", '"1"', '"' + "9" * 30 + '"',
    '"1.' + "1" * 40 + '"', '"' + "9" * 4301 + '"', '"\\ud800"', '"\\udfff x"', '"\\u001b[2J"',
    '"=cmd|\' /C calc\'!A0"', '"  padded  "', '""', '"\\n\\n\\n"', "[]", "{}",
    "[" * 5000 + "]" * 5000, '"' + "a\\n" * 3000 + '"', '"' + "x" * 100_000 + '"',
)

_OPS = ("flip", "delete", "insert", "replace_token", "duplicate", "truncate")
_TOKEN = re.compile(rb'-?\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.){0,200}"|[^\s,]{1,40}')


class Edit(NamedTuple):
    """One change: ``op`` (index into the operations), ``where`` (0..1 of the length),
    ``what`` (index into the hostile values), ``size``."""

    op: int
    where: float
    what: int
    size: int


def mutate(seed: Seed, edits: list[Edit]) -> bytes:
    """``seed`` with each edit applied in turn."""
    data = bytearray(seed.data)
    for edit in edits:
        data = bytearray(_apply(seed.kind, data, edit))
    return bytes(data)


def _payload(kind: str, what: int) -> bytes:
    values = _JSON_VALUES if kind == "json" and what % 2 else HOSTILE
    return values[what % len(values)].encode("utf-8", "surrogatepass")


def _apply(kind: str, data: bytearray, edit: Edit) -> bytes:
    op = _OPS[edit.op % len(_OPS)]
    at = min(len(data), int(edit.where * len(data)))
    size = max(1, edit.size)
    if op == "flip":
        if not data:
            return bytes(data)
        at = min(at, len(data) - 1)
        data[at] ^= 1 << (edit.what % 8)
        return bytes(data)
    if op == "delete":
        return bytes(data[:at] + data[at + size:])
    if op == "insert":
        return bytes(data[:at] + _payload(kind, edit.what) + data[at:])
    if op == "duplicate":
        copies = data[at:at + size] * (1 + edit.what % 50)
        return bytes(data[:at + size] + copies + data[at + size:])
    if op == "truncate":
        return bytes(data[:at])
    # replace_token: the next number, string or field from ``at`` becomes a hostile value
    match = _TOKEN.search(bytes(data), at) or _TOKEN.search(bytes(data))
    if match is None:
        return bytes(data)
    value = _payload(kind, edit.what)
    if kind == "csv" and b"\n" in value:
        value = b'"' + value.replace(b'"', b'""') + b'"'
    return bytes(data[:match.start()] + value + data[match.end():])


# --- the contract ----------------------------------------------------------------------------


class Break(NamedTuple):
    """A contract break: its class (for counting) and a detail (for a report)."""

    kind: str
    detail: str


def _origin(exc: BaseException) -> str:
    """Where an exception came from: the innermost frame in the library, else the last."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "govdisclosure" in f.filename and "/tests/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    name = frame.filename.split("govdisclosure/")[-1]
    return f"{name}:{frame.name}"


def _place_missing(exc: GovDisclosureError) -> bool:
    problems = getattr(exc, "problems", None)
    if problems:
        return not all(p.place for p in problems)
    return not str(exc).strip()


class Checker:
    """Collects the breaks of one input (``with checker.step("load_json"): ...``)."""

    def __init__(self) -> None:
        self.breaks: list[Break] = []

    @contextlib.contextmanager
    def step(self, target: str, *, refusable: bool = True) -> Iterator[None]:
        """Run a step; a library error is fine when ``refusable`` (and names a place)."""
        try:
            yield
        except GovDisclosureError as exc:
            if not refusable:
                self.add(f"{target}: {type(exc).__name__} after a successful read",
                         str(exc)[:300])
            elif _place_missing(exc):
                self.add(f"{target}: {type(exc).__name__} naming no place", str(exc)[:300])
        except (KeyboardInterrupt, Timeout):
            raise
        except Exception as exc:  # the break under test
            self.add(f"{target}: {type(exc).__name__} at {_origin(exc)}",
                     f"{str(exc)[:300]}")

    def add(self, kind: str, detail: str) -> None:
        self.breaks.append(Break(kind, detail))


class Timeout(BaseException):
    """Raised by ``benchmarks/fuzz.py``'s alarm: an input that took too long."""


def _text(data: bytes) -> str:
    # what a caller holding bytes of unknown quality would pass: undecodable bytes kept as
    # lone surrogates, which the library must refuse or survive, never crash on
    return data.decode("utf-8", "surrogateescape")


def _utf8(text: str, checker: Checker, target: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        checker.add(f"{target}: output not valid UTF-8 (lone surrogate)",
                    repr(exc.object[max(0, exc.start - 20):exc.end + 20]))


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _formula_free(csv_text: str, checker: Checker, target: str) -> None:
    """No CSV field that a spreadsheet would run as a formula (OWASP: = + - @ tab CR)."""
    csv.field_size_limit(max(csv.field_size_limit(), len(csv_text) + 1))  # a long title is fine
    for row in csv.reader(io.StringIO(csv_text)):
        for field in row:
            if field[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(field):
                checker.add(f"{target}: formula in a CSV field", repr(field[:80]))
                return


def _terminal_safe(text: str, checker: Checker, target: str) -> None:
    """No control character (ESC sequences …) in text meant for a terminal."""
    found = _CONTROL.search(text)
    if found:
        checker.add(f"{target}: control character in the output",
                    repr(text[max(0, found.start() - 20):found.end() + 20]))


def written(report: object, checker: Checker, target: str) -> None:
    """Every writer of a report that was read: JSON, CSV, the renderings, the checks; each
    output is valid UTF-8, and JSON and CSV read back equal."""
    from govdisclosure import check, dump_csv, dump_json, load_csv, load_json, render
    from govdisclosure.model import AnnualReport
    from govdisclosure.rendering.html import render_html

    assert isinstance(report, AnnualReport)
    with checker.step(f"{target}→check", refusable=False):
        check(report)
    with checker.step(f"{target}→dump_json", refusable=False):
        text = dump_json(report)
        _utf8(text, checker, f"{target}→dump_json")
        if load_json(text) != report:
            checker.add(f"{target}→dump_json: round trip differs", text[:200])
    with checker.step(f"{target}→dump_csv", refusable=False):
        csv_text = dump_csv(report)
        _utf8(csv_text, checker, f"{target}→dump_csv")
        _formula_free(csv_text, checker, f"{target}→dump_csv")
        narrative_free = attrs.evolve(report, overview=None, problems=None, other=None)
        if load_csv(csv_text) != narrative_free:
            checker.add(f"{target}→dump_csv: round trip differs", csv_text[:200])
    for kind in ("text", "markdown", "html"):
        with checker.step(f"{target}→render {kind}", refusable=False):
            rendered = render(report, kind)
            _utf8(rendered, checker, f"{target}→render {kind}")
            if kind != "html":
                _terminal_safe(rendered, checker, f"{target}→render {kind}")
    with checker.step(f"{target}→render html standalone", refusable=False):
        _utf8(render_html(report, standalone=True), checker, f"{target}→render standalone")


def exercise_api(kind: str, data: bytes, *, downstream: bool = True) -> list[Break]:
    """One input through the reader of its kind, then (when read) through every writer."""
    from govdisclosure import load_csv, load_json, parse

    checker = Checker()
    report = None
    if kind == "json":
        with checker.step("load_json"):
            report = load_json(data)
        if report is None:
            with checker.step("load_json(str)"):
                load_json(_text(data))
    elif kind == "csv":
        with checker.step("load_csv"):
            report = load_csv(_text(data))
    else:
        text = _text(data)
        text = text if "\n" in text else text + "\n"
        with checker.step(f"parse {kind}"):
            result = parse(text, kind=kind)
            report = result.report
            for finding in result.findings:
                str(finding).encode("utf-8", "surrogatepass")
    if report is not None and downstream:
        written(report, checker, {"json": "load_json", "csv": "load_csv"}.get(kind, "parse"))
    return checker.breaks


_SUFFIX = {"json": ".json", "csv": ".csv", "text": ".txt", "markdown": ".md", "html": ".html"}

#: command lines run on a mutated file (``{f}``) and a real one (``{g}``)
CLI_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("check", "{f}"),
    ("convert", "{f}", "--to", "json"),
    ("convert", "{f}", "--to", "csv"),
    ("render", "{f}", "--to", "text"),
    ("render", "{f}", "--to", "markdown"),
    ("render", "{f}", "--to", "html", "--standalone"),
    ("parse", "{f}", "--to", "json"),
    ("compare", "{g}", "{f}", "--csv"),
    ("compare", "{f}", "{g}"),
    ("rank", "{f}", "{g}"),
    ("rank", "{f}", "--csv", "--metric", "review_correction_rate"),
    ("aggregate", "{f}", "{g}", "--body", "某县"),
    ("convert", "{f}", "--to", "html", "-o", "{o}"),
    ("audit", "--jobs", "1", "{f}", "{g}"),
)


def exercise_cli(kind: str, data: bytes, command: int, workdir: Path) -> list[Break]:
    """One command line, in process, on a file holding ``data``: exit 0/1/2, one line on
    stderr per reason, never a traceback or an internal error."""
    from govdisclosure.cli import main

    checker = Checker()
    path = workdir / f"input{_SUFFIX[kind]}"
    path.write_bytes(data)
    other = PACKAGE / "pingtan-2025.json"
    argv = [a.format(f=path, g=other, o=workdir / "out.html")
            for a in CLI_COMMANDS[command % len(CLI_COMMANDS)]]
    name = " ".join(argv[:1] + [a for a in argv[1:] if a.startswith("-") and a != "-o"])
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = main(argv, out=out)
    except (KeyboardInterrupt, Timeout):
        raise
    except SystemExit as exc:
        checker.add(f"cli {name}: SystemExit {exc.code}", err.getvalue()[-300:])
        return checker.breaks
    except BaseException as exc:
        checker.add(f"cli {name}: {type(exc).__name__} at {_origin(exc)} escaped main",
                    str(exc)[:300])
        return checker.breaks
    stderr = err.getvalue()
    if code not in (0, 1, 2):
        checker.add(f"cli {name}: exit {code}", stderr[-300:])
    if "Traceback" in stderr:
        checker.add(f"cli {name}: traceback on stderr", stderr[-300:])
    internal = re.search(r"internal error \(a bug, please report it\): (\w+)", stderr)
    unexpected = re.search(r"unexpected (\w+):", stderr)
    for found in (internal, unexpected):
        if found:
            checker.add(f"cli {name}: {found.group(1)} caught as a bug", stderr[-300:])
    # one line per reason (``parse`` says each cell not read on a line of its own), each
    # starting with the program's name: a line without it is a message that broke in two
    lines = stderr.splitlines()
    if argv[0] != "audit" and any(not line.startswith("govdisclosure: ") for line in lines):
        checker.add(f"cli {name}: stderr line without the program name", stderr[-300:])
    if code == 2 and not stderr:
        checker.add(f"cli {name}: exit 2 without a reason", "")
    return checker.breaks


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    """A temporary directory for CLI inputs and outputs."""
    with tempfile.TemporaryDirectory(prefix="govdisclosure-fuzz-") as name:
        yield Path(name)


Exercise = Callable[[str, bytes], list[Break]]
