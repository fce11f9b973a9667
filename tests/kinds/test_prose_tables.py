"""text-vs-table and friends: what the pairing is sure of, and what it only assumes.

Tables and sentences after the 上海市普陀区 2024年度部门决算 PDFs (shared/corpus/real).
"""

from __future__ import annotations

from decimal import Decimal

from perfcheck.documents.plaintext import document_from_text
from perfcheck.facts.numbers import Quantity
from perfcheck.kinds import share_vs_table, text_vs_table
from perfcheck.kinds.arithmetic import check_ratio
from perfcheck.kinds.base import Context


def _outcomes(module, text: str):
    return list(module.check(Context(document_from_text(text)), module.Params()))


def _pct(text: str) -> Quantity:
    return Quantity(Decimal(text), "%", "percent", len(text.partition(".")[2]), text + "%", 0, 0)


def _wan(text: str) -> Quantity:
    return Quantity(Decimal(text), "万元", "amount", len(text.partition(".")[2]), text + "万元", 0, 0, currency="CNY")


def test_a_certain_pairing_fails_without_an_assumption():
    text = (
        "支出决算表\n单位：万元\n| 科目名称 | 本年支出合计 | 基本支出 |\n| 合计 | 307.82 | 105.58 |\n"
        "三、支出决算情况说明\n基本支出105.85万元。\n"
    )
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "fail" and outcome.assumed is None
    assert "105.58" in outcome.detail and "105.85" in outcome.detail


def test_a_table_without_a_unit_makes_the_fail_an_assumption():
    text = "支出决算表\n| 科目名称 | 本年支出合计 | 基本支出 |\n| 合计 | 307.82 | 105.58 |\n基本支出105.85万元。\n"
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "fail" and outcome.assumed is not None
    assert "金额单位" in outcome.assumed.unsure


def test_two_tables_that_disagree_and_no_section_make_the_table_an_assumption():
    text = (
        "收入支出决算总表\n单位：万元\n| 项目 | 决算数 |\n| 卫生健康支出 | 236.63 |\n"
        "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 |\n| 卫生健康支出 | 236.64 |\n"
        "卫生健康支出（类）236.73万元。\n"
    )
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "fail" and outcome.assumed is not None and "哪一张表" in outcome.assumed.unsure


def test_a_figure_that_one_of_two_tables_holds_passes_when_the_table_was_a_guess():
    text = (
        "收入支出决算总表\n单位：万元\n| 项目 | 决算数 |\n| 卫生健康支出 | 236.63 |\n"
        "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 |\n| 卫生健康支出 | 236.64 |\n"
        "卫生健康支出（类）236.63万元。\n"
    )
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "pass"


def test_a_budget_figure_is_not_compared_with_a_final_accounts_column():
    # "年初预算为1560.05万元" beside a 决算 table that has no budget column: nothing to compare
    text = (
        "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 |\n| 行政运行 | 1,511.89 |\n"
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为1560.05万元，支出决算为1511.89万元。\n"
    )
    outcomes = _outcomes(text_vs_table, text)
    assert [o.status for o in outcomes] == ["pass"]
    assert "1511.89" in outcomes[0].detail


def test_yuan_and_wan_compare_at_the_coarser_precision():
    text = "支出决算表\n单位：万元\n| 科目名称 | 项目支出 |\n| 合计 | 202.24 |\n项目支出2,022,400元。\n"
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "pass"
    assert text_vs_table.agree(Decimal("30"), 0, Decimal("29.99"), 2)
    assert not text_vs_table.agree(Decimal("236.63"), 2, Decimal("236.64"), 2)


def test_a_share_of_a_named_whole_is_read_from_the_table():
    text = (
        "收入支出决算总表\n单位：万元\n| 项目 | 决算数 | 项目 | 决算数 |\n"
        "| 本年收入合计 | 9746.50 | 本年支出合计 | 9759.38 |\n"
        "一般公共预算财政拨款支出9746.50万元，占本年支出合计的99.86%。\n"
    )
    [outcome] = _outcomes(share_vs_table, text)
    assert outcome.status == "fail" and outcome.severity == "warning"
    assert "99.87%" in outcome.detail and "截尾" in outcome.detail


def test_truncation_is_told_from_a_wrong_rate():
    truncated = check_ratio(_pct("99.86"), _wan("9746.50"), _wan("9759.38"))
    assert truncated is not None and not truncated.agrees and truncated.truncated
    wrong = check_ratio(_pct("71.73"), _wan("2106.66"), _wan("2940.05"))
    assert wrong is not None and not wrong.agrees and not wrong.truncated
    rounded = check_ratio(_pct("79.49"), _wan("2336.91"), _wan("2940.05"))
    assert rounded is not None and rounded.agrees and not rounded.truncated


# PT-COMP-03's params (rules/prose-tables.yml), on the 三公 sentence of putuo-planning-resources 七、（一）.
_THREE_PUBLIC_TABLE = (
    "财政拨款“三公”经费支出决算表\n单位：万元\n"
    "| 合计 | 合计 | 因公出国（境）费 | 因公出国（境）费 | 公务接待费 | 公务接待费 |\n"
    "| 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 |\n"
    "| 2.85 | 0.39 | 0.00 | 0.00 | {budget} | 0.39 |\n"
    "七、财政拨款“三公”经费支出决算情况说明\n"
)
_THREE_PUBLIC_TEXT = (
    "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费"
    "决算为0.00万元，完成预算的0.00%；公务接待费支出决算为0.39万元，完成预算的{rate}。\n"
)


def _completion(text: str):
    import regex

    from perfcheck.kinds import ratio

    params = ratio.Params(
        stated=regex.compile("完成预算"),
        numerator=regex.compile("决算|执行数|实际支出"),
        denominator=regex.compile("预算(?!执行)"),
        if_missing="not-applicable",
        zero_base="fail",
        own_base=True,
    )
    return list(ratio.check(Context(document_from_text(text)), params))


def test_a_sub_items_completion_rate_is_not_measured_against_the_wholes_budget():
    text = _THREE_PUBLIC_TABLE.format(budget="2.85") + _THREE_PUBLIC_TEXT.format(rate="13.68%")
    whole, abroad, reception = _completion(text)
    assert whole.status == "pass" and "0.39 ÷ 2.85" in whole.detail
    # 因公出国（境）费: budget 0.00 in its own column, spent 0.00 — 0/0, not "0.00 ÷ 2.85"
    assert abroad.status == "not-applicable" and "2.85" not in abroad.detail
    assert "因公出国（境）费·预算数" in abroad.detail
    # 公务接待费: its own budget cell (which happens to equal the total here)
    assert reception.status == "pass" and "公务接待费·预算数" in str(reception.values["denominator"])


def test_a_sub_item_with_spending_takes_its_own_budget_cell():
    # 公务接待费 budget 1.00: 0.39 ÷ 1.00 = 39.00%, not 0.39 ÷ 2.85 = 13.68%
    table = _THREE_PUBLIC_TABLE.format(budget="1.00")
    *_, right = _completion(table + _THREE_PUBLIC_TEXT.format(rate="39.00%"))
    assert right.status == "pass" and "0.39 ÷ 1.00" in right.detail
    *_, wrong = _completion(table + _THREE_PUBLIC_TEXT.format(rate="13.68%"))
    assert wrong.status == "fail" and "0.39 ÷ 1.00" in wrong.detail and wrong.assumed is None


def test_a_sub_item_without_a_budget_anywhere_is_not_applicable_not_the_wholes_rate():
    # putuo-finance: the 三公 table leaves 因公出国（境）费 预算数 blank
    table = _THREE_PUBLIC_TABLE.format(budget="2.85")
    table = table.replace("| 2.85 | 0.39 | 0.00 | 0.00 |", "| 2.85 | 0.39 |  | 0.00 |")
    _, abroad, _ = _completion(table + _THREE_PUBLIC_TEXT.format(rate="13.68%"))
    assert abroad.status == "not-applicable" and "不以前文" in abroad.detail


def test_a_label_that_names_a_fund_and_a_column_is_paired_with_that_tables_total_row():
    # putuo-planning-resources 六、: "一般公共预算财政拨款基本支出5377.64万元" — the 基本支出 of the
    # 一般公共预算财政拨款支出决算表 is 5364.75; 5377.64 is the 支出决算表's (every source of money). The 预算
    # inside 一般公共预算 names no budget column, and the all-sources table is not the one the label names.
    text = (
        "支出决算表\n单位：万元\n| 科目名称 | 本年支出合计 | 基本支出 | 项目支出 |\n"
        "| 合计 | 9759.38 | 5377.64 | 4381.74 |\n"
        "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 合计 | 9746.50 | 5364.75 | 4381.74 |\n"
        "一般公共预算财政拨款基本支出决算表\n单位：万元\n| 科目名称 | 决算数 | 科目名称 | 决算数 |\n"
        "| 人员经费合计 | 4884.09 | 公用经费合计 | 480.66 |\n"
        "六、一般公共预算财政拨款基本支出决算情况说明\n"
        "一般公共预算财政拨款基本支出5377.64万元。\n"
    )
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "fail" and outcome.assumed is None and outcome.severity is None
    assert "一般公共预算财政拨款支出决算表" in outcome.detail and "5364.75" in outcome.detail
    assert "两表之间不一致" not in outcome.detail
    [outcome] = _outcomes(text_vs_table, text.replace("基本支出5377.64万元。", "基本支出5364.75万元。"))
    assert outcome.status == "pass"


_SOCIAL_SECURITY = (
    "财政拨款收入支出决算总表\n单位：万元\n| 收入 | 收入 | 支出 | 支出 | 支出 |\n"
    "| 项目 | 决算数 | 项目 | 合计 | 一般公共预算财政拨款 |\n"
    "| 一般公共预算财政拨款 | 2940.05 | 社会保障和就业支出 | 326.71 | 326.71 |\n"
    "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 | 基本支出 |\n"
    "| 社会保障和就业支出 | 326.72 | 326.72 |\n"
    "收入决算表\n单位：万元\n| 科目名称 | 本年收入合计 |\n| 社会保障和就业支出 | 300.00 |\n"
    "五、一般公共预算财政拨款支出决算情况说明\n"
    "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：社会保障和就业支出（类）{figure}万元，占11.11%。\n"
)


def test_a_figure_that_agrees_with_its_table_still_names_a_second_table_that_disagrees():
    # putuo-finance-bureau 五、: the text and the 一般公共预算财政拨款支出决算表 say 326.72, the
    # 财政拨款收入支出决算总表 says 326.71 for the same money: which table is wrong cannot be told,
    # so a warning naming both cells
    [outcome] = [o for o in _outcomes(text_vs_table, _SOCIAL_SECURITY.format(figure="326.72")) if "326" in o.detail]
    assert outcome.status == "fail" and outcome.severity == "warning"
    assert "326.72" in outcome.detail and "326.71" in outcome.detail and "两表之间不一致" in outcome.detail
    assert "支出·一般公共预算财政拨款" in outcome.detail
    # the 收入决算表 counts income by 科目: 300.00 there is another figure, not a disagreement
    assert "300.00" not in outcome.detail


def test_tables_of_other_money_are_not_counterparts():
    # planning 五（三）: 行政运行 1092.80 (财政拨款) beside the 支出决算表's 1105.68 (every source): no warning
    text = (
        "支出决算表\n单位：万元\n| 科目名称 | 本年支出合计 |\n| 行政运行 | 1105.68 |\n"
        "一般公共预算财政拨款支出决算表\n单位：万元\n| 科目名称 | 合计 |\n| 行政运行 | 1092.80 |\n"
        "五、一般公共预算财政拨款支出决算情况说明\n行政运行（项）支出决算为1092.80万元。\n"
    )
    [outcome] = _outcomes(text_vs_table, text)
    assert outcome.status == "pass" and "1105.68" not in outcome.detail


def test_cross_table_leaves_a_label_with_two_values_in_one_table_alone():
    # a 款 and a 项 of one name with different figures: which row the other table means is not known
    from perfcheck.kinds import cross_table

    text = (
        "支出决算表\n单位：万元\n| 科目名称 | 本年支出合计 |\n| 城乡社区规划与管理 | 2739.56 |\n"
        "| 城乡社区规划与管理 | 2700.00 |\n"
        "收入支出决算总表\n单位：万元\n| 收入 | 收入 | 支出 | 支出 |\n| 项目 | 决算数 | 项目 | 决算数 |\n"
        "| 一般公共预算财政拨款收入 | 9746.50 | 城乡社区规划与管理 | 2739.55 |\n"
    )
    outcomes = _outcomes(cross_table, text)
    assert [o.status for o in outcomes] == ["not-applicable"]
    # one value in each table: compared, and the 0.01 is found
    outcomes = _outcomes(cross_table, text.replace("| 城乡社区规划与管理 | 2700.00 |\n", ""))
    assert [o.status for o in outcomes] == ["fail"] and "2739.55" in outcomes[0].detail
