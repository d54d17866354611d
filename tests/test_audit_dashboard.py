"""The dashboard page: a pure function of summaries and rows, written by ``audit --html``,
and read back in headless Chromium when it is installed."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from govdisclosure.audit import audit
from govdisclosure.audit.bulk import AuditRow
from govdisclosure.audit.dashboard import ReportSummary, dashboard, summarize
from govdisclosure.cli import main
from govdisclosure.errors import MissingExtra
from govdisclosure.files import load_report
from govdisclosure.findings import Severity, Verdict

DATA = Path(__file__).parent / "data"
PINGTAN = Path(__file__).parents[1] / "src" / "govdisclosure" / "data" / "pingtan-2025.json"
FILES = (DATA / "audit_pingtan-2022.json", DATA / "audit_pingtan-2023.json", PINGTAN,
         DATA / "parse_yongchun_shigu_2020.txt", DATA / "csv_huaian_hongze_2023.csv")


def summary(body: str, year: int, **values: object) -> ReportSummary:
    fields: dict[str, object] = {
        "path": f"{body}-{year}.json", "body": body, "year": year, "format": "2021",
        "published": None, "deadline": None, "applications": None, "carried_over": None,
        "results": None, "disclosed": None, "carried_forward": None, "reviews": None,
        "reviews_corrected": None,
    }
    fields.update(values)
    return ReportSummary(**fields)  # type: ignore[arg-type]


def row(path: str, body: str, year: int, rule: str, severity: Severity = Severity.ERROR,
        message: str = "m") -> AuditRow:
    return AuditRow(path=path, body=body, year=year, rule=rule, severity=severity,
                    verdict=Verdict.VIOLATED, place="表三 / 一、本年新收政府信息公开申请数量",
                    stated=1, expected=2, message=message)


def cells_of(page: str, table_id: str) -> list[list[str]]:
    table = page.split(f"id='{table_id}'", 1)[1].split("</table>", 1)[0]
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", line) for line in table.split("<tr>")[1:]]


def test_summary_of_a_real_report() -> None:
    s = summarize("p.json", load_report(PINGTAN))
    assert (s.applications, s.results, s.disclosed, s.reviews, s.reviews_corrected) == (
        154, 148, 33, 36, 3)
    assert s.published == dt.date(2026, 3, 10)


def test_status_table_on_time_late_missing() -> None:
    summaries = [
        summary("甲县教育局", 2022, published=dt.date(2023, 1, 20), deadline=dt.date(2023, 1, 31)),
        summary("甲县教育局", 2024, published=dt.date(2025, 2, 5), deadline=dt.date(2025, 1, 31)),
        summary("乙镇人民政府", 2023),
    ]
    rows = [row("甲县教育局-2024.json", "甲县教育局", 2024, "T3-A"),
            row("甲县教育局-2024.json", "甲县教育局", 2024, "P-1", Severity.WARNING)]
    page = dashboard(summaries, rows, charts=False)
    table = cells_of(page, "status")
    assert table[0] == ["单位", "2022年度", "2023年度", "2024年度"]
    jia = dict(zip(table[0], next(t for t in table if t[0] == "甲县教育局"), strict=True))
    assert jia["2022年度"].startswith("按时发布 2023-01-20")
    assert jia["2023年度"] == "缺失"
    assert "逾期5天" in jia["2024年度"]
    assert "错误 1" in jia["2024年度"]
    assert "警告 1" in jia["2024年度"]
    yi = dict(zip(table[0], next(t for t in table if t[0] == "乙镇人民政府"), strict=True))
    assert yi["2023年度"].startswith("发布日期未知")
    by_rule = {r[0]: r for r in cells_of(page, "by-rule")[1:]}
    assert by_rule["T3-A"][3] == "1"
    assert "<svg" not in page  # no charts asked for


def test_text_is_escaped_and_nothing_is_fetched() -> None:
    body = "<script>alert(1)</script>局"
    page = dashboard([summary(body, 2023, applications=40, results=40, disclosed=10)],
                     [row("x.json", body, 2023, "T3-A", message="<b>x</b>")])
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert page.count("<figure") == 4
    assert page.count("<svg") == 3  # no 行政复议 stated: that chart says so in words


def test_rates_only_for_units_with_enough_results() -> None:
    summaries = [summary("大局", 2023, results=100, disclosed=50),
                 summary("小局", 2023, results=5, disclosed=5)]
    page = dashboard(summaries, [])
    chart = page.split("id='chart-disclosed'", 1)[1].split("</figure>", 1)[0]
    assert "不少于30件" in chart
    lower = dashboard(summaries, [], min_applications=1)
    assert lower.split("id='chart-disclosed'", 1)[1].split("</figure>", 1)[0] != chart


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtra, match=r"govdisclosure\[plot\]"):
        dashboard([summary("甲局", 2023, applications=1)], [])


def test_audit_collects_summaries_only_when_asked() -> None:
    run = audit(FILES[:2], jobs=1)
    list(run)
    assert run.reports == []
    run = audit(FILES[:2], jobs=1, summarize=True)
    list(run)
    assert sorted(s.year for s in run.reports if isinstance(s, ReportSummary)) == [2022, 2023]


def _audit_page(tmp_path: Path) -> Path:
    page = tmp_path / "report.html"
    code = main(["audit", *map(str, FILES), "--jobs", "1", "-o", str(tmp_path / "f.csv"),
                 "--html", str(page)])
    assert code in (0, 1)
    return page


def test_cli_writes_the_page(tmp_path: Path) -> None:
    text = _audit_page(tmp_path).read_text(encoding="utf-8")
    assert text.count("<svg") == 4
    units = [r[0] for r in cells_of(text, "status")[1:]]
    assert units == sorted(["平潭综合实验区", "平潭综合实验区管理委员会", "永春县石鼓镇人民政府",
                            "淮安市洪泽区人民政府"])


def test_an_unwritable_page_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "report.html"
    assert main(["audit", str(PINGTAN), "--html", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_chromium_reads_the_page(tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("headless Chromium is not installed")
    page = _audit_page(tmp_path)
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-500:]
    for table in ("status", "by-rule"):
        assert f'<table id="{table}">' in dom
    assert dom.count("<svg") == 4
    assert 'id="chart-applications"' in dom
    assert "平潭综合实验区管理委员会" in dom
