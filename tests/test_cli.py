"""The command line: exit codes, one-line reasons, conversions, demo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from govdisclosure.cli import example_path, main

DATA = Path(__file__).parent / "data"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_check_clean_example_exits_0() -> None:
    code, out = run("check", str(example_path()))
    assert code == 0
    assert "通过" in out


def test_check_inconsistent_report_exits_1_and_names_the_cell() -> None:
    code, out = run("check", str(DATA / "real_pingtan-2020.json"))
    assert code == 1
    assert "[T3-C] 表三 / 三、本年度办理结果/（七）总计 / 总计" in out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.json", "{not json", "JSON"),
        ("empty.csv", "", "header"),
        (
            "wrong.csv",
            "table,row,column,value\n报告,格式版本,,2021\n报告,年度,,2025\n报告,机关,,某局\n"
            "三,没有这一行,总计,1\n",
            "没有这一行",
        ),
        ("binary.json", "\x00\x01\x02", "JSON"),
        ("list.json", "[1, 2]", "$"),
    ],
)
def test_unreadable_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _ = run("check", str(path))
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, err
    assert str(path) in err
    assert reason in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _ = run("check", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json" in capsys.readouterr().err


def test_worst_status_wins_over_several_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _ = run("check", str(example_path()), str(bad))
    assert code == 2


def test_convert_json_to_csv_and_back_is_unchanged(tmp_path: Path) -> None:
    code, csv_text = run("convert", str(example_path("pingtan-2025.json")), "--to", "csv")
    assert code == 0
    assert "三,一、本年新收政府信息公开申请数量,总计,154" in csv_text.splitlines()
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(csv_text, encoding="utf-8")
    code, again = run("convert", str(csv_path), "--to", "csv")
    assert code == 0
    assert again == csv_text
    code, checked = run("check", str(csv_path))
    assert code == 0, checked


def test_convert_writes_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _ = run("convert", str(example_path()), "--to", "json", "-o", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["metadata"]["year"] == 2020


def test_schema_is_json() -> None:
    code, out = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {v["properties"]["format"]["const"] for v in schema["oneOf"]} >= {"2019", "2021"}


def test_demo_prints_and_checks_the_seed() -> None:
    code, out = run("demo")
    assert code == 0
    assert "永春县石鼓镇" in out
    assert "通过" in out


def test_python_dash_m_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "check", str(example_path())],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "通过" in proc.stdout


def test_render_standalone_html_page(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    code, _ = run("render", str(example_path()), "--to", "html", "--standalone", "-o", str(target))
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'lang="zh-CN"' in page


def test_render_markdown_flattens_header_paths() -> None:
    code, out = run("render", str(example_path("pingtan-2025.json")), "--to", "markdown")
    assert code == 0
    assert "法人或其他组织/商业企业" in out


def test_audit_command_streams_findings_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "findings.csv"
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{", encoding="utf-8")
    code = main(
        ["audit", str(DATA / "real_pingtan-2020.json"), str(example_path()), str(corrupt),
         "--jobs", "1", "-o", str(target)]
    )
    lines = target.read_text(encoding="utf-8").splitlines()
    assert code == 2  # one unreadable file; the others are still audited
    assert lines[0].startswith("path,body,year,rule,severity")
    place = "表三 / 三、本年度办理结果/（七）总计 / 总计"
    assert any(f",T3-C,error,violated,{place}," in x for x in lines)
    assert any("corrupt.json" in x and ",READ," in x for x in lines)
    assert "无法读取 1" in capsys.readouterr().err


def test_compare_rank_and_aggregate_commands(tmp_path: Path) -> None:
    a, b = str(DATA / "audit_pingtan-2022.json"), str(DATA / "audit_pingtan-2023.json")
    code, out = run("compare", a, b, "--csv")
    assert code == 0
    assert "行政规范性文件" in out
    code, out = run("rank", a, b, "--metric", "disclosed_share")
    assert code == 0
    assert "平潭综合实验区" in out
    code, out = run("aggregate", a, str(DATA / "audit_pingtan-2023.json"), "--body", "合计")
    assert code == 2  # different years are refused, not summed


def test_check_strict_makes_a_blank_leaf_an_error(tmp_path: Path) -> None:
    doc = json.loads(example_path().read_text(encoding="utf-8"))
    row = doc["table3"]["new"]
    row["commercial"] = None
    row.pop("total")  # derived: blank, since a part is blank
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 0
    code, out = run("check", "--strict", str(path))
    assert code == 1
    assert "[BLANK] 表三 / 一、本年新收政府信息公开申请数量 / 法人或其他组织/商业企业" in out


def test_convert_to_csv_with_bom(tmp_path: Path) -> None:
    target = tmp_path / "excel.csv"
    code, _ = run("convert", str(example_path()), "--to", "csv", "--bom", "-o", str(target))
    assert code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbftable,row,column,value\n")
    code, _ = run("check", str(target))
    assert code == 0


def test_rank_aggregate_and_check_walk_directories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    for name in ("audit_pingtan-2022.json", "audit_pingtan-2023.json"):
        shutil.copy(DATA / name, tmp_path / name)
    sub = tmp_path / "县"
    sub.mkdir()
    shutil.copy(DATA / "audit_pingtan-2023.json", sub / "again-2023.json")
    code, out = run("rank", str(tmp_path), "--csv", "--min-applications", "1")
    assert code == 0
    assert out.count("平潭综合实验区") == 2  # 2022 and 2023, the copy ranked once
    assert "again-2023.json" in capsys.readouterr().err
    code, out = run("aggregate", str(sub), "--body", "合计")
    assert code == 0
    assert json.loads(out)["metadata"]["body"] == "合计"
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out = run("check", str(tmp_path))
    assert code == 2
    assert out.count("通过") == 3
    err = capsys.readouterr().err
    assert "old.doc" in err
    assert "save it as .docx" in err
