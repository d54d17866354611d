"""Stable cell codes, and the crosswalk between the 2019 and 2021 formats, declared once.

A cell's code is built from the codes the formats already declare (:mod:`formats`,
:mod:`categories`): ``t2.<block>.<row>.<column>``, ``t3.<row>.<column>``,
``t4.<row>.<column>``, e.g. ``t2.item_1.normative.in_force``, ``t3.new.total``,
``t4.review.corrected``. The formats give a code only one meaning, so **one code means the
same cell in every format that has it** (spec ``format.md`` §6.1):

* same meaning, other label: ``t2.item_1.normative.*`` is 规范性文件 (2019) and
  行政规范性文件 (2021); ``t2.item_5.licensing.decisions`` (and 行政处罚, 行政强制) is
  处理决定数量 (2019) and 本年处理决定数量 (2021);
* a 2019 cell that 2021 splits: ``t3.other_handling.<column>`` is 2019's single （六）其他处理
  row and, in 2021, the sum of its three rows (:data:`SUMS`), unless the report states the
  （六） row itself;
* no counterpart, so no shared code: 2019 本年新制作数量/本年新公开数量/对外公开总数量 and
  2021 本年制发件数/本年废止件数/现行有效件数 (other quantities), 2019 上一年项目数量 and
  本年增/减, 其他对外管理服务事项, 2019 （八） columns and 2021 本年收费金额, 2019 （九）
  政府集中采购, and 2021's three （六） rows. Such a code exists in one format only.

:func:`crosswalk` lists every code with its label path in each official format.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .formats import Format2019, Format2021, ReportFormat
from .layout import Node
from .model import Grid, Table3, Table4

__all__ = ["SUMS", "CodeSum", "Crossing", "cell_code", "crosswalk", "grid_code", "t2_code"]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen
class CodeSum:
    """A row of the formats ``computed_in`` computed as the sum of ``parts`` (row codes),
    column by column, so that its code means what the format with a single row means."""

    table: str
    row: str
    parts: tuple[str, ...]
    computed_in: frozenset[str]
    note: str


#: The rows a format computes to meet another format's single row (spec §6.1).
SUMS: tuple[CodeSum, ...] = (
    CodeSum(
        table="三", row="other_handling",
        parts=("no_correction", "fee_unpaid", "other_reasons"),
        computed_in=frozenset({"2021"}),
        note="2019 （六）其他处理 = 2021 （六）1. + 2. + 3.",
    ),
)

_PREFIX = {"二": "t2", "三": "t3", "四": "t4"}


def t2_code(block: str, row: str, column: str) -> str:
    """``t2.item_1.normative.in_force``."""
    return f"t2.{block}.{row}.{column}"


def grid_code(table: str, row: str, column: str) -> str:
    """``t3.new.total``, ``t4.review.corrected``."""
    return f"{_PREFIX[table]}.{row}.{column}"


def cell_code(grid: type[Grid], row: Node, column: Node) -> str:
    """The code of a table 三/四 cell."""
    return grid_code(grid.table, row.code, column.code)


@attrs.frozen
class Crossing:
    """One code: its table, and its label path (``row | column``) in 2019 and 2021."""

    code: str
    table: str
    in_2019: str | None
    in_2021: str | None
    note: str = ""


def _grid_cells(cls: type[Grid], fmt: type[ReportFormat]) -> Iterator[tuple[str, str]]:
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    for row in rows.cells:
        for col in cols.cells:
            label = f"{'/'.join(cls.row_path(fmt, row))} | {col.path_text}"
            yield cell_code(cls, row, col), label


def _cells(fmt: type[ReportFormat]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for cell in fmt.table2_cells():
        code = t2_code(cell.block.code, cell.row_code, cell.column.code)
        found[code] = ("二", f"{cell.row_path} | {cell.column.label}")
    for cls in (Table3, Table4):
        for code, label in _grid_cells(cls, fmt):
            found[code] = (cls.table, label)
    return found


def crosswalk() -> tuple[Crossing, ...]:
    """Every code of the two official formats, 2019's order first, then 2021's own."""
    old, new = _cells(Format2019), _cells(Format2021)
    notes: dict[str, str] = {}
    for s in SUMS:
        for code in old.keys() | new.keys():
            if code.startswith(f"{_PREFIX[s.table]}.{s.row}."):
                notes[code] = s.note
    out: list[Crossing] = []
    for code in [*old, *(c for c in new if c not in old)]:
        table = (old.get(code) or new[code])[0]
        label_old = old[code][1] if code in old else None
        label_new = new[code][1] if code in new else None
        note = notes.get(code, "")
        if code in notes and label_new is not None and label_old is not None:
            label_new = f"{label_new} (= 1.+2.+3.)"
        elif label_old and label_new and label_old != label_new:
            note = "同义异名 / same meaning, other label"
        out.append(Crossing(code=code, table=table, in_2019=label_old, in_2021=label_new,
                            note=note))
    return tuple(out)
