"""Chinese (zh_CN) formatting of numbers, money, dates and numbering.

Numbers print as the template prints them, without grouping separators; ``group=True``
groups them as CLDR's zh_CN pattern ``#,##0`` does. Formatting is exact Python arithmetic
(checked against babel's zh_CN data in the tests), so importing this module does not import
babel: :data:`LOCALE` is parsed on first use. Babel has no Chinese numerals (no RBNF for zh),
so :func:`to_chinese`, :func:`from_chinese` and :func:`year_chinese` are ours.

>>> format_count(1234), format_count(1234, group=True)
('1234', '1,234')
>>> format_money(Decimal("4166.241619"), group=True)
'4,166.241619'
>>> format_date(dt.date(2021, 1, 6))
'2021年1月6日'
>>> format_date(dt.date(2021, 1, 6), old_style=True)
'二〇二一年一月六日'
>>> to_chinese(1010), to_chinese(100001), from_chinese("二十三")
('一千零一十', '十万零一', 23)
>>> section_number(3), item_number(7), sub_item_number(2)
('三、', '（七）', '2.')
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from .errors import InvalidValue, Problem

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "LOCALE",  # noqa: F822 (module __getattr__: parsed on first use)
    "MAX_CHINESE",
    "MAX_DIGITS",
    "display_width",
    "format_count",
    "format_date",
    "format_money",
    "format_percent",
    "from_chinese",
    "item_number",
    "printable",
    "section_number",
    "sub_item_number",
    "to_chinese",
    "year_chinese",
]


def __dir__() -> list[str]:
    return __all__


def __getattr__(name: str) -> Any:
    # babel costs ~80 ms to import: the locale is parsed on first use only.
    if name == "LOCALE":
        return _locale()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _locale() -> Locale:
    """The one parsed locale (``zh_CN`` resolves to ``zh_Hans_CN`` in CLDR)."""
    from babel import Locale

    return Locale.parse("zh_CN")


#: The largest number :func:`to_chinese` writes (一亿).
MAX_CHINESE: Final = 10**8
#: The most digits a formatted number may print (Python's int-to-text limit); beyond it the
#: formatters refuse with :class:`~govdisclosure.errors.InvalidValue`.
MAX_DIGITS: Final = 4300

_DIGITS: Final = "零一二三四五六七八九"
_SMALL_UNITS: Final = ((1000, "千"), (100, "百"), (10, "十"))
# Exact arithmetic for any amount the formatters accept (the default context keeps 28 digits).
_EXACT: Final = Context(prec=3 * MAX_DIGITS, Emax=10 * MAX_DIGITS, Emin=-10 * MAX_DIGITS,
                        rounding=ROUND_HALF_EVEN)


def _refuse(what: str, value: object, expected: str) -> InvalidValue:
    try:
        shown = repr(value)
    except ValueError:  # an integer past Python's int-to-text limit
        shown = "(too many digits to print)"
    if len(shown) > 60:
        shown = shown[:40] + "…" + shown[-10:]
    return InvalidValue([Problem(what, f"expected {expected}, got {type(value).__name__} "
                                       f"{shown}")])


def format_count(n: int, *, group: bool = False) -> str:
    """An integer as the template prints it: ``1234`` → ``1234``; ``group``: ``1,234``.

    Exact for every integer of at most :data:`MAX_DIGITS` digits, refused beyond.
    """
    if type(n) is not int:
        raise _refuse("count", n, "an integer")
    if n.bit_length() > 14_000:  # about 4214 digits: under Python's int-string limit
        raise _refuse("count", n, f"an integer of at most {MAX_DIGITS} digits")
    # zh_CN groups by three with "," (CLDR #,##0), as Python's "," format does.
    return f"{n:,}" if group else str(n)


def format_money(d: Decimal, places: int | None = None, *, group: bool = False) -> str:
    """A ``Decimal`` amount keeping its stated precision, exactly.

    ``Decimal("4166.241619")`` → ``4166.241619`` (``group``: ``4,166.241619``);
    ``Decimal("1.50")`` → ``1.50``. ``places`` fixes the number of decimals (rounded
    half-even). Floats are refused: they cannot carry a stated precision. An amount that
    would print more than :data:`MAX_DIGITS` digits is refused.
    """
    if type(d) is not Decimal or not d.is_finite():
        raise _refuse("amount", d, "a finite Decimal")
    if places is not None and (type(places) is not int or not 0 <= places <= MAX_DIGITS):
        raise _refuse("places", places, f"an integer from 0 to {MAX_DIGITS}")
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    integer_digits = max(d.adjusted() + 1, 1)
    decimals = places if places is not None else max(0, -exponent)
    if integer_digits + max(decimals, -exponent) > MAX_DIGITS:
        raise _refuse("amount", d, f"an amount of at most {MAX_DIGITS} digits")
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), context=_EXACT)
    if d.is_zero():
        d = abs(d)  # no "-0"
    # Decimal's "f" format is exact (no context precision); zh_CN groups like ",".
    return format(d, ",f" if group else "f")


def format_percent(x: Decimal | Fraction | int | float, places: int = 1) -> str:
    """A ratio as a percentage: ``Decimal("0.1234")`` → ``12.3%`` (half-even)."""
    if isinstance(x, bool) or not isinstance(x, Decimal | Fraction | int | float):
        raise _refuse("ratio", x, "a number")
    if type(places) is not int or not 0 <= places <= 100:
        raise _refuse("places", places, "an integer from 0 to 100")
    if isinstance(x, Fraction):
        if max(abs(x.numerator), x.denominator).bit_length() > 14_000:
            raise _refuse("ratio", x, f"a ratio of at most {MAX_DIGITS} digits")
        # Exact half-even rounding in rationals, then an exact decimal of that.
        rounded = round(x * 100, places)
        return format_percent(_EXACT.divide(Decimal(rounded.numerator),
                                            Decimal(rounded.denominator)) / 100, places)
    if isinstance(x, float):
        value = Decimal(repr(x))  # the shortest text of the float, not its binary expansion
    elif isinstance(x, int):
        if x.bit_length() > 14_000:
            raise _refuse("ratio", x, f"a ratio of at most {MAX_DIGITS} digits")
        value = Decimal(x)
    else:
        value = x
    if not value.is_finite() or value.adjusted() > MAX_DIGITS - 110:
        raise _refuse("ratio", x, f"a finite ratio of at most {MAX_DIGITS - 110} digits")
    percent = _EXACT.multiply(value, Decimal(100)).quantize(Decimal(1).scaleb(-places),
                                                             context=_EXACT)
    if percent.is_zero():
        percent = abs(percent)
    return format(percent, ",f") + "%"


def format_date(d: dt.date, old_style: bool = False) -> str:
    """``2021年1月6日``; with ``old_style`` ``二〇二一年一月六日``."""
    if not isinstance(d, dt.date):
        raise _refuse("date", d, "a date")
    if old_style:
        return f"{year_chinese(d.year)}年{to_chinese(d.month)}月{to_chinese(d.day)}日"
    return f"{d.year}年{d.month}月{d.day}日"  # CLDR zh long date y年M月d日 (tested)


# --- Chinese numerals ---------------------------------------------------------------------


def _below_10000(n: int, leading: bool) -> str:
    """1 ≤ n ≤ 9999; ``leading`` drops the 一 of 一十 at the very start (十一, not 一十一)."""
    out: list[str] = []
    zero = False
    started = False
    for unit, name in _SMALL_UNITS:
        digit = n // unit % 10
        if digit:
            if zero:
                out.append("零")
            zero = False
            if not (unit == 10 and digit == 1 and leading and not started):
                out.append(_DIGITS[digit])
            out.append(name)
            started = True
        elif started:
            zero = True
    if n % 10:
        if zero:
            out.append("零")
        out.append(_DIGITS[n % 10])
    return "".join(out)


def to_chinese(n: int) -> str:
    """``n`` (0 … 10⁸) in Chinese numerals.

    零, 十, 十一, 二十三, 一百零五, 一千零一十, 十万零一, 一亿.
    """
    if type(n) is not int or not 0 <= n <= MAX_CHINESE:
        raise _refuse("number", n, f"an integer from 0 to {MAX_CHINESE}")
    if n == 0:
        return "零"
    if n == MAX_CHINESE:
        return "一亿"
    high, low = divmod(n, 10_000)
    if not high:
        return _below_10000(low, leading=True)
    text = _below_10000(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low, leading=False)
    return text


_DIGIT_VALUE: Final = {**{ch: i for i, ch in enumerate(_DIGITS)}, "〇": 0, "两": 2}
_UNIT_VALUE: Final = {"十": 10, "百": 100, "千": 1000}


def _parse_small(text: str, whole: str) -> int:
    """A section below 10000 (``三千零五十``), strictly: units in decreasing order."""
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in _DIGIT_VALUE:
            value = _DIGIT_VALUE[ch]
            if value == 0:
                if digit not in (None, 0):
                    raise _bad_numeral(whole)
                digit = 0
                continue
            if digit:
                raise _bad_numeral(whole)
            digit = value
        elif ch in _UNIT_VALUE:
            unit = _UNIT_VALUE[ch]
            if unit >= last_unit or digit == 0:
                raise _bad_numeral(whole)
            total += (digit or 1) * unit
            digit = None
            last_unit = unit
        else:
            raise _bad_numeral(whole)
    if digit:
        total += digit
    return total


def _bad_numeral(text: str) -> InvalidValue:
    return InvalidValue([Problem("numeral", f"expected a Chinese numeral, got {text!r}")])


def from_chinese(s: str) -> int:
    """The value of a Chinese numeral (inverse of :func:`to_chinese`).

    Also reads 〇/两, the written-out 一十, and digit-by-digit years (``二〇二一`` → 2021).
    """
    if not isinstance(s, str):
        raise _refuse("numeral", s, "text")
    text = s.strip()
    if not text:
        raise _bad_numeral(s)
    if len(text) > 1 and all(ch in _DIGIT_VALUE for ch in text):
        return int("".join(str(_DIGIT_VALUE[ch]) for ch in text))
    if text in ("零", "〇"):
        return 0
    total = 0
    rest = text
    for big, name in ((10**8, "亿"), (10**4, "万")):
        if name in rest:
            head, _, rest = rest.partition(name)
            if not head or name in rest:
                raise _bad_numeral(s)
            value = from_chinese(head) if big == 10**8 else _parse_small(head, s)
            if big == 10**4 and value >= 10_000:
                raise _bad_numeral(s)
            total += value * big
    if rest:
        total += _parse_small(rest, s)
    return total


def year_chinese(year: int) -> str:
    """A year digit by digit with 〇: ``2021`` → ``二〇二一``."""
    if type(year) is not int or year < 0:
        raise _refuse("year", year, "a non-negative integer")
    return "".join("〇" if ch == "0" else _DIGITS[int(ch)] for ch in str(year))


def section_number(n: int) -> str:
    """Section numbering: ``1`` → ``一、``."""
    return f"{_positive_chinese(n)}、"


def item_number(n: int) -> str:
    """Item numbering: ``1`` → ``（一）``."""
    return f"（{_positive_chinese(n)}）"


def sub_item_number(n: int) -> str:
    """Sub-item numbering, ASCII digit and full stop as in the template: ``1`` → ``1.``."""
    if type(n) is not int or n < 1:
        raise _refuse("number", n, "a positive integer")
    return f"{n}."


def _positive_chinese(n: int) -> str:
    if type(n) is not int or not 1 <= n <= MAX_CHINESE:
        raise _refuse("number", n, f"an integer from 1 to {MAX_CHINESE}")
    return to_chinese(n)


@functools.lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace terminal (East Asian Width W/F = 2)."""
    # Labels and small numbers repeat in every table, so widths are cached.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ESC sequences (CSI … final byte, OSC/DCS/PM/APC … BEL or ST, or ESC + one byte), then any
# other C0 control but newline and tab, DEL and C1 (which holds the 8-bit CSI U+009B), then
# the bidirectional controls: embeddings and overrides U+202A–202E, isolates U+2066–2069,
# and the marks ALM, LRM, RLM (U+061C, U+200E, U+200F), which reorder digits and punctuation
# around them (Trojan Source, CVE-2021-42574); a Chinese report needs none of them.
_CONTROLS: Final = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` without terminal control: ESC sequences, C0/C1 controls and bidirectional
    controls removed.

    Newline and tab are kept; ``"\\r"`` is removed (it would overwrite the line). For text
    sent to a terminal or a text, Markdown or HTML file: a report's text cannot recolour,
    move the cursor, retitle the window or hide what follows, nor reverse what a reader
    sees (U+202E RIGHT-TO-LEFT OVERRIDE and the other embeddings, overrides, isolates and
    marks of the bidirectional algorithm are removed).

    >>> printable("a\\x1b[31mred\\x1b[0m\\x07 b\\n")
    'ared b\\n'
    >>> printable("机关\\u202e局财")
    '机关局财'
    """
    if text.isprintable():  # the common case: no control characters at all
        return text
    return _CONTROLS.sub("", text)
