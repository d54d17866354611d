"""govdisclosure.render: one entry point for every kind."""

from __future__ import annotations

import importlib

import pytest

from govdisclosure.errors import GovDisclosureError
from govdisclosure.rendering import KINDS, render, render_html, render_markdown, render_text
from test_render_html import seed


def test_kinds() -> None:
    assert KINDS == ("text", "markdown", "html", "json", "csv")


def test_text_markdown_html() -> None:
    report = seed()
    assert render(report, "text") == render_text(report)
    assert render(report, "markdown") == render_markdown(report)
    assert render(report, "html") == render_html(report)


def test_json_and_csv_delegate() -> None:
    from govdisclosure.csvio import dump_csv
    from govdisclosure.jsonio import dump_json

    report = seed()
    assert render(report, "json") == dump_json(report)
    assert render(report, "csv") == dump_csv(report)


@pytest.mark.parametrize("kind", ["rtf", "PDF", "TEXT", "", None, 3])
def test_unknown_kind_names_the_allowed_ones(kind: object) -> None:
    with pytest.raises(GovDisclosureError,
                       match="text, markdown, html, json, csv, docx, pdf") as info:
        render(seed(), kind)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_binary_kinds_give_bytes(kind: str) -> None:
    pytest.importorskip("docx" if kind == "docx" else "reportlab")
    data = render(seed(), kind)  # type: ignore[call-overload]
    assert isinstance(data, bytes)
    assert data.startswith(b"PK" if kind == "docx" else b"%PDF-")


def test_not_a_report() -> None:
    with pytest.raises(GovDisclosureError, match="AnnualReport"):
        render({"format": "2019"}, "text")  # type: ignore[arg-type]


def test_dir_is_all() -> None:
    # ``govdisclosure.render`` is the function; the modules live in ``govdisclosure.rendering``.
    render_module = importlib.import_module("govdisclosure.rendering")
    assert dir(render_module) == render_module.__all__
    for name in ("text", "markdown", "html", "docx", "pdf"):
        module = importlib.import_module(f"govdisclosure.rendering.{name}")
        assert dir(module) == module.__all__
