"""The ``govdisclosure`` command.

Exit codes: 0 clean, 1 violations found, 2 unreadable input (one line on stderr saying why).
Each command is a module of this package with ``register(subparsers)`` and ``run(args, out)``;
a command imports what it needs only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from govdisclosure.errors import GovDisclosureError
from govdisclosure.files import one_line

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
from ._common import EXIT_OK, EXIT_UNREADABLE, Run, example_path

__all__ = ["example_path", "main"]


def __dir__() -> list[str]:
    return __all__


#: the commands, in the order ``--help`` lists them
COMMANDS = (
    check, convert, parse, schema, demo, audit, compare, rank, aggregate, template, export,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description="政府信息公开工作年度报告: check, convert and render annual reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    run: Run = args.run
    try:
        return run(args, out or sys.stdout)
    except GovDisclosureError as exc:
        print(f"govdisclosure: {one_line(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # e.g. `govdisclosure demo | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
