"""Pictures of the workbook a clerk fills, as LibreOffice shows it, for docs/guide-workbook.md.

Each sheet is saved alone, printed to PDF by LibreOffice headless (which also computes the
total formulas, as Excel or WPS would), then cut to its text with ``pdftotext -bbox`` and made a
PNG with ``pdftoppm``.

Usage (from the repository root)::

    PYTHONPATH=src python docs/workbook_pictures.py [OUT_DIR]

Needs LibreOffice (``soffice``), poppler-utils and fonts-noto-cjk. Writes
``docs/workbook-<sheet>.png``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs

from govdisclosure.jsonio import load_json_file
from govdisclosure.workbook import META_SHEET, NARRATIVE, dump_xlsx, template_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "govdisclosure" / "data" / "pingtan-2025.json"
EXAMPLE_2019 = ROOT / "src" / "govdisclosure" / "data" / "yongchun-shigu-2020.json"
DPI = 110
#: margin around the text, in points (wider on the right: a last column's border lies
#: beyond its centred text)
MARGIN, RIGHT_MARGIN = 14, 40
_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
)


def pictures() -> list[tuple[str, bytes, str]]:
    """(file stem, workbook, sheet) of each picture."""
    filled = dump_xlsx(load_json_file(EXAMPLE))
    blank = template_xlsx("2021", body="某县人民政府", year=2025)
    # A 2019-format sample whose amount is printed with its unit, as 上海 2019 prints 251000元.
    sample = load_json_file(EXAMPLE_2019)
    sample = attrs.evolve(sample, table2=sample.table2.replace({
        ("item_9", "procurement", "items"): 3,
        ("item_9", "procurement", "amount"): (Decimal("251000"), "元"),
    }), metadata=attrs.evolve(sample.metadata, body="某县人民政府", doc_number=None, title=None))
    return [
        ("workbook-meta", blank, META_SHEET),
        ("workbook-table2-2019", dump_xlsx(sample), "表二"),
        ("workbook-overview", filled, NARRATIVE["一"]),
        ("workbook-table2", filled, "表二"),
        ("workbook-table3", filled, "表三"),
        ("workbook-table4", filled, "表四"),
    ]


def one_sheet(data: bytes, sheet: str) -> bytes:
    """The workbook with only ``sheet`` left."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    for name in wb.sheetnames:
        if name != sheet:
            del wb[name]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def crop(pdf: Path) -> tuple[int, int, int, int]:
    """The first page's text area, in pixels at ``DPI``: x, y, width, height."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    boxes = [tuple(map(float, m.groups())) for m in _BOX.finditer(html)]
    x0 = min(b[0] for b in boxes) - MARGIN
    y0 = min(b[1] for b in boxes) - MARGIN
    x1 = max(b[2] for b in boxes) + RIGHT_MARGIN
    y1 = max(b[3] for b in boxes) + MARGIN
    scale = DPI / 72
    return (int(max(x0, 0) * scale), int(max(y0, 0) * scale), int((x1 - x0) * scale),
            int((y1 - y0) * scale))


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]).resolve() if len(argv) > 1 else ROOT / "docs"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print("needs soffice and pdftoppm: apt-get install -y libreoffice-calc poppler-utils "
              "fonts-noto-cjk", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for stem, data, sheet in pictures():
            source = work / f"{stem}.xlsx"
            source.write_bytes(one_sheet(data, sheet))
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True, timeout=180, capture_output=True,
            )
            pdf = work / f"{stem}.pdf"
            x, y, w, h = crop(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-singlefile", "-r", str(DPI), "-f", "1", "-l", "1",
                 "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), str(pdf),
                 str(out_dir / stem)],
                check=True, timeout=60,
            )
            print(f"wrote {out_dir / stem}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
