"""The command line's contract at its edges: bad output paths, undecodable file names,
Ctrl-C, standard input and output, ``--version``, bilingual help, and lazy imports."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govdisclosure.cli import _common, example_path, main

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("govdisclosure: ")
    assert "Traceback" not in err
    return err


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}


# --- -o ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["convert", "render", "parse", "compare", "rank", "audit"])
def test_output_naming_a_directory_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    source = str(example_path())
    files = ([str(DATA / "audit_pingtan-2022.json"), str(DATA / "audit_pingtan-2023.json")]
             if command == "compare" else [source])
    code, _ = run(command, *files, "-o", str(tmp_path))
    assert code == 2
    assert str(tmp_path) in one_line_error(capsys)


@pytest.mark.parametrize("command", ["convert", "schema", "aggregate", "audit"])
def test_output_in_a_missing_directory_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    target = tmp_path / "missing" / "out.json"
    files = {"schema": [], "aggregate": [str(example_path()), "--body", "某县"]}.get(
        command, [str(example_path())])
    code, _ = run(command, *files, "-o", str(target))
    assert code == 2
    assert "missing" in one_line_error(capsys)
    assert not target.parent.exists()


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, _ = run("convert", str(example_path()), "--to", "csv", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("table,row,column,value\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary left behind


def test_dash_output_is_standard_output(tmp_path: Path) -> None:
    code, text = run("convert", str(example_path()), "--to", "csv", "-o", "-")
    assert code == 0
    assert text.startswith("table,row,column,value\n")
    assert not (Path.cwd() / "-").exists()


# --- file names that are not UTF-8 --------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_undecodable_file_name_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"report-\xff\xfe.json")  # as argv gives it: surrogate escapes
    path = tmp_path / name
    path.write_bytes(example_path().read_bytes())
    code, out = run("check", str(path))
    assert code == 0
    assert "report-\\xff\\xfe.json: 通过" in out
    code, _ = run("check", str(tmp_path / os.fsdecode(b"missing-\xff.json")))
    assert code == 2
    assert "missing-\\xff.json" in one_line_error(capsys)
    out_name = tmp_path / os.fsdecode(b"out-\xff.json")
    code, _ = run("convert", str(path), "-o", str(out_name))
    assert code == 0
    assert out_name.read_bytes() == (tmp_path / name).read_bytes().rstrip(b"\n") + b"\n" or (
        out_name.stat().st_size > 0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_undecodable_name_in_a_subprocess_never_tracebacks(tmp_path: Path) -> None:
    name = b"r-\xff.json"
    (tmp_path / os.fsdecode(name)).write_bytes(b"{broken")
    env = {**_env(), "PYTHONIOENCODING": "ascii"}  # the worst terminal
    result = subprocess.run(
        [sys.executable, "-m", "govdisclosure", "check", os.fsdecode(name)],
        capture_output=True, cwd=tmp_path, env=env, check=False, timeout=120,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.count(b"\n") == 1
    assert b"r-\\xff.json" in result.stderr


# --- Ctrl-C -------------------------------------------------------------------------------


def test_ctrl_c_exits_130_and_says_the_output_is_partial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object, **__: object) -> str:
        raise KeyboardInterrupt

    target = tmp_path / "out.html"
    monkeypatch.setattr(_common, "convert", interrupted)
    monkeypatch.setattr("govdisclosure.cli.convert.convert", interrupted)
    code, _ = run("convert", str(example_path()), "--to", "html", "-o", str(target))
    assert code == 130
    assert "partial" in one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_ctrl_c_while_writing_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_common.os, "replace", interrupted)
    code, _ = run("convert", str(example_path()), "-o", str(tmp_path / "out.json"))
    assert code == 130
    one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_a_check_of_many_files_keeps_whole_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import govdisclosure.checks

    real = govdisclosure.checks.check
    calls = []

    def check_then_interrupt(report: object, **options: object) -> object:
        calls.append(report)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(report, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(govdisclosure.checks, "check", check_then_interrupt)
    code, out = run("check", *[str(example_path())] * 5)
    assert code == 130
    assert out.count("通过") == 2
    assert out.endswith("\n")
    one_line_error(capsys)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_real_sigint_exits_130_without_traceback() -> None:
    code = (
        "import sys\n"
        "from govdisclosure.cli import main\n"
        "print('ready', file=sys.stderr, flush=True)\n"
        "sys.exit(main(['check', '-']))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=_env(),
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == b"ready\n"
    time.sleep(0.3)  # main is now parsing arguments or waiting on standard input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert b"partial" in err


# --- standard input ------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("source", "to"),
    [("json", "csv"), ("csv", "json"), ("text", "json")],
)
def test_dash_reads_standard_input_of_any_kind(
    monkeypatch: pytest.MonkeyPatch, source: str, to: str
) -> None:
    from govdisclosure.csvio import dump_csv
    from govdisclosure.files import load_report

    report = load_report(example_path())
    data = {
        "json": example_path().read_bytes(),
        "csv": dump_csv(report).encode("utf-8"),
        "text": (DATA / "parse_yongchun_shigu_2020.txt").read_bytes(),
    }[source]
    _stdin(monkeypatch, data)
    code, text = run("convert", "-", "--to", to)
    assert code == 0
    if source != "text":
        from govdisclosure.csvio import load_csv
        from govdisclosure.jsonio import load_json

        expected = report if source == "json" else load_csv(dump_csv(report))
        if to == "json":
            assert load_json(text) == expected
        else:
            assert load_csv(text) == load_csv(dump_csv(expected))
    else:
        assert '"body":"永春县石鼓镇人民政府"' in text.replace(" ", "")


def test_dash_check_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (DATA / "real_pingtan-2020.json").read_bytes())
    code, out = run("check", "-")
    assert code == 1
    assert out.startswith("<stdin>: 错误 [T3-C]")


def test_unreadable_standard_input_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, b'{"govdisclosure": "1.0"')
    code, _ = run("check", "-")
    assert code == 2
    assert "<stdin>" in one_line_error(capsys)


def test_one_line_standard_input_is_not_taken_for_a_file_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, str(DATA / "parse_yongchun_shigu_2020.txt").encode())
    code, _ = run("convert", "-")
    assert code == 2
    one_line_error(capsys)


# --- --version and help ----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import govdisclosure

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"govdisclosure {govdisclosure.__version__}\n"


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    assert exit_.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_help_is_chinese_beside_english(capsys: pytest.CaptureFixture[str]) -> None:
    from govdisclosure.cli import COMMANDS

    text = _help(capsys)
    assert "检查勾稽关系 / check reports against the official identities" in text
    assert "退出码 / exit codes" in text
    assert "显示帮助并退出 / show this help message and exit" in text
    for command in COMMANDS:
        name = command.__name__.rsplit(".", 1)[1]
        assert name in text


def test_help_shows_defaults_and_every_metric_of_rank(
    capsys: pytest.CaptureFixture[str]
) -> None:
    from govdisclosure.audit import metrics

    text = _help(capsys, "rank")
    assert "默认 default: disclosed_share" in text
    names = [m.code for m in metrics()]
    assert len(names) >= 4
    for metric in metrics():
        assert f"{metric.code} ({metric.label})" in text
    assert "默认 default: json" in _help(capsys, "convert")


def test_unknown_metric_exits_2_naming_the_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("rank", str(example_path()), "--metric", "nope")
    assert code == 2
    assert "disclosed_share" in one_line_error(capsys)


def test_help_imports_no_command_module(tmp_path: Path) -> None:
    """Building the parser (``--help``) loads nothing beyond ``import govdisclosure`` but the
    command modules themselves: audit, schema, rendering and the rest load when a command runs."""
    code = (
        "import sys\n"
        "import govdisclosure\n"
        "before = set(sys.modules)\n"
        "from govdisclosure.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    main(['rank', '--help'])\n"  # the metric list is the one exception, on demand
        "except SystemExit:\n"
        "    pass\n"
        "extra = sorted(m for m in set(sys.modules) - before if m.startswith('govdisclosure')\n"
        "               and not m.startswith('govdisclosure.cli'))\n"
        "print(extra, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(),
        check=True, timeout=120,
    )
    extra = result.stderr.strip()
    assert extra.startswith("[")
    assert "'govdisclosure.audit.compare'" in extra
    help_only = subprocess.run(
        [sys.executable, "-c", code.replace("    main(['rank', '--help'])\n", "    pass\n")],
        capture_output=True, text=True, env=_env(), check=True, timeout=120,
    )
    assert help_only.stderr.strip() == "[]"


def test_internal_error_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*_: object, **__: object) -> str:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("GOVDISCLOSURE_DEBUG", raising=False)
    monkeypatch.setattr("govdisclosure.cli.convert.convert", bug)
    code, _ = run("convert", str(example_path()))
    assert code == 2
    assert "internal error" in one_line_error(capsys)


@pytest.mark.parametrize("source", ["text", "json"])
def test_parse_reads_standard_input(monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    path = DATA / "parse_yongchun_shigu_2020.txt" if source == "text" else example_path()
    _stdin(monkeypatch, path.read_bytes())
    code, text = run("parse", "-", "--to", "json")
    assert code in (0, 1)  # 1: written, with cells or metadata not read
    assert '"body":"永春县石鼓镇人民政府"' in text.replace(" ", "")
