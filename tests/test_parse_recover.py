"""Rows whose digits ran together (平潭综合实验区's page text): recovered only when exactly
one split satisfies the table's identities."""

from __future__ import annotations

from pathlib import Path

import pytest

from govdisclosure.parsing import NoteKind, parse
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
    assert t4["review", "total"] == 36
    assert result.report.table2["item_8", "fees", "fee_amount"] is not None
    recovered = [n for n in result.findings if n.kind is NoteKind.RECOVERED]
    assert len(recovered) > 25
    disclosed = [n for n in recovered if n.place.row[-1:] == ("（一）予以公开",)]
    assert len(disclosed) == 1
    assert "column identities" in disclosed[0].message
    assert t3["disclosed", "natural_person"] == 33
    unreadable = result.unreadable()
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
