"""Parsing work grows linearly with the input (issue 12 item 4), measured without clocks.

A section 一 of many lines without 。 was read by appending each line to the growing
paragraph, copying it every time: quadratic. The paragraph text that the narrative reader
builds is counted here (characters passed to ``Paragraph``), at 1×, 10× and 100× the input.
"""

from __future__ import annotations

from typing import Any

import pytest

import govdisclosure.parsing._narrative as narrative
from govdisclosure.parsing import parse


def report_text(lines: int) -> str:
    return ("三明市2022年政府信息公开工作年度报告\n一、总体情况\n"
            + "本机关持续推进政务公开工作没有句号\n" * lines
            + "二、主动公开政府信息情况\n")


def built(monkeypatch: pytest.MonkeyPatch, lines: int) -> int:
    count = 0
    real = narrative.Paragraph

    def counting(**kwargs: Any) -> Any:
        nonlocal count
        count += len(kwargs["text"])
        return real(**kwargs)

    monkeypatch.setattr(narrative, "Paragraph", counting)
    result = parse(report_text(lines))
    assert result.report is not None
    assert result.report.overview is not None
    [paragraph] = result.report.overview.content
    assert len(paragraph.text) == 17 * lines  # type: ignore[union-attr]
    return count


def test_section_of_many_lines_without_full_stop_is_linear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, large, huge = (built(monkeypatch, n) for n in (100, 1_000, 10_000))
    assert large <= 12 * small
    assert huge <= 12 * large


def test_html_spans_of_any_digits_are_read_as_browsers_do() -> None:
    # "²".isdigit() is true but int("²") fails: such a span is 1, never a crash
    page = ('<table><tr><td rowspan="²">规章</td><td colspan="３">1</td>'
            '<td rowspan="99999999999">2</td></tr></table>')
    result = parse(page)
    assert result.kind == "html"
