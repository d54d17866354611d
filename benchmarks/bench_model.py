"""µs per report for JSON load + every identity, five contenders side by side in one process.

Run: ``python benchmarks/bench_model.py [--rounds 7] [--number 300] [--clock process]``
(needs the ``bench`` extra: pydantic, msgspec; and ``fast`` for orjson). Prints figures;
asserts nothing. ``--clock process`` times with the process's CPU time (time another process
takes on a shared machine is left out: steadier ratios), ``wall`` (the default) with
``time.perf_counter``.

Contenders, on each bundled document, interleaved (the order rotates every round; minimum and
median over the rounds):

* ``dict``: ``json.loads`` + the same identities as dict arithmetic with the keys as constants;
* ``pydantic``: a pydantic v2 model of the same document with the same constraints
  (strict integer counts or null, non-negative and below ``COUNT_LIMIT``, signed numbers
  within ``±COUNT_LIMIT``, amounts as decimal strings with their unit,
  unknown keys refused, year 2000–2999, ISO date, nested sections), then the identities;
* ``msgspec``: a msgspec model with the same constraints, then the identities;
* ``govdisclosure``: ``check(load_json(text))`` with the standard library only;
* ``govdisclosure+fast``: the same with the ``[fast]`` front end (orjson).

The pydantic and msgspec models are generated here from the format's axes, so they have the
same shape as the document; they are never imported by the library. One constraint they do
not share: both keep the last of a key given twice, which govdisclosure refuses (counting the
``:`` of the text, about 6 % of its instructions on these documents).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from govdisclosure import check, get_format, jsonio
from govdisclosure.cli import example_path
from govdisclosure.formats import ReportFormat, ValueKind
from govdisclosure.jsonio import load_json
from govdisclosure.layout import Axis, Kind
from govdisclosure.model import COUNT_LIMIT
from govdisclosure.units import MONEY_UNITS

MONEY = "^[0-9]+(\\.[0-9]+)?(" + "|".join(sorted(MONEY_UNITS, key=len, reverse=True)) + ")?$"
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _sums(axis: Axis) -> list[tuple[str, list[str]]]:
    """(total code, codes of the leaves it sums) of every sum along ``axis``."""
    return [
        (axis.nodes[p.total].code, [axis.nodes[k].code for k in p.leaves]) for p in axis.sums
    ]


class Identities:
    """The identities T3-A, T3-B, T3-C and T4 over plain mappings, keys as constants."""

    def __init__(self, fmt: type[ReportFormat]) -> None:
        rows3, cols3 = fmt.table3_rows(), fmt.table3_columns()
        self.rows = [n.code for n in rows3.cells if n.kind is not Kind.GROUP]
        self.cols = [n.code for n in cols3.cells if n.kind is not Kind.GROUP]
        self.across = _sums(cols3)
        self.down = _sums(rows3)
        self.left = [rows3[k].code for k in fmt.balance[0]]
        self.right = [rows3[k].code for k in fmt.balance[1]]
        self.across4 = _sums(fmt.table4_columns())

    def violations(self, t3: dict[str, dict[str, Any]], t4: dict[str, dict[str, Any]]) -> int:
        bad = 0
        for row in self.rows:
            line = t3[row]
            for total, parts in self.across:
                if sum(line[c] for c in parts) != line[total]:
                    bad += 1
        for col in self.cols:
            for total, parts in self.down:
                if sum(t3[r][col] for r in parts) != t3[total][col]:
                    bad += 1
            if sum(t3[r][col] for r in self.left) != sum(t3[r][col] for r in self.right):
                bad += 1
        for line in t4.values():
            for total, parts in self.across4:
                if sum(line[c] for c in parts) != line[total]:
                    bad += 1
        return bad


def plain(identities: Identities) -> Callable[[str], int]:
    def run(text: str) -> int:
        doc = json.loads(text)
        return identities.violations(doc["table3"], doc["table4"])

    return run


def _msgspec_section() -> Any:
    import msgspec

    global MsgSection  # noqa: PLW0603  (a module-level name, so that it can refer to itself)

    class MsgSection(msgspec.Struct, forbid_unknown_fields=True):
        heading: str
        content: list[str | MsgSection] = []

    return MsgSection


def _pydantic_section() -> Any:
    from pydantic import BaseModel, ConfigDict, StrictStr

    global PydSection  # noqa: PLW0603

    class PydSection(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        heading: StrictStr
        content: list[StrictStr | PydSection] = []

    PydSection.model_rebuild(_types_namespace={"PydSection": PydSection, "StrictStr": StrictStr})
    return PydSection


def pydantic_model(fmt: type[ReportFormat], identities: Identities) -> Callable[[str], int]:
    import datetime as dt
    from typing import Annotated, Optional

    from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, create_model

    config = ConfigDict(extra="forbid", strict=True)
    count = Annotated[Optional[StrictInt], Field(ge=0, lt=COUNT_LIMIT)]  # noqa: UP045
    signed = Annotated[Optional[StrictInt], Field(gt=-COUNT_LIMIT, lt=COUNT_LIMIT)]  # noqa: UP045
    money = Annotated[Optional[StrictStr], Field(pattern=MONEY)]  # noqa: UP045

    Section = _pydantic_section()
    class Meta(BaseModel):
        model_config = config
        body: Annotated[StrictStr, Field(min_length=1)]
        year: Annotated[StrictInt, Field(ge=2000, le=2999)]
        doc_number: Optional[StrictStr] = None  # noqa: UP045
        published: Optional[Annotated[StrictStr, Field(pattern=DATE)]] = None  # noqa: UP045
        title: Optional[StrictStr] = None  # noqa: UP045

    def grid(name: str, rows: Axis, cols: Axis) -> Any:
        line = create_model(  # type: ignore[call-overload]
            f"{name}Row", __config__=config,
            **{c.code: (count, ...) for c in cols.cells if c.kind is not Kind.GROUP},
        )
        fields = {
            r.code: (line, ...) if r.kind is not Kind.GROUP else (Optional[line], None)  # noqa: UP045
            for r in rows.cells
        }
        return create_model(f"{name}", __config__=config, **fields)  # type: ignore[call-overload]

    blocks: dict[str, Any] = {}
    for block in fmt.table2_blocks:
        kinds = {ValueKind.COUNT: count, ValueKind.SIGNED: signed, ValueKind.MONEY: money}
        line = create_model(  # type: ignore[call-overload]
            f"B{block.code}", __config__=config,
            **{c.code: (kinds[c.kind], ...) for c in block.columns},
        )
        blocks[block.code] = (
            create_model(  # type: ignore[call-overload]
                f"R{block.code}", __config__=config, **{code: (line, ...) for code, _ in block.rows}
            ),
            ...,
        )
    table2 = create_model("Table2", __config__=config, **blocks)  # type: ignore[call-overload]
    table3 = grid("Table3", fmt.table3_rows(), fmt.table3_columns())
    table4 = grid("Table4", fmt.table4_rows(), fmt.table4_columns())
    report = create_model(  # type: ignore[call-overload]
        "Report", __config__=config,
        govdisclosure=(Annotated[StrictStr, Field(pattern="^1\\.[0-9]+$")], ...),
        format=(StrictStr, ...), metadata=(Meta, ...),
        overview=(Optional[Section], None), problems=(Optional[Section], None),  # noqa: UP045
        other=(Optional[Section], None),  # noqa: UP045
        table2=(table2, ...), table3=(table3, ...), table4=(table4, ...),
    )
    del dt

    def run(text: str) -> int:
        doc = report.model_validate_json(text)
        t3 = {k: v.__dict__ for k, v in doc.table3 if v is not None}
        t4 = {k: v.__dict__ for k, v in doc.table4 if v is not None}
        return identities.violations(t3, t4)

    return run


def msgspec_model(fmt: type[ReportFormat], identities: Identities) -> Callable[[str], int]:
    from typing import Annotated, Union

    import msgspec

    count = Union[Annotated[int, msgspec.Meta(ge=0, lt=COUNT_LIMIT)], None]  # noqa: UP007
    signed = Union[Annotated[int, msgspec.Meta(gt=-COUNT_LIMIT, lt=COUNT_LIMIT)], None]  # noqa: UP007
    money = Union[Annotated[str, msgspec.Meta(pattern=MONEY)], None]  # noqa: UP007

    def struct(name: str, fields: list[tuple[Any, ...]]) -> Any:
        return msgspec.defstruct(name, fields, forbid_unknown_fields=True, kw_only=True)

    Section = _msgspec_section()
    meta = struct("Meta", [
        ("body", Annotated[str, msgspec.Meta(min_length=1)]),
        ("year", Annotated[int, msgspec.Meta(ge=2000, le=2999)]),
        ("doc_number", Union[str, None], None),  # noqa: UP007
        ("published", Union[Annotated[str, msgspec.Meta(pattern=DATE)], None], None),  # noqa: UP007
        ("title", Union[str, None], None),  # noqa: UP007
    ])

    def grid(name: str, rows: Axis, cols: Axis) -> Any:
        line = struct(f"{name}Row", [(c.code, count) for c in cols.cells
                                     if c.kind is not Kind.GROUP])
        return struct(name, [
            (r.code, line) if r.kind is not Kind.GROUP else (r.code, Union[line, None], None)  # noqa: UP007
            for r in rows.cells
        ])

    kinds = {ValueKind.COUNT: count, ValueKind.SIGNED: signed, ValueKind.MONEY: money}
    blocks = []
    for block in fmt.table2_blocks:
        line = struct(f"B{block.code}", [(c.code, kinds[c.kind]) for c in block.columns])
        blocks.append((block.code, struct(f"R{block.code}", [(code, line) for code, _ in
                                                              block.rows])))
    report = struct("Report", [
        ("govdisclosure", Annotated[str, msgspec.Meta(pattern="^1\\.[0-9]+$")]),
        ("format", str), ("metadata", meta),
        ("table2", struct("Table2", blocks)),
        ("table3", grid("Table3", fmt.table3_rows(), fmt.table3_columns())),
        ("table4", grid("Table4", fmt.table4_rows(), fmt.table4_columns())),
        ("overview", Union[Section, None], None), ("problems", Union[Section, None], None),  # noqa: UP007
        ("other", Union[Section, None], None),  # noqa: UP007
    ])
    decoder = msgspec.json.Decoder(report)
    to_builtins = msgspec.structs.asdict

    def run(text: str) -> int:
        doc = decoder.decode(text)
        t3 = {k: to_builtins(v) for k, v in to_builtins(doc.table3).items() if v is not None}
        t4 = {k: to_builtins(v) for k, v in to_builtins(doc.table4).items()}
        return identities.violations(t3, t4)

    return run


def ours(fast: bool) -> Callable[[str], int]:
    front = jsonio._fast_front() if fast else None

    def run(text: str) -> int:
        jsonio._FAST[:] = [front]
        return len(check(load_json(text)))

    return run


def measure(work: Callable[[str], int], text: str, number: int,
            clock: Callable[[], float] = time.perf_counter) -> float:
    start = clock()
    for _ in range(number):
        work(text)
    return (clock() - start) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--number", type=int, default=300)
    parser.add_argument("--clock", choices=("wall", "process"), default="wall")
    args = parser.parse_args()
    clock = time.process_time if args.clock == "process" else time.perf_counter
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    for name in ("pingtan-2025.json", "yongchun-shigu-2020.json"):
        text = example_path(name).read_text(encoding="utf-8")
        fmt = get_format(json.loads(text)["format"])
        identities = Identities(fmt)
        contenders: dict[str, Callable[[str], int]] = {"dict": plain(identities)}
        for label, make in (("pydantic", pydantic_model), ("msgspec", msgspec_model)):
            try:
                contenders[label] = make(fmt, identities)
            except ImportError:
                print(f"({label} not installed: pip install 'govdisclosure[bench]')")
        contenders["govdisclosure"] = ours(fast=False)
        if jsonio._fast_front() is not None:
            contenders["govdisclosure+fast"] = ours(fast=True)
        else:
            print("(orjson not installed: pip install 'govdisclosure[fast]')")
        answers = {label: work(text) for label, work in contenders.items()}
        if set(answers.values()) != {0}:
            raise SystemExit(f"every contender must find the example consistent: {answers}")
        times: dict[str, list[float]] = {label: [] for label in contenders}
        order = list(contenders)
        for round_ in range(args.rounds):
            turn = order[round_ % len(order):] + order[: round_ % len(order)]
            for label in turn:
                times[label].append(measure(contenders[label], text, args.number, clock))
        jsonio._FAST[:] = []
        print(f"\n{name} (format {fmt.code}), one core, {args.rounds} rounds × {args.number}, "
              f"{args.clock} clock")
        print(f"  {'':20s} {'min µs':>8s} {'median µs':>10s} {'reports/s':>10s}   "
              f"ratios (min; median) vs dict, vs pydantic")
        base = min(times["dict"]), statistics.median(times["dict"])
        pyd = (
            (min(times["pydantic"]), statistics.median(times["pydantic"]))
            if "pydantic" in times else None
        )
        for label, found in times.items():
            best, median = min(found), statistics.median(found)
            ratio = f"{best / base[0]:5.2f}; {median / base[1]:5.2f}× dict"
            if pyd is not None:
                ratio += f"   {best / pyd[0]:5.2f}; {median / pyd[1]:5.2f}× pydantic"
            print(f"  {label:20s} {best:8.1f} {median:10.1f} {1e6 / best:10,.0f}   {ratio}")


if __name__ == "__main__":
    main()
