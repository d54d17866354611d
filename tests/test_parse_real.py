"""Real published reports parse to their hand-read values.

``tests/data/parse_real_*``: every table value read by hand (sources in
``tests/data/parse_SOURCES.md``); every cell must be read, and read right.

``tests/data/real/``: reports of every published shape (sources and the reasons for any cell
left out in its ``README.md``): no cell may be read wrong, none the source leaves open may be
read at all, at least as many are read right as today, and every identity the body's own
values break is still reported by :func:`govdisclosure.check`.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from govdisclosure.checks import check
from govdisclosure.csvio import dump_csv, load_csv
from govdisclosure.errors import SourceError
from govdisclosure.findings import Place, Verdict
from govdisclosure.formats import Format2019, Format2021
from govdisclosure.model import AnnualReport, Metadata, Table2, Table3, Table4
from govdisclosure.parsing import CellStatus, NoteKind, ParseResult, parse

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in DATA.glob("parse_real_*") if not p.name.endswith(".expected.csv"))


def cells(lines: list[list[str]]) -> dict[tuple[str, str, str], str]:
    out = {}
    for table, row, column, value in lines:
        if table in ("二", "三", "四"):
            text = _number(value)
            out[table, "".join(row.split()), "".join(column.split())] = text
    return out


def _number(value: str) -> str:
    """A value as comparable text: numbers normalised (``1.50`` = ``1.5``), an amount with
    its unit as printed (``481714587.29元``)."""
    try:
        return str(Decimal(value).normalize()) if value else ""
    except InvalidOperation:
        return value


def test_there_are_real_reports() -> None:
    assert len(CASES) >= 2


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.name)
def test_real_report_reads_exactly(source: Path) -> None:
    expected = source.with_name(source.name.split(".")[0] + ".expected.csv")
    with expected.open(encoding="utf-8") as f:
        lines = list(csv.reader(f))[1:]
    want = cells(lines)
    result = parse(source)
    assert result.report is not None
    got = cells(list(csv.reader(dump_csv(result.report).splitlines()))[1:])
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    assert not wrong
    assert result.unread_cells() == 0
    assert all(s in (CellStatus.READ, CellStatus.BLANK) for s, _ in result.statuses().values())
    meta = {row: value for table, row, _, value in lines if table == "报告"}
    assert result.report.metadata.body == meta["机关"]
    assert str(result.report.metadata.year) == meta["年度"]
    assert result.report.format.code == meta["格式版本"]
    assert result.ok


def test_drifting_labels_are_read_as_variants() -> None:
    source = DATA / "parse_real_sanming-shi_2022.txt"
    text = source.read_text("utf-8")
    drifted = (text.replace("法律行政法规禁止公开", "法律和行政法规禁止公开")
               .replace("逾期不补正、行政机关不再处理", "逾期不补正、行政机关不再受理"))
    assert drifted.count("法律和行政法规") == 1
    assert drifted.count("不再受理") == 1
    result = parse(drifted)
    assert result.unread_cells() == 0
    assert result.report == parse(source).report
    variants = [n for n in result.findings if "标签异文" in n.message]
    assert len(variants) == 2


#: drift at the edges of table 三 (a neighbour on one side only: the header or table 四)
EDGE_DRIFTS = [
    ("一、本年新收政府信息公开申请数量", "一、本年度新收政府信息公开申请数量"),
    ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数"),
    ("四、结转下年度继续办理", "四、结转下年度继续处理"),
    ("四、结转下年度继续办理", "四、结转下年继续办理"),
]


@pytest.mark.parametrize("name", ["parse_real_sanming-shi_2022.txt", "real/pingtan_2022.txt"])
@pytest.mark.parametrize(("official", "printed"), EDGE_DRIFTS)
def test_drift_in_the_first_and_last_rows_of_table_three(
    name: str, official: str, printed: str
) -> None:
    """The first row also locates table 三: drifted, the whole table was lost before."""
    source = DATA / name
    text = source.read_text("utf-8")
    assert text.count(official) == 1
    result = parse(text.replace(official, printed))
    base = parse(source)
    assert result.unread_cells() == base.unread_cells()
    assert result.report == base.report
    variants = [n for n in result.findings if "标签异文" in n.message]
    assert [n.place.row for n in variants] == [(official,)]
    assert "".join(printed.split("、")) in variants[0].message


@pytest.mark.parametrize(("official", "printed"), [
    ("一、本年新收政府信息公开申请数量", "一、本年新收政府信\n息公开 申请数量"),
    ("四、结转下年度继续办理", "四、结转下年度\n继续 办理"),
])
def test_spaces_and_line_breaks_inside_edge_labels(official: str, printed: str) -> None:
    source = DATA / "parse_real_sanming-shi_2022.txt"
    result = parse(source.read_text("utf-8").replace(official, printed))
    assert result.unread_cells() == 0
    assert result.report == parse(source).report


def test_a_far_label_is_not_taken_for_a_drifted_edge_row() -> None:
    """Beyond the edit bound (``本年收到`` for ``本年新收``, two edits and a reordering) the
    first row is not matched: table 三 is then not read, never read from the wrong place."""
    source = DATA / "parse_real_sanming-shi_2022.txt"
    text = source.read_text("utf-8").replace("一、本年新收政府信息公开申请数量",
                                             "一、今年收到的信息公开申请件数")
    result = parse(text)
    assert result.report is not None
    assert not [n for n in result.findings if "标签异文" in n.message
                and n.place.row == ("一、本年新收政府信息公开申请数量",)]
    statuses = result.statuses()
    row = [s for (t, r, _), (s, _) in statuses.items()
           if t == "三" and r == ("一、本年新收政府信息公开申请数量",)]
    assert row
    assert all(s is not CellStatus.READ for s in row)


# --- published reports of every shape (tests/data/real, sources in its README.md) ----------

REAL = DATA / "real"
PUTIAN_PAGE = DATA / "parse_real_putian-chengshi-guanliju_2021.html"
PUBLISHED = sorted(p for p in REAL.iterdir()
                   if p.suffix in (".txt", ".html", ".md") and p.stem != "README")

#: cells read right today; raise a floor when the reader improves, never lower it
FLOORS = {
    "pingtan_2019": 179,
    "pingtan_2020": 182,
    "pingtan_2021": 182,
    "pingtan_2022": 200,
    "pingtan_2023": 198,
    "pingtan_2024": 188,
    "pingtan_2024_article": 200,
    "putian-chengshi-guanliju_2019": 13,
    "putian-chengshi-guanliju_2020": 13,
    "sanming-shi_2019": 198,
    "sanming-shi_2020": 198,
    "sanming-shi_2021": 200,
    "sanming-shi_2024": 200,
    "sanming-shi_2025": 200,
}


def _expected(source: Path) -> list[list[str]]:
    with source.with_name(source.stem + ".expected.csv").open(encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def _read(source: Path) -> tuple[ParseResult, dict[tuple[str, str, str], str]]:
    result = parse(source)
    assert result.report is not None
    return result, cells(list(csv.reader(dump_csv(result.report).splitlines()))[1:])


def tally(source: Path) -> tuple[int, int, dict[tuple[str, str, str], tuple[str | None, str]]]:
    """Cells of ``source`` read right, left unread, and read wrong (got, want)."""
    want = cells(_expected(source))
    _, got = _read(source)
    right = sum(got.get(k) == v for k, v in want.items())
    unread = sum(not got.get(k) for k, v in want.items() if got.get(k) != v)
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) and got.get(k) != v}
    return right, unread, wrong


def test_every_published_report_has_a_floor() -> None:
    assert len(PUBLISHED) >= 8
    assert {p.stem for p in PUBLISHED} == set(FLOORS)


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: p.stem)
def test_published_report_reads_no_wrong_cell(source: Path) -> None:
    right, _, wrong = tally(source)
    assert not wrong
    assert right >= FLOORS[source.stem]


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: p.stem)
def test_cells_the_source_leaves_open_are_not_read(source: Path) -> None:
    """A cell left out of the expected file is one the source does not fix (equal cells a
    crawl printed once, digits with several splits): reading it would be a guess."""
    want = cells(_expected(source))
    _, got = _read(source)
    guessed = {k: v for k, v in got.items() if v and k not in want}
    assert not guessed


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: p.stem)
def test_published_report_metadata(source: Path) -> None:
    meta = {row: value for table, row, _, value in _expected(source) if table == "报告"}
    result, _ = _read(source)
    report = result.report
    assert report is not None
    assert report.format.code == meta["格式版本"]
    assert str(report.metadata.year) == meta["年度"]
    if "机关" in meta:
        assert report.metadata.body == meta["机关"]
    else:  # the body is not printed in the input: said so, never guessed
        assert any(n.place.row == ("机关",) and n.kind is NoteKind.MISSING
                   for n in result.findings)
    published = report.metadata.published
    # a report on a year is published after it (a page header's 2024-01-01 is not its date)
    assert published is None or published.year > report.metadata.year


def _expected_report(source: Path) -> AnnualReport:
    """The hand-read values as a report; a cell left out is blank (never 0)."""
    lines = _expected(source)
    meta = {row: value for table, row, _, value in lines if table == "报告"}
    fmt = Format2019 if meta["格式版本"] == "2019" else Format2021
    text = dump_csv(AnnualReport(format=fmt, metadata=Metadata(body="x", year=2000),
                                 table2=Table2.empty(fmt), table3=Table3.empty(fmt),
                                 table4=Table4.empty(fmt)))
    have = {(t, r, c) for t, r, c, _ in lines}
    blanks = [[t, r, c, ""] for t, r, c, _ in list(csv.reader(text.splitlines()))[1:]
              if t in ("二", "三", "四") and (t, r, c) not in have]
    named = [] if "机关" in meta else [["报告", "机关", "", "（未印出）"]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([["table", "row", "column", "value"],
                                                    *lines, *named, *blanks])
    return load_csv(out.getvalue())


@pytest.mark.parametrize("source", PUBLISHED, ids=lambda p: p.stem)
def test_published_identity_breaks_are_still_reported(source: Path) -> None:
    """Each identity the body's own values break is still broken (or, a term unread, not
    judged) in what was read: never repaired into a pass."""
    def judged(report: AnnualReport) -> dict[tuple[str, Place], Verdict]:
        return {(f.rule, f.place): f.verdict for f in check(report)}

    want = cells(_expected(source))
    printed = judged(_expected_report(source))
    result, got = _read(source)
    assert result.report is not None
    read = judged(result.report)
    for (rule, place), verdict in printed.items():
        if verdict is Verdict.VIOLATED and (rule, place) not in read:
            # not judged: then a term of its line (a column for T3-A/T3-C) was not read
            column = rule in ("T3-A", "T3-C")
            line = "".join("/".join(place.column if column else place.row).split())
            terms = [k for k in want if k[0] == place.table and k[2 if column else 1] == line]
            assert terms, (rule, place)
            assert any(not got.get(k) for k in terms), (rule, place)


def test_a_published_break_is_in_the_suite() -> None:
    breaks = [f for f in check(_expected_report(REAL / "pingtan_2020.txt"))
              if f.verdict is Verdict.VIOLATED]
    assert {f.rule for f in breaks} == {"T3-C"}
    assert len(breaks) == 2


#: the first words of 一, and the whole of 六, as each page prints them (read by hand)
SECTIONS = {
    "sanming-shi_2019": ("政府信息公开是三明市政府建设", "无。"),
    "sanming-shi_2021": ("2021年，三明市人民政府认真落实", "无。"),
    "putian-chengshi-guanliju_2019": ("2019年，我局深入学习贯彻", "本报告无其他需要说明的事项。"),
    "putian-chengshi-guanliju_2020": ("2020年，我局以习近平", "无其他需要说明的事项。"),
    "pingtan_2019": ("2019年，在省政府办公厅", "无其他需要报告的事项"),
    "pingtan_2021": ("2021年，我区以习近平", "2021年，无收取信息处理费情况。"),  # … 附件下载
    "pingtan_2024": ("2024年，平潭综合实验区坚持", "2024年，无收取信息处理费情况。"),
    # the page's furniture after the article (附件下载 … 福建省人民政府) is not 六
    "pingtan_2024_article": ("2024年，平潭综合实验区坚持", "2024年，无收取信息处理费情况。"),
}


@pytest.mark.parametrize("stem", sorted(SECTIONS))
def test_published_report_sections(stem: str) -> None:
    """Sections are found however the page breaks their headings (``一、`` / ``总体情况``
    on two lines, or inside one long line), and a signature (``三明市政务公开工作领导小组``
    / ``2020年3月6日``; ``莆田市城市管理局`` / ``20`` / ``年`` / …) is not part of 六."""
    result, _ = _read(next(p for p in PUBLISHED if p.stem == stem))
    report = result.report
    assert report is not None
    assert report.overview is not None
    assert report.other is not None
    assert report.problems is not None
    first, other = SECTIONS[stem]
    assert next(report.overview.paragraphs()).text.startswith(first)
    assert [p.text for p in report.other.paragraphs()] == [other]


def test_a_closing_note_after_the_signature_is_not_part_of_section_six() -> None:
    """莆田 2021 ends ``莆田市城市管理局`` / ``2022年1月12日`` / ``（此件主动公开）``; 莆田 2020
    the same with its date in runs (``202`` / ``1`` / ``年`` / ``1月`` / ``13`` / ``日``)."""
    result = parse(PUTIAN_PAGE)
    assert result.report is not None
    assert result.report.other is not None
    last = list(result.report.other.paragraphs())[-1].text
    assert last == "2021年，我局共收到1份依申请公开，未收取任何费用。"
    assert result.report.metadata.published is not None
    assert result.report.metadata.published.isoformat() == "2022-01-12"
    result, _ = _read(REAL / "putian-chengshi-guanliju_2020.txt")
    assert result.report is not None
    assert result.report.metadata.published is not None
    assert result.report.metadata.published.isoformat() == "2021-01-13"


def test_a_signature_in_runs_names_the_body() -> None:
    """The 发布机构 line says 市城市管理局; the signature, broken into runs, names the body
    in full (its date, without its century, is not read)."""
    result, _ = _read(REAL / "putian-chengshi-guanliju_2019.txt")
    assert result.report is not None
    assert result.report.metadata.body == "莆田市城市管理局"
    assert result.report.metadata.published is not None
    assert result.report.metadata.published.isoformat() == "2020-01-15"  # the page's date


def test_a_shortened_body_field_is_completed_from_the_title() -> None:
    text = (REAL / "putian-chengshi-guanliju_2019.txt").read_text("utf-8")
    unsigned = text[:text.rindex("莆田市城市管理局")]  # the page without its signature
    result = parse(unsigned)
    assert result.report is not None
    assert result.report.metadata.body == "莆田市城市管理局"
    assert any("按标题补全" in n.message for n in result.findings)


def test_an_abbreviated_body_field_is_completed_from_the_title() -> None:
    """莆田市应急管理局's page names its 发布机构 市应急局 (here 市城管局 for the title's
    莆田市城市管理局): the title's name, whose characters those are in order, is the body's."""
    text = (REAL / "putian-chengshi-guanliju_2019.txt").read_text("utf-8")
    unsigned = text[:text.rindex("莆田市城市管理局")]
    abbreviated = unsigned.replace("发布机构: 市城市管理局", "发布机构: 市城管局")
    assert abbreviated != unsigned
    result = parse(abbreviated)
    assert result.report is not None
    assert result.report.metadata.body == "莆田市城市管理局"
    assert any("按标题补全" in n.message and "市城管局" in n.message for n in result.findings)
    # a name that is not the title's, shortened, stays as printed
    other = parse(abbreviated.replace("市城管局", "市应急局"))
    assert other.report is not None
    assert other.report.metadata.body == "市应急局"


def test_a_date_before_the_year_ends_is_noted_not_used() -> None:
    result, _ = _read(REAL / "sanming-shi_2024.txt")
    assert result.report is not None
    assert result.report.metadata.published is None
    assert any(n.place.row == ("发布日期",) and "2024-01-01" in n.message
               for n in result.findings)



@pytest.mark.parametrize(
    ("encoding", "declaration", "suffix"),
    [
        ("gb2312", '<meta charset="gb2312">', ".html"),
        ("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=GBK">', ".htm"),
        ("gb18030", "<meta charset=gb18030>", ".shtml"),
        ("gb18030", "", ".html"),  # undeclared: told from Big5 by the report's own words
        ("utf-8", "<meta charset='utf-8'>", ".htm"),
        # a crawler's copy: re-saved in one encoding, the page's old declaration kept
        ("utf-8", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
         ".html"),
        ("gb18030", '<meta charset="utf-8">', ".html"),
        ("gb18030", '<meta charset="big5">', ".html"),  # Big5 would read it as mojibake
    ],
)
def test_a_real_page_saved_in_a_chinese_encoding_reads_the_same(
    tmp_path: Path, encoding: str, declaration: str, suffix: str
) -> None:
    page = PUTIAN_PAGE.read_text("utf-8")
    saved = tmp_path / f"page{suffix}"
    saved.write_bytes((declaration + page).encode(encoding))
    assert parse(saved).report == parse(PUTIAN_PAGE).report


def test_undeclared_bytes_that_read_alike_in_gb18030_and_big5_are_refused(
    tmp_path: Path
) -> None:
    """Never mojibake: bytes valid in both encodings with no report word in either are
    refused with the library's error, naming what to do."""
    saved = tmp_path / "page.html"
    saved.write_bytes("<p>本年度共計</p>".encode("big5"))
    with pytest.raises(SourceError, match="declare the charset"):
        parse(saved)


_PINGTAN_2021 = "平潭综合实验区2021年度政府信息公开工作年度报告"
_PUTIAN_2022 = "莆田市城市管理局2022年度政府信息公开工作年度报告"


@pytest.mark.parametrize(
    ("title", "own"),
    [
        # 平潭 …/202202/80613_…/page.html
        (f"{_PINGTAN_2021}_政府信息公开年报_平潭综合实验区党工委管委会", _PINGTAN_2021),
        # 莆田 …/ptcg/zfxxgk/zfxxgknb/202301/1794760/page.html, its line breaks as printed
        (f"\n        {_PUTIAN_2022}\n        _\n        政府信息公开年报\n        _\n"
         "        莆田市城市管理局\n    ", _PUTIAN_2022),
    ],
)
def test_a_page_title_loses_its_column_and_site(title: str, own: str) -> None:
    """Pages title themselves ``<report>_<column>_<site>`` (the <title>s of the crawled
    pages named, put here before the 莆田 2021 page's body)."""
    page = f"<html><head><title>{title}</title></head><body>{PUTIAN_PAGE.read_text('utf-8')}"
    result = parse(page, kind="html")
    assert result.report is not None
    assert result.report.metadata.title == own


@pytest.mark.parametrize("printed", ["（元）", "（万元）", "（单位：万元）"])
def test_an_amount_takes_the_unit_its_column_header_prints(printed: str) -> None:
    """三明市 2020 heads the column 采购总金额 / （元） and prints 453754632.81: the unit is
    read from the header, never dropped (the same page with the header's unit changed)."""
    text = (REAL / "sanming-shi_2020.txt").read_text("utf-8")
    assert text.count("采购总金额\n（元）") == 1
    result = parse(text.replace("采购总金额\n（元）", f"采购总金额\n{printed}"))
    assert result.report is not None
    rows = list(csv.reader(dump_csv(result.report).splitlines()))
    unit = printed.strip("（）").removeprefix("单位：")
    assert ["二", "第二十条第（九）项/政府集中采购", "采购总金额", f"453754632.81{unit}"] in rows


def test_a_header_naming_two_units_gives_none() -> None:
    text = (REAL / "sanming-shi_2020.txt").read_text("utf-8")
    result = parse(text.replace("采购总金额\n（元）", "采购总金额\n（元/万元）"))
    assert result.report is not None
    rows = list(csv.reader(dump_csv(result.report).splitlines()))
    assert ["二", "第二十条第（九）项/政府集中采购", "采购总金额", "453754632.81"] in rows


@pytest.mark.parametrize(
    "markup",
    [
        "<s>7</s>74",  # Word's strikethrough: deleted text
        "<del>17</del>74",
        "<strike>1</strike>74",
        "<span style='text-decoration: line-through'>9</span>74",
        "74<span style='display:none'>0</span>",
        "<span style='mso-hide:all'>1</span>74<o:p></o:p>",
    ],
)
def test_struck_or_hidden_text_in_a_cell_is_not_its_value(markup: str) -> None:
    """The real 莆田 page with its 行政许可 cell (74) edited as Word and CMS editors leave
    cells: what a reader does not see as the value is not read into it."""
    page = PUTIAN_PAGE.read_text("utf-8")
    cell = '<p align="center">74</p>'
    assert page.count(cell) == 1
    result = parse(page.replace(cell, f'<p align="center">{markup}</p>'), kind="html")
    assert result.report == parse(PUTIAN_PAGE).report
