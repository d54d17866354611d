"""The report as a JSON document (version 1.1), through one cattrs converter.

The document shape is described in ``docs/architecture.md`` ("JSON document (version 1.1)").
Version 1.1 lets an amount carry its unit as printed (``"16万"``); version 1.0 documents
(amounts without units) are read as they are.
:func:`configure_converter` installs every hook in one place; :func:`converter` returns the
module's converter, built on first use. Table layouts are read from each report's format at
each call (cached per format), so format variants defined at any time are handled.

Reading collects every problem of a document into one :class:`~govdisclosure.errors.JsonError`
whose problems name their JSON path (``$.table3.new.total``), or the line and column of
malformed JSON text. A key given twice in one object is refused, never resolved.

Writing follows the documented rules: every printed cell is written (``null`` when blank),
totals included; a group row or column (``（三）不予公开``, ``法人或其他组织``) is written only when
it holds a stated value, and then in full, so that reading derives no total differently.
Reading derives absent totals and keeps stated ones, so ``load_json(dump_json(r)) == r`` for
every report, inconsistent ones included.

Tables are read by loops over the format's axes rather than per-cell dispatch: reading is on
the hot path. A document as :func:`dump_json` writes it is checked with C-level set and
``map`` operations; anything else goes through a path that names every problem.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import re
import sys
import warnings
from collections.abc import Callable, KeysView, Mapping
from decimal import Decimal
from itertools import chain, repeat
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from .categories import Category
from .errors import GovDisclosureError, InvalidValue, JsonError, LayoutError, Problem, UnknownFormat
from .formats import ReportFormat, ValueKind, get_format
from .layout import Kind
from .model import (
    COUNT_LIMIT,
    AnnualReport,
    Grid,
    Metadata,
    Paragraph,
    Section,
    Table2,
    Table3,
    Table4,
    _scalar_problem,
    derive_totals,
)
from .units import amount_text, split_amount

if TYPE_CHECKING:
    import cattrs  # imported on first use: ``import govdisclosure`` stays light

__all__ = [
    "VERSION",
    "JsonVersionWarning",
    "configure_converter",
    "converter",
    "dump_json",
    "dump_json_file",
    "from_dict",
    "load_json",
    "load_json_file",
    "make_converter",
    "to_dict",
]


def __dir__() -> list[str]:
    return __all__


#: The document version written by :func:`dump_json` (``MAJOR.MINOR``).
VERSION = "1.1"
_MAJOR, _MINOR = 1, 1

JsonDict: TypeAlias = dict[str, Any]
_Problems: TypeAlias = list[Problem]
_T = TypeVar("_T")


class JsonVersionWarning(UserWarning):
    """A document of a newer minor version than this library writes: read, but fields it
    adds may be refused as unknown."""


# --- small helpers ------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_VERSION = re.compile(r"([0-9]+)\.([0-9]+)")


class _NonFinite:
    """Stands for a ``NaN``/``Infinity`` token so that it is refused with its JSON path."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    def __repr__(self) -> str:
        return self.token


def _fast_front() -> tuple[Callable[[str], Any], Callable[[Any], bytes]] | None:
    """``orjson.loads`` and ``orjson.dumps`` when the ``[fast]`` extra is installed."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads, orjson.dumps


#: the front end in use, found on first use (``[None]``: the standard library only)
_FAST: list[tuple[Callable[[str], Any], Callable[[Any], bytes]] | None] = []
_PLAIN = json.JSONDecoder(parse_constant=_NonFinite)
_SCALARS = frozenset({int, str, type(None), float, bool})


def _keys(node: Any) -> int:
    """How many keys the objects of a decoded document hold, all together (a line of
    scalars is passed over in C)."""
    count = 0
    stack = [node] if type(node) is dict or type(node) is list else []
    pop, push, scalars = stack.pop, stack.extend, _SCALARS.issuperset
    while stack:
        item = pop()
        if type(item) is dict:
            count += len(item)
            values: Any = item.values()
        else:
            values = item
        if not scalars(map(type, values)):
            push([v for v in values if type(v) is dict or type(v) is list])
    return count


def _fast_decode(text: str) -> Any:
    """The document decoded by the ``[fast]`` front end, or ``None`` when it is not installed,
    refuses the text, or cannot rule out a repeated key (the standard library then decodes).

    No key was given twice when orjson's writing of the document holds as many ``:`` as the
    text: every key has one ``:`` after it and strings come back with the same ``:`` in them,
    so a dropped repeated pair makes the count smaller. A ``:`` written as ``\\u003a`` in the
    text would make its count smaller too: such a text is left to the standard library."""
    if not _FAST:
        _FAST.append(_fast_front())
    fast = _FAST[0]
    if fast is None or "\\u003" in text:
        return None
    loads, dumps = fast
    try:
        data = loads(text)
    except Exception:  # orjson's refusal: the standard library gives the message
        return None
    if dumps(data).count(b":") != text.count(":"):
        return None
    return data


def _decode(text: str) -> Any:
    """Decode JSON text with the standard library; a key given twice in one object is
    refused (which of two stated values to keep would be a guess), with the JSON path of the
    object. Without a hook per object: when the text holds exactly as many ``:`` as the
    decoded objects hold keys, no key was given twice (and no ``:`` stands in a string);
    otherwise the text is decoded again with a hook that names the repeated keys."""
    data = _PLAIN.decode(text)
    if text.count(":") == _keys(data):
        return data
    return _decode_checked(text)


def _decode_checked(text: str) -> Any:
    """The slow, exact path: a hook per object names every key given twice."""
    repeated: list[tuple[dict[str, Any], list[str]]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            keys = [k for k, _ in items]
            repeated.append((obj, sorted({k for k in keys if keys.count(k) > 1})))
        return obj

    data = json.JSONDecoder(object_pairs_hook=pairs, parse_constant=_NonFinite).decode(text)
    if repeated:
        found = {id(obj): keys for obj, keys in repeated}
        problems: _Problems = []

        def walk(node: Any, path: str) -> None:
            if isinstance(node, dict):
                problems.extend(
                    Problem(_key(path, k), "key given more than once in the same object")
                    for k in found.get(id(node), ())
                )
                for k, v in node.items():
                    walk(v, _key(path, k))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, f"{path}[{i}]")

        walk(data, "$")
        raise JsonError(problems)
    return data


def _key(path: str, key: object) -> str:
    """``path.key``, or ``path["key"]`` when the key is not a plain name."""
    if isinstance(key, str):
        if _NAME.fullmatch(key):
            return f"{path}.{key}"
        return f"{path}[{json.dumps(key, ensure_ascii=False)}]"
    return f"{path}[{key!r}]"


def _show(value: object) -> str:
    """A value as it reads in JSON (``true``, ``1.5``, ``"3"``), for messages."""
    if isinstance(value, _NonFinite):
        return value.token
    if isinstance(value, _HugeInt):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float | _NonFinite | _HugeInt):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


def _count_message(value: object, *, signed: bool = False) -> str:
    what = "an integer" if signed else "a non-negative integer count"
    if isinstance(value, bool):
        return f"expected {what} or null, got the boolean {_show(value)}"
    if isinstance(value, _NonFinite):
        return f"expected {what} or null, got {value.token} (not a number)"
    if isinstance(value, _HugeInt):
        return f"expected {what} or null, got {value!r}"
    if type(value) is int:
        return f"expected {what} or null, got {value}"
    if isinstance(value, float):
        return f"expected {what} or null, got the non-integer number {_show(value)}"
    return f"expected {what} or null, got {_type_name(value)} {_show(value)}"


def _money(value: object) -> Decimal | str:
    """The amount of a money field without a unit, or the problem with it."""
    if type(value) is str:
        if _DECIMAL.fullmatch(value):
            return Decimal(value)
        return f'expected a decimal string such as "4166.241619", got {_show(value)}'
    return _money_problem(value)


def _amount(value: object) -> tuple[Decimal, str | None] | str:
    """The amount and unit of a table 二 money cell (``"16万"``), or the problem with it."""
    if type(value) is str:
        amount = split_amount(value)
        if amount is not None:
            return amount
        return (
            f'expected a decimal string such as "4166.241619", with its unit as printed if '
            f'any ("16万", "8.175万元", "481714587.29元"), got {_show(value)}'
        )
    return _money_problem(value)


def _money_problem(value: object) -> str:
    if isinstance(value, _NonFinite):
        return f"expected a decimal string or null, got {value.token} (not a number)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"expected a decimal string such as \"4166.241619\" (amounts are strings, "
            f"never JSON numbers), got the number {_show(value)}"
        )
    return f"expected a decimal string or null, got {_type_name(value)} {_show(value)}"


def _money_text(value: Decimal) -> str:
    if value.is_zero():
        value = abs(value)  # "-0" would not read back
    return format(value, "f")


def _unknown_keys(data: Mapping[Any, Any], known: Mapping[str, Any] | frozenset[str],
                  path: str, problems: _Problems, what: str = "key") -> None:
    for key in data:
        if key not in known:
            problems.append(Problem(_key(path, key), f"unknown {what}"))


def _relocate(problem: Problem, prefix: str) -> Problem:
    """A problem found in a sub-document (place starting with ``$``) placed under ``prefix``."""
    place = problem.place
    if place.startswith("$"):
        return Problem(prefix + place[1:], problem.message)
    return Problem(prefix, f"{place}: {problem.message}" if place else problem.message)


# --- cattrs error transformation ----------------------------------------------------------


def _exception_problems(exc: BaseException, path: str, fields: frozenset[str]) -> _Problems:
    """Like :func:`cattrs.transform_error`, but keeping the text of the library's errors."""
    from cattrs.errors import (
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

    out: _Problems = []
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            out.extend(_exception_problems(sub, _key(path, note.name), fields))
        for sub in without:
            out.extend(_exception_problems(sub, path, fields))
        return out
    if isinstance(exc, IterableValidationError):
        indexed, others = exc.group_exceptions()
        for sub, inote in indexed:
            out.extend(_exception_problems(sub, f"{path}[{inote.index!r}]", fields))
        for sub in others:
            out.extend(_exception_problems(sub, path, fields))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        return [Problem(_key(path, k), "unknown key") for k in sorted(exc.extra_fields, key=str)]
    if isinstance(exc, KeyError):
        return [Problem(path, "required key missing")]
    if isinstance(exc, JsonError):
        return [_relocate(p, path) for p in exc.problems]
    if isinstance(exc, InvalidValue | LayoutError):
        # a validator's problem names a field (kept as a path) or a label (kept in the text)
        return [
            Problem(path if path.endswith(f".{p.place}") else _key(path, p.place), p.message)
            if p.place in fields
            else Problem(path, f"{p.place}: {p.message}" if p.place else p.message)
            for p in exc.problems
        ]
    if isinstance(exc, GovDisclosureError):
        return [Problem(path, exc.message)]
    return [Problem(path, str(exc) or type(exc).__name__)]


# --- primitive hooks ----------------------------------------------------------------------


class _Refused(ValueError):
    """A JSON value of the wrong type (message only; cattrs adds the field)."""


def _structure_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise _Refused(f"expected text, got {_type_name(value)} {_show(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, _HugeInt):
        raise _Refused(f"expected an integer, got {value!r}")
    if type(value) is not int:
        raise _Refused(f"expected an integer, got {_type_name(value)} {_show(value)}")
    return value


def _structure_date(value: object, _: object) -> dt.date:
    if type(value) is str and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Refused(f'expected an ISO date such as "2021-01-06", got {_show(value)}')


def _structure_decimal(value: object, _: object) -> Decimal:
    result = _money(value)
    if isinstance(result, str):
        raise _Refused(result)
    return result


# --- narrative ----------------------------------------------------------------------------

_SECTION_KEYS = frozenset({"heading", "content"})


def _read_section(data: object, path: str, problems: _Problems) -> Section | None:
    if type(data) is not dict:
        problems.append(
            Problem(path, f'expected {{"heading": text, "content": [...]}}, got {_type_name(data)}')
        )
        return None
    before = len(problems)
    _unknown_keys(data, _SECTION_KEYS, path, problems)
    heading = data.get("heading")
    if "heading" not in data:
        problems.append(Problem(f"{path}.heading", "required key missing"))
    elif type(heading) is not str:
        problems.append(Problem(f"{path}.heading", f"expected text, got {_type_name(heading)}"))
    elif not heading.isascii() and (message := _scalar_problem(heading)):
        problems.append(Problem(f"{path}.heading", message))
    raw = data.get("content", [])
    content: list[Paragraph | Section] = []
    if type(raw) is not list:
        problems.append(
            Problem(f"{path}.content", f"expected an array of texts and sections, got "
                    f"{_type_name(raw)}")
        )
    else:
        for i, item in enumerate(raw):
            if type(item) is str:
                try:
                    content.append(Paragraph(text=item))
                except InvalidValue as exc:  # text that is not Unicode scalar values
                    problems.extend(Problem(f"{path}.content[{i}]", p.message)
                                    for p in exc.problems)
            elif type(item) is dict:
                sub = _read_section(item, f"{path}.content[{i}]", problems)
                if sub is not None:
                    content.append(sub)
            else:
                problems.append(Problem(
                    f"{path}.content[{i}]",
                    f"expected a paragraph (text) or a section (object), got {_type_name(item)}",
                ))
    if len(problems) != before:
        return None
    assert isinstance(heading, str)
    return Section(heading=heading, content=tuple(content))


def _write_section(section: Section) -> JsonDict:
    return {
        "heading": section.heading,
        "content": [
            item.text if type(item) is Paragraph else _write_section(item)  # type: ignore[arg-type]
            for item in section.content
        ],
    }


def _optional_section(data: object, path: str, problems: _Problems) -> Section | None:
    return None if data is None else _read_section(data, path, problems)


# --- tables -------------------------------------------------------------------------------


@attrs.frozen
class _GridPlan:
    """What a grid's JSON holds, for one table class and format: precomputed for speed."""

    #: row code -> (row index, is group row, is total row)
    rows: dict[str, tuple[int, bool, bool]]
    #: column code -> (column index, is total column)
    columns: dict[str, tuple[int, bool]]
    #: column codes by column index ("" for the header positions, which hold no value)
    codes: tuple[str, ...]
    #: (code, index) of the total columns
    total_columns: tuple[tuple[str, int], ...]
    #: rows that must be present (leaf rows)
    required_rows: tuple[str, ...]
    #: columns whose cell must be present in a leaf row
    required_columns: frozenset[str]
    #: how many cells are totals (all given: nothing to derive)
    total_cells: int
    #: the fast path: row code -> index of every non-group row, the non-group column codes,
    #: and the rows of a table with every cell blank
    exact_rows: dict[str, int]
    exact_order: tuple[str, ...]
    exact_keys: KeysView[str]
    blank: tuple[tuple[None, ...], ...]
    #: the rows of the grid from the exact rows in order, followed by a blank row
    arrange: Callable[[list[tuple[int | None, ...]]], tuple[tuple[int | None, ...], ...]]
    #: the non-group column codes in written order, and the line of the grid from their
    #: values in that order followed by a blank
    exact_columns: tuple[str, ...]
    arrange_line: Callable[[Any], tuple[Any, ...]]
    #: for writing: (row code, row index, is group) and (column code, column index, is group)
    write_rows: tuple[tuple[str, int, bool], ...]
    write_columns: tuple[tuple[str, int, bool], ...]
    width: int
    height: int


_plans: dict[tuple[type[Grid], type[ReportFormat]], tuple[int, _GridPlan]] = {}
_DICT_ONLY = frozenset({dict})


def _arranger(positions: list[int]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """A function picking items at ``positions`` into a tuple, in C."""
    if len(positions) == 1:
        return lambda items: (items[positions[0]],)
    return operator.itemgetter(*positions)


def _grid_plan(cls: type[Grid], fmt: type[ReportFormat]) -> _GridPlan:
    entry = _plans.get((cls, fmt))
    if entry is not None and entry[0] == Category.generation:
        return entry[1]
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    exact = [n for n in rows.cells if n.kind is not Kind.GROUP]
    positions = {n.index: i for i, n in enumerate(exact)}
    written = [n.code for n in cols.cells if n.kind is not Kind.GROUP]
    plan = _GridPlan(
        rows={
            n.code: (n.index, n.kind is Kind.GROUP, n.kind is Kind.TOTAL) for n in rows.cells
        },
        columns={n.code: (n.index, n.kind is Kind.TOTAL) for n in cols.cells},
        codes=tuple(n.code if n.has_cells else "" for n in cols.nodes),
        total_columns=tuple((n.code, n.index) for n in cols.totals),
        required_rows=tuple(n.code for n in rows.cells if n.kind is Kind.LEAF),
        required_columns=frozenset(n.code for n in cols.cells if n.kind is Kind.LEAF),
        total_cells=sum(
            1 for r in rows.cells for c in cols.cells if Kind.TOTAL in (r.kind, c.kind)
        ),
        exact_rows={n.code: n.index for n in exact},
        exact_order=tuple(n.code for n in exact),
        exact_keys=dict.fromkeys(n.code for n in cols.cells if n.kind is not Kind.GROUP).keys(),
        blank=((None,) * len(cols),) * len(rows),
        arrange=_arranger([positions.get(i, len(exact)) for i in range(len(rows))]),
        exact_columns=tuple(written),
        arrange_line=_arranger([
            written.index(n.code) if n.code in written else len(written) for n in cols.nodes
        ]),
        write_rows=tuple((n.code, n.index, n.kind is Kind.GROUP) for n in rows.cells),
        write_columns=tuple((n.code, n.index, n.kind is Kind.GROUP) for n in cols.cells),
        width=len(cols),
        height=len(rows),
    )
    _plans[(cls, fmt)] = (Category.generation, plan)
    return plan


_COUNT_TYPES = frozenset({int, type(None)})


def _read_grid(
    cls: type[Grid], fmt: type[ReportFormat], data: object, path: str, problems: _Problems
) -> Grid | None:
    """A table 三 or 四 from ``{row: {column: count | null}}``; absent totals derived."""
    if type(data) is not dict:
        problems.append(Problem(path, f"expected an object of rows, got {_type_name(data)}"))
        return None
    plan = _grid_plan(cls, fmt)
    exact = _read_exact_grid(plan, data)
    if exact is not None:
        # the exact reading proved what the validator checks (shape, blank headers and
        # groups, non-negative ints or blanks): built once, without checking it again
        return cls._proven(fmt, exact)
    before = len(problems)
    width = plan.width
    grid: list[list[int | None]] = [[None] * width for _ in range(plan.height)]
    #: total cells that are given (the others are derived)
    given: set[tuple[int, int]] = set()
    rows, columns, codes = plan.rows, plan.columns, plan.codes
    required = plan.required_columns
    for row_code, line in data.items():
        row = rows.get(row_code)
        if row is None:
            problems.append(Problem(_key(path, row_code), "unknown row"))
            continue
        if type(line) is not dict:
            problems.append(Problem(
                f"{path}.{row_code}", f"expected an object of columns, got {_type_name(line)}"
            ))
            continue
        r, is_group, total_row = row
        # Fast path, in C: known columns only, every leaf given, only non-negative ints or
        # null (``bool`` is not ``int`` here; ``filter(None, …)`` drops nulls and zeros).
        keys, values = line.keys(), line.values()
        if (
            keys <= columns.keys()
            and (is_group or total_row or required <= keys)
            and set(map(type, values)) <= _COUNT_TYPES
            and min(filter(None, values), default=0) >= 0
        ):
            grid[r] = list(map(line.get, codes))
            if total_row:
                given.update((r, columns[k][0]) for k in keys)
            else:
                given.update((r, c) for k, c in plan.total_columns if k in line)
            continue
        _read_grid_row(plan, r, is_group, total_row, line, f"{path}.{row_code}", grid,
                       given, problems)
    for row_code in plan.required_rows:
        if row_code not in data:
            problems.append(Problem(
                f"{path}.{row_code}",
                "missing row (every printed cell must be given; null for a blank cell)",
            ))
    if len(problems) != before:
        return None
    if len(given) != plan.total_cells:
        derive_totals(cls.row_axis(fmt), cls.column_axis(fmt), grid, given)
    return _built(cls, path, problems, format=fmt, values=tuple(map(tuple, grid)))


def _read_exact_grid(
    plan: _GridPlan, data: dict[Any, Any]
) -> tuple[tuple[int | None, ...], ...] | None:
    """The values of a grid written as :func:`dump_json` writes it (every non-group row
    with every non-group column, no group cells, only non-negative ints and nulls), or
    ``None`` for anything else, which the general path then reads. Nothing is derived:
    every total is given, and the group cells left out are blank (a blank line's total is
    blank too). Every step runs in C (``map``, set operations); no Python loop per cell."""
    if data.keys() != plan.exact_rows.keys():
        return None
    lines = list(data.values())
    if set(map(type, lines)) != _DICT_ONLY:
        return None
    # columns in the written order (as dump_json writes them): lines by position, in C
    ordered = all(map(plan.exact_columns.__eq__, map(tuple, lines)))
    if not ordered and not all(map(plan.exact_keys.__eq__, map(dict.keys, lines))):
        return None
    values = list(chain.from_iterable(map(dict.values, lines)))
    # ints and nulls only (a bool's type is not int); ``filter(None, …)`` drops the nulls and
    # zeros, leaving what must be positive
    if not set(map(type, values)) <= _COUNT_TYPES:
        return None
    stated = list(filter(None, values))
    if stated and (min(stated) < 0 or max(stated) >= COUNT_LIMIT):
        return None
    found: list[tuple[int | None, ...]]
    if ordered:
        blank = (None,)
        found = list(map(plan.arrange_line, map(tuple.__add__, map(tuple, map(dict.values,
                                                                              lines)),
                                                 repeat(blank))))
    else:
        codes = plan.codes
        found = [tuple(map(line.get, codes)) for line in lines]
    if tuple(data) == plan.exact_order:
        found.append(plan.blank[0])
        return plan.arrange(found)
    grid: list[tuple[int | None, ...]] = list(plan.blank)  # rows in another order
    for code, line in zip(data, found, strict=True):
        grid[plan.exact_rows[code]] = line
    return tuple(grid)


def _read_grid_row(
    plan: _GridPlan, r: int, is_group: bool, total_row: bool, line: dict[Any, Any],
    row_path: str, grid: list[list[int | None]], given: set[tuple[int, int]],
    problems: _Problems,
) -> None:
    """The slow path of one row: every problem named at its own path."""
    out = grid[r]
    for col_code, value in line.items():
        col = plan.columns.get(col_code)
        if col is None:
            problems.append(Problem(_key(row_path, col_code), "unknown column"))
            continue
        c, total_col = col
        if value is None or (type(value) is int and value >= 0):
            out[c] = value
            if total_row or total_col:
                given.add((r, c))
        else:
            problems.append(Problem(f"{row_path}.{col_code}", _count_message(value)))
    if not (is_group or total_row):
        problems.extend(
            Problem(f"{row_path}.{col_code}",
                    "missing count (give a number, or null for a blank cell)")
            for col_code in plan.codes
            if col_code in plan.required_columns and col_code not in line
        )


def _write_grid(grid: Grid) -> JsonDict:
    """``{row: {column: value}}``. A group row or column is written only when it holds a
    stated value, and then in full (with nulls), so that no total next to it is derived
    differently on reading."""
    plan = _grid_plan(type(grid), grid.format)
    values = grid.values
    columns = [
        (code, c) for code, c, is_group in plan.write_columns
        if not is_group or any(line[c] is not None for line in values)
    ]
    out: JsonDict = {}
    for row_code, r, is_group in plan.write_rows:
        line = values[r]
        if is_group and line.count(None) == len(line):
            continue
        out[row_code] = {code: line[c] for code, c in columns}
    return out


@attrs.frozen
class _Table2Plan:
    #: block code -> row code -> column code -> (cell index, value kind)
    blocks: dict[str, dict[str, dict[str, tuple[int, ValueKind]]]]
    size: int


_t2plans: dict[type[ReportFormat], _Table2Plan] = {}


def _table2_plan(fmt: type[ReportFormat]) -> _Table2Plan:
    plan = _t2plans.get(fmt)
    if plan is None:
        blocks: dict[str, dict[str, dict[str, tuple[int, ValueKind]]]] = {}
        cells = fmt.table2_cells()
        for cell in cells:
            row = blocks.setdefault(cell.block.code, {}).setdefault(cell.row_code, {})
            row[cell.column.code] = (cell.index, cell.column.kind)
        plan = _t2plans[fmt] = _Table2Plan(blocks=blocks, size=len(cells))
    return plan


def _read_table2(
    fmt: type[ReportFormat], data: object, path: str, problems: _Problems
) -> Table2 | None:
    if type(data) is not dict:
        problems.append(Problem(path, f"expected an object of blocks, got {_type_name(data)}"))
        return None
    plan = _table2_plan(fmt)
    before = len(problems)
    out: list[int | Decimal | None] = [None] * plan.size
    units: list[str | None] = [None] * plan.size
    _unknown_keys(data, plan.blocks, path, problems, "block")
    for block_code, rows in plan.blocks.items():
        block_path = f"{path}.{block_code}"
        block = data.get(block_code)
        if type(block) is not dict:
            problems.append(Problem(
                block_path,
                "missing block" if block_code not in data
                else f"expected an object of rows, got {_type_name(block)}",
            ))
            continue
        _unknown_keys(block, rows, block_path, problems, "row")
        for row_code, columns in rows.items():
            row_path = f"{block_path}.{row_code}"
            line = block.get(row_code)
            if type(line) is not dict:
                problems.append(Problem(
                    row_path,
                    "missing row" if row_code not in block
                    else f"expected an object of columns, got {_type_name(line)}",
                ))
                continue
            _unknown_keys(line, columns, row_path, problems, "column")
            for col_code, (index, kind) in columns.items():
                if col_code not in line:
                    problems.append(Problem(
                        f"{row_path}.{col_code}",
                        "missing value (give a number, or null for a blank cell)",
                    ))
                    continue
                value = line[col_code]
                if value is None:
                    continue
                if kind is ValueKind.MONEY:
                    amount = _amount(value)
                    if isinstance(amount, str):
                        problems.append(Problem(f"{row_path}.{col_code}", amount))
                    else:
                        out[index], units[index] = amount
                elif type(value) is int and (value >= 0 or kind is ValueKind.SIGNED):
                    out[index] = value
                else:
                    problems.append(Problem(
                        f"{row_path}.{col_code}",
                        _count_message(value, signed=kind is ValueKind.SIGNED),
                    ))
    if len(problems) != before:
        return None
    return _built(Table2, path, problems, format=fmt, values=tuple(out), units=tuple(units))


def _write_table2(table: Table2) -> JsonDict:
    out: JsonDict = {}
    for cell, value, unit in table.cells_with_units():
        block: JsonDict | None = out.get(cell.block.code)
        if block is None:
            block = out[cell.block.code] = {}
        row: JsonDict | None = block.get(cell.row_code)
        if row is None:
            row = block[cell.row_code] = {}
        row[cell.column.code] = amount_text(value, unit) if type(value) is Decimal else value
    return out


def _built(
    cls: Callable[..., _T], path: str, problems: _Problems, /, **kwargs: Any
) -> _T | None:
    """``cls(**kwargs)``; a model validator's refusal becomes a problem at ``path``."""
    try:
        return cls(**kwargs)
    except (InvalidValue, LayoutError) as exc:
        problems.extend(
            Problem(path, f"{p.place}: {p.message}" if p.place else p.message)
            for p in exc.problems
        )
        return None


# --- the report ---------------------------------------------------------------------------

_REPORT_KEYS = frozenset({
    "govdisclosure", "format", "metadata", "overview", "table2", "table3", "table4",
    "problems", "other",
})
_METADATA_FIELDS = frozenset(a.name for a in attrs.fields(Metadata))


def _caller_level() -> int:
    """The ``stacklevel`` that names the first frame outside this module and cattrs."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith(
        (__name__, "cattrs")
    ):
        level += 1
        frame = frame.f_back
    return level


def _check_version(data: Mapping[str, Any], problems: _Problems) -> bool:
    """Whether the document can be read at all (a known major version)."""
    if "govdisclosure" not in data:
        problems.append(Problem(
            "$.govdisclosure", f'required key missing (the document version, e.g. "{VERSION}")'
        ))
        return True
    version = data["govdisclosure"]
    match = _VERSION.fullmatch(version) if type(version) is str else None
    if match is None:
        problems.append(Problem(
            "$.govdisclosure",
            f'expected a document version "MAJOR.MINOR" such as "{VERSION}", got {_show(version)}',
        ))
        return True
    # a version of thousands of digits is refused or read as newer, never converted whole
    major = int(match[1]) if len(match[1]) <= 6 else -1
    minor = int(match[2]) if len(match[2]) <= 6 else 10**6
    if major != _MAJOR:
        problems.append(Problem(
            "$.govdisclosure",
            f"unsupported document version {version}: this library reads version {_MAJOR}.x",
        ))
        return False
    if minor > _MINOR:
        warnings.warn(
            JsonVersionWarning(
                f"document version {version} is newer than {VERSION}; read as {VERSION}"
            ),
            stacklevel=_caller_level(),
        )
    return True


def _structure_report(data: object, conv: cattrs.Converter) -> AnnualReport:
    """The cattrs structure hook of :class:`AnnualReport` (the whole document)."""
    if type(data) is not dict:
        raise JsonError([Problem("$", f"expected a report object, got {_type_name(data)}")])
    problems: _Problems = []
    if not _check_version(data, problems):
        raise JsonError(problems)
    _unknown_keys(data, _REPORT_KEYS, "$", problems)

    fmt: type[ReportFormat] | None = None
    code = data.get("format")
    if "format" not in data:
        problems.append(Problem("$.format", 'required key missing (a format code, e.g. "2021")'))
    elif type(code) is not str:
        problems.append(
            Problem("$.format", f"expected a format code (text), got {_type_name(code)}")
        )
    else:
        try:
            fmt = get_format(code)
        except UnknownFormat as exc:
            problems.append(Problem("$.format", exc.message))

    metadata: Metadata | None = None
    if "metadata" not in data:
        problems.append(Problem("$.metadata", "required key missing"))
    else:
        try:
            metadata = conv.structure(data["metadata"], Metadata)
        except Exception as exc:  # every cattrs and validator error, turned into problems
            problems.extend(_exception_problems(exc, "$.metadata", _METADATA_FIELDS))

    overview = _optional_section(data.get("overview"), "$.overview", problems)
    other_sections = (
        _optional_section(data.get("problems"), "$.problems", problems),
        _optional_section(data.get("other"), "$.other", problems),
    )

    tables: list[Any] = [None, None, None]
    if fmt is not None:
        for i, name in enumerate(("table2", "table3", "table4")):
            if name not in data:
                problems.append(Problem(f"$.{name}", "required key missing"))
            elif i == 0:
                tables[0] = _read_table2(fmt, data[name], "$.table2", problems)
            else:
                tables[i] = _read_grid(
                    Table3 if i == 1 else Table4, fmt, data[name], f"$.{name}", problems
                )
    if problems:
        raise JsonError(problems)
    report: AnnualReport | None = _built(
        AnnualReport, "$", problems, format=fmt, metadata=metadata, overview=overview,
        table2=tables[0], table3=tables[1], table4=tables[2],
        problems=other_sections[0], other=other_sections[1],
    )
    if report is None:
        raise JsonError(problems)
    return report


def _unstructure_metadata(m: Metadata) -> JsonDict:
    return {
        "body": m.body,
        "year": m.year,
        "doc_number": m.doc_number,
        "published": None if m.published is None else m.published.isoformat(),
        "title": m.title,
    }


def _unstructure_report(report: AnnualReport) -> JsonDict:
    """The cattrs unstructure hook of :class:`AnnualReport`: keys in the documented order."""
    return {
        "govdisclosure": VERSION,
        "format": report.format.code,
        "metadata": _unstructure_metadata(report.metadata),
        "overview": None if report.overview is None else _write_section(report.overview),
        "table2": _write_table2(report.table2),
        "table3": _write_grid(report.table3),
        "table4": _write_grid(report.table4),
        "problems": None if report.problems is None else _write_section(report.problems),
        "other": None if report.other is None else _write_section(report.other),
    }


def _structure_section(data: object, _: object) -> Section:
    problems: _Problems = []
    section = _read_section(data, "$", problems)
    if section is None:
        raise JsonError(problems)
    return section


def _structure_paragraph(data: object, _: object) -> Paragraph:
    return Paragraph(text=_structure_str(data, None))


def _refuse_table(data: object, cls: type[Any]) -> Any:
    raise JsonError([Problem(
        "$", f"a {cls.__name__} is read only as part of a report, where its format is known"
    )])


def _validated(hook: Callable[[Any, Any], Any], field: attrs.Attribute[Any]
               ) -> Callable[[Any, Any], Any]:
    """A field hook that also runs the field's attrs validator, so that its message is
    reported under the field's own path (the constructor runs it again: it is cheap)."""
    validator = field.validator
    if validator is None:
        return hook

    def structure(value: Any, type_: Any) -> Any:
        result = hook(value, type_)
        validator(None, field, result)
        return result

    return structure


# --- the converter ------------------------------------------------------------------------


def configure_converter(conv: cattrs.Converter) -> None:
    """Install every hook of the JSON document on ``conv``."""
    from cattrs.gen import make_dict_structure_fn, override

    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(Decimal, _money_text)

    def optional(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        return lambda v, t: None if v is None else hook(v, t)

    primitive: dict[object, Callable[[Any, Any], Any]] = {
        int: _structure_int, str: _structure_str, dt.date: _structure_date,
        int | None: optional(_structure_int), str | None: optional(_structure_str),
        dt.date | None: optional(_structure_date),
    }
    overrides: dict[str, Any] = {
        f.name: override(struct_hook=_validated(primitive[f.type], f))
        for f in attrs.fields(attrs.resolve_types(Metadata))
    }
    generated = make_dict_structure_fn(
        Metadata, conv, _cattrs_forbid_extra_keys=True, **overrides
    )

    def structure_metadata(value: Any, type_: Any) -> Metadata:
        if type(value) is not dict:
            raise _Refused(f"expected a Metadata object, got {_type_name(value)}")
        return generated(value, type_)

    conv.register_structure_hook(Metadata, structure_metadata)
    conv.register_unstructure_hook(Metadata, _unstructure_metadata)
    conv.register_structure_hook(Paragraph, _structure_paragraph)
    conv.register_unstructure_hook(Paragraph, lambda p: p.text)
    conv.register_structure_hook(Section, _structure_section)
    conv.register_unstructure_hook(Section, _write_section)
    for table in (Table2, Table3, Table4):
        conv.register_structure_hook(table, _refuse_table)
    conv.register_unstructure_hook(Table2, _write_table2)
    conv.register_unstructure_hook(Table3, _write_grid)
    conv.register_unstructure_hook(Table4, _write_grid)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, ReportFormat), lambda f: f.code
    )
    conv.register_structure_hook(AnnualReport, lambda data, _: _structure_report(data, conv))
    conv.register_unstructure_hook(AnnualReport, _unstructure_report)


def make_converter() -> cattrs.Converter:
    """A new converter with every hook of the JSON document installed."""
    import cattrs

    conv = cattrs.Converter(forbid_extra_keys=True)
    configure_converter(conv)
    return conv


@functools.cache
def converter() -> cattrs.Converter:
    """The module's converter, built on first use."""
    return make_converter()


# --- public API ---------------------------------------------------------------------------


def to_dict(report: AnnualReport) -> JsonDict:
    """The JSON document of ``report`` as plain dicts, lists, strings, ints and ``None``."""
    result: JsonDict = converter().unstructure(report, AnnualReport)
    return result


def from_dict(data: object, *, strict: bool = False) -> AnnualReport:
    """Read a report from a decoded JSON document.

    Raises :class:`~govdisclosure.errors.JsonError` listing every problem (each at its JSON
    path). With ``strict=True`` the official identities are checked too, and
    :class:`~govdisclosure.errors.InconsistentReport` lists every violation.
    """
    report: AnnualReport = converter().structure(data, AnnualReport)
    if strict:
        from .checks import validate  # checks is above the model; imported when needed

        validate(report)
    return report


def dump_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """The JSON text of ``report`` (keys in the documented order, non-ASCII kept as is);
    ``indent=None`` writes one compact line."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent, separators=separators)


def load_json(text: str | bytes | bytearray, *, strict: bool = False) -> AnnualReport:
    """Read a report from JSON text (``bytes`` may be UTF-8, -16 or -32). See :func:`from_dict`."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode(json.detect_encoding(text), "strict")
        except UnicodeDecodeError as exc:
            raise JsonError([Problem("$", f"not valid Unicode text: {exc.reason}")]) from None
        text = text.removeprefix("\ufeff")
    if not isinstance(text, str):
        raise JsonError([Problem("$", f"expected JSON text, got {type(text).__name__}")])
    fast = _fast_decode(text)
    if fast is not None:
        try:
            return from_dict(fast, strict=strict)
        except JsonError:
            # orjson reads an integer beyond 64 bits as a float, which no field accepts: the
            # standard library's reading gives the problems exactly as they are (a version
            # warning was given already)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", JsonVersionWarning)
                return from_dict(_decode_text(text), strict=strict)
    return from_dict(_decode_text(text), strict=strict)


def _decode_text(text: str) -> Any:
    try:
        try:
            return _decode(text)
        except json.JSONDecodeError:
            raise
        except JsonError:  # keys given twice
            raise
        except ValueError:  # an integer beyond the interpreter's limit on digits
            pass
        return _HUGE.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonError(
            [Problem(f"line {exc.lineno} column {exc.colno}", f"malformed JSON: {exc.msg}")]
        ) from None
    except RecursionError:
        raise JsonError([Problem("$", (
            "arrays or objects nested too deeply (a report is nested a few levels deep)"
        ))]) from None


class _HugeInt:
    """Stands for an integer literal too long to convert, so that it is refused with its
    JSON path (no count or year has so many digits)."""

    __slots__ = ("digits",)

    def __init__(self, literal: str) -> None:
        self.digits = len(literal.lstrip("-"))

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"


def _parse_int(literal: str) -> int | _HugeInt:
    return int(literal) if len(literal) < 4000 else _HugeInt(literal)


_HUGE = json.JSONDecoder(parse_constant=_NonFinite, parse_int=_parse_int)


def load_json_file(path: str | PathLike[str], *, strict: bool = False) -> AnnualReport:
    """Read a report from a JSON file."""
    return load_json(Path(path).read_bytes(), strict=strict)


def dump_json_file(report: AnnualReport, path: str | PathLike[str], *,
                   indent: int | None = 2) -> None:
    """Write the JSON text of ``report`` to a file, in UTF-8 with a final newline."""
    Path(path).write_text(dump_json(report, indent=indent) + "\n", encoding="utf-8")
