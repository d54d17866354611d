"""Golden files of the bundled examples in text, Markdown and HTML.

Checked by eye against the seed's published text (永春县石鼓镇, spec corpus) and the template,
then pinned. After an intended change, rewrite them with
``GOVDISCLOSURE_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`` and review the diff.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govdisclosure.jsonio import from_dict
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import render, render_html, render_markdown, render_text
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


# --- a stored sample: generated reports and the digests of their renderings ----------------

SAMPLE = Path(__file__).parent / "data" / "render_sample.json.gz"


def _sample() -> list[dict[str, Any]]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        entries: list[dict[str, Any]] = json.load(f)
    return entries


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_sample_renders_byte_identical() -> None:
    # 83 reports from govdisclosure.strategies (blanks, stated groups, units, huge counts)
    # and the real ones of tests/data, then 12 with hostile and long narrative; digests of
    # text, Markdown and HTML (plain and grouped, fragment and page) pinned before the
    # renderers drew each format's frame once (see data/render_SOURCES.md).
    entries = _sample()
    assert len(entries) == 95
    changed = []
    for i, entry in enumerate(entries):
        report = from_dict(entry["report"])
        got = {"html+page": _digest(render_html(report, standalone=True))}
        for group in (False, True):
            for kind in ("text", "markdown", "html"):
                got[kind + ("+group" if group else "")] = _digest(
                    render(report, kind, group=group)  # type: ignore[call-overload]
                )
        changed.extend((i, k) for k, v in got.items() if entry[k] != v)
    assert not changed
