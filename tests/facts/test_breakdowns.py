"""Totals with parts: which figure is the total, where the parts stop, when a breakdown is partial."""

from __future__ import annotations

from decimal import Decimal

from conftest import EXAMPLE_TXT

from perfcheck import load_document
from perfcheck.documents.assemble import RawBlock, assemble
from perfcheck.facts.breakdowns import find_breakdowns
from perfcheck.model import Location

EXAMPLE = str(EXAMPLE_TXT)


def document(*paragraphs: str):
    raw = [RawBlock(text=p, location=Location(line=i + 1)) for i, p in enumerate(paragraphs)]
    return assemble("memory.txt", "txt", "0" * 64, raw)


def values(breakdown):
    return breakdown.total.quantity.value, [p.quantity.value for p in breakdown.parts]


def test_comma_form_with_qizhong():
    (b,) = find_breakdowns(document("支出合计100万元，其中基本支出60万元、项目支出40万元。"))
    assert values(b) == (Decimal(100), [Decimal(60), Decimal(40)])
    assert b.marker == "其中" and not b.partial


def test_run_on_form_of_the_example_takes_the_nearest_total():
    text = (
        "整体支出4508.18万元，基本支出2247万元，"
        "项目支出2261.18万元其中社会发展事务支出301.97万元，城市管理1959.21万元。"
    )
    (b,) = find_breakdowns(document(text))
    assert b.total.label == "项目支出"
    assert values(b) == (Decimal("2261.18"), [Decimal("301.97"), Decimal("1959.21")])


def test_parts_stop_at_the_end_of_the_sentence():
    (b,) = find_breakdowns(document("总额100万元，其中A 60万元，B 40万元。另支付C 5万元。"))
    assert len(b.parts) == 2


def test_total_in_the_previous_sentence_when_the_marker_opens_the_next():
    (b,) = find_breakdowns(document("整体支出100万元。其中：基本支出60万元，项目支出40万元。"))
    assert values(b) == (Decimal(100), [Decimal(60), Decimal(40)])


def test_baokuo_and_fenbiewei_and_juti_ruxia():
    (b,) = find_breakdowns(document("资金120万元，包括设备费70万元、人员费50万元。"))
    assert b.marker == "包括" and not b.partial
    (b,) = find_breakdowns(document("共投入60万元，A、B、C分别为10万元、20万元、30万元。"))
    assert b.marker == "分别为" and len(b.parts) == 3
    (b,) = find_breakdowns(document("支出90万元，具体如下：办公费30万元，印刷费60万元。"))
    assert b.marker == "具体如下" and len(b.parts) == 2


def test_qizhong_followed_by_fenbiewei_is_one_breakdown():
    found = find_breakdowns(document("整体支出100万元，其中基本支出和项目支出分别为60万元和40万元。"))
    assert len(found) == 1
    assert values(found[0]) == (Decimal(100), [Decimal(60), Decimal(40)])


def test_a_single_part_is_partial():
    (b,) = find_breakdowns(document("今年1-10月引进企业128家，其中，注册资金1000万（含）以上的有38家。"))
    assert b.partial and b.total.quantity.kind == "count"
    assert values(b) == (Decimal(128), [Decimal(38)])


def test_marked_parts_are_partial():
    (b,) = find_breakdowns(document("支出100万元，其中主要包括办公费30万元、差旅费20万元。"))
    assert b.partial
    (b,) = find_breakdowns(document("支出100万元，其中办公费30万元、差旅费20万元等。"))
    assert b.partial


def test_parts_keep_the_kind_of_the_total():
    # shares in % are no summands of an amount
    assert find_breakdowns(document("支出100万元，其中基本支出占60%，项目支出占40%。")) == ()
    (b,) = find_breakdowns(document("支出100万元，其中基本支出60万元（占60%），项目支出40万元（占40%）。"))
    assert [p.quantity.unit for p in b.parts] == ["万元", "万元"]


def test_a_new_total_ends_the_parts():
    (b,) = find_breakdowns(document("支出100万元，其中基本支出60万元，项目支出40万元，共计支出100万元。"))
    assert len(b.parts) == 2 and not b.uncertain


def test_money_carried_over_is_a_part():
    # the standard funding breakdown: 本年财政拨款 / 上年结转资金 / 其他资金
    (b,) = find_breakdowns(document("项目资金总额150万元，其中：本年财政拨款130万元，上年结转资金25万元。"))
    assert values(b) == (Decimal(150), [Decimal(130), Decimal(25)])
    assert not b.partial and not b.uncertain
    (b,) = find_breakdowns(document("项目支出100万元，其中：设备购置60万元，人员经费40万元，结转资金5万元。"))
    assert values(b) == (Decimal(100), [Decimal(60), Decimal(40), Decimal(5)])
    (b,) = find_breakdowns(document("收入总计100万元，其中：本年收入80万元，年初结转和结余20万元。"))
    assert len(b.parts) == 2


def test_a_change_against_last_year_is_no_part():
    text = "项目支出100万元，其中：设备购置60万元，比上年增加5万元；人员经费40万元，较上年减少3万元。"
    (b,) = find_breakdowns(document(text))
    assert values(b) == (Decimal(100), [Decimal(60), Decimal(40)]) and not b.uncertain


def test_a_change_breaks_down_into_changes():
    (b,) = find_breakdowns(document("项目支出比上年增加10万元，其中：设备购置增加6万元，人员经费增加4万元。"))
    assert values(b) == (Decimal(10), [Decimal(6), Decimal(4)]) and not b.uncertain


def test_completion_rates_are_no_breakdown():
    # the 三公 sentence of the Putuo reports: rates of the budget are not summed, not even as unresolved
    text = "支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费完成预算的0.00%；公务接待费完成预算的13.68%。"
    assert [b for b in find_breakdowns(document(text)) if b.total.quantity.kind == "percent"] == []


def test_a_list_short_of_a_left_out_figure_is_uncertain_not_partial():
    # one part left after the change was set aside: a "single part" subset cannot be inferred from that
    (b,) = find_breakdowns(document("项目支出100万元，其中：设备购置60万元，比上年增加5万元。"))
    assert b.uncertain


def test_budget_beside_execution_is_uncertain():
    (b,) = find_breakdowns(document("项目支出100万元，其中：设备购置预算数60万元，执行数55万元。"))
    assert b.uncertain


def test_budget_funds_by_name_are_parts():
    text = "财政拨款收入100万元，其中：一般公共预算财政拨款收入60万元，政府性基金预算财政拨款收入40万元。"
    (b,) = find_breakdowns(document(text))
    assert values(b) == (Decimal(100), [Decimal(60), Decimal(40)]) and not b.uncertain


def test_a_part_in_another_currency_makes_it_uncertain():
    (b,) = find_breakdowns(document("项目支出100万元，其中：设备购置60万元，人员经费40万美元。"))
    assert b.uncertain == "分项含不同币种，无法相加"


def test_a_nested_list_of_names_keeps_the_outer_parts():
    # the 部门决算 sentence of all three Putuo reports (/work/shared/corpus/real)
    text = (
        "一般公共预算财政拨款基本支出105.58万元。其中：人员经费95.36万元，主要包括：基本工资、津贴补贴；"
        "公用经费20.23万元，主要包括：办公费、邮电费。"
    )
    (b,) = find_breakdowns(document(text))
    assert values(b) == (Decimal("105.58"), [Decimal("95.36"), Decimal("20.23")])
    assert b.marker == "其中" and not b.partial and not b.uncertain


def test_a_nested_breakdown_with_figures_is_skipped_by_the_outer_list():
    text = "支出100万元，其中基本支出60万元，其中人员经费50万元、公用经费10万元；项目支出40万元。"
    found = {b.total.quantity.value: [p.quantity.value for p in b.parts] for b in find_breakdowns(document(text))}
    assert found == {Decimal(100): [Decimal(60), Decimal(40)], Decimal(60): [Decimal(50), Decimal(10)]}


def test_an_outer_list_cut_by_a_nested_one_is_uncertain():
    text = "支出100万元，其中基本支出60万元，其中人员经费50万元，公用经费10万元，项目支出40万元。"
    (outer,) = [b for b in find_breakdowns(document(text)) if b.total.quantity.value == 100]
    assert outer.partial and outer.uncertain


def test_bound_with_han_is_not_a_marker():
    assert find_breakdowns(document("注册资金1000万元（含）以上的企业38家。")) == ()


def test_no_breakdown_without_marker():
    doc = document("整体支出本年度决算金额为4508.18万元，基本支出2247万元，项目支出2261.18万元。")
    assert find_breakdowns(doc) == ()


def test_example_report_breaks_down_project_spending_into_six_parts():
    found = find_breakdowns(load_document(EXAMPLE))
    amounts = [b for b in found if b.total.quantity.kind == "amount"]
    assert len(amounts) == 1
    (b,) = amounts
    assert b.total.label == "项目支出" and not b.partial
    parts = [p.quantity.value for p in b.parts]
    expected = ["301.97", "300.5", "79.79", "278.65", "753.68", "546.59"]
    assert parts == [Decimal(v) for v in expected]
    assert sum(parts, Decimal(0)) == b.total.quantity.value == Decimal("2261.18")
    counts = [b for b in found if b.total.quantity.kind == "count"]
    assert all(b.partial for b in counts)


def test_bracketed_marker_ends_at_the_closing_bracket():
    (b,) = find_breakdowns(document("交通银行赞助260万元（其中交行赛事自用30万元），实际支付资金1100万元。"))
    assert values(b) == (Decimal(260), [Decimal(30)]) and b.partial


def test_fenbiewei_right_after_its_total():
    (b,) = find_breakdowns(document("涌现出技术能手1803名（分别为442名、418名、943名），但未追踪。"))
    assert sum(p.quantity.value for p in b.parts) == b.total.quantity.value


def test_fenbiewei_after_an_unrelated_figure_is_no_breakdown():
    text = "配套资金分别为600万元、3000万元和600万元，企业赞助分别为260万元、15万元和260万元。"
    assert [b.total.quantity.text for b in find_breakdowns(document(text))] == []


def test_a_stronger_separator_ends_the_parts():
    text = "共计开展赛项525个，其中：三届省赛195个，一类赛153个、二类赛135个、专项赛42个；世赛集训基地15个。"
    (b,) = find_breakdowns(document(text))
    assert [p.quantity.value for p in b.parts] == [Decimal(195), Decimal(153), Decimal(135), Decimal(42)]


def test_a_total_labelled_figure_of_another_kind_still_ends_the_parts():
    text = "赛项525个，其中省赛195个、行业赛330个，共计补贴7455万元，另建基地15个。"
    (b,) = find_breakdowns(document(text))
    assert len(b.parts) == 2


def test_generic_classifier_parts_must_count_the_same_noun():
    # from the Henan report (/work/shared/corpus/real): 赛事 and 赛项 are different things, and the
    # "109个赛项中，…的有50个赛项" holds a part rather than being one
    text = (
        "计划安排补贴29个赛事101个赛项，其中：一类赛10个赛事51个赛项，"
        "二类赛45个赛事109个赛项中，符合补贴条件的有19个赛事50个赛项，另计。"
    )
    (b,) = [b for b in find_breakdowns(document(text)) if b.total.quantity.value == 101]
    assert [p.quantity.value for p in b.parts] == [Decimal(51), Decimal(50)]
