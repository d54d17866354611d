"""Rendering a report: ``render(report, "text" | "markdown" | "html" | "json" | "csv")``.

Text, Markdown and HTML follow the official layout of the State Council template (spec
``format.md`` §3–§5); JSON and CSV are the library's interchange formats.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from govdisclosure.errors import InvalidValue, Problem
from govdisclosure.model import AnnualReport

from .html import render_html
from .markdown import render_markdown
from .text import render_text

__all__ = ["KINDS", "Kind", "render", "render_html", "render_markdown", "render_text"]


def __dir__() -> list[str]:
    return __all__


Kind = Literal["text", "markdown", "html", "json", "csv"]
#: The kinds :func:`render` accepts.
KINDS: tuple[Kind, ...] = get_args(Kind)


def _json(report: AnnualReport) -> str:
    from govdisclosure.jsonio import dump_json  # written alongside; imported when used

    return dump_json(report)


def _csv(report: AnnualReport) -> str:
    from govdisclosure.csvio import dump_csv

    return dump_csv(report)


_RENDERERS: dict[str, Callable[[AnnualReport], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": _json,
    "csv": _csv,
}


def render(report: AnnualReport, kind: Kind) -> str:
    """``report`` rendered as ``kind``: text, markdown, html (a fragment), json or csv."""
    renderer = _RENDERERS.get(kind) if isinstance(kind, str) else None
    if renderer is None:
        raise InvalidValue(
            [Problem("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}")],
            "unknown rendering",
        )
    if not isinstance(report, AnnualReport):
        raise InvalidValue(
            [Problem("report", f"expected an AnnualReport, got {type(report).__name__}")]
        )
    return renderer(report)
