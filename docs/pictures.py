"""Make the pictures of the publishing guide (``docs/publish-*.png``) from a bundled report.

Usage (from the repository root)::

    PYTHONPATH=src python docs/pictures.py [REPORT.json]

Writes ``docs/publish-word.png`` (the Word file converted by LibreOffice, the page of table
三), ``docs/publish-pdf.png`` (the PDF, the same page) and ``docs/publish-web.png`` (the HTML
fragment as a CMS page shows it, by headless Chromium). Needs ``soffice``, ``pdftoppm`` and
``chromium`` (Debian: libreoffice-writer, poppler-utils, chromium, fonts-noto-cjk).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from govdisclosure.jsonio import load_json_file
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import render

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REPORT = ROOT / "src" / "govdisclosure" / "data" / "pingtan-2025.json"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)
TOOLS = ("soffice", "pdftoppm", "chromium")


def table3_page(pdf: Path) -> int:
    """The 1-based page of ``pdf`` that holds table 三 (found by its first row label)."""
    for page in range(1, 20):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=False).stdout
        if "本年新收政府信息公开申请数量" in text:
            return page
        if not text and page > 1:
            break
    return 1


def page_png(pdf: Path, out: Path, page: int, dpi: int = 70) -> None:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(stem)], check=True, timeout=120)


def word(report: AnnualReport, tmp: Path) -> Path:
    path = tmp / "报告.docx"
    path.write_bytes(render(report, "docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp / "word"), str(path)],
                   check=True, timeout=240, capture_output=True)
    return tmp / "word" / "报告.pdf"


def web(report: AnnualReport, tmp: Path, out: Path) -> None:
    # a CMS page: the fragment inside the site's own page, no stylesheet of ours
    page = tmp / "cms.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head>'
        '<body style="max-width:60em;margin:1em auto;font-family:sans-serif">'
        f"{render(report, 'html')}</body></html>", encoding="utf-8")
    subprocess.run([shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS,
                    "--window-size=1000,2600", f"--user-data-dir={tmp / 'profile'}",
                    f"--screenshot={out}", page.as_uri()],
                   check=True, timeout=120, capture_output=True)


def main(argv: list[str]) -> int:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print(f"needs {', '.join(missing)}", file=sys.stderr)
        return 1
    report = load_json_file(Path(argv[1]) if len(argv) > 1 else REPORT)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        word_pdf = word(report, tmp)
        page_png(word_pdf, DOCS / "publish-word.png", table3_page(word_pdf))
        pdf = tmp / "报告.pdf"
        pdf.write_bytes(render(report, "pdf"))
        page_png(pdf, DOCS / "publish-pdf.png", table3_page(pdf))
        web(report, tmp, DOCS / "publish-web.png")
    for kind in ("word", "pdf", "web"):
        print(f"wrote {DOCS / f'publish-{kind}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
