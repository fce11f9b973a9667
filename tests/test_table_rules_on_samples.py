"""The table rules on the committed self-evaluation sample (samples/self-eval-table.docx and .pdf).

Its funding table: 年度资金总额 120/150/142.50, 其中 本年财政拨款 100/130/124, 上年结转资金 20/20/18.50,
其他资金 0/0/0; 分值 10, 执行率 95.00%, 得分 9.5. The text says 年初预算120万元，年中追加30万元, so the
adjustment is explained. In both formats the sums, rates and score are recomputed and agree, and the
adjustment rule finds the explanation in the text rather than failing.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLES

from perfcheck.engine import check_file


def _by_rule(verdict):
    found: dict[str, list] = {}
    for finding in verdict.findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


@pytest.fixture(scope="module", params=["self-eval-table.docx", "self-eval-table.pdf"])
def findings(request, ruleset):
    verdict = check_file(SAMPLES / request.param, ruleset=ruleset)
    assert verdict.pack == "project-self-eval"
    return _by_rule(verdict)


def test_total_row_adds_up_in_every_money_column(findings):
    sums = findings["TB-SUM-01"]
    assert [f.status for f in sums] == ["pass", "pass", "pass"]
    messages = " ".join(f.message for f in sums)
    assert "100.00 + 20.00 + 0.00 = 120.00万元；表中合计为 120.00万元；一致" in messages
    assert "130.00 + 20.00 + 0.00 = 150.00万元" in messages
    assert "124.00 + 18.50 + 0.00 = 142.50万元；表中合计为 142.50万元；一致" in messages


def test_rates_are_recomputed_row_by_row(findings):
    rates = findings["TB-RATE-01"]
    assert {f.status for f in rates} == {"pass"}
    messages = " ".join(f.message for f in rates)
    assert "142.50 ÷ 150.00 × 100% = 95.00%；表中为 95.00%" in messages
    assert "124.00 ÷ 130.00 × 100% = 95.38%" in messages
    # 其他资金 0/0 has no rate: it is neither checked as 0 % nor failed
    assert not any("其他资金" in f.message and f.status == "fail" for f in rates)


def test_rate_score_is_rate_times_weight(findings):
    (score,) = findings["TB-RSCORE-01"]
    assert score.status == "pass" and score.severity == "error"
    assert "95.00% × 10 = 9.5；表中得分为 9.5；一致" in score.message


def test_budget_adjustment_is_explained_in_the_text(findings):
    (adjusted,) = findings["TB-ADJ-01"]
    assert adjusted.status == "pass"
    assert "调增 30.00万元" in adjusted.message and "追加" in adjusted.message


def test_no_table_rule_fails_on_the_sample(findings):
    failing = [(rule, f.message) for rule, found in findings.items() for f in found if f.status == "fail"]
    assert [item for item in failing if item[0].startswith("TB-")] == []
