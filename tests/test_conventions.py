"""Conventions are tests: every kind documented with examples, every rule with a basis and a case file,
and the layers import only what they may."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from perfcheck.kinds import KINDS
from perfcheck.rulepack import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "perfcheck"
RULES = list(load_ruleset().rules.values())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_is_documented_with_passing_and_failing_examples(kind):
    module = KINDS[kind]
    assert module.__doc__ and len(module.__doc__.strip()) > 200, "the docstring is the user documentation"
    assert module.__name__.rsplit(".", 1)[1] == kind.replace("-", "_"), "module is the kind name in snake_case"
    params = module.Params
    assert dataclasses.is_dataclass(params) and params.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert isinstance(module.VARIABLES, tuple)
    for name in module.VARIABLES:
        assert f"{{{name}}}" in module.__doc__, f"placeholder {{{name}}} is documented"
    examples_file = Path(module.__file__).with_suffix(".examples.yml")  # type: ignore[attr-defined]
    examples = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
    expectations = {e["expect"] for e in examples}
    assert {"pass", "fail"} <= expectations, f"{examples_file.name} needs a passing and a failing example"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_has_a_chinese_summary_naming_its_parameters(kind):
    module = KINDS[kind]
    summary = getattr(module, "SUMMARY_ZH", "")
    assert isinstance(summary, str) and summary.strip(), "rules show prints SUMMARY_ZH under 检查什么"
    assert len(re.findall(r"[\u4e00-\u9fff]", summary)) >= 20, "the summary is written in Chinese"
    for field in dataclasses.fields(module.Params):
        assert re.search(rf"(?<![A-Za-z_]){field.name}(?![A-Za-z_])", summary), f"the summary names {field.name}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_basis_examples_and_case_file(rule):
    assert len(rule.basis) >= 10, "basis cites the regulation, the form's instruction or the identity"
    assert rule.title and rule.title != rule.id
    assert {"pass", "fail"} <= {e.expect for e in rule.examples}
    case_file = ROOT / "tests" / "rule_cases" / f"{rule.id}.yml"
    assert case_file.exists(), f"{case_file.name} is missing"
    cases = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert cases["rule"] == rule.id
    assert {"pass", "fail"} <= {c["expect"] for c in cases["cases"]}


def test_rule_ids_are_unique_across_packs():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


LAYERS = {
    "typer": lambda rel: rel.startswith("cli/"),
    "rich": lambda rel: rel.startswith("report/"),
    # python-docx reads in documents/ and writes Word comments in report/annotate_docx.py.
    "docx": lambda rel: rel.startswith("documents/") or rel == "report/annotate_docx.py",
    "pdfplumber": lambda rel: rel.startswith("documents/"),
    "pypdfium2": lambda rel: rel.startswith("documents/"),
    "lxml": lambda rel: rel.startswith("documents/"),
    # openpyxl reads workbooks in documents/ and writes the batch workbook in report/.
    "openpyxl": lambda rel: rel.startswith(("documents/", "report/")),
}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_import_only_what_they_may(path):
    rel = path.relative_to(PACKAGE).as_posix()
    for name in _imports(path):
        allowed = LAYERS.get(name)
        assert allowed is None or allowed(rel), f"{rel} imports {name}"
