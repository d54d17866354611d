"""A clerk writes a 2021-format report from its leaf counts.

Only the counts that are not zero are typed in (``fill=0`` states every other leaf as 0);
every total (the 总计 column, （七）总计, table 四 总计) is derived by :func:`govdisclosure.build`.
A second attempt types in two totals by hand, gets them wrong, and is refused with every
violated identity listed.

Run: ``PYTHONPATH=src python examples/author_report.py``
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeAlias

from govdisclosure import AnnualReport, InconsistentReport, Section, build
from govdisclosure import categories as c
from govdisclosure.layout import Kind

#: counts by row then column (category classes or codes)
Counts: TypeAlias = dict[Any, dict[Any, int | None]]

BODY = "示例县某某镇人民政府"

#: table 二 of the 2021 format, by block, row and column code
TABLE2: dict[str, dict[str, dict[str, int | Decimal | None]]] = {
    "item_1": {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative": {"issued": 3, "repealed": 1, "in_force": 27},
    },
    "item_5": {"licensing": {"decisions": 128}},
    "item_6": {"penalty": {"decisions": 15}, "enforcement": {"decisions": 2}},
    "item_8": {"fees": {"fee_amount": Decimal("12.5")}},
}

#: the leaves of table 三 that are not zero: row category -> column category -> count
TABLE3: Counts = {
    c.NewlyReceived: {c.NaturalPerson: 10, c.Commercial: 2},
    c.CarriedOver: {c.NaturalPerson: 1},
    c.Disclosed: {c.NaturalPerson: 5, c.Commercial: 1},
    c.NotHeld: {c.NaturalPerson: 4},
    c.NoCorrection: {c.NaturalPerson: 1},
    c.CarriedForward: {c.NaturalPerson: 1, c.Commercial: 1},
}

TABLE4: Counts = {"review": {"upheld": 1}, "litigation_direct": {"pending": 1}}


def author(table3: Counts) -> AnnualReport:
    """Build the report; raises if the counts break an official identity."""
    return build(
        "2021",
        body=BODY,
        year=2025,
        published=dt.date(2026, 1, 20),
        title=f"{BODY}2025年政府信息公开工作年度报告",
        table2=TABLE2,
        table3=table3,
        table4=TABLE4,
        other=Section.of("六、其他需要报告的事项", "2025年，无收取信息处理费情况。"),
        fill=0,
    )


def main() -> int:
    report = author(TABLE3)
    grid = report.table3
    print(f"built: {report.body} {report.year}, format {report.format.code}")
    for row in (c.NewlyReceived, c.CarriedOver, c.ResultTotal, c.CarriedForward):
        node = grid.rows[row]
        line = "，".join(
            f"{col.label}={grid[row, col]}"
            for col in grid.columns.cells
            if col.kind is not Kind.GROUP  # 法人或其他组织 is not printed
        )
        print(f"derived 三 {node.label}: {line}")
    t4 = report.table4
    print(f"derived 四 行政复议 总计={t4['review', 'total']}")
    print(f"derived 四 行政诉讼/未经复议直接起诉 总计={t4['litigation_direct', 'total']}")

    # A second clerk states two totals by hand, and both are wrong.
    wrong: Counts = {
        **TABLE3,
        c.NewlyReceived: {**TABLE3[c.NewlyReceived], c.ApplicantTotal: 13},
        c.ResultTotal: {c.NaturalPerson: 9},
    }
    try:
        author(wrong)
    except InconsistentReport as error:
        print(f"refused: {len(error.findings)} violations")
        for finding in error.findings:
            print(f"  {finding}  (stated {finding.stated}, expected {finding.expected})")
    else:
        print("ERROR: the inconsistent report was accepted")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
