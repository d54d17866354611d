"""Tests of govdisclosure.zh: numbers as the template prints them (checked against babel),
terminal-safe text, our Chinese numerals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal
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
    assert zh.format_count(n, group=True) == text
    # As the template prints numbers: no grouping separators unless asked for.
    assert zh.format_count(n) == text.replace(",", "")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_count_agrees_with_babel(n: int) -> None:
    assert zh.format_count(n, group=True) == format_decimal(n, locale="zh_CN")
    assert zh.format_count(n) == str(n)


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
    assert zh.format_money(Decimal(amount), group=True) == text
    assert zh.format_money(Decimal(amount)) == text.replace(",", "")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False))
def test_format_money_agrees_with_babel(d: Decimal) -> None:
    places = max(0, -int(d.as_tuple().exponent))
    pattern = "#,##0" + ("." + "0" * places if places else "")
    expected = format_decimal(abs(d) if d.is_zero() else d, pattern, locale="zh_CN")
    assert zh.format_money(d, group=True) == expected


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
    assert zh.format_money(Decimal(amount), places, group=True) == text


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


def test_one_locale_loaded_on_first_use() -> None:
    assert str(zh.LOCALE) == "zh_Hans_CN"
    assert zh.LOCALE is zh.LOCALE
    # The long date is CLDR's y年M月d日.
    d = dt.date(2021, 1, 6)
    assert zh.format_date(d) == zh.LOCALE.date_formats["long"].apply(d, zh.LOCALE)


def test_importing_the_library_does_not_import_babel() -> None:
    code = ("import sys, govdisclosure, govdisclosure.rendering; "
            "from govdisclosure import zh; zh.format_count(1); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


HUGE_COUNTS = [10**28, -(10**28), 10**40 + 7, 10**4000]
HUGE_AMOUNTS = ["1" * 29 + ".5", "1" * 40, "0." + "7" * 60, "9E+50", "1E-60", "-" + "3" * 35]


@pytest.mark.parametrize("n", HUGE_COUNTS)
def test_format_count_exact_beyond_28_digits(n: int) -> None:
    assert zh.format_count(n) == str(n)
    assert zh.format_count(n, group=True).replace(",", "") == str(n)


@pytest.mark.parametrize("amount", HUGE_AMOUNTS)
def test_format_money_exact_beyond_28_digits(amount: str) -> None:
    d = Decimal(amount)
    assert Decimal(zh.format_money(d)) == d
    assert Decimal(zh.format_money(d, group=True).replace(",", "")) == d
    assert Decimal(zh.format_money(d, 2)) == d.quantize(Decimal("0.01"), context=Context(
        prec=200, rounding=ROUND_HALF_EVEN))


@pytest.mark.parametrize(
    "call",
    [
        lambda: zh.format_count(10**5000),
        lambda: zh.format_money(Decimal("1E+5000")),
        lambda: zh.format_money(Decimal("1E-5000")),
        lambda: zh.format_money(Decimal(1), 10**6),
        lambda: zh.format_percent(10**5000),
        lambda: zh.format_percent(Decimal("1E+5000")),
        lambda: zh.format_percent(Fraction(10**5000, 3)),
    ],
)
def test_out_of_range_is_refused_with_the_librarys_error(call: Callable[[], str]) -> None:
    with pytest.raises(InvalidValue, match=r"at most|from 0 to"):
        call()


@given(st.integers(min_value=-(10**60), max_value=10**60),
       st.integers(min_value=-40, max_value=40))
def test_formatters_never_raise_a_decimal_error(coefficient: int, exponent: int) -> None:
    d = Decimal(coefficient).scaleb(exponent)
    assert Decimal(zh.format_money(d, group=True).replace(",", "")) == d
    assert zh.format_percent(d).endswith("%")
    zh.format_money(d, 3)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("plain 文本\n第二行\t制表", "plain 文本\n第二行\t制表"),
        ("\x1b[31m红\x1b[0m", "红"),
        ("\x1b]0;owned\x07标题", "标题"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("a\rb\x00c\x7fd\x9b2Je\x85f", "ab" + "c" + "d" + "2Je" + "f"),
        ("\x1bc重置", "重置"),
        ("永春县\u202e局政财", "永春县局政财"),
        ("\u2066\u2067\u2068a\u2069\u202a\u202b\u202c\u202db", "ab"),
        ("1\u200f-2\u200e\u061c3", "1-23"),
        ("\u200b零宽\ufeff\u3000全角", "\u200b零宽\ufeff\u3000全角"),  # not bidi: kept
    ],
)
def test_printable_strips_terminal_control(text: str, clean: str) -> None:
    assert zh.printable(text) == clean


#: Bidirectional classes of the embeddings, overrides and isolates (U+202A–202E, U+2066–2069).
_BIDI_CONTROLS = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"})


@given(st.text() | st.text(st.characters() | st.sampled_from(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x1b[")))
def test_printable_leaves_no_control_but_newline_and_tab(text: str) -> None:
    out = zh.printable(text)
    assert not any((ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in out)
    assert not any(unicodedata.bidirectional(ch) in _BIDI_CONTROLS for ch in out)
    assert not any(ch in "\u061c\u200e\u200f" for ch in out)  # the marks ALM, LRM, RLM
    assert zh.printable(out) == out


def test_dir_is_all() -> None:
    assert dir(zh) == zh.__all__
