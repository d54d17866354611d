"""The bulk audit's pairing index: reports kept by (body, year), runs of consecutive years."""

from __future__ import annotations

from pathlib import Path

from govdisclosure.audit._index import PairingIndex, freeze, thaw
from govdisclosure.jsonio import load_json

DATA = Path(__file__).parent / "data"


def test_reports_come_back_equal_in_runs_of_consecutive_years(tmp_path: Path) -> None:
    report = load_json((DATA / "audit_pingtan-2022.json").read_bytes())
    assert thaw(freeze(report)) == report
    odd_path = "目录/\udcff-\ud800.json"  # an undecodable byte and a lone surrogate
    with PairingIndex(tmp_path) as index:
        for body, year, path in (("乙", 2021, "b21"), ("甲", 2020, "a20"), ("甲", 2021, odd_path),
                                 ("甲", 2023, "a23"), ("乙", 2022, "b22"), ("丙\ud800", 2020, "c")):
            assert index.add(body, year, path, 0, freeze(report)) is None
        assert index.add("甲", 2021, "again", 0, b"") == odd_path  # the first one is kept
        runs = [[(e.path, e.year) for e in run] for run in index.runs()]
        assert all(thaw(e.blob) == report for run in index.runs() for e in run)
    assert runs == [[("b21", 2021), ("b22", 2022)], [("a20", 2020), (odd_path, 2021)]]
    assert list(tmp_path.iterdir()) == []  # the index file is gone
