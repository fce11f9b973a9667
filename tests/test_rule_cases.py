"""One YAML case file per rule (``tests/rule_cases/<RULE>.yml``), one runner for all of them.

``pytest -k OE-SUM-01`` runs one rule's cases. Each case is a small document and the status the
rule must give it (see ``perfcheck.engine.summarize_statuses``); the rule's own ``examples`` in the pack
run here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from perfcheck.engine import example_status
from perfcheck.rulepack import load_ruleset

CASES = Path(__file__).parent / "rule_cases"
RULES = load_ruleset().rules


def _cases():
    for path in sorted(CASES.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(path.stem, case, id=f"{path.stem}-{case['name']}")


def _examples():
    for rule in RULES.values():
        for number, example in enumerate(rule.examples):
            yield pytest.param(rule.id, example, id=f"{rule.id}-example-{number}")


@pytest.mark.parametrize(("rule_id", "case"), list(_cases()))
def test_rule_case(rule_id, case):
    assert rule_id in RULES, f"case file for unknown rule {rule_id}"
    assert example_status(RULES[rule_id], case["text"]) == case["expect"]


@pytest.mark.parametrize(("rule_id", "example"), list(_examples()))
def test_rule_example(rule_id, example):
    assert example_status(RULES[rule_id], example.text) == example.expect
