"""``govdisclosure parse`` and ``check`` on published reports: every cell not read is said,
metadata never gates the tables, and the exit code tells whether everything was read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from govdisclosure.cli import main

DATA = Path(__file__).parent / "data"
SANMING = DATA / "parse_real_sanming-shi_2022.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue(), capsys.readouterr().err


def test_parse_of_a_fully_read_report_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", str(SANMING), "--to", "csv")
    assert code == 0, err
    assert err == ""
    rows = list(csv.reader(out.splitlines()))
    assert ["报告", "机关", "", "三明市人民政府"] in rows


def test_tables_written_without_body_or_year(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    text = SANMING.read_text("utf-8")
    # no title, no sentence naming the body: only the tables and narrative remain
    kept = text[text.index("二、主动公开政府信息情况"):].replace("三明市人民政府", "本机关")
    path = tmp_path / "no-body.txt"
    path.write_text(kept, "utf-8")
    code, out, err = run(capsys, "parse", str(path), "--to", "csv")
    assert code == 1
    rows = list(csv.reader(out.splitlines()))
    assert not any(r[:2] == ["报告", "机关"] for r in rows)
    assert not any(r[:2] == ["报告", "年度"] for r in rows)
    assert ["三", "一、本年新收政府信息公开申请数量", "自然人", "337"] in rows
    assert "issuing body not found" in err
    assert "report year not found" in err
    code, out, err = run(capsys, "parse", str(path), "--to", "json")
    assert code == 1
    document = json.loads(out)
    assert "body" not in document["metadata"]
    assert document["table3"]


def test_every_unread_cell_is_one_line(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    text = SANMING.read_text("utf-8").replace("\r\n", "\n")
    # the row 二、上年结转 loses a cell: 7 values become 6
    at = text.index("二、上年结转政府信息公开申请数量")
    head, tail = text[:at], text[at:]
    lines = tail.split("\n")
    del lines[1]
    path = tmp_path / "lost.txt"
    path.write_text(head + "\n".join(lines), "utf-8")
    code, _, err = run(capsys, "parse", str(path), "--to", "csv")
    assert code == 1
    mine = [x for x in err.splitlines() if "二、上年结转政府信息公开申请数量" in x]
    assert len(mine) == 7
    assert all(x.startswith(f"govdisclosure: {path}: [unreadable] 表三 / ") for x in mine)
    code, out, _ = run(capsys, "check", str(path))
    assert "7 of 200 cells could not be read" in out


def test_check_says_all_cells_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SANMING))
    assert code == 0
    assert "all 200 cells read" in out


def test_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SANMING), "--provenance")
    assert code == 0
    data = json.loads(out)
    assert data["report"]["metadata"]["body"] == "三明市人民政府"
    cells = {(c["table"], c["row"], c["column"]): c for c in data["cells"]}
    assert len(cells) == 200
    first = cells["三", "一、本年新收政府信息公开申请数量", "自然人"]
    assert (first["status"], first["value"], first["raw"]) == ("read", "337", "337")
    assert "line" in first["location"]


def test_not_a_report_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("nothing here\n", "utf-8")
    code, out, err = run(capsys, "parse", str(path))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
