"""Label normalisation and cell values (govdisclosure.parsing._labels)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure.csvio import dump_csv
from govdisclosure.formats import Format2019, Format2021, ValueKind
from govdisclosure.layout import Kind
from govdisclosure.parsing import ParseResult, parse
from govdisclosure.parsing._labels import (
    VARIANTS,
    Value,
    edit_distance,
    is_blank,
    nfkc,
    norm,
    norm_map,
    read_number,
)


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", c.PartlyDisclosed.label),
        ("1、属于国家秘密", c.StateSecret.label),
        ("3.危及\"三安全一稳定\"", c.ThreeSecurities.label),
        ("1.本机关不掌 握相关政府信 息", c.NotHeld.label),
        ("１．属于国家秘密", c.StateSecret.label),
        ("（四）无法\n提供", c.Unavailable.label),
        ("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请", c.NoCorrection.label),
    ],
)
def test_printed_labels_match_official(printed: str, official: str) -> None:
    assert norm(printed) == norm(official)


def test_distinct_official_labels_stay_distinct() -> None:
    for fmt in (Format2019, Format2021):
        labels = [n.label for n in fmt.table3_rows().nodes if n.label]
        assert len({norm(x) for x in labels}) == len(labels)


def test_variants_are_not_official_labels() -> None:
    for category, spellings in VARIANTS.items():
        for spelling in spellings:
            assert norm(spelling) != norm(category.label)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0", Value(number="0")),
        ("-18", Value(number="-18")),
        ("251000元", Value(number="251000", unit="元")),
        ("4166.241619", Value(number="4166.241619")),
        ("22（其中修订 16 件）", Value(number="22", annotation="(其中修订 16 件)")),
        ("1,234", Value(number="1234")),
        ("１２", Value(number="12")),
        (" 7 件", Value(number="7", unit="件")),
    ],
)
def test_numbers_read_from_cells(raw: str, value: Value) -> None:
    assert read_number(raw) == value


@pytest.mark.parametrize("raw", ["2 0", "2020年度", "1.属于国家秘密", "一", "", "1.", "12ab",
                                 "3(a)(b)", "x" * 300])
def test_not_numbers(raw: str) -> None:
    assert read_number(raw) is None


@pytest.mark.parametrize("raw", ["", "\xa0", " ", "—", "-", "/", "无"])
def test_blank_cells(raw: str) -> None:
    assert is_blank(raw)
    assert not is_blank("0")


def test_values_by_column_kind() -> None:
    assert Value(number="3").as_kind(ValueKind.COUNT) == 3
    assert Value(number="-3").as_kind(ValueKind.SIGNED) == -3
    assert isinstance(Value(number="-3").as_kind(ValueKind.COUNT), str)
    assert isinstance(Value(number="1.5").as_kind(ValueKind.COUNT), str)
    assert Value(number="1.50").as_kind(ValueKind.MONEY) == Decimal("1.50")
    assert Value(number="2", unit="万元").as_kind(ValueKind.MONEY) == Decimal(2)
    assert Value(number="2", unit="元").as_kind(ValueKind.MONEY) == Decimal(2)
    assert isinstance(Value(number="02").as_kind(ValueKind.COUNT), str)
    assert Value(number="0.5").as_kind(ValueKind.MONEY) == Decimal("0.5")
    assert isinstance(Value(number="2", unit="元").as_kind(ValueKind.COUNT), str)
    assert isinstance(Value(number="2", unit="件").as_kind(ValueKind.MONEY), str)


def test_units_as_printed() -> None:
    from govdisclosure.parsing._labels import unit_of

    assert read_number("16万") == Value(number="16", unit="万")
    assert read_number("8.175万元") == Value(number="8.175", unit="万元")
    assert read_number("3亿元") == Value(number="3", unit="亿元")
    assert unit_of("万") == "万"
    assert unit_of(" 元 ", "万") == "万元"
    assert unit_of("件") is None
    assert unit_of("规章") is None


# --- labels that drift, on a real report (tests/data/real/sanming-shi_2024.txt) ------------

_SANMING = (Path(__file__).parent / "data" / "real" / "sanming-shi_2024.txt").read_text(
    "utf-8")
#: long row labels printed once in the page (an edit in eight characters is matched)
_DRIFTING = sorted(n.label for n in Format2021.table3_rows().nodes
                   if n.kind in (Kind.LEAF, Kind.TOTAL) and n.label and len(n.label) >= 8
                   and _SANMING.count(n.label) == 1)
_DRIFT = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _cells(result: ParseResult) -> dict[tuple[str, str, str], str]:
    assert result.report is not None
    rows = [r.split(",") for r in dump_csv(result.report).splitlines()]
    return {(r[0], r[1], r[2]): r[3] for r in rows if r[0] in ("二", "三", "四")}


_TRUTH = _cells(parse(_SANMING))


def _drift(label: str, at: int, edit: str, char: str) -> str:
    at = 2 + at % (len(label) - 2)  # the numbering (一、 1. （二）) is kept
    if edit == "substitute":
        return label[:at] + char + label[at + 1:]
    if edit == "delete":
        return label[:at] + label[at + 1:]
    return label[:at] + char + label[at:]


@_DRIFT
@given(st.sampled_from(_DRIFTING), st.integers(0, 60),
       st.sampled_from(["substitute", "delete", "insert"]), st.sampled_from("的和与及其之在为"))
def test_a_drifting_row_label_is_never_read_wrong(label: str, at: int, edit: str,
                                                  char: str) -> None:
    """One edit in a row label of the real 三明市 2024 page text: every cell read is read as
    printed; a row between two rows found is still read whole, its label a variant."""
    drifted = _drift(label, at, edit, char)
    result = parse(_SANMING.replace(label, drifted))
    got = _cells(result)
    wrong = {k: (v, _TRUTH[k]) for k, v in got.items() if v and v != _TRUTH[k]}
    assert not wrong
    if not label.startswith(("一、", "四、")):  # a first or last row has one neighbour
        assert got == _TRUTH
        if norm(label) not in norm(drifted):  # (punctuation edited, or text added after)
            assert any("标签异文" in n.message and n.place.row[-1] == label
                       for n in result.findings)


@given(st.text("法律行政和规处受理", max_size=8), st.text("法律行政和规处受理", max_size=8))
def test_edit_distance_is_a_metric(a: str, b: str) -> None:
    assert edit_distance(a, b) == edit_distance(b, a)
    assert (edit_distance(a, b) == 0) == (a == b)
    assert abs(len(a) - len(b)) <= edit_distance(a, b) <= max(len(a), len(b))


@pytest.mark.parametrize(("a", "b", "d"), [
    ("法律行政法规", "法律和行政法规", 1), ("不再处理", "不再受理", 1),
    ("申请数量", "申请数", 1), ("结转下年度继续办理", "结转下年继续处理", 2), ("", "abc", 3),
])
def test_edit_distance_of_real_drift(a: str, b: str, d: int) -> None:
    assert edit_distance(a, b) == d


# --- the fast normal forms are the plain ones -------------------------------------------------

#: text as reports print it: CJK, full-width and ASCII punctuation, spaces of every kind,
#: digits, compatibility characters, controls, marks and symbols, and any other character
_PRINTED = st.text(st.one_of(
    st.sampled_from("（）()，,：:；;、。“”《》〔〕【】…！？－＋+|<>=~^`_ \u3000\u00a0\t\n\r\u200b"
                    "０１２３４５６７８９ＡＢａｂ①⑴㈠№㎡℃￥×÷・·—–-"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
    st.characters(),
), max_size=60)


@given(_PRINTED)
def test_nfkc_is_unicode_nfkc(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(_PRINTED)
def test_norm_and_norm_map_are_the_plain_definitions(text: str) -> None:
    def dropped(ch: str) -> bool:
        return ch.isspace() or unicodedata.category(ch)[0] in "PZC" or ch in "|<>=~^`+"

    normal = unicodedata.normalize("NFKC", text)
    kept = [i for i, ch in enumerate(normal) if not dropped(ch)]
    assert norm(text) == "".join(normal[i] for i in kept)
    assert norm_map(text) == (normal, tuple(kept))
