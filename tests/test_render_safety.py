"""What the renderings are safe for: numbers as printed (grouping an option), a CMS that
strips ``<style>``, hostile report text (HTML escaping, Markdown paragraphs that stay
paragraphs, no control or bidirectional control character in text, Markdown or HTML), huge
numbers, linear Markdown.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from govdisclosure import strategies
from govdisclosure.cli import example_path, main
from govdisclosure.errors import GovDisclosureError
from govdisclosure.model import AnnualReport, Paragraph, Section
from govdisclosure.rendering import render, render_html
from govdisclosure.rendering.markdown import escape_markdown
from govdisclosure.zh import printable
from test_render_html import pingtan, seed
from test_scaling import GROWTH_BOUND, growth

# --- numbers as the template prints them --------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_no_grouping_by_default_grouping_on_request(kind: str) -> None:
    report = pingtan()
    plain = render(report, kind)  # type: ignore[arg-type]
    grouped = render(report, kind, group=True)  # type: ignore[arg-type]
    assert re.search(r"\b2418\b", plain)
    assert "2,418" not in plain
    assert "4166.241619" in plain
    assert "4,166.241619" not in plain
    assert "2,418" in grouped
    assert "4,166.241619" in grouped


@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_cli_group_flag(kind: str) -> None:
    out = io.StringIO()
    path = str(example_path("pingtan-2025.json"))
    assert main(["render", path, "--to", kind, "--group"], out=out) == 0
    assert "2,418" in out.getvalue()
    out = io.StringIO()
    assert main(["render", path, "--to", kind], out=out) == 0
    assert "2,418" not in out.getvalue()
    assert "2418" in out.getvalue()


# --- the fragment without a stylesheet ----------------------------------------------------


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []
        self.tables: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self.cells.append(dict(attrs))
        elif tag == "table":
            self.tables.append(dict(attrs))


@pytest.mark.parametrize("report", [seed, pingtan])
def test_every_cell_carries_border_and_alignment_inline(
    report: Callable[[], AnnualReport],
) -> None:
    fragment = render(report(), "html")
    assert "<style" not in fragment
    parser = _Cells()
    parser.feed(fragment)
    assert len(parser.tables) == 3
    assert len(parser.cells) > 100
    for table in parser.tables:
        assert table["border"] == "1"
        assert table["cellpadding"]
    for cell in parser.cells:
        style = cell.get("style") or ""
        assert "border:1px solid #000" in style, cell
        assert re.search(r"text-align:(left|right|center)", style), cell
        if cell.get("class") == "num":
            assert "text-align:right" in style


# --- hostile text -------------------------------------------------------------------------

PAYLOADS = [
    '<script>alert("x")</script>', "<img src=x onerror=alert(1)>", "&amp; &lt;", '"\'',
    "[x]: http://evil.example", "    indented code", "\tcode", "# 标题", "> quote",
    "- item", "1. item", "1) item", "| a | b |\n|---|---|", "***", "---", "===", "```js",
    "~~~", "<!-- c -->", "<div>", "[link](javascript:alert(1))", "![i](x)", "*em* _em_",
    "\\", "\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x9b2J", "\r\n", "\n\n", "\n    x",
    "　　全角缩进", "2020年度", "<http://x>",
]

hostile = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=8)), min_size=1,
    max_size=6,
).map("".join)


def _with_text(report: AnnualReport, text: str) -> AnnualReport:
    """``report`` with ``text`` in every text field it prints."""
    meta = attrs.evolve(report.metadata, body=text, title=text, doc_number=text)
    other = Section(heading=text, content=(Paragraph(text=text), Section(
        heading=text, content=(Paragraph(text=text),))))
    return attrs.evolve(report, metadata=meta, other=other)


def _hostile_report(base: AnnualReport, text: str) -> AnnualReport:
    try:
        return _with_text(base, text)
    except GovDisclosureError:  # text the model refuses (blank, not Unicode scalars…)
        assume(False)
        raise


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")


def _tags(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


@given(strategies.reports(), hostile)
def test_html_escapes_every_text_field(report: AnnualReport, text: str) -> None:
    text = text.replace("\r", "").replace("\n", " ")  # a line break is a <br> by design
    evil = _hostile_report(report, text)
    calm = _with_text(report, "x")
    for standalone in (False, True):
        from govdisclosure.rendering.html import render_html

        page = render_html(evil, standalone)
        # The same elements as with harmless text: nothing was injected.
        assert _tags(page).tags == _tags(render_html(calm, standalone)).tags
        # Title, 文号, body, subheading, two paragraphs (六's heading is the official one),
        # each escaped, without its control characters.
        assert page.count(html.escape(printable(text))) >= 6


_MARKER = re.compile(r"^(?:[ \t]|#|>|[-+*=_]|\d+[.)]|```|~~~|<|\[|\||$)")


def _unescaped(line: str, specials: str = "\\`*_[]<>#|~!") -> list[str]:
    """Markdown punctuation in ``line`` not preceded by a backslash escape."""
    bad, i = [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            i += 2
            continue
        if line[i] in specials:
            bad.append(line[i])
        i += 1
    return bad


@given(hostile)
def test_markdown_paragraph_stays_a_paragraph(text: str) -> None:
    out = escape_markdown(text)
    if not out:  # only whitespace and control characters: nothing to print
        assert not printable(text).strip()
        return
    assert "\n\n" not in out
    for line in out.split("\n"):
        assert not _MARKER.match(line) or line.startswith("\\"), (text, line)
        assert not _unescaped(line), (text, line)
        assert not any((ord(ch) < 32 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F for ch in line)
    # Every letter of the text is still there, in order (but what printable() removes).
    assert re.sub(r"[^\w]|amp", "", out) == re.sub(r"[^\w]|amp", "", printable(text))


@given(st.one_of(hostile, st.text(), st.text(alphabet="ab 1.)-+=#&\\_*\n\t　")))
def test_markdown_fast_path_equals_the_full_escape(text: str) -> None:
    from govdisclosure.rendering.markdown import _escape

    assert escape_markdown(text) == _escape(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x]: http://evil.example", "\\[x\\]: http://evil.example"),
        ("第一段\n\n    code", "第一段\ncode"),
        ("    缩进", "缩进"),
        ("a\n1. b\n- c\n> d", "a\n1\\. b\n\\- c\n\\> d"),
        ("x\r\n===", "x\n\\==="),
        ("\x1b[2J清屏", "清屏"),
    ],
)
def test_markdown_injections(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _control(ch: str) -> bool:
    return (ord(ch) < 32 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F or ch in _BIDI


@given(strategies.reports(), st.one_of(hostile, st.lists(
    st.sampled_from([*_BIDI, "机关", "局财", "1.5", "%", "\x1b[2J", "\x85"]), min_size=1,
    max_size=8).map("".join)))
def test_no_control_or_bidi_character_reaches_the_reader(report: AnnualReport,
                                                         text: str) -> None:
    evil = _hostile_report(report, text)
    for kind in ("text", "markdown", "html"):
        out = render(evil, kind)  # type: ignore[call-overload]
        assert not any(map(_control, out)), kind
    assert not any(map(_control, render_html(evil, standalone=True)))


@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
@pytest.mark.parametrize("mark", list(_BIDI))
def test_a_bidi_override_in_the_body_name_reverses_nothing(kind: str, mark: str) -> None:
    # "永春县\u202e局政财" shows as 永春县财政局 in a terminal or browser that honours it.
    report = seed()
    body = f"永春县{mark}局政财"
    evil = attrs.evolve(report, metadata=attrs.evolve(report.metadata, body=body, title=None))
    out = render(evil, kind)  # type: ignore[call-overload]
    assert mark not in out
    assert "永春县局政财" in out  # what was written, in the order it was written
    assert out == render(attrs.evolve(report, metadata=attrs.evolve(
        report.metadata, body="永春县局政财", title=None)), kind)  # type: ignore[call-overload]


def test_html_strips_control_characters_and_escapes_the_rest() -> None:
    report = seed()
    body = "<b>机关</b>\x1b[31m&\x07\x00\x85局"
    out = render(attrs.evolve(report, metadata=attrs.evolve(report.metadata, body=body)),
                 "html")
    assert '<p class="body">&lt;b&gt;机关&lt;/b&gt;&amp;局</p>' in out
    assert not any(map(_control, out))


# --- huge numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [10**28, 10**40, -(10**30)])
@pytest.mark.parametrize("kind", ["text", "markdown", "html"])
def test_huge_count_never_a_decimal_error(value: int, kind: str) -> None:
    report = pingtan()
    try:
        report = attrs.evolve(report, table3=report.table3.replace(
            {("new", "natural_person"): value}))
    except GovDisclosureError:
        return  # the model bounds counts: refused at the boundary, with the library's error
    assert str(value) in render(report, kind)  # type: ignore[arg-type]


# --- linear Markdown ------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["\n", " \n", "\n ", "1.\n", "  ", "a\n\n"])
def test_markdown_escape_is_linear(unit: str) -> None:
    # CPU time for 10x the input against the smaller (the least of a few rounds), as in
    # test_scaling: linear grows x10, quadratic x100
    assert growth(lambda n: lambda: escape_markdown(unit * n), 2_000) < GROWTH_BOUND


# --- the skeleton drawn once gives what drawing every cell gives ---------------------------


@given(strategies.reports(blanks=True), st.booleans())
def test_filled_skeleton_equals_the_cell_by_cell_drawing(report: AnnualReport,
                                                        group: bool) -> None:
    from govdisclosure.rendering import html as html_mod
    from govdisclosure.rendering import markdown, text
    from govdisclosure.rendering._layout import layout, skeleton

    text._DRAWINGS.clear()  # each table drawn anew for its column widths, then from cache
    for table in (report.table2, report.table3, report.table4) * 2:
        laid = layout(table, group=group)
        _, (texts, raws) = skeleton(table, group=group)
        values = [c for c in laid.cells if c.role.value == "value"]
        assert [c.text or None for c in values] == [t or None for t in texts]
        assert [c.raw for c in values] == list(raws)
        assert text._fast_grid(table, group) == "\n".join(text.render_grid(laid))
        assert markdown._fast_table(table, group) == markdown.render_table(laid)
        assert html_mod._fast_table(table, group) == html_mod.render_table(laid)


def test_template_fills_its_slots_in_their_order() -> None:
    from govdisclosure.rendering._layout import SLOT, Template

    assert Template(["<", "|", ">"], [0, 1]).fill(["a", "b"]) == "<a|b>"
    assert Template(["<", "|", ">"], [1, 0]).fill(["a", "b"]) == "<b|a>"
    assert Template(["only"], []).fill([]) == "only"
    drawn = f"[{SLOT.format(1)}]{{}}%s[{SLOT.format(0)}]"
    template = Template.of(drawn, "", 2)
    assert template is not None
    assert template.fill(["x", "y"]) == "[y]{}%s[x]"  # no format syntax in the literals
    assert Template.of(drawn, "a label with \x00", 2) is None
    assert Template.of(drawn, "", 3) is None
    assert Template.of(drawn.replace(SLOT.format(0), SLOT.format(1)), "", 2) is None
    with pytest.raises(ValueError, match="each value once"):
        Template(["a", "b"], [1])


@settings(max_examples=10, deadline=None)
@given(strategies.reports(narrative=True), st.one_of(hostile, st.lists(
    st.sampled_from([*_BIDI, "机关", "\x1b[2J", "\x85", "\x00", "\x07"]), min_size=1,
    max_size=6).map("".join)))
def test_word_and_pdf_take_any_text_and_show_no_control(report: AnnualReport,
                                                       text: str) -> None:
    # Word's XML refused a control character with lxml's ValueError before (a crash)
    import io

    docx = pytest.importorskip("docx")
    pdfplumber = pytest.importorskip("pdfplumber")
    evil = _hostile_report(report, text)
    document = docx.Document(io.BytesIO(render(evil, "docx")))
    words = [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ] + [document.core_properties.title or "", document.core_properties.author or ""]
    assert not any(map(_control, "".join(words)))
    with pdfplumber.open(io.BytesIO(render(evil, "pdf"))) as pdf:
        shown = "".join(page.extract_text() or "" for page in pdf.pages)
    assert not any(map(_control, shown))
