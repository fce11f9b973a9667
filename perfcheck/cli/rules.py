"""``perfcheck rules list|show|test|schema``: the rules as documentation, and a runner for rule case files.

``show`` prints what a rule checks (its kind's Chinese summary, then its docstring), its basis, parameters
as configured, and its examples with the status each gives now — the examples ``tests/test_rule_cases.py``
runs, plus the rule's case file when the source tree is at hand. ``test`` runs case files (``rule: ID`` and
``cases: [{name, text, expect}]``), so an office that writes its own rules checks them the way this project does.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
import typer

from perfcheck.cli.app import app as root
from perfcheck.cli.app import guarded
from perfcheck.cli.config import ConfigOption, IsolatedOption, resolve_options
from perfcheck.errors import ExitCode, RuleError

if TYPE_CHECKING:
    from perfcheck.config.settings import Settings
    from perfcheck.ruleset import Rule, Ruleset

app = typer.Typer(no_args_is_help=True, help="规则：列出、查看说明与示例、运行用例文件、输出规则文件的 JSON Schema。")
root.add_typer(app, name="rules")
RulesOption = Annotated[list[Path] | None, typer.Option("--rules", help="追加自定义规则文件（YAML），可多次使用")]


def _configured(rules: list[Path] | None, config: Path | None, isolated: bool) -> tuple[Ruleset, Settings]:
    from perfcheck.rule_overrides import apply_overrides
    from perfcheck.rulepack import load_ruleset

    settings = resolve_options({"rule-files": [str(r) for r in rules or ()]}, config, isolated).settings
    ruleset = guarded(lambda: apply_overrides(load_ruleset(settings.rule_files), settings))
    return ruleset, settings


DevOption = Annotated[bool, typer.Option("--dev", help="同时显示类型编号和英文开发文档（供编写规则的人）")]
STATUS_ZH = {
    "pass": "通过",
    "fail": "不通过",
    "unresolved": "无法判定",
    "not-applicable": "不适用",
    "error": "规则出错",
}


@app.command("list")
def list_rules(
    rules: RulesOption = None, config: ConfigOption = None, isolated: IsolatedOption = False, dev: DevOption = False
) -> None:
    """每条规则一行：编号、类型、级别（按配置）、规则包、标题；配置未启用的规则标为“未启用”。"""
    from perfcheck.i18n import kind_label, severity_label

    ruleset, settings = _configured(rules, config, isolated)
    rows: list[tuple[str, ...]] = [("编号", "类型", "级别", "规则包", "标题")]
    for rule in ruleset.rules.values():
        kind = f"{kind_label(rule.kind)}（{rule.kind}）" if dev else kind_label(rule.kind)
        off = "" if settings.runs(rule.id) else "  （未启用）"
        rows.append((rule.id, kind, severity_label(rule.severity), rule.pack, f"{rule.title}{off}"))
    sys.stdout.write("".join(_aligned(row, rows) + "\n" for row in rows))


def _aligned(row: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """The row's cells padded to the widest of each column, measured in terminal cells (CJK = 2)."""
    from perfcheck.report.printable import printable
    from perfcheck.report.wrap import cell_len

    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(row) - 1)]
    cells = [printable(cell) + " " * (width - cell_len(cell)) for cell, width in zip(row, widths, strict=False)]
    return "  ".join([*cells, printable(row[-1])]).rstrip()


@app.command("show")
def show_rule(
    rule_id: Annotated[str, typer.Argument(help="规则编号，如 OE-SUM-01", show_default=False)],
    rules: RulesOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    dev: DevOption = False,
) -> None:
    """一条规则的说明：检查什么、依据、参数、通过与不通过的示例（即测试所用的示例）。"""
    ruleset, _ = _configured(rules, config, isolated)
    found = ruleset.rules
    rule = found.get(rule_id)
    if rule is None:
        sys.stderr.write(f"perfcheck：没有规则 {rule_id}（perfcheck rules list 列出全部规则）\n")
        raise typer.Exit(int(ExitCode.USAGE))
    sys.stdout.write(describe_rule(rule, dev=dev))


def describe_rule(rule: Rule, *, dev: bool = False) -> str:
    """What an officer reads about a rule; ``dev`` adds the kind's id, the English message and docstring."""
    from perfcheck.engine import example_status
    from perfcheck.i18n import kind_label, severity_label
    from perfcheck.rulepack import builtin_rules_dir

    kind = f"{kind_label(rule.kind)}（{rule.kind}）" if dev else kind_label(rule.kind)
    lines = [
        f"{rule.id}  {rule.title}",
        f"类型：{kind}　级别：{severity_label(rule.severity)}　规则包：{rule.pack}（{rule.source}:{rule.line}）",
        f"依据：{rule.basis}",
        f"说明模板：{rule.message}",
    ]
    if rule.message_en and dev:
        lines.append(f"说明模板（英文）：{rule.message_en}")
    lines += ["", "检查什么：", *_indent(rule.module.SUMMARY_ZH)]
    if dev:
        lines += ["", "类型说明（开发文档，英文）：", *_indent((rule.module.__doc__ or "").strip())]
    lines += ["", "参数："]
    params = _plain(rule.params).items()
    lines += [f"  {name} = {'（未设）' if value is None else value}" for name, value in params] or ["  （无）"]
    if not dev:
        lines += ["", "（加 --dev 显示类型编号和英文开发文档）"]
    lines += ["", "示例（测试运行的同一组示例；✓ 表示现在的结果与预期一致）："]
    for example in rule.examples:
        lines.append(_example_line(example.expect, example_status(rule, example.text), example.text))
    case_file = builtin_rules_dir().parent / "tests" / "rule_cases" / f"{rule.id}.yml"
    if case_file.is_file():
        lines += ["", f"用例文件 {case_file}："]
        for case in _read_cases(case_file)[1]:
            lines.append(_example_line(case["expect"], example_status(rule, case["text"]), case["text"], case["name"]))
    return "\n".join(lines) + "\n"


def _example_line(expect: str, got: str, text: str, name: str = "") -> str:
    mark = "✓" if got == expect else f"✗ 实际为{STATUS_ZH.get(got, got)}"
    label = f"{name}：" if name else ""
    return f"  {mark} 应为{STATUS_ZH.get(expect, expect)}：{label}{text.replace(chr(10), ' / ')}"


def _indent(text: str) -> list[str]:
    return [f"  {line}" if line else "" for line in text.splitlines()]


def _plain(value: Any) -> Any:
    """Parameters as a reader writes them: regexes as their text, tuples as lists, nested values as mappings."""
    if isinstance(value, msgspec.Struct):
        return {name: _plain(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "pattern") and hasattr(value, "search"):
        return value.pattern
    return value


@app.command("test")
def test_rules(
    paths: Annotated[list[Path], typer.Argument(help="用例文件（.yml）或其所在文件夹", show_default=False)],
    rules: RulesOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """运行规则用例文件（rule: 编号；cases: [{name, text, expect}]），逐条规则报告通过与失败的用例。"""
    from perfcheck.engine import example_status

    ruleset, _ = _configured(rules, config, isolated)
    found = ruleset.rules
    files = [f for p in paths for f in (sorted(p.glob("*.yml")) if p.is_dir() else [p])]
    if not files:
        sys.stderr.write(f"perfcheck：{'、'.join(map(str, paths))} 中没有用例文件（.yml）\n")
        raise typer.Exit(int(ExitCode.USAGE))
    failed = 0
    for file in files:
        rule_id, cases = guarded(partial(_read_cases, file))
        rule = found.get(rule_id)
        if rule is None:
            guarded(partial(_unknown, file, rule_id))
            continue
        results = [(case, example_status(rule, case["text"])) for case in cases]
        wrong = [(case, got) for case, got in results if got != case["expect"]]
        failed += len(wrong)
        sys.stdout.write(f"{rule_id}  {len(results) - len(wrong)} 通过，{len(wrong)} 失败  （{file}）\n")
        for case, got in wrong:
            sys.stdout.write(f"  ✗ {case['name']}：应为 {case['expect']}，实际为 {got}\n")
    raise typer.Exit(int(ExitCode.FINDINGS if failed else ExitCode.OK))


def _unknown(file: Path, rule_id: str) -> None:
    raise RuleError(str(file), None, f"用例文件中的规则 {rule_id} 不存在（可用 --rules 加载自定义规则文件）")


def _read_cases(path: Path) -> tuple[str, list[dict[str, str]]]:
    """A case file's rule id and cases, each checked for name, text and a known expectation."""
    import yaml

    from perfcheck.config.settings import read_small_file
    from perfcheck.config.yaml_limits import safe_load_bounded
    from perfcheck.rule_file import EXPECTATIONS

    try:  # bounded like every rule file: a regular file of a few MB, aliases not expanding past a limit
        text = read_small_file(path, lambda problem: RuleError(str(path), None, problem))
        data = safe_load_bounded(text, lambda line, problem: RuleError(str(path), line, problem))
    except OSError as error:
        raise RuleError(str(path), None, f"无法读取（{error.strerror or error}）") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise RuleError(str(path), mark.line + 1 if mark else None, f"不是有效的 YAML：{error}") from None
    except ValueError as error:  # a date YAML cannot build (2020-13-45)
        raise RuleError(str(path), None, f"不是有效的 YAML：{error}") from None
    if not isinstance(data, dict) or not data.get("rule") or not isinstance(data.get("cases"), list):
        raise RuleError(str(path), None, "用例文件应为 {rule: 规则编号, cases: [{name, text, expect}, …]}")
    cases = []
    for number, case in enumerate(data["cases"], 1):
        if not isinstance(case, dict) or "text" not in case or case.get("expect") not in EXPECTATIONS:
            raise RuleError(
                str(path), None, f"第 {number} 个用例应有 text 和 expect（{' / '.join(sorted(EXPECTATIONS))}）"
            )
        cases.append({"name": str(case.get("name", number)), "text": str(case["text"]), "expect": case["expect"]})
    return str(data["rule"]), cases


@app.command("schema")
def schema() -> None:
    """输出规则文件的 JSON Schema（供编辑器校验；规则包首行的 yaml-language-server 注释即指向它）。"""
    from perfcheck.rule_schema import shipped_schema_text

    sys.stdout.write(shipped_schema_text())
