"""Render the bundled seed report as a standalone HTML page and screenshot it.

Usage (from the repository root)::

    PYTHONPATH=src python docs/screenshot.py [OUT.png [WIDTH,HEIGHT [REPORT.json]]]

Needs Debian's ``chromium`` (``apt-get install -y chromium fonts-noto-cjk``). Writes
``docs/report-page.png``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from govdisclosure.jsonio import load_json_file
from govdisclosure.rendering.html import render_html

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "govdisclosure" / "data" / "yongchun-shigu-2020.json"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
WINDOW = "1200,2400"


def main(argv: list[str]) -> int:
    out = Path(argv[1]).resolve() if len(argv) > 1 else ROOT / "docs" / "report-page.png"
    window = argv[2] if len(argv) > 2 else WINDOW
    source = Path(argv[3]) if len(argv) > 3 else SEED
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install -y chromium fonts-noto-cjk", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report-page.html"
        page.write_text(render_html(load_json_file(source), standalone=True), encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--window-size={window}", f"--user-data-dir={profile}",
             f"--screenshot={out}", page.as_uri()],
            check=True, timeout=120, capture_output=True,
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
