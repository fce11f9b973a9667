"""Pack choice from the title and the section headings together (issue 11 §1), on real titles and outlines."""

from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document


def _choose(ruleset, text):
    return ruleset.choose_pack(document_from_text(text))


def test_title_and_headings_agree_is_certain(ruleset):
    # ../shared/corpus/excerpts/034 (title) and its headings
    choice = _choose(
        ruleset,
        "虎林市林业和草原局2021年度中央对地方转移支付预算执行情况绩效自评报告\n一、绩效目标分解下达情况\n内容。\n"
        "二、绩效目标完成情况分析\n(一)资金投入情况分析\n内容。\n(二)年度总体绩效目标完成情况\n内容。",
    )
    assert choice.name == "transfer-self-eval" and choice.certain
    assert "转移支付" in choice.reason and "一、绩效目标分解下达情况" in choice.reason


def test_headings_decide_between_packs_the_title_names(ruleset):
    # ../shared/corpus/excerpts/012: a 衔接资金 report written on the 转移支付 outline
    choice = _choose(
        ruleset,
        "海口市秀英区水务局2022年衔接资金项目绩效自评报告\n一、绩效目标分解下达情况\n内容。\n"
        "二、绩效自评工作开展情况\n内容。\n三、绩效目标自评完成情况分析\n内容。",
    )
    assert choice.name == "transfer-self-eval" and choice.certain


def test_a_title_word_alone_is_uncertain_and_a_missing_section_only_warns(ruleset):
    # ../shared/corpus/excerpts/016: cut after its first section
    text = "湖北省残疾人事业发展补助资金(省对下转移支付)项目2018年度绩效自评报告\n一、项目基本情况\n(一)项目立项目的和年度绩效目标情况\n内容。"  # noqa: E501
    document = document_from_text(text)
    assert not ruleset.choose_pack(document).certain
    verdict = check_document(document, ruleset)
    sections = [f for f in verdict.findings if f.rule.endswith("SEC-01") and f.status == "fail"]
    assert sections and all(f.severity == "warning" for f in sections)
    assert all("未能确定报告类型" in f.message and "应有" in f.message for f in sections)


def test_headings_against_the_title_choose_by_headings_uncertainly(ruleset):
    # ../shared/corpus/excerpts/032: a 自评报告 written on the 评价报告 outline
    choice = _choose(
        ruleset,
        "寻甸县林业和草原局2023年异地造林补助资金项目支出绩效自评报告\n一、项目基本情况\n内容。\n二、绩效评价工作情况\n内容。\n"
        "三、评价结论及绩效分析\n(一)评价结论\n内容。\n(二)绩效分析\n内容。\n四、项目主要经验及做法、存在的问题和建议\n内容。",
    )
    assert choice.name == "project-eval-report" and not choice.certain and "不一致" in choice.reason


def test_unknown_type_gets_the_common_rules_and_no_section_rule(ruleset):
    document = document_from_text("会议纪要\n一、议题\n内容。")
    verdict = check_document(document, ruleset)
    assert verdict.pack == "common" and "--pack" in verdict.pack_reason
    assert not [f for f in verdict.findings if "SEC" in f.rule]


def test_a_certain_choice_keeps_the_error(ruleset):
    text = "2018年度清水塘街道整体支出绩效评价报告\n一、整体支出概况\n内容。\n二、整体支出资金使用及管理情况\n内容。\n三、其他需要说明事宜\n内容。"  # noqa: E501
    verdict = check_document(document_from_text(text), ruleset)
    (missing,) = [f for f in verdict.findings if f.rule == "OE-SEC-01" and f.status == "fail"]
    assert missing.severity == "error" and "报告类型确定" in verdict.pack_reason


def test_final_accounts_title_is_not_a_budget_performance_report(ruleset):
    # ../shared/corpus/excerpts/008: 部门预算绩效管理工作考核评价报告 is not a 部门预算 公开
    choice = _choose(ruleset, "淮南市教育体育局部门预算绩效管理工作考核评价报告\n内容。")
    assert choice.name != "final-accounts"


def test_a_section_nested_under_another_is_found(ruleset):
    # a 资金投入 section under 二、(一) counts (issue 11 §1); the text of ../shared/corpus/excerpts/003
    rule = ruleset.rules["TR-SEC-01"]
    from perfcheck.engine import example_status

    text = "一、绩效目标分解下达情况\n内容。\n二、自评情况\n(一)总体绩效目标完成情况\n内容。"
    assert example_status(rule, text) == "pass"
    run_in = "一、绩效目标分解下达情况\n内容。\n二、其他\n(一)资金投入情况分析。200万元全部用于了会宁县残疾人托养中心建设。\n(二)绩效指标完成情况分析。项目验收合格率100%。"  # noqa: E501
    assert example_status(rule, run_in) == "pass"
