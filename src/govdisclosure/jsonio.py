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
import itertools
import json
import operator
import re
import sys
import warnings
from collections.abc import Callable, Mapping
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from .categories import Category
from .errors import GovDisclosureError, InvalidValue, JsonError, LayoutError, Problem, UnknownFormat
from .formats import ReportFormat, T2Cell, ValueKind, get_format
from .layout import Axis, Kind, Node
from .model import (
    _SECTION_SETTERS,
    _SET_TEXT,
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
    _t2_problem,
    _unit_problem,
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
_G = TypeVar("_G", bound=Grid)


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


def _front() -> tuple[Callable[[str], Any], Callable[[Any], bytes]] | None:
    if not _FAST:
        _FAST.append(_fast_front())
    return _FAST[0]


def _fast_loads(text: str) -> Any:
    """The document decoded by the ``[fast]`` front end, or ``None`` when it is not installed
    or refuses the text (the standard library then decodes, and names the problem)."""
    fast = _front()
    if fast is None:
        return None
    try:
        return fast[0](text)
    except Exception:  # orjson's refusal: the standard library gives the message
        return None


def _fast_decode(text: str, data: Any) -> Any:
    """``data`` decoded by the ``[fast]`` front end, or ``None`` when it cannot rule out a
    repeated key (the standard library then decodes).

    No key was given twice when orjson's writing of the document holds as many ``:`` as the
    text: every key has one ``:`` after it and strings come back with the same ``:`` in them,
    so a dropped repeated pair makes the count smaller. A ``:`` written as ``\\u003a`` in the
    text would make its count smaller too: such a text is left to the standard library."""
    fast = _front()
    if fast is None or data is None or "\\u003" in text:
        return None
    if fast[1](data).count(b":") != text.count(":"):
        return None
    return data


def _no_escaped_colon(text: str) -> bool:
    """Whether no ``:`` can be written as ``\\u003a`` in ``text`` (no backslash at all is
    found much faster than no ``\\u003``)."""
    return "\\" not in text or "\\u003" not in text


def _plain_decode(text: str) -> Any:
    """The document decoded by the standard library, or ``None`` when it refuses it (then
    decoded again where the refusal is turned into a problem)."""
    try:
        return _PLAIN.decode(text)
    except (ValueError, RecursionError):
        return None


def _decode(text: str, data: Any = None) -> Any:
    """Decode JSON text with the standard library (``data``: already decoded by it); a key
    given twice in one object is refused (which of two stated values to keep would be a
    guess), with the JSON path of the object. Without a hook per object: when the text
    holds exactly as many ``:`` as the decoded objects hold keys, no key was given twice (and
    no ``:`` stands in a string); otherwise the text is decoded again with a hook that names
    the repeated keys."""
    if data is None:
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
    #: the exact reading (generated): the values of a grid written as dump_json writes it,
    #: with the number of keys its objects hold, or ``None``
    exact: Callable[[dict[Any, Any]], tuple[tuple[tuple[int | None, ...], ...], int] | None]
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


def _generated(name: str, lines: list[str], namespace: dict[str, Any]) -> Any:
    """The function ``name`` defined by the source ``lines`` (as attrs and cattrs generate
    theirs: straight-line code without a loop per cell); its source is kept in
    :mod:`linecache` so that a traceback shows it."""
    import linecache  # only when a plan is made: ``import govdisclosure`` stays light

    source = "\n".join(lines) + "\n"
    filename = f"<govdisclosure generated {name} {len(linecache.cache)}>"
    exec(compile(source, filename, "exec"), namespace)  # our own source, generated above
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[name]


def _exact_grid_reader(
    cls: type[Grid], fmt: type[ReportFormat]
) -> Callable[[dict[Any, Any]], tuple[tuple[tuple[int | None, ...], ...], int] | None]:
    """Generate the exact reading of a grid: every non-group row with every non-group
    column (in any order), no group cells, only non-negative ints below the bound and nulls.

    One subscript per cell, in straight-line code: a row or cell that is absent (or a row
    that is not an object) stops it; the rows then hold every expected key, so that as many
    keys in all as expected means no other key. The values are checked in C (their types,
    their least and greatest), and the grid is built from them with every header and group
    cell blank: nothing is derived, every total being given."""
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    exact_rows = [n for n in rows.cells if n.kind is not Kind.GROUP]
    exact_cols = [n for n in cols.cells if n.kind is not Kind.GROUP]
    at = {
        (r.index, c.index): f"v{i * len(exact_cols) + j}"
        for i, r in enumerate(exact_rows) for j, c in enumerate(exact_cols)
    }
    cells = len(at)
    assert cells, "a grid of no cells"
    line_names = ", ".join(f"l{i}" for i in range(len(exact_rows))) + ","
    source = [
        "def read(data):",
        f"    if len(data) != {len(exact_rows)}:",
        "        return None",
        "    try:",
        *(f"        l{i} = data[{r.code!r}]" for i, r in enumerate(exact_rows)),
        "        f = (" + ", ".join(
            f"l{i}[{c.code!r}]" for i in range(len(exact_rows)) for c in exact_cols
        ) + ",)",
        "    except (KeyError, TypeError):  # absent, or a row that is not an object",
        "        return None",
        f"    if not dicts(map(type, ({line_names}))):",
        "        return None",
        f"    if sum(map(len, ({line_names}))) != {cells}:",
        "        return None",
        "    if not issuperset(map(type, f)):",
        "        return None",
        "    stated = sorted(filter(None, f))  # without the nulls and zeros",
        "    if stated and (stated[0] < 0 or stated[-1] >= LIMIT):",
        "        return None",
        "    " + ", ".join(at.values()) + ", = f",
        "    return (",
        *(
            "        (" + ", ".join(at.get((r.index, c.index), "None") for c in cols.nodes)
            + ",),"
            for r in rows.nodes
        ),
        f"    ), {len(exact_rows) + cells}",
    ]
    return _generated(  # type: ignore[no-any-return]
        "read", source, {"issuperset": _COUNT_TYPES.issuperset,
                         "dicts": _DICT_ONLY.issuperset, "LIMIT": COUNT_LIMIT},
    )


def _grid_plan(cls: type[Grid], fmt: type[ReportFormat]) -> _GridPlan:
    entry = _plans.get((cls, fmt))
    if entry is not None and entry[0] == Category.generation:
        return entry[1]
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
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
        exact=_exact_grid_reader(cls, fmt),
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
        return cls._proven(fmt, exact[0])
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
) -> tuple[tuple[tuple[int | None, ...], ...], int] | None:
    """The values of a grid written as :func:`dump_json` writes it (every non-group row
    with every non-group column, in any order, no group cells, only non-negative ints below
    the bound and nulls), with the number of keys its objects hold; or ``None`` for anything
    else, which the general path then reads (see :func:`_exact_grid_reader`)."""
    return plan.exact(data)


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
    #: the money cells (read by the exact reading)
    money: tuple[T2Cell, ...]


_t2plans: dict[type[ReportFormat], _Table2Plan] = {}


def _table2_plan(fmt: type[ReportFormat]) -> _Table2Plan:
    plan = _t2plans.get(fmt)
    if plan is None:
        blocks: dict[str, dict[str, dict[str, tuple[int, ValueKind]]]] = {}
        cells = fmt.table2_cells()
        for cell in cells:
            row = blocks.setdefault(cell.block.code, {}).setdefault(cell.row_code, {})
            row[cell.column.code] = (cell.index, cell.column.kind)
        order = [i for rows in blocks.values() for cols in rows.values() for i, _ in
                 cols.values()]
        assert order == list(range(len(cells)))  # blocks, rows, columns in printed order
        plan = _t2plans[fmt] = _Table2Plan(
            blocks=blocks,
            size=len(cells),
            money=tuple(c for c in cells if c.column.kind is ValueKind.MONEY),
        )
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


# --- the exact reading -------------------------------------------------------------------
#
# A document as dump_json writes it (any indentation, keys in any order, a group row of
# table 三 stated in full or not) is read by straight-line code generated once per format,
# with C-level checks that prove what the model's validators check, and the model is built
# without checking it again (``_proven``). Anything else (an error, a version other than
# 1.0/1.1, an absent total to derive, a stated group column ...) makes the exact reading
# decline, and the general path reads the document as it always did: the exact reading only
# ever returns the report the general path returns (tests/test_jsonio.py), so answers and
# messages stay the same.
#
# It also counts the keys of every object and the ``:`` in every text it read: a text
# holding as many ``:`` can have no key given twice (each key has one ``:`` after it, a
# text's ``:`` are in the text, and a repeated pair the decoder dropped would make the count
# smaller), so the duplicate keys are ruled out without a hook per object.


def _exact_text(joined: str) -> bool:
    """Whether the texts ``joined`` are of Unicode scalar values (what ``model._text``
    checks), all together: a lone surrogate stays one when texts are joined. UTF-32 refuses
    exactly the surrogates that UTF-8 refuses, and is written faster."""
    if joined.isascii():
        return True
    try:
        joined.encode("utf-32-le")
    except UnicodeEncodeError:
        return False
    return True


_STR_ONLY = frozenset({str})


def _exact_section(data: object, headings: list[str], texts: list[str]) -> Section | None:
    """A section with its heading and content, as dump_json writes it (a section without
    content is left to the general path); its heading is appended to ``headings`` (one per
    section: two keys each) and its paragraphs to ``texts``, to be checked all together.

    Built through the slots' own setters (``model._setters``), past the validators the
    reader has already done the work of, inline: a section costs no call but its own."""
    if type(data) is not dict or len(data) != 2:
        return None
    heading = data.get("heading")
    content = data.get("content")
    if type(heading) is not str or type(content) is not list:
        return None
    headings.append(heading)
    section = _new(Section)
    _set_heading(section, heading)
    if _STR_ONLY.issuperset(map(type, content)):
        texts += content
        if len(content) == 1:
            paragraph = _new(Paragraph)
            _set_text(paragraph, content[0])
            _set_content(section, (paragraph,))
            return section
        paragraphs = list(map(_new, itertools.repeat(Paragraph, len(content))))
        any(map(_set_text, paragraphs, content))  # sets each (a setter returns None), in C
        _set_content(section, tuple(paragraphs))
        return section
    items: list[Paragraph | Section] = []
    for item in content:
        if type(item) is str:
            texts.append(item)
            paragraph = _new(Paragraph)
            _set_text(paragraph, item)
            items.append(paragraph)
        else:
            sub = _exact_section(item, headings, texts)
            if sub is None:
                return None
            items.append(sub)
    _set_content(section, tuple(items))
    return section


_new = object.__new__
_set_text = _SET_TEXT
_set_heading, _set_content = _SECTION_SETTERS


def _exact_metadata(data: object, texts: list[str]) -> tuple[Metadata, int] | None:
    """Metadata whose every field holds what its validator accepts (see ``model.Metadata``),
    and its number of keys; its texts are appended to ``texts``."""
    if type(data) is not dict or not data.keys() <= _METADATA_FIELDS:
        return None
    body, year = data.get("body"), data.get("year")
    doc_number, title = data.get("doc_number"), data.get("title")
    published = data.get("published")
    if (
        type(body) is not str or not body.strip()
        or type(year) is not int or not 2000 <= year <= 2999
    ):
        return None
    texts.append(body)
    for text in (doc_number, title):
        if text is not None:
            if type(text) is not str or text == "":
                return None
            texts.append(text)
    date = None
    if published is not None:
        if type(published) is not str or not _DATE.fullmatch(published):
            return None
        try:
            date = dt.date.fromisoformat(published)
        except ValueError:
            return None
    return Metadata._proven(body, year, doc_number, date, title), len(data)


_Rows: TypeAlias = tuple[tuple[int | None, ...], ...]
_TablesReader: TypeAlias = Callable[
    [Any, Any, Any, bool], tuple[list[Any], _Rows, _Rows, int, bool, bool] | None
]


def _group_rows_source(
    table: str, group_rows: list[Node], exact_rows: int, exact_cols: list[Node]
) -> list[str]:
    """Source that reads the group rows of ``table`` stated in full (when the table holds
    more rows than its other rows): ``{table}_g{index}`` their values (``None`` when not
    stated) and ``{table}_more`` how many, every value checked in C."""
    more = f"{table}_more"
    source = [
        *(f"        {table}_g{n.index} = None" for n in group_rows),
        f"        {more} = len({table}) - {exact_rows}",
        f"        if {more}:",
        "            found = 0",
    ]
    for n in group_rows:
        row = f"{table}_{n.index}"
        source += [
            f"            if {n.code!r} in {table}:",
            f"                {row} = {table}[{n.code!r}]",
            f"                {table}_g{n.index} = ("
            + ", ".join(f"{row}[{c.code!r}]" for c in exact_cols) + ",)",
            f"                if len({row}) != {len(exact_cols)} or type({row}) is not dict:",
            "                    return None",
            "                found += 1",
        ]
    return [
        *source,
        f"            if found != {more}:",
        "                return None",
        "            stated = (" + ", ".join(
            f"*({table}_g{n.index} or ())" for n in group_rows
        ) + ",)",
        "            if not issuperset(map(type, stated)):",
        "                return None",
        "            stated = sorted(filter(None, stated))",
        "            if stated and (stated[0] < 0 or stated[-1] >= LIMIT):",
        "                return None",
    ]


def _grid_rows_source(
    table: str, rows: Axis, cols: Axis, at: dict[tuple[int, int], str], exact_cols: list[Node]
) -> list[str]:
    """The expression of every row of the grid: the values read (``at``: names by row and
    column index), blank for headers and group columns, and a group row's values when it
    is stated."""
    found = []
    for r in rows.nodes:
        if r.kind is Kind.GROUP:
            group = f"{table}_g{r.index}"
            at_group = {c.index: f"{group}[{j}]" for j, c in enumerate(exact_cols)}
            blank = "(" + "None, " * len(cols.nodes) + ")"
            found.append(
                f"{blank} if {group} is None else ("
                + ", ".join(at_group.get(c.index, "None") for c in cols.nodes) + ",)"
            )
        else:
            found.append(
                "(" + ", ".join(at.get((r.index, c.index), "None") for c in cols.nodes) + ",)"
            )
    return found


def _table2_source(plan: _Table2Plan, source: list[str], counts: list[str],
                   signed: list[str], amounts: list[str], t2_values: list[str]) -> list[str]:
    """Append to ``source`` the subscripts of table 二's blocks and rows, the expressions of
    its cells to ``counts``, ``signed`` and ``amounts`` by kind, and the names of its values
    in the cells' order to ``t2_values``; return the names of its blocks and rows."""
    blocks: list[str] = []
    lines: list[str] = []
    for i, (block, rows) in enumerate(plan.blocks.items()):
        source.append(f"        b{i} = t2[{block!r}]")
        blocks.append(f"b{i}")
        for row, cols in rows.items():
            name = f"r{len(lines)}"
            lines.append(name)
            source.append(f"        {name} = b{i}[{row!r}]")
            for col, (_, kind) in cols.items():
                cell = f"{name}[{col!r}]"
                if kind is ValueKind.COUNT:
                    t2_values.append(f"v{len(counts)}")
                    counts.append(cell)
                elif kind is ValueKind.SIGNED:
                    t2_values.append(f"s{len(signed)}")
                    signed.append(cell)
                else:  # an amount: taken here, read by the caller
                    t2_values.append(f"m{len(amounts)}")
                    amounts.append(cell)
    return blocks + lines


def _exact_tables_source(fmt: type[ReportFormat]) -> list[str]:
    """The source of ``read(table2, table3, table4)`` for ``fmt``.

    As dump_json writes them (blocks, rows and columns in any order; no group cell of
    table 三 or 四): one subscript per block, row and cell in straight-line code (an absent
    key, or a table, block or row that is not an object, stops it); then as many keys in
    all as expected, so no other key; then every count of the three tables checked at once
    in C (ints or nulls, from 0 to below the bound), and the signed numbers of table 二.
    It returns table 二's values in the cells' order (amounts still as given, for the
    caller to read), the rows of tables 三 and 四 (every header and group cell blank, but
    for a group row stated in full: nothing is derived, as every total is given) and how
    many keys the objects of the three tables hold."""
    plan = _table2_plan(fmt)
    source = ["def read(t2, t3, t4, decoded):", "    try:"]
    counts: list[str] = []  # expressions, all checked together
    signed: list[str] = []
    amounts: list[str] = []
    t2_values: list[str] = []
    #: every object read below the tables (each checked to be a dict, and their keys
    #: counted in one sum: each holds the keys read from it, so as many in all means no other)
    objects = _table2_source(plan, source, counts, signed, amounts, t2_values)
    inner = sum(len(rows) for rows in plan.blocks.values()) + plan.size
    top = len(plan.blocks)  # the keys of the tables themselves
    sizes: list[tuple[str, int, bool]] = [("t2", len(plan.blocks), False)]
    more_keys: list[str] = []  # the keys of stated group rows
    grids: list[list[str]] = []
    judged: list[str] = []  # the fused identity plan (see checks._holds_lines)
    for table, cls in (("t3", Table3), ("t4", Table4)):
        rows_axis, cols_axis = cls.row_axis(fmt), cls.column_axis(fmt)
        exact_rows = [n for n in rows_axis.cells if n.kind is not Kind.GROUP]
        exact_cols = [n for n in cols_axis.cells if n.kind is not Kind.GROUP]
        at: dict[tuple[int, int], str] = {}
        names = []
        for r in exact_rows:
            name = f"{table}_{r.index}"
            names.append(name)
            source.append(f"        {name} = {table}[{r.code!r}]")
            for c in exact_cols:
                at[(r.index, c.index)] = f"v{len(counts)}"
                counts.append(f"{name}[{c.code!r}]")
        objects += names
        inner += len(exact_rows) * len(exact_cols)
        top += len(exact_rows)
        # A group row may be stated in full (every column but the group columns), as one
        # row for （六）其他处理 beside its parts; read when the table holds more rows.
        group_rows = [n for n in rows_axis.cells if n.kind is Kind.GROUP]
        if group_rows:
            source += _group_rows_source(table, group_rows, len(exact_rows), exact_cols)
            more_keys.append(f"{table}_more * {1 + len(exact_cols)}")
        sizes.append((table, len(exact_rows), bool(group_rows)))
        grids.append(_grid_rows_source(table, rows_axis, cols_axis, at, exact_cols))
        judged += _judged_source(table, cls, fmt, at, group_rows, exact_cols)
    source.insert(2, "        if " + " or ".join(
        f"len({t}) {'<' if groups else '!='} {n}" for t, n, groups in sizes
    ) + ":")
    source.insert(3, "            return None")
    source += [
        "        c = (" + ", ".join(counts) + ",)",
        *(["        g = (" + ", ".join(signed) + ",)"] if signed else []),
        *(f"        m{i} = {cell}" for i, cell in enumerate(amounts)),
        "    except (KeyError, TypeError):  # absent, or not an object",
        "        return None",
        # a document decoded from JSON text holds no other kind of object than dict
        f"    if not decoded and not dicts(map(type, (t2, t3, t4, {', '.join(objects)},))):",
        "        return None",
        f"    if sum(map(len, ({', '.join(objects)},))) != {inner}:",
        "        return None",
        "    if not issuperset(map(type, c)):",
        "        return None",
        "    stated = sorted(filter(None, c))  # without the nulls and zeros",
        "    if stated and (stated[0] < 0 or stated[-1] >= LIMIT):",
        "        return None",
    ]
    if signed:
        source += [
            "    if not issuperset(map(type, g)):",
            "        return None",
            "    stated = sorted(filter(None, g))",
            "    if stated and (stated[0] <= -LIMIT or stated[-1] >= LIMIT):",
            "        return None",
            "    " + ", ".join(f"s{i}" for i in range(len(signed))) + ", = g",
        ]
    source += [
        "    " + ", ".join(f"v{i}" for i in range(len(counts))) + ", = c",
        *judged,
        "    return (",
        "        [" + ", ".join(t2_values) + "],",
        *(f"        ({', '.join(rows)},)," for rows in grids),
        "        " + " + ".join([str(top + inner), *more_keys]) + ",",
        "        t3_holds, t4_holds,",
        "    )",
    ]
    return source


def _judged_source(table: str, cls: type[Grid], fmt: type[ReportFormat],
                   at: dict[tuple[int, int], str], group_rows: list[Node],
                   exact_cols: list[Node]) -> list[str]:
    """Lines that set ``{table}_holds`` to whether the identities hold on the grid read (the
    lines of ``checks._holds_lines``, with the values as they are held: the locals read, a
    stated group row's values unpacked, ``None`` for every cell blank by construction)."""
    from .checks import _holds_lines  # the rules are above the reader: only to generate it

    groups = {n.index for n in group_rows}
    columns = {c.index for c in exact_cols}

    def name(r: int, c: int) -> str:
        if (r, c) in at:
            return at[(r, c)]
        if r in groups and c in columns:
            return f"{table}_g{r}_{c}"
        return "None"

    blank = "(" + "None, " * len(exact_cols) + ")"
    return [
        *(f"    {', '.join(f'{table}_g{r}_{c.index}' for c in exact_cols)}, = "
          f"{table}_g{r} or {blank}" for r in sorted(groups)),
        *_holds_lines(cls, fmt, name, f"{table}_holds"),
    ]


_tables: dict[type[ReportFormat], tuple[int, _TablesReader]] = {}


def _exact_tables(fmt: type[ReportFormat]) -> _TablesReader:
    """The generated exact reading of the tables of ``fmt``."""
    entry = _tables.get(fmt)
    if entry is not None and entry[0] == Category.generation:
        return entry[1]
    read: _TablesReader = _generated(
        "read", _exact_tables_source(fmt),
        {"issuperset": _COUNT_TYPES.issuperset, "dicts": _DICT_ONLY.issuperset,
         "LIMIT": COUNT_LIMIT},
    )
    _tables[fmt] = (Category.generation, read)
    return read


def _exact_amounts(fmt: type[ReportFormat], values: list[Any]) -> Table2 | None:
    """Table 二 from its values, once its amounts are read (in place), with their units."""
    units: list[str | None] = [None] * len(values)
    for cell in _table2_plan(fmt).money:
        value = values[cell.index]
        if value is None:
            continue
        if type(value) is not str:
            return None
        amount = split_amount(value)
        if amount is None:
            return None
        number, unit = amount
        # digits (and one point) of 15 characters at most: below 10**15, and of at most 15
        # significant digits (what _t2_problem checks); a unit of MONEY_UNITS on a stated
        # amount (what _unit_problem checks). Longer ones are checked by the model's test.
        if len(value) - len(unit or "") > 15 and (
            _t2_problem(cell, number) or _unit_problem(cell, number, unit)
        ):
            return None
        values[cell.index], units[cell.index] = amount
    return Table2._proven(fmt, tuple(values), tuple(units))


_EXACT_VERSIONS = frozenset({"1.0", "1.1"})


def _read_exact(data: object, decoded: bool = False) -> tuple[AnnualReport, int] | None:
    """The report of a document as :func:`dump_json` writes it, with the number of keys and
    of ``:`` in the texts it holds; ``None`` for anything else (see above). ``decoded``:
    ``data`` is what this module's JSON decoding returned, whose objects are all ``dict``
    (a dict subclass is then not looked for)."""
    # The collector's switch is left alone (a process-wide setting is not a reader's to
    # turn), and the objects made here hold no reference cycle.
    try:
        return _read_exact_document(data, decoded)
    except RecursionError:  # sections nested too deeply: the general path says so
        return None


def _read_exact_document(data: object, decoded: bool) -> tuple[AnnualReport, int] | None:
    if type(data) is not dict or not data.keys() <= _REPORT_KEYS:
        return None
    get = data.get
    version, code = get("govdisclosure"), get("format")
    if type(version) is not str or version not in _EXACT_VERSIONS or type(code) is not str:
        return None
    fmt = ReportFormat._registry.get(code)  # as get_format(code) finds it
    if fmt is None:
        return None
    texts: list[str] = []
    metadata = _exact_metadata(get("metadata"), texts)
    if metadata is None:
        return None
    tables = _exact_tables(fmt)(get("table2"), get("table3"), get("table4"), decoded)
    if tables is None:
        return None
    table2 = _exact_amounts(fmt, tables[0])
    if table2 is None:
        return None
    colons = len(data) + metadata[1] + tables[3]
    sections: list[Section | None] = []
    headings: list[str] = []
    for name in ("overview", "problems", "other"):
        value = data.get(name)
        if value is None:
            sections.append(None)
            continue
        section = _exact_section(value, headings, texts)
        if section is None:
            return None
        sections.append(section)
    texts += headings
    joined = "".join(texts)
    if not _exact_text(joined):
        return None
    colons += 2 * len(headings)
    if ":" in joined:  # found faster than counted, and seldom there
        colons += joined.count(":")
    report = AnnualReport._proven(
        fmt, metadata[0], sections[0], table2, Table3._proven(fmt, tables[1], tables[4]),
        Table4._proven(fmt, tables[2], tables[5]), sections[1], sections[2],
    )
    return report, colons


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
    exact = _read_exact(data)
    if exact is not None:
        return exact[0]
    return _read_general(data, conv)


def _read_general(data: object, conv: cattrs.Converter) -> AnnualReport:
    """The general path: any document, every problem named at its JSON path."""
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
    exact = _read_exact(data)
    report: AnnualReport = (
        converter().structure(data, AnnualReport) if exact is None else exact[0]
    )
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
    # the front end's (or the standard library's) decoding, read exactly when it can be
    fast = _fast_loads(text)
    data = _plain_decode(text) if fast is None else fast
    exact = _read_exact(data, decoded=True)
    if exact is not None and exact[1] == text.count(":") and _no_escaped_colon(text):
        report = exact[0]
        if strict:
            from .checks import validate

            validate(report)
        return report
    if fast is not None and _fast_decode(text, fast) is not None:
        try:
            return from_dict(fast, strict=strict)
        except JsonError:
            # orjson reads an integer beyond 64 bits as a float, which no field accepts: the
            # standard library's reading gives the problems exactly as they are (a version
            # warning was given already)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", JsonVersionWarning)
                return from_dict(_decode_text(text), strict=strict)
    return from_dict(_decode_text(text, None if fast is not None else data), strict=strict)


def _decode_text(text: str, data: Any = None) -> Any:
    try:
        try:
            return _decode(text, data)
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
