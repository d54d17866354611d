"""audit(): many files, grouped by body and year, every check, streamed, with a summary."""

from __future__ import annotations

import collections
import csv
import io
import shutil
from pathlib import Path

import attrs
import pytest

from govdisclosure import categories as c
from govdisclosure import files
from govdisclosure.audit.bulk import AuditRow, audit, load_report, run_audit
from govdisclosure.csvio import dump_csv
from govdisclosure.errors import GovDisclosureError
from govdisclosure.findings import Severity, Verdict
from govdisclosure.jsonio import dump_json, load_json
from govdisclosure.model import AnnualReport

DATA = Path(__file__).parent / "data"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """平潭 2022 and 2023 (one as CSV), the seed in a subfolder, a corrupt file, a file of a
    kind nobody reads."""
    for name in ("audit_pingtan-2022.json", "audit_yongchun-shigu-2020.json"):
        target = tmp_path / ("sub" if "yongchun" in name else "") / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(DATA / name, target)
    r2023 = load_json((DATA / "audit_pingtan-2023.json").read_bytes())
    (tmp_path / "pingtan-2023.csv").write_text(dump_csv(r2023), encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"govdisclosure": "1.0", "format": ', encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("not a report", encoding="utf-8")
    return tmp_path


def test_audit_in_process(corpus: Path) -> None:
    run = audit([corpus], 1)
    rows = list(run)
    summary = run.summary
    assert (summary.files, summary.read, summary.unreadable, summary.pairs) == (4, 3, 1, 1)
    [broken] = [r for r in rows if r.rule == "READ"]
    assert broken.path.endswith("broken.json")
    assert broken.severity is Severity.ERROR
    assert "无法读取" in broken.message
    [x2] = [r for r in rows if r.rule == "X-2"]
    assert x2.path.endswith("pingtan-2023.csv")
    assert x2.previous_path is not None
    assert x2.previous_path.endswith("audit_pingtan-2022.json")
    assert (x2.body, x2.year, x2.stated, x2.expected) == ("平潭综合实验区", 2023, 470, 643)
    assert summary.by_rule["X-2"] == 1
    assert summary.by_rule["X-5"] == 1  # 平潭 2022: 收到75件 vs table 74
    assert summary.with_errors == 0
    assert summary.with_warnings == 2
    assert not any(r.path.endswith("notes.xyz") for r in rows)


def test_audit_on_two_processes_gives_the_same_rows(corpus: Path) -> None:
    def key(r: AuditRow) -> tuple[str, str, str, str]:
        return (r.path, r.rule, r.place, r.message)

    one = sorted(map(key, audit([corpus], 1)))
    two = sorted(map(key, audit([corpus], 2)))
    assert one == two


def test_carry_over_break_between_files_is_an_error(tmp_path: Path) -> None:
    r2022 = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    r2023 = load_json((DATA / "audit_pingtan-2023.json").read_bytes())
    moved = attrs.evolve(r2023, table3=r2023.table3.replace(
        {(c.CarriedOver, c.NaturalPerson): 2, (c.NewlyReceived, c.NaturalPerson): 78,
         (c.CarriedOver, c.ApplicantTotal): 2, (c.NewlyReceived, c.ApplicantTotal): 79}))
    (tmp_path / "a.json").write_text(dump_json(r2022), encoding="utf-8")
    (tmp_path / "b.json").write_text(dump_json(moved), encoding="utf-8")
    run = audit([tmp_path / "a.json", tmp_path / "b.json"], 1)
    x1 = [r for r in run if r.rule == "X-1"]
    assert [(r.place, r.stated, r.expected) for r in x1] == [
        ("表三 / 二、上年结转政府信息公开申请数量 / 自然人", 2, 0),
        ("表三 / 二、上年结转政府信息公开申请数量 / 总计", 2, 0),
    ]
    assert all(r.severity is Severity.ERROR and r.verdict is Verdict.VIOLATED for r in x1)
    assert run.summary.with_errors == 1


def test_only_consecutive_years_are_paired(tmp_path: Path) -> None:
    for year in (2021, 2022, 2023, 2025):
        r = AnnualReport.build("2021", body="某局", year=year, table2={}, table3={},
                               table4={}, fill=0)
        (tmp_path / f"{year}.json").write_text(dump_json(r), encoding="utf-8")
    run = audit([tmp_path], 1)
    assert list(run) == []
    assert run.summary.pairs == 2  # 2021→2022, 2022→2023; 2025 has no 2024


def test_duplicate_body_and_year(tmp_path: Path) -> None:
    for name in ("one.json", "two.json"):
        shutil.copy(DATA / "audit_pingtan-2023.json", tmp_path / name)
    rows = list(audit([tmp_path], 1))
    [dup] = [r for r in rows if r.rule == "DUPLICATE"]
    assert dup.path.endswith("two.json")
    assert "one.json" in dup.message


def test_run_audit_writes_csv_and_summary(corpus: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run_audit([str(corpus)], 1, out, err=err)
    assert code == 2  # one file could not be read
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert lines[0][:4] == ["path", "body", "year", "rule"]
    assert {line[3] for line in lines[1:]} >= {"READ", "X-2", "X-5"}
    summary = err.getvalue()
    assert "读取 3" in summary
    assert "无法读取 1" in summary
    assert "X-2: 1" in summary


def test_run_audit_exit_codes(tmp_path: Path) -> None:
    shutil.copy(DATA / "audit_yongchun-shigu-2020.json", tmp_path / "seed.json")
    assert run_audit([str(tmp_path)], 1, io.StringIO(), err=io.StringIO()) == 0
    bad = load_json((DATA / "audit_yongchun-shigu-2020.json").read_bytes())
    bad = attrs.evolve(bad, table3=bad.table3.replace({(c.NewlyReceived, c.NaturalPerson): 1}))
    (tmp_path / "seed.json").write_text(dump_json(bad), encoding="utf-8")
    out = io.StringIO()
    assert run_audit([str(tmp_path)], 1, out, err=io.StringIO(), progress=True) == 1
    assert "T3-A" in out.getvalue()


def test_load_report_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(GovDisclosureError):
        load_report(path)


def test_a_published_report_with_a_missing_table(tmp_path: Path) -> None:
    """The seed as text with table 四 left out: read, and the gap is a PARSE warning."""
    text = (DATA / "audit_yongchun-shigu-2020.txt").read_text(encoding="utf-8")
    start, end = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    (tmp_path / "seed.txt").write_text(text[:start] + text[end:], encoding="utf-8")
    run = audit([tmp_path], 1)
    parse = [r for r in run if r.rule == "PARSE"]
    assert [(r.place, r.verdict, r.severity) for r in parse] == [
        ("表四", Verdict.UNDETERMINED, Severity.WARNING)]
    assert parse[0].body == "永春县石鼓镇人民政府"
    assert run.summary.read == 1


def _pingtan_pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copy(DATA / "audit_pingtan-2022.json", a)
    shutil.copy(DATA / "audit_pingtan-2023.json", b)
    return a, b


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("change", ["delete", "replace"])
def test_files_are_read_once_so_a_change_between_passes_changes_nothing(
    tmp_path: Path, jobs: int, change: str
) -> None:
    a, b = _pingtan_pair(tmp_path)
    other = load_json((DATA / "audit_yongchun-shigu-2020.json").read_bytes())

    def meddle(done: int, total: int) -> None:
        if done == total:  # every file read: the cross-year pass has not begun
            for path in (a, b):
                if change == "delete":
                    path.unlink()
                else:  # another body's report under the same name
                    path.write_text(dump_json(other), encoding="utf-8")

    run = audit([tmp_path], jobs, progress=meddle)
    rows = list(run)
    [x2] = [r for r in rows if r.rule == "X-2"]
    assert (x2.body, x2.year, x2.stated, x2.expected) == ("平潭综合实验区", 2023, 470, 643)
    assert x2.previous_path == str(a)
    assert not any(r.rule in {"READ", "INTERNAL"} for r in rows)
    assert (run.summary.read, run.summary.pairs, run.summary.with_warnings) == (2, 1, 2)


def test_a_report_with_errors_in_both_passes_is_counted_once(tmp_path: Path) -> None:
    r2022 = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    r2023 = load_json((DATA / "audit_pingtan-2023.json").read_bytes())
    broken = attrs.evolve(r2023, table3=r2023.table3.replace(
        {(c.CarriedOver, c.NaturalPerson): 2, (c.CarriedOver, c.ApplicantTotal): 2}))
    (tmp_path / "a.json").write_text(dump_json(r2022), encoding="utf-8")
    (tmp_path / "b.json").write_text(dump_json(broken), encoding="utf-8")
    run = audit([tmp_path], 1)
    rules = {r.rule for r in run}
    assert {"X-1", "T3-A"} <= rules  # an error of the report itself, and one across years
    assert run.summary.with_errors == 1


def test_every_kind_parse_reads_is_walked_and_doc_is_reported(tmp_path: Path) -> None:
    from govdisclosure.audit.bulk import readable_suffixes
    from govdisclosure.parsing import _SUFFIXES

    assert readable_suffixes() >= {".json", ".csv", ".xlsx", *_SUFFIXES}
    from govdisclosure.rendering import render

    seed = load_json((DATA / "audit_yongchun-shigu-2020.json").read_bytes())
    for name, kind in (("a.md", "markdown"), ("b.htm", "html"), ("c.shtml", "html")):
        (tmp_path / name).write_text(render(seed, kind), encoding="utf-8")
    for name in ("old.doc", "wps.WPS"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    run = audit([tmp_path], 1)
    rows = list(run)
    assert (run.summary.files, run.summary.read, run.summary.unreadable) == (5, 3, 2)
    unsupported = {Path(r.path).name: r.message for r in rows if r.rule == "READ"}
    assert set(unsupported) == {"old.doc", "wps.WPS"}
    assert all("另存为 .docx" in m for m in unsupported.values())


def test_a_fifo_is_reported_never_opened(tmp_path: Path) -> None:
    import os
    import signal

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.json")
    signal.alarm(20)  # a regression would block for ever: fail instead
    try:
        walked = list(audit([tmp_path], 1))
        named = list(audit([tmp_path / "pipe.json"], 1))
    finally:
        signal.alarm(0)
    for rows in (walked, named):
        [row] = rows
        assert (row.rule, row.severity) == ("READ", Severity.ERROR)
        assert "不是普通文件（FIFO）" in row.message


def test_ctrl_c_leaves_valid_partial_csv_and_exit_130(tmp_path: Path) -> None:
    _pingtan_pair(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    from govdisclosure.audit import bulk

    def interrupt(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    original = bulk._bar
    bulk._bar = lambda stream: interrupt  # type: ignore[assignment]
    try:
        code = run_audit([str(tmp_path)], 1, out, err=err, progress=True)
    finally:
        bulk._bar = original
    assert code == 130
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    assert all(len(line) == len(lines[0]) for line in lines)
    assert lines[-1][3] == "INTERRUPTED"
    assert "X-2" not in {line[3] for line in lines}  # the cross-year pass never ran
    assert "不完整" in err.getvalue()


def test_findings_csv_neutralises_text_and_shows_undecodable_names(tmp_path: Path) -> None:
    import os

    from govdisclosure.csvsafe import restore

    r2022 = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    evil = attrs.evolve(r2022, metadata=attrs.evolve(r2022.metadata, body="=HYPERLINK(1)"))
    name = os.fsdecode(b"\xff-report.json")
    (tmp_path / name).write_text(dump_json(evil), encoding="utf-8")
    target = tmp_path / "findings.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        run_audit([str(tmp_path / name)], 1, out, err=io.StringIO())
    with target.open(encoding="utf-8") as back:
        [_, *lines] = list(csv.reader(back))
    assert lines
    assert all(line[1] == "'=HYPERLINK(1)" and restore(line[1]) == "=HYPERLINK(1)"
               for line in lines)
    assert all(line[0].endswith("\\xff-report.json") for line in lines)


def test_the_walk_is_in_name_order_and_a_huge_directory_is_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    for name in ("b.json", "a.json", "c.csv", "skip.xyz"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.json").write_text("{}", encoding="utf-8")
    names = [Path(p).relative_to(tmp_path).as_posix() for p in files.walk([tmp_path])]
    assert names == ["a.json", "b.json", "c.csv", "sub/d.json"]
    monkeypatch.setattr(files, "SORTED_DIRECTORY", 2)  # as if the folder held millions
    streamed = [Path(p).relative_to(tmp_path).as_posix() for p in files.walk([tmp_path])]
    assert sorted(streamed) == names


def test_findings_on_a_terminal_carry_no_escape_sequences(tmp_path: Path) -> None:
    r2022 = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    body = "平潭\x1b[2J\x1b]0;owned\x07综合实验区"
    evil = attrs.evolve(r2022, metadata=attrs.evolve(r2022.metadata, body=body))
    (tmp_path / "a.json").write_text(dump_json(evil), encoding="utf-8")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, kept = Terminal(), io.StringIO()
    run_audit([str(tmp_path)], 1, shown, err=io.StringIO(), progress=False)
    run_audit([str(tmp_path)], 1, kept, err=io.StringIO(), progress=False)
    assert "\x1b" not in shown.getvalue()
    assert "\x07" not in shown.getvalue()
    assert "平潭[2J]0;owned综合实验区" in shown.getvalue()
    assert body in kept.getvalue()  # a file keeps the text exactly


def _expected_rows(paths: list[str]) -> collections.Counter[AuditRow]:
    """What the bulk audit must find, file by file: every file read alone and checked, the
    first report of each (body, year) kept, each kept pair of consecutive years checked."""
    from govdisclosure.audit import check_pair, check_report
    from govdisclosure.files import load_report, walk

    rows: collections.Counter[AuditRow] = collections.Counter()
    kept: dict[tuple[str, int], tuple[str, AnnualReport]] = {}
    for path in walk(paths):
        try:
            report = load_report(path)
        except GovDisclosureError:
            continue  # the READ row is compared apart
        rows.update(AuditRow.of(path, report, f) for f in check_report(report))
        key = ("".join(report.body.split()), report.year)
        if key in kept:
            rows[AuditRow(
                path=path, body=key[0], year=key[1], rule="DUPLICATE",
                severity=Severity.WARNING, verdict=Verdict.VIOLATED, place="报告",
                stated=None, expected=None,
                message=f"与{kept[key][0]}是同一机关同一年度的报告；跨年对比只用前者",
            )] += 1
        else:
            kept[key] = (path, report)
    for (body, year), (path, report) in kept.items():
        if (body, year - 1) in kept:
            previous_path, previous = kept[body, year - 1]
            rows.update(AuditRow.of(path, report, f, previous_path)
                        for f in check_pair(previous, report))
    return rows


@pytest.fixture
def layouts(tmp_path: Path) -> Path:
    """Five years of four bodies: three filed by year (every pair across folders), one in a
    folder of its own (every pair within a chunk); duplicates read before and after the
    report they repeat, one in the middle of a run; some reports broken; a file unreadable."""
    sources = [load_json((DATA / name).read_bytes()) for name in (
        "audit_pingtan-2022.json", "audit_pingtan-2023.json", "audit_yongchun-shigu-2020.json")]

    def report(body: str, year: int, variant: int) -> str:
        r = sources[variant % 3]
        r = attrs.evolve(r, metadata=attrs.evolve(r.metadata, body=body, year=year,
                                                  published=None))
        if variant % 4 == 1:  # an error of the report itself
            r = attrs.evolve(r, table3=r.table3.replace({(c.NewlyReceived, c.NaturalPerson): 7}))
        return dump_json(r)

    def put(relative: str, text: str) -> None:
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    for year in range(2020, 2025):
        for k, body in enumerate(("甲局", "乙局", "丙局")):
            put(f"y{year}/{k}.json", report(body, year, year + k))
        put(f"one/丁-{year}.json", report("丁局", year, year))
    put("a-early/丁-2022.json", report("丁 局", 2022, 5))  # kept before one/'s 2022
    put("zz/甲-2021.json", report("甲局", 2021, 7))  # a later duplicate
    put("y2022/broken.json", '{"govdisclosure": "1.1", ')
    return tmp_path


@pytest.mark.parametrize(("jobs", "chunksize"), [(1, 1), (1, 3), (1, 64), (2, 2), (2, 7)])
def test_bulk_findings_are_those_of_each_file_audited_alone(
    layouts: Path, jobs: int, chunksize: int
) -> None:
    run = audit([layouts], jobs, chunksize=chunksize)
    rows = list(run)
    found = collections.Counter(r for r in rows if r.rule != "READ")
    expected = _expected_rows([str(layouts)])
    assert found == expected
    assert {r.rule for r in expected} >= {"DUPLICATE", "T3-A", "X-1", "X-2"}
    [unreadable] = [r for r in rows if r.rule == "READ"]
    assert unreadable.path.endswith("broken.json")
    assert (run.summary.files, run.summary.read, run.summary.unreadable) == (23, 22, 1)
    assert run.summary.pairs == 16  # four bodies, four pairs each
    errors = {r.path for r in rows if r.severity is Severity.ERROR
              and r.verdict is Verdict.VIOLATED and r.rule != "READ"}
    assert run.summary.with_errors == len(errors)
