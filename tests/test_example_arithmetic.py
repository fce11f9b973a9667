"""The arithmetic rules on the example report: what they verify, and the fault they catch when one
spending line is changed (samples/qingshuitang-2018-overall.txt, the seed report)."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE_TXT

from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document, check_file
from perfcheck.rulepack import load_ruleset

ARITHMETIC_RULES = ("OE-SUM-01", "OE-THR-01", "CM-BRK-01", "CM-RATIO-01", "CM-RATIO-02")


@pytest.fixture(scope="module")
def findings():
    verdict = check_file(EXAMPLE_TXT)  # samples/qingshuitang-2018-overall.txt, from any working directory
    return {rule: [f for f in verdict.findings if f.rule == rule] for rule in ARITHMETIC_RULES}


def test_overall_expenditure_is_the_sum_of_basic_and_project_spending(findings):
    (finding,) = findings["OE-SUM-01"]
    assert finding.status == "pass"
    assert "2247 + 2261.18 = 4508.18万元；文中为 4508.18万元；一致" in finding.message
    assert finding.evidence["parts"] == ["2247万元", "2261.18万元"]


def test_project_spending_is_the_sum_of_the_six_lines(findings):
    project = [f for f in findings["CM-BRK-01"] if f.evidence.get("total") == "2261.18万元"]
    assert [f.status for f in project] == ["pass"]
    assert "301.97 + 300.5 + 79.79 + 278.65 + 753.68 + 546.59 = 2261.18万元" in project[0].message


def test_project_share_meets_the_stated_target(findings):
    (finding,) = findings["OE-THR-01"]
    assert finding.status == "pass"
    assert finding.message == "项目支出 2261.18 ÷ 整体支出 4508.18 = 50.16%，不低于目标 50%"


def test_no_arithmetic_rule_fails_on_the_example(findings):
    statuses = {rule: [f.status for f in found] for rule, found in findings.items()}
    assert all(found for found in statuses.values()), statuses
    assert not any(s in ("fail", "error") for found in statuses.values() for s in found), statuses
    assert statuses["CM-RATIO-01"] == ["not-applicable"]  # no 执行率 in the report: nothing verified
    assert statuses["CM-RATIO-02"] == ["not-applicable"]


def test_a_changed_spending_line_fails_with_the_arithmetic():
    text = EXAMPLE_TXT.read_text(encoding="utf-8").replace("城市管理546.59万元", "城市管理556.59万元")
    verdict = check_document(document_from_text(text, EXAMPLE_TXT.name), load_ruleset())
    (failed,) = [f for f in verdict.findings if f.rule == "CM-BRK-01" and f.status == "fail"]
    assert failed.severity == "error"
    assert "301.97 + 300.5 + 79.79 + 278.65 + 753.68 + 556.59 = 2271.18万元；文中为 2261.18万元" in failed.message
    assert "若分项无误，合计应为 2271.18万元" in failed.message
    assert failed.evidence["diff"] == "10.00"
    assert "2261.18" in failed.where.text
    assert verdict.verdict == "fail"
