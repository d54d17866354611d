"""Auditing many reports: across years, against the narrative, in roll-ups and in bulk.

Two registries of heuristic rules, kept apart from :func:`govdisclosure.check` (official
identities only): single-report rules (:class:`ReportRule`: ``X-5`` narrative against
tables, ``P-1`` publication deadline, ``P-2`` 信息处理费 statement) run by
:func:`check_report` together with the official ones, and pair rules (:class:`PairRule`:
``X-1``…``X-4`` across years, ``P-3`` repeated narrative) run by :func:`check_pair`; the
assessors' checks of form (``A-1``…``A-5``, pair rule ``X-6``: :mod:`.assessor`) join them.
Roll-ups (:func:`aggregate`, :func:`rollup_tree` along an administrative tree), comparisons
(:func:`compare_years`, :func:`ranking`) and the bulk audit (:func:`audit`) build on them.
"""

from __future__ import annotations

from .assessor import (
    FeeContradictionRule,
    OtherHandlingShareRule,
    ProblemsSectionRule,
    RepeatedTablesRule,
    SectionNumberingRule,
    YearMentionRule,
)
from .bulk import AuditRow, AuditRun, AuditSummary, audit, run_audit
from .compare import (
    CellChange,
    Metric,
    RankRow,
    changed,
    changes_csv,
    changes_table,
    compare_years,
    distinct,
    metrics,
    ranking,
    ranking_csv,
    ranking_table,
)
from .crossyear import PairRule, check_pair, pair_rules
from .narrative import NarrativeRule, narrative_figures
from .publication import BodyKind, body_kind, check_publication, deadline, repeated_share
from .rollup import Edge, TreeRollup, aggregate, blank_cells, read_tree, rollup_tree
from .rules import ReportRule, check_report, report_rules

__all__ = [
    "AuditRow",
    "AuditRun",
    "AuditSummary",
    "BodyKind",
    "CellChange",
    "Edge",
    "FeeContradictionRule",
    "Metric",
    "NarrativeRule",
    "OtherHandlingShareRule",
    "PairRule",
    "ProblemsSectionRule",
    "RankRow",
    "RepeatedTablesRule",
    "ReportRule",
    "SectionNumberingRule",
    "TreeRollup",
    "YearMentionRule",
    "aggregate",
    "audit",
    "blank_cells",
    "body_kind",
    "changed",
    "changes_csv",
    "changes_table",
    "check_pair",
    "check_publication",
    "check_report",
    "compare_years",
    "deadline",
    "distinct",
    "metrics",
    "narrative_figures",
    "pair_rules",
    "ranking",
    "ranking_csv",
    "ranking_table",
    "read_tree",
    "repeated_share",
    "report_rules",
    "rollup_tree",
    "run_audit",
]


def __dir__() -> list[str]:
    return __all__
