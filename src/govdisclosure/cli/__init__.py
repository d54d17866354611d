"""The ``govdisclosure`` command.

Exit codes: 0 clean, 1 violations found, 2 unreadable input or unwritable output, 130
interrupted (Ctrl-C); every reason is one line on stderr, never a traceback.
Each command is a module of this package with ``register(subparsers)`` and ``run(args, out)``;
a command imports what it needs only when it runs, so the parser itself stays light.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from govdisclosure.errors import GovDisclosureError

from . import (
    aggregate,
    audit,
    check,
    compare,
    convert,
    demo,
    export,
    parse,
    rank,
    schema,
    template,
)
from ._common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNREADABLE,
    HelpFormatter,
    Run,
    Unreadable,
    Unwritable,
    complain,
    example_path,
    one_line,
    printable,
)

__all__ = ["example_path", "main"]


def __dir__() -> list[str]:
    return __all__


#: the commands, in the order ``--help`` lists them
COMMANDS = (
    check, convert, parse, schema, demo, audit, compare, rank, aggregate, template, export,
)

_DESCRIPTION = """\
政府信息公开工作年度报告：检查、转换、按官方版式输出、读取已发布的报告、批量审核。
Government information disclosure annual reports: check, convert, render, parse, audit.

FILE 为 - 时读取标准输入（JSON、CSV 或报告文本），-o - 写到标准输出。
A FILE of - reads standard input (JSON, CSV or a report's text); -o - writes to standard output.
"""
_EPILOG = """\
退出码 / exit codes: 0 通过 clean, 1 有违反 violations, 2 无法读取或写入 unreadable or
unwritable, 130 已中断 interrupted (Ctrl-C).
"""


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import govdisclosure

        print(f"govdisclosure {govdisclosure.__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure", description=_DESCRIPTION, epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help="显示版本 / show the version")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="命令 / commands",
    )
    for command in COMMANDS:
        command.register(sub)
    for each in (parser, *sub.choices.values()):
        each.formatter_class = HelpFormatter
        each._positionals.title = "参数 / positional arguments"
        each._optionals.title = "选项 / options"
        for action in each._actions:  # argparse names its -h action only in English
            if isinstance(action, argparse._HelpAction):
                action.help = "显示帮助并退出 / show this help message and exit"
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code.

    Set ``GOVDISCLOSURE_DEBUG=1`` to see the traceback of an internal error.
    """
    stdout = out is None
    _tolerant(sys.stderr)
    try:
        args = _parser().parse_args(argv)
        run: Run = args.run
        return run(args, out or sys.stdout)
    except KeyboardInterrupt:
        complain("已中断，输出不完整 / interrupted (Ctrl-C): the output so far is partial")
        return EXIT_INTERRUPTED
    except (GovDisclosureError, Unreadable, Unwritable) as exc:
        complain(one_line(exc) if isinstance(exc, GovDisclosureError) else exc)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # e.g. `govdisclosure demo | head`
        if stdout:
            _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        where = f"{printable(exc.filename)}: " if exc.filename else ""
        complain(f"{where}{exc.strerror or one_line(exc)}")
        return EXIT_UNREADABLE
    except RecursionError:
        complain("input nested too deeply to read")
        return EXIT_UNREADABLE
    except Exception as exc:  # the contract: a one-line reason, never a traceback
        if os.environ.get("GOVDISCLOSURE_DEBUG"):
            raise
        complain(f"internal error (a bug, please report it): {type(exc).__name__}: "
                 f"{one_line(exc)}")
        return EXIT_UNREADABLE


def _tolerant(stream: object) -> None:
    """Let a stream that cannot encode a character print an escape instead of failing."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a detached or odd stream
            reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """After a closed pipe, send what Python flushes at exit nowhere (no second error)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
