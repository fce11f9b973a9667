"""Run one rule on a document's shared context: its outcomes become findings, a crash an ``error`` finding.

This is the layer that runs rules, below both the engine (which runs a pack's rules on a document) and
the rule-pack loader (which runs the examples of a user's rule file when it loads it), so neither has
to import the other to do so. ``Rule`` is only a type here: a rule is data handed in by the loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfcheck.errors import RuleError
from perfcheck.kinds.base import Context, Outcome, make_excerpt
from perfcheck.model import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    from collections.abc import Iterable

    from perfcheck.ruleset import Rule


def run_rule(rule: Rule, context: Context, lang: str = "zh") -> list[Finding]:
    try:
        outcomes = list(rule.module.check(context, rule.params))
    except TimeoutError:
        return [
            _error(rule, context, "正则表达式运行超时（可能存在灾难性回溯），本规则已停止；请简化该规则的正则表达式")
        ]
    except MemoryError:
        raise  # the report is too large to check at all (perfcheck.limits), not a broken rule
    except Exception as error:  # a broken rule must not cost the verdicts of the others
        return [_error(rule, context, f"规则执行出错：{type(error).__name__}: {error}")]
    if not outcomes:
        outcomes = [Outcome("unresolved", "未找到本规则需要检查的内容")]
    return [_finding(rule, outcome, context, lang) for outcome in outcomes]


def _finding(rule: Rule, outcome: Outcome, context: Context, lang: str = "zh") -> Finding:
    if outcome.status == "fail":
        template = rule.message_en if lang == "en" and rule.message_en else rule.message
        try:
            message = template.format_map({**outcome.values, "detail": outcome.detail})
        except (KeyError, IndexError, ValueError):
            message = template
        if outcome.detail and "{detail}" not in template and outcome.detail not in message:
            message = f"{message}。{outcome.detail}"
    else:
        message = outcome.detail or {"pass": "通过", "not-applicable": "不适用"}.get(outcome.status, "")
    severity = outcome.severity or rule.severity
    if SEVERITY_RANK[severity] > SEVERITY_RANK[rule.severity]:
        severity = rule.severity  # a kind may lower a rule's severity, never raise it
    assumption: dict[str, str] = {}
    if outcome.assumed is not None and outcome.status == "fail":
        # An error rests only on a certain reading; an assumed one is at most a warning that says so.
        assumption = outcome.assumed.to_json()
        if severity == "error":
            severity = "warning"
        note = outcome.assumed.note()
        if note not in message:
            message = f"{message}{note}"
    return Finding(
        rule=rule.id,
        status=outcome.status,
        severity=severity,
        message=message,
        title=rule.title,
        where=outcome.where or make_excerpt(context.document, None),
        evidence=dict(outcome.evidence),
        assumption=assumption,
    )


def _error(rule: Rule, context: Context, message: str) -> Finding:
    return Finding(rule.id, "error", rule.severity, message, rule.title, make_excerpt(context.document, None))


def summarize_statuses(statuses: list[str]) -> str:
    """One status for a set of findings, the way a reviewer reads an example.

    ``error`` if the rule broke, ``fail`` if it found a fault anywhere, otherwise ``pass`` if it
    verified something, otherwise what it said (unresolved, not-applicable).
    """
    for status in ("error", "fail", "pass", "unresolved", "not-applicable"):
        if status in statuses:
            return status
    return "unresolved"


def example_status(rule: Rule, text: str) -> str:
    """The status a rule gives a small example document (rule examples and rule case files)."""
    from perfcheck.documents.plaintext import document_from_text  # examples only: a check reads no text file

    return summarize_statuses([f.status for f in run_rule(rule, Context(document_from_text(text)))])


def run_examples(rules: Iterable[Rule]) -> None:
    """Check each rule's examples; the first that does not give its expected status is a load error."""
    for rule in rules:
        for example in rule.examples:
            got = example_status(rule, example.text)
            if got != example.expect:
                raise RuleError(
                    rule.source,
                    example.line,
                    f"规则 {rule.id} 的示例应为 {example.expect}，实际为 {got}：{example.text[:40]}",
                )
