"""Bounds at the model boundary (issue 12): counts below 10**15, amounts below 10**15 with at
most 20 significant digits, text of Unicode scalar values; JSON that no reader can hold (deep
nesting, integers of thousands of digits) refused with the library's own error."""

from __future__ import annotations

import json
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from govdisclosure.errors import InvalidValue, JsonError
from govdisclosure.formats import Format2019
from govdisclosure.jsonio import load_json
from govdisclosure.model import (
    AMOUNT_DIGITS,
    AMOUNT_LIMIT,
    COUNT_LIMIT,
    Metadata,
    Paragraph,
    Section,
    Table2,
    Table3,
)

EXAMPLE = (Path(__file__).parent.parent / "src/govdisclosure/data/pingtan-2025.json").read_text(
    encoding="utf-8"
)


def test_the_bounds_are_those_other_modules_rely_on() -> None:
    assert COUNT_LIMIT == 10**15
    assert Decimal(10**15) == AMOUNT_LIMIT
    assert AMOUNT_DIGITS == 20


@pytest.mark.parametrize("count", [COUNT_LIMIT, COUNT_LIMIT + 1, 10**5000],
                         ids=["limit", "limit+1", "5000 digits"])
def test_a_count_beyond_the_bound_is_refused_naming_the_cell(count: int) -> None:
    table = Table3.empty("2021")
    with pytest.raises(InvalidValue) as info:
        table.replace({("new", "natural_person"): count})
    [problem] = info.value.problems
    assert problem.place == "表三 / 一、本年新收政府信息公开申请数量 / 自然人"
    assert "below 10**15" in problem.message
    assert len(problem.message) < 200  # never thousands of digits in a message
    assert table.replace({("new", "natural_person"): COUNT_LIMIT - 1})


@pytest.mark.parametrize(
    ("amount", "words"),
    [(Decimal(10**15), "below 10**15"), (Decimal("1." + "1" * 20), "20 significant digits"),
     (Decimal("9" * 5000), "below 10**15")],
    ids=["limit", "21 digits", "5000 digits"],
)
def test_an_amount_beyond_the_bounds_is_refused_naming_the_cell(amount: Decimal,
                                                                 words: str) -> None:
    with pytest.raises(InvalidValue) as info:
        Table2.empty(Format2019).replace({("item_9", "procurement", "amount"): amount})
    [problem] = info.value.problems
    assert problem.place == "表二 / 第二十条第（九）项/政府集中采购 / 采购总金额"
    assert words in problem.message
    assert len(problem.message) < 200
    ok = Decimal("99999999999999.999999")  # 20 digits, below 10**15
    assert Table2.empty(Format2019).replace({("item_9", "procurement", "amount"): ok})


def test_a_signed_value_beyond_the_bound_is_refused() -> None:
    with pytest.raises(InvalidValue, match="below 10\\*\\*15"):
        Table2.empty(Format2019).replace({("item_5", "licensing", "change"): -(10**15)})


@pytest.mark.parametrize(
    "build",
    [lambda: Paragraph(text="a\ud800"), lambda: Section(heading="\udfff"),
     lambda: Metadata(body="某\ud800局", year=2020),
     lambda: Metadata(body="某局", year=2020, doc_number="\ud800"),
     lambda: Metadata(body="某局", year=2020, title="标题\udc00")],
)
def test_a_lone_surrogate_is_refused_naming_the_field(build: object) -> None:
    with pytest.raises(InvalidValue) as info:
        build()  # type: ignore[operator]
    assert "lone surrogate" in info.value.problems[0].message
    assert info.value.problems[0].place in {"text", "heading", "body", "doc_number", "title"}


def problems_of(text: str) -> list[tuple[str, str]]:
    with pytest.raises(JsonError) as info:
        load_json(text)
    return [(p.place, p.message) for p in info.value.problems]


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a":' * 100_000, '[{"a":' * 50_000])
def test_deep_nesting_is_a_json_error(text: str) -> None:
    [(place, message)] = problems_of(text)
    assert place == "$"
    assert "nested too deeply" in message


def test_an_integer_of_thousands_of_digits_is_refused_at_its_path() -> None:
    doc = EXAMPLE.replace('"natural_person": 151', '"natural_person": ' + "9" * 5000, 1)
    assert problems_of(doc) == [(
        "$.table3.new.natural_person",
        "expected a non-negative integer count or null, got an integer of 5000 digits",
    )]
    year = EXAMPLE.replace('"year": 2025', '"year": ' + "2" * 5000)
    assert problems_of(year) == [("$.metadata.year", "expected an integer, got an integer of "
                                  "5000 digits")]


def test_a_version_of_thousands_of_digits() -> None:
    major = EXAMPLE.replace('"govdisclosure": "1.1"', '"govdisclosure": "' + "1" * 5000 + '.0"')
    [(place, message)] = problems_of(major)
    assert place == "$.govdisclosure"
    assert "unsupported document version" in message
    minor = EXAMPLE.replace('"govdisclosure": "1.1"', '"govdisclosure": "1.' + "1" * 5000 + '"')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_json(minor) == load_json(EXAMPLE)
    assert "newer" in str(caught[0].message)


def test_a_lone_surrogate_in_json_is_refused_at_its_path() -> None:
    doc = json.loads(EXAMPLE)
    doc["overview"]["content"][0] = "段落\ud800"
    doc["metadata"]["title"] = "\udfff"
    places = [p for p, _ in problems_of(json.dumps(doc))]
    assert places == ["$.metadata.title", "$.overview.content[0]"]


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [("自然人,151", "自然人,1000000000000000", "表三 / 一、本年新收政府信息公开申请数量 / 自然人"),
     ("4166.241619", "1" * 25,
      "表二 / 第二十条第（八）项/行政事业性收费 / 本年收费金额（单位：万元）")],
)
def test_csv_beyond_the_bounds_is_a_csv_error_naming_the_cell(old: str, new: str,
                                                              place: str) -> None:
    from govdisclosure.csvio import dump_csv, load_csv
    from govdisclosure.errors import CsvError

    text = dump_csv(load_json(EXAMPLE)).replace(old, new, 1)
    with pytest.raises(CsvError) as info:
        load_csv(text)
    assert [p.place for p in info.value.problems] == [place]
