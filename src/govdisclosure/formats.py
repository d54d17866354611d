"""The two official format versions, declared once as data.

* :class:`Format2019` — 国办公开办函〔2019〕60号《…年度报告格式（试行）》, used for the 2019 and
  2020 reports (spec ``format.md`` §4);
* :class:`Format2021` — 国办公开办函〔2021〕30号, used from the 2021 reports on (spec §5).

A format knows the layout of table 二, the axes of tables 三 and 四 and the section headings.
A local variant subclasses a format with a new ``code``; its categories (see
:mod:`govdisclosure.categories`) name that code in their ``formats``. Formats are looked up by
code with :func:`get_format`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import ClassVar

import attrs

from . import categories as c
from .errors import FormatError, UnknownFormat
from .layout import Axis, _Spec, spec

__all__ = [
    "GROUP_COLUMN",
    "SECTION_HEADINGS",
    "T2_ROW_HEADER",
    "TABLE3_NOTE",
    "Format2019",
    "Format2021",
    "ReportFormat",
    "T2Block",
    "T2Cell",
    "T2Column",
    "ValueKind",
    "formats",
    "get_format",
]


def __dir__() -> list[str]:
    return __all__


#: Headings of the six sections, identical in both versions (spec §3).
SECTION_HEADINGS: dict[str, str] = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}

#: The header of table 二's label column, printed in every block (spec §4.1, §5.1).
T2_ROW_HEADER = "信息内容"

#: Not in the template (spec §4.2 prints no 法人或其他组织 subtotal column): the heading over a
#: group column that a report states a value for, so that page text, which has no cells,
#: still shows the column.
GROUP_COLUMN = "小计"

#: The note printed in the top-left cell of table 三 (spec §4.2; same in 2021).
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class ValueKind(enum.Enum):
    """What a table 二 cell holds."""

    COUNT = "count"  #: non-negative ``int``
    SIGNED = "signed"  #: ``int`` of either sign (2019 本年增/减)
    MONEY = "money"  #: non-negative ``Decimal``


@attrs.frozen
class T2Column:
    code: str
    label: str
    kind: ValueKind = ValueKind.COUNT


@attrs.frozen
class T2Block:
    """One block of table 二: a full-width heading row, a header row and its rows."""

    code: str
    label: str
    columns: tuple[T2Column, ...]
    rows: tuple[tuple[str, str], ...]  # (code, label)


@attrs.frozen
class T2Cell:
    """One cell of table 二, in the format's order."""

    index: int
    block: T2Block
    row_code: str
    row_label: str
    column: T2Column

    @property
    def row_path(self) -> str:
        """``第二十条第（八）项/行政事业性收费``, as in CSV."""
        return f"{self.block.label}/{self.row_label}"


_REVIEW_COLUMNS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)


def _table4_columns() -> Axis:
    kids = [spec(code, label) for code, label in _REVIEW_COLUMNS]
    return Axis.from_specs([*kids, spec("total", "总计", total=True)])


def _table4_rows() -> Axis:
    return Axis.from_specs([
        _Spec(code="review", label="行政复议"),
        _Spec(code="litigation_direct", label="未经复议直接起诉"),
        _Spec(code="litigation_after_review", label="复议后起诉"),
    ])


def _category_specs(root: type[c.Category], lineage: frozenset[str]) -> list[_Spec]:
    def build(cat: type[c.Category]) -> _Spec:
        kids = [k for k in cat.subcategories if k.in_format(lineage)]
        kids.sort(key=lambda k: k.is_total)  # stable: definition order, totals last
        return spec(cat.code, cat.label, *map(build, kids), total=cat.is_total, category=cat)

    top = [k for k in root.subcategories if k.in_format(lineage)]
    top.sort(key=lambda k: k.is_total)
    return [build(k) for k in top]


class ReportFormat:
    """A format version. Subclass it (with a new ``code``) to declare a local variant."""

    code: ClassVar[str]
    #: the notice that fixes the format
    source: ClassVar[str]
    table2_blocks: ClassVar[tuple[T2Block, ...]]
    #: T3-A: 一 + 二 = （七）总计 + 四 (the printed 勾稽关系, spec §7.1)
    balance: ClassVar[tuple[tuple[type[c.Outcome], ...], tuple[type[c.Outcome], ...]]] = (
        (c.NewlyReceived, c.CarriedOver),
        (c.ResultTotal, c.CarriedForward),
    )
    #: heading of section 四 in the table rows (行政诉讼 spans two rows of table 四)
    table4_group: ClassVar[str] = "行政诉讼"
    section6_hint: ClassVar[str] = "（文字描述）"
    _registry: ClassVar[dict[str, type[ReportFormat]]] = {}
    _cache: ClassVar[dict[tuple[type[ReportFormat], str], tuple[int, object]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if not isinstance(code, str) or not code:
            raise FormatError(f"format {cls.__name__} must declare its own `code`")
        if code in ReportFormat._registry:
            raise FormatError(
                f"format code {code!r} of {cls.__name__} is already used by "
                f"{ReportFormat._registry[code].__name__}"
            )
        ReportFormat._registry[code] = cls

    def __new__(cls) -> ReportFormat:
        raise TypeError("formats are declarations: use the class, not an instance")

    @classmethod
    def lineage(cls) -> frozenset[str]:
        """This format's code and the codes of the formats it refines."""
        return frozenset(
            k.__dict__["code"] for k in cls.__mro__ if issubclass(k, ReportFormat) and
            "code" in k.__dict__
        )

    @classmethod
    def base_version(cls) -> str:
        """``"2019"`` or ``"2021"``: the official version this format is or refines."""
        lineage = cls.lineage()
        return "2021" if "2021" in lineage else "2019"

    @classmethod
    def _cached(cls, key: str, make: object) -> object:
        # Axes are rebuilt only when a category was defined since they were made.
        entry = ReportFormat._cache.get((cls, key))
        if entry is None or entry[0] != c.Category.generation:
            assert callable(make)
            entry = (c.Category.generation, make())
            ReportFormat._cache[(cls, key)] = entry
        return entry[1]

    @classmethod
    def table3_rows(cls) -> Axis:
        """Row axis of table 三 (outcomes)."""
        result = cls._cached(
            "rows3", lambda: Axis.from_specs(_category_specs(c.Outcome, cls.lineage()))
        )
        assert isinstance(result, Axis)
        return result

    @classmethod
    def table3_columns(cls) -> Axis:
        """Column axis of table 三 (applicants)."""
        result = cls._cached(
            "cols3", lambda: Axis.from_specs(_category_specs(c.Applicant, cls.lineage()))
        )
        assert isinstance(result, Axis)
        return result

    @classmethod
    def table4_rows(cls) -> Axis:
        """Row axis of table 四: 行政复议, 未经复议直接起诉, 复议后起诉."""
        result = cls._cached("rows4", _table4_rows)
        assert isinstance(result, Axis)
        return result

    @classmethod
    def table4_columns(cls) -> Axis:
        """Column axis of table 四: 结果维持 … 总计."""
        result = cls._cached("cols4", _table4_columns)
        assert isinstance(result, Axis)
        return result

    @classmethod
    def table4_row_path(cls, code: str) -> tuple[str, ...]:
        """Official label path of a table 四 row (``行政诉讼/复议后起诉``)."""
        label = cls.table4_rows()[code].label
        return (label,) if code == "review" else (cls.table4_group, label)

    @classmethod
    def table2_cells(cls) -> tuple[T2Cell, ...]:
        """Every cell of table 二 in printed order."""

        def make() -> tuple[T2Cell, ...]:
            cells: list[T2Cell] = []
            for block in cls.table2_blocks:
                for row_code, row_label in block.rows:
                    for column in block.columns:
                        cells.append(T2Cell(len(cells), block, row_code, row_label, column))
            return tuple(cells)

        result = cls._cached("cells2", make)
        assert isinstance(result, tuple)
        return result


def formats() -> Iterator[type[ReportFormat]]:
    """Every registered format, official ones first."""
    return iter(ReportFormat._registry.values())


def get_format(code: str | type[ReportFormat]) -> type[ReportFormat]:
    """The format registered under ``code`` (``"2019"``, ``"2021"`` or a variant's)."""
    if isinstance(code, type) and issubclass(code, ReportFormat):
        return code
    found = ReportFormat._registry.get(str(code))
    if found is None:
        known = "、".join(ReportFormat._registry)
        raise UnknownFormat(f"unknown format version {code!r}; expected one of {known}")
    return found


_C, _S, _M = ValueKind.COUNT, ValueKind.SIGNED, ValueKind.MONEY
_PREV = T2Column("previous_items", "上一年项目数量")
_DELTA = T2Column("change", "本年增/减", _S)
_DECISIONS_2019 = T2Column("decisions", "处理决定数量")
_DECISIONS_2021 = T2Column("decisions", "本年处理决定数量")


class Format2019(ReportFormat):
    """国办公开办函〔2019〕60号 格式（试行）: 2019 and 2020 reports (spec §4)."""

    code = "2019"
    source = "国办公开办函〔2019〕60号"
    table2_blocks = (
        T2Block(
            "item_1", "第二十条第（一）项",
            (T2Column("new_made", "本年新制作数量"), T2Column("new_published", "本年新公开数量"),
             T2Column("total_published", "对外公开总数量")),
            (("rules", "规章"), ("normative", "规范性文件")),
        ),
        T2Block(
            "item_5", "第二十条第（五）项", (_PREV, _DELTA, _DECISIONS_2019),
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ),
        T2Block(
            "item_6", "第二十条第（六）项", (_PREV, _DELTA, _DECISIONS_2019),
            (("penalty", "行政处罚"), ("enforcement", "行政强制")),
        ),
        T2Block("item_8", "第二十条第（八）项", (_PREV, _DELTA), (("fees", "行政事业性收费"),)),
        T2Block(
            "item_9", "第二十条第（九）项",
            (T2Column("items", "采购项目数量"), T2Column("amount", "采购总金额", _M)),
            (("procurement", "政府集中采购"),),
        ),
    )


class Format2021(ReportFormat):
    """国办公开办函〔2021〕30号: reports for 2021 onward (spec §5)."""

    code = "2021"
    source = "国办公开办函〔2021〕30号"
    section6_hint = "（文字描述，收取信息处理费情况在此处报告。）"
    table2_blocks = (
        T2Block(
            "item_1", "第二十条第（一）项",
            (T2Column("issued", "本年制发件数"), T2Column("repealed", "本年废止件数"),
             T2Column("in_force", "现行有效件数")),
            (("rules", "规章"), ("normative", "行政规范性文件")),
        ),
        T2Block("item_5", "第二十条第（五）项", (_DECISIONS_2021,), (("licensing", "行政许可"),)),
        T2Block(
            "item_6", "第二十条第（六）项", (_DECISIONS_2021,),
            (("penalty", "行政处罚"), ("enforcement", "行政强制")),
        ),
        T2Block(
            "item_8", "第二十条第（八）项",
            (T2Column("fee_amount", "本年收费金额（单位：万元）", _M),),
            (("fees", "行政事业性收费"),),
        ),
    )
