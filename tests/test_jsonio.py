"""The JSON document: exact round trips, its shape, and every kind of bad input by JSON path."""

from __future__ import annotations

import copy
import datetime as dt
import json
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure import checks, jsonio
from govdisclosure.errors import InconsistentReport, JsonError
from govdisclosure.formats import Format2021, ReportFormat, ValueKind, get_format
from govdisclosure.jsonio import (
    JsonVersionWarning,
    converter,
    dump_json,
    dump_json_file,
    from_dict,
    load_json,
    load_json_file,
    make_converter,
    to_dict,
)
from govdisclosure.layout import Kind
from govdisclosure.model import (
    AnnualReport,
    Grid,
    Metadata,
    Paragraph,
    Section,
    Table2,
    Table3,
    Table4,
)

DATA = Path(__file__).parent / "data"


# --- a format variant with an extra applicant category (see categories.py) ------------------


class FormatTestJsonio(Format2021):
    """A local variant used only here: one more applicant column."""

    code: ClassVar[str] = "2021-test-jsonio"


class JsonioTestMedia(c.LegalPerson):
    code = "test_jsonio_media"
    label = "新闻媒体（测试）"
    formats = frozenset({"2021-test-jsonio"})


# --- reports to read and write ---------------------------------------------------------------

NP = "natural_person"


def pingtan_2025(**changes: Any) -> AnnualReport:
    """平潭综合实验区 2025 (spec format.md §9.1, tables 三 and 四 as published); table 二
    and the narrative are made up (the spec does not give them)."""
    table3 = {
        "new": {NP: 151, "commercial": 3},
        "disclosed": {NP: 33},
        "partly_disclosed": {NP: 38},
        "internal_affairs": {NP: 3},
        "process_information": {NP: 2},
        "enforcement_files": {NP: 3},
        "query_matters": {NP: 3},
        "not_held": {NP: 49, "commercial": 1},
        "needs_creation": {NP: 3},
        "petition": {NP: 2},
        "no_correction": {NP: 8},
        "fee_unpaid": {NP: 2},
        "other_reasons": {NP: 1},
        "carried_forward": {NP: 4, "commercial": 2},
    }
    table4 = {
        "review": {"upheld": 25, "corrected": 3, "other": 8, "pending": 0},
        "litigation_direct": {"upheld": 3, "corrected": 3, "other": 0, "pending": 0},
        "litigation_after_review": {"upheld": 3, "corrected": 0, "other": 0, "pending": 0},
    }
    args: dict[str, Any] = {
        "body": "平潭综合实验区管理委员会",
        "year": 2025,
        "published": dt.date(2026, 3, 10),
        "table2": {"item_8": {"fees": {"fee_amount": Decimal("4166.241619")}}},
        "table3": table3,
        "table4": table4,
        "overview": Section.of(
            "一、总体情况", "第一段。", Section.of("（一）主动公开", "第二段。", "第三段。")
        ),
        "other": Section.of("六、其他需要报告的事项", "2025年，无收取信息处理费情况。"),
        "fill": 0,
    }
    args.update(changes)
    return AnnualReport.build(args.pop("fmt", "2021"), **args)


def blank_report(fmt: str | type[ReportFormat]) -> AnnualReport:
    fmt = get_format(fmt)
    return AnnualReport(
        format=fmt,
        metadata=Metadata(body="某某县人民政府", year=2020),
        table2=Table2.empty(fmt),
        table3=Table3.empty(fmt),
        table4=Table4.empty(fmt),
    )


def doc(**changes: Any) -> dict[str, Any]:
    """The document of :func:`pingtan_2025`, as decoded JSON, to be spoiled by a test."""
    data: dict[str, Any] = json.loads(dump_json(pingtan_2025()))
    data.update(changes)
    return data


def problems_of(data: object) -> list[tuple[str, str]]:
    with pytest.raises(JsonError) as info:
        from_dict(data)
    return [(p.place, p.message) for p in info.value.problems]


def places_of(data: object) -> list[str]:
    return [place for place, _ in problems_of(data)]


# --- round trips -----------------------------------------------------------------------------


def test_round_trip_of_a_full_2021_report() -> None:
    report = pingtan_2025()
    assert load_json(dump_json(report)) == report
    assert load_json(dump_json(report, indent=None)) == report


def test_round_trip_of_a_2019_report_with_signed_and_money_cells() -> None:
    table2: dict[str, dict[str, dict[str, int | Decimal | None]]] = {
        "item_5": {"licensing": {"change": -7}},
        "item_9": {"procurement": {"items": 395, "amount": Decimal("73802895.90")}},
    }
    report = AnnualReport.build(
        "2019", body="平潭综合实验区", year=2020, table2=table2, table3={}, table4={}, fill=0,
        doc_number="岚综管〔2021〕1号", title="2020年度报告",
    )
    text = dump_json(report)
    assert '"amount": "73802895.90"' in text
    assert '"change": -7' in text
    back = load_json(text)
    assert back == report
    assert back.table2["item_9", "procurement", "amount"] == Decimal("73802895.90")


@pytest.mark.parametrize("fmt", ["2019", "2021", "2021-test-jsonio"])
def test_round_trip_of_a_blank_report(fmt: str) -> None:
    report = blank_report(fmt)
    data = to_dict(report)
    assert data["table3"]["new"][NP] is None
    assert data["table3"]["result_total"]["total"] is None  # blank totals are written
    assert "withheld" not in data["table3"]  # blank groups are not
    assert load_json(dump_json(report)) == report


def test_round_trip_of_an_inconsistent_report_keeps_every_stated_value() -> None:
    report = pingtan_2025()
    spoiled = report.table3.replace({("result_total", "total"): 999, ("new", NP): None})
    bad = AnnualReport(
        format=report.format, metadata=report.metadata, table2=report.table2,
        table3=spoiled, table4=report.table4,
    )
    back = load_json(dump_json(bad))
    assert back == bad
    assert back.table3["result_total", "total"] == 999
    assert back.table3["new", NP] is None


def test_round_trip_of_a_variant_with_an_extra_category() -> None:
    report = pingtan_2025(fmt="2021-test-jsonio")
    data = to_dict(report)
    assert data["format"] == "2021-test-jsonio"
    assert data["table3"]["new"]["test_jsonio_media"] == 0
    assert load_json(dump_json(report)) == report
    # the official 2021 format has no such column
    data["format"] = "2021"
    assert ("$.table3.new.test_jsonio_media", "unknown column") in problems_of(data)


def test_round_trip_of_a_published_report_with_a_group_row() -> None:
    """淮安市洪泽区 2023 prints （六）其他处理 as one row (tests/data/json_SOURCES.md)."""
    text = (DATA / "json_huaian-hongze-2023.json").read_text(encoding="utf-8")
    report = load_json(text)
    assert report.table3["other_handling", NP] is not None
    assert report.table3["no_correction", NP] is None
    assert load_json(dump_json(report)) == report
    assert "other_handling" in to_dict(report)["table3"]


def _grids(cls: type[Grid], fmt: type[ReportFormat]) -> st.SearchStrategy[Any]:
    """Any grid: a blank or zero base with a few cells of any value (totals, groups)."""
    rows, cols = cls.row_axis(fmt), cls.column_axis(fmt)
    cells = [(r.index, c.index) for r in rows.cells for c in cols.cells]
    cell = st.none() | st.integers(min_value=0, max_value=10**12)

    def build(base: int | None, changes: dict[tuple[int, int], int | None]) -> Grid:
        grid: list[list[int | None]] = [[None] * len(cols) for _ in rows]
        for i, j in cells:
            grid[i][j] = changes.get((i, j), base)
        return cls(format=fmt, values=tuple(map(tuple, grid)))

    return st.builds(
        build, st.sampled_from([None, 0]), st.dictionaries(st.sampled_from(cells), cell,
                                                             max_size=8),
    )


def _table2s(fmt: type[ReportFormat]) -> st.SearchStrategy[Table2]:
    kinds = {
        ValueKind.COUNT: st.integers(min_value=0, max_value=10**9),
        ValueKind.SIGNED: st.integers(min_value=-(10**9), max_value=10**9),
        ValueKind.MONEY: st.decimals(min_value=0, max_value=10**12, allow_nan=False, places=6,
                                     allow_infinity=False),
    }
    cells = [st.none() | kinds[cell.column.kind] for cell in fmt.table2_cells()]
    return st.tuples(*cells).map(lambda values: Table2(format=fmt, values=values))


_texts = st.text(max_size=12)
_sections = st.recursive(
    st.builds(Section, heading=_texts, content=st.lists(st.builds(Paragraph, text=_texts),
                                                      max_size=3)),
    lambda inner: st.builds(
        Section, heading=_texts,
        content=st.lists(st.builds(Paragraph, text=_texts) | inner, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def _reports(draw: st.DrawFn) -> AnnualReport:
    fmt = get_format(draw(st.sampled_from(["2019", "2021", "2021-test-jsonio"])))
    metadata = Metadata(
        body=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        year=draw(st.integers(2000, 2999)),
        doc_number=draw(st.none() | _texts.filter(bool)),
        published=draw(st.none() | st.dates()),
        title=draw(st.none() | _texts.filter(bool)),
    )
    return AnnualReport(
        format=fmt, metadata=metadata,
        overview=draw(st.none() | _sections), problems=draw(st.none() | _sections),
        other=draw(st.none() | _sections),
        table2=draw(_table2s(fmt)), table3=draw(_grids(Table3, fmt)),
        table4=draw(_grids(Table4, fmt)),
    )


@settings(max_examples=40)
@given(_reports())
def test_round_trip_property(report: AnnualReport) -> None:
    text = dump_json(report)
    back = load_json(text)
    assert back == report
    assert load_json(text.encode("utf-8")) == report
    assert dump_json(back) == text
    # tables are built without running their validators again: they must still pass them
    for table in (back.table2, back.table3, back.table4):
        attrs.validate(table)


# --- the shape of the document ------------------------------------------------------------


def test_documented_shape_and_key_order() -> None:
    data = to_dict(pingtan_2025())
    assert list(data) == [
        "govdisclosure", "format", "metadata", "overview", "table2", "table3", "table4",
        "problems", "other",
    ]
    assert data["govdisclosure"] == "1.1"
    assert data["format"] == "2021"
    assert data["metadata"] == {
        "body": "平潭综合实验区管理委员会", "year": 2025, "doc_number": None,
        "published": "2026-03-10", "title": None,
    }
    assert data["overview"] == {
        "heading": "一、总体情况",
        "content": ["第一段。", {"heading": "（一）主动公开", "content": ["第二段。", "第三段。"]}],
    }
    assert data["problems"] is None
    assert data["table2"]["item_8"] == {"fees": {"fee_amount": "4166.241619"}}
    assert data["table3"]["new"] == {
        NP: 151, "commercial": 3, "research": 0, "public_interest": 0, "legal_service": 0,
        "other_organization": 0, "total": 154,
    }
    rows = [n.code for n in Table3.row_axis(Format2021).cells if n.kind is not Kind.GROUP]
    assert list(data["table3"]) == rows  # declared order, no blank group rows
    assert data["table4"]["review"] == {
        "upheld": 25, "corrected": 3, "other": 8, "pending": 0, "total": 36,
    }


def test_text_is_utf8_not_escaped_and_indent_is_optional() -> None:
    report = pingtan_2025()
    assert "平潭综合实验区管理委员会" in dump_json(report)
    assert "\n" not in dump_json(report, indent=None)
    assert dump_json(report, indent=4).startswith('{\n    "govdisclosure"')


def test_money_is_written_in_plain_digits() -> None:
    report = pingtan_2025(table2={"item_8": {"fees": {"fee_amount": Decimal("1E+3")}}})
    assert to_dict(report)["table2"]["item_8"]["fees"]["fee_amount"] == "1000"
    report = pingtan_2025(table2={"item_8": {"fees": {"fee_amount": Decimal("-0.00")}}})
    assert to_dict(report)["table2"]["item_8"]["fees"]["fee_amount"] == "0.00"
    assert load_json(dump_json(report)) == report


def test_a_stated_group_row_and_column_are_written_and_read_back() -> None:
    report = pingtan_2025()
    table3 = report.table3.replace({("withheld", NP): 11, ("not_held", "legal_person"): 1})
    stated = AnnualReport(
        format=report.format, metadata=report.metadata, table2=report.table2,
        table3=table3, table4=report.table4,
    )
    data = to_dict(stated)
    assert data["table3"]["withheld"][NP] == 11
    assert data["table3"]["withheld"]["commercial"] is None
    assert "unavailable" not in data["table3"]  # a blank group row
    # a stated group column is written in every row, so that no total is derived for it
    assert data["table3"]["not_held"]["legal_person"] == 1
    assert data["table3"]["withheld"]["legal_person"] is None
    assert data["table3"]["result_total"]["legal_person"] is None
    back = from_dict(data)
    assert back == stated
    assert back.table3["withheld", NP] == 11
    assert back.table3["result_total", "legal_person"] is None
    assert "legal_person" not in to_dict(report)["table3"]["new"]  # none stated: not written


# --- reading rules: derived totals, group cells ----------------------------------------------


def test_absent_totals_are_derived() -> None:
    data = doc()
    for line in data["table3"].values():
        del line["total"]
    del data["table3"]["result_total"]
    for line in data["table4"].values():
        del line["total"]
    assert from_dict(data) == pingtan_2025()


def test_a_stated_total_is_kept_even_when_wrong() -> None:
    data = doc()
    data["table3"]["new"]["total"] = 1000
    data["table4"]["review"]["total"] = None
    report = from_dict(data)
    assert report.table3["new", "total"] == 1000
    assert report.table4["review", "total"] is None


def test_a_group_row_given_alone_is_kept_and_its_total_derived() -> None:
    data = doc()
    data["table3"]["other_handling"] = {NP: 11}
    report = from_dict(data)
    assert report.table3["other_handling", NP] == 11
    assert report.table3["other_handling", "commercial"] is None
    assert report.table3["other_handling", "total"] is None  # its parts are not stated


def test_a_fully_stated_group_row_gets_its_total() -> None:
    data = doc()
    data["table3"]["other_handling"] = {
        NP: 11, "commercial": 0, "research": 0, "public_interest": 0, "legal_service": 0,
        "other_organization": 0,
    }
    assert from_dict(data).table3["other_handling", "total"] == 11


def test_key_order_of_the_input_does_not_matter() -> None:
    data = doc()
    data["table3"] = {row: dict(reversed(line.items()))
                      for row, line in reversed(data["table3"].items())}
    assert from_dict(dict(reversed(data.items()))) == pingtan_2025()


def test_optional_parts_may_be_absent() -> None:
    data = doc()
    for key in ("overview", "problems", "other"):
        del data[key]
    data["metadata"] = {"body": "平潭综合实验区管理委员会", "year": 2025}
    report = from_dict(data)
    assert report.overview is None
    assert report.metadata.published is None


# --- bad input, by JSON path -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (True, "boolean true"),
        (-1, "got -1"),
        (1.5, "non-integer number 1.5"),
        (2.0, "non-integer number 2.0"),
        ("3", 'a string "3"'),
        ([3], "an array"),
    ],
)
def test_a_bad_count_is_refused_at_its_path(value: object, words: str) -> None:
    data = doc()
    data["table3"]["disclosed"][NP] = value
    [(place, message)] = problems_of(data)
    assert place == "$.table3.disclosed.natural_person"
    assert "expected a non-negative integer count or null" in message
    assert words in message


def test_bad_counts_in_totals_table4_and_table2_are_refused() -> None:
    data = doc()
    data["table3"]["new"]["total"] = False
    data["table4"]["litigation_direct"]["pending"] = -2
    data["table2"]["item_1"]["rules"]["issued"] = -1
    assert places_of(data) == [
        "$.table2.item_1.rules.issued",
        "$.table3.new.total",
        "$.table4.litigation_direct.pending",
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (4166.24, "amounts are strings"),
        (3, "amounts are strings"),
        ("abc", 'got "abc"'),
        ("1e3", 'got "1e3"'),
        ("-1", 'got "-1"'),
        ("1,000", 'got "1,000"'),
        ("NaN", 'got "NaN"'),
        ("Infinity", 'got "Infinity"'),
        (True, "a boolean"),
    ],
)
def test_bad_money_is_refused_at_its_path(value: object, words: str) -> None:
    data = doc()
    data["table2"]["item_8"]["fees"]["fee_amount"] = value
    [(place, message)] = problems_of(data)
    assert place == "$.table2.item_8.fees.fee_amount"
    assert words in message


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_json_numbers_are_refused(token: str) -> None:
    text = dump_json(pingtan_2025())
    money = text.replace('"fee_amount": "4166.241619"', f'"fee_amount": {token}')
    count = text.replace('"pending": 0', f'"pending": {token}', 1)
    with pytest.raises(JsonError) as info:
        load_json(money)
    [problem] = info.value.problems
    assert problem.place == "$.table2.item_8.fees.fee_amount"
    assert token in problem.message
    with pytest.raises(JsonError) as info:
        load_json(count)
    [problem] = info.value.problems
    assert problem.place == "$.table4.review.pending"
    assert f"got {token} (not a number)" in problem.message


def test_a_signed_cell_takes_negative_numbers_but_not_booleans() -> None:
    report = AnnualReport.build("2019", body="某县", year=2019, table2={}, table3={}, table4={},
                                fill=0)
    data = to_dict(report)
    data["table2"]["item_6"]["penalty"]["change"] = -3
    assert from_dict(data).table2["item_6", "penalty", "change"] == -3
    data["table2"]["item_6"]["penalty"]["change"] = True
    [(place, message)] = problems_of(data)
    assert place == "$.table2.item_6.penalty.change"
    assert "expected an integer or null, got the boolean true" in message


def test_missing_cells_rows_and_blocks_are_named() -> None:
    data = doc()
    del data["table3"]["disclosed"]["commercial"]
    del data["table3"]["carried_over"]
    del data["table4"]["review"]["upheld"]
    del data["table2"]["item_6"]["penalty"]["decisions"]
    del data["table2"]["item_5"]
    problems = dict(problems_of(data))
    assert set(problems) == {
        "$.table2.item_5",
        "$.table2.item_6.penalty.decisions",
        "$.table3.disclosed.commercial",
        "$.table3.carried_over",
        "$.table4.review.upheld",
    }
    assert problems["$.table3.disclosed.commercial"].startswith("missing count")
    assert problems["$.table3.carried_over"].startswith("missing row")
    assert problems["$.table2.item_5"] == "missing block"


def test_unknown_keys_are_refused_everywhere() -> None:
    data = doc(extra=1)
    data["metadata"]["author"] = "x"
    data["overview"]["note"] = "x"
    data["overview"]["content"][1]["x y"] = 1
    data["table2"]["item_2"] = {}
    data["table2"]["item_1"]["laws"] = {}
    data["table2"]["item_1"]["rules"]["abolished"] = 0
    data["table3"]["results"] = {NP: 1}  # a header holds no value
    data["table3"]["new"]["@root"] = 1
    data["table4"]["review"]["withdrawn"] = 0
    problems = problems_of(data)
    assert sorted(problems) == sorted([
        ("$.extra", "unknown key"),
        ("$.metadata.author", "unknown key"),
        ("$.overview.note", "unknown key"),
        ('$.overview.content[1]["x y"]', "unknown key"),
        ("$.table2.item_2", "unknown block"),
        ("$.table2.item_1.laws", "unknown row"),
        ("$.table2.item_1.rules.abolished", "unknown column"),
        ("$.table3.results", "unknown row"),
        ('$.table3.new["@root"]', "unknown column"),
        ("$.table4.review.withdrawn", "unknown column"),
    ])


def test_every_problem_of_a_document_is_collected() -> None:
    data = doc()
    data["metadata"]["year"] = "2025"
    data["overview"]["content"].append(7)
    data["table3"]["new"][NP] = -1
    data["table3"]["not_held"]["commercial"] = None  # a blank: fine
    data["table4"]["review"]["upheld"] = 2.5
    with pytest.raises(JsonError) as info:
        from_dict(data)
    error = info.value
    assert [p.place for p in error.problems] == [
        "$.metadata.year",
        "$.overview.content[2]",
        "$.table3.new.natural_person",
        "$.table4.review.upheld",
    ]
    assert "(4 problems)" in str(error)
    assert "@ $.table4.review.upheld" in str(error)


def test_wrong_types_of_tables_rows_and_sections() -> None:
    data = doc(table2=[], overview="一、总体情况", problems={"content": []})
    data["table3"]["new"] = [1, 2]
    data["table4"] = None
    assert problems_of(data) == [
        ("$.overview", 'expected {"heading": text, "content": [...]}, got a string'),
        ("$.problems.heading", "required key missing"),
        ("$.table2", "expected an object of blocks, got an array"),
        ("$.table3.new", "expected an object of columns, got an array"),
        ("$.table4", "expected an object of rows, got null"),
    ]


@pytest.mark.parametrize(
    ("metadata", "place", "words"),
    [
        ({"year": 2025}, "$.metadata.body", "required key missing"),
        ({"body": "某县", "year": "2025"}, "$.metadata.year", 'expected an integer, got a string'),
        ({"body": "某县", "year": True}, "$.metadata.year", "got a boolean"),
        ({"body": "某县", "year": 1999}, "$.metadata.year", "expected a year such as 2020"),
        ({"body": 7, "year": 2025}, "$.metadata.body", "expected text"),
        ({"body": "某县", "year": 2025, "published": "2021/01/06"}, "$.metadata.published",
         "expected an ISO date"),
        ({"body": "某县", "year": 2025, "published": "2021-02-30"}, "$.metadata.published",
         "expected an ISO date"),
        ({"body": "某县", "year": 2025, "doc_number": 1}, "$.metadata.doc_number",
         "expected text"),
        ({"body": "  ", "year": 2025}, "$.metadata", "expected the issuing body's name"),
        ([], "$.metadata", "expected a Metadata object, got an array"),
    ],
)
def test_bad_metadata_is_refused_at_its_path(metadata: object, place: str, words: str) -> None:
    [(where, message)] = problems_of(doc(metadata=metadata))
    assert where == place
    assert words in message


def test_missing_metadata_and_tables() -> None:
    data = doc()
    for key in ("metadata", "table2", "table3", "table4"):
        del data[key]
    assert places_of(data) == ["$.metadata", "$.table2", "$.table3", "$.table4"]


def test_unknown_format_names_the_format_and_skips_the_tables() -> None:
    [(place, message)] = problems_of(doc(format="2030"))
    assert place == "$.format"
    assert "unknown format version '2030'" in message
    assert "2021" in message
    assert places_of(doc(format=2021)) == ["$.format"]
    data = doc()
    del data["format"]
    assert places_of(data) == ["$.format"]


@pytest.mark.parametrize("version", ["2.0", "0.9", "10.0"])
def test_an_unknown_major_version_is_refused(version: str) -> None:
    data = doc(govdisclosure=version, extra=1)
    [(place, message)] = problems_of(data)  # nothing else is read
    assert place == "$.govdisclosure"
    assert f"unsupported document version {version}" in message


@pytest.mark.parametrize("version", ["1", "1.0.0", "v1.0", 1.0, None])
def test_a_malformed_version_is_refused(version: object) -> None:
    [(place, _)] = problems_of(doc(govdisclosure=version))
    assert place == "$.govdisclosure"


def test_a_missing_version_is_refused() -> None:
    data = doc()
    del data["govdisclosure"]
    assert places_of(data) == ["$.govdisclosure"]


def test_a_newer_minor_version_is_read_with_a_warning() -> None:
    with pytest.warns(JsonVersionWarning, match="1.7 is newer than 1.1") as record:
        report = from_dict(doc(govdisclosure="1.7"))
    assert report == pingtan_2025()
    with pytest.warns(JsonVersionWarning) as again:
        load_json(json.dumps(doc(govdisclosure="1.12")))
    # the warning names the caller's line, not the library's
    assert record[0].filename == again[0].filename == __file__


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(JsonError) as info:
        load_json('{\n  "govdisclosure": "1.0",\n  "format" "2021"\n}')
    [problem] = info.value.problems
    assert problem.place == "line 3 column 12"
    assert problem.message.startswith("malformed JSON: Expecting ':' delimiter")
    with pytest.raises(JsonError, match="line 1 column 1"):
        load_json("")


@pytest.mark.parametrize("data", [[], "report", 3, None])
def test_a_document_that_is_not_an_object_is_refused(data: object) -> None:
    [(place, message)] = problems_of(data)
    assert place == "$"
    assert message.startswith("expected a report object")


@pytest.mark.parametrize("text", ["1", "1.5", "null", "true", '"report"', "[]", "[1]"])
def test_a_document_text_that_is_not_an_object_is_refused(text: str) -> None:
    # the fuzz test found it: a top-level number or null reached the key count as a TypeError
    with pytest.raises(JsonError, match="expected a report object") as info:
        load_json(text)
    assert [p.place for p in info.value.problems] == ["$"]


def test_bytes_in_any_json_encoding_and_bad_bytes() -> None:
    report = pingtan_2025()
    text = dump_json(report)
    assert load_json(text.encode("utf-8")) == report
    assert load_json(text.encode("utf-8-sig")) == report
    assert load_json(text.encode("utf-16")) == report
    with pytest.raises(JsonError, match="not valid Unicode"):
        load_json(b'{"a": "\xff\xfe\xfa"}')


def test_a_non_text_input_is_refused() -> None:
    with pytest.raises(JsonError, match="expected JSON text"):
        load_json(3)  # type: ignore[arg-type]


# --- strict mode -----------------------------------------------------------------------------


def test_strict_reading_lists_every_violated_identity() -> None:
    data = doc()
    data["table3"]["new"]["total"] = 150  # T3-B; T3-A in the 总计 column
    data["table4"]["review"]["total"] = 35  # T4
    assert from_dict(data).table3["new", "total"] == 150  # not strict: read as published
    with pytest.raises(InconsistentReport) as info:
        load_json(json.dumps(data), strict=True)
    rules = sorted({f.rule for f in info.value.findings})
    assert rules == ["T3-A", "T3-B", "T4"]


def test_strict_reading_of_a_consistent_report() -> None:
    assert load_json(dump_json(pingtan_2025()), strict=True) == pingtan_2025()


# --- the converter and files -----------------------------------------------------------------


def test_one_cached_converter_and_fresh_ones_on_demand() -> None:
    assert converter() is converter()
    fresh = make_converter()
    assert fresh is not converter()
    report = pingtan_2025()
    assert fresh.unstructure(report) == to_dict(report)
    assert fresh.structure(to_dict(report), AnnualReport) == report


def test_the_converter_reads_and_writes_the_parts() -> None:
    conv = converter()
    section = Section.of("五、存在的主要问题及改进情况", "一段。", Section.of("（一）", "二段。"))
    assert conv.structure(conv.unstructure(section), Section) == section
    assert conv.unstructure(Paragraph(text="x")) == "x"
    metadata = Metadata(body="某县", year=2021, published=dt.date(2022, 1, 31))
    assert conv.unstructure(metadata)["published"] == "2022-01-31"
    assert conv.structure(conv.unstructure(metadata), Metadata) == metadata
    with pytest.raises(JsonError) as info:
        conv.structure({"heading": "x", "content": [{"heading": 1}]}, Section)
    assert [p.place for p in info.value.problems] == ["$.content[0].heading"]
    with pytest.raises(JsonError, match="only as part of a report"):
        conv.structure({}, Table3)


def test_files(tmp_path: Path) -> None:
    report = pingtan_2025()
    path = tmp_path / "report.json"
    dump_json_file(report, path)
    assert path.read_text(encoding="utf-8") == dump_json(report) + "\n"
    assert load_json_file(path) == report
    assert load_json_file(str(path), strict=True) == report


def test_input_is_not_changed() -> None:
    data = doc()
    del data["table3"]["result_total"]
    before = copy.deepcopy(data)
    from_dict(data)
    assert data == before


def test_public_names() -> None:
    assert set(dir(jsonio)) == set(jsonio.__all__)
    for name in jsonio.__all__:
        assert hasattr(jsonio, name)


def test_a_key_given_twice_is_refused_not_guessed() -> None:
    text = dump_json(pingtan_2025(), indent=None)
    twice = text.replace('"disclosed":{"natural_person":33,', '"disclosed":{"natural_person":33,'
                         '"natural_person":34,', 1)
    twice = twice.replace('"format":"2021",', '"format":"2021","format":"2019",', 1)
    assert twice.count("natural_person") == text.count("natural_person") + 1
    with pytest.raises(JsonError) as info:
        load_json(twice)
    assert [(p.place, p.message) for p in info.value.problems] == [
        ("$.format", "key given more than once in the same object"),
        ("$.table3.disclosed.natural_person", "key given more than once in the same object"),
    ]


# --- validate once: the exact reading proves what the validator checks ----------------------

_ODD_VALUES = st.one_of(
    st.integers(-3, 3), st.none(), st.booleans(), st.floats(-2, 2), st.text(max_size=2),
    st.integers(10**18, 10**30), st.just([]), st.just({}),
)


@given(data=st.data())
def test_the_proven_grid_is_one_the_validator_accepts(data: st.DataObject) -> None:
    """Whatever a document holds, a grid the exact reading builds without the validator is
    one that the validating constructor builds too, equal to it (and the reading declines
    everything else, which the general path then builds through the validator)."""
    from govdisclosure.strategies import reports

    report = data.draw(reports() | reports(blanks=True))
    doc = to_dict(report)
    for name in ("table3", "table4"):
        table = doc[name]
        for _ in range(data.draw(st.integers(0, 3))):
            row = data.draw(st.sampled_from(sorted(table)))
            col = data.draw(st.sampled_from(sorted(table[row])))
            table[row][col] = data.draw(_ODD_VALUES)
        if data.draw(st.booleans()):
            row = data.draw(st.sampled_from(sorted(table)))
            table[row][data.draw(st.sampled_from(["", "x", "total", "legal_person"]))] = 0
        cls = Table3 if name == "table3" else Table4
        found = jsonio._read_exact_grid(jsonio._grid_plan(cls, report.format), table)
        if found is None:
            continue
        exact = found[0]
        proven = cls._proven(report.format, exact)
        assert cls(format=report.format, values=exact) == proven  # the validator accepts
        assert proven.values == exact


def test_a_huge_integer_followed_by_malformed_json_is_a_json_error() -> None:
    """Found by the fuzz harness: the huge-integer retry must name malformed JSON too."""
    from govdisclosure.errors import JsonError

    with pytest.raises(JsonError, match="malformed JSON"):
        load_json("9" * 4301 + "}")


# --- validate once: the exact reading of a whole document -----------------------------------

_ODD_JSON = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.integers(10**15 - 1, 10**15 + 1),
    st.integers(-(10**15) - 1, -(10**15) + 1), st.floats(allow_nan=False, width=32),
    st.text(max_size=3),
    st.sampled_from([
        "", " ", "\ud800", "a:b", "16万", "8.175万元", "1e3", "-1", "０", "2021-02-30",
        "2021-01-06", "1.0", "1.1", "1.2", "2.0", "2019", "2021", "9" * 30,
    ]),
    st.integers(1999, 3001), st.just([]), st.just({}), st.just(["x", {"heading": "h"}]),
    st.just({"heading": "（一）小节：", "content": ["甲:乙", {"heading": "深"}]}),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*path, i))
    return found


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        node = node[k]
    return node


def _mutated(data: st.DataObject, doc: dict[str, Any]) -> None:
    """Zero to three edits anywhere in ``doc``: a value replaced, a key removed or added, an
    item added to a list, an object's keys put in another order, an object made a dict
    subclass."""
    for _ in range(data.draw(st.integers(0, 3))):
        path = data.draw(st.sampled_from(_paths(doc)))
        node = _at(doc, path)
        op = data.draw(st.integers(0, 5))
        if op == 0 and path:
            _at(doc, path[:-1])[path[-1]] = data.draw(_ODD_JSON)
        elif op == 1 and isinstance(node, dict) and node:
            del node[data.draw(st.sampled_from(sorted(node)))]
        elif op == 2 and isinstance(node, dict):
            key = data.draw(st.sampled_from(["x", "total", "legal_person", "withheld",
                                             "content", "title", "item_1", "new"]))
            node[key] = data.draw(_ODD_JSON)
        elif op == 3 and isinstance(node, list):
            node.insert(data.draw(st.integers(0, len(node))), data.draw(_ODD_JSON))
        elif op == 4 and isinstance(node, dict):
            items = list(node.items())
            node.clear()
            node.update(reversed(items))
        elif op == 5 and isinstance(node, dict) and path:
            _at(doc, path[:-1])[path[-1]] = _SubDict(node)


@given(data=st.data())
def test_the_exact_reading_returns_what_the_general_path_returns(data: st.DataObject) -> None:
    """Whatever a document holds, the exact reading (which builds the model through the
    internal constructors that skip the validators) either declines it or returns the very
    report that the general path builds through the validating constructors; whatever the
    general path refuses, it declines. So no object the validators refuse can be built.
    Its count is that of the ``:`` of the document written out (one per key, and those in
    its texts)."""
    from govdisclosure.strategies import perturbed, reports

    report = data.draw(
        reports() | reports(blanks=True) | perturbed().map(lambda pair: pair[0])
    )
    doc = to_dict(report)
    if data.draw(st.booleans()):  # a group row stated in full, as real reports print one
        rows = report.table3.rows
        group = data.draw(st.sampled_from([n.code for n in rows.groups()]))
        doc["table3"][group] = {
            col: data.draw(st.none() | st.integers(0, 30)) for col in doc["table3"]["new"]
        }
    _mutated(data, doc)
    exact = jsonio._read_exact(doc)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", JsonVersionWarning)
            general = jsonio._read_general(copy.deepcopy(doc), converter())
    except JsonError:
        assert exact is None
        return
    if exact is not None:
        assert exact[0] == general
        assert json.dumps(doc).count(":") == exact[1]
        for part in (exact[0].metadata, exact[0].table2, exact[0].table3, exact[0].table4):
            assert attrs.evolve(part) == part  # the validators accept every part again
        for grid in (exact[0].table3, exact[0].table4):
            # the fused identity plan judged as the rules' plan judges the values read
            assert grid._holds is not None
            assert grid._holds == checks._grid_plan(grid)(grid.values)


def test_the_exact_reading_takes_the_documents_dump_json_writes() -> None:
    """A document as dump_json writes it (and the bundled ones, and a real one printing one
    row for （六）其他处理) is read exactly: the fast path is the common one."""
    from govdisclosure.cli import example_path

    texts = [dump_json(pingtan_2025()), dump_json(pingtan_2025(), indent=None),
             (DATA / "real_huaian-hongze-2023.json").read_text(encoding="utf-8")]
    texts += [example_path(n).read_text(encoding="utf-8")
              for n in ("pingtan-2025.json", "yongchun-shigu-2020.json")]
    for text in texts:
        exact = jsonio._read_exact(json.loads(text))
        assert exact is not None
        assert exact[1] == text.count(":")
        assert exact[0] == load_json(text)


def test_a_key_given_twice_beside_an_escaped_colon_is_still_refused() -> None:
    """The count of ``:`` alone would be fooled by a ``:`` written ``\\u003a`` in a text
    next to a repeated key: such a text goes the exact way of naming the repeated key."""
    report = pingtan_2025()
    text = dump_json(report, indent=None)
    twice = text.replace('"new":{', '"new":{"total":0,', 1).replace("年", "\\u003a年", 1)
    assert twice.count(":") == text.count(":") + 1
    with pytest.raises(JsonError) as info:
        load_json(twice)
    assert [(p.place, p.message) for p in info.value.problems] == [
        ("$.table3.new.total", "key given more than once in the same object"),
    ]


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                      categories=None), max_size=8)
       | st.lists(st.sampled_from(["a", "中", "\ud800", "\udfff", "\ud83d", "\ude00", "😀"]),
                  max_size=5).map("".join))
def test_the_exact_text_check_refuses_what_the_model_refuses(text: str) -> None:
    """The exact reading checks every text at once (UTF-32, which is written faster):
    it refuses exactly the texts the model's validator refuses (lone surrogates)."""
    from govdisclosure.model import _scalar_problem

    assert jsonio._exact_text(text) == (_scalar_problem(text) is None)


@pytest.mark.parametrize("amount", [
    "0", "4166.241619", "16万", "8.175万元", "999999999999999", "999999999999999元",
    "1000000000000000", "99999999999999.9", "999999999999999.9", "0.000000000000000000001",
    "12345678901234.567890123", "1234567890.1234567890", "1234567890.12345678901", "00.5",
    "1e3", "-1", "16 万", "16美元", "",
])
def test_the_exact_reading_of_amounts_is_the_models(amount: str) -> None:
    """At the bounds of an amount (10**15, 20 significant digits) the exact reading
    declines or returns what the general path, through the validator, returns."""
    doc = to_dict(pingtan_2025())
    doc["table2"]["item_8"]["fees"]["fee_amount"] = amount
    exact = jsonio._read_exact(doc)
    try:
        general = jsonio._read_general(doc, converter())
    except JsonError:
        assert exact is None
        return
    assert exact is not None
    assert exact[0] == general


class _SubDict(dict[str, Any]):
    """A dict subclass (such as ``collections.OrderedDict``): the general path refuses it
    wherever an object is read, so the exact reading must decline it too."""


@pytest.mark.parametrize("path", [
    (), ("metadata",), ("overview",), ("table2",), ("table2", "item_1"),
    ("table2", "item_1", "rules"), ("table2", "item_8", "fees"), ("table3",),
    ("table3", "new"), ("table3", "carried_forward"), ("table3", "withheld"), ("table4",),
    ("table4", "review"),
])
def test_a_dict_subclass_gets_the_same_answer_from_both_paths(path: tuple[str, ...]) -> None:
    """Tables, blocks, rows (a group row stated in full too) and every other object: an
    exact ``dict`` only, on the exact reading as on the general path (same report or same
    problems, and from a grid of the general path alike)."""
    data = to_dict(pingtan_2025())
    data["table3"]["withheld"] = dict.fromkeys(data["table3"]["new"], 0)
    if path:
        parent = _at(data, path[:-1])
        parent[path[-1]] = _SubDict(parent[path[-1]])
    else:
        data = _SubDict(data)
    assert jsonio._read_exact(data) is None
    with pytest.raises(JsonError) as general:
        jsonio._read_general(copy.deepcopy(data), converter())
    with pytest.raises(JsonError) as through:
        from_dict(data)
    assert through.value.problems == general.value.problems
    if len(path) == 2 and path[0] in ("table3", "table4"):
        cls = Table3 if path[0] == "table3" else Table4
        plan = jsonio._grid_plan(cls, get_format("2021"))
        assert jsonio._read_exact_grid(plan, data[path[0]]) is None


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_collector_alone_and_makes_no_cycle(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exact reading does not turn the garbage collector off and on (a process-wide
    switch other threads see): it is as it was, during the reading and after; and the
    objects it makes hold no reference cycle (nothing is left for the collector)."""
    import gc

    text = dump_json(pingtan_2025())
    seen: list[bool] = []
    read = jsonio._read_exact_document

    def spy(data: object, decoded: bool) -> Any:
        seen.append(gc.isenabled())
        return read(data, decoded)

    monkeypatch.setattr(jsonio, "_read_exact_document", spy)
    was = gc.isenabled()
    gc.disable()
    try:
        load_json(text)  # plans generated, caches filled
        gc.collect()
        if enabled:
            gc.enable()
        report = load_json(text)
        assert gc.isenabled() is enabled
        gc.disable()
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
    assert seen == [False, enabled]
    assert report == pingtan_2025()


@given(data=st.data())
def test_the_fused_identity_plan_gives_the_same_findings(data: st.DataObject) -> None:
    """A report read exactly carries the identities judged while reading (the fused plan):
    ``check`` then finds exactly what it finds on the same report built by the validating
    constructors (judged by the rules' own plan or by every rule), consistent or not."""
    from govdisclosure import check
    from govdisclosure.strategies import perturbed, reports

    report = data.draw(
        reports() | reports(blanks=True) | perturbed().map(lambda pair: pair[0])
    )
    text = dump_json(report, indent=data.draw(st.sampled_from([None, 2])))
    read = load_json(text)
    if jsonio._read_exact(json.loads(text)) is not None:  # most are read exactly
        assert read.table3._holds is not None
        assert read.table4._holds is not None
    assert report.table3._holds is None  # built by the constructors: not judged
    assert check(read) == check(report)
    assert check(read, strict=True) == check(report, strict=True)


def test_columns_moved_between_rows_are_not_read_in_order() -> None:
    """Rows whose keys are all there in order, but cut at other places (columns of table
    四 moved to the end of table 三's last row, a row's last column moved to the next row)
    are refused as the general path refuses them (a reading that took the values in order
    once it found every key in order would take them); keys in another order are read."""
    base = to_dict(pingtan_2025())
    moved = copy.deepcopy(base)
    review = moved["table4"]["review"]
    last = moved["table3"]["carried_forward"]
    for col in ("upheld", "corrected", "other", "pending"):
        last[col] = review.pop(col)
    shifted = copy.deepcopy(base)
    shifted["table3"]["new"].pop("total")
    shifted["table3"]["carried_over"] = {
        "total": base["table3"]["new"]["total"], **shifted["table3"]["carried_over"]
    }
    with pytest.raises(JsonError) as general:
        jsonio._read_general(copy.deepcopy(moved), converter())
    assert ("$.table3.carried_forward.upheld", "unknown column") in [
        (p.place, p.message) for p in general.value.problems
    ]
    assert jsonio._read_exact(moved) is None
    with pytest.raises(JsonError) as through:
        from_dict(moved)
    assert through.value.problems == general.value.problems
    # the total of 一 absent (derived), given first in 二's row: read by the general path
    assert jsonio._read_exact(shifted) is None
    assert from_dict(shifted) == jsonio._read_general(copy.deepcopy(shifted), converter())
    reordered = copy.deepcopy(base)
    for name in ("table3", "table4"):
        for code, row in reordered[name].items():
            reordered[name][code] = dict(reversed(row.items()))
    exact = jsonio._read_exact(reordered)
    assert exact is not None
    assert exact[0] == pingtan_2025()
