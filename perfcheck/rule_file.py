"""One rule file read and validated: YAML in, a :class:`~perfcheck.ruleset.Pack` out.

A pack file::

    pack: overall-expenditure
    title: 部门整体支出绩效评价报告
    detect: "整体支出绩效(评价|自评)"
    extends: [common]
    rules:
      - id: OE-SUM-01
        kind: sum
        ...

Reading refuses, with ``file:line``: text that is not YAML, YAML object tags (``!!python/object``),
unknown keys, unknown kinds, duplicate ids, parameters that do not fit the kind, regexes that do not
compile, message placeholders the kind does not provide. Imported only when a rule file has to be read
(the pack cache holds the packs already validated), so a run from the cache never imports YAML.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

import regex
import yaml

from perfcheck.config.params import ParamError, convert
from perfcheck.config.settings import line_of
from perfcheck.config.yaml_limits import SAFE_LOADER, safe_load_bounded
from perfcheck.errors import RuleError
from perfcheck.kinds import KINDS, KindModule
from perfcheck.model import SEVERITIES
from perfcheck.ruleset import Example, Pack, Rule

RULE_KEYS = {"id", "kind", "severity", "title", "message", "message_en", "basis", "params", "examples", "enabled"}
PACK_KEYS = {"pack", "title", "detect", "outline", "extends", "rules", "description"}
EXPECTATIONS = {"pass", "fail", "unresolved", "not-applicable"}


class _Lined(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int = 0


class _LineLoader(SAFE_LOADER):
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _Lined:
    mapping = _Lined(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_pack(text: str, source: str, seen_ids: dict[str, str] | None = None) -> Pack:
    """One YAML rule file as a :class:`Pack`. A file with only ``rules:`` joins the pack ``user``."""
    seen_ids = {} if seen_ids is None else seen_ids
    try:
        data = safe_load_bounded(text, lambda line, problem: RuleError(source, line, problem), _LineLoader)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        problem = error.problem or str(error)
        if isinstance(error, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"不允许的 YAML 标签（规则文件只能包含数据）：{problem}"
        raise RuleError(source, line, f"不是有效的 YAML：{problem}") from None
    except yaml.YAMLError as error:
        raise RuleError(source, None, f"不是有效的 YAML：{error}") from None
    except ValueError as error:  # a value YAML reads as a date but cannot build (2020-13-45)
        raise RuleError(source, None, f"不是有效的 YAML：{error}（日期应为 YYYY-MM-DD，或加引号写成文字）") from None
    if isinstance(data, list):
        data = _Lined(rules=data)
    if data is None:
        raise RuleError(source, None, "文件为空（没有 pack 或 rules）")
    if not isinstance(data, dict):
        first = next((n for n, row in enumerate(text.splitlines(), 1) if row.strip() and not row.startswith("#")), None)
        raise RuleError(source, first, f"规则文件的顶层应为映射（pack/rules），实为 {type(data).__name__}")
    line = getattr(data, "line", None)
    unknown = sorted(set(data) - PACK_KEYS)
    if unknown:
        raise RuleError(source, line, f"未知的键 {', '.join(unknown)}（可用：{', '.join(sorted(PACK_KEYS))}）")
    name = str(data.get("pack", "user"))
    detect = None
    if data.get("detect"):
        try:
            detect = regex.compile(str(data["detect"]))
        except regex.error as error:
            raise RuleError(source, line, f"detect 正则表达式无法编译：{error}") from None
    outline = _parse_outline(data.get("outline"), source, line)
    extends = data.get("extends") or ()
    if not isinstance(extends, (str, list, tuple)):
        raise RuleError(source, line_of(text, "extends") or line, "extends 应为规则包名或规则包名的列表")
    extends = (extends,) if isinstance(extends, str) else tuple(map(str, extends))
    if name in extends:
        raise RuleError(source, line_of(text, "extends") or line, f"规则包“{name}”不能继承自身（extends: {name}）")
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RuleError(source, line, "rules 应为列表")
    rules = tuple(_parse_rule(raw, source, name, seen_ids) for raw in raw_rules)
    return Pack(name, str(data.get("title", name)), detect, extends, rules, source, outline)


def _parse_outline(raw: Any, source: str, line: int | None) -> tuple[regex.Pattern[str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise RuleError(source, line, "outline 应为正则表达式的列表（该类报告提纲中的章节标题）")
    try:
        return tuple(regex.compile(item) for item in raw)
    except regex.error as error:
        raise RuleError(source, line, f"outline 正则表达式无法编译：{error}") from None


def _parse_rule(raw: Any, source: str, pack: str, seen_ids: dict[str, str]) -> Rule:
    line = getattr(raw, "line", None)
    if not isinstance(raw, dict):
        raise RuleError(source, line, "每条规则应为映射（id、kind、severity…）")
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise RuleError(source, line, f"未知的键 {', '.join(unknown)}（可用：{', '.join(sorted(RULE_KEYS))}）")
    for key in ("id", "kind", "severity", "message", "basis"):
        if not raw.get(key):
            raise RuleError(source, line, f"规则缺少 {key}")
    rule_id = str(raw["id"])
    if rule_id in seen_ids:
        raise RuleError(source, line, f"规则编号 {rule_id} 重复（已在 {seen_ids[rule_id]} 中定义）")
    seen_ids[rule_id] = f"{source}:{line}"
    kind = str(raw["kind"])
    if kind not in KINDS:
        raise RuleError(source, line, f"未知的规则类型 kind: {kind}（可用：{', '.join(sorted(KINDS))}）")
    severity = str(raw["severity"])
    if severity not in SEVERITIES:
        raise RuleError(source, line, f"severity 应为 error / warning / info，实为 {severity}")
    module = KINDS[kind]
    try:
        params = convert(module.Params, raw.get("params"))
    except ParamError as error:
        params_line = getattr(raw.get("params"), "line", line)
        raise RuleError(source, params_line, f"规则 {rule_id}：{error}") from None
    message = str(raw["message"])
    _check_placeholders(message, module, source, line, rule_id)
    message_en = str(raw.get("message_en") or "")
    _check_placeholders(message_en, module, source, line, rule_id)
    examples = tuple(_parse_example(e, source, line, rule_id) for e in raw.get("examples") or ())
    return Rule(
        id=rule_id,
        kind=kind,
        severity=severity,
        title=str(raw.get("title", rule_id)),
        message=message,
        basis=str(raw["basis"]),
        params=params,
        examples=examples,
        source=source,
        line=line or 0,
        pack=pack,
        message_en=message_en,
    )


def _check_placeholders(message: str, module: KindModule, source: str, line: int | None, rule_id: str) -> None:
    try:
        fields = [name for _, name, _, _ in Formatter().parse(message) if name is not None]
    except ValueError as error:
        raise RuleError(source, line, f"规则 {rule_id} 的 message 模板有误：{error}") from None
    allowed = set(module.VARIABLES) | {"detail"}
    for name in fields:
        if name not in allowed:
            raise RuleError(
                source,
                line,
                f"规则 {rule_id} 的 message 使用了未知占位符 {{{name}}}（可用：{', '.join(sorted(allowed))}）",
            )


def _parse_example(raw: Any, source: str, rule_line: int | None, rule_id: str) -> Example:
    line = getattr(raw, "line", rule_line)
    if not isinstance(raw, dict) or set(raw) - {"text", "expect"} or "text" not in raw:
        raise RuleError(source, line, f"规则 {rule_id} 的示例应为 {{text: …, expect: pass|fail}}")
    expect = str(raw.get("expect", "pass"))
    if expect not in EXPECTATIONS:
        raise RuleError(source, line, f"规则 {rule_id} 的示例 expect 应为 {' / '.join(sorted(EXPECTATIONS))}")
    return Example(str(raw["text"]), expect, line or 0)
