"""Rendering a report: ``render(report, "text" | "markdown" | "html" | "json" | "csv")``.

Text, Markdown and HTML follow the official layout of the State Council template (spec
``format.md`` §3–§5); JSON and CSV are the library's interchange formats.
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args

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


def _json(report: AnnualReport, *, group: bool = False) -> str:
    from govdisclosure.jsonio import dump_json  # written alongside; imported when used

    return dump_json(report)


def _csv(report: AnnualReport, *, group: bool = False) -> str:
    from govdisclosure.csvio import dump_csv

    return dump_csv(report)


class _Renderer(Protocol):
    def __call__(self, report: AnnualReport, *, group: bool = False) -> str: ...


_RENDERERS: dict[str, _Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": _json,
    "csv": _csv,
}


def render(report: AnnualReport, kind: Kind, *, group: bool = False) -> str:
    """``report`` rendered as ``kind``: text, markdown, html (a fragment), json or csv.

    Numbers print as the template prints them (``2418``); ``group=True`` adds grouping
    separators (``2,418``) in text, Markdown and HTML. JSON and CSV always hold plain numbers.
    """
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
    return renderer(report, group=bool(group))
