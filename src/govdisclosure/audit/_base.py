"""Shared helpers of the audit package: findings with a verdict, number text, terminal text."""

from __future__ import annotations

import re
from collections.abc import Callable

from govdisclosure import findings as f
from govdisclosure.layout import Axis, Kind, Node
from govdisclosure.model import Count, Grid

__all__ = ["cell", "contribution", "judged", "num", "visible"]


def __dir__() -> list[str]:
    return __all__


def num(value: object) -> str:
    """A value as shown in a message: ``空白`` for a blank cell."""
    return "空白" if value is None else str(value)


def judged(
    rule: str,
    severity: f.Severity,
    place: f.Place,
    stated: int | None,
    expected: int | None,
    message: str,
) -> f.Finding:
    """A finding: ``VIOLATED`` when both sides are stated, else ``UNDETERMINED``."""
    known = stated is not None and expected is not None
    if not known:
        message = f"无法判断（有空白单元格）：{message}"
    return f.Finding(
        rule=rule,
        severity=severity,
        verdict=f.Verdict.VIOLATED if known else f.Verdict.UNDETERMINED,
        place=place,
        stated=stated,
        expected=expected,
        message=message,
    )


def contribution(axis: Axis, index: int, get: Callable[[int], Count]) -> Count:
    """What a node adds to its total: a group's parts when all stated, else its own value."""
    node = axis.nodes[index]
    if node.kind is not Kind.GROUP:
        return get(index)
    parts = [contribution(axis, k, get) for k in node.children]
    if any(v is None for v in parts):
        return get(index)
    return sum(v for v in parts if v is not None)


def cell(grid: Grid, row: Node, column: Node) -> Count:
    """A cell as stated; a blank 总计 (of the applicant columns) derived from its row's parts.

    The same value as ``grid.derived()[row, column]`` for the cells of a non-total row,
    without copying the grid.
    """
    line = grid.values[row.index]
    value = line[column.index]
    if value is not None or column.kind is not Kind.TOTAL:
        return value
    for header, total in grid.columns.headers():
        if total.index == column.index:
            parts = [
                contribution(grid.columns, k, line.__getitem__)
                for k in header.children if k != total.index
            ]
            if any(v is None for v in parts):
                return None
            return sum(v for v in parts if v is not None)
    return None


#: C0 and C1 control characters (ESC starts terminal sequences) and DEL
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` without control characters, for a terminal (escape sequences made inert).

    The audit's one call site until the rendering layer's shared function lands.
    """
    return _CONTROL.sub("", text)
