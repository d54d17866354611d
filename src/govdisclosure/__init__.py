"""govdisclosure: the 政府信息公开工作年度报告 as a typed, self-checking model.

Build a report from its leaf counts (:func:`build`), check a published one
(:func:`check`), move it through JSON (:func:`load_json`, :func:`dump_json`) and CSV
(:func:`records`, :func:`load_csv`, :func:`dump_csv`), and render it in the official layout
(:func:`render`).

The functions :func:`records`, :func:`render` and :func:`parse` live in the modules
:mod:`govdisclosure.csvio`, :mod:`govdisclosure.rendering` and :mod:`govdisclosure.parsing`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import categories, errors
from .authoring import build
from .checks import Rule, check, rules, unregister, validate
from .errors import GovDisclosureError, InconsistentReport
from .findings import Finding, Place, Severity, Verdict
from .formats import Format2019, Format2021, ReportFormat, get_format
from .jsonio import dump_json, from_dict, load_json, to_dict
from .model import AnnualReport, Metadata, Paragraph, Section, Table2, Table3, Table4

if TYPE_CHECKING:
    from .csvio import Record, dump_csv, load_csv, read_csv, records, write_csv
    from .parsing import ParseResult, parse
    from .rendering import render

# CSV, parsing and rendering are loaded on first use, so that ``import govdisclosure`` stays
# light (a CLI call pays only for what its command uses).
_LAZY = {
    "Record": "csvio", "dump_csv": "csvio", "load_csv": "csvio", "read_csv": "csvio",
    "records": "csvio", "write_csv": "csvio",
    "ParseResult": "parsing", "parse": "parsing",
    "render": "rendering",
}

__all__ = [
    "AnnualReport",
    "Finding",
    "Format2019",
    "Format2021",
    "GovDisclosureError",
    "InconsistentReport",
    "Metadata",
    "Paragraph",
    "ParseResult",
    "Place",
    "Record",
    "ReportFormat",
    "Rule",
    "Section",
    "Severity",
    "Table2",
    "Table3",
    "Table4",
    "Verdict",
    "__version__",
    "build",
    "categories",
    "check",
    "dump_csv",
    "dump_json",
    "errors",
    "from_dict",
    "get_format",
    "load_csv",
    "load_json",
    "parse",
    "read_csv",
    "records",
    "render",
    "rules",
    "to_dict",
    "unregister",
    "validate",
    "write_csv",
]


def __dir__() -> list[str]:
    return __all__


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("govdisclosure")
        except PackageNotFoundError:  # running from a source tree without installing
            return "0+unknown"
    raise AttributeError(f"module 'govdisclosure' has no attribute {name!r}")
