"""The report-level identities T3-A/B/C/D and T4 on hand-made grids; validate; the registry."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure import categories as c
from govdisclosure import checks
from govdisclosure.checks import BLANK, Rule, blank_cells, check, rules, validate
from govdisclosure.errors import FormatError, InconsistentReport
from govdisclosure.findings import Finding, Place, Severity, Verdict
from govdisclosure.formats import get_format
from govdisclosure.jsonio import load_json_file
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Metadata, Table2, Table3, Table4
from govdisclosure.strategies import perturbed, reports

DATA = Path(__file__).parent.parent / "src" / "govdisclosure" / "data"

NEW = ("一、本年新收政府信息公开申请数量",)
RESULT_TOTAL = ("三、本年度办理结果", "（七）总计")
OTHER_HANDLING = ("三、本年度办理结果", "（六）其他处理")
NATURAL = ("自然人",)
TOTAL = ("总计",)
#: the official identities (other modules may register heuristic rules of their own)
OFFICIAL = ("T3-A", "T3-B", "T3-C", "T3-D", "T4")

#: a consistent table 三: 自然人 5 = 3 + 2, 商业企业 1 = 1 + 0
BASE: dict[Any, dict[Any, int | None]] = {
    c.NewlyReceived: {c.NaturalPerson: 5, c.Commercial: 1},
    c.Disclosed: {c.NaturalPerson: 3},
    c.NotHeld: {c.Commercial: 1},
    c.CarriedForward: {c.NaturalPerson: 2},
}


def counts(base: Mapping[Any, Mapping[Any, int | None]]) -> dict[Any, Any]:
    return {row: dict(cols) for row, cols in base.items()}


def changed(row: Any, col: Any, value: int | None, base: Any = None) -> dict[Any, Any]:
    out = counts(BASE if base is None else base)
    out.setdefault(row, {})[col] = value
    return out


def make(
    t3: Mapping[Any, Mapping[Any, int | None]] | None = None,
    t4: Mapping[Any, Mapping[Any, int | None]] | None = None,
    fmt: str = "2021",
) -> AnnualReport:
    """A report held as stated (the constructor does not enforce the identities)."""
    return AnnualReport(
        format=get_format(fmt),
        metadata=Metadata(body="测试机关", year=2025),
        table2=Table2.from_values(fmt, {}, fill=0),
        table3=Table3.from_counts(fmt, BASE if t3 is None else t3, fill=0),
        table4=Table4.from_counts(fmt, t4 or {}, fill=0),
    )


def only(report: AnnualReport, rule: str) -> list[Finding]:
    return check(report, only={rule})


def at(findings: Iterable[Finding], place: Place) -> Finding:
    (found,) = [f for f in findings if f.place == place]
    return found


# --- a consistent report --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_consistent_report_has_no_findings(fmt: str) -> None:
    report = make(fmt=fmt)
    assert check(report, only=OFFICIAL) == []
    assert validate(report) is report


def test_official_rules_are_registered_in_order() -> None:
    ids = [r.id for r in rules()]
    assert tuple(ids[:5]) == OFFICIAL
    assert all(r.severity is Severity.ERROR for r in rules()[:5])


# --- T3-A -----------------------------------------------------------------------------------


def test_t3a_violated() -> None:
    report = make(changed(c.CarriedForward, c.NaturalPerson, 3))
    findings = only(report, "T3-A")
    natural = at(findings, Place(table="三", column=NATURAL))
    assert natural.verdict is Verdict.VIOLATED
    assert natural.severity is Severity.ERROR
    assert (natural.stated, natural.expected) == (6, 5)  # （七）3 + 四 3 against 一 5 + 二 0
    total = at(findings, Place(table="三", column=TOTAL))
    assert (total.stated, total.expected) == (7, 6)
    assert len(findings) == 2
    assert "T3-A" in str(natural)
    assert "自然人" in str(natural)
    assert "不等于" in natural.message


def test_t3a_undetermined_with_a_blank() -> None:
    report = make(changed(c.CarriedForward, c.NaturalPerson, None))
    findings = only(report, "T3-A")
    assert findings
    assert all(f.verdict is Verdict.UNDETERMINED for f in findings)
    natural = at(findings, Place(table="三", column=NATURAL))
    assert (natural.stated, natural.expected) == (None, 5)
    # a side that cannot be summed is not said to differ
    assert "不等于" not in natural.message
    assert "=5；（七）总计(3)" in natural.message
    assert validate(report) is report  # undetermined is not a violation


def test_t3a_wholly_blank_column_is_not_reported() -> None:
    blank = counts(BASE)
    for row in (c.NewlyReceived, c.CarriedOver, c.ResultTotal, c.CarriedForward):
        blank.setdefault(row, {})[c.Research] = None
    research = ("法人或其他组织", "科研机构")
    assert not [f for f in only(make(blank), "T3-A") if f.place.column == research]


# --- T3-B -----------------------------------------------------------------------------------


def test_t3b_violated() -> None:
    report = make(changed(c.NewlyReceived, c.ApplicantTotal, 7))
    (finding,) = only(report, "T3-B")
    assert finding.place == Place(table="三", row=NEW, column=TOTAL)
    assert (finding.verdict, finding.stated, finding.expected) == (Verdict.VIOLATED, 7, 6)


def test_t3b_undetermined_when_a_part_is_blank() -> None:
    t3 = changed(c.NewlyReceived, c.ApplicantTotal, 6)
    t3[c.NewlyReceived][c.Commercial] = None
    (finding,) = only(make(t3), "T3-B")
    assert finding.place == Place(table="三", row=NEW, column=TOTAL)
    assert (finding.verdict, finding.stated, finding.expected) == (Verdict.UNDETERMINED, 6, None)


def test_t3b_result_rows_total_blank_is_undetermined_not_violated() -> None:
    """R-SH (上海市人民政府办公厅 2019): 总计 filled only for 一, 二, （七）, 四."""
    t3: dict[Any, Any] = counts(BASE)
    rows = Table3.row_axis(make().format)
    result_rows = [
        n for n in rows.cells
        if n.path[0] == "三、本年度办理结果" and n.kind is Kind.LEAF
    ]
    for node in result_rows:
        t3.setdefault(node.category, {})[c.ApplicantTotal] = None
    t3[c.ResultTotal] = {c.ApplicantTotal: 4}
    report = make(t3)
    assert report.table3[c.Disclosed, c.ApplicantTotal] is None
    findings = check(report, only=OFFICIAL)
    assert not [f for f in findings if f.is_violation]
    t3b = [f for f in findings if f.rule == "T3-B"]
    assert {f.place.row for f in t3b} == {n.path for n in result_rows}
    assert all(f.verdict is Verdict.UNDETERMINED and f.stated is None for f in t3b)
    disclosed = at(t3b, Place(table="三", row=rows[c.Disclosed].path, column=TOTAL))
    assert disclosed.expected == 3
    assert validate(report) is report


# --- T3-C -----------------------------------------------------------------------------------


def test_t3c_violated() -> None:
    report = make(changed(c.ResultTotal, c.NaturalPerson, 2))
    findings = only(report, "T3-C")
    natural = at(findings, Place(table="三", row=RESULT_TOTAL, column=NATURAL))
    assert (natural.verdict, natural.stated, natural.expected) == (Verdict.VIOLATED, 2, 3)
    assert len(findings) == 1  # the 总计 column's （七） was derived from the stated 2


def test_t3c_undetermined_when_a_result_row_is_blank() -> None:
    t3 = changed(c.ResultTotal, c.NaturalPerson, 3)
    t3[c.Disclosed][c.NaturalPerson] = None
    findings = only(make(t3), "T3-C")
    natural = at(findings, Place(table="三", row=RESULT_TOTAL, column=NATURAL))
    assert (natural.verdict, natural.stated, natural.expected) == (Verdict.UNDETERMINED, 3, None)


def test_t3c_counts_every_result_row_once() -> None:
    # the real 平潭 2020 shape: T3-A holds, （七）总计 does not add up
    t3: dict[Any, Any] = {
        c.NewlyReceived: {c.NaturalPerson: 20, c.OtherOrganization: 1},
        c.Disclosed: {c.NaturalPerson: 6, c.OtherOrganization: 1},
        c.PartlyDisclosed: {c.NaturalPerson: 6},
        c.NotHeld: {c.NaturalPerson: 4},
        c.StillUnclear: {c.NaturalPerson: 3},
        c.Repeated: {c.NaturalPerson: 3},
        c.OtherHandling: {c.NaturalPerson: 4},
        c.ResultTotal: {c.NaturalPerson: 20, c.OtherOrganization: 1, c.ApplicantTotal: 21},
    }
    findings = check(make(t3, fmt="2019"), only=OFFICIAL)
    assert [(f.rule, f.place.column, f.stated, f.expected) for f in findings] == [
        ("T3-C", NATURAL, 20, 26),
        ("T3-C", TOTAL, 21, 27),
    ]


# --- T3-D -----------------------------------------------------------------------------------


def test_t3d_stated_group_row_against_its_parts() -> None:
    t3 = changed(c.OtherHandling, c.NaturalPerson, 5)
    t3[c.NoCorrection] = {c.NaturalPerson: 1}
    t3[c.FeeUnpaid] = {c.NaturalPerson: 1}
    t3[c.NewlyReceived][c.NaturalPerson] = 7
    (finding,) = only(make(t3), "T3-D")
    assert finding.place == Place(table="三", row=OTHER_HANDLING, column=NATURAL)
    assert (finding.verdict, finding.stated, finding.expected) == (Verdict.VIOLATED, 5, 2)
    t3[c.OtherHandling][c.NaturalPerson] = 2
    assert only(make(t3), "T3-D") == []


def test_t3d_group_printed_as_one_row_is_kept_and_used() -> None:
    """淮安市洪泽区 2021 prints （六）其他处理 as one row: its parts are blank."""
    columns = Table3.column_axis(make().format)
    t3 = changed(c.NewlyReceived, c.NaturalPerson, 7)
    t3[c.OtherHandling] = {col.category: 0 for col in columns.leaves}
    t3[c.OtherHandling].update({c.NaturalPerson: 2, c.ApplicantTotal: 2})
    for part in (c.NoCorrection, c.FeeUnpaid, c.OtherReasons):
        t3[part] = {col.category: None for col in columns.leaves}
    report = make(t3)
    assert only(report, "T3-D") == []
    assert report.table3[c.ResultTotal, c.NaturalPerson] == 5  # 3 + the stated 2
    assert check(report, only=OFFICIAL) == []


def test_t3d_stated_group_column() -> None:
    t3 = changed(c.NewlyReceived, c.LegalPerson, 2)
    (finding,) = only(make(t3), "T3-D")
    assert finding.place == Place(table="三", row=NEW, column=("法人或其他组织",))
    assert (finding.verdict, finding.stated, finding.expected) == (Verdict.VIOLATED, 2, 1)
    assert only(make(changed(c.NewlyReceived, c.LegalPerson, 1)), "T3-D") == []


def test_t3d_undetermined_when_a_part_is_blank() -> None:
    t3 = changed(c.NewlyReceived, c.LegalPerson, 1)
    t3[c.NewlyReceived][c.Research] = None
    (finding,) = only(make(t3), "T3-D")
    assert (finding.verdict, finding.stated, finding.expected) == (Verdict.UNDETERMINED, 1, None)


# --- T4 -------------------------------------------------------------------------------------


def test_t4_violated_passes_and_undetermined() -> None:
    report = make(t4={"review": {"upheld": 1, "total": 5}, "litigation_after_review": {
        "corrected": 2, "total": 1}})
    findings = only(report, "T4")
    review = at(findings, Place(table="四", row=("行政复议",), column=TOTAL))
    assert (review.verdict, review.stated, review.expected) == (Verdict.VIOLATED, 5, 1)
    after = at(findings, Place(table="四", row=("行政诉讼", "复议后起诉"), column=TOTAL))
    assert (after.stated, after.expected) == (1, 2)
    assert len(findings) == 2
    assert only(make(t4={"review": {"upheld": 1, "pending": 2, "total": 3}}), "T4") == []
    (blank,) = only(make(t4={"litigation_direct": {"other": None, "total": 3}}), "T4")
    assert blank.place == Place(table="四", row=("行政诉讼", "未经复议直接起诉"), column=TOTAL)
    assert (blank.verdict, blank.stated, blank.expected) == (Verdict.UNDETERMINED, 3, None)


# --- validate -------------------------------------------------------------------------------


def test_validate_raises_one_error_listing_every_violation() -> None:
    t3 = changed(c.ResultTotal, c.NaturalPerson, 2)
    t3[c.NewlyReceived][c.ApplicantTotal] = 9
    t3[c.CarriedForward][c.Commercial] = None  # undetermined: not listed
    report = make(t3, t4={"review": {"upheld": 1, "total": 5}})
    violations = [f for f in check(report) if f.is_violation and f.severity is Severity.ERROR]
    with pytest.raises(InconsistentReport) as info:
        validate(report)
    assert list(info.value.findings) == violations
    assert {f.rule for f in violations} == {"T3-A", "T3-B", "T3-C", "T4"}
    assert all(f.is_violation for f in info.value.findings)
    text = str(info.value)
    assert f"({len(violations)} violations)" in text
    assert all(str(f) in text for f in violations)


def test_build_enforces_the_identities() -> None:
    from govdisclosure import build

    fields: dict[str, Any] = {
        "body": "测试机关", "year": 2025, "table2": {},
        "table3": changed(c.ResultTotal, c.NaturalPerson, 2), "table4": {}, "fill": 0,
    }
    with pytest.raises(InconsistentReport) as info:
        build("2021", **fields)
    assert {"T3-A", "T3-C"} <= {f.rule for f in info.value.findings}
    assert all(f.is_violation for f in info.value.findings)
    # the model only assembles (it never imports its checks): the same values, kept as given
    assembled = AnnualReport.build("2021", **fields)
    assert [f for f in check(assembled) if f.is_violation] == list(info.value.findings)


def test_the_model_never_imports_its_checks() -> None:
    import ast
    from pathlib import Path as P

    from govdisclosure import model

    tree = ast.parse(P(model.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {m for m in imported if "checks" in m or "authoring" in m}


# --- the registry ---------------------------------------------------------------------------


@pytest.fixture
def registry() -> Iterator[None]:
    """Restore the rule registry after a test registers rules (no public unregister yet)."""
    before = dict(checks._RULES)
    yield
    checks._RULES.clear()
    checks._RULES.update(before)


@pytest.mark.usefixtures("registry")
def test_a_rule_subclass_registers_and_runs() -> None:
    class BodyNamed(Rule):
        id = "TEST-body-named"
        severity = Severity.WARNING
        description = "机关名称应以人民政府结尾（测试用）"

        def findings(self, report: AnnualReport) -> Iterator[Finding]:
            if not report.body.endswith("人民政府"):
                yield Finding(
                    rule=self.id, severity=self.severity, verdict=Verdict.VIOLATED,
                    place=Place(table="报告"), stated=None, expected=None,
                    message=f"机关为{report.body}",
                )

    assert rules()[-1] is BodyNamed
    report = make()
    (finding,) = [f for f in check(report) if f.rule == "TEST-body-named"]
    assert finding.message == "机关为测试机关"
    assert check(report, only={"T3-A"}) == []
    assert validate(report) is report  # a WARNING does not make a report inconsistent


@pytest.mark.usefixtures("registry")
def test_duplicate_or_missing_rule_id_refused() -> None:
    with pytest.raises(FormatError, match="T3-A"):

        class Again(Rule):
            id = "T3-A"

    with pytest.raises(FormatError, match="must declare"):

        class Nameless(Rule):
            pass

    class Base(Rule, abstract=True):
        pass

    assert Base not in rules()
    assert [r.id for r in rules()].count("T3-A") == 1


def test_rules_snapshot_is_read_only() -> None:
    snapshot = rules()
    assert isinstance(snapshot, tuple)
    assert rules() == snapshot


# --- every stated leaf is covered by an identity --------------------------------------------

LEAF_CELLS = [
    (row.code, col.code)
    for row in Table3.row_axis(make().format).leaves
    for col in Table3.column_axis(make().format).leaves
]


@given(
    cell=st.sampled_from(LEAF_CELLS),
    values=st.lists(st.integers(0, 30), min_size=3, max_size=3),
    bump=st.integers(1, 5),
)
def test_any_single_leaf_change_is_caught(
    cell: tuple[str, str], values: list[int], bump: int
) -> None:
    new, disclosed, forward = values
    t3: dict[Any, Any] = {
        c.NewlyReceived: {c.NaturalPerson: disclosed + forward},
        c.Disclosed: {c.NaturalPerson: disclosed},
        c.CarriedForward: {c.NaturalPerson: forward},
        c.NotHeld: {c.Commercial: new},
        c.CarriedOver: {c.Commercial: new},
    }
    report = AnnualReport.build("2021", body="测试机关", year=2025, table2={}, table3=t3,
                                table4={}, fill=0)
    assert check(report, only=OFFICIAL) == []
    row, col = cell
    stated = report.table3[row, col]
    assert stated is not None
    perturbed = attrs.evolve(report, table3=report.table3.replace({(row, col): stated + bump}))
    assert any(f.is_violation for f in check(perturbed))


# --- strict: blank leaf cells (for reports being written) ---------------------------------


def test_strict_names_every_blank_leaf_cell_by_its_labels() -> None:
    report = load_json_file(DATA / "pingtan-2025.json")
    assert blank_cells(report) == []
    assert validate(report, strict=True) is report
    t3 = report.table3.replace({(c.NewlyReceived, c.Commercial): None})
    t2 = report.table2.replace({("item_8", "fees", "fee_amount"): None})
    t4 = report.table4.replace({("review", "upheld"): None, ("review", "total"): None})
    blank = attrs.evolve(report, table2=t2, table3=t3, table4=t4)
    found = blank_cells(blank)
    assert [str(f.place) for f in found] == [
        "表二 / 第二十条第（八）项/行政事业性收费 / 本年收费金额（单位：万元）",
        "表三 / 一、本年新收政府信息公开申请数量 / 法人或其他组织/商业企业",
        "表四 / 行政复议 / 结果维持",  # the blank 总计 is a total, not a leaf
    ]
    assert {f.rule for f in found} == {BLANK}
    assert all(f.is_violation for f in found)
    assert not any(f.rule == BLANK for f in check(blank))  # auditing: blanks are not errors
    assert check(blank, strict=True)[: len(found)] == found
    validate(blank)  # not strict: only undetermined identities
    with pytest.raises(InconsistentReport) as info:
        validate(blank, strict=True)
    assert list(info.value.findings) == found
    assert "表三 / 一、本年新收政府信息公开申请数量 / 法人或其他组织/商业企业" in str(info.value)


@given(reports(blanks=True))
def test_strict_blank_cells_are_exactly_the_blank_leaves(report: AnnualReport) -> None:
    expected = sum(v is None for v in report.table2.values)
    for grid in (report.table3, report.table4):
        expected += sum(
            grid.values[r.index][col.index] is None
            for r in grid.rows.cells if r.kind is Kind.LEAF
            for col in grid.columns.cells if col.kind is Kind.LEAF
        )
    assert len(blank_cells(report)) == expected


@given(st.one_of(reports(), reports(blanks=True), perturbed().map(lambda pair: pair[0]),
                 perturbed(reports(blanks=True)).map(lambda pair: pair[0])))
def test_the_fused_plan_agrees_with_the_rules(report: AnnualReport) -> None:
    by_rules = [f for rule in rules() for f in rule().findings(report)]
    assert check(report) == by_rules
    if checks._holds(report):
        assert by_rules == []


@given(reports("2019") | reports("2021"))
def test_the_fused_plan_covers_every_consistent_report_without_blanks(
    report: AnnualReport,
) -> None:
    assert checks._holds(report)


@given(data=st.data())
def test_the_fused_plan_agrees_with_the_rules_when_a_group_row_is_stated(
    data: st.DataObject,
) -> None:
    """A report may print one row for a group (淮安市洪泽区's （六）其他处理) beside its
    parts: the fused plan takes it, with the group's own sums, and still only ever says
    "holds" when no rule finds anything; a consistent one it takes without the rules."""
    full = data.draw(st.booleans())
    report = data.draw(reports() if full else reports(blanks=True))
    grid = report.table3
    group = data.draw(st.sampled_from(list(grid.rows.groups())))
    plan = next(p for p in grid.rows.group_sums if p.node == group.index)
    shift = data.draw(st.sampled_from([0, 0, 0, 1, -1, "blank", "column"]))
    changes: dict[tuple[Any, Any], int | None] = {}
    for col in grid.columns.cells:
        if col.kind is Kind.GROUP:
            continue
        parts = [grid.values[k][col.index] for k in plan.leaves]
        changes[(group, col)] = None if None in parts else sum(v or 0 for v in parts)
    col = data.draw(st.sampled_from([c for c in grid.columns.cells if c.kind is not Kind.GROUP]))
    stated = changes[(group, col)]
    if shift in (1, -1) and stated is not None:
        changes[(group, col)] = max(0, stated + shift)
    elif shift == "blank":
        changes[(group, col)] = None
    elif shift == "column":
        legal = next(c for c in grid.columns.cells if c.kind is Kind.GROUP)
        changes[(group, legal)] = 0
    spoiled = attrs.evolve(report, table3=grid.replace(changes))
    by_rules = [f for rule in rules() for f in rule().findings(spoiled)]
    assert check(spoiled) == by_rules
    if checks._holds(spoiled):
        assert by_rules == []
    if full and shift == 0:
        assert checks._holds(spoiled)
