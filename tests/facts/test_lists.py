"""Declared counts and their lists; and the look-alikes that must not become lists."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_TXT

from perfcheck import load_document
from perfcheck.documents.assemble import RawBlock, assemble
from perfcheck.facts.lists import find_declared_lists
from perfcheck.model import Location

EXAMPLE = str(EXAMPLE_TXT)


def document(*paragraphs: str):
    raw = [RawBlock(text=p, location=Location(line=i + 1)) for i, p in enumerate(paragraphs)]
    return assemble("memory.txt", "txt", "0" * 64, raw)


def summary(found):
    return [(d.form, d.declared, len(d.items), d.exhaustive) for d in found]


def test_numbered_after_ending_in_colon():
    doc = document(
        "正文开始。", "涵盖社会管理、城市管理和公共安全等3方面内容：", "1、社会管理。", "2、城市管理。", "3、公共安全。"
    )
    (found,) = find_declared_lists(doc)
    assert summary([found]) == [("numbered-after", 3, 3, True)]
    assert found.item_blocks == (2, 3, 4) and found.count_text == "3方面"


def test_numbered_after_ending_in_full_stop_and_short_list():
    doc = document(
        "正文开始。", "预期实现4大部门产出指标。", "1、质量指标。", "2、时效指标。", "3、成本指标。", "其他说明。"
    )
    assert summary(find_declared_lists(doc)) == [("numbered-after", 4, 3, True)]


def test_numbered_list_stops_at_a_restart_and_at_a_new_section():
    doc = document(
        "正文开始。", "包括以下2个方面：", "1、甲。", "2、乙。", "同时实现3大指标。", "1、丙。", "二、下一节", "3、丁。"
    )
    assert summary(find_declared_lists(doc)) == [("numbered-after", 2, 2, True), ("numbered-after", 3, 1, True)]


def test_numbered_list_passes_over_nested_items_and_continuations():
    doc = document(
        "正文开始。",
        "主要做了以下3项工作：",
        "1、产出指标",
        "（1）数量指标：完成。",
        "（2）质量指标：合格。",
        "2、效益指标",
        "说明文字。",
        "3、满意度指标",
    )
    (found,) = find_declared_lists(doc)
    assert (found.declared, len(found.items), found.item_blocks) == (3, 3, (2, 5, 7))


def test_yishi_blocks_are_items():
    doc = document("正文开始。", "重点抓了以下三项工作：", "一是抓党建。", "二是抓经济。", "三是抓治理。")
    assert summary(find_declared_lists(doc)) == [("numbered-after", 3, 3, True)]


def test_inline_after_forms():
    doc = document("正文开始。", "工作包括以下三项：一是抓党建；二是抓经济；三是抓治理。")
    (found,) = find_declared_lists(doc)
    assert found.form == "inline-after" and found.items == ("抓党建", "抓经济", "抓治理")
    doc = document("正文开始。", "资金分为3类：基本支出、项目支出和专项支出。")
    (found,) = find_declared_lists(doc)
    assert found.items == ("基本支出", "项目支出", "专项支出") and found.exhaustive
    doc = document("正文开始。", "资金分为4类：基本支出、项目支出、专项支出等。")
    (found,) = find_declared_lists(doc)
    assert not found.exhaustive


def test_inline_before_forms():
    (a,) = find_declared_lists(document("正文开始。", "平台设置走进清水塘、五零社区、来互动三大板块。"))
    assert (a.form, a.declared, a.items) == ("inline-before", 3, ("走进清水塘", "五零社区", "来互动"))
    (b,) = find_declared_lists(document("正文开始。", "实现“宣传平台、服务窗口、线上课堂、互动平台”四大功能。"))
    assert b.items == ("宣传平台", "服务窗口", "线上课堂", "互动平台")
    (c,) = find_declared_lists(document("正文开始。", "建成了甲社区、乙社区和丙社区3个示范点。"))
    assert c.declared == 3 and c.items[-1] == "丙社区"


def test_inline_before_marked_deng_is_not_exhaustive():
    (found,) = find_declared_lists(document("正文开始。", "走访了甲社区、乙社区、丙社区等12个社区。"))
    assert not found.exhaustive


@pytest.mark.parametrize(
    "text",
    [
        "全年累计组织开展全街性党员干部集中学习6次。",
        "开展党课、党日活动、座谈会、交流会等形式的理论学习活动30余次。",
        "对11类重点黑恶势力犯罪进行6轮摸排。",
        "在辖区建立了4个社区微型消防站和5个便民自助消防站。",
        "涌现了敬业奉献中国好人汤国清、全区最佳党员志愿服务组织鼎城长沙义工等先进典型。",
        "推进甲和乙两大任务。",
        "在社区、学校、企业开展4项活动。",
        "完成了党建、经济、治理各项工作共3项。",
    ],
)
def test_not_lists(text):
    assert [d for d in find_declared_lists(document("正文开始。", text)) if d.exhaustive] == []


def test_example_report_lists():
    found = find_declared_lists(load_document(EXAMPLE))
    got = [(d.form, d.count_text, d.declared, len(d.items), d.exhaustive) for d in found]
    assert got == [
        ("numbered-after", "6方面", 6, 6, True),
        ("numbered-after", "4大", 4, 4, True),
        ("numbered-after", "5大", 5, 5, True),
        ("inline-before", "三大", 3, 3, True),
        ("inline-before", "四大", 4, 4, True),
        ("inline-before", "四大", 4, 4, True),
    ]
    six = found[0]
    assert six.item_blocks == (3, 4, 5, 6, 7, 8)
    assert found[2].items[1].startswith("实现程度及影响")  # the loader dropped "[bookmark: _GoBack]"
    assert found[5].items == ("业务办理便捷高效", "红色党建全面覆盖", "各类活动一键参与", "多元服务丰富生活")
    doc = load_document(EXAMPLE)
    for d in found:
        assert doc.blocks[d.block].norm[d.start : d.end] == d.count_text


def test_numbering_that_continues_into_a_second_declared_list_is_split():
    # Word's automatic numbering may run on across two lists: the second declaration ends the first
    doc = document(
        "正文开始。",
        "预期实现2大产出指标。",
        "1、质量指标。",
        "2、时效指标。",
        "同时实现2大效益指标。",
        "3、社会效益。",
        "4、生态效益。",
    )
    # the second list starts at 3: no list is returned for it rather than a wrong one
    assert [(d.declared, len(d.items)) for d in find_declared_lists(doc)] == [(2, 2)]


def test_items_with_many_paragraphs_and_nested_declarations_are_followed_through_the_outline():
    doc = document(
        "正文开始。",
        "评价工作分为三个阶段。",
        "1.评价准备阶段",
        "包括以下2项：",
        "（1）基本了解。",
        "（2）成立项目组。",
        "附表：人员安排",
        "说明一。",
        "说明二。",
        "说明三。",
        "2.现场实施阶段",
        "3.报告撰写阶段",
    )
    first = find_declared_lists(doc)[0]
    assert (first.declared, first.item_blocks) == (3, (2, 10, 11))


def test_chinese_rank_lei_is_not_a_list_count():
    found = find_declared_lists(document("正文开始。", "省级行业一类赛、省级专项竞赛及省级行业二类赛也未提供资料。"))
    assert found == ()
