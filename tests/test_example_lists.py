"""The example report end to end for the list, completion, numbering and consistency rules.

The example (samples/qingshuitang-2018-overall.txt, a real 2018 report) declares "等6方面内容" / "4大部门"
/ "5大部门" lists that are right, says "为全年任务数的85%" beside "超额完成年计划的3.6%", restarts 1、2、3
three times under "一、", and names a work area 社会管理事务 in section 一 but spends on 社会发展事务 in
section 二. Two altered copies check that a wrong count and a duplicated number are caught.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE_TXT

from perfcheck.engine import check_file
from perfcheck.model import Finding, Verdict

RULES = ("CM-COMP-01", "CM-COUNT-01", "CM-NUM-01", "OE-CONS-01")


def _findings(verdict: Verdict, rule: str) -> list[Finding]:
    return [f for f in verdict.findings if f.rule == rule]


@pytest.fixture(scope="module")
def verdict() -> Verdict:
    return check_file(EXAMPLE_TXT)


def _altered(tmp_path: Path, old: str, new: str) -> Verdict:
    text = EXAMPLE_TXT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "altered-qingshuitang-2018-overall.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return check_file(path)


def test_no_rule_breaks_on_the_example(verdict):
    assert not [f for f in verdict.findings if f.rule in RULES and f.status == "error"]


def test_declared_counts_are_verified(verdict):
    findings = _findings(verdict, "CM-COUNT-01")
    assert all(f.status == "pass" for f in findings), [f.message for f in findings]
    messages = " ".join(f.message for f in findings)
    for declared in ("声明6方面，列出6项", "声明4大部门，列出4项", "声明5大部门，列出5项"):
        assert declared in messages


def test_completion_below_target_is_flagged_once(verdict):
    findings = _findings(verdict, "CM-COMP-01")
    failing = [f for f in findings if f.status == "fail"]
    assert len(failing) == 1
    assert failing[0].severity == "warning"
    assert "为全年任务数的85%" in failing[0].message
    assert failing[0].where is not None and "全年任务数的85%" in failing[0].where.text
    passing = " ".join(f.message for f in findings if f.status == "pass")
    assert "超额完成年计划的3.6%" in passing and "103.6%" in passing
    assert "完成率100%" in passing


def test_work_area_renamed_between_sections_is_flagged(verdict):
    failing = [f for f in _findings(verdict, "OE-CONS-01") if f.status == "fail"]
    assert len(failing) == 1, [f.message for f in failing]
    assert "社会管理事务" in failing[0].message and "社会发展事务" in failing[0].message
    assert "城市管理" not in failing[0].message


def test_restarting_lists_are_not_a_numbering_fault(verdict):
    findings = _findings(verdict, "CM-NUM-01")
    assert [f.status for f in findings] == ["pass"], [f.message for f in findings]


def test_wrong_declared_count_fails(tmp_path):
    altered = _altered(tmp_path, "等6方面内容", "等7方面内容")
    failing = [f for f in _findings(altered, "CM-COUNT-01") if f.status == "fail"]
    assert len(failing) == 1
    assert failing[0].message.startswith("声明7方面，实际列出6项")
    assert failing[0].severity == "error"


def test_duplicated_item_number_fails(tmp_path):
    # the source writes "3、 公共服务" with a space, as Word's export left it
    altered = _altered(tmp_path, "3、 公共服务主要涉及", "2、 公共服务主要涉及")
    failing = [f for f in _findings(altered, "CM-NUM-01") if f.status == "fail"]
    assert len(failing) == 1
    assert "“2、”重复" in failing[0].message
    assert failing[0].where is not None and "公共服务主要涉及" in failing[0].where.text
