"""Quantities, labels and facts: what is read, what is deliberately not read (ARCHITECTURE "Traps")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import EXAMPLE_TXT

from perfcheck import load_document
from perfcheck.documents.normalize import normalize
from perfcheck.facts.numbers import chinese_number, extract_facts, find_quantities, label_before

EXAMPLE = str(EXAMPLE_TXT)


def one(text: str):
    found = find_quantities(normalize(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "decimals", "currency"),
    [
        ("决算金额为4508.18万元", "4508.18", "万元", "amount", 2, "CNY"),
        ("支出2,026,400元", "2026400", "元", "amount", 0, "CNY"),
        ("财税5.1亿元", "5.1", "亿元", "amount", 1, "CNY"),
        ("外贸进出口2168万美元", "2168", "万美元", "amount", 0, "USD"),
        ("投资三千五百万元", "35000000", "元", "amount", 0, "CNY"),
        ("支出300.5万元", "300.5", "万元", "amount", 1, "CNY"),
        ("资金7.4190亿元", "7.4190", "亿元", "amount", 4, "CNY"),
        ("完成年计划的3.6%", "3.6", "%", "percent", 1, None),
        ("满意度达到百分之八十五", "85", "%", "percent", 0, None),
        ("完成率100%", "100", "%", "percent", 0, None),
        ("涵盖6方面内容", "6", "方面", "count", 0, None),
        ("包括六个方面", "6", "方面", "count", 0, None),
        ("全街11个党支部", "11", "个", "count", 0, None),
        ("完成973名退役军人", "973", "名", "count", 0, None),
        ("实现4大部门产出指标", "4", "大", "count", 0, None),
        ("新增单位5家", "5", "家", "count", 0, None),
        ("保障四个社区", "4", "个", "count", 0, None),
        ("检查企业416家次", "416", "家次", "count", 0, None),
        ("流动摊贩363人次", "363", "人次", "count", 0, None),
    ],
)
def test_reads_amounts_percents_and_counts(text, value, unit, kind, decimals, currency):
    q = one(text)
    assert (q.value, q.unit, q.kind, q.decimals, q.currency) == (Decimal(value), unit, kind, decimals, currency)
    assert isinstance(q.value, Decimal)
    assert normalize(text)[q.start : q.end] == q.text


def test_full_width_digits_are_read_after_normalisation():
    q = one("基本支出２２４７万元")
    assert q.value == Decimal("2247") and q.text == "2247万元"


@pytest.mark.parametrize(
    "text", ["活动30余次", "近200家商家", "入驻率约98%", "占支出50%及以上", "300多家餐饮店", "超过20万元", "5万元左右"]
)
def test_marks_approximate_figures(text):
    assert one(text).approximate


def test_exact_figure_is_not_approximate():
    assert not one("基本支出2247万元").approximate


def test_range_gives_two_percentages():
    found = find_quantities("提供10%-30%不等的优惠")
    assert [(q.value, q.unit) for q in found] == [(Decimal(10), "%"), (Decimal(30), "%")]


def test_range_end_without_unit_takes_the_unit_of_the_other_end():
    found = find_quantities("优惠10-30%")
    assert [(q.value, q.kind) for q in found] == [(Decimal(10), "percent"), (Decimal(30), "percent")]


@pytest.mark.parametrize(
    "text",
    [
        "2018年度清水塘街道整体支出",
        "2018年年底完成所有目标",
        "1-12月，我街预计",
        "今年1-10月引进",
        "截至12月31日",
        "科目2010101一般公共服务",
        "项目编码51000021R000000001",
        "长财绩〔2021〕5号",
        "联系电话0731-84567890",
        "强化十九大精神",
        "党的二十大报告",
        "一是“优管理”",
        "选聘第一批党建指导员",
        "严格控制“三公经费”支出",
        "“五化”建设标准",
        "推行365天社区轮班",
        "绿地中心T1栋20层写字楼",
        "注册资金1000万（含）以上",
        "网络点击率达到了17万",
        "开展了一系列特色活动",
        "产生了一定的间接经济效益",
        "急难险重一线",
        "统一项目管理",
        "一些",
        "万一发生",
        "建立“一对一”帮扶制度",
        "将“一圈两场三道”工作",
        "开福区绩效考核一类单位",
        "一方面加强管理",
        "公园九号（二期）住宅",
        "出台《党建十条措施实施方案》",
        "一大批项目",
        "第四次全国经济普查",
        "五零社区",
        "一次性补助",
        "24小时监控",
        "提高2个百分点",
        "3个月内完成",
    ],
)
def test_traps_are_not_read_as_money_or_counts(text):
    assert [q.text for q in find_quantities(normalize(text))] == []


def test_numbering_label_at_paragraph_start_is_not_a_count():
    assert find_quantities("1、社会服务主要涉及党建") == []


def test_chinese_numeral_helper():
    assert chinese_number("三千五百万") == Decimal(35000000)
    assert chinese_number("二十三") == Decimal(23)
    assert chinese_number("〇") == Decimal(0)
    assert chinese_number("三点五") == Decimal("3.5")
    assert chinese_number("五零") is None  # digit-by-digit: a name (五零社区), not fifty
    assert chinese_number("万一") is None


def test_in_unit_scales_exactly_and_refuses_other_currencies_and_kinds():
    yi = one("5.1亿元")
    assert yi.in_unit("万元") == Decimal("51000")
    assert yi.in_unit("元") == Decimal("510000000")
    assert one("4508.18万元").in_unit("亿元") == Decimal("0.450818")
    with pytest.raises(ValueError):
        one("2168万美元").in_unit("万元")
    with pytest.raises(ValueError):
        one("3.6%").in_unit("万元")
    with pytest.raises(ValueError):
        one("5家").in_unit("个")


@pytest.mark.parametrize(
    ("text", "figure", "label"),
    [
        ("整体支出本年度决算金额为4508.18万元，基本支出2247万元", "4508.18", "整体支出本年度决算金额"),
        ("整体支出本年度决算金额为4508.18万元，基本支出2247万元", "2247", "基本支出"),
        ("项目支出2261.18万元其中社会发展事务支出301.97万元", "301.97", "社会发展事务支出"),
        ("项目支出2261.18万元其中社会发展事务支出301.97万元", "2261.18", "项目支出"),
        ("经济发展事务支出300.5万元，公共服务事务753.68万元", "753.68", "公共服务事务"),
        ("公共服务事务753.68万元，城市管理546.59万元。", "546.59", "城市管理"),
        ("预计完成其他营利性服务业20亿元，为全年任务数的85%", "85", "全年任务数"),
        ("4、数量指标：重点工作办结率：100%。", "100", "重点工作办结率"),
        ("其中：基本支出合计为60万元", "60", "基本支出"),
    ],
)
def test_label_before(text, figure, label):
    q = next(q for q in find_quantities(text) if q.text.startswith(figure))
    assert label_before(text, q.start) == label


def test_extract_facts_over_the_example_report():
    document = load_document(EXAMPLE)
    facts = extract_facts(document)
    by_label = {f.label: f.quantity for f in facts if f.quantity.kind == "amount"}
    assert by_label["基本支出"].value == Decimal("2247")
    assert by_label["项目支出"].value == Decimal("2261.18")
    total = [f for f in facts if "整体支出" in f.label and f.quantity.kind == "amount"]
    assert [f.quantity.value for f in total] == [Decimal("4508.18")]
    percents = {f.quantity.value for f in facts if f.quantity.kind == "percent"}
    assert {Decimal("3.6"), Decimal("85"), Decimal("50"), Decimal("100")} <= percents

    for fact in facts:
        block = document.blocks[fact.block]
        assert block.norm[fact.quantity.start : fact.quantity.end] == fact.quantity.text
        if fact.quantity.kind in ("amount", "count"):
            around = block.norm[fact.quantity.start : fact.quantity.end + 1]
            assert not around.startswith(("2018", "2017")), fact
            assert "十九大" not in block.norm[fact.quantity.start - 1 : fact.quantity.end + 1], fact
            assert not block.norm[: fact.quantity.end].endswith(("1-12月", "1-10月", "12月", "10月")), fact
    counts = {f.quantity.text for f in facts if f.quantity.kind == "count"}
    assert {"6方面", "4大", "5大", "973名", "30余次", "三大", "四大"} <= counts
