"""A format variant with an extra row and an extra column renders with no change to the
renderers: its labels appear and the spans around them grow."""

from __future__ import annotations

from hypothesis import given, settings

from govdisclosure import categories as c
from govdisclosure import strategies
from govdisclosure.formats import Format2021
from govdisclosure.model import AnnualReport
from govdisclosure.rendering import render_html, render_markdown, render_text
from test_render_html import check_tables, html_tables
from test_render_markdown import markdown_tables
from test_render_text import grids, text_tables, width

CODE = "2021-test-render"


class FormatTestRender(Format2021):
    """A local variant used only by these tests."""

    code = CODE


class _NewsMedia(c.LegalPerson):
    code = "test_render_news_media"
    label = "新闻媒体"
    formats = frozenset({CODE})


class _ExtraWithheld(c.Withheld):
    code = "test_render_extra_withheld"
    label = "9.测试渲染新增情形"
    formats = frozenset({CODE})


def variant_report() -> AnnualReport:
    return AnnualReport.build(
        FormatTestRender,
        body="某县某镇人民政府",
        year=2025,
        table2={},
        table3={
            "new": {"natural_person": 1, "test_render_news_media": 2},
            "disclosed": {"natural_person": 1},
            "test_render_extra_withheld": {"test_render_news_media": 2},
        },
        table4={},
        fill=0,
    )


def test_variant_html_grows_the_spans() -> None:
    report = variant_report()
    _, t3, _ = html_tables(render_html(report))
    assert (t3.n_rows, t3.n_cols) == (3 + 3 + 23, 11)
    assert t3.find("申请人情况").colspan == 8
    assert t3.find("法人或其他组织").colspan == 6
    assert t3.find("新闻媒体").row == 2
    assert t3.find("三、本年度办理结果").rowspan == 23
    assert t3.find("（三）不予公开").rowspan == 9
    row = t3.find("9.测试渲染新增情形").row
    media = t3.find("新闻媒体").col
    assert media == 9  # last part of 法人或其他组织 (definition order), before 总计
    assert [t3.at[row, col].text for col in range(3, 11)] == ["0"] * 6 + ["2", "2"]
    check_tables(report, html_tables(render_html(report)))


def test_variant_text_and_markdown() -> None:
    report = variant_report()
    text = render_text(report)
    for lines in grids(text):
        assert len({width(line) for line in lines}) == 1
    check_tables(report, text_tables(text), data_value=False)
    md = markdown_tables(render_markdown(report))
    t3 = md[-2]
    row = "三、本年度办理结果/（三）不予公开/9.测试渲染新增情形"
    assert t3[(row, "法人或其他组织/新闻媒体")] == "2"
    assert t3[("一、本年新收政府信息公开申请数量", "总计")] == "3"


@settings(max_examples=10)
@given(strategies.reports(FormatTestRender, blanks=True))
def test_variant_property(report: AnnualReport) -> None:
    check_tables(report, html_tables(render_html(report)))
    check_tables(report, text_tables(render_text(report)), data_value=False)
