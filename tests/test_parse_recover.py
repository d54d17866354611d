"""Rows whose digits ran together (平潭综合实验区's page text): recovered only when exactly
one split satisfies the table's identities."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdisclosure.findings import Place
from govdisclosure.formats import ReportFormat, formats
from govdisclosure.layout import Axis, Kind
from govdisclosure.parsing import NoteKind, ParseResult, parse
from govdisclosure.parsing._recover import MAX_DIGITS, splits, unique_split

DATA = Path(__file__).parent / "data"
ROW = [(7, True)]


@pytest.mark.parametrize(
    ("digits", "split"),
    [
        ("15130000154", [151, 3, 0, 0, 0, 0, 154]),
        ("0000000", [0] * 7),
        ("491000050", [49, 1, 0, 0, 0, 0, 50]),
        ("4200006", [4, 2, 0, 0, 0, 0, 6]),
    ],
)
def test_unique_row_splits(digits: str, split: list[int]) -> None:
    assert unique_split(digits, ROW) == split


def test_ambiguous_and_impossible_rows() -> None:
    assert unique_split("330000033", ROW) is None  # 33·0…·33 and 3·30·0…·33
    assert splits("330000033", ROW) == [[3, 30, 0, 0, 0, 0, 33], [33, 0, 0, 0, 0, 0, 33]]
    assert unique_split("1513154", ROW) is None  # 7 digits, but 1+5+1+3+1+5 != 4
    assert unique_split("12a", ROW) is None
    assert unique_split("1" * (MAX_DIGITS + 1), ROW) is None


def test_table_four_run() -> None:
    assert unique_split("25380363300630003", [(5, True)] * 3) == [
        25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]


def test_no_identity_needs_a_forced_split() -> None:
    assert unique_split("000", [(3, False)]) == [0, 0, 0]
    assert unique_split("5845546", [(3, False)]) is None


def test_pingtan_page_text() -> None:
    result = parse(DATA / "parse_pingtan_2025_page.txt")
    assert result.report is not None
    t3, t4 = result.report.table3, result.report.table4
    assert t3.row("new") == {"natural_person": 151, "legal_person": None, "commercial": 3,
                             "research": 0, "public_interest": 0, "legal_service": 0,
                             "other_organization": 0, "total": 154}
    assert t3["result_total", "total"] == 148
    # table 四 glued to its header (25380363300630003): read with a blank cell lost the
    # digits fit other tables too, but the narrative states the counts (行政复议36起，
    # 行政诉讼9起) and only the one split that adds up gives them: every cell is read
    split = [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]
    read = [v for line in t4.values for v, col in zip(line, t4.columns.nodes, strict=True)
            if col.kind.name in ("LEAF", "TOTAL")]
    assert read == split
    four = [n for n in result.findings if n.place.table == "四" and not n.place.row]
    assert len(four) == 1
    assert four[0].kind is NoteKind.RECOVERED
    assert "25 · 3 · 8 · 0 · 36" in four[0].message
    assert "行政复议36" in four[0].message
    assert "the table prints the narrative's figures" in four[0].message
    assert not [n for n in result.unreadable() if n.place.table == "四"]
    assert result.report.table2["item_8", "fees", "fee_amount"] is not None
    recovered = [n for n in result.findings if n.kind is NoteKind.RECOVERED]
    assert len(recovered) > 25
    disclosed = [n for n in recovered if n.place.row[-1:] == ("（一）予以公开",)]
    assert len(disclosed) == 1
    assert "column identity" in disclosed[0].message
    assert t3["disclosed", "natural_person"] == 33
    unreadable = [n for n in result.unreadable() if n.place.table != "四"]
    assert [n.place.row for n in unreadable] == [("第二十条第（一）项", "行政规范性文件")]
    assert result.report.table2["item_1", "normative", "issued"] is None


def test_number_standing_apart_is_never_split() -> None:
    seed = (DATA / "parse_yongchun_shigu_2020.txt").read_text("utf-8")
    result = parse(seed.replace("规章\t0\t0\t0", "规章\t100"))
    assert result.report is not None
    assert result.report.table2["item_1", "rules", "new_made"] is None
    assert not any(n.kind is NoteKind.RECOVERED for n in result.findings)


def test_glued_digits_that_several_splits_fit_are_unreadable() -> None:
    seed = (DATA / "parse_yongchun_shigu_2020.txt").read_text("utf-8")
    result = parse(seed.replace("(七) 总计\t0\t0\t0\t0\t0\t0\t0", "(七) 总计3300000033")
                   .replace("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                            "二、上年结转政府信息公开申请数量"))
    assert result.report is not None
    assert result.report.table3["result_total", "total"] is None
    assert any(n.kind is NoteKind.UNREADABLE and n.place.row[-1:] == ("（七）总计",)
               for n in result.unreadable())


# --- the whole table as one constraint problem (a real one-run-per-line text, mutated) ---

REAL = DATA / "parse_real_sanming-shi_2022.txt"


def _with_rows(text: str, rows: dict[str, str]) -> str:
    """The text with the 7 value lines after each label replaced by ``rows[label]``."""
    for label, printed in rows.items():
        at = text.index(f"\n{label}\n") + len(label) + 2
        stop = at
        for _ in range(7):
            stop = text.index("\n", stop) + 1
        text = text[:at] + printed + "\n" + text[stop:]
    return text


def _row(result: ParseResult, code: str) -> list[int | None]:
    assert result.report is not None
    t3 = result.report.table3
    return [t3[code, c] for c in t3.columns.cells if c.kind.name != "GROUP"]


def test_cuts_at_line_ends_are_respected() -> None:
    text = _with_rows(REAL.read_text("utf-8"), {"予以公开": "2353\n0\n10\n4243"})
    result = parse(text)
    assert _row(result, "disclosed") == [235, 3, 0, 1, 0, 4, 243]
    notes = [n for n in result.findings if n.kind is NoteKind.RECOVERED]
    assert len(notes) == 1
    assert "Assumed" in notes[0].message
    assert result.unread_cells() == 0


def test_more_runs_after_the_last_row_than_wraps_can_join_leave_it_unread() -> None:
    """``0 1 0 1 0 0 0 1 0 3 0`` after table 三's last label (0·10·10·0·0·10·30 with four
    numbers wrapped): the row was read as its first seven runs (10 read as 1) and the rest
    dropped; it is left unread, with every run in the finding."""
    text = _with_rows(REAL.read_text("utf-8"),
                      {"四、结转下年度继续办理": "0\n1\n0\n1\n0\n0\n0\n1\n0\n3\n0"})
    result = parse(text)
    assert _row(result, "carried_forward") == [None] * 7
    notes = [str(n) for n in result.findings if n.place.row[-1:] == ("四、结转下年度继续办理",)]
    assert any("0 1 0 1 0 0 0 1 0 3 0" in n for n in notes), notes


def test_partly_spaced_row_is_split_at_its_spaces_only() -> None:
    assert splits("4000004", ROW, cuts=[2, 3, 4, 5]) == [[4, 0, 0, 0, 0, 0, 4]]
    assert splits("330000033", ROW, cuts=[2]) == [[33, 0, 0, 0, 0, 0, 33]]
    assert splits("330000033", ROW, cuts=[1]) == [[3, 30, 0, 0, 0, 0, 33]]


def _ambiguous_pair() -> str:
    """Two rows ``330000033`` (3·30·…·33 or 33·0·…·33 each), the table balanced with
    3·30 in one and 33·0 in the other, so the identities cannot tell which is which."""
    text = REAL.read_text("utf-8")
    rows = {"信访举报投诉类申请": "330000033", "要求提供公开出版物": "330000033",
            "七\n)\n总计": "372\n35\n0\n1\n0\n4\n412"}
    text = _with_rows(text, rows)
    return text.replace("一、本年新收政府信息公开申请数量\n337\n5\n0\n1\n0\n4\n347",
                        "一、本年新收政府信息公开申请数量\n373\n35\n0\n1\n0\n4\n413")


def test_a_cell_is_read_when_every_joint_solution_agrees() -> None:
    result = parse(_ambiguous_pair())
    for code in ("petition", "publications"):
        assert _row(result, code) == [None, None, 0, 0, 0, 0, 33], code
    unread = [n for n in result.unreadable() if n.place.row[-1] == "1.信访举报投诉类申请"]
    assert {n.place.column for n in unread} == {("自然人",), ("法人或其他组织", "商业企业")}
    assert any("3 or 33" in n.message for n in unread)
    assert result.unread_cells() == 4
    assert _row(result, "disclosed") == [235, 3, 0, 1, 0, 4, 243]


def test_no_joint_solution_falls_back_to_the_row_total_and_keeps_the_break() -> None:
    from govdisclosure.checks import check
    from govdisclosure.findings import Verdict

    text = _with_rows(REAL.read_text("utf-8"), {
        "予以公开": "23530104243", "七\n)\n总计": "337\n5\n0\n1\n0\n4\n347"})
    result = parse(text)
    assert _row(result, "disclosed") == [235, 3, 0, 1, 0, 4, 243]
    note = next(n for n in result.findings if n.kind is NoteKind.RECOVERED)
    assert "broken as published" in note.message
    assert result.report is not None
    assert result.report.table3["result_total", "natural_person"] == 337  # never repaired
    broken = [f for f in check(result.report) if f.verdict is Verdict.VIOLATED]
    assert broken


def test_a_lost_blank_that_explains_the_break_leaves_the_row_unread() -> None:
    """``[blank,0,0,0,0,0,44]`` printed ``0000044``: 0·0·0·0·0·4·4 fits the row's total,
    but read with the blank lost the digits make the broken identities hold."""
    text = REAL.read_text("utf-8")
    text = _with_rows(text, {"重复申请": "0000044", "七\n)\n总计": "332\n5\n0\n1\n0\n4\n386"})
    text = text.replace("一、本年新收政府信息公开申请数量\n337\n5\n0\n1\n0\n4\n347",
                        "一、本年新收政府信息公开申请数量\n333\n5\n0\n1\n0\n4\n387")
    result = parse(text)
    assert _row(result, "repeated") == [None] * 7
    assert any("lost" in n.message for n in result.unreadable()
               if n.place.row[-1] == "2.重复申请")


def test_the_search_is_bounded() -> None:
    from govdisclosure.parsing._recover import solve

    many = [[0, 1]] * 20
    joint = solve(many, lambda r, k: True, lambda r: None, lambda: True, budget=100)
    assert joint.bounded
    joint = solve([[0, 1]] * 3, lambda r, k: True, lambda r: None, lambda: True)
    assert not joint.bounded
    assert len(joint.solutions) == 8
    joint = solve([[0, 1]] * 8, lambda r, k: True, lambda r: None, lambda: True, limit=10)
    assert joint.bounded
    assert len(joint.solutions) == 10


T4_TAIL = "尚未审结\n总计\n3\n0\n0\n1\n4" + "\n0" * 10 + "\n五、"


def _table_four(result: ParseResult) -> list[int | None]:
    assert result.report is not None
    t4 = result.report.table4
    return [v for line in t4.values for v, col in zip(line, t4.columns.nodes, strict=True)
            if col.kind.name in ("LEAF", "TOTAL")]


@pytest.mark.parametrize(("printed", "truth", "read"), [
    # a blank lost in a glued table 四: the one split that fits the totals is wrong, and
    # the readings with a blank lost include the truth: the cells they disagree on stay unread
    ("总计10102030251021224", [1, 0, 1, 0, 2, 0, 3, 0, 2, 5, 10, None, 2, 12, 24], 0),
    # two blanks lost: 0·0·1·250·251 … would add up too
    ("总计0000000125012500000", [0] * 5 + [0, 0, None, 1250, 1250] + [0, 0, 0, 0, None], 0),
    # partly spaced, a blank lost in the first group: groups 二 and 三 hold a zero a cell
    ("总计\n3 0 0 14 0 0 0 0 0 0 0 0 0 0", [3, 0, 0, None, 14] + [0] * 10, 10),
    # glued, no blank: 3·0·0·14·∅ (a part blank, or a total) reads too; the zeros do not
    ("总计300140000000000", [3, 0, 0, 1, 4] + [0] * 10, 10),
    # 平潭 2021 (10203120001200000): 1·0·20·3·∅ | … and 1·0·2·0·3 | 1200·∅·∅·0·1200 |
    # 0·0·0·∅·∅ (zeros left blank) fit too: nothing agrees
    ("总计10203120001200000", [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0], 0),
    # 平潭 2024: its middle group only (∅·2·1·3·17 | … and … | 1·3·2·∅·4019 fit too)
    ("总计21317000001324019", [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19], 5),
    # 平潭 2023 (110024001510102) without its narrative's counts: only 其他结果 of 行政复议
    ("总计110024001510102", [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2], 1),
])
def test_a_table_four_run_reads_the_cells_every_reading_agrees_on(
    printed: str, truth: list[int | None], read: int
) -> None:
    text = REAL.read_text("utf-8")
    assert text.count(T4_TAIL) == 1
    result = parse(text.replace(T4_TAIL, "尚未审结\n" + printed + "\n五、"))
    got = _table_four(result)
    assert all(g is None or g == t for g, t in zip(got, truth, strict=True)), got
    assert sum(g is not None for g in got) == read
    unread = [n for n in result.unreadable() if n.place.table == "四"]
    if read == 0:
        assert [n.place for n in unread] == [Place(table="四")]
    else:
        assert len(unread) == 15 - read
        assert all(n.place.column for n in unread)
        assert any(n.kind is NoteKind.RECOVERED and n.place == Place(table="四")
                   and "Assumed" in n.message for n in result.findings)


STATED = "因政府信息公开引起的行政复议案件{}件、行政诉讼案件{}件。"


@pytest.mark.parametrize(("counts", "read"), [
    # 平潭 2023's narrative states 行政复议 2 and 行政诉讼 7: only 1·1·0·0·2 | 4·0·0·1·5 |
    # 1·0·1·0·2 gives them (1·10·0·2·∅ would be 13 reviews, …): every cell
    ((2, 7), 15),
    # counts that no split gives are not used: as without them
    ((3, 7), 1),
    # counts the narrative states twice, differently: not used
    (None, 1),
])
def test_a_table_four_run_takes_the_narratives_counts(counts: tuple[int, int] | None,
                                                       read: int) -> None:
    text = REAL.read_text("utf-8")
    stated = (STATED.format(*counts) if counts else
              STATED.format(2, 7) + STATED.format(1, 7))
    text = text.replace("一、总体情况\n", "一、总体情况\n" + stated, 1)
    result = parse(text.replace(T4_TAIL, "尚未审结\n总计110024001510102\n五、"))
    truth = [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]
    got = _table_four(result)
    assert all(g is None or g == t for g, t in zip(got, truth, strict=True)), got
    assert sum(g is not None for g in got) == read
    note = next(n for n in result.findings if n.place == Place(table="四"))
    assert ("行政复议2件" in note.message) is (counts == (2, 7))


@pytest.mark.parametrize(("printed", "read"), [
    # as many zeros as cells: a blank lost would need one number printed 00
    ("总计000000000000000", True),
    ("总计\n00 000 0000 000000", True),
    # one zero more or fewer than cells: not split
    ("总计0000000000000000", False),
    ("总计00000000000000", False),
])
def test_a_table_four_run_of_only_zeros_reads_when_it_holds_a_zero_a_cell(
    printed: str, read: bool
) -> None:
    text = REAL.read_text("utf-8")
    result = parse(text.replace(T4_TAIL, "尚未审结\n" + printed + "\n五、"))
    assert result.report is not None
    values = [v for line in result.report.table4.values for v in line]
    if read:
        assert [v for v in values if v is not None] == [0] * 15
        assert any(n.kind is NoteKind.RECOVERED and n.place.table == "四"
                   and "00" in n.message for n in result.findings)
    else:
        assert all(v is None for v in values)


def _fits(group: list[int | None]) -> bool:
    *parts, total = group
    if total is None:
        return True
    known = [p for p in parts if p is not None]
    return sum(known) == total if len(known) == len(parts) else sum(known) <= total


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 10, 12, 25]), min_size=4,
                         max_size=4), min_size=3, max_size=3),
       st.integers(-1, 14), st.data())
def test_splits_are_those_of_a_brute_force_search(parts: list[list[int]], blank: int,
                                                  data: st.DataObject) -> None:
    """The group splits and the lost-blank readings (with cuts) are exactly those that
    trying every split into numbers and filtering by the group totals finds."""
    from govdisclosure.parsing._recover import lost_blank_splits

    cells: list[int | None] = [x for p in parts for x in (*p, sum(p))]
    if blank >= 0:
        cells[blank] = None
    digits = "".join(str(x) for x in cells if x is not None)
    cuts = sorted(data.draw(st.sets(st.integers(1, len(digits) - 1), max_size=3)))
    every = splits(digits, [(15, False)], limit=20_000, cuts=cuts)
    fewer = splits(digits, [(14, False)], limit=20_000, cuts=cuts)
    if every is None or fewer is None:
        return
    want = [s for s in every if all(sum(s[k:k + 4]) == s[k + 4] for k in range(0, 15, 5))]
    assert sorted(splits(digits, [(5, True)] * 3, limit=10_000, cuts=cuts) or []) == sorted(want)
    lost = [[*a[:b], None, *a[b:]] for a in fewer for b in range(15)]
    want_lost = [x for x in lost if all(_fits(x[k:k + 5]) for k in range(0, 15, 5))]
    got = lost_blank_splits(digits, 5, 3, limit=200_000, cuts=cuts)
    assert got is not None
    assert sorted(map(str, got)) == sorted(map(str, want_lost))
    ends, at = set(), 0
    for x in cells:
        at += len(str(x)) if x is not None else 0
        ends.add(at)
    if blank >= 0 and set(cuts) <= ends:
        assert cells in got  # the truth is among the readings with a blank lost


def _adds_up_with_blanks_as_zero(group: list[int | None]) -> bool:
    *parts, total = group
    return sum(p or 0 for p in parts) == (total or 0)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 0, 0, 1, 2, 3]), min_size=4, max_size=4),
                min_size=3, max_size=3),
       st.sets(st.integers(0, 14), max_size=2))
def test_zero_blank_readings_are_those_of_a_brute_force_search(
    parts: list[list[int]], zeros: set[int]
) -> None:
    """The readings with cells holding 0 left blank are exactly those that placing
    blanks into every split with fewer numbers and keeping those whose groups add up
    (blanks as 0) finds (up to two blanks: the brute force grows fast); a table whose blanks
    all held 0 is among them."""
    import itertools

    from govdisclosure.parsing._recover import zero_blank_readings

    cells: list[int | None] = [x for p in parts for x in (*p, sum(p))]
    zeros = {i for i in zeros if cells[i] == 0}
    for i in zeros:
        cells[i] = None
    digits = "".join(str(x) for x in cells if x is not None)
    got = zero_blank_readings(digits, 5, 3, limit=200_000)
    assert got is not None
    want = []
    for blanks in (1, 2):
        found = splits(digits, [(15 - blanks, False)], limit=50_000)
        assert found is not None
        for split in found:
            for at in itertools.combinations(range(15), blanks):
                it = iter(split)
                reading = [None if i in at else next(it) for i in range(15)]
                if all(_adds_up_with_blanks_as_zero(reading[k:k + 5]) for k in range(0, 15, 5)):
                    want.append(reading)
    assert sorted(map(str, (r for r in got if r.count(None) <= 2))) == sorted(map(str, want))
    if zeros:
        assert cells in got


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from("0001234569"), min_size=1, max_size=12), st.data())
def test_parts_are_those_of_a_brute_force_search(digits: str, data: st.DataObject) -> None:
    """The splits of a stretch of digits into numbers of a given sum (a search that skips
    what bounds every split obeys rule out: the digits' sum modulo 9, the longest number)
    are exactly those, and in the same order, that trying every set of number boundaries
    finds."""
    import itertools

    from govdisclosure.parsing._recover import _parts, digit_run

    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(digits) - 1)), max_size=3)))
    start = data.draw(st.integers(0, len(digits)))
    stop = data.draw(st.integers(start, len(digits)))
    count = data.draw(st.integers(0, min(5, stop - start)))

    def number(a: int, b: int) -> bool:
        return 0 < b - a <= 9 and (b - a == 1 or digits[a] != "0") and not any(
            a < c < b for c in cuts)

    every: list[tuple[int, ...]] = [] if count or start != stop else [()]
    for inner in itertools.combinations(range(start + 1, stop), count - 1) if count else ():
        bounds = (start, *inner, stop)
        if all(number(a, b) for a, b in itertools.pairwise(bounds)):
            every.append(tuple(int(digits[a:b]) for a, b in itertools.pairwise(bounds)))
    sums = sorted({sum(s) for s in every})
    total = data.draw(st.sampled_from(sums) if sums and data.draw(st.booleans())
                      else st.sampled_from([None, 0, 7, 100]))
    exact = data.draw(st.booleans())
    want = [s for s in every
            if total is None or (sum(s) == total if exact else sum(s) <= total)]
    assert list(_parts(digit_run(digits, cuts), start, stop, count, total, exact)) == want


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.booleans()), min_size=1, max_size=3),
       st.data())
def test_a_run_of_a_digit_a_number_splits_as_the_search_finds(
    shapes: list[tuple[int, bool]], data: st.DataObject
) -> None:
    """A run of as many digits as numbers (checked directly, a digit a number) has the
    splits the search over every group's ends and totals finds."""
    from govdisclosure.parsing._recover import _groups, digit_run

    size = sum(n for n, _ in shapes)
    digits = data.draw(st.text(st.sampled_from("0001123"), min_size=size, max_size=size))
    want = list(_groups(digit_run(digits), 0, shapes))
    for limit in (0, 1, 64):
        assert splits(digits, shapes, limit=limit) == (None if len(want) > limit else want)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 0, 0, 1, 2, 3, 10]), min_size=4, max_size=4),
                min_size=3, max_size=3),
       st.sets(st.integers(0, 14), max_size=2), st.integers(0, 400))
def test_a_reading_limit_gives_every_reading_or_none(
    parts: list[list[int]], blanks: set[int], limit: int
) -> None:
    """Under a limit, the readings with blanks lost are all of them or ``None``: for one
    blank lost, ``None`` exactly when there are more than the limit; for blanks holding 0,
    whenever there are (the limit bounds the search, which meets more readings than it
    keeps), and once the limit lets them through, every larger one does too."""
    from govdisclosure.parsing._recover import lost_blank_splits, zero_blank_readings

    cells: list[int | None] = [x for p in parts for x in (*p, sum(p))]
    for i in blanks:
        cells[i] = None
    digits = "".join(str(x) for x in cells if x is not None)
    lost = lost_blank_splits(digits, 5, 3, limit=10**9)
    zeros = zero_blank_readings(digits, 5, 3, limit=10**9)
    assert lost is not None
    assert zeros is not None
    for at in {limit, len(lost) - 1, len(lost), len(zeros) - 1, len(zeros)} - {-1}:
        assert lost_blank_splits(digits, 5, 3, limit=at) == (
            None if len(lost) > at else lost)
        got = zero_blank_readings(digits, 5, 3, limit=at)
        assert got in (None, zeros)
        if len(zeros) > at:
            assert got is None
        if got is not None:
            assert zero_blank_readings(digits, 5, 3, limit=at + 1) == zeros


def test_table_two_partly_spaced_row_is_split_only_when_no_blank_could_be_lost() -> None:
    seed = (DATA / "parse_yongchun_shigu_2020.txt").read_text("utf-8")
    result = parse(seed.replace("规章\t0\t0\t0", "规章\t0\t00"))
    assert result.report is not None
    assert [result.report.table2["item_1", "rules", c]
            for c in ("new_made", "new_published", "total_published")] == [0, 0, 0]
    # ``10 0``: 1·0·0, or 10·0 with a blank cell lost
    result = parse(seed.replace("规章\t0\t0\t0", "规章\t10\t0"))
    assert result.report is not None
    assert result.report.table2["item_1", "rules", "new_made"] is None
    assert not any(n.kind is NoteKind.RECOVERED for n in result.findings)


def test_values_glued_to_the_next_label_read_every_cell() -> None:
    """A real report's tables 三 and 四 on one line, each row's last value against the next
    label (``… 0 02. 重复申请``, ``… 4 346四、结转…``, ``0（七）总计``): every cell read,
    as in the original."""
    import re

    text = REAL.read_text("utf-8")
    a, b = text.index("三、收到和处理"), text.index("五、存在的主要问题")
    region = re.sub(r"(\d) (?=[^\d\s]|\d+\.(?!\d))", r"\1", text[a:b].replace("\n", " "))
    assert "0( 七 )" in region
    assert "4 346四、结转" in region
    result = parse(text[:a] + region + "\n" + text[b:])
    original = parse(REAL)
    assert result.report is not None
    assert original.report is not None
    assert result.unread_cells() == 0
    assert result.report.table3 == original.report.table3
    assert result.report.table4 == original.report.table4
    assert any("337 5 0 1 0 4 347" in n.message for n in result.findings)


PINGTAN_2020 = DATA / "real" / "pingtan_2020.txt"


def _notes_of(result: ParseResult, row: str) -> list[str]:
    return [n.message for n in result.findings
            if n.place.table == "三" and n.place.row and n.place.row[-1] == row]


def test_a_whole_report_on_one_line_reads_its_glued_rows() -> None:
    """平潭 2020: tables 二 and 三 in one word of text. Each label keeps its own reason
    (table 二's digits are not reported on table 三's rows), digits cut by a space between
    two words (``申请数量200 000121二、``) are one row's, and the group heading printed again
    after a row's digits (``行政查询事项0000000三、本年度办理结果``) ends that row."""
    text = PINGTAN_2020.read_text("utf-8")
    assert "申请数量200 000121二、" in text
    assert "行政查询事项0000000三、本年度办理结果（四）" in text
    result = parse(text)
    assert _row(result, "new") == [20, 0, 0, 0, 0, 1, 21]
    assert _row(result, "query_matters") == [0] * 7
    assert _row(result, "disclosed") == [6, 0, 0, 0, 0, 1, 7]
    assert any("200 000121" in m for m in _notes_of(result, "一、本年新收政府信息公开申请数量"))
    assert not any("7777166" in m for m in _notes_of(result, "一、本年新收政府信息公开申请数量"))
    # without the repeated heading the table reads the same
    plain = parse(text.replace("0000000三、本年度办理结果（四）", "0000000（四）"))
    assert plain.report is not None
    assert result.report is not None
    assert plain.report.table3 == result.report.table3


def test_a_cut_that_no_split_respects_leaves_the_row_unread() -> None:
    """``2 00000121``: the cut after ``2`` admits no split that sums (2 + … ≠ 121 with
    seven cells): the row is not read, never read otherwise."""
    text = PINGTAN_2020.read_text("utf-8").replace("申请数量200 000121二、",
                                                   "申请数量2 00000121二、")
    result = parse(text)
    assert _row(result, "new") == [None] * 7
    assert any("(200000121): no split" in m
               for m in _notes_of(result, "一、本年新收政府信息公开申请数量"))


def test_other_text_after_a_rows_digits_is_not_a_heading() -> None:
    """Only a group heading of the table ends a row's digits: other text glued after them
    leaves the row unread."""
    text = PINGTAN_2020.read_text("utf-8").replace(
        "0000000三、本年度办理结果（四）", "0000000三、本年度其他（四）")
    result = parse(text)
    assert _row(result, "query_matters") == [None] * 7


SANMING_2021 = DATA / "real" / "sanming-shi_2021.txt"
#: 三明 2021's row 无法提供/1. as printed: ``2`` / ``7`` is 27 wrapped with nothing to show it
WRAPPED_ROW = "1.本机关不掌握相关政府信息\n2\n7\n0\n0\n1\n0\n0\n28\n"


def _sanming(row: str | None = None) -> ParseResult:
    text = SANMING_2021.read_text("utf-8")
    if row is not None:
        assert text.count(WRAPPED_ROW) == 1
        text = text.replace(WRAPPED_ROW, row)
    return parse(text)


def test_numbers_wrapped_over_line_ends_are_joined_where_the_identities_force_it() -> None:
    result = _sanming()
    assert result.report is not None
    t3 = result.report.table3
    assert t3["new", "natural_person"] == 160
    assert t3["new", "total"] == 162
    assert t3["result_total", "natural_person"] == 160
    assert t3["result_total", "total"] == 162
    assert t3["not_held", "natural_person"] == 27
    joined = [n for n in result.findings if n.kind is NoteKind.RECOVERED
              and n.place.table == "三" and "wrapped over line ends" in n.message]
    assert len(joined) == 3
    assert all("Assumed" in n.message for n in joined)
    assert result.unread_cells() == 0


@pytest.mark.parametrize("row", [
    # no joining satisfies the row's total (2·7 → 27 ≠ 29 − 1)
    "1.本机关不掌握相关政府信息\n2\n7\n0\n0\n1\n0\n0\n29\n",
    # 1·27 … and 12·7 … both satisfy the row's total; the column identities then fail with
    # every joining (the table's other rows still say 27 + 1 = 28): not joined
    "1.本机关不掌握相关政府信息\n1\n2\n7\n0\n0\n0\n0\n1\n29\n",
    # more than three line ends inside one row's numbers: not tried
    "1.本机关不掌握相关政府信息\n2\n7\n0\n0\n1\n0\n0\n2\n8\n0\n0\n",
])
def test_a_wrapped_row_the_identities_do_not_force_stays_unread(row: str) -> None:
    result = _sanming(row)
    assert result.report is not None
    place = ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息")
    statuses = {k: s for k, (s, _) in result.statuses().items()
                if k[0] == "三" and k[1] == place}
    assert statuses
    assert all(s.name in ("UNREADABLE", "MISSING") for s in statuses.values()), statuses
    # the other wrapped rows need the column identities, which this row's cells are terms
    # of: they are left unread too, and no read cell differs from the hand reading
    import csv
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_parse_real import cells

    with SANMING_2021.with_name(SANMING_2021.stem + ".expected.csv").open(encoding="utf-8") as f:
        want = cells(list(csv.reader(f))[1:])
    from govdisclosure.csvio import dump_csv

    got = cells(list(csv.reader(dump_csv(result.report).splitlines()))[1:])
    row = "".join("/".join(place).split())
    assert all(v in ("", want[k]) for k, v in got.items() if k in want and k[1] != row)


def _plain_holds(grid: list[list[int | None]], left: list[int], right: list[int],
                 rows: Axis, col: int, judged: bool) -> bool:
    """An identity in a column as the spec reads it: a group is the sum of its parts when
    every one is stated, else its own cell; a term not stated leaves it unjudged."""

    def value(index: int) -> int | None:
        node = rows.nodes[index]
        if node.kind is not Kind.GROUP:
            return grid[index][col]
        parts = [value(k) for k in node.children]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
        return grid[index][col]

    sums = []
    for side in (left, right):
        terms = [value(i) for i in side]
        if any(t is None for t in terms):
            return not judged
        sums.append(sum(t for t in terms if t is not None))
    return sums[0] == sums[1]


def _plain_stated(grid: list[list[int | None]], terms: list[int], rows: Axis,
                  col: int) -> bool:
    """Every term stated in a column: its own cell, or a group's every part."""

    def known(index: int) -> bool:
        node = rows.nodes[index]
        if grid[index][col] is not None:
            return True
        return node.kind is Kind.GROUP and bool(node.children) and all(
            known(k) for k in node.children)

    return all(known(i) for i in terms)


@st.composite
def _table3_grids(draw: st.DrawFn) -> tuple[type[ReportFormat], list[list[int | None]]]:
    """A table 三 grid whose identities hold, then some cells made blank or off by one (a
    group's own cell stated or not), so that every identity holds, breaks or is unjudged."""
    fmt = draw(st.sampled_from(list(formats())))
    rows, columns = fmt.table3_rows(), fmt.table3_columns()
    grid: list[list[int | None]] = [[None] * len(columns) for _ in rows]
    tops = [n.index for n in rows.nodes if n.parent is None]  # 一, 二, 三 (its header), 四
    header = rows.nodes[tops[2]]
    total = next(n.index for n in rows.nodes if n.kind is Kind.TOTAL)
    for col in range(len(columns)):
        line = [draw(st.integers(0, 3)) if n.kind is Kind.LEAF else None for n in rows.nodes]
        for node in rows.nodes:
            if node.kind is Kind.GROUP:
                line[node.index] = sum(line[k] or 0 for k in node.children)
        line[total] = sum(line[k] or 0 for k in header.children if k != total)
        line[tops[3]] = (line[tops[0]] or 0) + (line[tops[1]] or 0) - (line[total] or 0)
        for index, value in enumerate(line):
            grid[index][col] = value
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(0, len(rows) - 1))
        col = draw(st.integers(0, len(columns) - 1))
        value = grid[index][col]
        grid[index][col] = draw(st.sampled_from(
            [None, None, 0 if value is None else value + 1]))
    return fmt, grid


@given(_table3_grids(), st.booleans())
def test_compiled_identities_judge_as_the_plain_reading(
    case: tuple[type[ReportFormat], list[list[int | None]]], judged: bool,
) -> None:
    """The parser's compiled identities (groups looked up once, rows before groups) judge a
    grid as the plain reading does, and an identity not touching a row does not change when
    the row's cells do (the joint solve checks only the touching ones)."""
    from govdisclosure.parsing._joint import (
        _hold,
        _judgeable,
        _touching,
        all_hold,
        identities,
    )

    fmt, grid = case
    rows, columns = fmt.table3_rows(), list(fmt.table3_columns().nodes)
    plain = all(_plain_holds(grid, left, right, rows, col.index, judged)
                for left, right in identities(rows) for col in columns)
    assert all_hold(grid, rows, columns, judged=judged) == plain
    assert _judgeable(grid, rows, columns) == all(
        _plain_stated(grid, left + right, rows, col.index)
        for left, right in identities(rows) for col in columns)
    for node in rows.nodes:
        touching, others = _touching(rows, node.index)
        assert (_hold(grid, touching, columns, judged=judged)
                and _hold(grid, others, columns, judged=judged)) == plain
        before = _hold(grid, others, columns, judged=judged)
        saved = grid[node.index]
        grid[node.index] = [None if v is not None else 1 for v in saved]
        assert _hold(grid, others, columns, judged=judged) == before
        grid[node.index] = saved
