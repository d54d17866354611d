"""Any input ends with a result or the library's own error: empty, binary, huge, hostile."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure.parsing as parse_module
from govdisclosure.errors import GovDisclosureError, SourceError
from govdisclosure.parsing import NoteKind, ParseResult, parse

DATA = Path(__file__).parent / "data"
SEED = (DATA / "parse_yongchun_shigu_2020.txt").read_text("utf-8")

FRAGMENTS = [
    "<table>", "</table>", "<tr>", "<td rowspan='3'>", "<td colspan=99999>", "</td>", "<br>",
    "<p>", "&nbsp;", "|", "\t", "\n", " ", "0", "12", "-3", "251000元", "（", "）",
    "一、本年新收政府信息公开申请数量", "（七）总计", "未经复议直接起诉", "复议后起诉",
    "第二十条第（一）项", "规章", "2020年", "永石政〔2021〕1号", "2021年1月6日", "# ", "---",
    "<script>", "</script>", "\x00", "\ufeff",
]


def settled(text: str) -> ParseResult | None:
    try:
        result = parse(text)
    except GovDisclosureError:
        return None
    assert isinstance(result, ParseResult)
    for cell in result.cells:
        assert cell.value is None or cell.raw
    return result


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    settled(text)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_text(data: bytes) -> None:
    settled(data.decode("latin-1"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=80))
def test_report_like_noise(parts: list[str]) -> None:
    settled("".join(parts))


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, len(SEED) - 1),
    st.integers(1, 400),
    st.text(st.characters(exclude_categories=("Nd", "Nl", "No")), max_size=20),
)
def test_damaged_seed_is_never_wrong(at: int, length: int, insert: str) -> None:
    """Cut and damage anywhere in the seed (no digit added): every value that is still read
    is the true 0."""
    result = settled(SEED[:at] + insert + SEED[at + length:])
    if result is not None:
        for cell in result.cells:
            assert cell.value in (None, 0), cell


def test_empty_input() -> None:
    result = parse("")
    assert result.report is None
    assert not result.ok
    assert {n.place.table for n in result.findings if n.kind is NoteKind.MISSING} >= {
        "二", "三", "四", "报告"
    }


@pytest.mark.parametrize(
    "text",
    [
        "（" * 200_000,
        "1" * 200_000,
        "1 " * 100_000,
        "<td>" * 50_000,
        "<table>" * 5_000 + "<td rowspan=100 colspan=100>0" * 5_000,
        "一、本年新收政府信息公开申请数量" * 20_000,
        ("|" * 1000 + "\n") * 200,
        "2(" + " " * 100_000 + "x",
    ],
)
def test_hostile_inputs_finish(text: str) -> None:
    settled(text)


def test_binary_file_is_refused_with_the_library_error(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"\xff\xfe\xff\x00\x81" * 100)
    with pytest.raises(SourceError, match="not text"):
        parse(path)


def test_gb18030_file_and_path_forms(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED.encode("gb18030"))
    for source in (path, str(path)):
        result = parse(source)
        assert result.report is not None
        assert result.report.metadata.doc_number == "永石政〔2021〕1号"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        parse(tmp_path)  # a directory


def test_not_text_nor_path() -> None:
    with pytest.raises(SourceError, match="expected text or a path"):
        parse(123)  # type: ignore[arg-type]


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "MAX_CHARS", 100)
    with pytest.raises(SourceError, match="larger"):
        parse("x" * 101)


def test_source_error_is_a_value_error_of_the_library() -> None:
    assert issubclass(SourceError, GovDisclosureError)
    assert issubclass(SourceError, ValueError)
    assert str(SourceError()) == "the input cannot be read as a report"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(SourceError, match="unknown input kind 'rtf'"):
        parse("一、总体情况", kind="rtf")


def test_kind_can_be_forced() -> None:
    result = parse("<p>一、总体情况</p>", kind="text")
    assert result.kind == "text"
    assert parse("<p>一、总体情况</p>").kind == "html"
