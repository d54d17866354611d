"""A local variant of the 2021 format that adds two categories by subclassing.

Some local notices ask for finer statistics than the national template. Here a (made-up)
variant adds:

* an applicant column ``法人或其他组织/新闻媒体`` (a kind of 法人或其他组织), and
* a ``（三）不予公开`` reason ``9.其他依法不予公开情形``.

Each is a subclass of the category it refines, naming the variant's format code; the variant
itself is a subclass of :class:`~govdisclosure.formats.Format2021` with its own ``code``.
Nothing else is edited: the axes, totals, checks, JSON and CSV read the new categories.

Run: ``PYTHONPATH=src python examples/extend_categories.py``
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from govdisclosure import AnnualReport, Format2021, check
from govdisclosure import categories as c
from govdisclosure.csvio import dump_csv, load_csv
from govdisclosure.jsonio import dump_json, load_json

#: counts by row then column (category classes or codes)
Counts: TypeAlias = dict[Any, dict[Any, int | None]]


class ExampleFormat(Format2021):
    """A local variant of the 2021 format (illustration only)."""

    code = "2021-example"
    source = "示例：某地政府信息公开工作年度报告补充统计要求"


class NewsMedia(c.LegalPerson):
    code = "news_media"
    label = "新闻媒体"
    formats = frozenset({ExampleFormat.code})


class OtherLawfulGrounds(c.Withheld):
    code = "other_lawful_grounds"
    label = "9.其他依法不予公开情形"
    formats = frozenset({ExampleFormat.code})


TABLE2: dict[str, dict[str, dict[str, int | Decimal | None]]] = {
    "item_1": {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative": {"issued": 2, "repealed": 0, "in_force": 14},
    },
    "item_5": {"licensing": {"decisions": 40}},
    "item_6": {"penalty": {"decisions": 6}, "enforcement": {"decisions": 0}},
    "item_8": {"fees": {"fee_amount": None}},  # left blank as published
}

TABLE3: Counts = {
    c.NewlyReceived: {c.NaturalPerson: 6, NewsMedia: 3},
    c.Disclosed: {c.NaturalPerson: 4, NewsMedia: 1},
    OtherLawfulGrounds: {c.NaturalPerson: 1, NewsMedia: 2},
    c.CarriedForward: {c.NaturalPerson: 1},
}


def main() -> int:
    report = AnnualReport.build(
        ExampleFormat,
        body="示例市某某局",
        year=2025,
        table2=TABLE2,
        table3=TABLE3,
        table4={},
        fill=0,
    )
    grid = report.table3
    print(f"format {report.format.code} refines {report.format.base_version()}")
    print("columns:", " | ".join(n.path_text for n in grid.columns.cells))
    print("new row:", grid.rows[OtherLawfulGrounds].path_text)

    total = grid[c.NewlyReceived, c.ApplicantTotal]
    print(f"一、本年新收 总计 = {total} (自然人 6 + 新闻媒体 3)")
    print(f"（七）总计 / 新闻媒体 = {grid[c.ResultTotal, NewsMedia]}")
    print(f"（七）总计 / 总计 = {grid[c.ResultTotal, c.ApplicantTotal]}")
    print(f"check(): {len(check(report))} findings")

    # A typing error in one of the new cells is caught by the official identities.
    perturbed = attrs.evolve(report, table3=grid.replace({(c.NewlyReceived, NewsMedia): 5}))
    findings = check(perturbed)
    print(f"perturbed 一、本年新收 / 新闻媒体 = 5: {len(findings)} findings")
    for finding in findings:
        print(f"  {finding}")

    # JSON carries the new categories under their codes, CSV under their label paths;
    # both read back to an equal report.
    document = json.loads(dump_json(report))
    print(f"JSON format: {document['format']}")
    print(f"JSON table3.new.news_media = {document['table3']['new']['news_media']}")
    print(f"JSON table3.other_lawful_grounds = {document['table3']['other_lawful_grounds']}")
    from_json = load_json(dump_json(report))
    print(f"JSON round trip equal: {from_json == report}")
    text = dump_csv(report)
    lines = [line for line in text.splitlines() if "新闻媒体" in line or "9.其他依法" in line]
    print(f"CSV lines with the new categories: {len(lines)}")
    print(f"  {lines[0]}")
    from_csv = load_csv(text)
    print(f"CSV round trip equal: {from_csv == report}")
    return 0 if findings and from_json == report and from_csv == report else 1


if __name__ == "__main__":
    raise SystemExit(main())
