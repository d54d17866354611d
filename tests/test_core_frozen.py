"""Every answer of the core on a large generated corpus is what it was before the fast-core
rework: the same reports read, the same findings, the same errors with the same messages.

Run in a fresh interpreter: formats and rules that other tests register would change the
answers (e.g. the list of known formats in a message)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_answers_equal_the_frozen_answers() -> None:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    done = subprocess.run(
        [sys.executable, str(HERE / "core_corpus.py"), "--compare"],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "same"
