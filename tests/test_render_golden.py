"""Golden files of the bundled examples in text, Markdown and HTML.

Checked by eye against the seed's published text (永春县石鼓镇, spec corpus) and the template,
then pinned. After an intended change, rewrite them with
``GOVDISCLOSURE_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from govdisclosure.model import AnnualReport
from govdisclosure.rendering import render_html, render_markdown, render_text
from test_render_html import pingtan, seed

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("GOVDISCLOSURE_UPDATE_GOLDEN") == "1"

RENDERINGS: dict[str, Callable[[AnnualReport], str]] = {
    "txt": render_text,
    "md": render_markdown,
    "html": lambda report: render_html(report, standalone=True),
}
EXAMPLES = {"yongchun-shigu-2020": seed, "pingtan-2025": pingtan}


@pytest.mark.parametrize("suffix", sorted(RENDERINGS))
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden(name: str, suffix: str) -> None:
    report: AnnualReport = EXAMPLES[name]()
    rendered = RENDERINGS[suffix](report)
    path = GOLDEN / f"{name}.{suffix}"
    if UPDATE:
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with GOVDISCLOSURE_UPDATE_GOLDEN=1"
    assert rendered == path.read_text(encoding="utf-8")
