"""Line rejoining rules of the PDF loader on lines measured from real reports (putuo planning PDF, page 5)."""

from __future__ import annotations

from perfcheck.documents.pdf_layout import Line, _continues, _Layout, _next_label

LAYOUT = {1: _Layout(left=90, right=506, gap=16, indented_style=True)}


def line(text: str, x0: float, x1: float, top: float) -> Line:
    return Line(text=text, x0=x0, x1=x1, top=top, bottom=top + 15, size=15, page=1)


def test_an_indented_item_after_a_line_without_full_stop_starts_a_paragraph():
    # "…实行跟踪监督" has no 。 and sits near the middle: it must not read as half of a centred title.
    first = line("7.负责建设工程项目规划土地管理相关工作，对建设工程项", 120, 505, 205)
    a = line("目审批后到竣工验收的规划、土地执行情况实行跟踪监督", 90, 465, 236)
    b = line("8.负责自然资源调查监测评价，推进自然资源基础调查，专", 120, 506, 267)
    assert not _continues(a, b, LAYOUT, _next_label(first))


def test_the_next_item_number_after_a_full_line_starts_a_paragraph():
    layout = {1: _Layout(left=90, right=506, gap=16, indented_style=False)}
    first = line("7.负责建设工程项目规划土地管理相关工作，对建设工程项", 90, 505, 205)
    a = line("目审批后到竣工验收的规划、土地执行情况实行跟踪监督工作", 90, 504, 236)
    b = line("8.负责自然资源调查监测评价，推进自然资源基础调查，专", 90, 506, 267)
    assert not _continues(a, b, layout, _next_label(first))


def test_a_number_wrapped_after_a_full_line_continues_it():
    layout = {1: _Layout(left=90, right=506, gap=16, indented_style=False)}
    first = line("1.本年度开展培训班，参训人员分为三类，人数分别为", 90, 505, 205)
    a = line("机关干部、社区工作者和志愿者，对应的培训期数分别为4、", 90, 504, 236)
    b = line("5、6期，全年共15期。", 90, 300, 267)
    assert _continues(a, b, layout, _next_label(first))


def test_a_centred_title_broken_in_two_is_one_block():
    a = line("上海市普陀区规划和自然资源局2024年度", 150, 446, 80)
    b = line("部门决算", 268, 328, 100)
    assert _continues(a, b, LAYOUT)
