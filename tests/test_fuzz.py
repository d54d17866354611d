"""Fuzzing real documents against the contract (issue 12, item 5).

Each test draws a real document of ``tests/data`` and a few edits (byte flips, deletions,
duplications, hostile values: huge and 4,300-digit numbers, deep nesting, lone surrogates,
control characters, odd digits, formula payloads) and asserts that the reader, every writer of
what it read, and the command line keep the contract (see :mod:`fuzz`). The hypothesis
profile decides how many (``dev`` locally, ``ci`` in CI); ``benchmarks/fuzz.py`` is the deep
run. The hand-picked cases below are the breaks seen in the issue's run, one per class.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fuzz

ROOT = Path(__file__).resolve().parent.parent

edits = st.lists(
    st.builds(
        fuzz.Edit,
        op=st.integers(0, 63),
        where=st.floats(0, 1),
        what=st.integers(0, 1 << 16),
        size=st.sampled_from([1, 2, 8, 64, 512]),
    ),
    min_size=1,
    max_size=4,
)


def seeds(kind: str) -> st.SearchStrategy[fuzz.Seed]:
    return st.sampled_from([s for s in fuzz.SEEDS if s.kind == kind])


def test_every_kind_has_seeds() -> None:
    assert set(fuzz.SEED_KINDS) == {"json", "csv", "text", "markdown", "html"}
    assert all(s.data for s in fuzz.SEEDS)


def test_mutations_change_the_document() -> None:
    seed = next(s for s in fuzz.SEEDS if s.kind == "json")
    changed = fuzz.mutate(seed, [fuzz.Edit(2, 0.5, 0, 1)])  # insert a 4,301-digit number
    assert changed != seed.data
    assert b"9" * 4301 in changed
    assert fuzz.mutate(seed, [fuzz.Edit(5, 0.0, 0, 1)]) == b""  # truncated to nothing


def test_the_checker_sees_a_break() -> None:
    """The harness can fail: a foreign exception is a break, a placed library error is not."""
    from govdisclosure.errors import JsonError, Problem

    checker = fuzz.Checker()
    with checker.step("x"):
        raise ValueError("boom")
    with checker.step("y"):
        raise JsonError([Problem("$.table3", "expected an object")])
    with checker.step("z"):
        raise JsonError([Problem("", "no place")])
    assert [b.kind.split(" at ")[0] for b in checker.breaks] == [
        "x: ValueError", "z: JsonError naming no place"]


def _assert_none(breaks: list[fuzz.Break]) -> None:
    assert not breaks, "\n".join(f"{b.kind}: {b.detail[:200]}" for b in breaks)


@given(seed=seeds("json"), change=edits)
def test_load_json_of_mutated_documents(seed: fuzz.Seed, change: list[fuzz.Edit]) -> None:
    _assert_none(fuzz.exercise_api("json", fuzz.mutate(seed, change)))


@given(seed=seeds("csv"), change=edits)
def test_load_csv_of_mutated_documents(seed: fuzz.Seed, change: list[fuzz.Edit]) -> None:
    _assert_none(fuzz.exercise_api("csv", fuzz.mutate(seed, change)))


@given(seed=st.sampled_from([s for s in fuzz.SEEDS if s.kind in ("text", "markdown", "html")]),
       change=edits)
def test_parse_of_mutated_reports(seed: fuzz.Seed, change: list[fuzz.Edit]) -> None:
    _assert_none(fuzz.exercise_api(seed.kind, fuzz.mutate(seed, change)))


@given(seed=st.sampled_from(fuzz.SEEDS), change=edits,
       command=st.integers(0, len(fuzz.CLI_COMMANDS) - 1))
def test_cli_on_mutated_documents(
    seed: fuzz.Seed, change: list[fuzz.Edit], command: int
) -> None:
    with fuzz.workdir() as work:
        _assert_none(fuzz.exercise_cli(seed.kind, fuzz.mutate(seed, change), command, work))


# --- one case per class of break seen in the run ------------------------------------


def _json_seed() -> dict[str, object]:
    seed = next(s for s in fuzz.SEEDS if s.name == "pingtan-2025.json")
    data = json.loads(seed.data)
    assert isinstance(data, dict)
    return data


def _set(data: dict[str, object], path: tuple[str, ...], raw: str) -> bytes:
    """The document with the value at ``path`` replaced by the raw JSON ``raw``."""
    marker = "\u0000MARK\u0000"
    target: dict[str, object] = data
    for key in path[:-1]:
        child = target[key]
        assert isinstance(child, dict)
        target = child
    target[path[-1]] = marker
    return json.dumps(data, ensure_ascii=False).replace(json.dumps(marker), raw).encode()


HOSTILE_JSON = {
    "deep nesting": b"[" * 100_000,
    "deep nesting in a field": _set(_json_seed(), ("table3",), "[" * 50_000 + "]" * 50_000),
    "4,301-digit count": _set(_json_seed(), ("table4", "review", "upheld"), "9" * 4301),
    "4,301-digit count, then malformed": _set(
        _json_seed(), ("table4", "review", "upheld"), "9" * 4301 + ",,"),
    "4,301-digit version": _set(_json_seed(), ("govdisclosure",), "9" * 4301),
    "count of 10**28": _set(_json_seed(), ("table4", "review", "upheld"), "1" + "0" * 28),
    "count of 10**15": _set(_json_seed(), ("table4", "review", "upheld"), "1" + "0" * 15),
    "amount of 29 digits": _set(
        _json_seed(), ("table2", "item_8", "fees", "fee_amount"), '"1.' + "1" * 28 + '"'),
    "amount of 4,301 digits": _set(
        _json_seed(), ("table2", "item_8", "fees", "fee_amount"), '"' + "9" * 4301 + '"'),
    "lone surrogate in the body": _set(_json_seed(), ("metadata", "body"), '"\\ud800"'),
    "lone surrogate in the title": _set(_json_seed(), ("metadata", "title"), '"x\\udfffy"'),
    "escape sequence in the body": _set(_json_seed(), ("metadata", "body"), '"\\u001b[2Jx"'),
    "formula in the body": _set(_json_seed(), ("metadata", "body"), '"=cmd|\' /C calc\'!A0"'),
    "padded title": _set(_json_seed(), ("metadata", "title"), '"  某县 报告\\t"'),
    "empty title": _set(_json_seed(), ("metadata", "title"), '""'),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_JSON))
def test_hostile_json(case: str) -> None:
    _assert_none(fuzz.exercise_api("json", HOSTILE_JSON[case]))


def test_paragraph_of_many_line_breaks_renders() -> None:
    data = _json_seed()
    data["other"] = {"heading": "六、其他需要报告的事项",
                     "content": ["a\n" * 3000 + "[x]: http://evil.example\n    code\n<b>"]}
    _assert_none(fuzz.exercise_api("json", json.dumps(data).encode()))


HOSTILE_HTML = {
    "rowspan ²": '<table><tr><td rowspan="²">1</td><td colspan="²">2</td></tr></table>',
    "colspan huge": '<table><tr><td colspan="99999999">1</td></tr></table>',
    "rowspan 0 and negative": '<table><tr><td rowspan="0">1</td><td colspan="-3">2</td></tr>'
                              "</table>",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_HTML))
def test_hostile_html(case: str) -> None:
    _assert_none(fuzz.exercise_api("html", HOSTILE_HTML[case].encode()))


def test_hostile_span_in_a_real_page() -> None:
    seed = next(s for s in fuzz.SEEDS if s.kind == "html")
    assert b'rowspan="' in seed.data
    _assert_none(fuzz.exercise_api("html", seed.data.replace(b'rowspan="', b'rowspan="\xc2\xb2')))


#: (the start of a line of the seed, what its last field becomes)
HOSTILE_CSV = {
    "4,301-digit count": ("四,行政复议,结果维持,", "9" * 4301),
    "count of 10**28": ("四,行政复议,结果维持,", "1" + "0" * 28),
    "count of 10**15": ("四,行政复议,结果维持,", "1" + "0" * 15),
    "amount of 29 digits": ("二,第二十条第（八）项/行政事业性收费,", "1." + "1" * 28),
    "lone surrogate": ("报告,机关,", "某\udcff局"),
    "escape sequence": ("报告,机关,", "\x1b[2J某局"),
    "formula": ("报告,标题,", "=HYPERLINK(\"http://evil.example\")"),
    "padded title": ("报告,标题,", "\"  某县 报告\t\""),
    "label of many spaces": ("三,一、本年新收政府信息公开申请数量,", None),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CSV))
def test_hostile_csv(case: str) -> None:
    seed = next(s for s in fuzz.SEEDS if s.kind == "csv")
    start, value = HOSTILE_CSV[case]
    lines = seed.data.decode("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(start))
    if value is None:  # the label with 5,000 inner spaces
        lines[at] = lines[at].replace("一、本年新收", "一、" + " " * 5000 + "本年新收", 1)
    else:
        lines[at] = lines[at].rsplit(",", 1)[0] + "," + value
    text = "\n".join(lines) + "\n"
    _assert_none(fuzz.exercise_api("csv", text.encode("utf-8", "surrogateescape")))


# --- a few as subprocesses: what a user's shell sees ---------------------------------------


@pytest.mark.parametrize(
    ("case", "command"),
    [("deep nesting", "check"), ("4,301-digit count", "convert"),
     ("lone surrogate in the body", "convert"), ("count of 10**28", "render"),
     ("amount of 29 digits", "check")],
)
def test_cli_subprocess_never_tracebacks(tmp_path: Path, case: str, command: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(HOSTILE_JSON[case])
    extra = {"convert": ["--to", "csv"], "render": ["--to", "markdown"]}.get(command, [])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    env.pop("GOVDISCLOSURE_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "govdisclosure", command, str(path), *extra],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )
    assert result.returncode in (0, 1, 2)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.stderr.count("\n") <= 1, result.stderr
