"""The supervision commands as a user runs them: aggregate, rank, compare, audit -o."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from govdisclosure import AnnualReport
from govdisclosure import categories as c
from govdisclosure.cli import main
from govdisclosure.jsonio import dump_json

DATA = Path(__file__).parent / "data"


def unit(tmp_path: Path, name: str, body: str, year: int = 2025, n: int = 40) -> str:
    report = AnnualReport.build(
        "2021", body=body, year=year, fill=0, table2={}, table4={},
        table3={c.NewlyReceived: {c.NaturalPerson: n}, c.Disclosed: {c.NaturalPerson: n}},
    )
    path = tmp_path / name
    path.write_text(dump_json(report), encoding="utf-8")
    return str(path)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_aggregate_refuses_a_body_year_twice_naming_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = unit(tmp_path, "a.json", "甲局")
    b = unit(tmp_path, "b.json", "乙局")
    again = unit(tmp_path, "again.json", "甲局")
    code, _ = run("aggregate", a, b, again, "--body", "某县人民政府")
    err = capsys.readouterr().err
    assert code == 2
    assert "again.json" in err
    assert "a.json" in err
    assert len(err.strip().splitlines()) == 1
    code, out = run("aggregate", a, b, again, "--body", "某县人民政府", "--drop-duplicates")
    assert code == 0
    assert "again.json" in capsys.readouterr().err
    document = json.loads(out)
    assert document["table3"]["new"]["natural_person"] == 80  # 40 + 40, not 120


def test_aggregate_along_a_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [unit(tmp_path, "a.json", "甲局", n=30), unit(tmp_path, "b.json", "乙局", n=31),
             unit(tmp_path, "county.json", "某县人民政府", n=62)]
    tree = tmp_path / "tree.csv"
    tree.write_text("parent,child\n某县人民政府,甲局\n某县人民政府,乙局\n", encoding="utf-8")
    code, out = run("aggregate", *files, "--tree", str(tree))
    assert code == 1
    assert "[R-1]" in capsys.readouterr().err
    assert json.loads(out)["table3"]["new"]["natural_person"] == 61


def test_rank_each_year_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [unit(tmp_path, "a.json", "甲局"), unit(tmp_path, "a2.json", "甲局"),
             unit(tmp_path, "old.json", "甲局", year=2020), unit(tmp_path, "few.json", "乙局", n=3)]
    code, out = run("rank", *files, "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["body"], r["rank"], r["source"]) for r in rows] == [
        ("2020", "甲局", "1", files[2]), ("2025", "甲局", "1", files[0]),
        ("2025", "乙局", "", files[3])]
    assert rows[-1]["too_few"] == "1"
    assert "a2.json" in capsys.readouterr().err
    code, out = run("rank", *files, "--csv", "--min-applications", "1", "--year", "2025")
    assert [r["rank"] for r in csv.DictReader(io.StringIO(out))] == ["1", "1"]


def test_compare_changed(tmp_path: Path) -> None:
    a, b = str(DATA / "audit_pingtan-2022.json"), str(DATA / "audit_pingtan-2023.json")
    _, everything = run("compare", a, b, "--csv")
    _, changed = run("compare", a, b, "--csv", "--changed")
    rows = list(csv.DictReader(io.StringIO(changed)))
    assert 0 < len(rows) < len(everything.splitlines()) - 1
    assert all(r["previous"] != r["current"] for r in rows)


@pytest.mark.parametrize("target", ["dir", "missing", "undecodable"])
def test_audit_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    source = str(DATA / "audit_pingtan-2022.json")
    output = {
        "dir": str(tmp_path),
        "missing": str(tmp_path / "no" / "such" / "dir.csv"),
        "undecodable": os.fsdecode(os.fsencode(str(tmp_path / "no")) + b"/\xff.csv"),
    }[target]
    code = main(["audit", source, "--jobs", "1", "-o", output])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("govdisclosure: cannot write")
    assert len(err.strip().splitlines()) == 1
    err.encode("utf-8")  # printable, whatever the name's bytes


def test_ctrl_c_on_the_command_line(tmp_path: Path) -> None:
    """A real SIGINT to a run on two workers: exit 130, no traceback, a whole partial CSV."""
    import shutil
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(1500):
        shutil.copy(DATA / "audit_pingtan-2022.json", corpus / f"{i:04d}.json")
    findings = tmp_path / "findings.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "govdisclosure", "audit", str(corpus), "--jobs", "2",
         "-o", str(findings)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if findings.exists() and findings.stat().st_size > 2000:  # rows are coming
            process.send_signal(signal.SIGINT)
            break
        time.sleep(0.02)
    _, err = process.communicate(timeout=60)
    if process.returncode != 130:
        pytest.skip(f"the run ended (exit {process.returncode}) before it could be interrupted")
    assert "Traceback" not in err
    assert "不完整" in err
    with findings.open(encoding="utf-8") as back:
        rows = list(csv.reader(back))
    assert {len(row) for row in rows} == {len(rows[0])}
    assert rows[-1][3] == "INTERRUPTED"


def test_audit_output_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = AnnualReport.build("2021", body="甲局", year=2025, fill=0, table2={}, table4={},
                             table3={c.NewlyReceived: {c.NaturalPerson: 3}})
    (tmp_path / "bad.json").write_text(dump_json(bad), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = run("audit", "bad.json", "--jobs", "1", "-o", "-")
    assert code == 1
    assert not (tmp_path / "-").exists()  # no file named "-"
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0][:4] == ["path", "body", "year", "rule"]
    assert "T3-A" in {line[3] for line in lines[1:]}
    assert "有错误的报告 1" in capsys.readouterr().err
