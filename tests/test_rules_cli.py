"""Rules as documentation: ``perfcheck rules list|show|test|schema``, the schema generated from the kinds'
Params and shipped in step with them, the packs' yaml-language-server comment, and the pre-commit hook."""

from __future__ import annotations

import re

import jsonschema
import pytest
import yaml
from conftest import ROOT
from test_cli import run

from perfcheck.rule_file import PACK_KEYS, RULE_KEYS
from perfcheck.rule_schema import SCHEMA_FILE, render_schema, rule_file_schema
from perfcheck.rulepack import builtin_rules_dir

PACKS = sorted(builtin_rules_dir().glob("*.yml"))


def test_list_has_one_line_per_rule_with_kind_severity_and_pack(ruleset):
    from perfcheck.i18n import kind_label, severity_label

    header, *lines = run("rules", "list").stdout.splitlines()
    assert header.split() == ["编号", "类型", "级别", "规则包", "标题"]
    every = [r for pack in ruleset.packs.values() for r in pack.rules]
    assert len(lines) == len(every)
    first = every[0]
    kind, severity = kind_label(first.kind), severity_label(first.severity)
    expected = rf"^{first.id}\s+{kind}\s+{severity}\s+{first.pack}\s+{re.escape(first.title)}$"
    assert re.match(expected, lines[0])
    assert not re.search(r"\s(error|warning|info)\s", "\n".join(lines)), "severities are Chinese"
    dev = run("rules", "list", "--dev").stdout
    assert f"{kind}（{first.kind}）" in dev


def test_list_shows_configured_severity_and_unselected_rules(tmp_path):
    (tmp_path / "perfcheck.toml").write_text('ignore = ["CM-PH-02"]\n[rules.CM-PH-01]\nseverity = "info"\n')
    lines = {line.split()[0]: line for line in run("rules", "list", cwd=tmp_path).stdout.splitlines()}
    assert lines["CM-PH-01"].split()[2] == "提示"
    assert lines["CM-PH-02"].endswith("（未启用）") and not lines["CM-PH-01"].endswith("（未启用）")


def test_show_prints_what_it_checks_basis_params_and_the_tested_examples(ruleset):
    rule = next(r for p in ruleset.packs.values() for r in p.rules if r.id == "CM-EST-01")
    from perfcheck.cli.rules import STATUS_ZH

    result = run("rules", "show", "CM-EST-01")
    assert result.returncode == 0
    text = result.stdout
    assert rule.basis in text and "级别：警告" in text and "类型：文字模式" in text
    assert rule.module.SUMMARY_ZH in text
    assert rule.module.__doc__.strip().splitlines()[0] not in text, "the English notes only with --dev"
    dev = run("rules", "show", "CM-EST-01", "--dev").stdout
    assert rule.module.__doc__.strip().splitlines()[0] in dev, "the kind's docstring says what it checks"
    assert rule.module.SUMMARY_ZH in dev.split("类型说明（开发文档，英文）")[0], "the Chinese summary comes first"
    assert f"pattern = {rule.params.pattern.pattern}" in text
    for example in rule.examples:
        assert f"✓ 应为{STATUS_ZH[example.expect]}：{example.text}" in text
    cases = yaml.safe_load((ROOT / "tests" / "rule_cases" / "CM-EST-01.yml").read_text(encoding="utf-8"))["cases"]
    for case in cases:
        assert case["text"] in text
    assert "✗" not in text


def test_show_an_unknown_rule_exits_2():
    result = run("rules", "show", "NO-SUCH-01")
    assert result.returncode == 2 and "NO-SUCH-01" in result.stderr


def test_rules_test_reports_per_rule_and_exits_1_on_a_failing_case(tmp_path):
    good = run("rules", "test", ROOT / "tests" / "rule_cases" / "CM-PH-01.yml")
    assert good.returncode == 0 and re.match(r"^CM-PH-01  \d+ 通过，0 失败", good.stdout)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "mine.yml").write_text(
        "rule: CM-EST-01\ncases:\n  - {name: 实际数, text: 全年完成5亿元。, expect: pass}\n"
        "  - {name: 写错的预期, text: 全年完成5亿元。, expect: fail}\n",
        encoding="utf-8",
    )
    (cases / "other.yml").write_text("rule: CM-PH-01\ncases:\n  - {name: 占位, text: 负责人：XX, expect: fail}\n")
    result = run("rules", "test", cases)
    assert result.returncode == 1
    assert "CM-EST-01  1 通过，1 失败" in result.stdout and "CM-PH-01  1 通过，0 失败" in result.stdout
    assert "✗ 写错的预期：应为 fail，实际为 pass" in result.stdout


def test_rules_test_runs_an_offices_own_rules(tmp_path):
    rules = tmp_path / "office.yml"
    rules.write_text(
        "rules:\n  - id: OF-DR-01\n    kind: pattern\n    severity: error\n    title: 草稿字样\n"
        "    basis: 本单位要求：报送的报告中不得出现“草稿”字样。\n    message: 出现“{match}”\n"
        "    params: {pattern: 草稿}\n",
        encoding="utf-8",
    )
    case = tmp_path / "OF-DR-01.yml"
    case.write_text("rule: OF-DR-01\ncases:\n  - {name: 草稿, text: 本稿为草稿。, expect: fail}\n", encoding="utf-8")
    assert run("rules", "test", case).returncode == 2, "without --rules the rule is unknown"
    assert run("rules", "test", "--rules", rules, case).returncode == 0


def test_rules_test_refuses_a_malformed_case_file(tmp_path):
    case = tmp_path / "bad.yml"
    case.write_text("rule: CM-PH-01\ncases:\n  - {name: x, text: y, expect: maybe}\n", encoding="utf-8")
    result = run("rules", "test", case)
    assert result.returncode == 2 and "bad.yml" in result.stderr and "Traceback" not in result.stderr


def test_the_shipped_schema_is_the_generated_one():
    shipped = (ROOT / "perfcheck" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert shipped == render_schema(rule_file_schema()), "regenerate: python -m perfcheck.rule_schema"
    assert run("rules", "schema").stdout == shipped


def test_the_schema_lists_exactly_the_keys_the_loader_accepts():
    schema = rule_file_schema()
    assert set(schema["definitions"]["rule"]["properties"]) == RULE_KEYS
    assert set(schema["anyOf"][0]["properties"]) == PACK_KEYS


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_shipped_packs_validate_and_point_editors_at_the_schema(pack):
    text = pack.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../perfcheck/rules.schema.json\n")
    assert (pack.parent / "../perfcheck/rules.schema.json").resolve().is_file()
    jsonschema.Draft7Validator(rule_file_schema()).validate(yaml.safe_load(text))


@pytest.mark.parametrize(
    "params",
    [{"patern": "x"}, {"pattern": "x", "must": "sometimes"}, {"pattern": "x", "max_findings": "many"}],
)
def test_the_schema_refuses_what_the_loader_refuses(params):
    rule = {"id": "OF-X-01", "kind": "pattern", "severity": "error", "message": "m", "basis": "b", "params": params}
    validator = jsonschema.Draft7Validator(rule_file_schema())
    assert list(validator.iter_errors([rule]))
    assert not list(validator.iter_errors([{**rule, "params": {"pattern": "x"}}]))


def test_pre_commit_hook_runs_perfcheck_on_changed_reports():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "perfcheck" and hook["entry"].split()[0] == "perfcheck"
    pattern = re.compile(hook["files"])
    assert all(pattern.search(name) for name in ("a.docx", "报告/b.pdf", "c.txt"))
    assert not any(pattern.search(name) for name in ("a.xlsx", "b.docx.bak", "perfcheck.toml"))


def test_pre_commit_entry_checks_several_files_in_concise_format(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("2023年度某街道整体支出绩效自评报告\n负责人：XX。\n", encoding="utf-8")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    args = hook["entry"].split()[1:]
    result = run(*args, "--isolated", "a.txt", "b.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"a.txt", "b.txt"}
