"""Tests of govdisclosure.zh: babel-backed formatting and our Chinese numerals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import zh
from govdisclosure.errors import GovDisclosureError, InvalidValue


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0"), (7, "7"), (1234, "1,234"), (1234567, "1,234,567"), (-18, "-18")],
)
def test_format_count(n: int, text: str) -> None:
    assert zh.format_count(n) == text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_count_agrees_with_babel(n: int) -> None:
    assert zh.format_count(n) == format_decimal(n, locale="zh_CN")


@pytest.mark.parametrize("bad", [True, 1.0, "3", None, Decimal(3)])
def test_format_count_refuses_non_integers(bad: object) -> None:
    with pytest.raises(InvalidValue, match="expected an integer"):
        zh.format_count(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("4166.241619", "4,166.241619"),  # 平潭 2025: six decimals kept
        ("24252.311082", "24,252.311082"),
        ("9116.36", "9,116.36"),
        ("1.50", "1.50"),  # the stated trailing zero is kept
        ("0", "0"),
        ("0.000", "0.000"),
        ("73802895.90", "73,802,895.90"),
        ("1E+3", "1,000"),
        ("-0", "0"),
    ],
)
def test_format_money_keeps_stated_precision(amount: str, text: str) -> None:
    assert zh.format_money(Decimal(amount)) == text


@pytest.mark.parametrize(
    ("amount", "places", "text"),
    [
        ("4166.241619", 2, "4,166.24"),
        ("0.125", 2, "0.12"),  # half-even
        ("0.135", 2, "0.14"),
        ("2.5", 0, "2"),
        ("3.5", 0, "4"),
        ("7", 2, "7.00"),
    ],
)
def test_format_money_fixed_places_half_even(amount: str, places: int, text: str) -> None:
    assert zh.format_money(Decimal(amount), places) == text


@given(st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False))
def test_format_money_round_trips(d: Decimal) -> None:
    assert Decimal(zh.format_money(d).replace(",", "")) == d
    assert zh.format_money(d).replace(",", "") == f"{d:f}"


@pytest.mark.parametrize("bad", [1.5, 2, "1.5", Decimal("NaN"), Decimal("Infinity")])
def test_format_money_refuses_floats_and_non_finite(bad: object) -> None:
    with pytest.raises(InvalidValue, match="Decimal"):
        zh.format_money(bad)  # type: ignore[arg-type]


def test_format_money_refuses_bad_places() -> None:
    with pytest.raises(InvalidValue, match="places"):
        zh.format_money(Decimal(1), -1)


@pytest.mark.parametrize(
    ("ratio", "places", "text"),
    [
        (Decimal("0.1234"), 1, "12.3%"),
        (Decimal("0.339"), 1, "33.9%"),
        (Fraction(258, 805), 1, "32.0%"),  # 上海 2019 (spec §8)
        (Decimal("0.1234"), 0, "12%"),
        (Decimal("0.00125"), 1, "0.1%"),  # 0.125% half-even → 0.1%
        (1, 1, "100.0%"),
        (0.5, 2, "50.00%"),
    ],
)
def test_format_percent(ratio: Decimal | Fraction | int | float, places: int, text: str) -> None:
    assert zh.format_percent(ratio, places) == text


def test_format_percent_refuses_bool() -> None:
    with pytest.raises(InvalidValue):
        zh.format_percent(True)


def test_format_date() -> None:
    assert zh.format_date(dt.date(2021, 1, 6)) == "2021年1月6日"
    assert zh.format_date(dt.date(2026, 12, 31)) == "2026年12月31日"
    assert zh.format_date(dt.date(2021, 1, 6), old_style=True) == "二〇二一年一月六日"
    assert zh.format_date(dt.date(2020, 12, 31), old_style=True) == "二〇二〇年十二月三十一日"
    with pytest.raises(InvalidValue):
        zh.format_date("2021-01-06")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (100001, "十万零一"),
        (110000, "十一万"),
        (101000, "十万一千"),
        (1000000, "一百万"),
        (20000000, "二千万"),
        (99999999, "九千九百九十九万九千九百九十九"),
        (10**8, "一亿"),
    ],
)
def test_to_chinese_and_back(n: int, text: str) -> None:
    assert zh.to_chinese(n) == text
    assert zh.from_chinese(text) == n


@given(st.integers(min_value=0, max_value=zh.MAX_CHINESE))
def test_numerals_round_trip(n: int) -> None:
    assert zh.from_chinese(zh.to_chinese(n)) == n


def test_numerals_round_trip_exhaustive_below_20000_and_edges() -> None:
    numbers = [*range(20_000), 99_999, 100_000, 10**8 - 1, 10**8]
    texts = [zh.to_chinese(n) for n in numbers]
    assert len(set(texts)) == len(numbers)  # no two numbers share a numeral
    assert [zh.from_chinese(t) for t in texts] == numbers


@pytest.mark.parametrize(
    ("text", "n"), [("一十", 10), ("两百", 200), ("二〇二一", 2021), ("一九", 19), ("〇", 0)]
)
def test_from_chinese_variants(text: str, n: int) -> None:
    assert zh.from_chinese(text) == n


@pytest.mark.parametrize("bad", ["", "abc", "十十", "二五十", "万", "一万万", "零十", "九千九千"])
def test_from_chinese_refuses_non_numerals(bad: str) -> None:
    with pytest.raises(InvalidValue, match="Chinese numeral"):
        zh.from_chinese(bad)


@pytest.mark.parametrize("bad", [-1, 10**8 + 1, True, 1.0])
def test_to_chinese_range(bad: object) -> None:
    with pytest.raises(GovDisclosureError):
        zh.to_chinese(bad)  # type: ignore[arg-type]


def test_year_and_numbering() -> None:
    assert zh.year_chinese(2021) == "二〇二一"
    assert zh.year_chinese(2000) == "二〇〇〇"
    assert zh.section_number(1) == "一、"
    assert zh.section_number(6) == "六、"
    assert zh.item_number(1) == "（一）"
    assert zh.item_number(12) == "（十二）"
    assert zh.sub_item_number(3) == "3."
    for bad in (0, -1):
        with pytest.raises(InvalidValue):
            zh.section_number(bad)
        with pytest.raises(InvalidValue):
            zh.sub_item_number(bad)


def test_one_locale_and_cached_patterns() -> None:
    assert str(zh.LOCALE) == "zh_Hans_CN"
    # Patterns are parsed once per precision and reused.
    zh.format_money(Decimal("1.25"))
    before = zh._decimal_pattern.cache_info().misses
    for _ in range(100):
        zh.format_money(Decimal("3.75"))
    assert zh._decimal_pattern.cache_info().misses == before


def test_dir_is_all() -> None:
    assert dir(zh) == zh.__all__
