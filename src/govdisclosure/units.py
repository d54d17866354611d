"""Units of amounts, declared once: the vocabulary a published amount may carry.

Real reports print an amount with or without a unit in the cell (spec ``format.md`` §9.2:
上海 2019 "251000元", 平潭 2019/2020 "…73802895.90元", 2021 headers fixing 万元 while cells
print bare decimals; corpus pages print "3万", "18万"). The model keeps the unit as printed,
so ``16万`` can never become 16; ``None`` means the amount was printed without a unit.

Text form, shared by JSON, CSV and the renderers: the decimal digits immediately followed by
the unit (``"16万"``, ``"8.175万元"``, ``"481714587.29元"``), or the digits alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

__all__ = ["CASE_COUNTERS", "MONEY_UNITS", "YUAN_EXPONENT", "amount_text", "split_amount"]


def __dir__() -> list[str]:
    return __all__


#: Every unit an amount may carry, as printed, with its power of ten of 元 (an amount in 万
#: is one in 万元): what comparing amounts printed in two units needs.
YUAN_EXPONENT: Mapping[str, int] = MappingProxyType(
    {"元": 0, "千元": 3, "万": 4, "万元": 4, "亿": 8, "亿元": 8}
)
#: Every unit an amount may carry, as printed (元, 千元, 万, 万元, 亿, 亿元).
MONEY_UNITS: tuple[str, ...] = tuple(YUAN_EXPONENT)

#: The counters a narrative gives a number of cases or requests with (``行政复议36起``,
#: ``行政诉讼9件``): 件, 起, 宗, 个, 例.
CASE_COUNTERS: tuple[str, ...] = ("件", "起", "宗", "个", "例")

# longest first, so that 万元 is not read as 万 followed by 元
_UNIT_ALTERNATIVES = "|".join(
    re.escape(u) for u in sorted(MONEY_UNITS, key=len, reverse=True)
)
_AMOUNT = re.compile(rf"([0-9]+(?:\.[0-9]+)?)({_UNIT_ALTERNATIVES})?")


def split_amount(text: str) -> tuple[Decimal, str | None] | None:
    """``"16万"`` → ``(Decimal("16"), "万")``; ``"4166.24"`` → ``(Decimal("4166.24"), None)``;
    ``None`` for any other text (no sign, exponent, separator or space is accepted)."""
    found = _AMOUNT.fullmatch(text)
    if found is None:
        return None
    return Decimal(found[1]), found[2]


def amount_text(value: Decimal, unit: str | None = None) -> str:
    """The text form of an amount: fixed-point digits (every stored digit, never an
    exponent, never ``-0``) followed by its unit as printed."""
    if value.is_zero():
        value = abs(value)
    return format(value, "f") + (unit or "")
