"""Rendering a report: ``render(report, "text" | "markdown" | "html" | "json" | "csv")``
gives text; ``render(report, "docx" | "pdf")`` gives the bytes of a Word document or a PDF.

Text, Markdown, HTML, Word and PDF follow the official layout of the State Council template
(spec ``format.md`` §3–§5); JSON and CSV are the library's interchange formats. Word needs the
``docx`` extra (python-docx), PDF the ``publish`` extra (reportlab).
"""

from __future__ import annotations

from typing import Literal, Protocol, get_args, overload

from govdisclosure.errors import InvalidValue, Problem
from govdisclosure.model import AnnualReport

from .html import render_html
from .markdown import render_markdown
from .text import render_text

__all__ = [  # noqa: RUF022  # in dir()'s plain order, which a test holds it to
    "BINARY_KINDS",
    "BinaryKind",
    "KINDS",
    "Kind",
    "TextKind",
    "render",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
    "render_text",
]


def __dir__() -> list[str]:
    return __all__


Kind = Literal["text", "markdown", "html", "json", "csv"]
#: The kinds :func:`render` returns as text.
TextKind = Kind
#: The kinds :func:`render` returns as bytes (a file to save).
BinaryKind = Literal["docx", "pdf"]
#: The text kinds :func:`render` accepts.
KINDS: tuple[Kind, ...] = get_args(Kind)
#: The binary kinds :func:`render` accepts.
BINARY_KINDS: tuple[BinaryKind, ...] = get_args(BinaryKind)


def render_docx(report: AnnualReport, *, group: bool = False) -> bytes:
    """The report as a Word document (``.docx`` bytes); needs the ``docx`` extra."""
    from .docx import render_docx as _render_docx  # python-docx is imported only here

    return _render_docx(report, group=group)


def render_pdf(report: AnnualReport, *, group: bool = False) -> bytes:
    """The report as an A4 PDF (bytes); needs the ``publish`` extra."""
    from .pdf import render_pdf as _render_pdf  # reportlab is imported only here

    return _render_pdf(report, group=group)


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
class _BinaryRenderer(Protocol):
    def __call__(self, report: AnnualReport, *, group: bool = False) -> bytes: ...


_BINARY_RENDERERS: dict[str, _BinaryRenderer] = {
    "docx": render_docx,
    "pdf": render_pdf,
}


@overload
def render(report: AnnualReport, kind: Kind, *, group: bool = False) -> str: ...
@overload
def render(report: AnnualReport, kind: BinaryKind, *, group: bool = False) -> bytes: ...
def render(report: AnnualReport, kind: Kind | BinaryKind, *, group: bool = False) -> str | bytes:
    """``report`` rendered as ``kind``: text, markdown, html (a fragment), json or csv as
    ``str``; docx or pdf as ``bytes``.

    Numbers print as the template prints them (``2418``); ``group=True`` adds grouping
    separators (``2,418``) in text, Markdown, HTML, Word and PDF. JSON and CSV always hold
    plain numbers.
    """
    text = _RENDERERS.get(kind) if isinstance(kind, str) else None
    binary = _BINARY_RENDERERS.get(kind) if isinstance(kind, str) else None
    if text is None and binary is None:
        expected = ", ".join((*KINDS, *BINARY_KINDS))
        raise InvalidValue(
            [Problem("kind", f"expected one of {expected}, got {kind!r}")],
            "unknown rendering",
        )
    if not isinstance(report, AnnualReport):
        raise InvalidValue(
            [Problem("report", f"expected an AnnualReport, got {type(report).__name__}")]
        )
    if binary is not None:
        return binary(report, group=bool(group))
    assert text is not None
    return text(report, group=bool(group))
