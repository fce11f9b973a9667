"""End to end on the generated 项目支出绩效自评报告 samples (samples/self-eval/, samples/README.md).

Each file's failing rules (status "fail", any severity) must be exactly those its expected verdict in
samples/expected/<stem>.json names: the clean report passes every rule in every format, and each defect
copy fails its own rule and nothing else (TB-TPL-01 also fails CM-PH-02, which sees the same printed
instruction). Every table rule must also have read the tables of every sample (none unresolved or
broken), so a pass is a checked pass, not a silent one.
"""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES

from perfcheck.engine import check_file

SELF_EVAL = SAMPLES / "self-eval"
EXPECTED = SAMPLES / "expected"
FILES = sorted(p.name for p in SELF_EVAL.iterdir() if p.suffix in (".docx", ".pdf", ".txt"))
CLEAN = [name for name in FILES if name.startswith("clean")]


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name.rsplit('.', 1)[0]}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def verdicts(ruleset):
    return {name: check_file(SELF_EVAL / name, ruleset=ruleset) for name in FILES}


def test_every_sample_has_an_expected_verdict_and_every_format_occurs():
    assert len(FILES) == 22
    assert {p.rsplit(".", 1)[1] for p in FILES} == {"docx", "pdf", "txt"}
    for name in FILES:
        expected = _expected(name)
        assert expected["pack"] == "project-self-eval"
        if name.startswith("clean"):
            assert expected["failing"] == []
        else:
            assert name.rsplit(".", 1)[0] in expected["failing"]


@pytest.mark.parametrize("name", FILES)
def test_sample_fails_exactly_its_expected_rules(name, verdicts):
    verdict = verdicts[name]
    expected = _expected(name)
    assert verdict.pack == expected["pack"]
    failing = {f.rule: f.message for f in verdict.findings if f.status == "fail"}
    assert set(failing) == set(expected["failing"]), failing


@pytest.mark.parametrize("name", FILES)
def test_every_table_rule_read_the_tables(name, verdicts, ruleset):
    table_rules = {r.id for r in ruleset.rules_for("project-self-eval") if r.id.startswith("TB-")}
    assert len(table_rules) == 17
    table_findings = [f for f in verdicts[name].findings if f.rule.startswith("TB-")]
    assert {f.rule for f in table_findings} == table_rules
    unread = [(f.rule, f.status, f.message) for f in table_findings if f.status in ("unresolved", "error")]
    assert unread == []


# TB-OVER-01 judges forms that have no 全年（调整后）预算数 column; this form has one.
NOT_THIS_FORM = {"TB-OVER-01"}


@pytest.mark.parametrize("name", CLEAN)
def test_clean_sample_passes_every_table_rule(name, verdicts):
    statuses = {}
    for finding in verdicts[name].findings:
        if finding.rule.startswith("TB-"):
            statuses.setdefault(finding.rule, set()).add(finding.status)
    assert {rule for rule, found in statuses.items() if found != {"pass"} and rule not in NOT_THIS_FORM} == set()
    assert all(statuses[rule] == {"not-applicable"} for rule in NOT_THIS_FORM)
