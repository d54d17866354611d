"""Applicant and outcome categories of table 三, as classes.

The class hierarchy *is* the official taxonomy (spec ``format.md`` §4.2, §5.2): an application
withheld as a state secret is a :class:`Withheld` outcome, so ``StateSecret`` subclasses
``Withheld``. Each class declares its stable ``code`` (used in JSON), its official ``label``
(used in CSV, rendering and parsing) and the format versions it belongs to.

A local variant adds a category by subclassing the category it refines and naming a
format variant (a subclass of a format in :mod:`govdisclosure.formats`)::

    class NewsMedia(LegalPerson):
        code = "news_media"
        label = "新闻媒体"
        formats = frozenset({"2021-media"})

Siblings keep the order in which they were defined; totals come last.
"""

from __future__ import annotations

from typing import ClassVar

from .errors import FormatError

__all__ = [
    "Applicant",
    "ApplicantTotal",
    "CarriedForward",
    "CarriedOver",
    "Category",
    "Commercial",
    "Confirmation",
    "Disclosed",
    "EnforcementFiles",
    "FeeUnpaid",
    "InternalAffairs",
    "LegalPerson",
    "LegalService",
    "NaturalPerson",
    "NeedsCreation",
    "NewlyReceived",
    "NoCorrection",
    "NotHeld",
    "NotProcessed",
    "OtherHandling",
    "OtherOrganization",
    "OtherReasons",
    "Outcome",
    "PartlyDisclosed",
    "Petition",
    "ProcessInformation",
    "ProhibitedByLaw",
    "PublicInterest",
    "Publications",
    "QueryMatters",
    "Repeated",
    "Research",
    "Result",
    "ResultTotal",
    "StateSecret",
    "StillUnclear",
    "ThirdPartyRights",
    "ThreeSecurities",
    "Unavailable",
    "Vexatious",
    "Withheld",
]


def __dir__() -> list[str]:
    return __all__


BOTH = frozenset({"2019", "2021"})


class Category:
    """Base of every category. Subclasses are registered on definition.

    Class attributes:

    * ``code``    — stable ASCII id, unique within its axis (JSON key);
    * ``label``   — the official label as printed in the template;
    * ``formats`` — codes of the format versions (or variants) it belongs to; inherited;
    * ``is_total``— the row or column that sums its siblings.
    """

    code: ClassVar[str]
    label: ClassVar[str]
    formats: ClassVar[frozenset[str]] = BOTH
    is_total: ClassVar[bool] = False
    #: direct subcategories in definition order (filled on subclassing)
    subcategories: ClassVar[tuple[type[Category], ...]] = ()
    #: the root of this category's axis (``Applicant`` or ``Outcome``)
    axis_root: ClassVar[type[Category]]
    _codes: ClassVar[dict[str, type[Category]]]
    #: bumped whenever a category is defined, so cached axes can be rebuilt
    generation: ClassVar[int] = 0

    def __init_subclass__(cls, *, root: bool = False, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.subcategories = ()
        if root:
            cls.axis_root = cls
            cls._codes = {}
            return
        if len([b for b in cls.__bases__ if issubclass(b, Category)]) != 1:
            raise FormatError(f"category {cls.__name__} must refine exactly one category")
        code = cls.__dict__.get("code")
        label = cls.__dict__.get("label")
        if not isinstance(code, str) or not code or not isinstance(label, str) or not label:
            raise FormatError(
                f"category {cls.__name__} must declare its own non-empty `code` and `label`"
            )
        parent = cls.__bases__[0]
        assert issubclass(parent, Category)
        if parent.is_total:
            raise FormatError(f"category {cls.__name__} cannot refine the total {parent.label}")
        registry = cls.axis_root._codes
        if code in registry:
            raise FormatError(
                f"category code {code!r} of {cls.__name__} is already used by "
                f"{registry[code].__name__}"
            )
        registry[code] = cls
        parent.subcategories = (*parent.subcategories, cls)
        Category.generation += 1

    def __new__(cls) -> Category:
        raise TypeError("categories are declarations: use the class, not an instance")

    @classmethod
    def in_format(cls, lineage: frozenset[str]) -> bool:
        """Whether this category belongs to a format whose lineage (own code and bases') is
        ``lineage``."""
        return bool(cls.formats & lineage)

    @classmethod
    def by_code(cls, code: str) -> type[Category] | None:
        """The category of this axis registered under ``code``."""
        return cls.axis_root._codes.get(code)


# --- applicants: the columns of table 三 --------------------------------------------------


class Applicant(Category, root=True):
    """Columns of table 三: 申请人情况."""

    code = "applicant"
    label = "申请人情况"


class NaturalPerson(Applicant):
    code = "natural_person"
    label = "自然人"


class LegalPerson(Applicant):
    """法人或其他组织 — a group: the template prints no subtotal column for it."""

    code = "legal_person"
    label = "法人或其他组织"


class Commercial(LegalPerson):
    code = "commercial"
    label = "商业企业"


class Research(LegalPerson):
    code = "research"
    label = "科研机构"


class PublicInterest(LegalPerson):
    code = "public_interest"
    label = "社会公益组织"


class LegalService(LegalPerson):
    code = "legal_service"
    label = "法律服务机构"


class OtherOrganization(LegalPerson):
    code = "other_organization"
    label = "其他"


class ApplicantTotal(Applicant):
    """总计 — T3-B: the sum of every applicant column (spec §7.2)."""

    code = "total"
    label = "总计"
    is_total = True


# --- outcomes: the rows of table 三 -------------------------------------------------------


class Outcome(Category, root=True):
    """Rows of table 三."""

    code = "outcome"
    label = "收到和处理政府信息公开申请情况"


class NewlyReceived(Outcome):
    code = "new"
    label = "一、本年新收政府信息公开申请数量"


class CarriedOver(Outcome):
    code = "carried_over"
    label = "二、上年结转政府信息公开申请数量"


class Result(Outcome):
    """三、本年度办理结果 — each closed application counts in exactly one result row (T3-C)."""

    code = "results"
    label = "三、本年度办理结果"


class Disclosed(Result):
    code = "disclosed"
    label = "（一）予以公开"


class PartlyDisclosed(Result):
    code = "partly_disclosed"
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


class Withheld(Result):
    code = "withheld"
    label = "（三）不予公开"


class StateSecret(Withheld):
    code = "state_secret"
    label = "1.属于国家秘密"


class ProhibitedByLaw(Withheld):
    code = "prohibited_by_law"
    label = "2.其他法律行政法规禁止公开"


class ThreeSecurities(Withheld):
    code = "three_securities"
    label = "3.危及“三安全一稳定”"


class ThirdPartyRights(Withheld):
    code = "third_party_rights"
    label = "4.保护第三方合法权益"


class InternalAffairs(Withheld):
    code = "internal_affairs"
    label = "5.属于三类内部事务信息"


class ProcessInformation(Withheld):
    code = "process_information"
    label = "6.属于四类过程性信息"


class EnforcementFiles(Withheld):
    code = "enforcement_files"
    label = "7.属于行政执法案卷"


class QueryMatters(Withheld):
    code = "query_matters"
    label = "8.属于行政查询事项"


class Unavailable(Result):
    code = "unavailable"
    label = "（四）无法提供"


class NotHeld(Unavailable):
    code = "not_held"
    label = "1.本机关不掌握相关政府信息"


class NeedsCreation(Unavailable):
    code = "needs_creation"
    label = "2.没有现成信息需要另行制作"


class StillUnclear(Unavailable):
    code = "still_unclear"
    label = "3.补正后申请内容仍不明确"


class NotProcessed(Result):
    code = "not_processed"
    label = "（五）不予处理"


class Petition(NotProcessed):
    code = "petition"
    label = "1.信访举报投诉类申请"


class Repeated(NotProcessed):
    code = "repeated"
    label = "2.重复申请"


class Publications(NotProcessed):
    code = "publications"
    label = "3.要求提供公开出版物"


class Vexatious(NotProcessed):
    code = "vexatious"
    label = "4.无正当理由大量反复申请"


class Confirmation(NotProcessed):
    code = "confirmation"
    label = "5.要求行政机关确认或重新出具已获取信息"


class OtherHandling(Result):
    """（六）其他处理 — one row in 2019; split into three in 2021 (spec §6.1)."""

    code = "other_handling"
    label = "（六）其他处理"


class NoCorrection(OtherHandling):
    code = "no_correction"
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    formats = frozenset({"2021"})


class FeeUnpaid(OtherHandling):
    code = "fee_unpaid"
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    formats = frozenset({"2021"})


class OtherReasons(OtherHandling):
    code = "other_reasons"
    label = "3.其他"
    formats = frozenset({"2021"})


class ResultTotal(Result):
    """（七）总计 — T3-C: the sum of every result row (spec §7.2)."""

    code = "result_total"
    label = "（七）总计"
    is_total = True


class CarriedForward(Outcome):
    code = "carried_forward"
    label = "四、结转下年度继续办理"
