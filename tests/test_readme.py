"""A newcomer's first hour (issue 12, item 6): the README's code runs, its two commands are
the ones CI runs, the licence is there, and a missing extra says which one to install."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from test_docs import python_blocks

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, flags=re.M | re.S)


def test_readme_python_blocks_run_in_a_fresh_interpreter() -> None:
    blocks = [code for _, code, skipped in python_blocks(README) if not skipped]
    assert blocks, "the README shows how to use the library in Python"
    result = subprocess.run(
        [sys.executable, "-c", "\n\n".join(blocks)], capture_output=True, text=True,
        cwd=ROOT, env=_env(), check=False, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "3"  # the derived （七）总计 it prints


def test_readme_keeps_its_two_commands_and_ci_runs_the_second() -> None:
    commands = [b.strip() for b in _blocks("sh")[:2]]
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && govdisclosure demo",
        "python3 -m venv .venv && . .venv/bin/activate && pip install '.[test]' && "
        "python -m pytest -q",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # the same command; CI only adds pip's -q
    assert commands[1].replace("pip install", "pip install -q") + "\n" in ci


def test_readme_has_windows_instructions_and_says_how_it_installs() -> None:
    powershell = _blocks("powershell")
    assert len(powershell) == 2
    assert all(r".venv\Scripts\Activate.ps1" in b for b in powershell)
    assert "govdisclosure demo" in powershell[0]
    assert "python -m pytest -q" in powershell[1]
    assert "checkout" in README
    assert "wheel" in README


def test_licence_is_mit_and_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 govdisclosure developers" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["authors"] == [{"name": "govdisclosure developers"}]


def test_every_extra_the_readme_names_exists() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    named = set(re.findall(r"'\.\[(\w+)\]'", README))
    assert {"test", "pdf", "docx", "dask", "hypothesis"} <= named
    assert named <= set(extras)
    assert any(d.startswith("hypothesis") for d in extras["hypothesis"])


@pytest.mark.parametrize("module", ["govdisclosure.strategies"])
def test_strategies_without_hypothesis_name_the_extra(module: str) -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'hypothesis' or name.startswith('hypothesis.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import govdisclosure\n"
        "from govdisclosure.errors import MissingExtra\n"
        "try:\n"
        f"    import {module}\n"
        "except MissingExtra as exc:\n"
        "    print(exc)\n"
        "else:\n"
        "    print('imported')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(),
        check=True, timeout=120,
    )
    assert "pip install 'govdisclosure[hypothesis]'" in result.stdout
    assert "Traceback" not in result.stderr


def test_version_on_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "--version"], capture_output=True, text=True,
        env=_env(), check=True, timeout=120,
    )
    assert re.fullmatch(r"govdisclosure \S+\n", result.stdout)
