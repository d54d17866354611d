"""Web pages read as a browser sees them: a real tree (lxml's HTML parser), its data tables and
the paragraphs around them.

A *data table* is a ``<table>`` that holds no other table: the report's tables, also when a
site wraps the whole article in page-layout tables (whose cells are then read as
paragraphs). Word's HTML export (``<p class=MsoNormal>``, ``<o:p>``, conditional comments)
is ordinary markup here: cells are their text, ``<br>`` and block elements inside a cell
are line breaks; text a reader does not see as the cell's (struck through: ``<s>``,
``<del>``, ``line-through``; hidden: ``display:none``, Word's ``mso-hide:all``) is left
out. Cells are placed on the table's grid after expanding ``rowspan`` and ``colspan``, as a
browser lays them out.

Bytes are decoded by the page's own declaration (a BOM, ``<meta charset>`` or
``http-equiv``; GB2312 and GBK read as their superset GB18030). Without one, UTF-8 is tried,
then GB18030 and Big5 are told apart by the report's own words; a page that could be
either is refused rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterator
from typing import Any

from govdisclosure.errors import MissingExtra, SourceError

from ._source import Block, Location, Source, Token, cell_token, row_tokens, word_tokens

__all__ = ["decode_html", "from_html"]


def __dir__() -> list[str]:
    return __all__


_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title", "section", "article",
     "header", "footer", "blockquote", "pre", "ul", "ol", "dt", "dd", "center", "br", "tr",
     "td", "th", "table", "caption", "hr", "main", "nav", "aside", "figure", "figcaption",
     "form", "dl", "address", "tbody", "thead", "tfoot"}
)
_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "template", "select",
                        "option", "button", "iframe", "object", "svg"})
#: a span beyond this is a page's error, not a layout (browsers cap rowspan at 65534)
_MAX_SPAN = 100
_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""",
                      re.IGNORECASE)
#: encodings whose superset is read instead (a page labelled GB2312 is often GBK or wider)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030",
              "x-gbk": "gb18030", "big5": "big5hkscs", "cp936": "gb18030"}
#: words every report prints, in simplified and in traditional characters
_SIMPLIFIED = ("政府信息公开", "年度报告", "申请", "行政")
_TRADITIONAL = ("政府資訊公開", "政府信息公開", "年度報告", "申請", "行政")


def decode_html(data: bytes, where: str = "the page") -> str:
    """A page's bytes as text, by its declared encoding (see the module docstring).

    Raises :class:`~govdisclosure.errors.SourceError` when the declared encoding is unknown
    or wrong, or when no encoding is declared and the bytes could be GB18030 or Big5.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, name, where)
    match = _CHARSET.search(data[:8192])
    if match is not None:
        name = match.group(1).decode("ascii").lower()
        try:
            name = codecs.lookup(_SUPERSETS.get(name, name)).name
        except LookupError as exc:
            raise SourceError(f"{where}: unknown charset {name!r} in <meta>") from exc
        if name in ("utf-16", "utf-16-le", "utf-16-be"):
            name = "utf-8"  # a byte page that says UTF-16 is ASCII-compatible: a copy error
        return _declared(data, name, where)
    return decode_undeclared(data, where)


def _shows_words(text: str) -> bool:
    return any(w in text for w in (*_SIMPLIFIED, *_TRADITIONAL))


def _declared(data: bytes, name: str, where: str) -> str:
    """Bytes by their declared encoding, unless the declaration is a copy's leftover: a
    crawler that saves a GBK page as UTF-8 keeps its ``<meta charset=gb2312>``, and GB18030
    decodes almost any bytes, so the page would turn to mojibake without a word said. When
    the declared reading shows none of the report's words, the one other reading (UTF-8,
    GB18030, Big5) that shows them is taken; otherwise the declaration stands (and bytes
    that are not in it are refused, naming the byte)."""
    try:
        declared: str | None = data.decode(name)
    except UnicodeDecodeError:
        declared = None
    if declared is not None and _shows_words(declared):
        return declared
    readings = []
    for other, words in (("utf-8", (*_SIMPLIFIED, *_TRADITIONAL)), ("gb18030", _SIMPLIFIED),
                         ("big5hkscs", _TRADITIONAL)):
        if other == name:
            continue
        try:
            text = data.decode(other)
        except UnicodeDecodeError:
            continue
        if not text.isascii() and any(w in text for w in words):
            readings.append(text)
    if len(readings) == 1:
        return readings[0]
    if declared is not None:
        return declared
    return _decode(data, name, where)  # raises, naming the byte


def decode_undeclared(data: bytes, where: str) -> str:
    """Bytes with no declared encoding: UTF-8, else GB18030 or Big5 told apart by the
    report's words; refused when they cannot be told apart."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = {}
    for name in ("gb18030", "big5hkscs"):
        try:
            readings[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    gb, big5 = readings.get("gb18030"), readings.get("big5hkscs")
    gb_words = gb is not None and any(w in gb for w in _SIMPLIFIED)
    big5_words = big5 is not None and any(w in big5 for w in _TRADITIONAL)
    if gb is not None and gb_words and not big5_words:
        return gb
    if big5 is not None and big5_words and not gb_words:
        return big5
    if gb is not None and big5 is None:
        return gb
    if big5 is not None and gb is None:
        return big5
    raise SourceError(
        f"{where}: not UTF-8 and no encoding declared; the bytes read as GB18030 and as Big5 "
        "alike, and neither reading shows a report's words (declare the charset)"
        if gb is not None and big5 is not None else
        f"{where}: not text in UTF-8, GB18030 or Big5 (binary file?)"
    )


def _decode(data: bytes, name: str, where: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{where}: declared as {name} but byte {exc.start} is not {name} "
            f"({data[exc.start:exc.start + 4]!r})"
        ) from exc


def _span(element: Any, name: str) -> int:
    value = element.get(name)
    if value is None:  # (most cells)
        return 1
    value = str(value).strip()
    # ``"²".isdigit()`` is true but ``int("²")`` fails: ASCII digits only, as browsers read
    digits = ""
    for ch in value:
        if not ("0" <= ch <= "9"):
            break
        digits += ch
    if not digits:
        return 1
    return max(1, min(int(digits[:6]), _MAX_SPAN))


#: words only a report's own tables print (a page's layout tables print none of them)
_TABLE_WORDS = ("第二十条", "本年新收", "行政复议")
#: words of the last section's heading (六、其他需要报告的事项)
_LAST_SECTION = "其他需要报告"


@functools.cache
def _string() -> Any:
    import lxml.etree

    return lxml.etree.XPath("string()")


def _text_content(element: Any) -> str:
    """All the text inside an element (what ``lxml.html``'s ``text_content`` gives)."""
    text: str = _string()(element)
    return text


def _article(root: Any) -> Any | None:
    """The element holding the report: the nearest common ancestor of its data tables that
    also holds the last section's heading. What a page prints after it (related links,
    a footer naming 福建省人民政府) is not the report's narrative; ``None`` when the page
    does not show one."""
    tables = [t for t in root.iter("table") if not _has_table(t)
              and any(w in _text_content(t) for w in _TABLE_WORDS)]
    if not tables:
        return None
    paths = [[*reversed(list(t.iterancestors())), t] for t in tables]
    common = None
    for nodes in zip(*paths, strict=False):
        if any(n is not nodes[0] for n in nodes):
            break
        common = nodes[0]
    while common is not None and _LAST_SECTION not in _text_content(common):
        common = common.getparent()
    return common


class _Walk:
    """Collects paragraphs and data tables in document order."""

    def __init__(self, article: Any | None = None) -> None:
        self.tokens: list[Token] = []
        self.blocks: list[Block] = []
        self.fields: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.line = 1
        self.tables = 0
        self.article = article
        self.after = False  # past the report's element: the page's furniture

    def flush(self) -> None:
        text = " ".join("".join(self.text).split())
        if text:
            location = Location(line=self.line)
            if not self.after:
                self.blocks.append(Block(text=text, location=location))
            self.tokens.extend(word_tokens(text, location))
        self.text = []

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if not self.text and line is not None:
                self.line = line
            self.text.append(text)

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:  # a comment or processing instruction: only its tail is text
            self.add(element.tail, element.sourceline)
            return
        tag = tag.rsplit(":", 1)[-1].lower()  # Word's <o:p>, <st1:chsdate>
        if tag in _SKIP_TAGS:
            self.add(element.tail, element.sourceline)
            return
        if tag == "table" and not _has_table(element):
            self.flush()
            self.table(element)
            self.line = element.sourceline or self.line
            self.after = self.after or element is self.article
        else:
            block = tag in _BLOCK_TAGS or element is self.article
            if block:
                self.flush()
                self.line = element.sourceline or self.line
            self.add(element.text, element.sourceline)
            for child in element:
                self.walk(child)
            if block:
                self.flush()
            if element is self.article:
                self.after = True
        self.add(element.tail, element.sourceline)

    def table(self, table: Any) -> None:
        self.tables += 1
        busy: dict[int, int] = {}  # column -> first row no longer covered from above
        for r, row in enumerate(_rows(table)):
            col = 0
            cells: list[Token] = []
            texts: list[str] = []
            for cell in row:
                while busy.get(col, 0) > r:
                    col += 1
                rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
                for offset in range(colspan):
                    busy[col + offset] = r + rowspan
                raw = cell_text(cell)
                location = Location(line=cell.sourceline, table=self.tables, row=r + 1,
                                    column=col + 1)
                cells.append(cell_token(raw, location))
                texts.append(raw)
                col += colspan
            self.tokens.extend(row_tokens(cells))
            self.fields.extend((texts[i], texts[i + 1]) for i in range(0, len(texts) - 1, 2))


def _has_table(element: Any) -> bool:
    return any(True for _ in element.iterdescendants("table"))


def _rows(table: Any) -> Iterator[list[Any]]:
    """The table's own rows (``<tr>`` directly, or in ``<thead>``/``<tbody>``/``<tfoot>``),
    each as its cells."""
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in ("thead", "tbody", "tfoot"):
            for row in child:
                if isinstance(row.tag, str) and row.tag.lower() == "tr":
                    yield _cells(row)
        elif tag == "tr":
            yield _cells(child)


def _cells(row: Any) -> list[Any]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


#: struck-through text (Word's ``<s>``, a CMS's ``<del>``): deleted, not the cell's value
_STRUCK_TAGS = frozenset({"s", "strike", "del"})
#: inline styles that hide an element or strike its text (``mso-hide:all`` is Word's)
_UNSEEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
                           r"text-decoration[^;]{0,40}line-through", re.IGNORECASE)


def _unseen(element: Any, tag: str) -> bool:
    """Whether an element inside a cell is not part of its value: struck through (deleted
    content: ``<s>7</s>74`` is 74, never 774) or hidden from the reader."""
    if tag in _STRUCK_TAGS:
        return True
    style = element.get("style")
    return style is not None and bool(_UNSEEN_STYLE.search(str(style)))


def cell_text(cell: Any) -> str:
    """A cell's text as a reader sees it: line breaks at ``<br>`` and block elements;
    struck-through and hidden text left out."""
    # most cells are ``<td>0</td>`` or ``<td><p>0</p></td>``: their text, without the walk
    if not len(cell):
        return (cell.text or "").strip()
    if len(cell) == 1 and not (cell.text or "").strip():
        only = cell[0]
        tag = only.tag.lower() if isinstance(only.tag, str) else ""
        if (tag in ("p", "span", "div", "font") and not len(only)
                and not (only.tail or "").strip() and not _unseen(only, tag)):
            return (only.text or "").strip()
    parts: list[str] = []

    def visit(element: Any) -> None:
        tag = element.tag.rsplit(":", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag and element is not cell and _unseen(element, tag):
            if element.tail:
                parts.append(element.tail)
            return
        if tag and tag not in _SKIP_TAGS:
            block = tag in _BLOCK_TAGS
            if block and parts:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
            for child in element:
                visit(child)
            if block:
                parts.append("\n")
        if element.tail and element is not cell:
            parts.append(element.tail)

    visit(cell)
    return "".join(parts).strip()


def from_html(html: str | bytes) -> Source:
    """Tokenise an HTML page: data-table cells as tokens, other block elements as
    paragraphs. Needs ``lxml`` (a dependency, imported only here)."""
    try:
        import lxml.etree
    except ImportError as exc:
        raise MissingExtra(
            f"reading HTML needs lxml: pip install lxml ({exc})"
        ) from exc
    text = decode_html(html) if isinstance(html, bytes) else html
    # a declaration in the text would make lxml refuse a str; the page is decoded already
    text = re.sub(r"^\s*<\?xml[^>]{0,200}\?>", "", text)
    text = text.replace("\x00", "")
    if not text.strip():
        return Source(kind="html", tokens=(), blocks=())
    try:
        # lxml's plain elements: ``lxml.html``'s tree is the same, but it looks up a Python
        # class for every element the walk touches
        root = lxml.etree.fromstring(text, lxml.etree.HTMLParser())
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot read the page as HTML ({exc})") from exc
    if root is None:
        raise SourceError("cannot read the page as HTML (Document is empty)")
    body = root.find("body")
    walk = _Walk(_article(body if body is not None else root))
    title = root.find("head/title")
    if title is not None and _text_content(title).strip():
        walk.add(_text_content(title), title.sourceline)
        walk.flush()
    walk.walk(body if body is not None else root)
    walk.flush()
    return Source(kind="html", tokens=tuple(walk.tokens), blocks=tuple(walk.blocks),
                  fields=tuple(walk.fields))
