"""Inputs turned into one stream of tokens and a list of text blocks.

Every input kind ends as the same two things:

* ``tokens`` — table-reading order: label fragments (``TEXT``), numbers (``VALUE``) and
  cells left blank (``BLANK``). In free text a token is a whitespace-separated word and
  blanks cannot be seen; in an HTML (:mod:`._html`), Word or Markdown table a token is a
  whole cell, so a blank cell is a ``BLANK`` token.
* ``blocks`` — the paragraphs (lines) outside tables, for headings, narrative and metadata.
"""

from __future__ import annotations

import enum
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator

import attrs

from ._labels import is_blank, norm, read_number
from ._pipes import cell_rows, column_headings

__all__ = [
    "Block", "Location", "Source", "Token", "TokenKind", "cell_token", "from_rows", "from_text",
    "pdf_items", "row_tokens", "unradical", "word_tokens",
]


def __dir__() -> list[str]:
    return __all__


@attrs.frozen(kw_only=True)
class Location:
    """Where something was read: a line of text, or a cell of an HTML/Word table.

    ``table``, ``row`` and ``column`` are 1-based coordinates in the table's grid after
    expanding rowspan and colspan.
    """

    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.table is not None:
            parts.append(f"table {self.table} row {self.row} column {self.column}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown place"


class TokenKind(enum.Enum):
    TEXT = "text"
    VALUE = "value"
    BLANK = "blank"


# Token and Block take their fields by position too: the readers make one a word and one a
# line, and made by position each takes about a quarter less time than by keyword.
@attrs.frozen
class Token:
    kind: TokenKind
    raw: str
    location: Location
    #: a cell of a row a crawler printed one cell per line (:mod:`._pipes`): each of its
    #: cells printed as it stands, no empty cell for a merged label, padding only at the end
    cell_by_cell: bool = False


@attrs.frozen
class Block:
    """A paragraph or line outside the tables."""

    text: str
    location: Location


@attrs.frozen(kw_only=True)
class Source:
    """A tokenised input."""

    kind: str
    tokens: tuple[Token, ...]
    blocks: tuple[Block, ...]
    #: label cells next to their value (``发布机构`` → ``沭阳县发展和改革局``) in HTML tables
    fields: tuple[tuple[str, str], ...] = ()
    #: text with page breaks (form feeds), as ``pdftotext`` prints it: in its reading order a
    #: row's values may stand after the next row's label
    paged: bool = False


def cell_token(raw: str, location: Location, cell_by_cell: bool = False) -> Token:
    if is_blank(raw):
        kind = TokenKind.BLANK
    elif read_number(raw) is not None:
        kind = TokenKind.VALUE
    else:
        kind = TokenKind.TEXT
    return Token(kind, raw, location, cell_by_cell)


# The decimal part of a number broken by a space (``0 .1``; ``1.`` is a label's numbering):
# a value that cannot be read, so that its row is reported instead of read short.
_NUMBER_PIECE = re.compile(r"[.．][0-9]+")


def word_tokens(line: str, location: Location) -> Iterator[Token]:
    if "(" not in line and "（" not in line:
        # no bracket: no note to attach and no numbering glued to a value (most lines)
        for word in line.split():
            yield Token(_word_kind(word), word, location)
        return
    for printed in _attach_annotations(line).split():
        word = printed
        glued = _GLUED_NUMBERING.match(printed)
        if glued is not None:
            # a value glued to the next label's numbering (``0（七）总计``): two words
            yield Token(kind=TokenKind.VALUE, raw=glued.group(1), location=location)
            word = printed[glued.end(1):]
        yield Token(kind=_word_kind(word), raw=word, location=location)


def _word_kind(word: str) -> TokenKind:
    # A word starting with a CJK ideograph is never a number (NFKC keeps that character
    # first, and a number starts with a sign or a digit): most words, no look-up needed.
    if "\u4e00" <= word[0] <= "\u9fff":
        return TokenKind.TEXT
    if read_number(word) is not None or _NUMBER_PIECE.fullmatch(word):
        return TokenKind.VALUE
    return TokenKind.TEXT


# A number glued to a bracketed numeral (``0（七）总计``): the numeral numbers the next
# label, it is no note of the number (a note is never a bare numeral).
_GLUED_NUMBERING = re.compile(r"([0-9]+)(?=[（(][一二三四五六七八九十]{1,3}[）)])")


# A note in brackets right after a number (``22（其中修订 16 件）``): keep it in one word so
# its inner digits are not read as cells. Bounded classes only, so matching stays linear.
# A bracketed numeral (``0 （一）予以公开``) is the next label's numbering, not a note.
_ANNOTATION = re.compile(
    r"([0-9])[ \t]*((?![（(][一二三四五六七八九十]{1,3}[）)])[（(][^（()）\n]{0,60}[）)])"
)


def _attach_annotations(line: str) -> str:
    return _ANNOTATION.sub(lambda m: m.group(1) + "".join(m.group(2).split()), line)


def row_tokens(cells: Iterable[Token]) -> list[Token]:
    """A table row's tokens without the empty cells before its label.

    A flattened merged label cell (``| | （三）不予公开 | 1.属于国家秘密 |``) leaves empty cells
    that are layout, not blank values. A row without any label (table 四's values) keeps all.
    """
    row = list(cells)
    first_text = next((i for i, t in enumerate(row) if t.kind is TokenKind.TEXT), 0)
    return [t for t in row[:first_text] if t.kind is not TokenKind.BLANK] + row[first_text:]


# A page number line of PDF text (``- 2 -``, ``— 12 —``, ``第 3 页``): not content.
_PAGE_NUMBER = re.compile(
    r"[-—–－]\s*[0-9]{1,4}\s*[-—–－]|第\s*[0-9]{1,4}\s*页(?:\s*共\s*[0-9]{1,4}\s*页)?"
)

#: the characters a page number line starts with (a cheap test before the pattern)
_PAGE_NUMBER_STARTS = ("-", "—", "–", "－", "第")

_MD_RULE = re.compile(r"[\s|:\-—+]*")
_MD_HEADING = re.compile(r"#{1,6}\s")


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 or (stripped.startswith("|") and len(stripped) > 1)


def _unpadded(cells: list[str]) -> list[str]:
    """A table row without the empty cells at its end when it holds only headings of tables
    三 and 四 (``复议后起诉 | ||||``): no value stands under a heading, so they are padding."""
    printed = [c for c in cells if c.strip()]
    headings = column_headings()
    if not printed or not all(norm(c) in headings for c in printed):
        return cells
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


# A number that visibly wraps over a line end, in text of one run per line: the first line
# ends with a thousands separator or a decimal point (``12,`` / ``345``, ``8.`` / ``175万``),
# or in a digit group cut short (``12,3`` / ``45``). A whole number on a line (``12`` / ``3``)
# never wraps visibly: a line end is a cut there.
_WRAP_HEAD = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*,(?P<short>[0-9]{0,2})|[0-9]+\.")
_WRAP_TAIL = re.compile(r"(?P<digits>[0-9]+)(?P<rest>(?:,[0-9]{3})*(?:\.[0-9]+)?\S{0,3})")


#: a line that may wrap visibly: short, with a separator or a decimal point, and without a
#: CJK ideograph (NFKC keeps one, and a number holds none)
_MAY_WRAP = re.compile(r"(?=[\s\S]{1,24}\Z)[^\u4e00-\u9fff]*?[,.，．][^\u4e00-\u9fff]*")


def _wrapped(head: str, tail: str) -> str | None:
    """The number ``head`` + ``tail`` when ``head`` (a line) visibly wraps into ``tail``
    (the next line), else ``None``."""
    a = unicodedata.normalize("NFKC", head).strip()
    b = unicodedata.normalize("NFKC", tail).strip()
    first, second = _WRAP_HEAD.fullmatch(a), _WRAP_TAIL.fullmatch(b)
    if first is None or second is None:
        return None
    joined = a + b
    if a.endswith("."):
        ok = not second.group("rest").startswith((",", "."))
    else:
        # the digit group cut by the line end is whole again, and the rest are groups of 3
        ok = len(first.group("short")) + len(second.group("digits")) == 3
    return joined if ok and read_number(joined) is not None else None


def _join_wraps(lines: list[str]) -> list[tuple[int, str]]:
    """The lines, numbered from 1, with each visibly wrapped number joined on its first
    line."""
    # the lines that may wrap into the next: one cheap test of every line, run in C
    heads = itertools.compress(range(len(lines) - 1), map(_MAY_WRAP.fullmatch, lines))
    joins: dict[int, str] = {}
    after = -1  # the line a join took as its tail: it heads no wrap of its own
    for i in heads:
        if i > after and (joined := _wrapped(lines[i], lines[i + 1])):
            joins[i] = joined
            after = i + 1
    if not joins:
        return list(enumerate(lines, start=1))
    out: list[tuple[int, str]] = []
    start = 0
    for i, joined in joins.items():  # in line order
        out.extend((k + 1, lines[k]) for k in range(start, i))
        out.append((i + 1, joined))
        start = i + 2
    out.extend((k + 1, lines[k]) for k in range(start, len(lines)))
    return out


def from_text(text: str, kind: str = "text") -> Source:
    """Tokenise plain text, PDF-extracted text, or Markdown.

    Lines with ``|`` cells (Markdown tables, ``|``-separated flattenings) are table rows,
    whose empty cells are blanks; so are the rows of a table printed one cell per line
    (:mod:`._pipes`); every other line is split into words. A number that
    visibly wraps over a line end (``12,`` / ``345``) is joined first.
    """
    tokens: list[Token] = []
    blocks: list[Block] = []
    markdown = kind == "markdown"
    for number, raw_line in cell_rows(_join_wraps(text.splitlines())):
        location = Location(line=number)
        if isinstance(raw_line, tuple):  # a row of a table a crawler printed (._pipes)
            row = _unpadded(list(raw_line))
            tokens.extend(row_tokens(
                cell_token(cell, Location(line=number, column=index), cell_by_cell=True)
                for index, cell in enumerate(row, start=1)
            ))
            blocks.append(Block(text=" ".join(c for c in row if c), location=location))
            continue
        line = raw_line
        if markdown and "\\" in line:
            # Markdown escapes (``\<``…); an escaped ``\|`` is text, not a cell boundary
            line = _MD_ESCAPE.sub(r"\1", line.replace("\\|", "\x00")).replace("\x00", "\ufffe")
        if "|" in line and _is_table_line(line):  # (most lines hold no pipe)
            stripped = line.strip()
            if _MD_RULE.fullmatch(stripped):
                continue
            if stripped.startswith("|"):
                stripped = stripped[1:]
            if stripped.endswith("|"):
                stripped = stripped[:-1]
            parts = stripped.split("|")
            tokens.extend(row_tokens(
                cell_token(cell.replace("\ufffe", "|"), Location(line=number, column=index))
                for index, cell in enumerate(_unpadded(parts), start=1)
            ))
            blocks.append(Block(" ".join(parts).strip().replace("\ufffe", "|"), location))
            continue
        content = line.strip().replace("\ufffe", "|")
        if content.startswith(_PAGE_NUMBER_STARTS) and _PAGE_NUMBER.fullmatch(content):
            continue
        if content.startswith("#") and _MD_HEADING.match(content):
            content = content.lstrip("#").strip()
        tokens.extend(word_tokens(content, location))
        blocks.append(Block(content, location))
    return Source(kind=kind, tokens=tuple(tokens), blocks=tuple(blocks), paged="\f" in text)


#: CJK radical code points that PDF fonts map whole characters to (石 extracted as the Kangxi
#: radical ⽯, 民 as ⺠). Kangxi radicals (U+2F00–U+2FD5) fold by NFKC; these from the CJK
#: Radicals Supplement have no decomposition, so each is given its character here (only the
#: radicals that are the whole simplified character, by their Unicode names).
_RADICALS = str.maketrans({
    "\u2ea0": "民", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec9": "贝",
    "\u2ecb": "车", "\u2ed3": "长", "\u2ed4": "门", "\u2ed8": "青", "\u2eda": "页",
    "\u2edb": "风", "\u2edc": "飞", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼",
    "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄",
    "\u2eea": "黾", "\u2eec": "齐", "\u2eee": "齿", "\u2ef0": "龙", "\u2ef3": "龟",
})


def unradical(text: str) -> str:
    """``text`` with CJK radicals that stand for whole characters replaced by them (PDF text
    extraction: ``永春县⽯⿎镇⼈⺠政府`` → ``永春县石鼓镇人民政府``); nothing else changed."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    out = []
    for ch in text.translate(_RADICALS):
        out.append(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch)
    return "".join(out)


def pdf_items(
    page_items: Iterable[tuple[float, str | list[list[str | None]]]],
) -> list[str | list[list[str]]]:
    """Order a page's text lines and tables (``(top, item)``) and clean the tables.

    In pdfplumber's tables ``None`` marks a cell covered by a merged cell (dropped), while
    ``""`` is a cell printed empty (a blank). A "table" of one column is a framed text box:
    its rows are lines of text.
    """
    out: list[str | list[list[str]]] = []
    for _, item in sorted(page_items, key=lambda x: x[0]):
        if isinstance(item, str):
            if not _PAGE_NUMBER.fullmatch(item.strip()):
                out.append(item)
            continue
        rows = [[c for c in row if c is not None] for row in item]
        if all(len([c for c in row if c.strip()]) <= 1 for row in rows):
            out.extend(" ".join(c for c in row if c.strip()) for row in rows)
            continue
        # A row that is one cell across the table (every other cell covered by it, ``None``)
        # holding several lines is text the table's frame took in (the paragraphs printed
        # before or after a table on its page), not a table row. A label whose values are
        # printed empty (``""``) is still a row.
        part: list[list[str]] = []
        for row in rows:
            if len(row) == 1 and "\n" in row[0].strip():
                if part:
                    out.append(part)
                    part = []
                out.extend(line for line in row[0].splitlines() if line.strip())
            else:
                part.append(row)
        if part:
            out.append(part)
    return out


def from_rows(
    paragraphs_and_tables: Iterable[str | list[list[str]]], kind: str
) -> Source:
    """Tokenise a document given as paragraphs and tables of cell texts (Word files)."""
    tokens: list[Token] = []
    blocks: list[Block] = []
    fields: list[tuple[str, str]] = []
    table_number = 0
    for index, item in enumerate(paragraphs_and_tables, start=1):
        if isinstance(item, str):
            location = Location(line=index)
            text = " ".join(item.split())
            if text:
                blocks.append(Block(text=text, location=location))
                tokens.extend(word_tokens(text, location))
            continue
        table_number += 1
        for r, row in enumerate(item, start=1):
            tokens.extend(row_tokens(
                cell_token(cell.strip(), Location(table=table_number, row=r, column=col))
                for col, cell in enumerate(row, start=1)
            ))
            fields.extend((row[i].strip(), row[i + 1].strip()) for i in range(0, len(row) - 1, 2))
    return Source(kind=kind, tokens=tuple(tokens), blocks=tuple(blocks), fields=tuple(fields))
