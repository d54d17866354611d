"""The standalone page printed to A4 by headless Chromium: table 三 on at most two pages.

Skipped when Chromium or pdfplumber is absent (CI installs both).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from govdisclosure.rendering.html import render_html
from test_render_html import pingtan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium")
def test_table3_prints_on_at_most_two_a4_pages(tmp_path: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    page = tmp_path / "page.html"
    page.write_text(render_html(pingtan(), standalone=True), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    with pdfplumber.open(pdf) as doc:
        # NFKC: the PDF's CJK radicals (⼈) read as the ideographs (人).
        texts = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in doc.pages]
    first = next(i for i, t in enumerate(texts) if "勾稽关系" in t)
    last = next(i for i, t in enumerate(texts) if "结转下年度继续办理" in t)
    assert last - first + 1 <= 2, [len(t) for t in texts]
    # Row labels wrap at word sense: a whole label stays on one line.
    assert "2.其他法律行政法规禁止公开" in texts[last].replace(" ", "") or any(
        "2.其他法律行政法规禁止公开" in t.replace(" ", "") for t in texts[first : last + 1])
