"""The bundled example reports, the real 平潭 2020 fixture, and the scripts in examples/."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from govdisclosure import categories as c
from govdisclosure.checks import check, validate
from govdisclosure.findings import Place, Severity, Verdict
from govdisclosure.jsonio import dump_json, load_json
from govdisclosure.layout import Kind
from govdisclosure.model import AnnualReport, Section

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "src" / "govdisclosure" / "data"
TESTDATA = Path(__file__).resolve().parent / "data"

#: The seed report as extracted from its PDF (a verbatim copy; see tests/data/README.md).
SEED = (TESTDATA / "real_yongchun-shigu-2020.txt").read_text(encoding="utf-8")
#: The two paragraphs the extraction broke across a page, and the same joined back.
BREAKS = {
    "主动回应经济社会热点\n\n问题。": "主动回应经济社会热点问题。",
    "重点实项目进展情况、\n\n各项经济指标": "重点实项目进展情况、各项经济指标",
}


def seed_lines() -> list[str]:
    """The seed's lines with the page breaks joined and Markdown heading marks removed."""
    text = SEED
    for broken, joined in BREAKS.items():
        assert text.count(broken) == 1
        text = text.replace(broken, joined)
    return [line.lstrip("#").strip() for line in text.splitlines()]


def between(lines: list[str], first: str, last: str) -> list[str]:
    return lines[lines.index(first) + 1 : lines.index(last)]


def load(path: Path) -> AnnualReport:
    return load_json(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> AnnualReport:
    return load(DATA / "yongchun-shigu-2020.json")


@pytest.fixture(scope="module")
def pingtan2025() -> AnnualReport:
    return load(DATA / "pingtan-2025.json")


@pytest.fixture(scope="module")
def pingtan2020() -> AnnualReport:
    return load(TESTDATA / "real_pingtan-2020.json")


# --- packaging of the examples --------------------------------------------------------------


@pytest.mark.parametrize("name", ["yongchun-shigu-2020.json", "pingtan-2025.json"])
def test_example_json_is_a_real_copy_of_the_package_data(name: str) -> None:
    """A real file (a Windows checkout turns a symbolic link into a text file naming its
    target) holding exactly the bytes the package ships."""
    copy = EXAMPLES / name
    assert not copy.is_symlink()
    assert copy.is_file()
    packaged = resources.files("govdisclosure") / "data" / name
    assert packaged.is_file()
    assert copy.read_bytes() == packaged.read_bytes() == (DATA / name).read_bytes()
    assert json.loads(packaged.read_text(encoding="utf-8"))["govdisclosure"] == "1.1"


def test_no_symbolic_links_in_the_repository() -> None:
    links = [
        p.relative_to(ROOT) for folder in ("examples", "src", "tests", "docs", "benchmarks")
        for p in (ROOT / folder).rglob("*") if p.is_symlink()
    ]
    assert links == []


# --- 永春县石鼓镇 2020 (seed) ---------------------------------------------------------------


def test_seed_metadata(seed: AnnualReport) -> None:
    lines = seed_lines()
    assert seed.format.code == "2019"
    m = seed.metadata
    assert m.doc_number in lines
    assert m.body in lines
    assert "2021年1月6日" in lines
    assert m.title is not None
    assert "永春县石鼓镇 2020 年政府信息公开 工作年度报告" in lines
    assert m.title == "永春县石鼓镇 2020 年政府信息公开 工作年度报告".replace(" ", "")
    assert m.body == "永春县石鼓镇人民政府"
    assert m.year == 2020
    assert m.doc_number == "永石政〔2021〕1号"
    assert m.published == dt.date(2021, 1, 6)
    assert m.title == "永春县石鼓镇2020年政府信息公开工作年度报告"


def test_seed_every_table_value_is_a_stated_zero(seed: AnnualReport) -> None:
    t2 = list(seed.table2.cells())
    assert len(t2) == 22  # 6 + 6 + 6 + 2 + 2 printed cells
    assert all(value == 0 and value is not None for _, value in t2)
    assert seed.table2["item_9", "procurement", "amount"] == Decimal("0")
    assert type(seed.table2["item_9", "procurement", "amount"]) is Decimal
    assert seed.table2["第二十条第（五）项", "其他对外管理服务事项", "本年增/减"] == 0
    cells3 = list(seed.table3.cells())
    printed = [v for row, col, v in cells3 if Kind.GROUP not in (row.kind, col.kind)]
    assert len(printed) == 23 * 7  # every printed cell of the 2019 table 三
    assert all(v == 0 for v in printed)
    assert seed.table3[c.OtherHandling, c.NaturalPerson] == 0  # one row in 2019
    assert seed.table3[c.ResultTotal, c.ApplicantTotal] == 0
    assert seed.table3[c.Withheld, c.NaturalPerson] is None  # group rows: not printed
    assert [v for _, _, v in seed.table4.cells()] == [0] * 15


def test_seed_narrative_as_printed(seed: AnnualReport) -> None:
    lines = seed_lines()
    overview = seed.overview
    assert overview is not None
    assert overview.heading == "一、总体情况"
    subsections = [s for s in overview.content if isinstance(s, Section)]
    assert len(subsections) == len(overview.content) == 5
    # headings as printed (（三）（四）（五） end with "。" in the original)
    headings = [s.heading for s in subsections]
    assert headings[0] == "（一）政务公开工作要点落实情况"
    assert headings[4] == "（五）因政府信息公开工作被申请行政复议、提起行政诉讼情况。"
    assert all(h in lines for h in headings)
    assert [len(s.content) for s in subsections] == [1, 3, 1, 1, 1]
    # every paragraph of the seed, in order, and nothing else
    for section, (first, last) in zip(
        subsections,
        [(headings[0], headings[1]), (headings[1], headings[2]), (headings[2], headings[3]),
         (headings[3], headings[4]), (headings[4], "二、主动公开政府信息情况")],
        strict=True,
    ):
        printed = [line for line in between(lines, first, last) if line]
        assert [p.text for p in section.paragraphs()] == printed
    assert seed.problems is not None
    assert seed.problems.heading == "五、存在的主要问题及改进情况"
    assert [p.text for p in seed.problems.paragraphs()] == [
        line for line in between(lines, seed.problems.heading, "六、其他需要报告的事项") if line
    ]
    assert seed.other == Section.of(
        "六、其他需要报告的事项", "2020年度，我镇无其他需要报告的事项。"
    )


def test_seed_page_breaks_joined_and_nothing_else_changed(seed: AnnualReport) -> None:
    assert seed.overview is not None
    texts = [p.text for p in seed.overview.paragraphs()]
    for joined in BREAKS.values():
        assert sum(joined in t for t in texts) == 1
    assert not any("\n" in t for t in texts)
    first = texts[0]
    assert first.startswith("2020 年度我镇以习近平新时代中国特色社会主义思想为指导")  # as printed
    assert first.endswith("进一步保障网络安全。")
    assert texts[2].startswith("2、强化措施，依规公开。")
    assert texts[2].endswith("确保该公开的信息按时依规公开。")


def test_seed_tables_match_the_printed_cells(seed: AnnualReport) -> None:
    lines = seed_lines()
    printed = [
        cell
        for line in between(lines, "二、主动公开政府信息情况", "五、存在的主要问题及改进情况")
        for cell in line.split("\t")
        if cell.strip().isdigit()
    ]
    stated = [
        *(v for _, v in seed.table2.cells()),
        *(v for row, col, v in seed.table3.cells() if Kind.GROUP not in (row.kind, col.kind)),
        *(v for _, _, v in seed.table4.cells()),
    ]
    assert len(printed) == len(stated) == 22 + 23 * 7 + 15
    assert set(printed) == {"0"}
    assert all(v == 0 for v in stated)  # printed 0 is stated 0, never blank


def test_seed_passes_every_check(seed: AnnualReport) -> None:
    assert check(seed) == []
    assert validate(seed) is seed


# --- 平潭综合实验区 2025 --------------------------------------------------------------------


def test_pingtan2025_values(pingtan2025: AnnualReport) -> None:
    r = pingtan2025
    assert r.format.code == "2021"
    assert (r.body, r.year, r.metadata.published) == (
        "平潭综合实验区管理委员会", 2025, dt.date(2026, 3, 10))
    assert r.metadata.doc_number is None
    t2 = r.table2
    assert [t2["item_1", "normative", k] for k in ("issued", "repealed", "in_force")] == [
        58, 45, 546]
    assert t2["item_1", "rules", "in_force"] == 0
    assert t2["item_5", "licensing", "decisions"] == 2418
    assert t2["item_6", "penalty", "decisions"] == 644
    assert t2["item_6", "enforcement", "decisions"] == 64
    assert t2["第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）"] == Decimal(
        "4166.241619")
    t3 = r.table3
    assert t3.row(c.NewlyReceived) == {
        "natural_person": 151, "legal_person": None, "commercial": 3, "research": 0,
        "public_interest": 0, "legal_service": 0, "other_organization": 0, "total": 154}
    assert t3[c.ResultTotal, c.ApplicantTotal] == 148
    assert t3[c.CarriedForward, c.Commercial] == 2
    assert t3[c.NotHeld, c.Commercial] == 1
    assert [t3[k, c.NaturalPerson] for k in (c.NoCorrection, c.FeeUnpaid, c.OtherReasons)] == [
        8, 2, 1]
    t4 = r.table4
    assert t4.row("review") == {"upheld": 25, "corrected": 3, "other": 8, "pending": 0,
                                "total": 36}
    assert (t4["litigation_direct", "total"], t4["litigation_after_review", "total"]) == (6, 3)


def test_pingtan2025_narrative(pingtan2025: AnnualReport) -> None:
    r = pingtan2025
    assert r.overview is not None
    assert r.problems is not None
    texts = [p.text for p in r.overview.paragraphs()]
    assert [t[:3] for t in texts[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert "共收到政府信息公开申请154件，共办结148件，结转至2026年6件" in texts[2]
    assert len(r.problems.content) == 2
    assert r.other == Section.of("六、其他需要报告的事项", "2025年，无收取信息处理费情况。")


def test_pingtan2025_passes_every_check(pingtan2025: AnnualReport) -> None:
    assert check(pingtan2025) == []
    assert validate(pingtan2025) is pingtan2025


# --- 平潭综合实验区 2020: a real inconsistent report -----------------------------------------


def test_pingtan2020_table_values(pingtan2020: AnnualReport) -> None:
    t2 = pingtan2020.table2
    assert t2["item_6", "penalty", "change"] == -18
    assert t2["item_8", "fees", "change"] == -15
    assert t2["item_1", "rules", "total_published"] == 7
    assert t2["item_9", "procurement", "amount"] == Decimal("73802895.90")
    assert t2.unit("item_9", "procurement", "amount") == "元"  # printed 73802895.90元
    t3 = pingtan2020.table3
    assert t3.row(c.NewlyReceived)["total"] == 21
    assert t3.row(c.ResultTotal) == t3.row(c.NewlyReceived)


def test_pingtan2020_names_the_t3c_violations(pingtan2020: AnnualReport) -> None:
    findings = check(pingtan2020)
    assert all(f.verdict is Verdict.VIOLATED for f in findings)
    assert [(f.rule, f.place, f.stated, f.expected) for f in findings] == [
        ("T3-C", Place(table="三", row=("三、本年度办理结果", "（七）总计"), column=("自然人",)),
         20, 26),
        ("T3-C", Place(table="三", row=("三、本年度办理结果", "（七）总计"), column=("总计",)),
         21, 27),
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert "（七）总计为21" in findings[1].message


# --- the scripts ----------------------------------------------------------------------------

#: lines (regular expressions) each script must print
EXPECTED_OUTPUT = {
    "author_report.py": [
        r"^derived 三 一、本年新收政府信息公开申请数量: 自然人=10，商业企业=2，.*总计=12$",
        r"^derived 三 （七）总计: 自然人=10，商业企业=1，.*总计=11$",
        r"^derived 四 行政复议 总计=1$",
        r"^refused: \d+ violations$",
        r"^  \[T3-B\] 表三 / 一、本年新收政府信息公开申请数量 / 总计: .*"
        r"\(stated 13, expected 12\)$",
        r"^  \[T3-C\] 表三 / 三、本年度办理结果/（七）总计 / 自然人: .*\(stated 9, expected 10\)$",
    ],
    "extend_categories.py": [
        r"^format 2021-example refines 2021$",
        r"^columns: .*\| 法人或其他组织/新闻媒体 \| 总计$",
        r"^new row: 三、本年度办理结果/（三）不予公开/9\.其他依法不予公开情形$",
        r"^一、本年新收 总计 = 9 ",
        r"^（七）总计 / 新闻媒体 = 3$",
        r"^check\(\): 0 findings$",
        r"^  \[T3-A\] 表三 / 法人或其他组织/新闻媒体: ",
        r"^  \[T3-B\] 表三 / 一、本年新收政府信息公开申请数量 / 总计: ",
        r"^JSON format: 2021-example$",
        r"^JSON table3\.new\.news_media = 3$",
        r"^JSON table3\.other_lawful_grounds = .*'news_media': 2, 'total': 3\}$",
        r"^JSON round trip equal: True$",
        r"^  三,一、本年新收政府信息公开申请数量,法人或其他组织/新闻媒体,3$",
        r"^CSV round trip equal: True$",
    ],
    "dask_audit.py": [
        r"^files audited: 21$",
        r"^files with errors: 5$",  # four broken on purpose, one corrupt
        r"^  READ: 1$",
        r"^  T3-B: 4$",
        r"^  T3-C: 4$",
    ],
}


def test_every_script_has_expected_output() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED_OUTPUT)


@pytest.mark.parametrize("script", sorted(EXPECTED_OUTPUT))
def test_example_script_runs(script: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    for pattern in EXPECTED_OUTPUT[script]:
        assert any(re.search(pattern, line) for line in lines), pattern


# --- 淮安市洪泽区 2023: a stated group row, and table 四 totals printed as 0 ----------------------


def test_hongze2023_group_row_and_t4_violations() -> None:
    report = load(TESTDATA / "real_huaian-hongze-2023.json")
    t3 = report.table3
    assert t3.row(c.OtherHandling)["total"] == 0  # printed as one row: kept as stated
    assert t3[c.NoCorrection, c.NaturalPerson] is None  # its parts were not printed
    assert report.table2["item_8", "fees", "fee_amount"] == Decimal("7730.28")
    findings = check(report)
    assert [(f.rule, f.verdict, f.place, f.stated, f.expected) for f in findings] == [
        ("T4", Verdict.VIOLATED, Place(table="四", row=("行政复议",), column=("总计",)), 0, 11),
        ("T4", Verdict.VIOLATED,
         Place(table="四", row=("行政诉讼", "复议后起诉"), column=("总计",)), 0, 5),
    ]


@pytest.mark.parametrize(
    "path",
    [DATA / "yongchun-shigu-2020.json", DATA / "pingtan-2025.json",
     TESTDATA / "real_pingtan-2020.json", TESTDATA / "real_huaian-hongze-2023.json"],
    ids=lambda p: p.name,
)
def test_documents_are_canonical(path: Path) -> None:
    """Each file is exactly what the library writes for it: no key missing, none extra."""
    assert json.loads(dump_json(load(path))) == json.loads(path.read_text(encoding="utf-8"))
