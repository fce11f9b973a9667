"""An error rests only on a certain reading (issue 11 §0): a fail whose kind assumed something is a warning
that says what it assumed, and the JSON verdict carries the assumption."""

from __future__ import annotations

import jsonschema

from perfcheck.documents.plaintext import document_from_text
from perfcheck.engine import check_document
from perfcheck.kinds.base import Assumption, Context, Outcome
from perfcheck.model import Verdict
from perfcheck.report.json_verdict import verdict_schema, verdict_to_dict
from perfcheck.rule_runner import _finding, run_rule
from perfcheck.ruleset import Pack, Rule, Ruleset

TEXT = "全年预算数为 100 万元，其中：基本支出 60 万元，项目支出 30 万元。"


def _rule(severity: str = "error") -> Rule:
    return Rule(
        id="test-breakdown",
        kind="breakdown",
        severity=severity,  # type: ignore[arg-type]
        title="分项之和",
        message="分项之和与总数不符",
        basis="测试",
        params=None,
        examples=(),
        source="<test>",
        line=1,
        pack="test",
    )


ASSUMED = Assumption("“其中”后的两个金额为全部分项", "分项是否列全")


def test_an_assumed_error_fail_becomes_a_warning_that_says_what_was_assumed() -> None:
    context = Context(document_from_text(TEXT))
    finding = _finding(_rule("error"), Outcome("fail", "60 + 30 = 90；文中为 100", assumed=ASSUMED), context)
    assert finding.severity == "warning"
    assert "（按“其中”后的两个金额为全部分项读取，未能确定分项是否列全）" in finding.message
    assert finding.assumption == {"reading": "“其中”后的两个金额为全部分项", "unsure": "分项是否列全"}


def test_a_certain_error_fail_stays_an_error_and_carries_no_assumption() -> None:
    context = Context(document_from_text(TEXT))
    finding = _finding(_rule("error"), Outcome("fail", "60 + 30 = 90；文中为 100"), context)
    assert finding.severity == "error"
    assert finding.assumption == {}
    assert "读取" not in finding.message


def test_an_assumption_never_raises_a_warning_or_info_rule_and_still_says_what_was_assumed() -> None:
    context = Context(document_from_text(TEXT))
    for severity in ("warning", "info"):
        finding = _finding(_rule(severity), Outcome("fail", "x", assumed=ASSUMED), context)
        assert finding.severity == severity
        assert ASSUMED.note() in finding.message


def test_a_pass_on_an_assumed_reading_is_not_marked() -> None:
    context = Context(document_from_text(TEXT))
    finding = _finding(_rule(), Outcome("pass", "一致", assumed=ASSUMED), context)
    assert finding.assumption == {}
    assert finding.message == "一致"


def test_an_assumption_without_a_doubt_clause_reads_well() -> None:
    assert Assumption("第 3 列为“全年执行数”").note() == "（按第 3 列为“全年执行数”读取）"


def test_the_json_verdict_carries_the_assumption_and_validates() -> None:
    document = document_from_text(TEXT)
    context = Context(document)
    findings = (
        _finding(_rule(), Outcome("fail", "x", assumed=ASSUMED), context),
        _finding(_rule(), Outcome("fail", "y"), context),
    )
    verdict = Verdict(
        file=document.path,
        sha256=document.sha256,
        pack="test",
        pack_reason="",
        ruleset_sha256="0" * 64,
        title="",
        findings=findings,
        verdict="pass",
        fail_on="error",
        strict=False,
    )
    data = verdict_to_dict(verdict)
    jsonschema.validate(data, verdict_schema())
    assert data["findings"][0]["assumption"] == {"reading": "“其中”后的两个金额为全部分项", "unsure": "分项是否列全"}
    assert data["findings"][0]["severity"] == "warning"
    assert data["findings"][1]["assumption"] is None
    assert data["failures"] == {"error": 1, "warning": 1, "info": 0}


def test_an_assumed_fail_does_not_block_under_the_default_fail_on(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The whole pipeline: a kind's assumed fail reaches the verdict as a warning, which does not fail it.
    from perfcheck.kinds import KINDS

    class _Assuming:
        KIND = "test-assuming"

        @staticmethod
        def check(context, params):  # type: ignore[no-untyped-def]
            yield Outcome("fail", "按假设读取的结果", assumed=ASSUMED)

    monkeypatch.setitem(KINDS, "test-assuming", _Assuming)
    rule = Rule("t", "test-assuming", "error", "t", "m", "b", None, (), "<t>", 1, "test")
    ruleset = Ruleset({"test": Pack("test", "t", None, (), (rule,), "<t>")}, "0" * 64, ("test",))
    verdict = check_document(document_from_text(TEXT), ruleset)
    assert [f.severity for f in verdict.findings] == ["warning"]
    assert verdict.verdict == "pass"


def test_a_count_whose_sentence_ends_with_a_full_stop_gives_a_warning_that_says_what_it_assumed() -> None:
    # henan 职业技能竞赛经费 评价报告 (shared/corpus/real): "…评价报告的撰写提交三个阶段。" then 1.–4.
    from perfcheck.rulepack import load_ruleset

    ruleset = load_ruleset(())
    rule = next(r for p in ruleset.packs.values() for r in p.rules if r.id == "CM-COUNT-01")
    text = (
        "分为前期准备、现场实施、评价报告的撰写提交三个阶段。\n"
        "1.评价准备阶段\n2.现场实施阶段\n3.数据分析阶段\n4.评价报告撰写提交阶段"
    )
    fails = [f for f in run_rule(rule, Context(document_from_text(text))) if f.status == "fail"]
    assert [f.severity for f in fails] == ["warning"]
    assert "未能确定" in fails[0].message and fails[0].assumption["reading"].startswith("其后编号为1至4")
    announced = "涵盖以下3方面：\n1、党建工作\n2、城市管理"
    fails = [f for f in run_rule(rule, Context(document_from_text(announced))) if f.status == "fail"]
    assert [f.severity for f in fails] == ["error"]


def test_a_breakdown_whose_total_is_guessed_from_the_previous_sentence_is_a_warning() -> None:
    from perfcheck.rulepack import load_ruleset

    rule = next(r for p in load_ruleset(()).packs.values() for r in p.rules if r.id == "CM-BRK-01")
    guessed = "全年收入100万元，支出80万元。其中：人员经费50万元，公用经费40万元。"
    fails = [f for f in run_rule(rule, Context(document_from_text(guessed))) if f.status == "fail"]
    assert [f.severity for f in fails] == ["warning"] and "上一句的最后一个数“80万元”" in fails[0].message
    # 009 旌德县: the previous sentence holds only the total, so the reading is certain
    certain = "项目批复总投资61.8万元。其中:中央财政资金30.9万元,县财政资金40.9万元。"
    fails = [f for f in run_rule(rule, Context(document_from_text(certain))) if f.status == "fail"]
    assert [f.severity for f in fails] == ["error"]


def test_a_goal_paired_with_a_later_result_by_its_words_says_it_assumed_the_pairing() -> None:
    # excerpts/027_qionghai-towns-2020-project-rijianzhaoliao-selfeval.txt
    from perfcheck.rulepack import load_ruleset

    rule = next(r for p in load_ruleset(()).packs.values() for r in p.rules if r.id == "CM-TGT-01")
    text = "绩效目标:老年人日间照料中心资金完成173万元。\n三、项目绩效情况\n1.老年人日间照料中心资金完成61.99万元。"
    fails = [f for f in run_rule(rule, Context(document_from_text(text))) if f.status == "fail"]
    assert len(fails) == 1 and fails[0].assumption["unsure"] == "两处说的是同一指标"
    assert "61.99 < 173" in fails[0].message
