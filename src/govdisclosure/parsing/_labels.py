"""Label normalisation and matching, and reading of cell values as published.

Labels are compared after :func:`norm`: NFKC, then every space, punctuation and control
character dropped, so ``(二) 部分公开(区分处理的, …)`` matches ``（二）部分公开（区分处理的，…）``
and ``1、属于国家秘密`` matches ``1.属于国家秘密``. Official labels are read from the format
axes; this module only declares the known variant spellings of real reports.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import attrs

from govdisclosure import categories as c
from govdisclosure.formats import ValueKind
from govdisclosure.units import MONEY_UNITS

__all__ = ["VARIANTS", "Value", "edit_distance", "is_blank", "nfkc", "norm", "norm_map",
           "read_number", "unit_of"]


def __dir__() -> list[str]:
    return __all__


#: the compatibility characters common in Chinese text (full-width punctuation, the
#: ideographic space), each with its compatibility decomposition
_COMMON_WIDE = (("，", ","), ("（", "("), ("）", ")"), ("：", ":"), ("；", ";"), ("\u3000", " "),
                ("！", "!"), ("？", "?"), ("－", "-"), ("＋", "+"), ("…", "..."))


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, fast on Chinese text: NFKC proper is slow
    on long text holding any compatibility character, and full-width punctuation is in
    nearly every line. Replacing those characters by their decompositions first changes no
    NFKC result, and leaves the text mostly normal already, which is quick to check."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    if "\n" not in text:
        return unicodedata.normalize("NFKC", text)
    # line by line, only the lines that need it: a line break composes with nothing, so
    # the lines' NFKC is the text's
    return "\n".join(line if unicodedata.is_normalized("NFKC", line)
                     else unicodedata.normalize("NFKC", line) for line in text.split("\n"))


@functools.lru_cache(maxsize=4096)
def _dropped(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZC" or ch in "|<>=~^`+"


#: runs of the only characters :func:`_dropped` can drop: a letter or digit (``str.isalnum``,
#: what ``\w`` matches besides ``_``) is never a space, punctuation, separator or control
_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 12)
def _kept(run: str) -> str:
    return "".join(ch for ch in run if not _dropped(ch))


def _keep(match: re.Match[str]) -> str:
    return _kept(match.group())


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """``text`` reduced for label comparison (NFKC; no spaces, punctuation or controls).
    Pure, and called on the same label texts many times a report: memoised."""
    return _NON_WORD.sub(_keep, nfkc(text))


@functools.lru_cache(maxsize=1 << 12)
def norm_map(text: str) -> tuple[str, tuple[int, ...]]:
    """``unicodedata.normalize("NFKC", text)`` and, for each character of :func:`norm`'s
    result, its index in it."""
    normal = nfkc(text)
    kept: list[int] = []
    at = 0
    for match in _NON_WORD.finditer(normal):
        start = match.start()
        kept.extend(range(at, start))
        kept.extend(start + i for i, ch in enumerate(match.group()) if not _dropped(ch))
        at = match.end()
    kept.extend(range(at, len(normal)))
    return normal, tuple(kept)


@functools.lru_cache(maxsize=1 << 12)
def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance of two (short, normalised) labels."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


#: Variant spellings seen in published reports, by the category they stand for. Each use is
#: recorded as a finding.
VARIANTS: dict[type[c.Category], tuple[str, ...]] = {
    # 永春县石鼓镇 2020 (seed): the word 行政 is missing
    c.ProhibitedByLaw: ("2.其他法律法规禁止公开", "2.其他法律行政止公开"),
    # 淮安市洪泽区 2023: 法规 printed as 止
}

#: Cell texts that mean "left blank" in a real table (kept as not stated, never as 0).
_BLANKS = frozenset({"", "-", "--", "—", "——", "–", "/", "无", "空"})

# A number at the start of a cell: linear (no nested quantifiers).
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_COUNT_UNITS = ("件", "个", "条", "项", "次", "宗", "起")
#: units of amounts (:data:`govdisclosure.units.MONEY_UNITS`), longest first (万元 before 万)
_MONEY_UNITS = tuple(sorted(MONEY_UNITS, key=len, reverse=True))


@functools.lru_cache(maxsize=1 << 12)
def is_blank(raw: str) -> bool:
    """Whether a table cell is blank as published (empty, ``&nbsp;``, a dash)."""
    return unicodedata.normalize("NFKC", raw).strip() in _BLANKS


@attrs.frozen(kw_only=True)
class Value:
    """A number read from a cell, with what was stripped around it."""

    number: str
    unit: str = ""
    annotation: str = ""

    def as_kind(self, kind: ValueKind) -> int | Decimal | str:
        """The value for a column of ``kind``, or a message saying why it cannot be read."""
        digits = self.number.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            # no table prints 00 or 012: a digit was lost or a cell boundary
            return f"a number printed with a leading zero: {self.number}"
        if kind is ValueKind.MONEY:
            if self.unit in _COUNT_UNITS:
                return f"unit {self.unit} in an amount column"
            try:
                amount = Decimal(self.number)
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                return f"not a number: {self.number}"
            if amount < 0:
                return f"negative amount {self.number}"
            return amount
        if self.unit in _MONEY_UNITS:
            return f"unit {self.unit} in a count column"
        if "." in self.number:
            return f"not a whole number: {self.number}"
        number = int(self.number)
        if kind is ValueKind.COUNT and self.number[0] in "+-":
            return f"signed number {self.number} in a count column"
        return number


def unit_of(raw: str, before: str = "") -> str | None:
    """The unit of an amount that a cell or line standing after it holds alone (``万``,
    ``元``), joined to the unit printed with the number (``8.175万`` / ``元`` → ``万元``);
    ``None`` when ``raw`` is not such a unit."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    if not text:
        return None
    joined = before + text
    return joined if joined in MONEY_UNITS else None


@functools.lru_cache(maxsize=1 << 16)
def read_number(raw: str) -> Value | None:
    """The number a cell states (``251000元``, ``22（其中修订16件）``), or ``None``.

    Only a whole cell counts: ``2 0`` or ``2020年度`` are not numbers.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or len(text) > 200:
        return None
    match = _THOUSANDS.match(text)
    if match is not None and (match.end() == len(text) or not text[match.end()].isdigit()):
        number, rest = match.group().replace(",", ""), text[match.end():]
    else:
        match = _NUMBER.match(text)
        if match is None:
            return None
        number, rest = match.group(), text[match.end():]
    rest = rest.strip()
    unit = next((u for u in (*_MONEY_UNITS, *_COUNT_UNITS) if rest.startswith(u)), "")
    rest = rest[len(unit):].strip()
    annotation = ""
    if rest:
        if not (rest[0] == "(" and rest[-1] == ")") or "(" in rest[1:-1] or ")" in rest[1:-1]:
            return None
        annotation = rest
    return Value(number=number, unit=unit, annotation=annotation)
