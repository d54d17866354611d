"""JSON Schema (draft 2020-12) of the report document (version 1.0).

Built from the formats (:mod:`govdisclosure.formats`) and their axes, so every registered
format, variants included, is described, and each cell carries its official label as its
``title``. The schema states the shape; :func:`govdisclosure.jsonio.load_json` is stricter in
two ways a schema cannot say: a count must be a JSON integer written without a fraction
(``1.0`` is refused), and the official identities are checked with ``strict=True``.
"""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from .formats import SECTION_HEADINGS, ReportFormat, ValueKind, formats, get_format
from .layout import Axis, Kind, Node
from .model import Grid, Table3, Table4
from .units import MONEY_UNITS

__all__ = ["DRAFT", "json_schema", "schema_text"]


def __dir__() -> list[str]:
    return __all__


#: The JSON Schema dialect of :func:`json_schema`.
DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema: TypeAlias = dict[str, Any]

# Must match the reader (govdisclosure.jsonio): a plain non-negative decimal, no exponent,
# followed by its unit as printed, if any (govdisclosure.units).
_MONEY_PATTERN = (
    "^[0-9]+(\\.[0-9]+)?("
    + "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
    + ")?$"
)
_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_VERSION_PATTERN = "^1\\.[0-9]+$"

_DEFS: Schema = {
    "count": {
        "description": "a non-negative integer count; null = left blank as published",
        "type": ["integer", "null"],
        "minimum": 0,
    },
    "signed": {
        "description": "an integer of either sign; null = left blank as published",
        "type": ["integer", "null"],
    },
    "money": {
        "description": 'an amount as a decimal string such as "4166.241619" (never a JSON '
        'number), with its unit as printed if any ("16万", "8.175万元"); null = left blank '
        "as published",
        "type": ["string", "null"],
        "pattern": _MONEY_PATTERN,
    },
    "section": {
        "description": "a heading with its paragraphs (strings) and subsections, in order",
        "type": "object",
        "properties": {
            "heading": {"type": "string"},
            "content": {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/section"}]},
            },
        },
        "required": ["heading"],
        "additionalProperties": False,
    },
    "metadata": {
        "type": "object",
        "properties": {
            "body": {"description": "the issuing body", "type": "string", "minLength": 1},
            "year": {
                "description": "the year reported on", "type": "integer",
                "minimum": 2000, "maximum": 2999,
            },
            "doc_number": {"description": "文号 (document number)", "type": ["string", "null"]},
            "published": {
                "description": "date of publication (ISO 8601)",
                "type": ["string", "null"],
                "pattern": _DATE_PATTERN,
            },
            "title": {"description": "the title as published", "type": ["string", "null"]},
        },
        "required": ["body", "year"],
        "additionalProperties": False,
    },
}

_KIND_NOTES = {
    Kind.TOTAL: "a total: derived from its parts when absent, kept as given when present",
    Kind.GROUP: "a group not printed in the template: give it only when the report states it",
}


def _describe(node: Node, title: str) -> Schema:
    out: Schema = {"title": title}
    note = _KIND_NOTES.get(node.kind)
    if note:
        out["description"] = note
    return out


def _grid_schema(cls: type[Grid], fmt: type[ReportFormat], caption: str) -> Schema:
    rows: Axis = cls.row_axis(fmt)
    cols: Axis = cls.column_axis(fmt)
    leaf_columns = [c.code for c in cols.cells if c.kind is Kind.LEAF]
    properties: Schema = {}
    for row in rows.cells:
        columns = {
            c.code: {"$ref": "#/$defs/count", **_describe(c, c.path_text)} for c in cols.cells
        }
        line: Schema = {
            "type": "object",
            **_describe(row, "/".join(cls.row_path(fmt, row))),
            "properties": columns,
            "additionalProperties": False,
        }
        if row.kind is Kind.LEAF:
            line["required"] = leaf_columns
        properties[row.code] = line
    return {
        "title": caption,
        "type": "object",
        "properties": properties,
        "required": [r.code for r in rows.cells if r.kind is Kind.LEAF],
        "additionalProperties": False,
    }


_VALUE_REFS = {
    ValueKind.COUNT: "#/$defs/count",
    ValueKind.SIGNED: "#/$defs/signed",
    ValueKind.MONEY: "#/$defs/money",
}


def _table2_schema(fmt: type[ReportFormat]) -> Schema:
    blocks: Schema = {}
    for block in fmt.table2_blocks:
        rows = {
            code: {
                "title": label,
                "type": "object",
                "properties": {
                    col.code: {"$ref": _VALUE_REFS[col.kind], "title": col.label}
                    for col in block.columns
                },
                "required": [col.code for col in block.columns],
                "additionalProperties": False,
            }
            for code, label in block.rows
        }
        blocks[block.code] = {
            "title": block.label,
            "type": "object",
            "properties": rows,
            "required": list(rows),
            "additionalProperties": False,
        }
    return {
        "title": SECTION_HEADINGS["二"],
        "type": "object",
        "properties": blocks,
        "required": list(blocks),
        "additionalProperties": False,
    }


def _section_ref(number: str) -> Schema:
    return {
        "title": SECTION_HEADINGS[number],
        "anyOf": [{"$ref": "#/$defs/section"}, {"type": "null"}],
    }


def _format_schema(fmt: type[ReportFormat]) -> Schema:
    return {
        "title": f"{fmt.code}（{fmt.source}）",
        "type": "object",
        "properties": {
            "govdisclosure": {
                "description": "the document version MAJOR.MINOR",
                "type": "string",
                "pattern": _VERSION_PATTERN,
            },
            "format": {"description": "the format version", "const": fmt.code},
            "metadata": {"$ref": "#/$defs/metadata"},
            "overview": _section_ref("一"),
            "table2": _table2_schema(fmt),
            "table3": _grid_schema(Table3, fmt, SECTION_HEADINGS["三"]),
            "table4": _grid_schema(Table4, fmt, SECTION_HEADINGS["四"]),
            "problems": _section_ref("五"),
            "other": _section_ref("六"),
        },
        "required": ["govdisclosure", "format", "metadata", "table2", "table3", "table4"],
        "additionalProperties": False,
    }


def json_schema(fmt: str | type[ReportFormat] | None = None) -> Schema:
    """The JSON Schema of a report document of ``fmt``, or of any registered format
    (``oneOf``, told apart by ``format``). Raises
    :class:`~govdisclosure.errors.UnknownFormat` for an unknown code."""
    head: Schema = {
        "$schema": DRAFT,
        "title": "政府信息公开工作年度报告 (govdisclosure JSON document 1.0)",
    }
    defs = json.loads(json.dumps(_DEFS))  # a fresh copy: callers may change the result
    if fmt is not None:
        return {**head, **_format_schema(get_format(fmt)), "$defs": defs}
    return {**head, "oneOf": [_format_schema(f) for f in formats()], "$defs": defs}


def schema_text(fmt: str | type[ReportFormat] | None = None) -> str:
    """:func:`json_schema` as indented JSON text (labels kept in Chinese)."""
    return json.dumps(json_schema(fmt), ensure_ascii=False, indent=2)
