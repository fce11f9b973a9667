"""Rule packs: load the YAML, validate every rule, resolve ``extends``, choose a pack for a document.

A pack file::

    pack: overall-expenditure
    title: 部门整体支出绩效评价报告
    detect: "整体支出绩效(评价|自评)"
    extends: [common]
    rules:
      - id: OE-SUM-01
        kind: sum
        ...

Loading refuses, with ``file:line``: text that is not YAML, YAML object tags (``!!python/object``),
unknown keys, unknown kinds, duplicate ids, parameters that do not fit the kind, regexes that do not
compile, message placeholders the kind does not provide. The examples of a user's own rule file run
at load time too; the shipped packs' examples run in the test suite (``tests/test_rule_cases.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

import regex
import yaml

from perfcheck.config.params import ParamError, convert
from perfcheck.config.settings import line_in_file, line_of
from perfcheck.config.yaml_limits import check_yaml_size
from perfcheck.errors import RuleError, UsageError
from perfcheck.files import SMALL_FILE_LIMIT, read_bounded
from perfcheck.kinds import KINDS, KindModule
from perfcheck.kinds.base import PackReading
from perfcheck.model import SEVERITIES, Document, Severity
from perfcheck.pack_cache import read_cached, ruleset_key, write_cached

RULE_KEYS = {"id", "kind", "severity", "title", "message", "message_en", "basis", "params", "examples", "enabled"}
PACK_KEYS = {"pack", "title", "detect", "outline", "extends", "rules", "description"}
EXPECTATIONS = {"pass", "fail", "unresolved", "not-applicable"}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # ~7x faster where libyaml is present


class _Lined(dict):
    """A YAML mapping that remembers the line it started on."""

    line: int = 0


class _LineLoader(_Loader):
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _Lined:
    mapping = _Lined(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    expect: str
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    severity: Severity
    title: str
    message: str
    basis: str
    params: Any
    examples: tuple[Example, ...]
    source: str
    line: int
    pack: str
    message_en: str = ""  # the message under --lang en; the Chinese one when a rule has none

    @property
    def module(self) -> KindModule:
        return KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    title: str
    detect: regex.Pattern[str] | None
    extends: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str
    # Section titles (regexes) that mark this report type's template; with the title they choose the pack.
    outline: tuple[regex.Pattern[str], ...] = ()


@dataclass(frozen=True, slots=True)
class Ruleset:
    """The packs that were loaded, by name, and a hash of the files they came from."""

    packs: dict[str, Pack]
    sha256: str
    # Packs defined by the user's own rule files (--rules, rule-files): chosen first by their detect, and
    # added to the chosen pack when they extend a pack of its chain.
    own: tuple[str, ...] = ()

    @property
    def rules(self) -> dict[str, Rule]:
        """Every loaded rule by id, in pack order."""
        return {rule.id: rule for pack in self.packs.values() for rule in pack.rules}

    def rules_for(self, name: str) -> tuple[Rule, ...]:
        """The rules of a pack and of every pack it extends, parents first, each once."""
        return tuple(rule for pack_name in self.chain(name) for rule in self.packs[pack_name].rules)

    def add_ons(self, name: str) -> tuple[Pack, ...]:
        """The user's own packs, without a detect of their own, that extend a pack of ``name``'s chain."""
        chain = self.chain(name)
        return tuple(
            self.packs[own]
            for own in self.own
            if own not in chain and self.packs[own].detect is None and set(self.packs[own].extends) & set(chain)
        )

    def chain(self, name: str) -> list[str]:
        """``name`` and every pack it extends, parents first, each once."""
        seen: list[str] = []

        def visit(pack_name: str, chain: tuple[str, ...]) -> None:
            if pack_name in chain:
                where = self.packs[pack_name].source
                raise UsageError(f"规则包继承出现循环：{' → '.join((*chain, pack_name))}（{where}）")
            pack = self.packs.get(pack_name)
            if pack is None:
                raise UsageError(f"未知的规则包“{pack_name}”（可用：{', '.join(sorted(self.packs))}）")
            for parent in pack.extends:
                visit(parent, (*chain, pack_name))
            if pack_name not in seen:
                seen.append(pack_name)

        visit(name, ())
        return seen

    def choose(self, document: Document, requested: str | None = None) -> tuple[str, str]:
        """The pack for ``document`` and the reason, in Chinese, it was chosen."""
        choice = self.choose_pack(document, requested)
        return choice.name, choice.reason

    def choose_pack(self, document: Document, requested: str | None = None) -> PackReading:
        """The pack for ``document`` from its title and its section headings together (see ``pack_choice``)."""
        if requested:
            if requested not in self.packs:
                raise UsageError(f"未知的规则包“{requested}”（可用：{', '.join(sorted(self.packs))}）")
            pack = self.packs[requested]
            return PackReading(requested, pack.title, True, f"按 --pack 指定使用“{requested}”")
        from perfcheck.pack_choice import choose_pack

        ordered = [self.packs[name] for name in self.own] + [p for p in self.packs.values() if p.name not in self.own]
        return choose_pack(document, ordered, self.own)


def builtin_rules_dir() -> Path:
    """The shipped packs: inside the installed wheel, or ``rules/`` beside the package in a checkout."""
    package = Path(__file__).resolve().parent  # the wheel installs perfcheck as plain files (no zip import)
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def load_ruleset(extra_files: Sequence[str | Path] = (), *, include_builtin: bool = True) -> Ruleset:
    """The shipped packs and the user's rule files, validated; from the pack cache when nothing changed."""
    files: list[Path] = sorted(builtin_rules_dir().glob("*.yml")) if include_builtin else []
    user_files = [Path(f) for f in extra_files]
    contents = [(path, _read(path)) for path in [*files, *user_files]]
    key = ruleset_key(contents)
    cached = read_cached(key)
    if isinstance(cached, Ruleset):
        return cached
    ruleset = _build_ruleset(contents, user_files)
    write_cached(key, ruleset)
    return ruleset


def _build_ruleset(contents: Sequence[tuple[Path, bytes]], user_files: Sequence[Path]) -> Ruleset:
    packs: dict[str, Pack] = {}
    own: list[str] = []
    seen_ids: dict[str, str] = {}
    digest = hashlib.sha256()
    shipped = {str(path) for path, _ in contents if path not in user_files}
    for path, raw in contents:
        digest.update(raw)
        pack = parse_pack(raw.decode("utf-8", errors="replace"), str(path), seen_ids)
        if path in user_files and pack.name in packs and packs[pack.name].source in shipped:
            raise RuleError(
                str(path),
                line_in_file(str(path), "pack"),
                f"规则包名“{pack.name}”与内置规则包重名；请换一个名字，并用 extends: {pack.name} 继承它",
            )
        if pack.name in packs:
            merged = packs[pack.name]
            pack = Pack(
                merged.name,
                merged.title,
                merged.detect,
                merged.extends,
                merged.rules + pack.rules,
                merged.source,
                merged.outline + pack.outline,
            )
        elif path in user_files and pack.name != "user":
            own.append(pack.name)
        packs[pack.name] = pack
        if path in user_files:
            from perfcheck.rule_runner import run_examples

            run_examples(pack.rules)
    return Ruleset(packs=packs, sha256=digest.hexdigest(), own=tuple(own))


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, SMALL_FILE_LIMIT, lambda problem: RuleError(str(path), None, problem))
    except FileNotFoundError:
        raise RuleError(str(path), None, "文件不存在") from None
    except IsADirectoryError:
        raise RuleError(str(path), None, "这是一个文件夹，请给出规则文件（.yml）") from None
    except OSError as error:
        raise RuleError(str(path), None, f"无法读取（{error.strerror or error}）") from None


def _load_yaml(text: str, source: str) -> Any:
    """The data of a rule file, its size checked (aliases expanded) before anything is built."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        check_yaml_size(node, lambda line, problem: RuleError(source, line, problem))
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def parse_pack(text: str, source: str, seen_ids: dict[str, str] | None = None) -> Pack:
    """One YAML rule file as a :class:`Pack`. A file with only ``rules:`` joins the pack ``user``."""
    seen_ids = {} if seen_ids is None else seen_ids
    try:
        data = _load_yaml(text, source)
    except RecursionError:
        raise RuleError(source, None, "不是有效的 YAML：嵌套层数过深") from None
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
