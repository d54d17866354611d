"""The documentation cannot rot: its code runs, its links resolve, its API page is current.

* Every ```` ```python ```` block of ``docs/*.md`` is run, each page's blocks in order in one
  namespace, in a fresh interpreter per page (a page may define a rule or a category, which
  registers globally; it must not leak into other tests). A block is skipped only when the
  line before it is ``<!-- skip -->`` (used for capabilities that do not exist yet).
* Every relative link of ``docs/*.md`` and ``README.md`` points to an existing file.
* ``docs/api.md`` equals the output of ``docs/gen_api.py``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
SKIP_MARK = "<!-- skip -->"

_FENCE = re.compile(r"^```(\S*)\s*$")
# [text](target) — the target stops at whitespace or ")"; images included.
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HREF = re.compile(r"""(?:href|src)=["']([^"']+)["']""")


def python_blocks(text: str) -> list[tuple[int, str, bool]]:
    """``(line number, code, skipped)`` of each ```` ```python ```` block of a Markdown text."""
    blocks: list[tuple[int, str, bool]] = []
    lines = text.splitlines()
    i = 0
    previous = ""  # the last non-blank line outside a block
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        lang, start = match.group(1), i + 1
        end = start
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        if lang == "python":
            blocks.append((start, "\n".join(lines[start:end]), previous == SKIP_MARK))
        previous = ""
        i = end + 1
    return blocks


def links(text: str) -> list[str]:
    """Every link target of a Markdown text (Markdown links, and href/src attributes)."""
    in_code = False
    found: list[str] = []
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        prose = re.sub(r"`[^`]*`", "", line)  # inline code is not a link
        found.extend(_LINK.findall(prose))
        found.extend(_HREF.findall(prose))
    return found


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# Runs in the child: exec the blocks of one page in order, in one namespace, and name the
# block that failed (its first line in the page) before re-raising.
_RUNNER = """
import json, sys, traceback
page, blocks = sys.argv[1], json.loads(sys.stdin.read())
namespace = {"__name__": "__docs__"}
for line, code in blocks:
    try:
        exec(compile(code, f"{page}:{line}", "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        print(f"FAILED: the python block at {page}, line {line}", file=sys.stderr)
        sys.exit(1)
"""


# --- the helpers themselves ---------------------------------------------------------------


def test_python_blocks_finds_blocks_and_skip_marks() -> None:
    text = "\n".join([
        "# t", "```python", "x = 1", "```", "",
        "<!-- skip -->", "", "```python", "import missing", "```",
        "```sh", "ls", "```", "```python", "y = x", "```",
    ])
    assert python_blocks(text) == [(2, "x = 1", False), (8, "import missing", True),
                                   (14, "y = x", False)]


def test_links_ignores_code_and_finds_targets() -> None:
    text = "see [a](a.md) and `[b](b.md)` ![i](img/x.png)\n```\n[c](c.md)\n```\n<a href='d.md'>"
    assert links(text) == ["a.md", "img/x.png", "d.md"]


def test_the_guide_has_runnable_examples() -> None:
    runnable = [
        page.name for page in PAGES
        if any(not skipped for _, _, skipped in python_blocks(page.read_text(encoding="utf-8")))
    ]
    # The pages about what exists today must show code that runs.
    for name in ("guide-authoring.md", "guide-checking.md", "guide-json-csv.md",
                 "guide-extending.md"):
        assert name in runnable


# --- the documentation --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_blocks_run(page: Path) -> None:
    import json

    blocks = [(line, code) for line, code, skipped in python_blocks(
        page.read_text(encoding="utf-8")) if not skipped]
    if not blocks:
        pytest.skip("no runnable python block")
    result = subprocess.run(
        [sys.executable, "-c", _RUNNER, f"docs/{page.name}"],
        input=json.dumps(blocks),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]


@pytest.mark.parametrize(
    "page", [*PAGES, ROOT / "README.md"], ids=[*(p.name for p in PAGES), "README.md"]
)
def test_relative_links_resolve(page: Path) -> None:
    missing = []
    for target in links(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # http:, mailto:, … and anchors within the page
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{page.name}: links to missing files: {missing}"


_RULE_IDS = """
import importlib, json, pkgutil
import govdisclosure
for info in pkgutil.walk_packages(govdisclosure.__path__, prefix="govdisclosure."):
    if not any(part.startswith("_") for part in info.name.split(".")):
        importlib.import_module(info.name)  # every module: each registers its rules
from govdisclosure.checks import rules
ids = [r.id for r in rules() if r.__module__.startswith("govdisclosure.")]
try:
    from govdisclosure.audit import pair_rules, report_rules
except ImportError:
    pass
else:
    for registry in (report_rules, pair_rules):
        ids += [r.id for r in registry() if r.__module__.startswith("govdisclosure.")]
print(json.dumps(ids))
"""


def test_every_rule_is_documented() -> None:
    import json

    result = subprocess.run(
        [sys.executable, "-c", _RULE_IDS],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=_env(), check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    ids = json.loads(result.stdout)
    assert {"T3-A", "T3-B", "T3-C", "T4"} <= set(ids)
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    # Each id has its own row in a table of rules.md: "| `T3-A` |".
    missing = [i for i in ids if f"| `{i}` |" not in text]
    assert not missing, f"rules missing from docs/rules.md: {missing}"


def test_api_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(DOCS / "gen_api.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    committed = (DOCS / "api.md").read_text(encoding="utf-8")
    assert committed == result.stdout, (
        "docs/api.md is out of date: run `PYTHONPATH=src python docs/gen_api.py -o docs/api.md`"
    )


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "docs").glob("*.py")))
def test_docs_scripts_import(script: str) -> None:
    # The scripts in docs/ are not run here (the screenshot needs Chromium), but every name
    # they import must exist, so a renamed module cannot break them unseen.
    spec = importlib.util.spec_from_file_location(f"_docs_{script[:-3]}", ROOT / "docs" / script)
    assert spec is not None
    assert spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
