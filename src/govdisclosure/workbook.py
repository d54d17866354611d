"""The workbook a clerk fills (填报.xlsx): the official tables as printed, written and read back.

:func:`template_xlsx` writes a blank workbook for one body and year, :func:`dump_xlsx` the
workbook of an existing report; :func:`read_xlsx` and :func:`load_xlsx` read either back.

* Sheets: ``报告信息`` (格式版本, 机关, 年度, 文号, 发布日期, 标题), the narrative sections
  ``一、总体情况``, ``五、…``, ``六、…``, and ``表二``, ``表三``, ``表四`` laid out by
  :func:`govdisclosure.rendering._layout.layout` (the spans and labels of the template,
  spec ``format.md`` §4–§5), so a cell is named as ``表三!D12``.
* Labels are locked (sheet protection without a password); value cells are open, with data
  validation: non-negative whole numbers, signed ones for 2019 本年增/减, decimals ≥ 0 for money;
  an amount's unit (元, 万, …) sits in the last column the amount spans in the template.
* Totals hold formulas (``=IF(COUNT(D6:I6)=6,SUM(D6:I6),"")``: blank until every part is
  filled, as a blank is never 0), with the value they compute stored beside them. Reading
  back, a total holding the template's formula is *derived*; a total the clerk typed is
  *stated*, kept, and checked like any published total. No formula is computed and no stored
  formula value is read (Excel and LibreOffice store their own when they save).
* A blank cell reads back as ``None``, never 0. Every problem names the sheet and cell beside
  the official labels (``表三!D12（表三 / 三、本年度办理结果/（一）予以公开 / 自然人）``).

openpyxl is the ``[xlsx]`` extra, imported only when a workbook is written or read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeAlias

import attrs

from .csvio import _FORMAT_LABEL, _META_FIELDS
from .errors import (
    InvalidValue,
    LayoutError,
    MissingExtra,
    Problem,
    SourceError,
    UnknownFormat,
    WorkbookError,
)
from .formats import SECTION_HEADINGS, ReportFormat, ValueKind, get_format
from .layout import Kind
from .model import (
    AnnualReport,
    Grid,
    Key,
    Metadata,
    Paragraph,
    Section,
    T2Value,
    Table2,
    Table3,
    Table4,
    derive_totals,
)
from .rendering._layout import Role, TableLayout, layout
from .units import MONEY_UNITS, split_amount
from .zh import display_width

__all__ = ["META_SHEET", "NARRATIVE", "Filled", "dump_xlsx", "load_xlsx", "read_xlsx",
           "template_xlsx"]


def __dir__() -> list[str]:
    return __all__


# --- the workbook's own words (the tables' labels come from formats.py via the layout) ----

#: the sheet of the metadata (格式版本, 机关, 年度, 文号, 发布日期, 标题)
META_SHEET = "报告信息"
#: narrative sheets: section number → sheet name (the official heading)
NARRATIVE = {key: SECTION_HEADINGS[key] for key in ("一", "五", "六")}
#: the columns of a narrative sheet and the two kinds of line
_KIND, _LEVEL, _TEXT = "类型", "层级", "内容"
_HEADING, _PARAGRAPH = "标题", "段落"
_SECTION_TITLE = "本节标题"
#: first row and column of a table on its sheet (row 1: heading, row 2: how to fill)
_TOP, _LEFT = 3, 1
#: first line of a narrative sheet's content, and how many lines are open for typing
_FIRST_LINE, _OPEN_LINES = 5, 300
#: width of a narrative sheet's text column, in characters
_TEXT_WIDTH = 90
_META_HINTS = {
    _FORMAT_LABEL: "格式版本由模板确定，请勿修改",
    "机关": "发布报告的行政机关全称",
    "年度": "报告所述年度，如 2025",
    "文号": "如 某政办〔2026〕1号；无则留空",
    "发布日期": "如 2026-01-20；未定则留空",
    "标题": "留空则为“机关+年度+年政府信息公开工作年度报告”",
}
_TABLE_HINT = (
    "黄色格子填写数字；空白表示未填写（不是0），确为零请填 0。蓝色合计格由公式自动计算，"
    "也可直接填写所公布的合计数，检查时将核对。"
)
_NARRATIVE_HINT = (
    "每行一段：类型填“段落”或“标题”（小标题）；层级 1 属于本节，"
    "2 属于其上方的 1 级小标题，依此类推。本节标题留空则用官方标题。"
)
_COUNT_ERROR = "请填写非负整数（不填表示空白，不是0）"
_SIGNED_ERROR = "请填写整数（可为负数）"
_MONEY_ERROR = "请填写不小于0的数"

Source: TypeAlias = "str | Path | bytes"
#: the key of a value cell in its table: a table 二 cell index, or (row node, column node)
_SlotKey: TypeAlias = "int | tuple[int, int]"


@attrs.frozen(kw_only=True)
class Filled:
    """A report read from a workbook, and where each value sat.

    ``cells`` maps a place as :class:`~govdisclosure.findings.Place` prints it
    (``表三 / 一、本年新收政府信息公开申请数量 / 总计``; also a whole row or column of a grid)
    to its cell or range (``表三!J6``, ``表三!D6:D30``).
    """

    report: AnnualReport
    cells: Mapping[str, str] = attrs.field(factory=dict)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise MissingExtra(
            "the workbook needs openpyxl: pip install 'govdisclosure[xlsx]'"
        ) from exc
    return openpyxl


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))


def _ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{_letter(col)}{row}"


# --- value cells of a laid-out table -------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Slot:
    """A value cell: where it sits on the sheet, its place in labels and its key."""

    row: int
    col: int
    span: int
    place: str
    key: _SlotKey
    kind: ValueKind = ValueKind.COUNT


def _unit_col(slot: _Slot, n_cols: int) -> int:
    """Where an amount's unit sits: the last column the amount spans in the template (the
    value keeps the others), or just right of the table when it spans one."""
    return slot.col + slot.span - 1 if slot.span > 1 else _LEFT + n_cols


def _place(table: str, row: str, col: str) -> str:
    # As str(Place) and the model's own problems print it.
    return f"表{table} / {row} / {col}"


def _grid_keys(cls: type[Grid], fmt: type[ReportFormat]) -> tuple[dict[str, int], dict[str, int]]:
    rows = {"/".join(cls.row_path(fmt, n)): n.index for n in cls.row_axis(fmt).cells}
    cols = {n.path_text: n.index for n in cls.column_axis(fmt).cells}
    return rows, cols


def _slots(table: Table2 | Grid, lay: TableLayout) -> list[_Slot]:
    """The value cells of ``lay``, on the sheet, with the model's key of each."""
    out: list[_Slot] = []
    if isinstance(table, Table2):
        cells = {(c.row_path, c.column.label): c for c in table.format.table2_cells()}
    else:
        rows, cols = _grid_keys(type(table), table.format)
    for cell in lay.cells:
        if cell.role is not Role.VALUE or cell.place is None:
            continue
        row_path, col_path = cell.place
        kind = ValueKind.COUNT
        key: _SlotKey
        if isinstance(table, Table2):
            t2 = cells[row_path, col_path]
            key, kind = t2.index, t2.column.kind
        else:
            key = (rows[row_path], cols[col_path])
        out.append(_Slot(row=_TOP + cell.row, col=_LEFT + cell.col, span=cell.colspan,
                         place=_place(lay.name, row_path, col_path), key=key, kind=kind))
    return out


def _ranges(points: Sequence[tuple[int, int]]) -> str:
    """``D6:D13,D15`` for cells ``(row, col)`` along one row or one column."""
    pts = sorted(set(points))
    vertical = len({c for _, c in pts}) == 1
    runs: list[list[tuple[int, int]]] = []
    for p in pts:
        last = runs[-1][-1] if runs else None
        step = (last[0] + 1, last[1]) if vertical and last else (
            (last[0], last[1] + 1) if last else None
        )
        if step == p:
            runs[-1].append(p)
        else:
            runs.append([p])
    out = []
    for run in runs:
        (r0, c0), (r1, c1) = run[0], run[-1]
        first = f"{_letter(c0)}{r0}"
        out.append(first if len(run) == 1 else f"{first}:{_letter(c1)}{r1}")
    return ",".join(out)


def _sum_formula(points: Sequence[tuple[int, int]]) -> str:
    refs = _ranges(points)
    # Blank until every part is filled: a total over a blank part is not known.
    return f'=IF(COUNT({refs})={len(points)},SUM({refs}),"")'


def _total_parts(cls: type[Grid], fmt: type[ReportFormat],
                 keys: Iterable[_SlotKey]) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The parts (leaf cells, or the 总计 column's cells for the corner) a printed total sums."""
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    printed = {k for k in keys if isinstance(k, tuple)}
    col_plans = {p.total: p for p in cols.sums}
    row_plans = {p.total: p for p in rows.sums}
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for ri, ci in printed:
        if ci in col_plans and rows.nodes[ri].kind is not Kind.TOTAL:
            parts = [(ri, leaf) for leaf in col_plans[ci].leaves]
        elif ri in row_plans:
            parts = [(leaf, ci) for leaf in row_plans[ri].leaves]
        else:
            continue
        if parts and printed.issuperset(parts):
            out[ri, ci] = parts
    return out


def _formulas(cls: type[Grid], fmt: type[ReportFormat],
              slots: Iterable[_Slot]) -> dict[tuple[int, int], str]:
    """The template's formula of each printed total of a grid, from where its parts sit."""
    pos: dict[Any, tuple[int, int]] = {s.key: (s.row, s.col) for s in slots}
    return {
        key: _sum_formula([pos[p] for p in parts])
        for key, parts in _total_parts(cls, fmt, pos).items()
    }


def _shown(grid: Grid, as_formula: set[tuple[int, int]]) -> dict[tuple[int, int], int | str]:
    """What each formula shows (its cached value): the sum when every part is filled, else
    an empty text, exactly as the formula computes it."""
    parts_of = _total_parts(type(grid), grid.format, as_formula | {
        (r.index, c.index) for r, c, _ in grid.cells()
    })
    shown: dict[tuple[int, int], int | str] = {}

    def value(key: tuple[int, int]) -> int | str | None:
        if key not in as_formula:
            return grid.values[key[0]][key[1]]
        if key not in shown:
            parts = [value(p) for p in parts_of[key]]
            ints = [p for p in parts if isinstance(p, int)]
            shown[key] = sum(ints) if len(ints) == len(parts) else ""
        return shown[key]

    for key in as_formula:
        value(key)
    return shown


def _derived(grid: Grid, candidates: set[tuple[int, int]]) -> list[list[int | None]]:
    rows, cols = grid.rows, grid.columns
    values: list[list[int | None]] = [list(line) for line in grid.values]
    for ri, ci in candidates:
        values[ri][ci] = None
    given = {(r.index, c.index) for r in rows for c in cols} - candidates
    derive_totals(rows, cols, values, given)
    return values


def _as_formulas(grid: Grid, formulas: Mapping[tuple[int, int], str]) -> set[tuple[int, int]]:
    """The totals to write as formulas: those whose derived value is the report's value.

    A total that is stated and differs from its parts' sum (or is blank when its parts are
    known) is written as the number (or blank) the report states, never overwritten. So is a
    total the formula cannot show: one over parts left blank where their group is stated
    as one row (淮安市洪泽区 2023 （六）其他处理), which the model takes from the group but the
    formula, summing the parts, shows blank.
    """
    keep = set(formulas)
    while True:
        values = _derived(grid, keep)
        shown = _shown(grid, keep)
        wrong = {k for k in keep if values[k[0]][k[1]] != grid.values[k[0]][k[1]]
                 or (shown[k] if shown[k] != "" else None) != grid.values[k[0]][k[1]]}
        if not wrong:
            return keep
        keep -= wrong


# --- writing --------------------------------------------------------------------------------


class _Styles:
    """The few cell styles of the workbook, made once per workbook."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name="宋体", size=11)
        self.bold = Font(name="宋体", size=11, bold=True)
        self.title = Font(name="黑体", size=14, bold=True)
        self.hint = Font(name="宋体", size=9, color="595959")
        self.label = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.row_label = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.number = Alignment(horizontal="center", vertical="center")
        self.text = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.header_fill = PatternFill("solid", fgColor="F2F2F2")
        self.input_fill = PatternFill("solid", fgColor="FFF2CC")
        self.total_fill = PatternFill("solid", fgColor="DDEBF7")
        self.locked = Protection(locked=True)
        self.open = Protection(locked=False)


def _validation(kind: ValueKind) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind is ValueKind.MONEY:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            error=_MONEY_ERROR)
    elif kind is ValueKind.SIGNED:
        dv = DataValidation(type="whole", operator="between", formula1="-999999999999",
                            formula2="999999999999", error=_SIGNED_ERROR)
    else:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            error=_COUNT_ERROR)
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.errorTitle = "数值不符合要求"
    return dv


def _set_text(cell: Any, text: str, place: str) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        cell.value = text
    except IllegalCharacterError as exc:
        raise WorkbookError([Problem(place, "holds a control character that a workbook "
                                            "cannot store")]) from exc
    # Text is text: "=SUM(A1:A2)" in a paragraph must not become a formula.
    cell.data_type = "s"


def _put_money(cell: Any, value: Decimal) -> None:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    number = float(value)
    if Decimal(repr(number)) != value:
        # More digits than a spreadsheet number holds: keep them all, as text.
        cell.value = str(value)
        cell.data_type = "s"
        return
    if exponent >= 0:
        cell.value = int(value)
    else:
        cell.value = number
        # The format keeps the stated decimals (1.50 stays 1.50) for reading back.
        cell.number_format = "0." + "0" * -exponent


def _merge(ws: Any, row: int, col: int, rowspan: int, colspan: int) -> None:
    if rowspan > 1 or colspan > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rowspan - 1,
                       end_column=col + colspan - 1)


def _frame_cells(ws: Any, lay: TableLayout, styles: _Styles) -> None:
    """Labels, borders and the locked state of every position of the table."""
    for cell in lay.cells:
        row, col = _TOP + cell.row, _LEFT + cell.col
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                target = ws.cell(row=r, column=c)
                target.border = styles.border
                target.font = styles.font
                target.protection = styles.locked
        if cell.role is Role.VALUE:
            continue
        target = ws.cell(row=row, column=col)
        _set_text(target, cell.text, f"{ws.title}!{_letter(col)}{row}")
        target.alignment = styles.row_label if cell.role is Role.ROW else styles.label
        if cell.role in (Role.COLUMN, Role.BLOCK, Role.NOTE):
            target.font = styles.bold if cell.role is not Role.NOTE else styles.font
        for r in range(row, row + cell.rowspan):
            for c in range(col, col + cell.colspan):
                ws.cell(row=r, column=c).fill = styles.header_fill
        _merge(ws, row, col, cell.rowspan, cell.colspan)


def _widths(ws: Any, lay: TableLayout) -> None:
    label_width = {0: 10, 1: 16}
    for col in range(lay.n_cols):
        letter = _letter(_LEFT + col)
        if col < lay.label_cols:
            # a label merged over rows on one line too (三、本年度办理结果): a spreadsheet
            # wraps by character, where the words do not break
            texts = [
                c.text for c in lay.cells
                if c.col == col and c.colspan == 1 and c.role is Role.ROW
            ]
            width = max((display_width(t) for t in texts), default=label_width.get(col, 12))
            ws.column_dimensions[letter].width = min(max(width + 2, 8), 46)
        else:
            ws.column_dimensions[letter].width = 12 if lay.name == "二" else 10


def _lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (CJK count 2)."""
    return max(1, -(-display_width(text) // max(int(width * 0.95), 1)))


def _heights(ws: Any, lay: TableLayout) -> None:
    """Row heights that show every wrapped label (spreadsheets do not fit them on opening)."""
    lines: dict[int, int] = {}
    for cell in lay.cells:
        if cell.role is Role.VALUE or cell.rowspan != 1:
            continue
        width = sum(
            ws.column_dimensions[_letter(_LEFT + c)].width or 10
            for c in range(cell.col, cell.col + cell.colspan)
        )
        need = _lines_needed(cell.text, width)
        lines[cell.row] = max(lines.get(cell.row, 1), need)
    for row, n in lines.items():
        if n > 1:
            ws.row_dimensions[_TOP + row].height = 14.5 * n + 2


def _sheet_head(ws: Any, heading: str, hint: str, width: int, styles: _Styles) -> None:
    ws.cell(row=1, column=1, value=heading).font = styles.title
    ws.cell(row=2, column=1, value=hint).font = styles.hint
    ws.cell(row=2, column=1).alignment = styles.text
    _merge(ws, 1, 1, 1, width)
    _merge(ws, 2, 1, 1, width)
    ws.row_dimensions[2].height = 30


def _protect(ws: Any) -> None:
    protection = ws.protection
    protection.sheet = True  # no password: it guards against slips, not against the clerk
    protection.formatColumns = False
    protection.formatRows = False


def _print_setup(ws: Any, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_table(wb: Any, table: Table2 | Grid, styles: _Styles,
                 cached: dict[str, dict[str, int | str]]) -> None:
    lay = layout(table)
    name = lay.name
    ws = wb.create_sheet(f"表{name}")
    _sheet_head(ws, SECTION_HEADINGS[name], _TABLE_HINT, lay.n_cols, styles)
    _frame_cells(ws, lay, styles)
    _widths(ws, lay)
    _heights(ws, lay)
    slots = _slots(table, lay)
    formulas: Mapping[tuple[int, int], str] = {}
    as_formula: set[tuple[int, int]] = set()
    if isinstance(table, Grid):
        formulas = _formulas(type(table), table.format, slots)
        as_formula = _as_formulas(table, formulas)
        pos = {s.key: ws.cell(row=s.row, column=s.col).coordinate for s in slots}
        cached[ws.title] = {pos[k]: v for k, v in _shown(table, as_formula).items()}
    validations: dict[ValueKind, Any] = {}
    units = table.units if isinstance(table, Table2) else None
    unit_validation: Any = None
    for slot in slots:
        cell = ws.cell(row=slot.row, column=slot.col)
        cell.protection, cell.alignment = styles.open, styles.number
        value: T2Value
        if isinstance(table, Table2):
            assert isinstance(slot.key, int)
            value = table.values[slot.key]
        else:
            assert isinstance(slot.key, tuple)
            value = table.values[slot.key[0]][slot.key[1]]
        _put_value(ws, slot, value, formulas.get(slot.key) if slot.key in as_formula else None,
                   styles.total_fill if slot.key in formulas else styles.input_fill)
        span = slot.span
        if units is not None and slot.kind is ValueKind.MONEY:
            assert isinstance(slot.key, int)
            if unit_validation is None:
                unit_validation = _unit_validation()
                ws.add_data_validation(unit_validation)
            _write_unit(ws, slot.row, _unit_col(slot, lay.n_cols), units[slot.key], styles,
                        unit_validation)
            span = max(span - 1, 1)
        _merge(ws, slot.row, slot.col, 1, span)
        if slot.kind not in validations:
            validations[slot.kind] = _validation(slot.kind)
            ws.add_data_validation(validations[slot.kind])
        validations[slot.kind].add(cell.coordinate)
    if isinstance(table, Grid) and lay.label_cols:
        ws.freeze_panes = ws.cell(row=_TOP + lay.header_rows, column=_LEFT + lay.label_cols)
    _protect(ws)
    _print_setup(ws, landscape=name != "二")


def _put_value(ws: Any, slot: _Slot, value: T2Value, formula: str | None, fill: Any) -> None:
    """A value cell's content (a formula, an amount, a count or nothing) and its colour."""
    for c in range(slot.col, slot.col + slot.span):
        ws.cell(row=slot.row, column=c).fill = fill
    cell = ws.cell(row=slot.row, column=slot.col)
    if formula is not None:
        cell.value = formula
    elif isinstance(value, Decimal):
        _put_money(cell, value)
    elif value is not None:
        cell.value = value


def _unit_validation() -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    names = MONEY_UNITS
    dv = DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=True,
                        error="单位为 " + "、".join(names) + " 之一，或留空")
    dv.showErrorMessage = dv.showInputMessage = True
    dv.promptTitle = "金额单位"
    dv.prompt = "按报告所印填写单位；留空表示未印单位（以表头为准）"
    return dv


def _write_unit(ws: Any, row: int, col: int, unit: str | None, styles: _Styles,
                validation: Any) -> None:
    cell = ws.cell(row=row, column=col)
    cell.border, cell.font, cell.alignment = styles.border, styles.font, styles.number
    cell.protection, cell.fill = styles.open, styles.input_fill
    if unit is not None:
        _set_text(cell, unit, cell.coordinate)
    validation.add(cell.coordinate)


def _meta_values(fmt: type[ReportFormat], meta: Mapping[str, object]) -> list[tuple[str, object]]:
    return [(_FORMAT_LABEL, fmt.code), *((label, meta.get(field))
                                          for label, field in _META_FIELDS.items())]


def _write_meta(wb: Any, fmt: type[ReportFormat], meta: Mapping[str, object],
                styles: _Styles) -> None:
    ws = wb.active
    ws.title = META_SHEET
    _sheet_head(ws, f"{META_SHEET}（{fmt.source}格式）", "黄色格子填写；灰色为说明。", 3, styles)
    for i, (label, value) in enumerate(_meta_values(fmt, meta)):
        row = _TOP + i
        head = ws.cell(row=row, column=1)
        _set_text(head, label, f"{META_SHEET}!A{row}")
        head.font, head.fill, head.border = styles.bold, styles.header_fill, styles.border
        head.protection = styles.locked
        cell = ws.cell(row=row, column=2)
        cell.border, cell.font, cell.alignment = styles.border, styles.font, styles.row_label
        if isinstance(value, str):
            _set_text(cell, value, f"{META_SHEET}!B{row}")
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = "yyyy-mm-dd"
        elif value is not None:
            cell.value = value
        if label == _FORMAT_LABEL:
            cell.protection, cell.fill = styles.locked, styles.header_fill
            cell.data_type = "s"
        else:
            cell.protection, cell.fill = styles.open, styles.input_fill
        note = ws.cell(row=row, column=3, value=_META_HINTS.get(label, ""))
        note.font = styles.hint
        note.protection = styles.locked
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 46
    _protect(ws)
    _print_setup(ws, landscape=False)


def _lines(section: Section, level: int = 1) -> Iterator[tuple[str, int, str]]:
    for item in section.content:
        if isinstance(item, Paragraph):
            yield _PARAGRAPH, level, item.text
        else:
            yield _HEADING, level, item.heading
            yield from _lines(item, level + 1)


def _write_narrative(wb: Any, key: str, section: Section | None, styles: _Styles) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    name = NARRATIVE[key]
    ws = wb.create_sheet(name)
    _sheet_head(ws, name, _NARRATIVE_HINT, 3, styles)
    label = ws.cell(row=3, column=1, value=_SECTION_TITLE)
    label.font, label.fill, label.border = styles.bold, styles.header_fill, styles.border
    title = ws.cell(row=3, column=2)
    if section is not None:
        _set_text(title, section.heading, f"{name}!B3")
    _merge(ws, 3, 2, 1, 2)
    title.protection, title.fill, title.border = styles.open, styles.input_fill, styles.border
    for col, text in enumerate((_KIND, _LEVEL, _TEXT), start=1):
        head = ws.cell(row=4, column=col, value=text)
        head.font, head.fill, head.border = styles.bold, styles.header_fill, styles.border
        head.alignment = styles.label
    lines = list(_lines(section)) if section is not None else []
    last = _FIRST_LINE + max(len(lines), 0) + _OPEN_LINES
    for row in range(_FIRST_LINE, last):
        for col in (1, 2, 3):
            cell = ws.cell(row=row, column=col)
            cell.protection = styles.open
            cell.alignment = styles.text if col == 3 else styles.number
    for i, (kind, level, text) in enumerate(lines):
        row = _FIRST_LINE + i
        ws.cell(row=row, column=1, value=kind)
        ws.cell(row=row, column=2, value=level)
        _set_text(ws.cell(row=row, column=3), text, f"{name}!C{row}")
        if _lines_needed(text, _TEXT_WIDTH) > 1:
            ws.row_dimensions[row].height = 14.5 * _lines_needed(text, _TEXT_WIDTH) + 2
        if kind == _HEADING:
            ws.cell(row=row, column=3).font = styles.bold
    kinds = DataValidation(type="list", formula1=f'"{_PARAGRAPH},{_HEADING}"', allow_blank=True)
    levels = DataValidation(type="whole", operator="between", formula1="1", formula2="9",
                            allow_blank=True, error="层级为 1 至 9 的整数")
    kinds.showErrorMessage = levels.showErrorMessage = True
    ws.add_data_validation(kinds)
    ws.add_data_validation(levels)
    kinds.add(f"A{_FIRST_LINE}:A{last - 1}")
    levels.add(f"B{_FIRST_LINE}:B{last - 1}")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = _TEXT_WIDTH
    _protect(ws)
    _print_setup(ws, landscape=False)


def _workbook(fmt: type[ReportFormat], meta: Mapping[str, object], table2: Table2,
              table3: Table3, table4: Table4, sections: Mapping[str, Section | None]) -> bytes:
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    wb.properties.creator = "govdisclosure"
    wb.properties.title = str(meta.get("title") or "政府信息公开工作年度报告填报表")
    styles = _Styles()
    _write_meta(wb, fmt, meta, styles)
    _write_narrative(wb, "一", sections.get("一"), styles)
    cached: dict[str, dict[str, int | str]] = {}
    for table in (table2, table3, table4):
        _write_table(wb, table, styles, cached)
    for key in ("五", "六"):
        _write_narrative(wb, key, sections.get(key), styles)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _with_cached_values(buffer.getvalue(), wb.sheetnames, cached)


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v></v></c>')


def _with_cached_values(data: bytes, sheets: Sequence[str],
                        cached: Mapping[str, Mapping[str, int | str]]) -> bytes:
    """The workbook with each formula's value stored beside it, as Excel and WPS store it,
    for viewers that show cells without computing (openpyxl writes formulas only).
    Spreadsheets recompute anyway: openpyxl marks the workbook ``fullCalcOnLoad``."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            # openpyxl writes the n-th sheet as xl/worksheets/sheet<n>.xml
            match = re.fullmatch(r"xl/worksheets/sheet([0-9]+)\.xml", item.filename)
            values = cached.get(sheets[int(match.group(1)) - 1]) if match else None
            if values:
                def fill(m: re.Match[str], values: Mapping[str, int | str] = values) -> str:
                    value = values.get(m.group(1))
                    if value is None:
                        return m.group(0)
                    if isinstance(value, int):
                        return f'<c r="{m.group(1)}"{m.group(2)}><f>{m.group(3)}</f>' \
                               f"<v>{value}</v></c>"
                    return f'<c r="{m.group(1)}"{m.group(2)} t="str"><f>{m.group(3)}</f>' \
                           "<v></v></c>"

                content = _FORMULA_CELL.sub(fill, content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def dump_xlsx(report: AnnualReport) -> bytes:
    """The workbook of ``report``: every stated value in its cell, blanks blank, totals as
    formulas where they are what the parts add up to and as stated numbers where not."""
    meta = report.metadata
    fields = {name: getattr(meta, name) for name in _META_FIELDS.values()}
    return _workbook(report.format, fields, report.table2, report.table3, report.table4,
                     dict(report.sections()))


def template_xlsx(
    format: str | type[ReportFormat] = "2021",
    *,
    body: str | None = None,
    year: int | None = None,
    doc_number: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
) -> bytes:
    """A blank workbook in ``format`` for a clerk to fill; the metadata given is filled in."""
    fmt = get_format(format)
    meta = {"body": body, "year": year, "doc_number": doc_number, "published": published,
            "title": title}
    return _workbook(fmt, meta, Table2.empty(fmt), Table3.empty(fmt), Table4.empty(fmt), {})


# --- reading --------------------------------------------------------------------------------


class _Bad(Exception):
    """A cell that cannot be read; the message says what was expected."""


class _Problems:
    """Every problem of a workbook, each at its cell beside its labels."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, ref: str, message: str, place: str = "") -> None:
        self.items.append(Problem(f"{ref}（{place}）" if place else ref, message))

    def relocate(self, exc: InvalidValue | LayoutError, refs: Mapping[str, str]) -> None:
        """The model's problems, each moved to the cell of its place."""
        for problem in exc.problems:
            ref = refs.get(problem.place)
            self.items.append(
                Problem(f"{ref}（{problem.place}）", problem.message) if ref else problem
            )


def _show(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"a date or time {value}"
    return f"{type(value).__name__} {value!r}"


_WHOLE = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FIXED = re.compile(r"0\.(0+)")
#: beyond 2**53 a spreadsheet number no longer holds every whole number exactly
_EXACT = 2.0**53


def _number(value: object, kind: ValueKind, number_format: str) -> T2Value:
    """A cell's value as the model holds it (sign and range are the model's to judge)."""
    if value is None:
        return None
    if isinstance(value, bool | dt.datetime | dt.date | dt.time | dt.timedelta):
        raise _Bad(f"expected a number, got {_show(value)}")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        pattern = _DECIMAL if kind is ValueKind.MONEY else _WHOLE
        if not pattern.fullmatch(text):
            raise _Bad(f"expected a number, got the text {text!r}")
        return Decimal(text) if kind is ValueKind.MONEY else int(text)
    if kind is ValueKind.MONEY:
        if not isinstance(value, int | float):
            raise _Bad(f"expected a number, got {_show(value)}")
        amount = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        fixed = _FIXED.fullmatch(number_format or "")
        if fixed and amount.is_finite():
            # The stated decimals, kept by the cell's number format (1.50 stays 1.50).
            try:
                quantized = amount.quantize(Decimal(1).scaleb(-len(fixed.group(1))))
            except InvalidOperation:
                quantized = amount
            if quantized == amount:
                amount = quantized
        return amount
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= _EXACT:
            raise _Bad(f"expected a whole number a spreadsheet holds exactly, got {value!r}")
        return int(value)
    what = "whole number" if kind is not ValueKind.SIGNED else "whole number (may be negative)"
    raise _Bad(f"expected a {what}, got {value!r}")


def _formula_text(text: str) -> str:
    """A formula compared as text: no ``=``, spaces, ``$`` or ``_xlfn.``, in upper case."""
    return re.sub(r"\s|\$|_XLFN\.", "", text.upper()).lstrip("=")


class _Sheet:
    """A worksheet seen as positions: the merged cell covering each, and its text."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.name = str(ws.title)
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.anchor[r, c] = (rng.min_row, rng.min_col)

    def cover(self, row: int, col: int) -> tuple[tuple[int, int], str]:
        at = self.anchor.get((row, col), (row, col))
        value = self.ws.cell(row=at[0], column=at[1]).value
        return at, "" if value is None else str(value)

    def value(self, row: int, col: int) -> tuple[object, str, bool]:
        """(value, number format, whether it is a formula) of one cell."""
        cell = self.ws.cell(row=row, column=col)
        return cell.value, str(cell.number_format), cell.data_type == "f"

    def ref(self, row: int, col: int) -> str:
        return _ref(self.name, row, col)


Cover = Callable[[int, int], tuple[tuple[int, int], str]]


def _path(cover: Cover, points: Iterable[tuple[int, int]]) -> tuple[str, ...]:
    """The texts of the distinct cells covering ``points``, in order."""
    seen: list[tuple[int, int]] = []
    texts: list[str] = []
    for r, c in points:
        at, text = cover(r, c)
        if at not in seen:
            seen.append(at)
            texts.append(text)
    return tuple(texts)


def _row_key(cover: Cover, row: int, label_cols: int) -> tuple[str, ...]:
    return _path(cover, ((_TOP + row, _LEFT + c) for c in range(label_cols)))


def _col_key(cover: Cover, col: int, header_rows: int) -> tuple[str, ...]:
    return _path(cover, ((_TOP + r, _LEFT + col) for r in range(header_rows)))


def _layout_cover(lay: TableLayout) -> Cover:
    occupancy = lay.occupancy()

    def cover(row: int, col: int) -> tuple[tuple[int, int], str]:
        cell = occupancy[row - _TOP][col - _LEFT]
        return (cell.row, cell.col), cell.text

    return cover


def _all_groups(cls: type[Grid], fmt: type[ReportFormat]) -> Grid:
    """A blank grid whose every group line is printed (to know every label a sheet may show)."""
    grid = cls.empty(fmt)
    rows, cols = grid.rows, grid.columns
    changes: dict[tuple[Key, Key], int | None] = {
        (r, c): 0 for r in rows.cells for c in cols.cells if Kind.GROUP in (r.kind, c.kind)
    }
    return grid.replace(changes) if changes else grid


def _expected(cls: type[Grid], fmt: type[ReportFormat]) -> tuple[
    TableLayout, TableLayout, dict[tuple[tuple[str, ...], tuple[str, ...]], _Slot]
]:
    """The template's layout, the layout with every group printed, and each value cell's slot
    by its (row labels, column labels)."""
    template = layout(cls.empty(fmt))
    full = layout(_all_groups(cls, fmt))
    keyed: dict[tuple[tuple[str, ...], tuple[str, ...]], _Slot] = {}
    for grid, lay in ((cls.empty(fmt), template), (_all_groups(cls, fmt), full)):
        cover = _layout_cover(lay)
        for slot in _slots(grid, lay):
            key = (_row_key(cover, slot.row - _TOP, lay.label_cols),
                   _col_key(cover, slot.col - _LEFT, lay.header_rows))
            keyed[key] = slot
    return template, full, keyed


def _locate(sheet: _Sheet, cls: type[Grid], fmt: type[ReportFormat],
            problems: _Problems) -> list[_Slot]:
    """The value cells of a grid's sheet, found by their row and column labels (a group line
    is found by its group's label over an empty one)."""
    template, full, keyed = _expected(cls, fmt)
    header_rows, label_cols = template.header_rows, template.label_cols
    cover = sheet.cover
    n_rows = header_rows
    while n_rows < full.n_rows and (
        n_rows < header_rows + 1 if label_cols == 0 else cover(_TOP + n_rows, _LEFT)[1]
    ):
        n_rows += 1
    n_cols = label_cols
    while n_cols < full.n_cols and cover(_TOP, _LEFT + n_cols)[1]:
        n_cols += 1
    known_rows, known_cols = {k[0] for k in keyed}, {k[1] for k in keyed}
    row_keys: dict[int, tuple[str, ...]] = {}
    col_keys: dict[int, tuple[str, ...]] = {}
    for r in range(header_rows, n_rows):
        key = _row_key(cover, r, label_cols)
        if key in known_rows:
            row_keys[r] = key
        else:
            problems.add(sheet.ref(_TOP + r, _LEFT), f"unknown row labels {'/'.join(key)!r}")
    for c in range(label_cols, n_cols):
        key = _col_key(cover, c, header_rows)
        if key in known_cols:
            col_keys[c] = key
        else:
            problems.add(sheet.ref(_TOP, _LEFT + c), f"unknown column labels {'/'.join(key)!r}")
    found: list[_Slot] = []
    seen: dict[_SlotKey, str] = {}
    for r, rk in row_keys.items():
        for c, ck in col_keys.items():
            slot = keyed.get((rk, ck))
            if slot is None:
                continue
            ref = sheet.ref(_TOP + r, _LEFT + c)
            if slot.key in seen:
                problems.add(ref, f"repeats the cell {seen[slot.key]}", slot.place)
                continue
            seen[slot.key] = ref
            found.append(attrs.evolve(slot, row=_TOP + r, col=_LEFT + c))
    for slot in _slots(cls.empty(fmt), template):
        if slot.key not in seen:
            problems.add(sheet.name, "the cell is missing from the sheet", slot.place)
    return found


def _read_grid(sheet: _Sheet, cls: type[Grid], fmt: type[ReportFormat], problems: _Problems,
               refs: dict[str, str]) -> Grid | None:
    found = _locate(sheet, cls, fmt, problems)
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    for slot in found:
        refs[slot.place] = sheet.ref(slot.row, slot.col)
    _line_refs(sheet, found, rows, cols, cls, fmt, refs)
    formulas = _formulas(cls, fmt, found)
    values: list[list[int | None]] = [[None] * len(cols) for _ in rows]
    derived: set[tuple[int, int]] = set()
    ok = True
    for slot in found:
        assert isinstance(slot.key, tuple)
        value, number_format, is_formula = sheet.value(slot.row, slot.col)
        ref = sheet.ref(slot.row, slot.col)
        if is_formula:
            expected = formulas.get(slot.key)
            if expected is not None and _formula_text(str(value)) == _formula_text(expected):
                derived.add(slot.key)
                continue
            ok = False
            if expected is None:
                problems.add(ref, "expected a number typed in, got a formula", slot.place)
            else:
                problems.add(ref, f"the formula {value} is not the template's {expected}: "
                             "restore it, or type the total as published", slot.place)
            continue
        try:
            number = _number(value, ValueKind.COUNT, number_format)
        except _Bad as exc:
            problems.add(ref, str(exc), slot.place)
            ok = False
            continue
        assert not isinstance(number, Decimal)
        values[slot.key[0]][slot.key[1]] = number
    try:
        # Typed values are judged first (the unreadable ones left out, so every other problem
        # is still named), each at its own cell; derived totals after.
        typed = cls(format=fmt, values=tuple(tuple(line) for line in values))
    except (InvalidValue, LayoutError) as exc:
        problems.relocate(exc, refs)
        return None
    if not ok:
        return None
    return cls(format=fmt, values=tuple(tuple(line) for line in _derived(typed, derived)))


def _line_refs(sheet: _Sheet, found: Sequence[_Slot], rows: Any, cols: Any, cls: type[Grid],
               fmt: type[ReportFormat], refs: dict[str, str]) -> None:
    """Ranges of whole rows and columns, for findings about one line (``表三 / 总计``)."""
    by_row: dict[int, list[tuple[int, int]]] = {}
    by_col: dict[int, list[tuple[int, int]]] = {}
    for slot in found:
        assert isinstance(slot.key, tuple)
        by_row.setdefault(slot.key[0], []).append((slot.row, slot.col))
        by_col.setdefault(slot.key[1], []).append((slot.row, slot.col))
    table = f"表{cls.table}"
    for index, points in by_row.items():
        path = "/".join(cls.row_path(fmt, rows.nodes[index]))
        refs.setdefault(f"{table} / {path}", _span_ref(sheet, points))
    for index, points in by_col.items():
        refs.setdefault(f"{table} / {cols.nodes[index].path_text}", _span_ref(sheet, points))


def _span_ref(sheet: _Sheet, points: Sequence[tuple[int, int]]) -> str:
    (r0, c0), (r1, c1) = min(points), max(points)
    first, last = f"{_letter(c0)}{r0}", f"{_letter(c1)}{r1}"
    return f"{sheet.name}!{first}" if first == last else f"{sheet.name}!{first}:{last}"


def _read_table2(sheet: _Sheet, fmt: type[ReportFormat], problems: _Problems,
                 refs: dict[str, str]) -> Table2 | None:
    empty = Table2.empty(fmt)
    lay = layout(empty)
    ok = True
    for cell in lay.cells:
        if cell.role is Role.VALUE:
            continue
        row, col = _TOP + cell.row, _LEFT + cell.col
        text = sheet.cover(row, col)[1]
        if text != cell.text:
            problems.add(sheet.ref(row, col), f"expected the label {cell.text!r}, got {text!r}")
            ok = False
    values: list[T2Value] = [None] * len(fmt.table2_cells())
    units: list[str | None] = [None] * len(values)
    for slot in _slots(empty, lay):
        assert isinstance(slot.key, int)
        ref = sheet.ref(slot.row, slot.col)
        refs[slot.place] = ref
        value, number_format, is_formula = sheet.value(slot.row, slot.col)
        if is_formula:
            problems.add(ref, "expected a number typed in, got a formula", slot.place)
            ok = False
            continue
        try:
            if slot.kind is ValueKind.MONEY:
                unit_col = _unit_col(slot, lay.n_cols)
                values[slot.key], units[slot.key] = _amount(
                    value, number_format, sheet.value(slot.row, unit_col)[0])
            else:
                values[slot.key] = _number(value, slot.kind, number_format)
        except _Bad as exc:
            problems.add(ref, str(exc), slot.place)
            ok = False
    try:
        table = Table2(format=fmt, values=tuple(values), units=tuple(units))
    except (InvalidValue, LayoutError) as exc:
        problems.relocate(exc, refs)
        return None
    return table if ok else None


def _amount(value: object, number_format: str, unit_value: object) -> tuple[T2Value, str | None]:
    """An amount and its unit: the unit cell's text, or a unit typed with the digits (16万)."""
    unit = _text(unit_value)
    if isinstance(value, str) and value.strip():
        split = split_amount(value.strip())
        if split is not None and split[1] is not None:
            if unit is not None and unit != split[1]:
                raise _Bad(f"the amount {value.strip()!r} and its unit cell {unit!r} disagree")
            return split[0], split[1]
    return _number(value, ValueKind.MONEY, number_format), unit


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


_DATE_CN = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise _Bad(f"expected a date, got {value}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        cn = _DATE_CN.fullmatch(text)
        try:
            if cn:
                return dt.date(*map(int, cn.groups()))
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _Bad(f"expected a date such as 2026-01-20, got {_show(value)}")


def _year(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{4}\s*", value):
        return int(value)
    return value


def _read_meta(sheet: _Sheet, problems: _Problems,
               refs: dict[str, str]) -> tuple[type[ReportFormat] | None, dict[str, Any]]:
    ws = sheet.ws
    cells: dict[str, tuple[object, str]] = {}
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if isinstance(label, str) and label.strip() in (_FORMAT_LABEL, *_META_FIELDS):
            cells[label.strip()] = (ws.cell(row=row, column=2).value, sheet.ref(row, 2))
    fmt: type[ReportFormat] | None = None
    if _FORMAT_LABEL not in cells:
        problems.add(sheet.name, f"expected a line {_FORMAT_LABEL}")
    else:
        value, ref = cells[_FORMAT_LABEL]
        try:
            fmt = get_format(str(_text(value)))
        except UnknownFormat as exc:
            problems.add(ref, exc.message, _FORMAT_LABEL)
    fields: dict[str, Any] = {}
    for label, name in _META_FIELDS.items():
        value, ref = cells.get(label, (None, sheet.name))
        refs[label] = refs[name] = ref
        try:
            if name == "published":
                fields[name] = _date(value)
            elif name == "year":
                fields[name] = _year(value)
            elif name == "body":
                fields[name] = _text(value) or ""
            else:
                fields[name] = _text(value)
        except _Bad as exc:
            problems.add(ref, str(exc), label)
    return fmt, fields


def _read_narrative(sheet: _Sheet, key: str, problems: _Problems) -> Section | None:
    ws = sheet.ws
    title = ws.cell(row=3, column=2).value
    # Headings are kept exactly as typed; only an empty cell means "no heading".
    heading = str(title) if title is not None and str(title).strip() else None
    # The root and each open subsection: (level, heading, content)
    stack: list[tuple[int, str, list[Paragraph | Section]]] = [(0, "", [])]

    def close() -> None:
        _, head, content = stack.pop()
        stack[-1][2].append(Section(heading=head, content=tuple(content)))

    any_line = False
    for row in range(_FIRST_LINE, ws.max_row + 1):
        kind = _text(ws.cell(row=row, column=1).value)
        level_value = ws.cell(row=row, column=2).value
        raw = ws.cell(row=row, column=3).value
        text = "" if raw is None else str(raw)
        if kind is None and level_value in (None, "") and not text.strip():
            continue
        ref = sheet.ref(row, 1)
        kind = kind or _PARAGRAPH
        if kind not in (_PARAGRAPH, _HEADING):
            problems.add(ref, f"expected {_PARAGRAPH} or {_HEADING}, got {kind!r}", _KIND)
            continue
        try:
            level = 1 if level_value in (None, "") else _number(level_value, ValueKind.COUNT, "")
        except _Bad as exc:
            problems.add(sheet.ref(row, 2), str(exc), _LEVEL)
            continue
        if not isinstance(level, int) or level < 1:
            problems.add(sheet.ref(row, 2), f"expected a level of 1 or more, got {level}", _LEVEL)
            continue
        while len(stack) > 1 and stack[-1][0] >= level:
            close()
        if stack[-1][0] != level - 1:
            problems.add(sheet.ref(row, 2), f"level {level} has no level-{level - 1} heading "
                         "above it", _LEVEL)
            continue
        any_line = True
        if kind == _HEADING:
            stack.append((level, text, []))
        else:
            stack[-1][2].append(Paragraph(text=text))
    while len(stack) > 1:
        close()
    if heading is None and not any_line:
        return None
    return Section(heading=heading or SECTION_HEADINGS[key], content=tuple(stack[0][2]))


def _open(source: Source) -> Any:
    openpyxl = _openpyxl()
    from zipfile import BadZipFile

    from openpyxl.utils.exceptions import InvalidFileException

    target = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with warnings.catch_warnings():
            # openpyxl warns of parts it drops (extensions, unknown styles); none hold values.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(target, data_only=False)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as exc:
        raise SourceError(f"not an xlsx workbook ({type(exc).__name__}: {exc})") from exc


def read_xlsx(source: Source) -> Filled:
    """Read a workbook (a path or its bytes) written by :func:`template_xlsx` or
    :func:`dump_xlsx` and filled in; the report and the cell of each place.

    Raises :class:`~govdisclosure.errors.WorkbookError` naming every cell that cannot be read
    (``表三!D12``), :class:`~govdisclosure.errors.SourceError` when it is no workbook.
    """
    wb = _open(source)
    problems = _Problems()
    refs: dict[str, str] = {}
    names = set(wb.sheetnames)
    if META_SHEET not in names:
        raise WorkbookError([Problem(META_SHEET, "expected this sheet (is it a 填报 workbook?)")])
    fmt, fields = _read_meta(_Sheet(wb[META_SHEET]), problems, refs)
    if fmt is None:
        raise WorkbookError(problems.items)
    tables: dict[str, Any] = {}
    for name, reader in (
        ("二", lambda s: _read_table2(s, fmt, problems, refs)),
        ("三", lambda s: _read_grid(s, Table3, fmt, problems, refs)),
        ("四", lambda s: _read_grid(s, Table4, fmt, problems, refs)),
    ):
        sheet_name = f"表{name}"
        if sheet_name not in names:
            problems.add(sheet_name, "expected this sheet")
            continue
        tables[name] = reader(_Sheet(wb[sheet_name]))
    sections: dict[str, Section | None] = {}
    for key, sheet_name in NARRATIVE.items():
        sections[key] = (
            _read_narrative(_Sheet(wb[sheet_name]), key, problems) if sheet_name in names
            else None
        )
    meta: Metadata | None = None
    try:
        meta = Metadata(**fields)
    except (InvalidValue, TypeError) as exc:
        if isinstance(exc, InvalidValue):
            problems.relocate(exc, refs)
        else:
            problems.add(META_SHEET, str(exc))
    if problems.items or meta is None or None in tables.values():
        raise WorkbookError(problems.items or [Problem("", "the workbook cannot be read")])
    report = AnnualReport(
        format=fmt, metadata=meta, overview=sections["一"], table2=tables["二"],
        table3=tables["三"], table4=tables["四"], problems=sections["五"], other=sections["六"],
    )
    return Filled(report=report, cells=refs)


def load_xlsx(source: Source) -> AnnualReport:
    """The report in a filled workbook (see :func:`read_xlsx`)."""
    return read_xlsx(source).report

