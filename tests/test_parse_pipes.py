"""Tables a crawler printed one cell per line in pipe text (hand-written, values our own)."""

from __future__ import annotations

from decimal import Decimal

from govdisclosure.parsing import CellStatus, parse
from govdisclosure.parsing._pipes import cell_rows


def _rows(text: str) -> list[tuple[str, ...] | str]:
    return [x for _, x in cell_rows(list(enumerate(text.splitlines(), start=1)))]


# the opener shape: a bare ``|`` starts each row, each cell on its own line, the row's
# padding on its last cell's line, an empty cell a bare ``|`` too; labels half-width
OPENER = """\
某某区某某局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
|
第二十条第(一)项 | |||
|
信息内容 |
本年制发件数 |
本年废止件数 |
现行有效件数 (历史累计) |
|
规章 |
3 |
1 |
|
|
行政规范性文件 |
|
7 |
26 |
|
第二十条第(五)项 | |||
|
信息内容 |
本年处理决定数量 | ||
|
行政许可 |
41 | ||
|
第二十条第(六)项 | |||
|
信息内容 |
本年处理决定数量 | ||
|
行政处罚 |
9 | ||
|
行政强制 |
2 | ||
|
第二十条第(八)项 | |||
|
信息内容 |
本年收费金额(单位:万元) | ||
|
行政事业性收费 |
1.5 | ||
三、收到和处理政府信息公开申请情况
本年共收到申请13件。
|
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |
申请人情况 | ||||||||
|
自然人 |
法人或其他组织 |
总计 | |||||||
|
商业 企业 |
科研 机构 |
社会公益组织 |
法律服务机构 |
其他 | |||||
|
一、本年新收政府信息公开申请数量 |
11 |
2 |
|
0 |
0 |
0 |
13 | ||
|
二、上年结转政府信息公开申请数量 |
1 |
0 |
0 |
0 |
0 |
0 |
1 | ||
"""


def test_opener_rows_read_cell_as_cell() -> None:
    result = parse(OPENER)
    got = {("/".join(r), "/".join(c)): (s, None if cell is None else cell.value)
           for (t, r, c), (s, cell) in result.statuses().items() if t in "二三"}
    read = CellStatus.READ
    rules = "第二十条第（一）项/规章"
    normative = "第二十条第（一）项/行政规范性文件"
    assert got[rules, "本年制发件数"] == (read, 3)
    assert got[rules, "本年废止件数"] == (read, 1)
    assert got[rules, "现行有效件数"] == (CellStatus.BLANK, None)  # an empty cell, not 0
    assert got[normative, "本年制发件数"] == (CellStatus.BLANK, None)
    assert got[normative, "本年废止件数"] == (read, 7)
    assert got[normative, "现行有效件数"] == (read, 26)
    assert got["第二十条第（五）项/行政许可", "本年处理决定数量"] == (read, 41)
    assert got["第二十条第（六）项/行政处罚", "本年处理决定数量"] == (read, 9)
    assert got["第二十条第（六）项/行政强制", "本年处理决定数量"] == (read, 2)
    assert got["第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）"] == (
        read, Decimal("1.5"))
    new = "一、本年新收政府信息公开申请数量"
    assert got[new, "自然人"] == (read, 11)
    assert got[new, "法人或其他组织/商业企业"] == (read, 2)
    assert got[new, "法人或其他组织/科研机构"] == (CellStatus.BLANK, None)
    assert got[new, "总计"] == (read, 13)
    assert got["二、上年结转政府信息公开申请数量", "总计"] == (read, 1)


def test_a_bare_bar_is_a_row_start_before_a_label_and_an_empty_cell_before_a_value() -> None:
    rows = _rows("|\n甲 |\n1 |\n|\n2 |\n|\n|\n乙 |\n3 |\n4 |\n5 |\n")
    assert rows == [("甲", "1", "", "2", ""), ("乙", "3", "4", "5")]


def test_a_bare_bar_after_a_heading_starts_the_row_of_values() -> None:
    # table 四: the header's last heading (总计), then a row of values starting with one
    rows = _rows("|\n结果维持 |\n尚未审结 |\n总计 |\n|\n0 |\n|\n4 |\n")
    assert rows == [("结果维持", "尚未审结", "总计"), ("0", "", "4")]
    # its first cell empty: the first bare ``|`` starts the row, the next is its empty cell
    rows = _rows("|\n结果维持 |\n尚未审结 |\n总计 |\n|\n|\n0 |\n4 |\n")
    assert rows == [("结果维持", "尚未审结", "总计"), ("", "0", "4")]


def test_a_bare_bar_at_the_end_of_the_input_is_no_blank() -> None:
    # it may start a row the excerpt cuts off: the row before keeps only what it printed
    assert _rows("|\n甲 |\n1 |\n2 |\n3 |\n|\n") == [("甲", "1", "2", "3")]
    # before more text it is the row's empty last cell
    assert _rows("|\n甲 |\n1 |\n2 |\n3 |\n|\n后文\n") == [("甲", "1", "2", "3", ""), "后文"]


def test_a_cut_number_is_no_cell() -> None:
    # the excerpt ends inside a cell: ``12`` has no ``|`` after it, it may be 128
    assert _rows("规章 |\n3 |\n1 |\n5 |\n12") == [("规章", "3", "1", "5"), "12"]
    assert _rows("规章\n|\n3\n|\n1\n|\n5\n|\n12") == [("规章", "3", "1", "5"), "12"]


def test_terminated_cells_and_separator_lines() -> None:
    # each cell ended by its ``|``, the row's padding a line of pipes, a wrapped cell's
    # ``|`` on the next line; no row starts printed: a label after a value starts a row
    text = ("第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n规章 |\n2 |\n|\n"
            "行政规范性文件\n|\n4 |\n")
    assert _rows(text) == [("第二十条第(一)项", "信息内容", "本年制发件数", "规章", "2", ""),
                           ("行政规范性文件", "4")]
    separated = "规章\n|\n2\n|\n|\n5\n|\n行政规范性文件\n|\n4\n|\n"
    assert _rows(separated) == [("规章", "2", "", "5"), ("行政规范性文件", "4")]


def test_pipes_that_are_no_table_are_left_alone() -> None:
    # a menu line, a short run, text only: no cells made
    text = "首页 |\n字号 |\n打印 |\n关闭 |\n"
    assert _rows(text) == text.splitlines()
    assert _rows("甲 |\n1 |\n") == ["甲 |", "1 |"]
    # a Markdown row (it starts with ``|``) is read as before
    assert _rows("| 规章 | 0 | | 0 |\n") == ["| 规章 | 0 | | 0 |"]


def test_a_crawlers_row_on_one_line_drops_its_padding() -> None:
    # a crawler's row: no ``|`` before its first cell, each cell ended by `` |``, padded
    # at its end to the table's width by pipes with nothing between them
    assert _rows("行政许可 | 0 | ||\n") == [("行政许可", "0")]
    assert _rows("规章 | 0 | | 4 | |||\n") == [("规章", "0", "", "4")]
    # a lone `` |`` at the end may be an empty cell: kept as one
    assert _rows("规章 | 0 | 0 | |\n") == [("规章", "0", "0", "")]


CRAWLED_ROWS = """\
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||
自然人 | 法人或其他组织 | 总计 | |||||||
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||
一、本年新收政府信息公开申请数量 | | 3 | 0 | 0 | 0 | 0 | 3 | ||
二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | | 2 | ||
"""


def test_a_crawlers_padded_rows_keep_their_blanks_in_place() -> None:
    # the padding is at the row's end: the empty cell after the label is 自然人's
    result = parse(CRAWLED_ROWS)
    got = {("/".join(r), "/".join(c)): (s, None if cell is None else cell.value)
           for (t, r, c), (s, cell) in result.statuses().items() if t == "三"}
    new, carried = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
    assert got[new, "自然人"] == (CellStatus.BLANK, None)
    assert got[new, "法人或其他组织/商业企业"] == (CellStatus.READ, 3)
    assert got[new, "总计"] == (CellStatus.READ, 3)
    assert got[carried, "法人或其他组织/其他"] == (CellStatus.BLANK, None)
    assert got[carried, "总计"] == (CellStatus.READ, 2)


def test_rule_lines_and_escapes_are_no_crawled_rows() -> None:
    assert _rows("---|---|\n") == ["---|---|"]
    assert _rows("甲 \\| 乙 | 1 |\n") == ["甲 \\| 乙 | 1 |"]


def test_a_row_cut_at_the_end_of_the_input_loses_its_cut_cell() -> None:
    # the last line has no ``|`` after its last cell: it may be cut (``1`` of ``11``)
    assert _rows("规章 | 0 | 0 | 1") == [("规章", "0", "0")]
    assert _rows("| 规章 | 0 | 0 | 1") == [("规章", "0", "0")]
    # inside the text such a line is a row as before
    assert _rows("甲 | 1\n后文") == ["甲 | 1", "后文"]
