"""Hypothesis strategies for annual reports: public API, so agency tools can test with them.

Every strategy builds valid objects *by construction* (``st.builds`` would skip the model's
validators and the report-level identities): leaf counts are drawn so that T3-A holds in every
column, and every total is derived by :meth:`~govdisclosure.model.Grid.from_counts`. Only the
axes and table 二 cells of a format are read, so a format variant that adds a category is
covered with no change here.

* :func:`reports` — whole :class:`~govdisclosure.model.AnnualReport` s;
* :func:`table2s`, :func:`table3s`, :func:`table4s`, :func:`metadata`, :func:`sections` — the
  building blocks;
* :func:`perturb` and :func:`perturbed` — the same report with one cell of table 三 or 四
  changed, to test that a check finds it.

Hypothesis is a test dependency, not a runtime one (the ``[hypothesis]`` extra): without it,
importing this module raises :class:`~govdisclosure.errors.MissingExtra`. The package's
``hypothesis`` entry point (:mod:`govdisclosure._hypothesis_plugin`) registers them, so
``st.from_type(AnnualReport)`` works in any project that has both installed.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeAlias, TypeVar

import attrs

from .errors import InvalidValue, LayoutError, MissingExtra, Problem

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - tested in a subprocess without hypothesis
    raise MissingExtra(
        "govdisclosure.strategies needs hypothesis: pip install 'govdisclosure[hypothesis]'"
    ) from exc
from .formats import SECTION_HEADINGS, ReportFormat, ValueKind, formats, get_format
from .layout import Axis, Kind, Node
from .model import (
    COUNT_LIMIT,
    AnnualReport,
    Count,
    Grid,
    Key,
    Metadata,
    Paragraph,
    Section,
    T2Value,
    Table2,
    Table3,
    Table4,
)
from .units import MONEY_UNITS

__all__ = [
    "MAX_COUNT",
    "Perturbation",
    "metadata",
    "perturb",
    "perturbed",
    "reports",
    "sections",
    "table2s",
    "table3s",
    "table4s",
]


def __dir__() -> list[str]:
    return __all__


#: A format given by code (``"2021"``), by class, or ``None`` for any registered format.
FormatArg: TypeAlias = str | type[ReportFormat] | None
#: A row or column of table 三 or 四: code, label path (``"a/b"`` or a tuple), category, node.
CellKey: TypeAlias = str | tuple[str, ...] | type | Node

_G = TypeVar("_G", bound=Grid)


# --- formats and numbers ------------------------------------------------------------------


def _format_strategy(format: FormatArg) -> st.SearchStrategy[type[ReportFormat]]:
    if format is not None:
        return st.just(get_format(format))
    # Read the registry at each draw, not now: a variant defined later is covered too.
    return st.just(None).flatmap(lambda _: st.sampled_from(tuple(formats())))


#: the largest ``max_count``: a total of table 三 sums some hundreds of leaves, and every
#: total must stay below the model's bound :data:`~govdisclosure.model.COUNT_LIMIT`
MAX_COUNT = COUNT_LIMIT // 1000


def _check_max_count(max_count: int) -> None:
    if type(max_count) is not int or not 0 <= max_count <= MAX_COUNT:
        raise InvalidValue([Problem(
            "max_count",
            f"expected an integer from 0 to {MAX_COUNT} (so that every total stays below "
            f"{COUNT_LIMIT}), got {max_count!r}",
        )])


@functools.lru_cache(maxsize=32)
def _counts(max_count: int) -> st.SearchStrategy[int]:
    # Published tables are mostly zeros and small numbers, with the odd large one.
    return st.one_of(
        st.just(0), st.integers(0, min(9, max_count)), st.integers(0, max_count)
    )


@functools.lru_cache(maxsize=32)
def _line_counts(max_count: int) -> st.SearchStrategy[st.SearchStrategy[int] | None]:
    """How one column of table 三 or row of table 四 is filled: all zeros (``None``; most
    法人或其他组织 columns of a real report), small counts, or counts up to ``max_count``."""
    return st.sampled_from((None, st.integers(0, min(9, max_count)), _counts(max_count)))


@functools.lru_cache(maxsize=1)
def _money() -> st.SearchStrategy[Decimal]:
    # 0–6 decimals: 万元 to 元.分 precision (spec §9.2); scaleb keeps the exponent, never -0.
    return st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.one_of(st.integers(0, 999), st.integers(0, 10**12)),
        st.integers(0, 6),
    )


@functools.lru_cache(maxsize=1)
def _unit() -> st.SearchStrategy[str | None]:
    # mostly printed without a unit (as the template), sometimes with one (16万, …元)
    return st.one_of(st.none(), st.none(), st.sampled_from(MONEY_UNITS))


@st.composite
def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    """``parts`` non-negative integers that add up to ``total``."""
    if parts == 0:
        return []
    cuts = sorted(draw(st.integers(0, total)) for _ in range(parts - 1))
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


#: Whether one cell is blank, at a rate of 1 in 12, 4 or 2 (each shrinks to "stated").
_BLANK_RATES = tuple(st.sampled_from((False,) * (n - 1) + (True,)) for n in (12, 4, 2))
#: Whether a group (not printed in the template) is stated all the same.
_GROUP_STATED = st.sampled_from((False,) * 9 + (True,))


# --- tables -------------------------------------------------------------------------------


def _leaves_under(axis: Axis, node: Node) -> list[Node]:
    """The leaves whose counts make up ``node``'s value along ``axis``."""
    if node.kind is Kind.LEAF:
        return [node]
    if node.kind is Kind.TOTAL:
        header = next(h for h, t in axis.headers() if t.index == node.index)
        kids = [k for k in header.children if k != node.index]
    else:
        kids = list(node.children)
    return [leaf for k in kids for leaf in _leaves_under(axis, axis.nodes[k])]


def _true_value(grid: Grid, row: Node, col: Node) -> int:
    """The value of any cell, groups and totals included, as the sum of its leaf cells
    (all stated)."""
    total = 0
    for leaf_row in _leaves_under(grid.rows, row):
        for leaf_col in _leaves_under(grid.columns, col):
            value = grid[leaf_row, leaf_col]
            assert value is not None
            total += value
    return total


@st.composite
def _blanked(draw: st.DrawFn, grid: _G, *, at_least_one: bool) -> _G:
    """``grid`` with some cells blanked and, now and then, a group stated as published.

    Every stated value stays the true sum of its parts, so each identity is either satisfied
    or undetermined, never violated.
    """
    blank = draw(st.sampled_from(_BLANK_RATES))
    changes: dict[tuple[Key, Key], Count] = {}
    printed: list[tuple[Node, Node]] = []
    for row in grid.rows.cells:
        for col in grid.columns.cells:
            if grid[row, col] is not None:
                if Kind.GROUP not in (row.kind, col.kind):
                    printed.append((row, col))
                if draw(blank):
                    changes[row, col] = None
            elif draw(_GROUP_STATED):
                # A group printed as one row or column (淮安市洪泽区's single （六） row).
                changes[row, col] = _true_value(grid, row, col)
    if at_least_one and printed and all(changes.get(cell, 0) is not None for cell in printed):
        changes[draw(st.sampled_from(printed))] = None
    return grid.replace(changes) if changes else grid


@st.composite
def _table3(
    draw: st.DrawFn, fmt: type[ReportFormat], blanks: bool, max_count: int
) -> Table3:
    rows, cols = Table3.row_axis(fmt), Table3.column_axis(fmt)
    left_side, right_side = fmt.balance
    balance_nodes = [rows[k] for k in (*left_side, *right_side)]
    left = [leaf for k in left_side for leaf in _leaves_under(rows, rows[k])]
    right = {leaf.index for k in right_side for leaf in _leaves_under(rows, rows[k])}
    counts: dict[Key, dict[Key, Count]] = {row: {} for row in rows.leaves}
    for col in cols.leaves:
        # T3-A by construction: draw the results and 结转下年度, then split their sum
        # into 本年新收 and 上年结转.
        count = draw(_line_counts(max_count))
        for row in rows.leaves:
            if row in left:
                continue
            # With nothing on the left of the balance, its right side can only hold zeros.
            zero = count is None or (not left and row.index in right)
            counts[row][col] = 0 if zero or count is None else draw(count)
        total = sum(counts[rows.nodes[i]][col] or 0 for i in sorted(right))
        for row, part in zip(left, draw(_split(total, len(left))), strict=True):
            counts[row][col] = part
    grid = Table3.from_counts(fmt, counts)
    # BalanceRule reads the balance rows' own cells: a balance row that a variant turned
    # into a group must be stated.
    groups: dict[tuple[Key, Key], Count] = {
        (row, col): _true_value(grid, row, col)
        for row in balance_nodes
        if row.kind is Kind.GROUP
        for col in cols.cells
        if col.kind is not Kind.GROUP
    }
    if groups:
        grid = grid.replace(groups).derived()
    return draw(_blanked(grid, at_least_one=True)) if blanks else grid


def table3s(
    format: FormatArg = None, *, blanks: bool = False, max_count: int = 10_000
) -> st.SearchStrategy[Table3]:
    """Tables 三 in which every identity holds.

    ``max_count`` bounds each drawn leaf count; 本年新收 and 上年结转 (split from the results
    and 结转下年度) and the totals may be larger. With ``blanks``, at least one printed cell
    is blank and now and then a group (e.g. （六）其他处理) is stated, so every identity is
    satisfied or undetermined, never violated.
    """
    _check_max_count(max_count)
    return _format_strategy(format).flatmap(lambda fmt: _table3(fmt, blanks, max_count))


@st.composite
def _table4(draw: st.DrawFn, fmt: type[ReportFormat], blanks: bool, max_count: int) -> Table4:
    rows, cols = Table4.row_axis(fmt), Table4.column_axis(fmt)
    counts: dict[Key, dict[Key, Count]] = {}
    for row in rows.leaves:
        count = draw(_line_counts(max_count))
        counts[row] = {col: draw(count) if count is not None else 0 for col in cols.leaves}
    grid = Table4.from_counts(fmt, counts)
    return draw(_blanked(grid, at_least_one=False)) if blanks else grid


def table4s(
    format: FormatArg = None, *, blanks: bool = False, max_count: int = 10_000
) -> st.SearchStrategy[Table4]:
    """Tables 四 whose rows add up (T4); ``blanks`` as in :func:`table3s`."""
    _check_max_count(max_count)
    return _format_strategy(format).flatmap(lambda fmt: _table4(fmt, blanks, max_count))


@st.composite
def _table2(draw: st.DrawFn, fmt: type[ReportFormat], blanks: bool, max_count: int,
            with_units: bool = True) -> Table2:
    count = _counts(max_count)
    signed = st.one_of(count, count.map(lambda n: -n))
    money = _money()
    blank = draw(st.sampled_from(_BLANK_RATES)) if blanks else st.just(False)
    values: list[T2Value] = []
    units: list[str | None] = []
    for cell in fmt.table2_cells():
        units.append(None)
        if draw(blank):
            values.append(None)
        elif cell.column.kind is ValueKind.MONEY:
            values.append(draw(money))
            units[-1] = draw(_unit()) if with_units else None
        elif cell.column.kind is ValueKind.SIGNED:
            values.append(draw(signed))
        else:
            values.append(draw(count))
    return Table2(format=fmt, values=tuple(values), units=tuple(units))


def table2s(
    format: FormatArg = None, *, blanks: bool = False, max_count: int = 10_000,
    units: bool = True,
) -> st.SearchStrategy[Table2]:
    """Tables 二 with values of each cell's kind: counts, signed 本年增/减, ``Decimal`` money
    with 0–6 decimals, printed with a unit of :data:`~govdisclosure.units.MONEY_UNITS`
    sometimes (never with ``units=False``). With ``blanks``, some cells are blank."""
    _check_max_count(max_count)
    return _format_strategy(format).flatmap(
        lambda fmt: _table2(fmt, blanks, max_count, units)
    )


# --- metadata and narrative ---------------------------------------------------------------

#: (place, abbreviation used in 文号), after real issuers (spec §9, corpus).
_PLACES = (
    ("永春县石鼓镇", "永石"),
    ("平潭综合实验区", "岚"),
    ("淮安市", "淮"),
    ("淮安市洪泽区", "洪"),
    ("宿迁市", "宿"),
    ("沭阳县", "沭"),
    ("金湖县", "金"),
    ("上海市", "沪"),
    ("长春市", "长"),
    ("广州市", "穗"),
    ("深圳市龙岗区", "深龙"),
    ("江门市蓬江区", "江蓬"),
    ("乐山市金口河区", "乐金"),
    ("杨凌示范区", "杨"),
)
_AGENCIES = (
    ("人民政府", "政"),
    ("人民政府办公室", "政办"),
    ("人民政府办公厅", "府办"),
    ("发展和改革局", "发改"),
    ("财政局", "财"),
    ("教育局", "教"),
    ("审计局", "审"),
    ("市场监督管理局", "市监"),
    ("自然资源和规划局", "自然资源"),
    ("文化广播电视体育和旅游局", "文旅"),
    ("科学技术委员会", "科"),
)
_FIXED_BODIES = (
    ("平潭综合实验区", "平潭综合实验区管理委员会", "岚综管"),
    ("杨凌示范区", "杨凌示范区审计局", "杨审"),
)


def _bodies() -> st.SearchStrategy[tuple[str, str, str]]:
    """(place, body, 文号 abbreviation)."""
    composed = st.builds(
        lambda p, a: (p[0], f"{p[0]}{a[0]}", f"{p[1]}{a[1]}"),
        st.sampled_from(_PLACES),
        st.sampled_from(_AGENCIES),
    )
    return st.one_of(composed, st.sampled_from(_FIXED_BODIES))


@st.composite
def _metadata(draw: st.DrawFn, fmt: type[ReportFormat]) -> Metadata:
    first = 2019 if fmt.base_version() == "2019" else 2021
    last = 2020 if fmt.base_version() == "2019" else 2030
    year = draw(st.integers(first, last))
    place, body, short = draw(_bodies())
    # Reports are due by 1月31日 of the following year; many come later.
    published = draw(st.none() | st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 6, 30)))
    issued = published.year if published else year + 1
    doc_number = draw(st.none() | st.integers(1, 120).map(lambda n: f"{short}〔{issued}〕{n}号"))
    title = draw(
        st.none()
        | st.sampled_from((
            f"{body}{year}年政府信息公开工作年度报告",
            f"{body}{year}年度政府信息公开工作年度报告",
            f"{place}{year}年政府信息公开工作年度报告",
        ))
    )
    return Metadata(body=body, year=year, doc_number=doc_number, published=published, title=title)


def metadata(format: FormatArg = None) -> st.SearchStrategy[Metadata]:
    """Metadata of a report in ``format``: a realistic issuing body, a year the format
    covers (2019 format: 2019–2020; 2021 format: 2021–2030), and optionally a 文号, a
    publication date in the following year and a title."""
    return _format_strategy(format).flatmap(_metadata)


_PHRASES = (
    "本年度我单位坚持以习近平新时代中国特色社会主义思想为指导",
    "全面贯彻落实《中华人民共和国政府信息公开条例》",
    "进一步加强政策发布解读",
    "通过政府门户网站、微信公众平台及时主动公开政府信息",
    "依申请公开工作依法依规、规范有序",
    "严格执行信息公开审查制度",
    "加强政府网站和政务新媒体内容保障",
    "存在的主要问题是公开内容不够全面、解读形式较为单一",
    "下一步将加强业务培训，提升工作人员业务水平",
    "本年度未收取信息处理费",
    "政府信息公开工作领导小组",
    "“谁主管、谁审批、谁负责”",
)
#: Text that trips renderers and CSV writers: markup, separators, quotes, formulas.
_TRICKY = (
    "<script>alert(1)</script>",
    "A&B",
    "&amp;",
    "a|b",
    '"引号"',
    "'单引号'",
    "“全角引号”",
    "逗号,分隔",
    "两个  空格",
    "<b>粗体</b>",
    "=SUM(A1:A2)",
    "50%",
    "C:\\路径\\文件",
    "{键}",
    "一/二",
)
_TEXT_CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(" ,.;:!?<>&|\"'/\\()[]{}=+-*%#@0123456789abXY，。；：、！？“”‘’（）《》〔〕"),
)


_PIECES = st.lists(
    st.one_of(
        st.sampled_from(_PHRASES),
        st.integers(0, 100_000).map(lambda n: f"共{n}条"),
        st.sampled_from(_TRICKY),
        st.text(_TEXT_CHARS, min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=5,
)


def _paragraph_text(pieces: list[str]) -> str:
    text = "，".join(pieces).strip()
    # A paragraph is one line of text, never empty, with no surrounding whitespace.
    return f"{text}。" if text else "无。"


_NUMERALS = ("一", "二", "三", "四", "五", "六")
_SUBHEADINGS = ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障", "工作推进情况")


@functools.lru_cache(maxsize=1)
def _subheadings() -> st.SearchStrategy[str]:
    return st.builds(
        lambda n, title: f"（{n}）{title}",
        st.sampled_from(_NUMERALS),
        st.sampled_from(_SUBHEADINGS),
    )


@functools.lru_cache(maxsize=1)
def _paragraphs() -> st.SearchStrategy[Paragraph]:
    return _PIECES.map(lambda pieces: Paragraph(text=_paragraph_text(pieces)))


@functools.lru_cache(maxsize=16)
def sections(heading: str | None = None) -> st.SearchStrategy[Section]:
    """Narrative sections with Chinese paragraphs (tricky characters now and then, never a
    line break inside a paragraph) and subsections; ``heading`` fixes the heading."""
    sub = st.builds(
        lambda h, content: Section(heading=h, content=tuple(content)),
        _subheadings(),
        st.lists(_paragraphs(), min_size=1, max_size=3),
    )
    return st.builds(
        lambda h, content: Section(heading=h, content=tuple(content)),
        st.just(heading) if heading is not None else _subheadings(),
        st.lists(st.one_of(_paragraphs(), sub), min_size=1, max_size=4),
    )


# --- reports ------------------------------------------------------------------------------


@st.composite
def _report(
    draw: st.DrawFn, fmt: type[ReportFormat], blanks: bool, max_count: int, narrative: bool,
    units: bool = True,
) -> AnnualReport:
    meta = draw(_metadata(fmt))
    overview = problems = other = None
    if narrative:
        overview = draw(sections(SECTION_HEADINGS["一"]))
        problems = draw(sections(SECTION_HEADINGS["五"]))
        other = draw(sections(SECTION_HEADINGS["六"]))
    return AnnualReport(
        format=fmt,
        metadata=meta,
        overview=overview,
        table2=draw(_table2(fmt, blanks, max_count, units)),
        table3=draw(_table3(fmt, blanks, max_count)),
        table4=draw(_table4(fmt, blanks, max_count)),
        problems=problems,
        other=other,
    )


def reports(
    format: FormatArg = None,
    *,
    blanks: bool = False,
    max_count: int = 10_000,
    narrative: bool = True,
    units: bool = True,
) -> st.SearchStrategy[AnnualReport]:
    """Whole reports in ``format`` (any registered format when ``None``).

    Without ``blanks`` every cell the template prints is stated and
    ``govdisclosure.check(report) == []``. With ``blanks`` some cells are blank (at least one
    in table 三) and now and then a group is stated, so no identity is violated but some are
    undetermined. ``narrative=False`` leaves sections 一、五、六 out (``None``). Amounts
    are printed with a unit sometimes (``16万``), never with ``units=False``.
    """
    _check_max_count(max_count)
    return _format_strategy(format).flatmap(
        lambda fmt: _report(fmt, blanks, max_count, narrative, units)
    )


# --- perturbation -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Perturbation:
    """One changed cell: ``table`` (``三`` or ``四``), its row and column label paths (as in
    :class:`~govdisclosure.findings.Place`), and its value before and after."""

    table: str
    row: tuple[str, ...]
    column: tuple[str, ...]
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


def _find(grid: Grid, key: CellKey, *, rows: bool) -> Node | None:
    axis = grid.rows if rows else grid.columns
    if isinstance(key, Node):
        return key if axis.find(key.index) == key else None
    if isinstance(key, tuple):
        key = "/".join(key)
    if isinstance(key, str) and rows:
        # Table 四's official row paths (行政诉讼/复议后起诉) are not its axis paths.
        for node in axis:
            if "/".join(grid.row_path(grid.format, node)) == key:
                return node
    return axis.find(key)


def _locate(
    report: AnnualReport, row: CellKey, column: CellKey, table: str | None
) -> tuple[Grid, Node, Node]:
    grids: Sequence[Grid] = [g for g in (report.table3, report.table4) if table in (None, g.table)]
    if not grids:
        raise LayoutError([Problem(f"表{table}", "expected table 三 or 四")])
    found = []
    for grid in grids:
        r, c = _find(grid, row, rows=True), _find(grid, column, rows=False)
        if r is not None and c is not None:
            found.append((grid, r, c))
    where = "表" + "/".join(g.table for g in grids)
    if not found:
        raise LayoutError([Problem(where, f"no cell at row {row!r}, column {column!r}")])
    if len(found) > 1:
        raise LayoutError(
            [Problem(where, f"row {row!r}, column {column!r} is in both tables: name the table")]
        )
    return found[0]


def _perturb(
    report: AnnualReport, row: CellKey, column: CellKey, delta: int, table: str | None
) -> tuple[AnnualReport, Perturbation]:
    grid, r, c = _locate(report, row, column, table)
    place = grid.place(r, c)
    old = grid[r, c]
    if old is None:
        raise InvalidValue([Problem(place, "expected a stated cell to change, got a blank")])
    if type(delta) is not int or delta == 0:
        raise InvalidValue([Problem(place, f"expected a nonzero integer change, got {delta!r}")])
    new = old + delta
    if new < 0:
        raise InvalidValue(
            [Problem(place, f"expected a change that keeps the count non-negative: {old}{delta:+}")]
        )
    changed = grid.replace({(r, c): new})
    if isinstance(changed, Table3):
        report = attrs.evolve(report, table3=changed)
    else:
        assert isinstance(changed, Table4)
        report = attrs.evolve(report, table4=changed)
    record = Perturbation(
        table=grid.table, row=grid.row_path(grid.format, r), column=c.path, old=old, new=new
    )
    return report, record


def perturb(
    report: AnnualReport, row: CellKey, column: CellKey, delta: int, *, table: str | None = None
) -> AnnualReport:
    """``report`` with one stated cell of table 三 or 四 changed by ``delta`` (nonzero; the
    count stays non-negative). Totals are *not* re-derived, so an identity breaks.

    ``row`` and ``column`` are codes, label paths (``"行政诉讼/复议后起诉"`` or a tuple, as in
    :class:`Perturbation`), categories or nodes; ``table`` (``"三"``/``"四"``) settles a key
    both tables know. Raises :class:`~govdisclosure.errors.LayoutError` for an unknown cell
    and :class:`~govdisclosure.errors.InvalidValue` for a blank cell or a bad ``delta``.
    """
    return _perturb(report, row, column, delta, table)[0]


@st.composite
def _perturbed(
    draw: st.DrawFn, base: st.SearchStrategy[AnnualReport]
) -> tuple[AnnualReport, Perturbation]:
    report = draw(base)
    stated = [
        (grid, r, c, value)
        for grid in (report.table3, report.table4)
        for r, c, value in grid.cells()
        if value is not None
    ]
    assume(stated)
    grid, r, c, old = draw(st.sampled_from(stated))
    up = st.integers(1, 1_000)
    delta = draw(st.one_of(up, st.integers(-old, -1)) if old else up)
    return _perturb(report, r, c, delta, grid.table)


def perturbed(
    report_strategy: st.SearchStrategy[AnnualReport] | None = None,
) -> st.SearchStrategy[tuple[AnnualReport, Perturbation]]:
    """Pairs ``(changed report, perturbation)``: one stated cell of table 三 or 四 of a report
    drawn from ``report_strategy`` (default :func:`reports`) changed by a nonzero delta.

    Every stated cell is covered by an identity, so from a report without blanks the change
    is always a violation at that cell's row or column; with blanks it may be undetermined.
    """
    return _perturbed(reports() if report_strategy is None else report_strategy)


# --- hypothesis plugin --------------------------------------------------------------------


def _hypothesis_setup_hook() -> None:
    """Register the strategies for ``st.from_type`` (what the package's hypothesis entry point,
    :mod:`govdisclosure._hypothesis_plugin`, does lazily)."""
    from ._hypothesis_plugin import _hypothesis_setup_hook as hook

    hook()
