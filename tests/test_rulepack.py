"""Loading rule files: every mistake is a RuleError with file:line; a runaway regex is an error finding."""

from __future__ import annotations

import time

import pytest

from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import Settings, check_document
from perfcheck.errors import RuleError
from perfcheck.rule_file import parse_pack
from perfcheck.rulepack import load_ruleset

GOOD_RULE = """
rules:
  - id: U-01
    kind: pattern
    severity: error
    title: 禁止词
    basis: 本单位报告规范第3条：不得出现“待定”。
    message: "出现“{match}”"
    params: {pattern: "待定"}
    examples:
      - {text: "内容已确定。", expect: pass}
      - {text: "内容待定。", expect: fail}
"""


def _write(tmp_path, text, name="rules.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path, text) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_ruleset([_write(tmp_path, text)])
    return caught.value


def test_user_rule_of_an_existing_kind_needs_no_python(tmp_path):
    ruleset = load_ruleset([_write(tmp_path, GOOD_RULE)])
    verdict = check_document(document_from_text("一、基本情况\n方案待定。"), ruleset, Settings(pack="user"))
    assert [(f.rule, f.status, f.message) for f in verdict.findings] == [("U-01", "fail", "出现“待定”")]


def test_user_rules_join_the_chosen_pack(tmp_path):
    ruleset = load_ruleset([_write(tmp_path, GOOD_RULE)])
    document = document_from_text("2023年度某街道整体支出绩效自评报告\n一、基本情况\n方案待定。")
    verdict = check_document(document, ruleset)
    assert verdict.pack == "overall-expenditure"
    assert any(f.rule == "U-01" and f.status == "fail" for f in verdict.findings)


def test_not_yaml(tmp_path):
    error = _error(tmp_path, "rules: [\n  - id: X\n    kind: nope\n")
    assert error.source.endswith("rules.yml") and error.line is not None
    assert "YAML" in str(error)


def test_unknown_kind_names_file_and_line(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace("kind: pattern", "kind: nope"))
    assert error.line == 3 and "nope" in str(error) and "rules.yml:3" in str(error)


def test_unknown_key(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace("    title: 禁止词", "    titel: 禁止词"))
    assert "titel" in str(error) and error.line == 3


def test_unknown_param(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace('{pattern: "待定"}', '{pattern: "待定", colour: red}'))
    assert "colour" in str(error)


def test_duplicate_id(tmp_path):
    text = GOOD_RULE + GOOD_RULE.split("rules:\n", 1)[1]
    error = _error(tmp_path, text)
    assert "U-01" in str(error) and "重复" in str(error) and error.line == 13


def test_duplicate_of_a_shipped_id(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace("U-01", "CM-PH-01"))
    assert "CM-PH-01" in str(error) and "重复" in str(error)


def test_regex_that_does_not_compile(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace('"待定"}', '"待定("}'))
    assert "正则" in str(error) and error.line is not None


def test_unknown_placeholder(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace("{match}", "{nothing}"))
    assert "{nothing}" in str(error)


def test_failing_example_is_a_load_error(tmp_path):
    error = _error(
        tmp_path, GOOD_RULE.replace('{text: "内容待定。", expect: fail}', '{text: "内容已定。", expect: fail}')
    )
    assert "示例" in str(error) and error.line == 12


def test_python_object_tags_are_refused(tmp_path):
    error = _error(tmp_path, "rules:\n  - !!python/object/apply:os.system ['echo owned']\n")
    assert "标签" in str(error) or "YAML" in str(error)


def test_bad_severity(tmp_path):
    error = _error(tmp_path, GOOD_RULE.replace("severity: error", "severity: fatal"))
    assert "fatal" in str(error)


def test_catastrophic_regex_becomes_an_error_finding_and_the_run_goes_on(tmp_path):
    text = GOOD_RULE.replace('{pattern: "待定"}', '{pattern: "(a|a)+$"}').replace(
        '      - {text: "内容已确定。", expect: pass}\n      - {text: "内容待定。", expect: fail}\n', ""
    )
    text = text.replace("    examples:\n", "")
    ruleset = load_ruleset([_write(tmp_path, text)])
    document = document_from_text("一、基本情况\n" + "a" * 40 + "b\nXX")
    started = time.perf_counter()
    verdict = check_document(document, ruleset, Settings(pack="common", regex_timeout=0.2))
    assert time.perf_counter() - started < 10  # a guard against hanging, not a performance target
    by_rule = {f.rule: f for f in verdict.findings}
    assert by_rule["U-01"].status == "error" and "超时" in by_rule["U-01"].message
    assert by_rule["CM-PH-01"].status == "fail"  # the other rules still ran


def test_pack_detection_and_reason(ruleset):
    document = document_from_text("2018年度清水塘街道整体支出绩效评价报告\n一、整体支出概况")
    assert ruleset.choose_pack(document).name == "overall-expenditure"
    choice = ruleset.choose_pack(document_from_text("会议纪要\n一、议题"))
    assert choice.name == "common" and "--pack" in choice.reason


@pytest.mark.parametrize(
    ("title", "pack"),
    [
        ("2022年度项目支出绩效自评表", "self-eval-form"),
        ("2022年度部门整体支出绩效自评表", "self-eval-form"),
        ("中央对地方转移支付区域（项目）绩效自评表", "self-eval-form"),
        ("县级专项资金绩效目标自评表", "self-eval-form"),  # corpus excerpt 004 (衡山县)
        ("2022年度项目支出绩效自评报告", "project-self-eval"),
        ("2022年度部门整体支出绩效自评报告", "overall-expenditure"),
    ],
)
def test_a_form_sent_on_its_own_is_not_asked_for_report_sections(ruleset, title, pack):
    form = document_from_text(f"{title}\n| 项目名称 | 社区养老服务补助 |\n| 主管部门 | 民政局 |\n")
    verdict = check_document(form, ruleset, Settings())
    assert verdict.pack == pack
    if pack == "self-eval-form":
        assert not [f for f in verdict.findings if f.rule.endswith(("-SEC-01", "-SEC-02"))]


def test_parse_pack_accepts_a_bare_list():
    pack = parse_pack(GOOD_RULE.split("rules:\n", 1)[1], "inline.yml")
    assert pack.name == "user" and pack.rules[0].id == "U-01"


def test_an_impossible_date_is_a_rule_error_not_a_crash(tmp_path):
    error = _error(
        tmp_path, GOOD_RULE.replace('{text: "内容已确定。", expect: pass}', "{text: 2020-13-45, expect: pass}")
    )
    assert "YYYY-MM-DD" in str(error)


OWN_PACK = """
pack: mine
extends: [common]
rules:
  - id: MINE-01
    kind: pattern
    severity: error
    title: 禁止词
    basis: 本单位报告规范第3条：不得出现“待定”。
    message: "出现“{match}”"
    params: {pattern: "待定"}
"""


def test_an_office_pack_extending_common_joins_every_check(tmp_path):
    ruleset = load_ruleset([_write(tmp_path, OWN_PACK)])
    document = document_from_text("2018年度清水塘街道整体支出绩效评价报告\n一、整体支出概况\n方案待定。")
    verdict = check_document(document, ruleset)
    assert verdict.pack == "overall-expenditure"
    assert [f.status for f in verdict.findings if f.rule == "MINE-01"] == ["fail"]


def test_an_office_pack_with_its_own_detect_is_chosen_first(tmp_path):
    text = OWN_PACK.replace("extends: [common]", 'extends: [common]\ndetect: "清水塘"')
    ruleset = load_ruleset([_write(tmp_path, text)])
    document = document_from_text("2018年度清水塘街道整体支出绩效评价报告\n一、整体支出概况\n方案待定。")
    verdict = check_document(document, ruleset)
    assert verdict.pack == "mine"


def test_an_office_pack_extending_another_report_type_stays_out(tmp_path):
    ruleset = load_ruleset([_write(tmp_path, OWN_PACK.replace("[common]", "[project-self-eval]"))])
    document = document_from_text("2018年度清水塘街道整体支出绩效评价报告\n一、整体支出概况\n方案待定。")
    assert not [f for f in check_document(document, ruleset).findings if f.rule == "MINE-01"]


def test_a_negative_tolerance_is_refused(tmp_path):
    text = GOOD_RULE.replace("kind: pattern", "kind: sum").replace(
        'params: {pattern: "待定"}', 'params: {total: {label: "合计"}, parts: [{label: "甲"}], tolerance: -1}'
    )
    error = _error(tmp_path, text)
    assert "tolerance" in str(error) and "负数" in str(error)
