"""A large corpus of inputs for the core (JSON and CSV readers, model, checks), and what the
library answers for each: findings, or the error's type and message.

The base reports (``tests/data/core_bases.json.gz``) were drawn once from
``govdisclosure.strategies`` (reports with and without blanks, perturbed reports, both formats,
units included) and from the bundled documents; every other input is derived from them by
seeded mutations (a value replaced by a wrong type, a key removed, added or repeated, text cut
or a byte changed, CSV lines edited), so the corpus is the same on every run. The answers of
the code before the fast-core rework are frozen in ``tests/data/core_frozen.json.gz``
(regenerate with ``python tests/core_corpus.py --freeze``, only when a change of an answer is
intended).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
BASES = DATA / "core_bases.json.gz"
FROZEN = DATA / "core_frozen.json.gz"

_WRONG: tuple[Any, ...] = (
    -1, True, False, 1.5, "3", "16万", "x", None, 10**20, {}, [], "-0", 0, 7, "1e3", "01",
    "16美元", "\u00a0", 2.0,
)


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _containers(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        yield path
        for k, v in node.items():
            yield from _containers(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _containers(v, (*path, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        node = node[k]
    return node


def _mutate_json(text: str, rng: random.Random) -> str:
    """One to three seeded mutations of a JSON document (as a dict, or as text)."""
    doc = json.loads(text)
    kind = rng.randrange(10)
    if kind == 9:  # text-level damage
        pos = rng.randrange(len(text))
        choice = rng.randrange(3)
        if choice == 0:
            return text[:pos]
        if choice == 1:
            return text[:pos] + rng.choice('{}[],:"x0\\') + text[pos + 1:]
        return text[:pos] + text[pos + 1:]
    for _ in range(rng.randint(1, 3)):
        leaves = list(_leaves(doc))
        boxes = [p for p in _containers(doc) if isinstance(_get(doc, p), dict)]
        op = rng.randrange(5)
        if op <= 1 and leaves:
            path = rng.choice(leaves)
            if path:
                _get(doc, path[:-1])[path[-1]] = rng.choice(_WRONG)
        elif op == 2 and boxes:
            box = _get(doc, rng.choice(boxes))
            if box:
                del box[rng.choice(list(box))]
        elif op == 3 and boxes:
            box = _get(doc, rng.choice(boxes))
            box[rng.choice(["extra", "total", "new", "item_9", "format", "大"])] = rng.choice(
                _WRONG
            )
        elif boxes:  # a key given twice: written by hand in the text
            path = rng.choice(boxes)
            box = _get(doc, path)
            if box:
                key = rng.choice(list(box))
                inner = json.dumps(box, ensure_ascii=False)
                dup = inner[:-1] + ("," if len(inner) > 2 else "") + json.dumps(key) + ":0}"
                marker = "\x00DUP\x00"
                if path:
                    _get(doc, path[:-1])[path[-1]] = marker
                    out = json.dumps(doc, ensure_ascii=False)
                    return out.replace(json.dumps(marker), dup, 1)
                return dup
    return json.dumps(doc, ensure_ascii=False, indent=rng.choice([None, 2]))


_GROUP_ROWS = ("withheld", "unavailable", "not_processed", "other_handling")
_TEXTS = (
    "见 http://www.example.gov.cn/xxgk: 10:30", "a\\u003ab", "\ud800", "时间：2021", "",
    "  ", "x\u2028y", "\"引号\"",
)


def _mutate_fast(text: str, rng: random.Random) -> str:  # noqa: PLR0915
    """A seeded edit aimed at what a fast reader could get wrong: colons inside text (raw or
    written ``\\u003a``), a repeated key balanced by an escaped colon, lone surrogates, other
    versions, rows and columns in another order, stated group rows, amounts with units, nested
    sections, integers beyond 64 bits, ``NaN``, blank or odd metadata."""
    doc = json.loads(text)
    op = rng.randrange(14)
    sections = [k for k in ("overview", "problems", "other") if isinstance(doc.get(k), dict)]
    if op == 0 and sections:  # a paragraph or heading with colons
        sec = doc[rng.choice(sections)]
        value = rng.choice(_TEXTS)
        if rng.random() < 0.5 and isinstance(sec.get("content"), list):
            sec["content"].insert(rng.randrange(len(sec["content"]) + 1), value)
        else:
            sec["heading"] = value
    elif op == 1:  # an escaped colon in the text of a string
        out = json.dumps(doc, ensure_ascii=False)
        return out.replace("年", "\\u003a年", 1) if rng.random() < 0.5 else out.replace(
            '"table3"', '"table\\u003a3"', 1)
    elif op == 2:  # a key given twice, balanced by an escaped colon (same count of ':')
        out = json.dumps(doc, ensure_ascii=False)
        key = rng.choice(['"new":', '"body":', '"heading":', '"total":', '"item_1":'])
        at = out.find(key)
        if at >= 0:
            end = out.find(",", at)
            if end > 0:
                out = out[:end] + "," + out[at:end] + out[end:]
                out = out.replace("年", "\\u003a年", 1).replace("a", "\\u003A", 1)
        return out
    elif op == 3:
        doc["govdisclosure"] = rng.choice(["1.0", "1.2", "2.0", "1.01", "1", 1.1, "01.1"])
    elif op == 4:  # rows, or columns of every row, in another order
        table = doc.get(rng.choice(["table3", "table4"]))
        if isinstance(table, dict):
            items = list(table.items())
            rng.shuffle(items)
            if rng.random() < 0.5:
                items = [(k, dict(reversed(list(v.items()))) if isinstance(v, dict) else v)
                         for k, v in items]
            table.clear()
            table.update(items)
    elif op == 5:  # a group row stated (sometimes with its parts left out)
        table = doc.get("table3")
        if isinstance(table, dict) and isinstance(table.get("new"), dict):
            group = rng.choice(_GROUP_ROWS)
            table[group] = {k: rng.choice([0, 1, 5, None]) for k in table["new"]}
            if rng.random() < 0.3:
                table[group]["legal_person"] = rng.choice([0, 3, None])
    elif op == 6:  # amounts as printed, with or without units
        found = [p for p in _leaves(doc.get("table2", {})) if "amount" in str(p[-1])]
        if found:
            path = rng.choice(found)
            _get(doc["table2"], path[:-1])[path[-1]] = rng.choice(
                ["16万", "8.175万元", "481714587.29元", "0.0", "1e3", "16 万", "００", "-1",
                 "999999999999999.9", "0.00000000000000000001", None, 16])
    elif op == 7 and sections:  # a nested section, sometimes wrong
        sec = doc[rng.choice(sections)]
        if isinstance(sec.get("content"), list):
            sub = rng.choice([{"heading": "（一）小节：说明", "content": ["甲", "乙:丙"]},
                              {"heading": "（二）", "content": [{"heading": "深", "content": []}]},
                              {"heading": 3}, {"content": ["x"]}, {"heading": "h", "x": 1},
                              {"heading": "h", "content": "不是数组"}])
            sec["content"].append(sub)
    elif op == 8:  # integers at the edges
        leaves = [p for p in _leaves(doc.get("table3", {})) if p]
        if leaves:
            path = rng.choice(leaves)
            _get(doc["table3"], path[:-1])[path[-1]] = rng.choice(
                [2**63, 2**64 + 1, 2**70, 10**15, 10**15 - 1, -(2**63) - 1])
    elif op == 9:
        out = json.dumps(doc, ensure_ascii=False)
        return out.replace('"natural_person":0', '"natural_person":NaN', 1).replace(
            '"natural_person": 0', '"natural_person": Infinity', 1)
    elif op == 10 and isinstance(doc.get("metadata"), dict):
        meta = doc["metadata"]
        field = rng.choice(["body", "published", "title", "doc_number", "year"])
        meta[field] = rng.choice(["2021-02-30", "  ", "", "2021-1-6", "标题:副题", 1999, 3000,
                                  "2021-01-06", None, True])
    elif op == 11:  # the same document in other layouts
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 4]),
                          separators=rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")]))
    elif op == 12:  # a section that is null, absent, or of the wrong type
        key = rng.choice(["overview", "problems", "other"])
        choice = rng.randrange(3)
        if choice == 0:
            doc[key] = None
        elif choice == 1:
            doc.pop(key, None)
        else:
            doc[key] = rng.choice(["text", [], 0])
    else:  # the table 三 of the other format, or table 四 rows swapped
        doc["format"] = "2019" if doc.get("format") == "2021" else "2021"
    return json.dumps(doc, ensure_ascii=False)


def _mutate_csv(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(1, max(2, len(lines) - 1))
        op = rng.randrange(5)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            head, _, _value = lines[i].rpartition(",")
            lines[i] = f"{head},{rng.choice(['-1', 'x', '1.5', '', '16万', '3 ', '１'])}"
        elif op == 3:
            lines[i] = lines[i].replace("总计", "总 计").replace("自然人", "自然")
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


def cases() -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of every input: ``json`` or ``csv``."""
    with gzip.open(BASES, "rt", encoding="utf-8") as f:
        bases: list[str] = json.load(f)
    from govdisclosure.csvio import dump_csv
    from govdisclosure.jsonio import load_json

    for n, text in enumerate(bases):
        yield "json", text
        rng = random.Random(n)
        for _ in range(6):
            yield "json", _mutate_json(text, rng)
        fast = random.Random(10_000 + n)
        for _ in range(4):
            yield "json", _mutate_fast(text, fast)
        if n % 3 == 0:
            csv_text = dump_csv(load_json(text))
            yield "csv", csv_text
            for _ in range(2):
                yield "csv", _mutate_csv(csv_text, rng)


def outcome(kind: str, text: str) -> str:
    """What the library answers: a digest of the report read and every finding (strict
    included), or the error's type and message."""
    from govdisclosure import check, dump_json
    from govdisclosure.csvio import load_csv
    from govdisclosure.jsonio import load_json

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = load_json(text) if kind == "json" else load_csv(text)
    except Exception as exc:  # every error the readers raise is part of the answer
        return f"{type(exc).__name__}: {exc}"
    digest = hashlib.sha1(dump_json(report, indent=None).encode()).hexdigest()[:16]
    lines = [f"ok {digest}", *(f"warning {w.message}" for w in caught)]
    lines += [str(f) for f in check(report)]
    lines += [str(f) for f in check(report, strict=True) if f.rule == "BLANK"]
    return "\n".join(lines)


def outcomes() -> list[str]:
    return [outcome(kind, text) for kind, text in cases()]


def _make_bases() -> list[str]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from govdisclosure import dump_json
    from govdisclosure.strategies import perturbed, reports

    found: list[str] = []
    strategy = st.one_of(
        reports(), reports(blanks=True), reports(narrative=False, blanks=True),
        perturbed().map(lambda pair: pair[0]), perturbed(reports(blanks=True)).map(
            lambda pair: pair[0]
        ),
    )

    @settings(max_examples=260, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(report: Any) -> None:
        found.append(dump_json(report, indent=None))

    collect()
    root = Path(__file__).parent.parent
    for path in [*sorted((root / "src/govdisclosure/data").glob("*.json")),
                 DATA / "real_pingtan-2020.json", DATA / "real_huaian-hongze-2023.json"]:
        found.append(path.read_text(encoding="utf-8"))
    return found


def compare() -> str:
    """Empty when every answer equals the frozen one; else what changed."""
    with gzip.open(FROZEN, "rt", encoding="utf-8") as f:
        frozen: list[str] = json.load(f)
    found = list(cases())
    if len(found) != len(frozen):
        return f"{len(found)} cases, {len(frozen)} frozen answers"
    kinds = {answer.split(" ", 1)[0] for answer in frozen}
    if not {"ok", "JsonError:", "CsvError:"} <= kinds:
        return f"the corpus lacks a kind of answer: {kinds}"
    from govdisclosure import jsonio

    # with the [fast] front end when installed, and with the standard library alone
    for front in {jsonio._fast_front(), None}:
        jsonio._FAST[:] = [front]
        wrong = [
            (kind, text[:300], want, got)
            for (kind, text), want in zip(found, frozen, strict=True)
            if (got := outcome(kind, text)) != want
        ]
        if wrong:
            return (f"{len(wrong)} of {len(found)} answers changed (front end {front}); "
                    f"first: {wrong[0]!r}")
    return ""


if __name__ == "__main__":
    if "--compare" in sys.argv:
        problem = compare()
        print(problem or "same")
        sys.exit(1 if problem else 0)
    if "--bases" in sys.argv:
        with gzip.open(BASES, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump(_make_bases(), f, ensure_ascii=False)
    if "--freeze" in sys.argv:
        with gzip.open(FROZEN, "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump(outcomes(), f, ensure_ascii=False)
